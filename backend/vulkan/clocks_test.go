//go:build cgo

package vulkan

import (
	"slices"
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/graph"
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

var _ backend.Program = (*program)(nil)
