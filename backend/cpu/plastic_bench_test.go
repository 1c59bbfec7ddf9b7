package cpu_test

import (
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/backend/cpu"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/layers"
	"github.com/spikeflow/spikeflow/ops"
)

// plasticBench is a plastic projection between two Poisson populations,
// at dt = 0.5 ms (Diehl & Cook's step): pre at 8 Hz (about the mean rate of
// MNIST digits coded as 0-63.75 Hz), post at 5 Hz.
type plasticBench struct {
	pre, post int
	sparse    bool // 10% connectivity instead of dense
	rule      func(r *ops.STDPRule)
	none      bool // the Poisson sources alone: the baseline to subtract
}

func (c plasticBench) graph() *graph.Graph {
	g := graph.New(graph.Config{Dt: 500 * time.Microsecond, Seed: 1})
	pre := g.Add("pre", &ops.Poisson{N: c.pre, Rate: []float64{8}})
	post := g.Add("post", &ops.Poisson{N: c.post, Rate: []float64{5}})
	if c.none {
		return g
	}
	r := ops.STDPRule{APlus: 0, A3Plus: 1e-2, AMinus: 1e-4, TauPlus: 20 * time.Millisecond, TauMinus: 20 * time.Millisecond,
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
	g.Add("syn", op, graph.In("pre", pre.Out("spikes")), graph.In("post_spikes", post.Out("spikes")))
	return g
}

// BenchmarkSTDPDense reports microseconds per tick of a plastic
// projection with its two Poisson sources; "sources" is the sources alone,
// whose cost (Philox for every neuron and tick) is to be subtracted.
//
//	go test ./backend/cpu -run='^$' -bench=STDP
func BenchmarkSTDPDense(b *testing.B) {
	for _, c := range []struct {
		name string
		plasticBench
	}{
		{"Pre=784,Post=400/sources", plasticBench{pre: 784, post: 400, none: true}},
		{"Pre=784,Post=400/triplet-nearest", plasticBench{pre: 784, post: 400}},
		{"Pre=784,Post=400/additive", plasticBench{pre: 784, post: 400, rule: func(r *ops.STDPRule) {
			r.A3Plus, r.APlus, r.Pairing = 0, 1e-2, ops.AllToAll
		}}},
		{"Pre=784,Post=400/multiplicative-deferred=700", plasticBench{pre: 784, post: 400, rule: func(r *ops.STDPRule) {
			r.Dependence, r.Every = ops.Multiplicative, 700
		}}},
		{"Pre=4096,Post=1024/sources", plasticBench{pre: 4096, post: 1024, none: true}},
		{"Pre=4096,Post=1024/triplet-nearest", plasticBench{pre: 4096, post: 1024}},
	} {
		b.Run(c.name, func(b *testing.B) { benchTicks(b, c.graph()) })
	}
}

// BenchmarkSTDPSparse is BenchmarkSTDPDense with 10% connectivity.
func BenchmarkSTDPSparse(b *testing.B) {
	for _, c := range []struct {
		name string
		plasticBench
	}{
		{"Pre=784,Post=400", plasticBench{pre: 784, post: 400, sparse: true}},
		{"Pre=4096,Post=1024", plasticBench{pre: 4096, post: 1024, sparse: true}},
	} {
		b.Run(c.name, func(b *testing.B) { benchTicks(b, c.graph()) })
	}
}

func benchTicks(b *testing.B, g *graph.Graph) {
	p, err := cpu.Backend{}.Compile(g)
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	const ticks = 1000
	for b.Loop() {
		if err := p.Run(ticks); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*ticks), "us/tick")
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
		syn := g.Node("syn")
		lif := g.Add("lif", &ops.AdaptiveLIF{LIF: ops.LIF{N: 100, TauM: 10 * time.Millisecond, TauE: time.Millisecond,
			TauI: time.Millisecond, VRest: -60, VThreshold: -61, VReset: -70}, ThetaPlus: 0.1, TauTheta: time.Second},
			graph.In("exc", syn.Out("post")))
		x := g.Add("x", &ops.Input{N: 20, Value: make([]float32, 20)})
		g.Add("hebb", &ops.Hebbian{Pre: 20, Post: 5, W: make([]float32, 100), Rule: ops.Oja, Eta: 0.01}, graph.In("x", x.Out("out")))
		g.Add("count", &ops.SpikeCount{}, graph.In("spikes", lif.Out("spikes")))
		p, err := cpu.Backend{}.Compile(g)
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
