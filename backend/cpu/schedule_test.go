package cpu

import (
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

// The schedule the cluster tests rely on is the one taken: a delay-0 edge
// joins clusters into one unit, a delayed edge across clusters makes two,
// linked by the synapse's delay, and a single cluster keeps the plain
// per-tick loop.
func TestScheduleUnits(t *testing.T) {
	g := graph.New(graph.Config{Dt: time.Millisecond, Seed: 1})
	fast := g.NewCluster("fast", graph.Clock{Period: 2})
	slow := g.NewCluster("slow", graph.Clock{Period: 5, Phase: 2})
	in := g.Add("in", &ops.Input{N: 3, Spikes: true})
	g.Add("count", &ops.SpikeCount{}, graph.In("spikes", in.Out("out")), graph.InCluster(fast)) // joins fast to default
	syn := g.Add("syn", &ops.Dense{Pre: 3, Post: 3, W: make([]float32, 9), Delay: 3}, graph.In("pre", in.Out("out")), graph.InCluster(slow))
	g.Add("mon", &ops.StateMonitor{Index: []int32{0}}, graph.In("x", syn.Out("post")), graph.InCluster(slow))
	prog, err := Backend{}.Compile(g)
	if err != nil {
		t.Fatal(err)
	}
	defer prog.Close()
	p := prog.(*program)
	if len(p.units) != 2 || len(p.units[0].nodes) != 2 || len(p.units[1].nodes) != 2 {
		t.Fatalf("units %+v, want {in, count} and {syn, mon}", p.units)
	}
	u := p.units[1]
	if len(u.lagged) != 1 || u.lagged[0].lag != 3 || len(u.after) != 1 || u.after[0].n != 3 || u.after[0].u != p.units[0] {
		t.Errorf("slow unit: lagged %+v, after %+v; want syn absorbed 3 ticks late, after the default unit", u.lagged, u.after)
	}
	if a := p.units[0].ahead; len(a) != 1 || a[0].u != u || a[0].n < 2 {
		t.Errorf("default unit: ahead %+v, want the slow unit with some slack", a)
	}
	// in.out is kept for a window of 5 ticks read 3 late, plus the slack.
	h := p.units[0].nodes[0].hist
	if len(h) != 1 || len(h[0].slots) < 5+3-1+2 {
		t.Errorf("in's history %+v, want one of >= 9 slots", h)
	}

	single := graph.New(graph.Config{Dt: time.Millisecond, Seed: 1})
	single.Add("in", &ops.Input{N: 3, Spikes: true})
	prog2, err := Backend{}.Compile(single)
	if err != nil {
		t.Fatal(err)
	}
	defer prog2.Close()
	if p2 := prog2.(*program); p2.units != nil || len(p2.steps) != 1 {
		t.Errorf("a single cluster is scheduled: units %v, steps %d", p2.units, len(p2.steps))
	}
}
