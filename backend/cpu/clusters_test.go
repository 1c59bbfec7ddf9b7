package cpu_test

import (
	"fmt"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/backend/cpu"
	"github.com/spikeflow/spikeflow/backend/ref"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/layers"
	"github.com/spikeflow/spikeflow/models/cuba"
	"github.com/spikeflow/spikeflow/ops"
	"github.com/spikeflow/spikeflow/rng"
)

// twoClusters is two CUBA-like groups of n neurons, each on a cluster of
// its own (clocks a and b), each exciting itself (delay 1) and inhibiting
// the other (delay inhDelay): no delay-0 edge joins the clusters, so they
// run as two units.
func twoClusters(n int, a, b graph.Clock, inhDelay int, monitors bool) (*graph.Graph, error) {
	g := graph.New(graph.Config{Dt: 100 * time.Microsecond, Seed: 3})
	nExc := n * 4 / 5
	p := 80 / float64(n)
	var groups [2]*graph.Node
	var clusters [2]*graph.Cluster
	for k, clk := range []graph.Clock{a, b} {
		clusters[k] = g.NewCluster(fmt.Sprintf("c%d", k), clk)
		key, stream := rng.NewKey(uint64(k)), rng.Stream("v0")
		v0 := make([]float32, n)
		for i := range v0 {
			v0[i] = float32(cuba.VReset + float64(key.Float32(stream, 0, uint32(i)))*(cuba.VThreshold-cuba.VReset))
		}
		groups[k] = g.Add(fmt.Sprintf("g%d", k), &ops.LIF{N: n, TauM: 20 * time.Millisecond, TauE: 5 * time.Millisecond,
			TauI: 10 * time.Millisecond, VRest: cuba.VRest, VThreshold: cuba.VThreshold, VReset: cuba.VReset,
			Refractory: 5 * time.Millisecond, V0: v0}, graph.InCluster(clusters[k]))
		if monitors {
			g.Add(fmt.Sprintf("mon%d", k), &ops.SpikeMonitor{}, graph.In("spikes", groups[k].Out("spikes")), graph.InCluster(clusters[k]))
		}
	}
	for k := range 2 {
		ce, err := layers.FixedProbability{Pre: n, Post: n, To: nExc, P: p, Weight: cuba.WExc, Seed: uint64(k), Name: "exc"}.Build()
		if err != nil {
			return nil, err
		}
		ci, err := layers.FixedProbability{Pre: n, Post: n, From: nExc, To: n, P: p, Weight: cuba.WInh, Seed: uint64(k), Name: "inh"}.Build()
		if err != nil {
			return nil, err
		}
		exc := g.Add(fmt.Sprintf("exc%d", k), &ops.Sparse{CSR: ce, Delay: 1}, graph.In("pre", groups[k].Out("spikes")), graph.InCluster(clusters[k]))
		inh := g.Add(fmt.Sprintf("inh%d", k), &ops.Sparse{CSR: ci, Delay: inhDelay}, graph.In("pre", groups[1-k].Out("spikes")), graph.InCluster(clusters[k]))
		g.Connect(exc.Out("post"), groups[k].In("exc"))
		g.Connect(inh.Out("post"), groups[k].In("inh"))
	}
	return g, g.Validate()
}

func rasters(t *testing.T, b backend.Backend, g *graph.Graph, ticks int, runs ...int) [2]ops.SpikeRecord {
	t.Helper()
	p, err := b.Compile(g)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	for _, n := range runs {
		if err := p.Run(n); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Run(ticks); err != nil {
		t.Fatal(err)
	}
	var out [2]ops.SpikeRecord
	for k := range out {
		if out[k], err = p.Spikes(fmt.Sprintf("mon%d", k)); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// Two clusters on goroutines of their own give the reference's rasters at
// GOMAXPROCS 1 and 2, whether run in one call or in pieces.
func TestClustersIdentical(t *testing.T) {
	n, ticks := 1000, 1200
	if testing.Short() {
		n, ticks = 400, 300
	}
	for _, c := range []struct {
		a, b  graph.Clock
		delay int
	}{
		{graph.Clock{Period: 1}, graph.Clock{Period: 1}, 1},
		{graph.Clock{Period: 1}, graph.Clock{Period: 1}, 7},
		{graph.Clock{Period: 2, Phase: 1}, graph.Clock{Period: 3}, 2},
	} {
		t.Run(fmt.Sprintf("P=%d,%d/delay=%d", c.a.Period, c.b.Period, c.delay), func(t *testing.T) {
			g, err := twoClusters(n, c.a, c.b, c.delay, true)
			if err != nil {
				t.Fatal(err)
			}
			want := rasters(t, ref.Backend{}, g, ticks)
			if want[0].Len() == 0 || want[1].Len() == 0 {
				t.Fatalf("%d and %d spikes: the comparison would be empty", want[0].Len(), want[1].Len())
			}
			for _, procs := range []int{1, 2} {
				old := runtime.GOMAXPROCS(procs)
				got := rasters(t, cpu.Backend{}, g, ticks)
				pieces := rasters(t, cpu.Backend{}, g, ticks-100, 1, 3, 96)
				runtime.GOMAXPROCS(old)
				for k := range 2 {
					if !sameRaster(want[k], got[k]) || !sameRaster(want[k], pieces[k]) {
						t.Errorf("GOMAXPROCS=%d: cluster %d's raster differs from the reference (%d, %d in pieces, vs %d events)",
							procs, k, got[k].Len(), pieces[k].Len(), want[k].Len())
					}
				}
			}
		})
	}
}

// A spike sent on every tick of a fast cluster (P=1) to a slow one (P=5,
// phase 2) through a synapse with delay 3, running as another unit, is
// received exactly once: the step at t receives the spikes of ticks
// (t-8, t-3], five of them once the run is under way.
func TestClusterBuffer(t *testing.T) {
	const ticks = 1003
	for _, procs := range []int{1, 2} {
		g := graph.New(graph.Config{Dt: time.Millisecond, Seed: 1})
		slow := g.NewCluster("slow", graph.Clock{Period: 5, Phase: 2})
		in := g.Add("in", &ops.Input{N: 1, Spikes: true, Value: []float32{1}})
		g.Add("sent", &ops.SpikeCount{}, graph.In("spikes", in.Out("out")))
		syn := g.Add("syn", &ops.Dense{Pre: 1, Post: 1, W: []float32{1}, Delay: 3}, graph.In("pre", in.Out("out")), graph.InCluster(slow))
		g.Add("received", &ops.StateMonitor{Index: []int32{0}}, graph.In("x", syn.Out("post")), graph.InCluster(slow))
		old := runtime.GOMAXPROCS(procs)
		p, err := cpu.Backend{}.Compile(g)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{1, 2, 500, ticks - 503} {
			if err := p.Run(n); err != nil {
				t.Fatal(err)
			}
		}
		runtime.GOMAXPROCS(old)
		tr, err := p.Trace("received")
		if err != nil {
			t.Fatal(err)
		}
		sent := []float32{0}
		if err := p.Read("sent.count", sent); err != nil {
			t.Fatal(err)
		}
		p.Close()
		var wantTicks []uint64
		var want []float32
		for s := uint64(2); s < ticks; s += 5 {
			wantTicks = append(wantTicks, s)
			// Ticks (s-8, s-3] that are >= 0.
			want = append(want, float32(max(0, int64(s)-2)-max(0, int64(s)-7)))
		}
		if !slices.Equal(tr.Tick, wantTicks) || !slices.Equal(tr.Values, want) {
			t.Errorf("GOMAXPROCS=%d: received %v at ticks %v, want %v at %v", procs, tr.Values, tr.Tick, want, wantTicks)
		}
		var received float32
		for _, x := range tr.Values {
			received += x
		}
		// Everything sent up to tick last-3 has arrived, the rest is in
		// flight.
		last := wantTicks[len(wantTicks)-1]
		if sent[0] != ticks || received != float32(last-3+1) {
			t.Errorf("GOMAXPROCS=%d: sent %v, received %v; want %d and the %d sent by tick %d", procs, sent[0], received, ticks, last-2, last-3)
		}
	}
}

// BenchmarkClusters runs two equally loaded CUBA-like clusters of 4000 or
// 12000 neurons (below the size at which a group is split over the worker
// pool) that inhibit each other with a delay of 2 or 20 ticks, at
// GOMAXPROCS 1 and 2; it reports ticks per second. The delay is how far a
// unit may run ahead of the other (conservative synchronization), and the
// size how long a tick takes (about 5 and 20 us per cluster here), so the
// speed-up grows with both. It records no spikes: a monitor's growing
// record makes garbage, and the collector's mark worker takes one of the
// two cores while it runs.
//
//	go test ./backend/cpu -run '^$' -bench Clusters
func BenchmarkClusters(b *testing.B) {
	const ticks = 200
	for _, n := range []int{4000, 12000} {
		for _, delay := range []int{2, 20} {
			g, err := twoClusters(n, graph.Clock{Period: 1}, graph.Clock{Period: 1}, delay, false)
			if err != nil {
				b.Fatal(err)
			}
			for _, procs := range []int{1, 2} {
				b.Run(fmt.Sprintf("N=%d/delay=%d/GOMAXPROCS=%d", n, delay, procs), func(b *testing.B) {
					defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
					p, err := cpu.Backend{}.Compile(g)
					if err != nil {
						b.Fatal(err)
					}
					defer p.Close()
					if err := p.Run(100); err != nil {
						b.Fatal(err)
					}
					for b.Loop() {
						_ = p.Run(ticks)
					}
					b.ReportMetric(float64(ticks*b.N)/b.Elapsed().Seconds(), "ticks/s")
				})
			}
		}
	}
}
