package conformance

import (
	"fmt"
	"math"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

// lcaCases covers ops.LCA: every update, threshold and sign option at
// sizes from empty to a few hundred atoms, inputs that change and hold,
// signals that finish early and wake again, online tracking, runs of 1000
// iterations, and values checked by hand.
func lcaCases() []Case {
	cs := []Case{lcaOneStepCase(), lcaThresholdCase(ops.SoftThreshold, false), lcaThresholdCase(ops.SoftThreshold, true),
		lcaThresholdCase(ops.HardThreshold, false), lcaThresholdCase(ops.HardThreshold, true), lcaTrackingCase(), lcaDoneCase()}
	sizes := []struct{ b, m, n int }{{0, 4, 8}, {1, 0, 5}, {2, 7, 0}, {1, 1, 1}, {3, 7, 13}, {2, 16, 64}, {4, 20, 257}}
	for i, s := range sizes {
		for _, u := range []ops.Update{ops.UpdatePlain, ops.UpdateRMS, ops.UpdateAdam} {
			cs = append(cs, lcaRandomCase(s.b, s.m, s.n, u, i))
		}
	}
	for _, u := range []ops.Update{ops.UpdatePlain, ops.UpdateRMS, ops.UpdateAdam} {
		cs = append(cs, lcaLongCase(u))
	}
	return cs
}

// lcaDict is a random M x N dictionary with unit-norm columns.
func lcaDict(name string, m, n int) []float32 {
	phi := uniform(name, 0, m*n, -1, 1)
	for j := range n {
		var s float64
		for r := range m {
			s += float64(phi[r*n+j]) * float64(phi[r*n+j])
		}
		for r := range m {
			phi[r*n+j] = float32(float64(phi[r*n+j]) / math.Sqrt(s))
		}
	}
	return phi
}

// lcaParams returns an LCA with eta = dt/tau and the moment parameters of
// the update (those of layers.LcaRms and layers.LcAdam).
func lcaParams(b, m, n int, phi []float32, u ops.Update, eta float64) *ops.LCA {
	p := &ops.LCA{B: b, M: m, N: n, Phi: phi, Lambda: 0.1, Tau: time.Duration(float64(dt) / eta), Update: u}
	switch u {
	case ops.UpdateRMS:
		p.Beta2, p.Eps = 0.5, 0.01 // eta 0.05
	case ops.UpdateAdam:
		p.Beta1, p.Beta2, p.Eps = 0.5, 0.9, 3e-3 // eta 0.05
	}
	return p
}

func lcaGraph(p *ops.LCA, x []float32) (*graph.Graph, error) {
	g := newGraph()
	in := g.Add("x", &ops.Input{N: p.B * p.M, Value: x})
	g.Add("lca", p, graph.In("x", in.Out("out")))
	return validated(g)
}

// lcaOneStepCase: with Phi = I (G = 0), lambda = 1/8 and eta = 1/2, one
// tick from u = 0 gives u = x/2 and a = T(u), all exact binary fractions.
func lcaOneStepCase() Case {
	x := []float32{0.5, -0.0625}
	return Case{
		Name:  "lca/one-step",
		Kinds: []ops.Kind{ops.KindLCA, ops.KindInput},
		Ticks: 1,
		Build: func() (*graph.Graph, error) {
			p := lcaParams(1, 2, 2, []float32{1, 0, 0, 1}, ops.UpdatePlain, 0.5)
			p.Lambda = 0.125
			return lcaGraph(p, x)
		},
		Check: func(p backend.Program) error {
			return errorsJoin(expectRead(p, "lca.u", []float32{0.25, -0.03125}), expectRead(p, "lca.a", []float32{0.125, 0}),
				expectRead(p, "lca.iters", []float32{1}))
		},
	}
}

// lcaThresholdCase: with Phi = I and eta = 1, one tick sets u = x exactly;
// x hits the threshold exactly (inactive: the test is strict), and just
// beyond it.
func lcaThresholdCase(th ops.Threshold, nonNeg bool) Case {
	const lambda = 0.25
	above := math.Nextafter32(lambda, 1)
	x := []float32{lambda, -lambda, above, -above, 0}
	want := make([]float32, len(x))
	for i, v := range x {
		switch {
		case v > lambda && th == ops.SoftThreshold:
			want[i] = v - lambda
		case v < -lambda && !nonNeg && th == ops.SoftThreshold:
			want[i] = v + lambda
		case v > lambda || v < -lambda && !nonNeg:
			want[i] = v
		}
	}
	name := fmt.Sprintf("lca/threshold/%v", th)
	if nonNeg {
		name += "-nonnegative"
	}
	return Case{
		Name:  name,
		Kinds: []ops.Kind{ops.KindLCA},
		Ticks: 1,
		Build: func() (*graph.Graph, error) {
			n := len(x)
			id := make([]float32, n*n)
			for i := range n {
				id[i*n+i] = 1
			}
			p := lcaParams(1, n, n, id, ops.UpdatePlain, 1)
			p.Lambda, p.Threshold, p.NonNegative = lambda, th, nonNeg
			return lcaGraph(p, x)
		},
		Check: func(p backend.Program) error {
			return errorsJoin(expectRead(p, "lca.u", x), expectRead(p, "lca.a", want))
		},
	}
}

// lcaRandomCase runs a random dictionary on inputs that change for some
// signals every few ticks, with soft or hard, signed or non-negative
// thresholds, online or restarting, and a tolerance that lets some signals
// finish. The hand check: a = T(u) elementwise.
func lcaRandomCase(b, m, n int, u ops.Update, variant int) Case {
	const ticks = 40
	th := ops.Threshold(variant % 2)
	nonNeg, online := variant%3 == 1, variant%4 == 2
	return Case{
		Name:  fmt.Sprintf("lca/%v/B=%d,M=%d,N=%d", u, b, m, n),
		Kinds: []ops.Kind{ops.KindLCA, ops.KindInput},
		Ticks: ticks,
		Build: func() (*graph.Graph, error) {
			p := lcaParams(b, m, n, lcaDict("phi", m, n), u, 0.3)
			p.Threshold, p.NonNegative, p.Online, p.Tol = th, nonNeg, online, 1e-3
			return lcaGraph(p, nil)
		},
		Feed: func(t uint64, p backend.Program) error {
			if t%13 != 0 && t != 5 {
				return nil
			}
			x := uniform("x", t, b*m, -1, 1)
			if t == 5 && b > 0 { // only signal 0 changes; the others keep tick 0's input
				copy(x[m:], uniform("x", 0, b*m, -1, 1)[m:])
			}
			return p.Write("x", x)
		},
		Check: func(p backend.Program) error {
			f := lcaParams(b, m, n, nil, u, 0.3)
			f.Threshold, f.NonNegative = th, nonNeg
			return expectActivation(p, f, b*n)
		},
	}
}

// expectActivation checks a = T(u) for every element.
func expectActivation(p backend.Program, op *ops.LCA, size int) error {
	u, a := make([]float32, size), make([]float32, size)
	if err := errorsJoin(p.Read("lca.u", u), p.Read("lca.a", a)); err != nil {
		return err
	}
	f := op.Factors(dt)
	for i := range u {
		if want := f.Activate(u[i]); a[i] != want {
			return fmt.Errorf("lca.a[%d] = %v, want T(%v) = %v", i, a[i], u[i], want)
		}
	}
	return nil
}

// lcaTrackingCase: online, with Phi = I and lambda = 0 (so G = 0 and
// a = u), u follows x through the low-pass filter u_t = u_{t-1} + eta
// (x_t - u_{t-1}), checked against the same recursion in float64.
func lcaTrackingCase() Case {
	const ticks, eta = 200, 0.05
	x := func(t uint64) []float32 {
		return []float32{float32(math.Sin(float64(t) / 10)), float32(t%50) / 50}
	}
	return Case{
		Name:  "lca/online-tracking",
		Kinds: []ops.Kind{ops.KindLCA, ops.KindInput},
		Ticks: ticks,
		Build: func() (*graph.Graph, error) {
			p := lcaParams(1, 2, 2, []float32{1, 0, 0, 1}, ops.UpdatePlain, eta)
			p.Lambda, p.Online = 0, true
			return lcaGraph(p, nil)
		},
		Feed: func(t uint64, p backend.Program) error { return p.Write("x", x(t)) },
		Check: func(p backend.Program) error {
			var want [2]float64
			for t := range uint64(ticks) {
				for i, v := range x(t) {
					want[i] += eta * (float64(v) - want[i])
				}
			}
			got := make([]float32, 2)
			if err := p.Read("lca.a", got); err != nil {
				return err
			}
			for i := range got {
				if math.Abs(float64(got[i])-want[i]) > 1e-5 {
					return fmt.Errorf("lca.a[%d] = %v after %d ticks, want %.6f", i, got[i], ticks, want[i])
				}
			}
			return nil
		},
	}
}

// lcaDoneCase: with Tol > 0 a zero signal is done on its first tick (its
// step and u are 0); a signal whose input changes wakes and starts again;
// a signal that converges stops counting iterations.
func lcaDoneCase() Case {
	const m, n = 8, 16
	phi := lcaDict("phi", m, n)
	x0 := append(make([]float32, m), uniform("x", 0, m, -1, 1)...)
	return Case{
		Name:  "lca/done",
		Kinds: []ops.Kind{ops.KindLCA, ops.KindInput},
		Ticks: 300,
		Build: func() (*graph.Graph, error) {
			p := lcaParams(2, m, n, phi, ops.UpdateAdam, 0.1)
			p.Tol = 1e-4
			return lcaGraph(p, nil)
		},
		Feed: func(t uint64, p backend.Program) error {
			switch t {
			case 0:
				return p.Write("x", x0)
			case 10: // signal 0 gets an input 10 ticks later
				return p.Write("x", append(uniform("x", 1, m, -1, 1), x0[m:]...))
			}
			return nil
		},
		Check: func(p backend.Program) error {
			done, iters := make([]float32, 2), make([]float32, 2)
			if err := errorsJoin(p.Read("lca.done", done), p.Read("lca.iters", iters)); err != nil {
				return err
			}
			if done[0] != 1 || done[1] != 1 || iters[0] < 2 || iters[0] >= 290 || iters[1] >= 300 {
				return fmt.Errorf("done = %v, iters = %v; want both done in fewer than 290 and 300 iterations", done, iters)
			}
			return nil
		},
	}
}

// lcaLongCase runs 1000 iterations on a random, coherent dictionary (48
// atoms in 16 dimensions) and signals made of 3 atoms each; the hand check
// is the fixed point: u = b - G a to 1e-4, computed in float64 from Phi.
func lcaLongCase(u ops.Update) Case {
	const b, m, n = 3, 16, 48
	phi := lcaDict("phi-long", m, n)
	x := lcaSparseSignals("x-long", b, m, n, phi, 3)
	eta := 0.1
	if u != ops.UpdatePlain {
		eta = 0.05
	}
	p := lcaParams(b, m, n, phi, u, eta)
	return Case{
		Name:         fmt.Sprintf("lca/1000-iterations/%v", u),
		Kinds:        []ops.Kind{ops.KindLCA},
		Ticks:        1000,
		CompareEvery: 100,
		Build:        func() (*graph.Graph, error) { return lcaGraph(p, x) },
		Check: func(prog backend.Program) error {
			uu, a := make([]float32, b*n), make([]float32, b*n)
			if err := errorsJoin(prog.Read("lca.u", uu), prog.Read("lca.a", a)); err != nil {
				return err
			}
			for s := range b {
				for i := range n {
					r := 0.0 // b_i - u_i - sum_j (Phi^T Phi - I)_ij a_j
					for k := range m {
						r += float64(phi[k*n+i]) * float64(x[s*m+k])
						for j := range n {
							r -= float64(phi[k*n+i]) * float64(phi[k*n+j]) * float64(a[s*n+j])
						}
					}
					r += float64(a[s*n+i]) - float64(uu[s*n+i])
					if math.Abs(r) > 1e-4 {
						return fmt.Errorf("signal %d, neuron %d: du = %.3g after 1000 iterations, want |du| <= 1e-4", s, i, r)
					}
				}
			}
			return nil
		},
	}
}

// lcaSparseSignals returns b signals, each the sum of k atoms of phi
// (drawn with replacement) with amplitudes in [0.5, 1.5).
func lcaSparseSignals(name string, b, m, n int, phi []float32, k int) []float32 {
	x := make([]float32, b*m)
	for s := range b {
		amp := uniform(name, uint64(s), k, 0.5, 1.5)
		pick := uniform(name+"-atoms", uint64(s), k, 0, float32(n))
		for t := range k {
			j := int(pick[t])
			for r := range m {
				x[s*m+r] += float32(float64(amp[t]) * float64(phi[r*n+j]))
			}
		}
	}
	return x
}
