//go:build cgo

package vulkan

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/conformance"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/layers"
	"github.com/spikeflow/spikeflow/ops"
)

// clockGraph crosses clusters both ways: spikes on every tick of the
// default cluster reach a cluster of period 4 (phase 1), which sums the 4
// ticks since its previous step; spikes and a held value of a cluster of
// period 3 (phase 2) reach the default cluster, which reads zeros and the
// held value on the slow cluster's idle ticks.
func clockGraph() *graph.Graph {
	g := graph.New(graph.Config{Dt: time.Millisecond, Seed: 1})
	slow := g.NewCluster("slow", graph.Clock{Period: 4, Phase: 1})
	third := g.NewCluster("third", graph.Clock{Period: 3, Phase: 2})
	fast := g.Add("fast", &ops.Input{N: 2, Spikes: true, Value: []float32{1, 0}}).Out("out")
	syn := g.Add("syn", &ops.Dense{Pre: 2, Post: 1, W: []float32{0.5, 1}, Delay: 1}, graph.In("pre", fast), graph.InCluster(slow))
	g.Add("syn_trace", &ops.StateMonitor{Index: []int32{0}}, graph.In("x", syn.Out("post")))
	g.Add("count", &ops.SpikeCount{}, graph.In("spikes", fast), graph.InCluster(slow))
	g.Add("slow_spikes", &ops.SpikeMonitor{}, graph.In("spikes", fast), graph.InCluster(slow))
	burst := g.Add("burst", &ops.Input{N: 1, Spikes: true, Value: []float32{1}}, graph.InCluster(third)).Out("out")
	level := g.Add("level", &ops.Input{N: 1, Value: []float32{5}}, graph.InCluster(third)).Out("out")
	back := g.Add("back", &ops.Dense{Pre: 1, Post: 1, W: []float32{2}, Delay: 1}, graph.In("pre", burst))
	g.Add("back_trace", &ops.StateMonitor{Index: []int32{0}}, graph.In("x", back.Out("post")))
	g.Add("level_trace", &ops.StateMonitor{Index: []int32{0}}, graph.In("x", level))
	return g
}

func TestClocksHandComputed(t *testing.T) {
	b := Backend{Device: -1}
	if err := b.Capabilities().Available; err != nil {
		skipOrFail(t, err)
	}
	const ticks = 40
	p, err := b.Compile(clockGraph())
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if err := p.Run(ticks); err != nil {
		t.Fatal(err)
	}
	var wantSyn, wantBack, wantLevel []float32
	var wantSlow []uint64
	held := float32(0)
	for tick := range ticks {
		if tick%4 == 1 { // sums ticks tick-4 .. tick-1 of 0.5 each, from 0
			held = 0.5 * float32(min(tick, 4))
			wantSlow = append(wantSlow, uint64(tick))
		}
		wantSyn = append(wantSyn, held)
		back := float32(0)
		if tick >= 1 && (tick-1)%3 == 2 {
			back = 2
		}
		wantBack = append(wantBack, back)
		level := float32(0)
		if tick >= 2 {
			level = 5
		}
		wantLevel = append(wantLevel, level)
	}
	for _, c := range []struct {
		name string
		want []float32
	}{{"syn_trace", wantSyn}, {"back_trace", wantBack}, {"level_trace", wantLevel}} {
		tr, err := p.Trace(c.name)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(tr.Values, c.want) {
			t.Errorf("%s:\n got %v\nwant %v", c.name, tr.Values, c.want)
		}
	}
	sp, err := p.Spikes("slow_spikes")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sp.Tick, wantSlow) || slices.ContainsFunc(sp.Index, func(i int32) bool { return i != 0 }) {
		t.Errorf("slow_spikes: ticks %v indices %v, want ticks %v of neuron 0", sp.Tick, sp.Index, wantSlow)
	}
	count := make([]float32, 2)
	if err := p.Read("count.count", count); err != nil {
		t.Fatal(err)
	}
	if want := []float32{float32(len(wantSlow)), 0}; !slices.Equal(count, want) {
		t.Errorf("count = %v, want %v", count, want)
	}
	// Tick 39 is idle for both slow clusters: burst's spikes read as zero,
	// syn's and level's outputs hold.
	for name, want := range map[string]float32{"burst.out": 0, "level.out": 5, "syn.post": 2} {
		got := make([]float32, 1)
		if err := p.Read(name, got); err != nil {
			t.Fatal(err)
		}
		if got[0] != want {
			t.Errorf("Read(%s) after tick 39 = %v, want %v", name, got[0], want)
		}
	}
}

// TestClocksBatchPhases runs the same ticks in batches of different
// lengths, each starting at another phase of the hyperperiod (12 ticks),
// and wants the same records.
func TestClocksBatchPhases(t *testing.T) {
	b := Backend{Device: -1}
	if err := b.Capabilities().Available; err != nil {
		skipOrFail(t, err)
	}
	const ticks = 61
	run := func(chunks ...int) (map[string]ops.TraceRecord, ops.SpikeRecord) {
		t.Helper()
		p, err := b.Compile(clockGraph())
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		for done := 0; done < ticks; {
			k := min(chunks[0], ticks-done)
			chunks = append(chunks[1:], chunks[0])
			if err := p.Run(k); err != nil {
				t.Fatal(err)
			}
			done += k
		}
		traces := map[string]ops.TraceRecord{}
		for _, name := range []string{"syn_trace", "back_trace", "level_trace"} {
			if traces[name], err = p.Trace(name); err != nil {
				t.Fatal(err)
			}
		}
		sp, err := p.Spikes("slow_spikes")
		if err != nil {
			t.Fatal(err)
		}
		return traces, sp
	}
	wantTr, wantSp := run(ticks)
	for _, chunks := range [][]int{{1}, {5, 7}, {12}, {13, 2}} {
		tr, sp := run(chunks...)
		for name, w := range wantTr {
			if !slices.Equal(tr[name].Tick, w.Tick) || !slices.Equal(tr[name].Values, w.Values) {
				t.Errorf("batches %v: %s differs from one batch:\n got %v\nwant %v", chunks, name, tr[name].Values, w.Values)
			}
		}
		if !slices.Equal(sp.Tick, wantSp.Tick) || !slices.Equal(sp.Index, wantSp.Index) {
			t.Errorf("batches %v: spikes %v, want %v", chunks, sp, wantSp)
		}
	}
}

// TestClocksHugeHyperperiod: three prime periods near 2^22 have a least
// common multiple beyond 2^64 (the plan's Hyperperiod 0); batches are then
// recorded for their first tick, and each cluster still fires on its own
// phase.
func TestClocksHugeHyperperiod(t *testing.T) {
	b := Backend{Device: -1}
	if err := b.Capabilities().Available; err != nil {
		skipOrFail(t, err)
	}
	g := graph.New(graph.Config{Dt: time.Microsecond, Seed: 1})
	for i, period := range []int{4194301, 4194287, 4194277} {
		c := g.NewCluster(fmt.Sprint("c", i), graph.Clock{Period: period, Phase: 2*i + 1})
		in := g.Add(fmt.Sprint("in", i), &ops.Input{N: 1, Spikes: true, Value: []float32{1}}, graph.InCluster(c))
		g.Add(fmt.Sprint("mon", i), &ops.SpikeMonitor{}, graph.In("spikes", in.Out("out")))
	}
	p, err := b.Compile(g)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if h := p.(*program).plan.Hyperperiod; h != 0 {
		t.Fatalf("hyperperiod %d, want 0 (overflow)", h)
	}
	for _, k := range []int{1, 2, 1, 3, 5} {
		if err := p.Run(k); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 3 {
		sp, err := p.Spikes(fmt.Sprint("mon", i))
		if err != nil {
			t.Fatal(err)
		}
		if want := []uint64{uint64(2*i + 1)}; !slices.Equal(sp.Tick, want) {
			t.Errorf("mon%d: spikes at ticks %v, want %v", i, sp.Tick, want)
		}
	}
}

// TestClocksNetwork checks a network of three clusters (periods 1, 3 and
// 2) against the reference, tick by tick: spikes summed over windows
// through gathered and counted Sparse projections, a same-cluster
// projection whose window holds one step (read directly, counted), Dense
// both ways between the slow clusters, monitors in other clusters.
func TestClocksNetwork(t *testing.T) {
	b := Backend{Device: -1}
	if err := b.Capabilities().Available; err != nil {
		skipOrFail(t, err)
	}
	lif := func(n int) *ops.LIF {
		return &ops.LIF{N: n, TauM: 20 * time.Millisecond, TauE: 5 * time.Millisecond, TauI: 10 * time.Millisecond,
			VRest: -49, VThreshold: -50, VReset: -60, Refractory: 2 * time.Millisecond}
	}
	conn := func(pre, post int, seed uint64, shared bool) ops.CSR {
		m, err := layers.FixedProbability{Pre: pre, Post: post, P: 0.2, Weight: 1.5, Seed: seed, Name: "clocks"}.Build()
		if err != nil {
			t.Fatal(err)
		}
		if !shared {
			for k := range m.Weight {
				m.Weight[k] = float32(k%7) * 0.25
			}
		}
		return m
	}
	dense := func(pre, post int, w float32) *ops.Dense {
		ws := make([]float32, pre*post)
		for k := range ws {
			ws[k] = w * float32(k%5) / 4
		}
		return &ops.Dense{Pre: pre, Post: post, W: ws, Delay: 2}
	}
	c := conformance.Case{
		Name:  "clocks/network",
		Ticks: 120,
		Build: func() (*graph.Graph, error) {
			g := graph.New(graph.Config{Dt: 100 * time.Microsecond, Seed: 7})
			a := g.NewCluster("a", graph.Clock{Period: 3, Phase: 1})
			bc := g.NewCluster("b", graph.Clock{Period: 2, Phase: 0})
			noise := g.Add("noise", &ops.Poisson{N: 50, Rate: []float64{900}}).Out("spikes")
			in := g.Add("in", &ops.Sparse{CSR: conn(50, 40, 1, false), Delay: 1}, graph.In("pre", noise), graph.InCluster(a))
			in2 := g.Add("in2", &ops.Sparse{CSR: conn(50, 20, 2, true), Delay: 1}, graph.In("pre", noise), graph.InCluster(bc))
			exc := g.Add("exc", lif(40), graph.In("exc", in.Out("post")), graph.InCluster(a))
			rec := g.Add("rec", &ops.Sparse{CSR: conn(40, 40, 3, true), Delay: 3}, graph.In("pre", exc.Out("spikes")), graph.InCluster(a))
			held := g.Add("held", &ops.Dense{Pre: 40, Post: 20, W: dense(40, 20, 0.1).W, Delay: 1},
				graph.In("pre", rec.Out("post")), graph.InCluster(bc))
			e2i := g.Add("e2i", dense(40, 20, 2), graph.In("pre", exc.Out("spikes")), graph.InCluster(bc))
			g.Add("held_v", &ops.StateMonitor{Index: []int32{0, 19}}, graph.In("x", held.Out("post")))
			mix := g.Add("mix", &ops.Dense{Pre: 20, Post: 20, W: dense(20, 20, 1).W, Delay: 1}, graph.In("pre", in2.Out("post")), graph.InCluster(bc))
			inh := g.Add("inh", lif(20), graph.In("exc", e2i.Out("post")), graph.In("inh", mix.Out("post")), graph.InCluster(bc))
			i2e := g.Add("i2e", dense(20, 40, 3), graph.In("pre", inh.Out("spikes")), graph.InCluster(a))
			g.Add("exc_in", &ops.SpikeCount{}, graph.In("spikes", i2e.Out("post")), graph.InCluster(a))
			g.Add("exc_spikes", &ops.SpikeMonitor{}, graph.In("spikes", exc.Out("spikes")))
			g.Add("inh_spikes", &ops.SpikeMonitor{}, graph.In("spikes", inh.Out("spikes")), graph.InCluster(a))
			g.Add("exc_v", &ops.StateMonitor{Index: []int32{0, 5, 39}, Every: 2}, graph.In("x", exc.Out("v")))
			g.Add("inh_count", &ops.SpikeCount{}, graph.In("spikes", inh.Out("spikes")))
			return g, g.Validate()
		},
		Check: func(p backend.Program) error {
			sp, err := p.Spikes("exc_spikes")
			if err != nil {
				return err
			}
			inh, err := p.Spikes("inh_spikes")
			if err != nil {
				return err
			}
			if len(sp.Tick) == 0 || len(inh.Tick) == 0 {
				return fmt.Errorf("exc spiked %d times, inh was seen %d times: the case tests too little", len(sp.Tick), len(inh.Tick))
			}
			for _, tick := range sp.Tick {
				if tick%3 != 1 {
					return fmt.Errorf("exc spiked at tick %d, where its clock (3, 1) does not fire", tick)
				}
			}
			return nil
		},
	}
	if err := conformance.RunCase(c, b); err != nil {
		t.Fatal(err)
	}
}

var _ backend.Program = (*program)(nil)
