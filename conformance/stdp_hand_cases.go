package conformance

import (
	"fmt"
	"math"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

// handTau is the trace time constant of the hand-computed cases: 20 ticks.
const handTau = 2 * time.Millisecond

// handCase is a plastic projection with all-to-all connectivity, dense or
// sparse, fed spikes at chosen ticks (pre[j] lists the ticks at which pre
// neuron j spikes; post likewise), whose weights are then checked against
// values computed by hand from the formulas of ops.STDPRule. With Delay 1,
// a pre spike emitted at t0 and a post spike emitted at t1 are t1-t0 ticks
// apart for the rule.
type handCase struct {
	name      string
	rule      ops.STDPRule
	w0        []float32 // one per synapse, pre-major
	pre, post [][]uint64
	ticks     int
	check     func(w []float32, p backend.Program) error
}

func (h handCase) build(sparse bool) Case {
	nPre, nPost := len(h.pre), len(h.post)
	spikesAt := func(trains [][]uint64, t uint64) []float32 {
		out := make([]float32, len(trains))
		for i, train := range trains {
			for _, s := range train {
				if s == t {
					out[i] = 1
				}
			}
		}
		return out
	}
	kind, name := ops.KindSTDPDense, "dense"
	if sparse {
		kind, name = ops.KindSTDPSparse, "sparse"
	}
	return Case{
		Name:  fmt.Sprintf("stdp-hand/%s/%s", name, h.name),
		Kinds: []ops.Kind{kind, ops.KindInput},
		Ticks: h.ticks,
		Build: func() (*graph.Graph, error) {
			g := newGraph()
			pre := g.Add("pre", &ops.Input{N: nPre, Spikes: true})
			post := g.Add("post", &ops.Input{N: nPost, Spikes: true})
			var op ops.Op = &ops.STDPDense{Pre: nPre, Post: nPost, W: h.w0, Delay: 1, Rule: h.rule}
			if sparse {
				m := ops.CSR{Pre: nPre, Post: nPost, RowPtr: make([]int32, nPre+1), Weight: h.w0}
				for j := range nPre {
					for i := range nPost {
						m.Target = append(m.Target, int32(i))
					}
					m.RowPtr[j+1] = int32((j + 1) * nPost)
				}
				op = &ops.STDPSparse{CSR: m, Delay: 1, Rule: h.rule}
			}
			g.Add("syn", op, graph.In("pre", pre.Out("out")), graph.In("post_spikes", post.Out("out")))
			return validated(g)
		},
		Feed: func(t uint64, p backend.Program) error {
			return errorsJoin(p.Write("pre", spikesAt(h.pre, t)), p.Write("post", spikesAt(h.post, t)))
		},
		Check: func(p backend.Program) error {
			w := make([]float32, len(h.w0))
			if err := p.Read("syn.w", w); err != nil {
				return err
			}
			return h.check(w, p)
		},
	}
}

// near compares a float32 result with a value computed in float64.
func near(what string, got float32, want, tol float64) error {
	if math.Abs(float64(got)-want) > tol {
		return fmt.Errorf("%s = %.9g, want %.9g (formula, float64) within %g", what, got, want, tol)
	}
	return nil
}

// e is exp(-ticks dt / tau).
func e(ticks int, tau time.Duration) float64 {
	return math.Exp(-float64(ticks) * dt.Seconds() / tau.Seconds())
}

func handRule() ops.STDPRule {
	return ops.STDPRule{APlus: 0.01, AMinus: 0.012, TauPlus: handTau, TauMinus: handTau, WMin: 0, WMax: 1}
}

// handTol bounds the float32 error of the cases below: the traces are
// float32 products of up to ~40 factors (relative error about 40 x 2^-24 =
// 2.4e-6 of a change of at most 0.02) and the weight near 0.5 is rounded
// to 2^-25 (3e-8) with each change; 1e-7 covers both with a margin.
const handTol = 1e-7

func handCases() []handCase {
	const t0, gap = 3, 17
	triplet := handRule()
	triplet.A3Plus, triplet.TauY = 0.02, 4*time.Millisecond
	nearest := handRule()
	nearest.Pairing = ops.Nearest
	deferred := handRule()
	deferred.Every = 10
	return []handCase{
		{
			// Pre at t0, post gap ticks later: dw = A+ exp(-gap dt/tau+).
			name: "pre-then-post", rule: handRule(), w0: []float32{0.5},
			pre: [][]uint64{{t0}}, post: [][]uint64{{t0 + gap}}, ticks: t0 + gap + 5,
			check: func(w []float32, p backend.Program) error {
				return near("w after pre, post 17 ticks later", w[0], 0.5+0.01*e(gap, handTau), handTol)
			},
		},
		{
			// Post at t0, pre gap ticks later: dw = -A- exp(-gap dt/tau-).
			name: "post-then-pre", rule: handRule(), w0: []float32{0.5},
			pre: [][]uint64{{t0 + gap}}, post: [][]uint64{{t0}}, ticks: t0 + gap + 5,
			check: func(w []float32, p backend.Program) error {
				return near("w after post, pre 17 ticks later", w[0], 0.5-0.012*e(gap, handTau), handTol)
			},
		},
		{
			// Pre at 2 and 6, post at 16: all-to-all pairs both, nearest
			// only the later; the pre trace holds both or one.
			name: "all-to-all", rule: handRule(), w0: []float32{0.5},
			pre: [][]uint64{{2, 6}}, post: [][]uint64{{16}}, ticks: 20,
			check: func(w []float32, p backend.Program) error {
				return near("w (all-to-all)", w[0], 0.5+0.01*(e(14, handTau)+e(10, handTau)), handTol)
			},
		},
		{
			name: "nearest", rule: nearest, w0: []float32{0.5},
			pre: [][]uint64{{2, 6}}, post: [][]uint64{{16}}, ticks: 20,
			check: func(w []float32, p backend.Program) error {
				return near("w (nearest)", w[0], 0.5+0.01*e(10, handTau), handTol)
			},
		},
		{
			// Pre at 2, posts at 10 and 14: the second post sees the slow
			// trace of the first, o = exp(-4 dt/tau_y), before its own.
			name: "triplet", rule: triplet, w0: []float32{0.5},
			pre: [][]uint64{{2}}, post: [][]uint64{{10, 14}}, ticks: 20,
			check: func(w []float32, p backend.Program) error {
				want := 0.5 + 0.01*e(8, handTau) + e(12, handTau)*(0.01+0.02*e(4, 4*time.Millisecond))
				return near("w (pre, post, post)", w[0], want, handTol)
			},
		},
		{
			// Deferred by 10 ticks: the change made at tick 6 waits in
			// pending until the fold at the end of tick 9.
			name: "deferred-before-fold", rule: deferred, w0: []float32{0.5},
			pre: [][]uint64{{2}}, post: [][]uint64{{5}}, ticks: 9,
			check: func(w []float32, p backend.Program) error {
				pending := make([]float32, 1)
				if err := p.Read("syn.pending", pending); err != nil {
					return err
				}
				return errorsJoin(near("w before the fold", w[0], 0.5, 0), near("pending", pending[0], 0.01*e(3, handTau), 1e-8))
			},
		},
		{
			name: "deferred-after-fold", rule: deferred, w0: []float32{0.5},
			pre: [][]uint64{{2}}, post: [][]uint64{{5}}, ticks: 10,
			check: func(w []float32, p backend.Program) error {
				pending := make([]float32, 1)
				if err := p.Read("syn.pending", pending); err != nil {
					return err
				}
				return errorsJoin(near("w after the fold", w[0], 0.5+0.01*e(3, handTau), handTol), near("pending", pending[0], 0, 0))
			},
		},
		clipCase(),
	}
}

// clipCase hits both bounds exactly. Synapse 0 -> 0 starts at 0.75 and
// gets A+ = 0.25 with a pre trace of exactly 1 (pre and post in the same
// tick: the pre spike is counted first): 1.0, WMax, then clipped there by a
// second pair. Synapse 1 -> 1 starts at 0.25 and loses A- = 0.25 to a post
// trace of exactly 1 (TauMinus = 10^6 s, whose decay factor rounds to 1 in
// float32): 0, WMin, then clipped there.
func clipCase() handCase {
	r := handRule()
	r.APlus, r.AMinus, r.TauMinus = 0.25, 0.25, 1e6*time.Second
	return handCase{
		name: "clip-exact", rule: r, w0: []float32{0.75, 0.5, 0.5, 0.25},
		pre: [][]uint64{{3, 9}, {15, 25}}, post: [][]uint64{{3, 9}, {12}}, ticks: 30,
		check: func(w []float32, p backend.Program) error {
			if w[0] != 1 || w[3] != 0 {
				return fmt.Errorf("w(0->0) = %v, w(1->1) = %v; want exactly WMax = 1 and WMin = 0", w[0], w[3])
			}
			return nil
		},
	}
}

// handSTDPCases builds every hand-computed case, dense and sparse.
func handSTDPCases() []Case {
	var cs []Case
	for _, h := range handCases() {
		cs = append(cs, h.build(false), h.build(true))
	}
	return cs
}
