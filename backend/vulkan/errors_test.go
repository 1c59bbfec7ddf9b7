//go:build cgo

package vulkan

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

func available(t *testing.T) Backend {
	t.Helper()
	b := Backend{Device: -1}
	if err := b.Capabilities().Available; err != nil {
		skipOrFail(t, err)
	}
	return b
}

func inputGraph(n int) *graph.Graph {
	g := graph.New(graph.Config{Dt: 100 * time.Microsecond, Seed: 1})
	in := g.Add("big", &ops.Input{N: n})
	g.Add("count", &ops.SpikeCount{}, graph.In("spikes", in.Out("out")))
	return g
}

func TestNoSuchDevice(t *testing.T) {
	available(t)
	b := Backend{Device: 99}
	if b.Capabilities().Available == nil {
		t.Fatal("device #99 reported available")
	}
	_, err := b.Compile(inputGraph(4))
	if !errors.Is(err, backend.ErrUnavailable) || !strings.Contains(err.Error(), "no Vulkan device #99") ||
		!strings.Contains(err.Error(), "#0 ") {
		t.Fatalf("err = %v; want ErrUnavailable naming device #99 and listing the devices", err)
	}
}

// TestBufferTooLarge: a value larger than a kernel may bind is refused at
// compile time with the node's name, before anything is allocated.
func TestBufferTooLarge(t *testing.T) {
	b := available(t)
	dev, err := b.device()
	if err != nil {
		t.Fatal(err)
	}
	n := int(dev.Info().MaxStorageBufferRange/4) + 1
	_, err = b.Compile(inputGraph(n))
	if !errors.Is(err, errTooLarge) || !strings.Contains(err.Error(), `big (Input)`) || !strings.Contains(err.Error(), "-backend=cpu") {
		t.Fatalf("err = %v; want errTooLarge naming node big and the way out", err)
	}
}

func TestClosedProgram(t *testing.T) {
	b := available(t)
	p, err := b.Compile(inputGraph(3))
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Run(2); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if err := p.Run(1); !errors.Is(err, errClosed) {
		t.Errorf("Run after Close: %v, want errClosed", err)
	}
	if err := p.Read("count.count", make([]float32, 3)); !errors.Is(err, errClosed) {
		t.Errorf("Read after Close: %v, want errClosed", err)
	}
	if err := p.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// TestBatchesMatchTicks: one Run of many ticks (several batches, the last
// one short) gives what as many Runs of one tick give.
func TestBatchesMatchTicks(t *testing.T) {
	b := available(t)
	build := func() *graph.Graph {
		g := graph.New(graph.Config{Dt: 100 * time.Microsecond, Seed: 5})
		src := g.Add("src", &ops.Poisson{N: 70, Rate: []float64{900}})
		g.Add("mon", &ops.SpikeMonitor{}, graph.In("spikes", src.Out("spikes")))
		g.Add("trace", &ops.StateMonitor{Index: []int32{3, 69}, Every: 7}, graph.In("x", src.Out("spikes")))
		return g
	}
	const ticks = 2*maxBatch + 37
	long, err := b.Compile(build())
	if err != nil {
		t.Fatal(err)
	}
	defer long.Close()
	short, err := b.Compile(build())
	if err != nil {
		t.Fatal(err)
	}
	defer short.Close()
	if err := long.Run(ticks); err != nil {
		t.Fatal(err)
	}
	for range ticks / 100 {
		if err := short.Run(100); err != nil {
			t.Fatal(err)
		}
	}
	if err := short.Run(ticks % 100); err != nil {
		t.Fatal(err)
	}
	a, _ := long.Spikes("mon")
	c, _ := short.Spikes("mon")
	if a.Len() == 0 || a.Len() != c.Len() {
		t.Fatalf("%d and %d spikes", a.Len(), c.Len())
	}
	for i := range a.Tick {
		if a.Tick[i] != c.Tick[i] || a.Index[i] != c.Index[i] {
			t.Fatalf("event %d: (%d, %d) vs (%d, %d)", i, a.Tick[i], a.Index[i], c.Tick[i], c.Index[i])
		}
	}
	ta, _ := long.Trace("trace")
	tc, _ := short.Trace("trace")
	if len(ta.Tick) != (ticks+6)/7 || len(ta.Tick) != len(tc.Tick) || ta.Tick[len(ta.Tick)-1] != tc.Tick[len(tc.Tick)-1] {
		t.Fatalf("traces recorded %d and %d ticks, want %d", len(ta.Tick), len(tc.Tick), (ticks+6)/7)
	}
}
