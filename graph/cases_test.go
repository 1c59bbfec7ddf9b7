package graph_test

import (
	"fmt"
	"math"
	"time"

	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

type errCase struct {
	name  string
	dt    time.Duration // 0 means the package's dt; see dtZero
	dtSet bool          // use dt as given, even 0
	build func(g *graph.Graph)
	is    error    // the sentinel the problem wraps
	who   string   // what the message names: `node "x"`, "graph:", `cluster "c"`
	node  string   // graph.Error.Node of the problem; "" for graph-wide ones
	kind  ops.Kind // graph.Error.Kind of the problem
	says  []string // what else the message must mention: field, port, values
	count int      // how many problems the graph has in all (0 means 1)
}

func errCases() []errCase {
	nan, inf := math.NaN(), math.Inf(1)
	return []errCase{
		// Shapes.
		{
			name: "dense pre fed by larger poisson",
			build: func(g *graph.Graph) {
				src := g.Add("src", newPoisson(5, 10))
				g.Add("syn", newDense(3, 4), graph.In("pre", src.Out("spikes")))
			},
			is: ops.ErrShape, who: `node "syn" (Dense)`, node: "syn", kind: ops.KindDense,
			says: []string{`input "pre"`, "[5]", "[3]"},
		},
		{
			name: "lif exc fed by smaller dense",
			build: func(g *graph.Graph) {
				src := g.Add("src", newPoisson(5, 10))
				syn := g.Add("syn", newDense(5, 3), graph.In("pre", src.Out("spikes")))
				g.Add("exc", newLIF(4), graph.In("exc", syn.Out("post")))
			},
			is: ops.ErrShape, who: `node "exc" (LIF)`, node: "exc", kind: ops.KindLIF,
			says: []string{`input "exc"`, "[3]", "[4]"},
		},
		{
			name: "lif inh fed by larger sparse",
			build: func(g *graph.Graph) {
				src := g.Add("src", newPoisson(5, 10))
				syn := g.Add("syn", newSparse(5, 6), graph.In("pre", src.Out("spikes")))
				g.Add("pop", newLIF(4), graph.In("inh", syn.Out("post")))
			},
			is: ops.ErrShape, who: `node "pop" (LIF)`, node: "pop", kind: ops.KindLIF,
			says: []string{`input "inh"`, "[6]", "[4]"},
		},
		{
			name: "poisson rate input of the wrong size",
			build: func(g *graph.Graph) {
				in := g.Add("rates", &ops.Input{N: 3})
				g.Add("src", newPoisson(4, 10), graph.In("rate", in.Out("out")))
			},
			is: ops.ErrShape, who: `node "src" (Poisson)`, node: "src", kind: ops.KindPoisson,
			says: []string{`input "rate"`, "[3]", "[4]"},
		},
		{
			name: "state monitor index out of range",
			build: func(g *graph.Graph) {
				pop := g.Add("pop", newLIF(4))
				g.Add("mon", &ops.StateMonitor{Index: []int32{0, 3, 4}}, graph.In("x", pop.Out("v")))
			},
			is: ops.ErrShape, who: `node "mon" (StateMonitor)`, node: "mon", kind: ops.KindStateMonitor,
			says: []string{"Index[2] = 4", "[4]"},
		},
		{
			name: "state monitor negative index",
			build: func(g *graph.Graph) {
				pop := g.Add("pop", newLIF(4))
				g.Add("mon", &ops.StateMonitor{Index: []int32{-1}}, graph.In("x", pop.Out("v")))
			},
			is: ops.ErrShape, who: `node "mon" (StateMonitor)`, node: "mon", kind: ops.KindStateMonitor,
			says: []string{"Index[0] = -1"},
		},

		// Names and bindings.
		{
			name: "unknown output port",
			build: func(g *graph.Graph) {
				src := g.Add("src", newPoisson(4, 10))
				g.Add("pop", newLIF(4), graph.In("exc", src.Out("spkes")))
			},
			is: graph.ErrName, who: `node "src" (Poisson)`, node: "src", kind: ops.KindPoisson,
			says: []string{`unknown output "spkes"`, "spikes"},
		},
		{
			name: "unknown output port feeding a required input",
			build: func(g *graph.Graph) {
				pop := g.Add("pop", newLIF(4))
				g.Add("count", &ops.SpikeCount{}, graph.In("spikes", pop.Out("spike")))
			},
			is: graph.ErrName, who: `node "pop" (LIF)`, node: "pop", kind: ops.KindLIF,
			says:  []string{`unknown output "spike"`, "spikes, v"},
			count: 2, // and count's input is not connected
		},
		{
			name: "unknown input port",
			build: func(g *graph.Graph) {
				src := g.Add("src", newPoisson(4, 10))
				pop := g.Add("pop", newLIF(4))
				g.Connect(src.Out("spikes"), pop.In("excitatory"))
			},
			is: graph.ErrName, who: `node "pop" (LIF)`, node: "pop", kind: ops.KindLIF,
			says: []string{`unknown input "excitatory"`, "exc, inh"},
		},
		{
			name: "input of an op without inputs",
			build: func(g *graph.Graph) {
				a := g.Add("a", &ops.Input{N: 2})
				b := g.Add("b", &ops.Input{N: 2})
				g.Connect(a.Out("out"), b.In("in"))
			},
			is: graph.ErrName, who: `node "b" (Input)`, node: "b", kind: ops.KindInput,
			says: []string{`unknown input "in"`, "none"},
		},
		{
			name: "duplicate node name",
			build: func(g *graph.Graph) {
				g.Add("pop", newLIF(4))
				g.Add("pop", newPoisson(4, 10))
			},
			is: graph.ErrName, who: `node "pop" (Poisson)`, node: "pop", kind: ops.KindPoisson,
			says: []string{"already exists"},
		},
		{
			name: "empty node name",
			build: func(g *graph.Graph) {
				g.Add("", newLIF(4))
			},
			is: graph.ErrName, who: "graph:", node: "", kind: ops.KindLIF,
			says: []string{"empty node name"},
		},
		{
			name: "nil op",
			build: func(g *graph.Graph) {
				n := g.Add("nothing", nil)
				if n.Op().Kind() != ops.KindInvalid || len(n.InputPorts()) != 0 || len(n.OutputPorts()) != 0 {
					panic("a nil op should stand in as an invalid op without ports")
				}
			},
			is: ops.ErrParam, who: `node "nothing":`, node: "nothing", kind: ops.KindInvalid,
			says: []string{"nil op"},
		},
		{
			name: "input bound twice",
			build: func(g *graph.Graph) {
				a := g.Add("a", newPoisson(4, 10))
				b := g.Add("b", newPoisson(4, 10))
				pop := g.Add("pop", newLIF(4), graph.In("exc", a.Out("spikes")))
				g.Connect(b.Out("spikes"), pop.In("exc"))
			},
			is: graph.ErrName, who: `node "pop" (LIF)`, node: "pop", kind: ops.KindLIF,
			says: []string{`input "exc" is already bound to a.spikes`},
		},
		{
			name: "required input unconnected",
			build: func(g *graph.Graph) {
				g.Add("syn", newSparse(4, 4))
			},
			is: graph.ErrInput, who: `node "syn" (Sparse)`, node: "syn", kind: ops.KindSparse,
			says: []string{`required input "pre"`},
		},
		{
			name: "monitor input unconnected",
			build: func(g *graph.Graph) {
				g.Add("mon", &ops.StateMonitor{})
			},
			is: graph.ErrInput, who: `node "mon" (StateMonitor)`, node: "mon", kind: ops.KindStateMonitor,
			says: []string{`required input "x"`},
		},
		{
			name: "connect across graphs",
			build: func(g *graph.Graph) {
				other := newGraph()
				src := other.Add("src", newPoisson(4, 10))
				pop := g.Add("pop", newLIF(4))
				g.Connect(src.Out("spikes"), pop.In("exc"))
			},
			is: graph.ErrName, who: `node "pop" (LIF)`, node: "pop", kind: ops.KindLIF,
			says: []string{"another graph", "src.spikes"},
		},
		{
			name: "cluster of another graph",
			build: func(g *graph.Graph) {
				c := newGraph().NewCluster("slow", graph.Clock{Period: 2})
				g.Add("pop", newLIF(4), graph.InCluster(c))
			},
			is: graph.ErrName, who: `node "pop" (LIF)`, node: "pop", kind: ops.KindLIF,
			says: []string{"cluster"},
		},
		{
			name: "nil cluster",
			build: func(g *graph.Graph) {
				g.Add("pop", newLIF(4), graph.InCluster(nil))
			},
			is: graph.ErrName, who: `node "pop" (LIF)`, node: "pop", kind: ops.KindLIF,
			says: []string{"cluster"},
		},

		// Cycles.
		{
			name: "two poissons driving each other's rate",
			build: func(g *graph.Graph) {
				a := g.Add("a", newPoisson(3, 10))
				b := g.Add("b", newPoisson(3, 10), graph.In("rate", a.Out("spikes")))
				g.Connect(b.Out("spikes"), a.In("rate"))
			},
			is: graph.ErrCycle, who: `node "a" (Poisson)`, node: "a", kind: ops.KindPoisson,
			says: []string{"a -> b -> a", "delay"},
		},
		{
			name: "three-node same-tick cycle",
			build: func(g *graph.Graph) {
				// Data flows a -> b -> c -> a.
				a := g.Add("a", newPoisson(3, 10))
				b := g.Add("b", newPoisson(3, 10), graph.In("rate", a.Out("spikes")))
				c := g.Add("c", newPoisson(3, 10), graph.In("rate", b.Out("spikes")))
				g.Connect(c.Out("spikes"), a.In("rate"))
			},
			is: graph.ErrCycle, who: `node "a" (Poisson)`, node: "a", kind: ops.KindPoisson,
			says: []string{"a -> b -> c -> a"},
		},
		{
			name: "same-tick cycle reached from outside",
			build: func(g *graph.Graph) {
				a := g.Add("a", newPoisson(3, 10))
				b := g.Add("b", newPoisson(3, 10), graph.In("rate", a.Out("spikes")))
				g.Add("z", newPoisson(3, 10), graph.In("rate", b.Out("spikes")))
				g.Connect(b.Out("spikes"), a.In("rate"))
			},
			is: graph.ErrCycle, node: "a", kind: ops.KindPoisson,
			who:  `node "a" (Poisson)`,
			says: []string{"a -> b -> a"},
		},
		{
			name: "self loop",
			build: func(g *graph.Graph) {
				a := g.Add("self", newPoisson(3, 10))
				g.Connect(a.Out("spikes"), a.In("rate"))
			},
			is: graph.ErrCycle, who: `node "self" (Poisson)`, node: "self", kind: ops.KindPoisson,
			says: []string{"self -> self"},
		},

		// Graph configuration.
		{
			name:  "dt zero",
			dtSet: true, dt: 0,
			build: func(g *graph.Graph) { g.Add("pop", newLIF(4)) },
			is:    graph.ErrGraph, who: "graph:", node: "",
			says: []string{"Dt = 0s", "> 0"},
		},
		{
			name:  "dt negative",
			dtSet: true, dt: -time.Millisecond,
			build: func(g *graph.Graph) { g.Add("pop", newLIF(4)) },
			is:    graph.ErrGraph, who: "graph:", node: "",
			says: []string{"Dt = -1ms"},
		},

		// Clocks.
		{
			name: "clock period zero",
			build: func(g *graph.Graph) {
				c := g.NewCluster("fast", graph.Clock{Period: 0})
				g.Add("pop", newLIF(4), graph.InCluster(c))
			},
			is: graph.ErrClock, who: `graph: cluster "fast"`, node: "",
			says: []string{"period 0"},
		},
		{
			name: "clock period negative",
			build: func(g *graph.Graph) {
				g.NewCluster("fast", graph.Clock{Period: -3})
			},
			is: graph.ErrClock, who: `graph: cluster "fast"`, node: "",
			says: []string{"period -3"},
		},
		{
			name: "clock phase equal to period",
			build: func(g *graph.Graph) {
				c := g.NewCluster("slow", graph.Clock{Period: 4, Phase: 4})
				g.Add("pop", newLIF(4), graph.InCluster(c))
			},
			is: graph.ErrClock, who: `graph: cluster "slow"`, node: "",
			says: []string{"phase 4", "[0, 4)"},
		},
		{
			name: "clock phase beyond period",
			build: func(g *graph.Graph) {
				c := g.NewCluster("slow", graph.Clock{Period: 2, Phase: 7})
				g.Add("pop", newLIF(4), graph.InCluster(c))
			},
			is: graph.ErrClock, who: `graph: cluster "slow"`, node: "",
			says: []string{"phase 7"},
		},
		{
			name: "clock phase negative",
			build: func(g *graph.Graph) {
				g.NewCluster("slow", graph.Clock{Period: 2, Phase: -1})
			},
			is: graph.ErrClock, who: `graph: cluster "slow"`, node: "",
			says: []string{"phase -1"},
		},
		{
			// An op is validated for a step of its cluster: Period * dt.
			name: "poisson rate too high for a slow clock",
			build: func(g *graph.Graph) {
				c := g.NewCluster("slow", graph.Clock{Period: 5, Phase: 1})
				g.Add("src", newPoisson(2, 3000), graph.InCluster(c))
			},
			is: ops.ErrParam, who: `node "src" (Poisson)`, node: "src", kind: ops.KindPoisson,
			says: []string{"3000 Hz", "per tick of " + (5 * dt).String()},
		},
		{
			name: "clock step too long for a Duration",
			build: func(g *graph.Graph) {
				c := g.NewCluster("slow", graph.Clock{Period: math.MaxInt64 / 2})
				g.Add("pop", newLIF(4), graph.InCluster(c))
			},
			is: graph.ErrClock, who: `graph: cluster "slow"`, node: "",
			says: []string{"too long"},
		},
		{
			name: "duplicate cluster name",
			build: func(g *graph.Graph) {
				g.NewCluster("slow", graph.Clock{Period: 2})
				g.NewCluster("slow", graph.Clock{Period: 3})
			},
			is: graph.ErrName, who: "graph:", node: "",
			says: []string{`two clusters named "slow"`},
		},

		// LIF parameters.
		{
			name:  "lif negative TauM",
			build: func(g *graph.Graph) { p := newLIF(4); p.TauM = -20 * time.Millisecond; g.Add("exc", p) },
			is:    ops.ErrParam, who: `node "exc" (LIF)`, node: "exc", kind: ops.KindLIF,
			says: []string{"TauM = -20ms, must be > 0"},
		},
		{
			name:  "lif zero TauM",
			build: func(g *graph.Graph) { p := newLIF(4); p.TauM = 0; g.Add("exc", p) },
			is:    ops.ErrParam, who: `node "exc" (LIF)`, node: "exc", kind: ops.KindLIF,
			says: []string{"TauM = 0s"},
		},
		{
			name:  "lif negative TauE",
			build: func(g *graph.Graph) { p := newLIF(4); p.TauE = -time.Millisecond; g.Add("exc", p) },
			is:    ops.ErrParam, who: `node "exc" (LIF)`, node: "exc", kind: ops.KindLIF,
			says: []string{"TauE = -1ms"},
		},
		{
			name:  "lif negative TauI",
			build: func(g *graph.Graph) { p := newLIF(4); p.TauI = -time.Millisecond; g.Add("inh", p) },
			is:    ops.ErrParam, who: `node "inh" (LIF)`, node: "inh", kind: ops.KindLIF,
			says: []string{"TauI = -1ms"},
		},
		{
			name:  "lif negative Refractory",
			build: func(g *graph.Graph) { p := newLIF(4); p.Refractory = -time.Millisecond; g.Add("exc", p) },
			is:    ops.ErrParam, who: `node "exc" (LIF)`, node: "exc", kind: ops.KindLIF,
			says: []string{"Refractory = -1ms", ">= 0"},
		},
		{
			name:  "lif NaN VThreshold",
			build: func(g *graph.Graph) { p := newLIF(4); p.VThreshold = nan; g.Add("exc", p) },
			is:    ops.ErrParam, who: `node "exc" (LIF)`, node: "exc", kind: ops.KindLIF,
			says: []string{"VThreshold = NaN", "finite"},
		},
		{
			name:  "lif +Inf VThreshold",
			build: func(g *graph.Graph) { p := newLIF(4); p.VThreshold = inf; g.Add("exc", p) },
			is:    ops.ErrParam, who: `node "exc" (LIF)`, node: "exc", kind: ops.KindLIF,
			says: []string{"VThreshold = +Inf"},
		},
		{
			name:  "lif -Inf VReset",
			build: func(g *graph.Graph) { p := newLIF(4); p.VReset = math.Inf(-1); g.Add("exc", p) },
			is:    ops.ErrParam, who: `node "exc" (LIF)`, node: "exc", kind: ops.KindLIF,
			says: []string{"VReset = -Inf"},
		},
		{
			name:  "lif NaN VRest",
			build: func(g *graph.Graph) { p := newLIF(4); p.VRest = nan; g.Add("exc", p) },
			is:    ops.ErrParam, who: `node "exc" (LIF)`, node: "exc", kind: ops.KindLIF,
			says: []string{"VRest = NaN"},
		},
		{
			name:  "lif negative N",
			build: func(g *graph.Graph) { g.Add("exc", newLIF(-2)) },
			is:    ops.ErrParam, who: `node "exc" (LIF)`, node: "exc", kind: ops.KindLIF,
			says: []string{"N = -2"},
		},
		{
			name:  "lif V0 of the wrong length",
			build: func(g *graph.Graph) { p := newLIF(4); p.V0 = []float32{1, 2, 3}; g.Add("exc", p) },
			is:    ops.ErrParam, who: `node "exc" (LIF)`, node: "exc", kind: ops.KindLIF,
			says: []string{"len(V0) = 3, want 4"},
		},
		{
			name: "lif non-finite V0",
			build: func(g *graph.Graph) {
				p := newLIF(4)
				p.V0 = []float32{0, float32(nan), 0, float32(inf)}
				g.Add("exc", p)
			},
			is: ops.ErrParam, who: `node "exc" (LIF)`, node: "exc", kind: ops.KindLIF,
			says: []string{"V0[1] = NaN", "2 non-finite"},
		},

		// Poisson parameters.
		{
			name:  "poisson rate gives probability above 1",
			build: func(g *graph.Graph) { g.Add("drive", newPoisson(4, 20000)) },
			is:    ops.ErrParam, who: `node "drive" (Poisson)`, node: "drive", kind: ops.KindPoisson,
			says: []string{"Rate[0] = 20000 Hz", "probability of 2 ", "[0, 1]"},
		},
		{
			name: "poisson per-neuron rate above 1",
			build: func(g *graph.Graph) {
				g.Add("drive", &ops.Poisson{N: 3, Rate: []float64{10, 20, 10001}})
			},
			is: ops.ErrParam, who: `node "drive" (Poisson)`, node: "drive", kind: ops.KindPoisson,
			says: []string{"Rate[2] = 10001 Hz"},
		},
		{
			name:  "poisson negative rate",
			build: func(g *graph.Graph) { g.Add("drive", newPoisson(4, -5)) },
			is:    ops.ErrParam, who: `node "drive" (Poisson)`, node: "drive", kind: ops.KindPoisson,
			says: []string{"Rate[0] = -5 Hz"},
		},
		{
			name:  "poisson NaN rate",
			build: func(g *graph.Graph) { g.Add("drive", newPoisson(4, nan)) },
			is:    ops.ErrParam, who: `node "drive" (Poisson)`, node: "drive", kind: ops.KindPoisson,
			says: []string{"Rate = NaN", "finite"},
		},
		{
			name:  "poisson +Inf rate",
			build: func(g *graph.Graph) { g.Add("drive", newPoisson(4, inf)) },
			is:    ops.ErrParam, who: `node "drive" (Poisson)`, node: "drive", kind: ops.KindPoisson,
			says: []string{"Rate = +Inf"},
		},
		{
			name:  "poisson rate list of the wrong length",
			build: func(g *graph.Graph) { g.Add("drive", &ops.Poisson{N: 3, Rate: []float64{1, 2}}) },
			is:    ops.ErrParam, who: `node "drive" (Poisson)`, node: "drive", kind: ops.KindPoisson,
			says: []string{"len(Rate) = 2", "[1 3]"},
		},
		{
			name:  "poisson without rate",
			build: func(g *graph.Graph) { g.Add("drive", &ops.Poisson{N: 3}) },
			is:    ops.ErrParam, who: `node "drive" (Poisson)`, node: "drive", kind: ops.KindPoisson,
			says: []string{"len(Rate) = 0"},
		},

		// Dense parameters.
		badSynapse("dense NaN weight", 2, newDense(2, 3), func(p *ops.Dense) {
			p.W[4] = float32(nan)
		}, "W[4] = NaN"),
		badSynapse("dense Inf weight", 2, newDense(2, 3), func(p *ops.Dense) {
			p.W[0] = float32(math.Inf(-1))
		}, "W[0] = -Inf"),
		badSynapse("dense W of the wrong length", 2, newDense(2, 3), func(p *ops.Dense) {
			p.W = p.W[:5]
		}, "len(W) = 5, want 6"),
		badSynapse("dense delay zero", 2, newDense(2, 3), func(p *ops.Dense) {
			p.Delay = 0
		}, "Delay = 0"),
		badSynapse("dense delay too long", 2, newDense(2, 3), func(p *ops.Dense) {
			p.Delay = ops.MaxDelay + 1
		}, fmt.Sprintf("Delay = %d", ops.MaxDelay+1)),
		{
			name: "dense negative Post",
			build: func(g *graph.Graph) {
				src := g.Add("src", newPoisson(2, 10))
				g.Add("syn", &ops.Dense{Pre: 2, Post: -1, Delay: 1}, graph.In("pre", src.Out("spikes")))
			},
			is: ops.ErrParam, who: `node "syn" (Dense)`, node: "syn", kind: ops.KindDense,
			says: []string{"Post = -1"},
		},
		{
			name: "dense Pre*Post overflows",
			build: func(g *graph.Graph) {
				// 2^32 * 2^32 wraps to 0 = len(W) in int arithmetic.
				g.Add("syn", &ops.Dense{Pre: 1 << 32, Post: 1 << 32, Delay: 1})
			},
			is: ops.ErrParam, who: `node "syn" (Dense)`, node: "syn", kind: ops.KindDense,
			says:  []string{"W would need Pre*Post = 4294967296*4294967296"},
			count: 2, // and "pre" is not connected
		},

		// Sparse parameters.
		badSynapse("sparse Inf weight", 3, newSparse(3, 3), func(p *ops.Sparse) {
			p.Weight = []float32{1, float32(inf), 1}
		}, "Weight[1] = +Inf"),
		badSynapse("sparse NaN shared weight", 3, newSparse(3, 3), func(p *ops.Sparse) {
			p.Weight = []float32{float32(nan)}
		}, "Weight[0] = NaN"),
		badSynapse("sparse target out of range", 3, newSparse(3, 3), func(p *ops.Sparse) {
			p.Target[1] = 3
		}, "Target[1] = 3", "[0, 3)"),
		badSynapse("sparse negative target", 3, newSparse(3, 3), func(p *ops.Sparse) {
			p.Target[2] = -1
		}, "Target[2] = -1"),
		badSynapse("sparse RowPtr decreasing", 3, newSparse(3, 3), func(p *ops.Sparse) {
			p.RowPtr = []int32{0, 2, 1, 3}
		}, "RowPtr decreases at row 1"),
		badSynapse("sparse RowPtr of the wrong length", 3, newSparse(3, 3), func(p *ops.Sparse) {
			p.RowPtr = p.RowPtr[:3]
		}, "len(RowPtr) = 3, want 4"),
		badSynapse("sparse RowPtr not ending at the synapse count", 3, newSparse(3, 3), func(p *ops.Sparse) {
			p.RowPtr[3] = 2
		}, "RowPtr runs from 0 to 2", "len(Target) = 3"),
		badSynapse("sparse Weight of the wrong length", 3, newSparse(3, 3), func(p *ops.Sparse) {
			p.Weight = []float32{1, 1}
		}, "len(Weight) = 2"),
		badSynapse("sparse delay zero", 3, newSparse(3, 3), func(p *ops.Sparse) {
			p.Delay = 0
		}, "Delay = 0"),

		// Other ops.
		{
			name: "state monitor negative Every",
			build: func(g *graph.Graph) {
				pop := g.Add("pop", newLIF(4))
				g.Add("mon", &ops.StateMonitor{Every: -1}, graph.In("x", pop.Out("v")))
			},
			is: ops.ErrParam, who: `node "mon" (StateMonitor)`, node: "mon", kind: ops.KindStateMonitor,
			says: []string{"Every = -1"},
		},
		{
			name:  "input Value of the wrong length",
			build: func(g *graph.Graph) { g.Add("in", &ops.Input{N: 3, Value: []float32{1}}) },
			is:    ops.ErrParam, who: `node "in" (Input)`, node: "in", kind: ops.KindInput,
			says: []string{"len(Value) = 1, want 3"},
		},
		{
			name: "spike input Value not 0 or 1",
			build: func(g *graph.Graph) {
				g.Add("in", &ops.Input{N: 2, Spikes: true, Value: []float32{1, 0.5}})
			},
			is: ops.ErrParam, who: `node "in" (Input)`, node: "in", kind: ops.KindInput,
			says: []string{"Value", "element 1"},
		},
	}
}

// TestValidateErrors checks each kind of mistake on its own: Validate
// reports it, wrapping the right sentinel, in a message that names the node
// (or the graph or cluster) and the offending field or port.

// badSynapse is a case where a synapse op fed by a valid Poisson group of
// pre neurons has one parameter spoiled by mutate; the message must say
// each of says.
func badSynapse[T ops.Op](name string, pre int, op T, mutate func(T), says ...string) errCase {
	return errCase{
		name: name,
		build: func(g *graph.Graph) {
			src := g.Add("src", newPoisson(pre, 10))
			mutate(op)
			g.Add("syn", op, graph.In("pre", src.Out("spikes")))
		},
		is: ops.ErrParam, who: fmt.Sprintf("node %q (%v)", "syn", op.Kind()), node: "syn", kind: op.Kind(),
		says: says,
	}
}

// graph builds the case's graph.
func (tc errCase) graph() *graph.Graph {
	cfg := graph.Config{Dt: dt, Seed: 1}
	if tc.dtSet {
		cfg.Dt = tc.dt
	}
	g := graph.New(cfg)
	tc.build(g)
	return g
}
