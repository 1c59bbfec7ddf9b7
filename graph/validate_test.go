package graph_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

const dt = 100 * time.Microsecond

// Well-formed ops to build graphs from; each test spoils one parameter.

func newLIF(n int) *ops.LIF {
	return &ops.LIF{
		N: n, TauM: 20 * time.Millisecond, TauE: 5 * time.Millisecond, TauI: 10 * time.Millisecond,
		VRest: -60, VThreshold: -50, VReset: -60, Refractory: 5 * time.Millisecond,
	}
}

func newPoisson(n int, rate float64) *ops.Poisson { return &ops.Poisson{N: n, Rate: []float64{rate}} }

func newDense(pre, post int) *ops.Dense {
	w := make([]float32, pre*post)
	for i := range w {
		w[i] = 0.5
	}
	return &ops.Dense{Pre: pre, Post: post, W: w, Delay: 1}
}

// newSparse connects presynaptic neuron j to postsynaptic neuron j % post.
func newSparse(pre, post int) *ops.Sparse {
	m := ops.CSR{Pre: pre, Post: post, RowPtr: make([]int32, pre+1), Weight: []float32{0.25}}
	for j := range pre {
		m.Target = append(m.Target, int32(j%post))
		m.RowPtr[j+1] = int32(len(m.Target))
	}
	return &ops.Sparse{CSR: m, Delay: 1}
}

func newGraph() *graph.Graph { return graph.New(graph.Config{Dt: dt, Seed: 1}) }

// parts splits what Validate returned into its problems, checking that each
// is a *graph.Error and that each line of the message is one of them.
func parts(t *testing.T, err error) []*graph.Error {
	t.Helper()
	if err == nil {
		return nil
	}
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	out := make([]*graph.Error, len(errs))
	for i, e := range errs {
		ge, ok := e.(*graph.Error)
		if !ok {
			t.Fatalf("problem %d is a %T, not a *graph.Error: %v", i, e, e)
		}
		if strings.Contains(ge.Error(), "\n") {
			t.Errorf("problem %d spans several lines: %q", i, ge.Error())
		}
		out[i] = ge
	}
	if lines := strings.Split(err.Error(), "\n"); len(lines) != len(out) {
		t.Errorf("message has %d lines for %d problems:\n%v", len(lines), len(out), err)
	}
	return out
}

func TestValidateErrors(t *testing.T) {
	for _, tc := range errCases() {
		t.Run(tc.name, func(t *testing.T) {
			g := tc.graph()
			err := g.Validate()
			if err == nil {
				t.Fatal("Validate returned nil")
			}
			if g.Valid() {
				t.Error("Valid() is true after a failed Validate")
			}
			if !errors.Is(err, tc.is) {
				t.Errorf("errors.Is(err, %v) is false; err:\n%v", tc.is, err)
			}
			var ge *graph.Error
			if !errors.As(err, &ge) {
				t.Errorf("errors.As(err, *graph.Error) is false")
			}
			ps := parts(t, err)
			if want := max(tc.count, 1); len(ps) != want {
				t.Errorf("got %d problems, want %d:\n%v", len(ps), want, err)
			}
			// The problem wrapping the sentinel names the node and the
			// offending field or port.
			var found *graph.Error
			for _, p := range ps {
				if errors.Is(p, tc.is) {
					found = p
					break
				}
			}
			if found == nil {
				t.Fatalf("no problem wraps %v:\n%v", tc.is, err)
			}
			msg := found.Error()
			if !strings.HasPrefix(msg, tc.who) {
				t.Errorf("message %q does not start with %q", msg, tc.who)
			}
			for _, s := range tc.says {
				if !strings.Contains(msg, s) {
					t.Errorf("message %q does not mention %q", msg, s)
				}
			}
			if found.Node != tc.node {
				t.Errorf("Error.Node = %q, want %q", found.Node, tc.node)
			}
			if tc.node != "" && found.Kind != tc.kind {
				t.Errorf("Error.Kind = %v, want %v", found.Kind, tc.kind)
			}
			if found.Unwrap() == nil {
				t.Error("Error.Unwrap() is nil")
			}
			// Validating again reports the same.
			if again := g.Validate(); again == nil || again.Error() != err.Error() {
				t.Errorf("second Validate differs:\n%v\nfirst:\n%v", again, err)
			}
		})
	}
}

// TestSentinelsDistinct makes sure no problem matches a sentinel of another
// kind, so that errors.Is tells the kinds apart.
func TestSentinelsDistinct(t *testing.T) {
	all := []error{graph.ErrName, graph.ErrCycle, graph.ErrClock, graph.ErrInput, graph.ErrGraph, ops.ErrParam, ops.ErrShape}
	for _, tc := range errCases() {
		if tc.count > 1 {
			continue // more than one kind of problem
		}
		err := tc.graph().Validate()
		for _, s := range all {
			if s != tc.is && errors.Is(err, s) {
				t.Errorf("%s: error also matches %v: %v", tc.name, s, err)
			}
		}
	}
}

// TestValidateCollectsAll builds one graph with mistakes in many nodes and
// checks that every one is reported, each on its own line naming its node.
func TestValidateCollectsAll(t *testing.T) {
	g := newGraph()
	fast := g.NewCluster("fast", graph.Clock{Period: 0})

	// One node with three bad parameters.
	bad := newLIF(4)
	bad.TauM = -20 * time.Millisecond
	bad.TauE = -time.Millisecond
	bad.VThreshold = math.NaN()
	g.Add("neurons", bad, graph.InCluster(fast))

	g.Add("drive", newPoisson(5, math.Inf(1)))                        // Rate not finite
	src := g.Add("src", newPoisson(5, 10))                            // fine
	g.Add("proj", newDense(3, 4), graph.In("pre", src.Out("spikes"))) // shape
	g.Add("src", newLIF(2))                                           // duplicate name
	g.Add("loose", newSparse(2, 2))                                   // "pre" unconnected
	g.Add("typo", &ops.SpikeCount{}, graph.In("spikes", src.Out("spkes")))
	a := g.Add("ping", newPoisson(2, 1))
	b := g.Add("pong", newPoisson(2, 1), graph.In("rate", a.Out("spikes")))
	g.Connect(b.Out("spikes"), a.In("rate")) // same-tick cycle

	err := g.Validate()
	if err == nil {
		t.Fatal("Validate returned nil")
	}
	t.Logf("reported:\n%v", err)
	ps := parts(t, err)

	want := []struct {
		who  string
		is   error
		says string
	}{
		{`graph: cluster "fast"`, graph.ErrClock, "period 0"},
		{`node "neurons" (LIF)`, ops.ErrParam, "TauM"},
		{`node "neurons" (LIF)`, ops.ErrParam, "TauE"},
		{`node "neurons" (LIF)`, ops.ErrParam, "VThreshold"},
		{`node "drive" (Poisson)`, ops.ErrParam, "Rate"},
		{`node "proj" (Dense)`, ops.ErrShape, `"pre"`},
		{`node "src" (LIF)`, graph.ErrName, "already exists"},
		{`node "loose" (Sparse)`, graph.ErrInput, `"pre"`},
		{`node "src" (Poisson)`, graph.ErrName, `"spkes"`},
		{`node "typo" (SpikeCount)`, graph.ErrInput, `"spikes"`},
		{`node "ping" (Poisson)`, graph.ErrCycle, "ping -> pong -> ping"},
	}
	if len(ps) != len(want) {
		t.Errorf("got %d problems, want %d", len(ps), len(want))
	}
	used := make([]bool, len(ps))
	for _, w := range want {
		ok := false
		for i, p := range ps {
			msg := p.Error()
			if !used[i] && strings.HasPrefix(msg, w.who) && errors.Is(p, w.is) && strings.Contains(msg, w.says) {
				used[i], ok = true, true
				break
			}
		}
		if !ok {
			t.Errorf("no problem %s wrapping %v mentions %q", w.who, w.is, w.says)
		}
	}
	for i, p := range ps {
		if !used[i] {
			t.Errorf("unexpected problem: %v", p)
		}
	}
	for _, s := range []error{graph.ErrName, graph.ErrCycle, graph.ErrClock, graph.ErrInput, ops.ErrParam, ops.ErrShape} {
		if !errors.Is(err, s) {
			t.Errorf("errors.Is(err, %v) is false", s)
		}
	}
	if errors.Is(err, graph.ErrGraph) {
		t.Error("errors.Is(err, ErrGraph) with a valid Dt")
	}
}

// TestValidateDtAndNodes: a bad Dt is reported together with the
// problems that do not need Dt.
func TestValidateDtAndNodes(t *testing.T) {
	g := graph.New(graph.Config{Dt: 0})
	g.Add("syn", newSparse(2, 2)) // unconnected
	g.Add("x", newLIF(2))
	g.Add("x", newLIF(2))
	err := g.Validate()
	ps := parts(t, err)
	if len(ps) != 3 {
		t.Fatalf("got %d problems, want 3:\n%v", len(ps), err)
	}
	for _, s := range []error{graph.ErrGraph, graph.ErrInput, graph.ErrName} {
		if !errors.Is(err, s) {
			t.Errorf("errors.Is(err, %v) is false:\n%v", s, err)
		}
	}
}

// TestNoCascade: the consumers of a node with bad parameters are not
// blamed for its shapes being unknown.
func TestNoCascade(t *testing.T) {
	g := newGraph()
	src := g.Add("src", newPoisson(3, math.NaN()))
	syn := g.Add("syn", newDense(3, 2), graph.In("pre", src.Out("spikes")))
	g.Add("count", &ops.SpikeCount{}, graph.In("spikes", src.Out("spikes")))
	g.Add("mon", &ops.StateMonitor{Index: []int32{0}}, graph.In("x", syn.Out("post")))
	g.Add("pop", newLIF(2), graph.In("exc", syn.Out("post")))
	err := g.Validate()
	ps := parts(t, err)
	if len(ps) != 1 || ps[0].Node != "src" || !errors.Is(ps[0], ops.ErrParam) {
		t.Fatalf("want only src's bad Rate, got:\n%v", err)
	}

	// Problems downstream of a bad node are still found.
	g = newGraph()
	src = g.Add("src", newPoisson(3, -1))
	syn = g.Add("syn", newDense(3, 2), graph.In("pre", src.Out("spikes")))
	g.Add("pop", newLIF(4), graph.In("exc", syn.Out("post")))
	err = g.Validate()
	ps = parts(t, err)
	if len(ps) != 2 || ps[0].Node != "src" || !errors.Is(ps[0], ops.ErrParam) ||
		ps[1].Node != "pop" || !errors.Is(ps[1], ops.ErrShape) || !strings.Contains(ps[1].Error(), `input "exc" has shape [2], want [4]`) {
		t.Fatalf("want src's bad Rate and pop's mismatched exc, got:\n%v", err)
	}
}

// TestSynapseLoopsAreLegal: every synapse delays by at least a tick, so
// recurrent loops through synapses validate.
func TestSynapseLoopsAreLegal(t *testing.T) {
	g := newGraph()
	pop := g.Add("pop", newLIF(4))
	rec := g.Add("rec", newSparse(4, 4), graph.In("pre", pop.Out("spikes")))
	g.Connect(rec.Out("post"), pop.In("exc"))
	inh := g.Add("inh", newDense(4, 4), graph.In("pre", pop.Out("spikes")))
	g.Connect(inh.Out("post"), pop.In("inh"))
	if err := g.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}

	// Two populations through each other.
	g = newGraph()
	a := g.Add("a", newLIF(3))
	b := g.Add("b", newLIF(5))
	ab := g.Add("ab", newDense(3, 5), graph.In("pre", a.Out("spikes")))
	ba := g.Add("ba", newSparse(5, 3), graph.In("pre", b.Out("spikes")))
	g.Connect(ab.Out("post"), b.In("exc"))
	g.Connect(ba.Out("post"), a.In("exc"))
	if err := g.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}

	// The same loop with a zero delay is a same-tick cycle.
	g = newGraph()
	pop = g.Add("pop", newLIF(4))
	p := newSparse(4, 4)
	p.Delay = 0
	rec = g.Add("rec", p, graph.In("pre", pop.Out("spikes")))
	g.Connect(rec.Out("post"), pop.In("exc"))
	err := g.Validate()
	if !errors.Is(err, ops.ErrParam) || !errors.Is(err, graph.ErrCycle) {
		t.Fatalf("want a Delay error and a cycle, got:\n%v", err)
	}
	if !strings.Contains(err.Error(), "pop -> rec -> pop") && !strings.Contains(err.Error(), "rec -> pop -> rec") {
		t.Errorf("cycle path missing:\n%v", err)
	}
}

func shapeIs(t *testing.T, what string, got ops.Shape, want ...int) {
	t.Helper()
	if !got.Equal(ops.Shape(want)) {
		t.Errorf("%s: shape %v, want %v", what, got, ops.Shape(want))
	}
}

func stateShapes(l ops.Layout) map[string]ops.Shape {
	m := map[string]ops.Shape{}
	for _, v := range l.State {
		m[v.Name] = v.Shape
	}
	return m
}

// TestValidGraphShapes validates a small network and checks the shapes it
// infers for values, inputs and state.
func TestValidGraphShapes(t *testing.T) {
	g := newGraph()
	slow := g.NewCluster("slow", graph.Clock{Period: 4, Phase: 3})
	src := g.Add("src", newPoisson(100, 20))
	ff := g.Add("ff", newDense(100, 10), graph.In("pre", src.Out("spikes")))
	pop := g.Add("pop", newLIF(10), graph.In("exc", ff.Out("post")))
	rec := g.Add("rec", newSparse(10, 10), graph.In("pre", pop.Out("spikes")))
	g.Connect(rec.Out("post"), pop.In("inh"))
	count := g.Add("count", &ops.SpikeCount{}, graph.In("spikes", pop.Out("spikes")))
	srcCount := g.Add("srcCount", &ops.SpikeCount{}, graph.In("spikes", src.Out("spikes")), graph.InCluster(slow))
	spikes := g.Add("spikes", &ops.SpikeMonitor{}, graph.In("spikes", pop.Out("spikes")))
	trace := g.Add("trace", &ops.StateMonitor{Index: []int32{0, 9}, Every: 2}, graph.In("x", pop.Out("v")))
	lone := g.Add("lone", newLIF(7))
	in := g.Add("in", &ops.Input{N: 3, Value: []float32{1, 2, 3}})

	if g.Valid() {
		t.Error("Valid() before Validate")
	}
	if s := pop.Out("v").Shape(); s != nil {
		t.Errorf("shape %v before Validate, want nil", s)
	}
	if err := g.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if !g.Valid() {
		t.Error("Valid() is false after a successful Validate")
	}

	shapeIs(t, "src.spikes", src.Out("spikes").Shape(), 100)
	shapeIs(t, "ff.post", ff.Out("post").Shape(), 10)
	shapeIs(t, "pop.spikes", pop.Out("spikes").Shape(), 10)
	shapeIs(t, "pop.v", pop.Out("v").Shape(), 10)
	shapeIs(t, "rec.post", rec.Out("post").Shape(), 10)
	shapeIs(t, "lone.v", lone.Out("v").Shape(), 7)
	shapeIs(t, "in.out", in.Out("out").Shape(), 3)

	l := pop.Layout()
	if len(l.Out) != 2 {
		t.Fatalf("pop has %d output shapes, want 2", len(l.Out))
	}
	shapeIs(t, "pop layout out 0", l.Out[0], 10)
	shapeIs(t, "pop layout out 1", l.Out[1], 10)
	st := stateShapes(l)
	if len(st) != 3 {
		t.Errorf("pop state %v, want ge, gi and refractory", l.State)
	}
	for _, name := range []string{"ge", "gi", "refractory"} {
		shapeIs(t, "pop state "+name, st[name], 10)
	}
	if in := pop.InShapes(); len(in) != 2 {
		t.Errorf("pop has %d input shapes, want 2", len(in))
	} else {
		shapeIs(t, "pop input exc", in[0], 10)
		shapeIs(t, "pop input inh", in[1], 10)
	}
	if in := lone.InShapes(); len(in) != 2 || in[0] != nil || in[1] != nil {
		t.Errorf("unconnected inputs of lone have shapes %v, want nil", in)
	}
	if s := ff.InShapes(); len(s) != 1 {
		t.Errorf("ff input shapes %v", s)
	} else {
		shapeIs(t, "ff input pre", s[0], 100)
	}

	// Monitors take their state shape from their input.
	shapeIs(t, "count state", stateShapes(count.Layout())["count"], 10)
	shapeIs(t, "srcCount state", stateShapes(srcCount.Layout())["count"], 100)
	if l := count.Layout(); len(l.Out) != 0 || len(l.State) != 1 {
		t.Errorf("count layout %+v, want no output and one state", l)
	}
	if l := spikes.Layout(); len(l.Out) != 0 || len(l.State) != 0 {
		t.Errorf("spike monitor layout %+v, want none", l)
	}
	if l := trace.Layout(); len(l.Out) != 0 || len(l.State) != 0 {
		t.Errorf("state monitor layout %+v, want none", l)
	}
	shapeIs(t, "in state", stateShapes(in.Layout())["value"], 3)

	// Bookkeeping.
	if srcCount.Cluster() != slow || slow.Name() != "slow" || !slow.Clock().Fires(7) || slow.Clock().Fires(8) {
		t.Error("srcCount is not in cluster slow firing at t%4 == 3")
	}
	if pop.Cluster() != g.Clusters()[0] || !pop.Cluster().Clock().Trivial() || pop.Cluster().Name() != "default" {
		t.Error("pop is not in the default cluster")
	}
	if g.Node("pop") != pop || g.Node("nope") != nil {
		t.Error("Node looks up the wrong node")
	}
	for i, n := range g.Nodes() {
		if n.ID() != i {
			t.Errorf("node %s has ID %d at index %d", n.Name(), n.ID(), i)
		}
	}
	if v, ok := pop.Input(1); !ok || v.Node() != rec || v.Port() != 0 || v.String() != "rec.post" {
		t.Errorf("pop input inh bound to %v, %v", v, ok)
	}
	if _, ok := lone.Input(0); ok {
		t.Error("lone input exc reported bound")
	}

	// Changing the graph invalidates it until validated again.
	g.Add("more", newLIF(1))
	if g.Valid() {
		t.Error("Valid() after Add")
	}
	if err := g.Validate(); err != nil || !g.Valid() {
		t.Fatalf("Validate again: %v", err)
	}
}

// TestMonitorShapeFollowsInput: a monitor's state follows whatever it is
// fed, including an empty group.
func TestMonitorShapeFollowsInput(t *testing.T) {
	for _, n := range []int{0, 1, 33} {
		g := newGraph()
		src := g.Add("src", newPoisson(n, 5))
		c := g.Add("count", &ops.SpikeCount{}, graph.In("spikes", src.Out("spikes")))
		if err := g.Validate(); err != nil {
			t.Fatalf("N=%d: %v", n, err)
		}
		shapeIs(t, fmt.Sprintf("N=%d count", n), stateShapes(c.Layout())["count"], n)
		if s := c.InShapes(); len(s) != 1 || !s[0].Equal(ops.Vec(n)) {
			t.Errorf("N=%d: count input shapes %v", n, s)
		}
	}
}

// TestInvalidValueString covers values and ports that name nothing.
func TestInvalidValueString(t *testing.T) {
	g := newGraph()
	pop := g.Add("pop", newLIF(2))
	v := pop.Out("nope")
	if v.Valid() || v.String() != "<invalid value>" || v.Shape() != nil {
		t.Errorf("unknown output gives %v (valid %v)", v, v.Valid())
	}
	if s := (graph.Value{}).String(); s != "<invalid value>" {
		t.Errorf("zero Value prints %q", s)
	}
	if s := pop.In("nope").String(); s != "<invalid input>" {
		t.Errorf("unknown input prints %q", s)
	}
	if s := pop.In("exc").String(); s != "pop.exc" {
		t.Errorf("input prints %q", s)
	}
	if s := pop.String(); s != "pop (LIF)" {
		t.Errorf("node prints %q", s)
	}
}

// A zero Value (not taken from Node.Out) is an error naming the consumer,
// and a shape mismatch downstream of a node with an unbound required input
// is still reported.
func TestZeroValueAndUnboundProducer(t *testing.T) {
	g := newGraph()
	lif := g.Add("lif", newLIF(4))
	g.Connect(graph.Value{}, lif.In("inh"))
	syn := g.Add("syn", newDense(3, 5)) // "pre" never bound
	g.Connect(syn.Out("post"), lif.In("exc"))
	err := g.Validate()
	for _, want := range []string{`node "lif" (LIF): unknown or duplicate name: cannot connect a zero Value to lif.inh`,
		`node "syn" (Dense): input not connected: required input "pre"`,
		`node "lif" (LIF): shape mismatch: input "exc" has shape [5], want [4]`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v\nwant a line containing %q", err, want)
		}
	}
}
