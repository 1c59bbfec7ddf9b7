package ref_test

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/backend/ref"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

func compile(t *testing.T, g *graph.Graph) backend.Program {
	t.Helper()
	p, err := ref.Backend{}.Compile(g)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func read(t *testing.T, p backend.Program, name string, n int) []float32 {
	t.Helper()
	dst := make([]float32, n)
	if err := p.Read(name, dst); err != nil {
		t.Fatal(err)
	}
	return dst
}

// A spike sent on every tick of a fast cluster reaches a slow one (P=4,
// phase 1) through a delay-1 synapse: each step sums the spikes of the
// four ticks since the last, so every spike arrives exactly once.
func TestClockWindowSum(t *testing.T) {
	g := graph.New(graph.Config{Dt: time.Millisecond, Seed: 1})
	slow := g.NewCluster("slow", graph.Clock{Period: 4, Phase: 1})
	in := g.Add("in", &ops.Input{N: 2, Spikes: true, Value: []float32{1, 0}})
	syn := g.Add("syn", &ops.Dense{Pre: 2, Post: 2, W: []float32{1, 0, 0, 1}, Delay: 1},
		graph.In("pre", in.Out("out")), graph.InCluster(slow))
	g.Add("mon", &ops.StateMonitor{Index: []int32{0, 1}}, graph.In("x", syn.Out("post")), graph.InCluster(slow))
	g.Add("count", &ops.SpikeCount{}, graph.In("spikes", in.Out("out")), graph.InCluster(slow))
	p := compile(t, g)
	if err := p.Run(12); err != nil {
		t.Fatal(err)
	}
	tr, err := p.Trace("mon")
	if err != nil {
		t.Fatal(err)
	}
	// Steps at 1, 5, 9 read the input at ticks [-3, 0], [1, 4], [5, 8].
	if want := []uint64{1, 5, 9}; !slices.Equal(tr.Tick, want) {
		t.Fatalf("recorded at ticks %v, want %v", tr.Tick, want)
	}
	if want := []float32{1, 0, 4, 0, 4, 0}; !slices.Equal(tr.Values, want) {
		t.Errorf("received %v, want %v", tr.Values, want)
	}
	// The synapse's output holds between its steps: at tick 11 it is the
	// value of tick 9.
	if got := read(t, p, "syn.post", 2); !slices.Equal(got, []float32{4, 0}) {
		t.Errorf("syn.post after tick 11 = %v, want the held [4 0]", got)
	}
	// SpikeCount counts steps whose window holds a spike: 1, 5 and 9.
	if got := read(t, p, "count.count", 2); !slices.Equal(got, []float32{3, 0}) {
		t.Errorf("count = %v, want [3 0]", got)
	}
}

// A monitor on a slow clock (P=4, phase 1) of spikes written on a fast one
// records each spike once, at the first step that sees it.
func TestClockMonitorWindow(t *testing.T) {
	const n = 16
	g := graph.New(graph.Config{Dt: time.Millisecond, Seed: 1})
	slow := g.NewCluster("slow", graph.Clock{Period: 4, Phase: 1})
	in := g.Add("in", &ops.Input{N: n, Spikes: true})
	g.Add("mon", &ops.SpikeMonitor{}, graph.In("spikes", in.Out("out")), graph.InCluster(slow))
	p := compile(t, g)
	for u := range n {
		x := make([]float32, n)
		x[u] = 1
		if err := p.Write("in", x); err != nil {
			t.Fatal(err)
		}
		if err := p.Run(1); err != nil {
			t.Fatal(err)
		}
	}
	rec, err := p.Spikes("mon")
	if err != nil {
		t.Fatal(err)
	}
	// Neuron u spikes at tick u; steps at 1, 5, 9, 13 see ticks (t-4, t].
	ticks := []uint64{1, 1, 5, 5, 5, 5, 9, 9, 9, 9, 13, 13, 13, 13}
	var idx []int32
	for u := range int32(14) {
		idx = append(idx, u)
	}
	if !slices.Equal(rec.Tick, ticks) || !slices.Equal(rec.Index, idx) {
		t.Errorf("recorded ticks %v indices %v, want %v %v", rec.Tick, rec.Index, ticks, idx)
	}
}

// A LIF group on a clock of period 3 decays by exp(-3dt/tau_m) per step,
// holds v between steps, and its spikes read as zeros on idle ticks.
func TestClockLIF(t *testing.T) {
	g := graph.New(graph.Config{Dt: time.Millisecond, Seed: 1})
	c := g.NewCluster("c", graph.Clock{Period: 3})
	g.Add("lif", &ops.LIF{N: 2, TauM: 10 * time.Millisecond, TauE: 5 * time.Millisecond, TauI: 5 * time.Millisecond,
		VRest: -65, VThreshold: -40, VReset: -70, V0: []float32{-30, -50}}, graph.InCluster(c))
	p := compile(t, g)
	decay := float32(math.Exp(-0.3)) // 3 ms over tau_m = 10 ms
	step := func(v float32) float32 { return -65 + float32((v+65)*decay) }

	if err := p.Run(1); err != nil { // tick 0: a step
		t.Fatal(err)
	}
	// Neuron 0: -65 + 35 e^-0.3 = -39.07 > -40, spikes and resets.
	v1 := step(-50)
	if got := read(t, p, "lif.spikes", 2); !slices.Equal(got, []float32{1, 0}) {
		t.Errorf("spikes at tick 0 = %v, want [1 0]", got)
	}
	if got := read(t, p, "lif.v", 2); !slices.Equal(got, []float32{-70, v1}) {
		t.Errorf("v at tick 0 = %v, want [-70 %v]", got, v1)
	}
	for tick := 1; tick <= 2; tick++ { // idle
		if err := p.Run(1); err != nil {
			t.Fatal(err)
		}
		if got := read(t, p, "lif.spikes", 2); !slices.Equal(got, []float32{0, 0}) {
			t.Errorf("spikes at idle tick %d = %v, want zeros", tick, got)
		}
		if got := read(t, p, "lif.v", 2); !slices.Equal(got, []float32{-70, v1}) {
			t.Errorf("v at idle tick %d = %v, want the held [-70 %v]", tick, got, v1)
		}
	}
	if err := p.Run(1); err != nil { // tick 3: the second step
		t.Fatal(err)
	}
	if got, want := read(t, p, "lif.v", 2), []float32{step(-70), step(v1)}; !slices.Equal(got, want) {
		t.Errorf("v at tick 3 = %v, want %v", got, want)
	}
	if got := read(t, p, "lif.v", 2)[1]; math.Abs(float64(got)-(-65+15*math.Exp(-0.6))) > 1e-4 {
		t.Errorf("v[1] after two steps = %v, want -65 + 15 e^-0.6 = %v", got, -65+15*math.Exp(-0.6))
	}
}

// A value held by a slow producer is read as held by a fast consumer
// (zero-order hold), and the plan describes the schedule.
func TestClockPlan(t *testing.T) {
	g := graph.New(graph.Config{Dt: time.Millisecond, Seed: 1})
	a := g.NewCluster("a", graph.Clock{Period: 4, Phase: 2})
	b := g.NewCluster("b", graph.Clock{Period: 6, Phase: 5})
	in := g.Add("in", &ops.Input{N: 1, Spikes: true, Value: []float32{1}}, graph.InCluster(a))
	syn := g.Add("syn", &ops.Dense{Pre: 1, Post: 1, W: []float32{2}, Delay: 3}, graph.In("pre", in.Out("out")), graph.InCluster(b))
	g.Add("mon", &ops.StateMonitor{Index: []int32{0}}, graph.In("x", syn.Out("post")))
	plan, err := backend.NewPlan(g, "test", ref.Backend{}.Capabilities())
	if err != nil {
		t.Fatal(err)
	}
	if !plan.Clocked || plan.Hyperperiod != 12 {
		t.Errorf("Clocked %v, Hyperperiod %d; want true, 12", plan.Clocked, plan.Hyperperiod)
	}
	if e := plan.In[syn.ID()][0]; e.Window != 6 || e.Delay != 3 {
		t.Errorf("syn's input edge %+v, want window 6, delay 3", e)
	}
	if d := plan.Depth[plan.Out[in.ID()][0]]; d != 8 {
		t.Errorf("depth of in.out = %d, want 3+6-1 = 8", d)
	}
	if plan.Dt[syn.ID()] != 6*time.Millisecond {
		t.Errorf("syn's dt = %v, want 6ms", plan.Dt[syn.ID()])
	}
	p := compile(t, g)
	if err := p.Run(24); err != nil {
		t.Fatal(err)
	}
	tr, err := p.Trace("mon")
	if err != nil {
		t.Fatal(err)
	}
	// in fires at 2, 6, 10, ...; syn steps at 5, 11, 17, 23 reading
	// (t-9, t-3]: at 5 (-4, 2] holds tick 2, at 11 (2, 8] holds 6, at 17
	// (8, 14] holds 10 and 14, at 23 (14, 20] holds 18. The monitor steps
	// every tick and sees the held value.
	want := make([]float32, 24)
	for tick := range want {
		switch {
		case tick >= 17:
			want[tick] = 4
		case tick >= 5:
			want[tick] = 2
		}
	}
	want[23] = 2
	if !slices.Equal(tr.Values, want) {
		t.Errorf("monitored %v, want %v", tr.Values, want)
	}
}
