package cpu_test

import (
	"runtime"
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/backend/cpu"
	"github.com/spikeflow/spikeflow/models/cuba"
	"github.com/spikeflow/spikeflow/ops"
)

// runCUBA simulates a CUBA network and returns its raster.
func runCUBA(t *testing.T, b cpu.Backend, n, ticks int) ops.SpikeRecord {
	t.Helper()
	rec, _, err := cuba.Raster(b, cuba.Config{N: n, Seed: 2}, ticks)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// TestWorkersIdentical runs a network large enough to be split into chunks
// with 1, 2 and 3 workers and at GOMAXPROCS 1 and 2: the rasters must be
// identical.
func TestWorkersIdentical(t *testing.T) {
	const n, ticks = 12000, 1500
	want := runCUBA(t, cpu.Backend{Workers: 1}, n, ticks)
	if want.Len() == 0 {
		t.Fatal("no spikes: the comparison would be empty")
	}
	for _, w := range []int{2, 3} {
		if got := runCUBA(t, cpu.Backend{Workers: w}, n, ticks); !sameRaster(want, got) {
			t.Errorf("%d workers: raster differs from 1 worker (%d vs %d events)", w, got.Len(), want.Len())
		}
	}
	for _, procs := range []int{1, 2} {
		old := runtime.GOMAXPROCS(procs)
		got := runCUBA(t, cpu.Backend{}, n, ticks)
		runtime.GOMAXPROCS(old)
		if !sameRaster(want, got) {
			t.Errorf("GOMAXPROCS=%d: raster differs (%d vs %d events)", procs, got.Len(), want.Len())
		}
	}
}

func sameRaster(a, b ops.SpikeRecord) bool {
	if a.Len() != b.Len() {
		return false
	}
	for k := range a.Tick {
		if a.Tick[k] != b.Tick[k] || a.Index[k] != b.Index[k] {
			return false
		}
	}
	return true
}

// TestZeroAllocsPerTick: once compiled, a tick of CUBA (LIF, two sparse
// projections with delays, a spike counter), large enough to run chunks on
// several workers, allocates nothing.
func TestZeroAllocsPerTick(t *testing.T) {
	for _, n := range []int{4000, 20000} {
		net, err := cuba.Build(cuba.Config{N: n, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		p, err := cpu.Backend{Workers: 2}.Compile(net.Graph)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Run(100); err != nil { // past start-up
			t.Fatal(err)
		}
		if allocs := testing.AllocsPerRun(200, func() { _ = p.Run(1) }); allocs != 0 {
			t.Errorf("N=%d: %v allocations per tick, want 0", n, allocs)
		}
		p.Close()
	}
}

// TestCloseStopsWorkers: helpers exit after Close, so programs can be
// compiled and dropped without leaking goroutines.
func TestCloseStopsWorkers(t *testing.T) {
	before := runtime.NumGoroutine()
	for range 20 {
		net, err := cuba.Build(cuba.Config{N: 5000, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		p, err := cpu.Backend{Workers: 4}.Compile(net.Graph)
		if err != nil {
			t.Fatal(err)
		}
		_ = p.Run(3)
		p.Close()
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if g := runtime.NumGoroutine(); g > before {
		t.Errorf("%d goroutines after closing every program, %d before", g, before)
	}
}
