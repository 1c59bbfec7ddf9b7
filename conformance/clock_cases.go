package conformance

import (
	"fmt"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/layers"
	"github.com/spikeflow/spikeflow/ops"
)

// Clock cases: networks whose clusters step on clocks of different periods
// and phases (see backend.Plan for the rules). They need a backend whose
// Capabilities.Clocks is true and are skipped, with that reason, on others.

func clockCases() []Case {
	cs := []Case{clockBufferCase()}
	for _, v := range []clockNet{
		// Periods 1, 2, 3 with phases 0, 1, 2; synapses in the consumer's
		// cluster, except the inhibitory one, whose held current the
		// excitatory group reads with delay 0 from another clock.
		{name: "p1-p2-p3", clk: [3]graph.Clock{{Period: 1}, {Period: 2, Phase: 1}, {Period: 3, Phase: 2}}, delay: [3]int{1, 5, 1}},
		{name: "p4-p1-p3", clk: [3]graph.Clock{{Period: 4, Phase: 1}, {Period: 1}, {Period: 3}}, delay: [3]int{5, 1, 5}},
		{name: "p2-p2-p3-phases", clk: [3]graph.Clock{{Period: 2}, {Period: 2, Phase: 1}, {Period: 3, Phase: 1}}, delay: [3]int{1, 1, 5}},
		// Synapses in the producer's cluster: every group reads a current
		// held by another clock, with delay 0.
		{name: "p3-p1-p2-producer-side", clk: [3]graph.Clock{{Period: 3, Phase: 2}, {Period: 1}, {Period: 2, Phase: 1}},
			delay: [3]int{5, 1, 1}, producerSide: true},
	} {
		cs = append(cs, v.build())
	}
	cs = append(cs, clockSTDPCase(false), clockSTDPCase(true))
	for i := range cs {
		cs[i].Clocks = true
	}
	return cs
}

// clockBufferCase sends spikes from a fast cluster (P=1) to slower ones:
// neuron 0 spikes on every tick, the others at random. A SpikeMonitor on
// P=4, phase 1 must see each spike once, at its first step at or after the
// spike; an identity Dense projection on P=5, phase 2 with delay 3 must
// deliver at each step t the number of spikes of (t-8, t-3], so that what
// it received adds up to what was sent.
func clockBufferCase() Case {
	const n, ticks, delay = 24, 203, 3
	spikes := func(t uint64) []float32 {
		x := bits("clock-buffer", t, n, 0.3)
		x[0] = 1
		return x
	}
	eye := make([]float32, n*n)
	for i := range n {
		eye[i*n+i] = 1
	}
	all := make([]int32, n)
	for i := range all {
		all[i] = int32(i)
	}
	return Case{
		Name:  "clocks/buffer",
		Kinds: []ops.Kind{ops.KindInput, ops.KindDense, ops.KindSpikeMonitor, ops.KindStateMonitor, ops.KindSpikeCount},
		Ticks: ticks,
		Build: func() (*graph.Graph, error) {
			g := newGraph()
			p4 := g.NewCluster("p4", graph.Clock{Period: 4, Phase: 1})
			p5 := g.NewCluster("p5", graph.Clock{Period: 5, Phase: 2})
			in := g.Add("in", &ops.Input{N: n, Spikes: true})
			g.Add("mon", &ops.SpikeMonitor{}, graph.In("spikes", in.Out("out")), graph.InCluster(p4))
			g.Add("count", &ops.SpikeCount{}, graph.In("spikes", in.Out("out")), graph.InCluster(p4))
			syn := g.Add("syn", &ops.Dense{Pre: n, Post: n, W: eye, Delay: delay}, graph.In("pre", in.Out("out")), graph.InCluster(p5))
			g.Add("received", &ops.StateMonitor{Index: all}, graph.In("x", syn.Out("post")), graph.InCluster(p5))
			return validated(g)
		},
		Feed: func(t uint64, p backend.Program) error { return p.Write("in", spikes(t)) },
		Check: func(p backend.Program) error {
			rec, err := p.Spikes("mon")
			if err != nil {
				return err
			}
			var want ops.SpikeRecord
			var seen [n]bool // spiked since the monitor's last step
			for u := uint64(0); u < ticks; u++ {
				for i, s := range spikes(u) {
					seen[i] = seen[i] || s != 0
				}
				if u%4 == 1 {
					for i := range seen {
						if seen[i] {
							want.Tick, want.Index = append(want.Tick, u), append(want.Index, int32(i))
						}
					}
					seen = [n]bool{}
				}
			}
			if err := sameSpikes("mon", want, rec); err != nil {
				return fmt.Errorf("a P=4 monitor of every-tick spikes: %w", err)
			}
			tr, err := p.Trace("received")
			if err != nil {
				return err
			}
			var sent, received [n]float32
			for k, t := range tr.Tick {
				if t%5 != 2 {
					return fmt.Errorf("received recorded at tick %d, not a step of P=5, phase 2", t)
				}
				var window [n]float32
				for u := int64(t) - delay - 4; u <= int64(t)-delay; u++ {
					if u >= 0 {
						for i, s := range spikes(uint64(u)) {
							window[i] += s
							sent[i] += s
						}
					}
				}
				for i := range n {
					received[i] += tr.At(k, i)
					if tr.At(k, i) != window[i] {
						return fmt.Errorf("syn.post[%d] at tick %d = %v, want the %v spikes of ticks (%d, %d]",
							i, t, tr.At(k, i), window[i], int64(t)-delay-5, int64(t)-delay)
					}
				}
			}
			if last := tr.Tick[len(tr.Tick)-1]; received[0] != float32(last-delay+1) || received != sent {
				return fmt.Errorf("received %v, sent %v (neuron 0: %d ticks up to %d)", received, sent, last-delay+1, last-delay)
			}
			return nil
		},
	}
}

// clockNet is a three-cluster network: Poisson inputs (cluster 0) drive a
// LIF group (cluster 1) through a sparse projection; that group drives a
// second LIF group (cluster 2) through a dense projection, which inhibits
// the first back through another dense projection. Monitors sit on other
// clusters than what they watch.
type clockNet struct {
	name  string
	clk   [3]graph.Clock
	delay [3]int // input -> e, e -> f, f -> e (inhibition)
	// producerSide puts each projection in its source's cluster instead of
	// its target's; the inhibitory one is in cluster 0 either way.
	producerSide bool
}

func (v clockNet) build() Case {
	const nIn, nE, nF, ticks = 100, 80, 40, 1500
	lif := func(n int) *ops.LIF {
		return &ops.LIF{N: n, TauM: 10 * time.Millisecond, TauE: 5 * time.Millisecond, TauI: 5 * time.Millisecond,
			VRest: -65, VThreshold: -50, VReset: -65, Refractory: time.Millisecond}
	}
	wEF := uniform("clock-ef", 0, nE*nF, 0, 8)
	wFE := uniform("clock-fe", 0, nF*nE, -3, 0)
	vIdx := []int32{0, 7, nF - 1}
	return Case{
		Name:         "clocks/network/" + v.name,
		Kinds:        []ops.Kind{ops.KindPoisson, ops.KindSparse, ops.KindDense, ops.KindLIF, ops.KindSpikeMonitor, ops.KindStateMonitor, ops.KindSpikeCount},
		Ticks:        ticks,
		CompareEvery: 7,
		Build: func() (*graph.Graph, error) {
			m, err := layers.FixedProbability{Pre: nIn, Post: nE, P: 0.2, Seed: 5, Name: "clock-in"}.Build()
			if err != nil {
				return nil, err
			}
			m.Weight = uniform("clock-in", 0, m.NNZ(), 0.5, 2)
			g := newGraph()
			var c [3]*graph.Cluster
			for i, clk := range v.clk {
				c[i] = g.NewCluster(fmt.Sprintf("c%d", i), clk)
			}
			in, e, f := graph.InCluster(c[0]), graph.InCluster(c[1]), graph.InCluster(c[2])
			sIn, sEF := e, f
			if v.producerSide {
				sIn, sEF = in, e
			}
			src := g.Add("input", &ops.Poisson{N: nIn, Rate: []float64{100}}, in)
			s1 := g.Add("s-in", &ops.Sparse{CSR: m, Delay: v.delay[0]}, graph.In("pre", src.Out("spikes")), sIn)
			s3 := g.Add("s-fe", &ops.Dense{Pre: nF, Post: nE, W: wFE, Delay: v.delay[2]}, in)
			ge := g.Add("e", lif(nE), graph.In("exc", s1.Out("post")), graph.In("inh", s3.Out("post")), e)
			s2 := g.Add("s-ef", &ops.Dense{Pre: nE, Post: nF, W: wEF, Delay: v.delay[1]}, graph.In("pre", ge.Out("spikes")), sEF)
			gf := g.Add("f", lif(nF), graph.In("exc", s2.Out("post")), f)
			g.Connect(gf.Out("spikes"), s3.In("pre"))
			g.Add("mon-input", &ops.SpikeMonitor{}, graph.In("spikes", src.Out("spikes")), f)
			g.Add("mon-e", &ops.SpikeMonitor{}, graph.In("spikes", ge.Out("spikes")), e)
			g.Add("mon-f", &ops.SpikeMonitor{}, graph.In("spikes", gf.Out("spikes")), in)
			g.Add("count-f", &ops.SpikeCount{}, graph.In("spikes", gf.Out("spikes")), e)
			g.Add("v-f", &ops.StateMonitor{Index: vIdx, Every: 3}, graph.In("x", gf.Out("v")), in)
			return validated(g)
		},
		Check: func(p backend.Program) error {
			for _, mon := range []string{"mon-input", "mon-e", "mon-f"} {
				rec, err := p.Spikes(mon)
				if err != nil {
					return err
				}
				if rec.Len() == 0 {
					return fmt.Errorf("%s recorded no spike; the network should be active", mon)
				}
			}
			// The monitor of f on cluster 0 sees every spike of f once:
			// as many as f's counter on cluster 1 counts windows with a
			// spike, at least, and exactly as many as f emitted.
			rec, _ := p.Spikes("mon-f")
			count := make([]float32, nF)
			if err := p.Read("count-f.count", count); err != nil {
				return err
			}
			var counted float32
			for _, x := range count {
				counted += x
			}
			if float32(rec.Len()) < counted {
				return fmt.Errorf("f's monitor recorded %d events, fewer than the %v windows its counter saw a spike in", rec.Len(), counted)
			}
			for _, t := range rec.Tick {
				if !v.clk[0].Fires(t) {
					return fmt.Errorf("mon-f recorded at tick %d, when its clock %+v does not fire", t, v.clk[0])
				}
			}
			return nil
		},
	}
}

// clockSTDPCase is a plastic projection on a slow clock: Poisson spikes
// on P=1 reach, through an STDP projection with delay 2 on P=3, phase 1
// (traces decaying over 3 ticks per step, pre spikes summed over windows
// of 3 ticks), a LIF group on the same slow clock (dense) or on P=1
// (sparse, whose post spikes then also arrive in windows of 3 ticks), with
// a deferred rule in the sparse case.
func clockSTDPCase(sparse bool) Case {
	const nPre, nPost, ticks = 60, 20, 600
	pr := projection{sparse: sparse, nPre: nPre, nPost: nPost}
	rule := stdpRule()
	rule.APlus, rule.AMinus = 0.05, 0.06
	if sparse {
		rule.Every = 3
	}
	op, _, _, _ := pr.build(rule, ops.Normalization{}, 2)
	switch o := op.(type) {
	case *ops.STDPDense:
		for k := range o.W {
			o.W[k] *= 4
		}
		o.Rule.WMax = 4
	case *ops.STDPSparse:
		for k := range o.Weight {
			o.Weight[k] *= 4
		}
		o.Rule.WMax = 4
	}
	return Case{
		Name:         pr.name("clocks/stdp", "slow"),
		Kinds:        []ops.Kind{pr.kind(), ops.KindPoisson, ops.KindLIF, ops.KindSpikeMonitor},
		Ticks:        ticks,
		CompareEvery: 5,
		Build: func() (*graph.Graph, error) {
			g := newGraph()
			slow := g.NewCluster("slow", graph.Clock{Period: 3, Phase: 1})
			post := graph.InCluster(slow)
			if sparse {
				post = graph.InCluster(g.Clusters()[0])
			}
			src := g.Add("input", &ops.Poisson{N: nPre, Rate: []float64{150}})
			syn := g.Add("syn", op, graph.In("pre", src.Out("spikes")), graph.InCluster(slow))
			lif := g.Add("post", &ops.LIF{N: nPost, TauM: 10 * time.Millisecond, TauE: 3 * time.Millisecond, TauI: 5 * time.Millisecond,
				VRest: -65, VThreshold: -55, VReset: -65, Refractory: time.Millisecond}, graph.In("exc", syn.Out("post")), post)
			g.Connect(lif.Out("spikes"), syn.In("post_spikes"))
			g.Add("mon-post", &ops.SpikeMonitor{}, graph.In("spikes", lif.Out("spikes")), graph.InCluster(slow))
			g.Add("mon-pre", &ops.SpikeMonitor{}, graph.In("spikes", src.Out("spikes")))
			return validated(g)
		},
		Check: func(p backend.Program) error {
			rec, err := p.Spikes("mon-post")
			if err != nil {
				return err
			}
			if rec.Len() == 0 {
				return fmt.Errorf("the postsynaptic group never spiked: plasticity is not exercised")
			}
			return nil
		},
	}
}
