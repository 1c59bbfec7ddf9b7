package conformance

import (
	"fmt"
	"math"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/layers"
	"github.com/spikeflow/spikeflow/ops"
)

// stdpRule is the rule the plasticity cases vary: traces of 20 and 30
// ticks, depression slightly stronger than potentiation, as in Song et al.
func stdpRule() ops.STDPRule {
	return ops.STDPRule{APlus: 0.01, AMinus: 0.012, TauPlus: 2 * time.Millisecond, TauMinus: 3 * time.Millisecond, WMin: 0, WMax: 1}
}

// projection is a plastic projection under test: dense, or sparse with
// random connectivity, of nPre x nPost neurons.
type projection struct {
	sparse      bool
	nPre, nPost int
}

// name is the case name "prefix/dense/what-PRExPOST" (or sparse), so that
// the conformance table has one row per kind of projection.
func (pr projection) name(prefix, what string) string {
	kind := "dense"
	if pr.sparse {
		kind = "sparse"
	}
	return fmt.Sprintf("%s/%s/%s-%dx%d", prefix, kind, what, pr.nPre, pr.nPost)
}

func (pr projection) kind() ops.Kind {
	if pr.sparse {
		return ops.KindSTDPSparse
	}
	return ops.KindSTDPDense
}

// build returns the op with initial weights in [0.2, 0.8) and, for the
// checks, the source and target of every synapse and its initial weight.
func (pr projection) build(rule ops.STDPRule, norm ops.Normalization, delay int) (op ops.Op, src, dst []int32, w0 []float32) {
	if !pr.sparse {
		w0 = uniform("stdp-w0", 0, pr.nPre*pr.nPost, 0.2, 0.8)
		for j := range pr.nPre {
			for i := range pr.nPost {
				src, dst = append(src, int32(j)), append(dst, int32(i))
			}
		}
		return &ops.STDPDense{Pre: pr.nPre, Post: pr.nPost, W: w0, Delay: delay, Rule: rule, Normalize: norm}, src, dst, w0
	}
	m, err := layers.FixedProbability{Pre: pr.nPre, Post: pr.nPost, P: 0.3, Seed: 3, Name: "stdp"}.Build()
	if err != nil {
		panic(err) // fixed, valid parameters
	}
	m.Weight = uniform("stdp-w0", 0, m.NNZ(), 0.2, 0.8)
	for j := range pr.nPre {
		for k := m.RowPtr[j]; k < m.RowPtr[j+1]; k++ {
			src, dst = append(src, int32(j)), append(dst, m.Target[k])
		}
	}
	return &ops.STDPSparse{CSR: m, Delay: delay, Rule: rule, Normalize: norm}, src, dst, m.Weight
}

// stdpVariant is one setting of a plastic projection fed by host spikes.
type stdpVariant struct {
	name      string
	rule      func(r *ops.STDPRule)
	delay     int
	weighted  bool      // presynaptic values 0, 0.5 or 2 instead of 0/1
	learnOff  [2]uint64 // learning is off at ticks in [learnOff[0], learnOff[1])
	norm      ops.Normalization
	normInput bool // normalize through the input on every 7th tick and the last
	negZero   bool // every third initial weight is -0, at the bound WMin = +0
}

func stdpVariants() []stdpVariant {
	return []stdpVariant{
		{name: "additive"},
		{name: "nearest", rule: func(r *ops.STDPRule) { r.Pairing = ops.Nearest }},
		{name: "multiplicative", rule: func(r *ops.STDPRule) { r.Dependence = ops.Multiplicative; r.APlus, r.AMinus = 0.2, 0.25 }},
		{name: "power-law", rule: func(r *ops.STDPRule) { r.Dependence, r.Mu, r.APlus, r.AMinus = ops.PowerLaw, 0.3, 0.2, 0.25 }},
		{name: "power-law-deferred", rule: func(r *ops.STDPRule) {
			r.Dependence, r.Mu, r.APlus, r.AMinus, r.Every = ops.PowerLaw, 0.05, 0.3, 0.35, 3
		}},
		// Weights of -0 at the bound +0: the soft-bound factor is then -0,
		// and a backend that clamps it with max(-0, +0) = +0 (Go's max;
		// GLSL's gives -0) leaves the weight -0 where the reference makes it
		// +0.
		{name: "negative-zero-weights", negZero: true, rule: func(r *ops.STDPRule) { r.Dependence = ops.Multiplicative }},
		{name: "triplet", rule: pfisterGerstner},
		{name: "triplet-nearest", rule: func(r *ops.STDPRule) { pfisterGerstner(r); r.Pairing = ops.Nearest }},
		// Large amplitudes, so that both bounds are hit and clipped.
		{name: "clipping", rule: func(r *ops.STDPRule) { r.APlus, r.AMinus = 0.3, 0.35 }},
		{name: "deferred", rule: func(r *ops.STDPRule) { r.Every = 4 }},
		{name: "deferred-clipping-multiplicative", rule: func(r *ops.STDPRule) {
			r.Every, r.Dependence, r.APlus, r.AMinus = 5, ops.Multiplicative, 0.5, 0.6
		}},
		{name: "deferred-triplet", rule: func(r *ops.STDPRule) { pfisterGerstner(r); r.Every = 3 }},
		{name: "delay=3", delay: 3},
		{name: "weighted-spikes", weighted: true},
		{name: "learn-off", learnOff: [2]uint64{12, 24}},
		{name: "learn-off-end", learnOff: [2]uint64{28, stdpTicks}},
		{name: "learn-off-deferred", learnOff: [2]uint64{5, 16}, rule: func(r *ops.STDPRule) { r.Every = 4 }},
		{name: "normalize-every", norm: ops.Normalization{Target: 2.5, Every: 8}},
		{name: "normalize-input", norm: ops.Normalization{Target: 1.5}, normInput: true, rule: func(r *ops.STDPRule) { r.Every = 2 }},
	}
}

// pfisterGerstner scales the minimal all-to-all triplet model fitted to
// visual cortex data (Pfister & Gerstner 2006: tau+ 16.8 ms, tau- 33.7 ms,
// tau_y 114 ms, A2+ 0, A3+ 6.5e-3, A2- 7.1e-3, A3- 0) to the short runs of
// these cases, time constants / 10 and amplitudes x 10, and gives A2+ and
// A3- (with tau_x 10 ms) nonzero values so that every term is exercised.
func pfisterGerstner(r *ops.STDPRule) {
	r.TauPlus, r.TauMinus, r.TauX, r.TauY = 1680*time.Microsecond, 3370*time.Microsecond, 10*time.Millisecond, 11400*time.Microsecond
	r.APlus, r.A3Plus, r.AMinus, r.A3Minus = 1e-2, 6.5e-2, 7.1e-2, 2e-2
}

const stdpTicks = 40

// stdpCase feeds random pre and post spikes to a plastic projection and
// compares everything (weights, traces, pending changes, delivered
// current) tick by tick; the check recomputes every weight (a sample of
// large projections) with the float64 model, from the recorded spikes, or,
// for normalized projections, checks that each column sums to the target.
func stdpCase(pr projection, v stdpVariant) Case {
	rule := stdpRule()
	if v.rule != nil {
		v.rule(&rule)
	}
	delay := max(v.delay, 1)
	const pPre, pPost = 0.15, 0.1
	prePort := func(t uint64) []float32 {
		x := bits("stdp-pre", t, pr.nPre, pPre)
		if v.weighted {
			for j, u := range uniform("stdp-pre-value", t, pr.nPre, 0, 1) {
				if x[j] != 0 && u < 0.5 {
					x[j] = 0.5
				} else if x[j] != 0 {
					x[j] = 2
				}
			}
		}
		return x
	}
	learning := func(t uint64) bool { return t < v.learnOff[0] || t >= v.learnOff[1] }
	op, src, dst, w0 := pr.build(rule, v.norm, delay)
	if v.negZero {
		for k := 0; k < len(w0); k += 3 {
			w0[k] = float32(math.Copysign(0, -1))
		}
	}
	return Case{
		Name:  pr.name("stdp", v.name),
		Kinds: []ops.Kind{pr.kind(), ops.KindInput, ops.KindSpikeMonitor},
		Ticks: stdpTicks,
		Build: func() (*graph.Graph, error) {
			g := newGraph()
			pre := g.Add("pre", &ops.Input{N: pr.nPre, Spikes: !v.weighted})
			post := g.Add("post", &ops.Input{N: pr.nPost, Spikes: true})
			learn := g.Add("learn", &ops.Input{N: 1, Value: []float32{1}})
			opts := []graph.Option{graph.In("pre", pre.Out("out")), graph.In("post_spikes", post.Out("out")),
				graph.In("learn", learn.Out("out"))}
			if v.normInput {
				opts = append(opts, graph.In("normalize", g.Add("normalize", &ops.Input{N: 1}).Out("out")))
			}
			g.Add("syn", op, opts...)
			g.Add("pre-mon", &ops.SpikeMonitor{}, graph.In("spikes", pre.Out("out")))
			g.Add("post-mon", &ops.SpikeMonitor{}, graph.In("spikes", post.Out("out")))
			return validated(g)
		},
		Feed: func(t uint64, p backend.Program) error {
			errs := []error{p.Write("pre", prePort(t)), p.Write("post", bits("stdp-post", t, pr.nPost, pPost))}
			if v.learnOff != [2]uint64{} && (t == v.learnOff[0] || t == v.learnOff[1]) {
				errs = append(errs, p.Write("learn", []float32{boolFloat(learning(t))}))
			}
			if v.normInput {
				errs = append(errs, p.Write("normalize", []float32{boolFloat(t%7 == 3 || t == stdpTicks-1)}))
			}
			return errorsJoin(errs...)
		},
		Check: func(p backend.Program) error {
			if v.norm.Target > 0 {
				return expectColumnSums(p, "syn", dst, pr.nPost, v.norm.Target)
			}
			m := synapseModel{rule: rule, dt: dt, delay: delay, learn: learning}
			if err := expectSynapses(p, "syn", "pre-mon", "post-mon", m, src, dst, w0, pr.nPre, pr.nPost, stdpTicks, 2e-6); err != nil {
				return err
			}
			if v.learnOff[1] >= stdpTicks { // learning is off at the end: the current is Dense's
				return expectCurrent(p, "syn", src, dst, pr.nPost, prePort(stdpTicks-1-uint64(delay)))
			}
			return nil
		},
	}
}

func boolFloat(b bool) float32 {
	if b {
		return 1
	}
	return 0
}

// expectColumnSums checks that the weights onto each postsynaptic neuron
// add up to target, within float32 rounding (each weight is rounded once
// after scaling).
func expectColumnSums(p backend.Program, syn string, dst []int32, nPost int, target float64) error {
	w := make([]float32, len(dst))
	if err := p.Read(syn+".w", w); err != nil {
		return err
	}
	sums := make([]float64, nPost)
	for k, i := range dst {
		sums[i] += float64(w[k])
	}
	for i, s := range sums {
		if s > 0 && math.Abs(s-target) > 1e-5*target {
			return fmt.Errorf("%s: the weights onto neuron %d add up to %.9g, want %v", syn, i, s, target)
		}
	}
	return nil
}

// expectCurrent checks the delivered current of the last tick against the
// sum of w * pre over the synapses, in float64.
func expectCurrent(p backend.Program, syn string, src, dst []int32, nPost int, pre []float32) error {
	w := make([]float32, len(src))
	got := make([]float32, nPost)
	if err := errorsJoin(p.Read(syn+".w", w), p.Read(syn+".post", got)); err != nil {
		return err
	}
	want := make([]float64, nPost)
	for k := range src {
		want[dst[k]] += float64(w[k]) * float64(pre[src[k]])
	}
	for i := range want {
		if math.Abs(float64(got[i])-want[i]) > 1e-5*math.Max(1, math.Abs(want[i])) {
			return fmt.Errorf("%s.post[%d] = %v, want %.7g, the sum of w x pre", syn, i, got[i], want[i])
		}
	}
	return nil
}

// stdpNetworkCase is a closed loop for half a second (5000 ticks): Poisson
// inputs drive a LIF group through a plastic projection that learns from
// the group's spikes. Weights, traces and pending changes must stay
// bit-identical to the reference all along (compared every 50 ticks);
// the check recomputes a sample of the weights with the float64 model
// from the two rasters (or, with normalization, checks the column sums)
// and requires that learning moved them.
func stdpNetworkCase(name string, sparse bool, edit func(r *ops.STDPRule), norm ops.Normalization) Case {
	const nIn, nOut, ticks = 100, 20, 5000
	rule := stdpRule()
	if edit != nil {
		edit(&rule)
	}
	pr := projection{sparse: sparse, nPre: nIn, nPost: nOut}
	op, src, dst, w0 := pr.build(rule, norm, 1)
	return Case{
		Name:         "stdp-network/" + name,
		Kinds:        []ops.Kind{pr.kind(), ops.KindPoisson, ops.KindLIF, ops.KindSpikeMonitor},
		Ticks:        ticks,
		CompareEvery: 50,
		Long:         true,
		Build: func() (*graph.Graph, error) {
			g := newGraph()
			src := g.Add("input", &ops.Poisson{N: nIn, Rate: []float64{100}})
			syn := g.Add("syn", op, graph.In("pre", src.Out("spikes")))
			lif := g.Add("lif", lifParams(nOut), graph.In("exc", syn.Out("post")))
			g.Connect(lif.Out("spikes"), syn.In("post_spikes"))
			g.Add("pre-mon", &ops.SpikeMonitor{}, graph.In("spikes", src.Out("spikes")))
			g.Add("post-mon", &ops.SpikeMonitor{}, graph.In("spikes", lif.Out("spikes")))
			return validated(g)
		},
		Check: func(p backend.Program) error {
			w := make([]float32, len(w0))
			if err := p.Read("syn.w", w); err != nil {
				return err
			}
			moved := 0
			for k := range w {
				if math.Abs(float64(w[k]-w0[k])) > 1e-2 {
					moved++
				}
			}
			if moved < len(w)/4 {
				return fmt.Errorf("only %d of %d weights moved by more than 0.01: the case does not exercise learning", moved, len(w))
			}
			if norm.Target > 0 {
				return expectColumnSums(p, "syn", dst, nOut, norm.Target)
			}
			m := synapseModel{rule: rule, dt: dt, delay: 1}
			return expectSynapses(p, "syn", "pre-mon", "post-mon", m, src, dst, w0, nIn, nOut, ticks, 1e-4)
		},
	}
}

// stdpCases lists every plasticity case of the STDP projections.
func stdpCases() []Case {
	var cs []Case
	for _, n := range []int{0, 1, 7, 255, 256, 257} {
		for _, sparse := range []bool{false, true} {
			cs = append(cs, stdpCase(projection{sparse: sparse, nPre: n, nPost: n}, stdpVariants()[0]))
		}
	}
	cs = append(cs, stdpCase(projection{nPre: 784, nPost: 400}, stdpVariants()[0]),
		stdpCase(projection{sparse: true, nPre: 2000, nPost: 1000}, stdpVariants()[0]))
	for _, v := range stdpVariants() {
		for _, sparse := range []bool{false, true} {
			cs = append(cs, stdpCase(projection{sparse: sparse, nPre: 13, nPost: 11}, v))
		}
	}
	cs = append(cs, handSTDPCases()...)
	cs = append(cs, frozenCase(false), frozenCase(true))
	cs = append(cs,
		stdpNetworkCase("dense-additive", false, nil, ops.Normalization{}),
		stdpNetworkCase("sparse-multiplicative-nearest-deferred", true, func(r *ops.STDPRule) {
			r.Dependence, r.Pairing, r.Every, r.APlus, r.AMinus = ops.Multiplicative, ops.Nearest, 7, 0.05, 0.06
		}, ops.Normalization{}),
		stdpNetworkCase("dense-triplet-normalized", false, pfisterGerstner, ops.Normalization{Target: 40, Every: 500}),
		stdpNetworkCase("sparse-power-law", true, func(r *ops.STDPRule) {
			r.Dependence, r.Mu, r.APlus, r.AMinus = ops.PowerLaw, 0.1, 0.05, 0.06
		}, ops.Normalization{}))
	return cs
}

// frozenCase: with learning off, a plastic projection delivers, bit for
// bit and tick by tick, what the static projection with the same weights
// delivers (Dense or Sparse), with a delay of 3 ticks.
func frozenCase(sparse bool) Case {
	const nPre, nPost, ticks = 40, 30, 200
	pr := projection{sparse: sparse, nPre: nPre, nPost: nPost}
	plastic, _, _, _ := pr.build(stdpRule(), ops.Normalization{}, 3)
	var static ops.Op
	staticKind := ops.KindDense
	if sparse {
		staticKind = ops.KindSparse
		static = &ops.Sparse{CSR: plastic.(*ops.STDPSparse).CSR, Delay: 3}
	} else {
		d := plastic.(*ops.STDPDense)
		static = &ops.Dense{Pre: nPre, Post: nPost, W: d.W, Delay: 3}
	}
	all := make([]int32, nPost)
	for i := range all {
		all[i] = int32(i)
	}
	return Case{
		Name:  pr.name("stdp", "frozen-equals-static"),
		Kinds: []ops.Kind{pr.kind(), staticKind, ops.KindPoisson, ops.KindStateMonitor},
		Ticks: ticks,
		Build: func() (*graph.Graph, error) {
			g := newGraph()
			src := g.Add("src", &ops.Poisson{N: nPre, Rate: []float64{400}})
			post := g.Add("post", &ops.Poisson{N: nPost, Rate: []float64{300}})
			off := g.Add("learn", &ops.Input{N: 1, Value: []float32{0}})
			p := g.Add("plastic", plastic, graph.In("pre", src.Out("spikes")), graph.In("post_spikes", post.Out("spikes")),
				graph.In("learn", off.Out("out")))
			s := g.Add("static", static, graph.In("pre", src.Out("spikes")))
			g.Add("trace-plastic", &ops.StateMonitor{Index: all}, graph.In("x", p.Out("post")))
			g.Add("trace-static", &ops.StateMonitor{Index: all}, graph.In("x", s.Out("post")))
			return validated(g)
		},
		Check: func(p backend.Program) error {
			a, err1 := p.Trace("trace-plastic")
			b, err2 := p.Trace("trace-static")
			if err := errorsJoin(err1, err2); err != nil {
				return err
			}
			if err := sameTrace("plastic.post against static.post", b, a); err != nil {
				return err
			}
			var sum float64
			for _, v := range a.Values {
				sum += math.Abs(float64(v))
			}
			if sum == 0 {
				return fmt.Errorf("no current was delivered: the comparison is empty")
			}
			return nil
		},
	}
}
