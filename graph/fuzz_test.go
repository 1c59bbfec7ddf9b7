package graph_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

// Bits of FuzzValidate's flags argument.
const (
	fuzzTypoOut    = 1 << iota // src.Out("spkes")
	fuzzTypoIn                 // ff.In("pr")
	fuzzBindTwice              // bind pop's "exc" a second time
	fuzzSameTick               // feed pop's v back into src's rate: a cycle if ff's delay is 0
	fuzzRecurrent              // connect the recurrent Sparse into pop's "inh"
	fuzzCluster                // put pop in the fuzzed cluster
	fuzzDupName                // add a second node named "pop"
	fuzzShortW                 // drop the last element of ff's W
	fuzzCountV                 // count pop's "v" instead of its spikes
	fuzzMonitorRec             // monitor rec's output instead of pop's v
	fuzzNoSrc                  // leave ff's "pre" unconnected
	fuzzRowPtrDown             // make rec's RowPtr decrease
	fuzzRateInput              // drive src's rate from an Input of size post
)

var allSentinels = []error{graph.ErrName, graph.ErrCycle, graph.ErrClock, graph.ErrInput, graph.ErrGraph, ops.ErrParam, ops.ErrShape}

// FuzzValidate builds a small network from fuzzed sizes, durations,
// parameters, delays and port names. Validate must never panic, must report
// each problem as a *graph.Error naming its node and wrapping a sentinel, must
// report the mistakes planted on purpose, and on success must leave shapes
// that are non-negative and agree across every edge.
func FuzzValidate(f *testing.F) {
	ms := int64(time.Millisecond)
	// nSrc, nPop, post, dt, rate, thresh, w, tauM, delay, target, index, period, phase, flags
	f.Add(int8(10), int8(4), int8(4), int64(100*time.Microsecond), 20.0, -50.0, 0.5, 20*ms, int16(1), int16(0), int16(3), int8(1), int8(0), uint16(fuzzRecurrent))
	f.Add(int8(5), int8(4), int8(3), int64(100*time.Microsecond), 20000.0, math.NaN(), math.Inf(1), -20*ms, int16(0), int16(9), int16(4), int8(0), int8(0), uint16(0xffff))
	f.Add(int8(3), int8(3), int8(3), int64(0), -1.0, math.Inf(-1), 1.0, int64(0), int16(2), int16(-1), int16(-1), int8(2), int8(2), uint16(fuzzSameTick|fuzzCluster))
	f.Add(int8(-1), int8(-2), int8(-3), int64(-ms), 1.0, 0.0, 0.0, ms, int16(ops.MaxDelay+1), int16(0), int16(0), int8(-1), int8(-5), uint16(fuzzTypoOut|fuzzTypoIn|fuzzDupName))
	f.Add(int8(0), int8(0), int8(0), int64(ms), 0.0, 1.0, 0.0, ms, int16(1), int16(0), int16(0), int8(3), int8(2), uint16(fuzzCluster|fuzzCountV|fuzzMonitorRec))
	f.Add(int8(8), int8(5), int8(5), int64(250*time.Microsecond), 100.0, -55.0, 2.0, 10*ms, int16(3), int16(4), int16(4), int8(3), int8(2), uint16(fuzzCluster|fuzzCountV|fuzzMonitorRec|fuzzRecurrent))
	f.Add(int8(6), int8(6), int8(6), int64(100*time.Microsecond), 5.0, -50.0, 0.1, 20*ms, int16(0), int16(0), int16(0), int8(1), int8(0), uint16(fuzzSameTick))
	f.Add(int8(2), int8(2), int8(2), int64(ms), 1000.0, 0.0, 1e39, ms, int16(3), int16(1), int16(1), int8(1), int8(0), uint16(fuzzRateInput|fuzzRowPtrDown|fuzzShortW|fuzzNoSrc|fuzzBindTwice))

	f.Fuzz(func(t *testing.T, nSrc, nPop, post int8, dtNs int64, rate, thresh, w float64, tauM int64,
		delay, target, index int16, period, phase int8, flags uint16) {
		has := func(bit uint16) bool { return flags&bit != 0 }
		d := time.Duration(dtNs)
		g := graph.New(graph.Config{Dt: d, Seed: 7})
		cl := g.NewCluster("clk", graph.Clock{Period: int(period), Phase: int(phase)})

		src := g.Add("src", &ops.Poisson{N: int(nSrc), Rate: []float64{rate}})

		pre, po := int(nSrc), int(post)
		ffOp := &ops.Dense{Pre: pre, Post: po, Delay: int(delay)}
		if pre > 0 && po > 0 {
			ffOp.W = make([]float32, pre*po)
			for i := range ffOp.W {
				ffOp.W[i] = float32(w) // may overflow to ±Inf
			}
			if has(fuzzShortW) {
				ffOp.W = ffOp.W[1:]
			}
		}
		ff := g.Add("ff", ffOp)
		if !has(fuzzNoSrc) {
			out, in := "spikes", "pre"
			if has(fuzzTypoOut) {
				out = "spkes"
			}
			if has(fuzzTypoIn) {
				in = "pr"
			}
			g.Connect(src.Out(out), ff.In(in))
		}

		lif := &ops.LIF{
			N: int(nPop), TauM: time.Duration(tauM), TauE: 5 * time.Millisecond, TauI: time.Duration(tauM) / 2,
			VRest: -60, VThreshold: thresh, VReset: -60, Refractory: time.Duration(tauM) / 4,
		}
		var opts []graph.Option
		if has(fuzzCluster) {
			opts = append(opts, graph.InCluster(cl))
		}
		opts = append(opts, graph.In("exc", ff.Out("post")))
		pop := g.Add("pop", lif, opts...)
		if has(fuzzBindTwice) {
			g.Connect(src.Out("spikes"), pop.In("exc"))
		}

		// Recurrent Sparse: neuron j to neuron j, except that neuron 0
		// targets the fuzzed index.
		np := int(nPop)
		m := ops.CSR{Pre: np, Post: np, Weight: []float32{float32(w)}}
		if np >= 0 {
			m.RowPtr = make([]int32, np+1)
			for j := range np {
				tgt := int32(j)
				if j == 0 {
					tgt = int32(target)
				}
				m.Target = append(m.Target, tgt)
				m.RowPtr[j+1] = int32(len(m.Target))
			}
			if has(fuzzRowPtrDown) && np >= 2 {
				m.RowPtr[1] = 2
				m.RowPtr[2] = 1
			}
		}
		rec := g.Add("rec", &ops.Sparse{CSR: m, Delay: int(delay)}, graph.In("pre", pop.Out("spikes")))
		if has(fuzzRecurrent) {
			g.Connect(rec.Out("post"), pop.In("inh"))
		}
		if has(fuzzSameTick) {
			g.Connect(pop.Out("v"), src.In("rate"))
		} else if has(fuzzRateInput) {
			r := g.Add("rates", &ops.Input{N: int(post)})
			g.Connect(r.Out("out"), src.In("rate"))
		}

		counted := pop.Out("spikes")
		if has(fuzzCountV) {
			counted = pop.Out("v")
		}
		count := g.Add("count", &ops.SpikeCount{}, graph.In("spikes", counted))
		watched := pop.Out("v")
		if has(fuzzMonitorRec) {
			watched = rec.Out("post")
		}
		g.Add("mon", &ops.StateMonitor{Index: []int32{int32(index)}}, graph.In("x", watched))
		if has(fuzzDupName) {
			g.Add("pop", &ops.SpikeMonitor{}, graph.In("spikes", pop.Out("spikes")))
		}

		err := g.Validate()
		if again := g.Validate(); (again == nil) != (err == nil) || (err != nil && again.Error() != err.Error()) {
			t.Fatalf("Validate is not repeatable:\n%v\nthen:\n%v", err, again)
		}
		if g.Valid() != (err == nil) {
			t.Fatalf("Valid() = %v with error %v", g.Valid(), err)
		}

		// Mistakes planted on purpose must be reported, naming the node.
		mustReport := func(why string, sentinel error, who string) {
			t.Helper()
			if err == nil {
				t.Fatalf("%s: Validate returned nil", why)
			}
			if !errors.Is(err, sentinel) {
				t.Fatalf("%s: error does not wrap %v:\n%v", why, sentinel, err)
			}
			if !strings.Contains(err.Error(), who) {
				t.Fatalf("%s: error does not name %s:\n%v", why, who, err)
			}
		}
		dtOK := d > 0
		if !dtOK {
			mustReport("dt <= 0", graph.ErrGraph, "graph: ")
		}
		if period < 1 || phase < 0 || phase >= period {
			mustReport("bad clock", graph.ErrClock, `cluster "clk"`)
		}
		if has(fuzzTypoOut) && !has(fuzzNoSrc) {
			mustReport("typo in output", graph.ErrName, `node "src" (Poisson): unknown or duplicate name: unknown output "spkes"`)
		}
		if has(fuzzTypoIn) && !has(fuzzNoSrc) {
			mustReport("typo in input", graph.ErrName, `node "ff" (Dense): unknown or duplicate name: unknown input "pr"`)
		}
		if has(fuzzTypoOut) || has(fuzzTypoIn) || has(fuzzNoSrc) {
			mustReport("ff unconnected", graph.ErrInput, `node "ff" (Dense): input not connected: required input "pre"`)
		}
		if has(fuzzBindTwice) {
			mustReport("bound twice", graph.ErrName, `node "pop" (LIF): unknown or duplicate name: input "exc" is already bound`)
		}
		if has(fuzzDupName) {
			mustReport("duplicate name", graph.ErrName, `node "pop" (SpikeMonitor)`)
		}
		if dtOK {
			if math.IsNaN(rate) || math.IsInf(rate, 0) || rate < 0 || rate*d.Seconds() > 1 {
				mustReport("bad rate", ops.ErrParam, `node "src" (Poisson): invalid parameter: Rate`)
			}
			if math.IsNaN(thresh) || math.IsInf(thresh, 0) {
				mustReport("bad threshold", ops.ErrParam, `node "pop" (LIF): invalid parameter: VThreshold`)
			}
			if tauM <= 0 {
				mustReport("bad TauM", ops.ErrParam, `node "pop" (LIF): invalid parameter: TauM`)
			}
			if delay < 1 || int(delay) > ops.MaxDelay {
				mustReport("bad delay", ops.ErrParam, `node "ff" (Dense): invalid parameter: Delay`)
				mustReport("bad delay", ops.ErrParam, `node "rec" (Sparse): invalid parameter: Delay`)
			}
			if nSrc < 0 || post < 0 {
				mustReport("negative size", ops.ErrParam, `node "ff" (Dense): invalid parameter: P`)
			}
			if nPop > 0 && (int(target) < 0 || int(target) >= np) {
				mustReport("bad target", ops.ErrParam, `node "rec" (Sparse): invalid parameter: Target[0]`)
			}
			if has(fuzzRowPtrDown) && np >= 2 {
				mustReport("decreasing RowPtr", ops.ErrParam, `node "rec" (Sparse): invalid parameter: RowPtr decreases`)
			}
			if fw := float64(float32(w)); pre > 0 && po > 0 && (math.IsNaN(fw) || math.IsInf(fw, 0)) {
				mustReport("bad weight", ops.ErrParam, `node "ff" (Dense): invalid parameter: W[`)
			}
			if fw := float64(float32(w)); np >= 0 && (math.IsNaN(fw) || math.IsInf(fw, 0)) {
				mustReport("bad weight", ops.ErrParam, `node "rec" (Sparse): invalid parameter: Weight[0]`)
			}
		}
		if has(fuzzSameTick) && delay == 0 && !has(fuzzNoSrc) && !has(fuzzTypoOut) && !has(fuzzTypoIn) {
			mustReport("same-tick cycle", graph.ErrCycle, "src -> ff -> pop -> src")
		}
		// Shape rules run beside bad parameters, so a mismatch between ff
		// and pop is found whenever ff's input is bound (an unbound required
		// input leaves ff's shapes unresolved).
		if post != nPop && !has(fuzzNoSrc) && !has(fuzzTypoOut) && !has(fuzzTypoIn) {
			mustReport("ff into pop", ops.ErrShape, `node "pop" (LIF): shape mismatch: input "exc"`)
		}

		if err != nil {
			ps := parts(t, err)
			if len(ps) == 0 {
				t.Fatalf("error without problems: %v", err)
			}
			for _, p := range ps {
				msg := p.Error()
				switch {
				case p.Node == "" && !strings.HasPrefix(msg, "graph: "):
					t.Errorf("graph-wide problem not marked so: %q", msg)
				case p.Node != "" && !strings.HasPrefix(msg, `node "`+p.Node+`"`):
					t.Errorf("problem does not start by naming node %q: %q", p.Node, msg)
				}
				n := 0
				for _, s := range allSentinels {
					if errors.Is(p, s) {
						n++
					}
				}
				if n != 1 {
					t.Errorf("problem wraps %d sentinels: %q", n, msg)
				}
			}
			return
		}

		// Success: every shape is known, non-negative and agrees across
		// edges; every op accepts its input shapes.
		if d <= 0 {
			t.Fatalf("validated with Dt = %v", d)
		}
		for _, n := range g.Nodes() {
			l := n.Layout()
			if len(l.Out) != len(n.OutputPorts()) {
				t.Fatalf("node %s: %d output shapes for %d outputs", n, len(l.Out), len(n.OutputPorts()))
			}
			for i, s := range l.Out {
				checkShape(t, n.String()+" output "+n.OutputPorts()[i].Name, s)
			}
			for _, v := range l.State {
				checkShape(t, n.String()+" state "+v.Name, v.Shape)
			}
			in := n.InShapes()
			if len(in) != len(n.InputPorts()) {
				t.Fatalf("node %s: %d input shapes for %d inputs", n, len(in), len(n.InputPorts()))
			}
			for i := range n.InputPorts() {
				v, bound := n.Input(i)
				switch {
				case !bound && in[i] != nil:
					t.Errorf("node %s: unbound input %d has shape %v", n, i, in[i])
				case bound && !in[i].Equal(v.Shape()):
					t.Errorf("node %s: input %d has shape %v, its producer %v has %v", n, i, in[i], v, v.Shape())
				case bound:
					checkShape(t, n.String()+" input", in[i])
				}
			}
			if err := n.Op().Validate(d); err != nil {
				t.Errorf("node %s validated but its op says: %v", n, err)
			}
			if _, err := n.Op().Infer(in); err != nil {
				t.Errorf("node %s validated but its shape rule says: %v", n, err)
			}
		}
		if s := stateShapes(count.Layout())["count"]; !s.Equal(counted.Shape()) {
			t.Errorf("count state %v, counted value %v", s, counted.Shape())
		}
		if !pop.Out("spikes").Shape().Equal(ops.Vec(int(nPop))) {
			t.Errorf("pop spikes shape %v, want [%d]", pop.Out("spikes").Shape(), nPop)
		}
		for _, c := range g.Clusters() {
			if k := c.Clock(); k.Period < 1 || k.Phase < 0 || k.Phase >= k.Period {
				t.Errorf("cluster %q validated with clock %+v", c.Name(), k)
			}
		}
	})
}

func checkShape(t *testing.T, what string, s ops.Shape) {
	t.Helper()
	if s == nil {
		t.Errorf("%s: shape unknown", what)
	}
	for _, d := range s {
		if d < 0 {
			t.Errorf("%s: shape %v has a negative size", what, s)
		}
	}
}
