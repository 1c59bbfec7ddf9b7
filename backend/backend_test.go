package backend_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	_ "github.com/spikeflow/spikeflow/backend/cpu"
	_ "github.com/spikeflow/spikeflow/backend/ref"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

func smallGraph() *graph.Graph {
	g := graph.New(graph.Config{Dt: 100 * time.Microsecond, Seed: 1})
	in := g.Add("in", &ops.Input{N: 3, Spikes: true})
	lif := g.Add("lif", &ops.LIF{N: 2, TauM: time.Millisecond, TauE: time.Millisecond, TauI: time.Millisecond})
	syn := g.Add("syn", &ops.Dense{Pre: 3, Post: 2, W: make([]float32, 6), Delay: 1}, graph.In("pre", in.Out("out")))
	g.Connect(syn.Out("post"), lif.In("exc"))
	g.Add("count", &ops.SpikeCount{}, graph.In("spikes", lif.Out("spikes")))
	return g
}

// Every backend refuses bad calls with the same clear errors, and a
// refused write leaves the program as it was.
func TestProgramErrors(t *testing.T) {
	for _, b := range backend.List() {
		t.Run(b.Name(), func(t *testing.T) {
			p, err := b.Compile(smallGraph())
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			nan := float32(math.NaN())
			cases := []struct {
				name string
				err  error
				want string
			}{
				{"write NaN", p.Write("in", []float32{0, nan, 1}), "element 1 is NaN"},
				{"write non-spike", p.Write("in", []float32{0, 2, 1}), "takes 0 or 1"},
				{"write short", p.Write("in", []float32{0, 1}), "2 elements, want 3"},
				{"write unknown", p.Write("nope", []float32{0}), `no such node`},
				{"write non-input", p.Write("lif", []float32{0, 0}), "is not an Input"},
				{"read unknown node", p.Read("nope.v", nil), `no node "nope"`},
				{"read unknown var", p.Read("lif.w", make([]float32, 2)), `no output or state "w"`},
				{"read no dot", p.Read("lif", nil), `want "node.port"`},
				{"read wrong size", p.Read("lif.v", make([]float32, 3)), "3 elements, want 2"},
				{"spikes of a counter", func() error { _, err := p.Spikes("count"); return err }(), "is not a SpikeMonitor"},
				{"trace unknown", func() error { _, err := p.Trace("nope"); return err }(), "no such node"},
				{"negative run", p.Run(-1), "must be >= 0"},
			}
			for _, c := range cases {
				if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
					t.Errorf("%s: err = %v, want it to contain %q", c.name, c.err, c.want)
				}
			}
			if !errors.Is(cases[0].err, ops.ErrValue) {
				t.Errorf("NaN write: %v does not wrap ops.ErrValue", cases[0].err)
			}
			got := make([]float32, 3)
			if err := p.Read("in.value", got); err != nil || got[0] != 0 || got[1] != 0 || got[2] != 0 {
				t.Errorf("after refused writes the input holds %v (err %v), want zeros", got, err)
			}
			if p.Tick() != 0 {
				t.Errorf("Tick() = %d after a refused run", p.Tick())
			}
		})
	}
}

func TestCompileErrors(t *testing.T) {
	for _, b := range backend.List() {
		g := smallGraph()
		g.Add("bad", &ops.LIF{N: 1, TauM: -time.Millisecond, TauE: time.Millisecond, TauI: time.Millisecond})
		if _, err := b.Compile(g); !errors.Is(err, ops.ErrParam) || !strings.Contains(err.Error(), `node "bad"`) {
			t.Errorf("%s: Compile of an invalid graph: %v", b.Name(), err)
		}
		g = smallGraph()
		c := g.NewCluster("slow", graph.Clock{Period: 2})
		g.Add("slow", &ops.Poisson{N: 1, Rate: []float64{1}}, graph.InCluster(c))
		p, err := b.Compile(g)
		switch {
		case b.Capabilities().Clocks && err != nil:
			t.Errorf("%s runs clocks, but refuses a period-2 clock: %v", b.Name(), err)
		case !b.Capabilities().Clocks && (err == nil || !strings.Contains(err.Error(), `cluster "slow"`)):
			t.Errorf("%s: a period-2 clock: %v", b.Name(), err)
		}
		if p != nil {
			p.Close()
		}
	}
	if _, err := backend.Get("nope"); err == nil || !strings.Contains(err.Error(), "registered: cpu, ref") {
		t.Errorf("Get(nope) = %v", err)
	}
}

func TestReadBeforeFirstTick(t *testing.T) {
	for _, b := range backend.List() {
		g := graph.New(graph.Config{Dt: 100 * time.Microsecond})
		g.Add("lif", &ops.LIF{N: 2, TauM: time.Millisecond, TauE: time.Millisecond, TauI: time.Millisecond, V0: []float32{-3, -4}})
		p, err := b.Compile(g)
		if err != nil {
			t.Fatal(err)
		}
		v := []float32{9, 9}
		if err := p.Read("lif.v", v); err != nil || v[0] != 0 || v[1] != 0 {
			t.Errorf("%s: lif.v before the first tick = %v (err %v), want zeros", b.Name(), v, err)
		}
		_ = p.Run(1)
		if err := p.Read("lif.v", v); err != nil || v[0] == 0 || v[1] == 0 {
			t.Errorf("%s: lif.v after one tick = %v (err %v)", b.Name(), v, err)
		}
		p.Close()
	}
}

// A value written between ticks is seen from the next tick on, on every
// backend alike.
func TestWriteTakesEffectNextTick(t *testing.T) {
	for _, b := range backend.List() {
		g := graph.New(graph.Config{Dt: 100 * time.Microsecond})
		g.Add("in", &ops.Input{N: 2, Value: []float32{1, 2}})
		p, err := b.Compile(g)
		if err != nil {
			t.Fatal(err)
		}
		out := make([]float32, 2)
		_ = p.Run(1)
		_ = p.Write("in", []float32{5, 6})
		if _ = p.Read("in.out", out); out[0] != 1 || out[1] != 2 {
			t.Errorf("%s: in.out after a write, before a tick = %v, want [1 2]", b.Name(), out)
		}
		if _ = p.Read("in.value", out); out[0] != 5 || out[1] != 6 {
			t.Errorf("%s: in.value after a write = %v, want [5 6]", b.Name(), out)
		}
		_ = p.Run(1)
		if _ = p.Read("in.out", out); out[0] != 5 || out[1] != 6 {
			t.Errorf("%s: in.out a tick after the write = %v, want [5 6]", b.Name(), out)
		}
		p.Close()
	}
}
