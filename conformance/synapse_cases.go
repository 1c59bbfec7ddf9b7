package conformance

import (
	"errors"
	"fmt"
	"math"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/layers"
	"github.com/spikeflow/spikeflow/ops"
)

// ticksFor runs a delay case long enough to see delivery and some traffic.
func ticksFor(delay int) int { return delay + 25 }

// denseCase: a Poisson population drives a LIF group through a dense
// projection of random signed weights; a fixed spike input through a second
// projection checks the delay by hand: nothing arrives before tick d, then
// the column sums of the active rows.
func denseCase(delay int) Case {
	const pre, post = 7, 5
	w := uniform("w", 0, pre*post, -2, 3)
	fixed := []float32{1, 0, 1, 0, 0, 0, 1}
	return Case{
		Name:  fmt.Sprintf("dense/delay=%d", delay),
		Kinds: []ops.Kind{ops.KindDense, ops.KindPoisson, ops.KindLIF, ops.KindStateMonitor},
		Ticks: ticksFor(delay),
		Build: func() (*graph.Graph, error) {
			g := newGraph()
			src := g.Add("src", &ops.Poisson{N: pre, Rate: []float64{800}})
			syn := g.Add("syn", &ops.Dense{Pre: pre, Post: post, W: w, Delay: delay}, graph.In("pre", src.Out("spikes")))
			lif := g.Add("lif", lifParams(post), graph.In("exc", syn.Out("post")))
			observe(g, lif.Out("spikes"))
			in := g.Add("fixed", &ops.Input{N: pre, Spikes: true, Value: fixed})
			probe := g.Add("probe", &ops.Dense{Pre: pre, Post: post, W: w, Delay: delay}, graph.In("pre", in.Out("out")))
			g.Add("trace", &ops.StateMonitor{Index: []int32{0, 4}}, graph.In("x", probe.Out("post")))
			return validated(g)
		},
		Check: func(p backend.Program) error {
			var want [post]float32
			for j, s := range fixed {
				for i := range post {
					want[i] += w[j*post+i] * s
				}
			}
			return expectDelivery(p, "trace", delay, want[0], want[4])
		},
	}
}

// sparseCase: the same with CSR connectivity, per-synapse or shared weights.
func sparseCase(delay int, shared bool) Case {
	const pre, post = 60, 40
	name := "weights"
	if shared {
		name = "shared-weight"
	}
	conn := func(seed uint64) ops.CSR {
		m, err := layers.FixedProbability{Pre: pre, Post: post, P: 0.2, Weight: 1.5, Seed: seed, Name: "conf"}.Build()
		if err != nil {
			panic(err) // fixed, valid parameters
		}
		if !shared {
			m.Weight = uniform("sparse-w", seed, m.NNZ(), -1, 2)
		}
		return m
	}
	return Case{
		Name:  fmt.Sprintf("sparse/%s/delay=%d", name, delay),
		Kinds: []ops.Kind{ops.KindSparse, ops.KindPoisson, ops.KindLIF, ops.KindStateMonitor},
		Ticks: ticksFor(delay),
		Build: func() (*graph.Graph, error) {
			g := newGraph()
			src := g.Add("src", &ops.Poisson{N: pre, Rate: []float64{600}})
			syn := g.Add("syn", &ops.Sparse{CSR: conn(1), Delay: delay}, graph.In("pre", src.Out("spikes")))
			lif := g.Add("lif", lifParams(post), graph.In("exc", syn.Out("post")))
			observe(g, lif.Out("spikes"))
			// One presynaptic neuron spiking on every tick: post[i] is the
			// sum of its weights onto i.
			one := make([]float32, pre)
			one[0] = 1
			in := g.Add("fixed", &ops.Input{N: pre, Spikes: true, Value: one})
			probe := g.Add("probe", &ops.Sparse{CSR: conn(2), Delay: delay}, graph.In("pre", in.Out("out")))
			m := conn(2)
			target := m.Target[m.RowPtr[0]] // the first target of neuron 0
			g.Add("trace", &ops.StateMonitor{Index: []int32{target, target}}, graph.In("x", probe.Out("post")))
			return validated(g)
		},
		Check: func(p backend.Program) error {
			m := conn(2)
			target := m.Target[m.RowPtr[0]]
			var want float32
			for k := m.RowPtr[0]; k < m.RowPtr[1]; k++ {
				if m.Target[k] == target {
					want += m.W(int(k))
				}
			}
			return expectDelivery(p, "trace", delay, want, want)
		},
	}
}

// expectDelivery checks a two-element trace of a synapse's output recorded
// every tick: zero before tick delay, then a and b.
func expectDelivery(p backend.Program, monitor string, delay int, a, b float32) error {
	tr, err := p.Trace(monitor)
	if err != nil {
		return err
	}
	for k, t := range tr.Tick {
		wa, wb := a, b
		if t < uint64(delay) {
			wa, wb = 0, 0
		}
		if !close32(tr.At(k, 0), wa) || !close32(tr.At(k, 1), wb) {
			return fmt.Errorf("%s at tick %d = (%v, %v), want (%v, %v) for delay %d", monitor, t, tr.At(k, 0), tr.At(k, 1), wa, wb, delay)
		}
	}
	return nil
}

// close32 compares a backend's sum with one computed in another order.
func close32(a, b float32) bool {
	return math.Abs(float64(a-b)) <= 1e-5*math.Max(1, math.Abs(float64(b)))
}

func expectRead(p backend.Program, name string, want []float32) error {
	got := make([]float32, len(want))
	if err := p.Read(name, got); err != nil {
		return err
	}
	for i := range want {
		if got[i] != want[i] {
			return fmt.Errorf("%s[%d] = %v, want %v", name, i, got[i], want[i])
		}
	}
	return nil
}

func expectSpikes(p backend.Program, monitor string, ticks []uint64, index []int32) error {
	rec, err := p.Spikes(monitor)
	if err != nil {
		return err
	}
	return sameSpikes(monitor+" (hand-computed)", ops.SpikeRecord{Tick: ticks, Index: index}, rec)
}

func errorsJoin(errs ...error) error { return errors.Join(errs...) }
