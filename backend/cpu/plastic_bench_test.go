package cpu

import (
	"fmt"
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/layers"
	"github.com/spikeflow/spikeflow/ops"
	"github.com/spikeflow/spikeflow/rng"
)

// plasticBench is a plastic projection stepped on its own, at dt = 0.5 ms
// (Diehl & Cook's step), fed precomputed spikes: pre at 8 Hz (about the
// mean rate of MNIST digits coded as 0-63.75 Hz), post at 5 Hz, so that
// only the kernel is timed, not the spike sources.
type plasticBench struct {
	pre, post int
	sparse    bool // 10% connectivity instead of dense
	rule      func(r *ops.STDPRule)
}

func (c plasticBench) graph() *graph.Graph {
	g := graph.New(graph.Config{Dt: 500 * time.Microsecond, Seed: 1})
	pre := g.Add("pre", &ops.Input{N: c.pre, Spikes: true})
	post := g.Add("post", &ops.Input{N: c.post, Spikes: true})
	r := ops.STDPRule{A3Plus: 1e-2, AMinus: 1e-4, TauPlus: 20 * time.Millisecond, TauMinus: 20 * time.Millisecond,
		TauY: 40 * time.Millisecond, WMax: 1, Pairing: ops.Nearest} // Diehl & Cook's (learn.DiehlCook)
	if c.rule != nil {
		c.rule(&r)
	}
	var op ops.Op
	if c.sparse {
		m, err := layers.FixedProbability{Pre: c.pre, Post: c.post, P: 0.1, Weight: 0.3, Seed: 1, Name: "bench"}.Build()
		if err != nil {
			panic(err)
		}
		op = &ops.STDPSparse{CSR: m, Delay: 1, Rule: r}
	} else {
		w := make([]float32, c.pre*c.post)
		for i := range w {
			w[i] = 0.3 * float32(i%7) / 7
		}
		op = &ops.STDPDense{Pre: c.pre, Post: c.post, W: w, Delay: 1, Rule: r}
	}
	g.Add("syn", op, graph.In("pre", pre.Out("out")), graph.In("post_spikes", post.Out("out")))
	return g
}

// spikeTrains draws ticks x n spikes at rate Hz for dt = 0.5 ms, as lists.
func spikeTrains(name string, n, ticks int, rate float64) [][]int32 {
	key, s := rng.NewKey(9), rng.Stream(name)
	out := make([][]int32, ticks)
	for t := range out {
		for i := range n {
			if rng.ToFloat32(key.Uint32(s, uint64(t), uint32(i))) < float32(rate*0.0005) {
				out[t] = append(out[t], int32(i))
			}
		}
	}
	return out
}

// BenchmarkSTDPDense reports microseconds per tick of a dense plastic
// projection alone: per tick, the pre spikes' rows (delivery and
// depression), the post spikes' columns (potentiation), the decay of
// every trace, and the fold of deferred rules.
//
//	go test ./backend/cpu -run='^$' -bench=STDP -benchtime=5000x
func BenchmarkSTDPDense(b *testing.B) {
	for _, c := range []struct {
		name string
		plasticBench
	}{
		{"Pre=784,Post=400/diehl-cook", plasticBench{pre: 784, post: 400}},
		{"Pre=784,Post=400/additive", plasticBench{pre: 784, post: 400, rule: func(r *ops.STDPRule) {
			r.A3Plus, r.APlus, r.Pairing = 0, 1e-2, ops.AllToAll
		}}},
		{"Pre=784,Post=400/power-law-deferred=700", plasticBench{pre: 784, post: 400, rule: func(r *ops.STDPRule) {
			r.Dependence, r.Mu, r.Every = ops.PowerLaw, 0.1, 700
		}}},
		{"Pre=4096,Post=1024/diehl-cook", plasticBench{pre: 4096, post: 1024}},
	} {
		b.Run(c.name, func(b *testing.B) { benchPlastic(b, c.plasticBench) })
	}
}

// BenchmarkSTDPSparse is BenchmarkSTDPDense with 10% connectivity.
func BenchmarkSTDPSparse(b *testing.B) {
	for _, c := range []plasticBench{{pre: 784, post: 400, sparse: true}, {pre: 4096, post: 1024, sparse: true}} {
		b.Run(fmt.Sprintf("Pre=%d,Post=%d/diehl-cook", c.pre, c.post), func(b *testing.B) { benchPlastic(b, c) })
	}
}

func benchPlastic(b *testing.B, c plasticBench) {
	const ticks = 1000
	g := c.graph()
	prog, err := Backend{Workers: 1}.Compile(g)
	if err != nil {
		b.Fatal(err)
	}
	defer prog.Close()
	p := prog.(*program)
	k := p.kernels[g.Node("syn").ID()]
	kern, abs := k.(kernel), k.(absorber)
	preBuf, postBuf := p.bufs[p.plan.Out[g.Node("pre").ID()][0]], p.bufs[p.plan.Out[g.Node("post").ID()][0]]
	pre, post := spikeTrains("pre", c.pre, ticks, 8), spikeTrains("post", c.post, ticks, 5)
	set := func(buf *buffer, list []int32) {
		for _, i := range buf.list {
			buf.data[i] = 0
		}
		buf.list = append(buf.list[:0], list...)
		for _, i := range list {
			buf.data[i] = 1
		}
	}
	var t uint64
	for b.Loop() {
		set(preBuf, pre[t%ticks])
		set(postBuf, post[t%ticks])
		kern.step(t)
		abs.absorb(t)
		t++
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/1e3/float64(b.N), "us/tick")
}

// TestPlasticZeroAllocsPerTick: a tick of plastic projections (dense and
// sparse, deferred and normalized), adaptive neurons and a Hebbian layer
// allocates nothing.
func TestPlasticZeroAllocsPerTick(t *testing.T) {
	for _, c := range []plasticBench{
		{pre: 300, post: 100},
		{pre: 300, post: 100, sparse: true, rule: func(r *ops.STDPRule) { r.Every = 5; r.Dependence = ops.Multiplicative }},
	} {
		g := c.graph()
		g.Node("pre").Op().(*ops.Input).Value = make([]float32, 300)
		g.Node("pre").Op().(*ops.Input).Value[7] = 1
		syn := g.Node("syn")
		lif := g.Add("lif", &ops.AdaptiveLIF{LIF: ops.LIF{N: 100, TauM: 10 * time.Millisecond, TauE: time.Millisecond,
			TauI: time.Millisecond, VRest: -60, VThreshold: -61, VReset: -70}, ThetaPlus: 0.1, TauTheta: time.Second},
			graph.In("exc", syn.Out("post")))
		x := g.Add("x", &ops.Input{N: 20, Value: make([]float32, 20)})
		g.Add("hebb", &ops.Hebbian{Pre: 20, Post: 5, W: make([]float32, 100), Rule: ops.Oja, Eta: 0.01}, graph.In("x", x.Out("out")))
		g.Add("count", &ops.SpikeCount{}, graph.In("spikes", lif.Out("spikes")))
		p, err := Backend{}.Compile(g)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Run(100); err != nil {
			t.Fatal(err)
		}
		if allocs := testing.AllocsPerRun(200, func() { _ = p.Run(1) }); allocs != 0 {
			t.Errorf("%+v: %v allocations per tick, want 0", c, allocs)
		}
		p.Close()
	}
}
