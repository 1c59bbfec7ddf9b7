package conformance

import (
	"fmt"
	"math"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

// lcaStackCases covers ops.LCA's top-down prior: two layers where the
// second codes the first's output online and its reconstruction comes
// back, one tick later through a Sparse projection, as the first layer's
// prior (the graph layers.LcaStack builds).
func lcaStackCases() []Case {
	even, odd := stackSize{2, 12, 16, 6}, stackSize{3, 7, 13, 5}
	return []Case{lcaStackCase(even, ops.UpdatePlain, 0), lcaStackCase(even, ops.UpdateAdam, 0),
		lcaStackCase(even, ops.UpdatePlain, 1e-3), lcaStackCase(odd, ops.UpdateAdam, 0), lcaRidgeCase()}
}

// stackSize is a stack's batch, signal length and atoms per layer.
type stackSize struct{ b, m, n1, n2 int }

// lcaFeedback is the block-diagonal projection of b codes of n2 atoms to
// b priors of n1 values: prior (s, m) = sum over j of phi2[m*n2+j] a2 (s, j).
func lcaFeedback(b, n1, n2 int, phi2 []float32) *ops.Sparse {
	c := ops.CSR{Pre: b * n2, Post: b * n1, RowPtr: make([]int32, 1, b*n2+1)}
	for s := range b {
		for j := range n2 {
			for m := range n1 {
				c.Target = append(c.Target, int32(s*n1+m))
				c.Weight = append(c.Weight, phi2[m*n2+j])
			}
			c.RowPtr = append(c.RowPtr, int32(len(c.Target)))
		}
	}
	return &ops.Sparse{CSR: c, Delay: 1}
}

// lcaStackCase runs the two-layer stack for 1500 ticks (Gamma = 0.5).
// Without a tolerance the hand check
// is the joint fixed point: for layer 1, u = Phi1^T x + Gamma Phi2 a2 - (G1
// + Gamma I) a1, for layer 2, u = Phi2^T a1 - G2 a2, both to 1e-4 in
// float64. With one, both layers must be done, the first having been woken
// by its prior after it first settled.
func lcaStackCase(size stackSize, u ops.Update, tol float64) Case {
	const gamma, ticks = 0.5, 1500
	b, m, n1, n2 := size.b, size.m, size.n1, size.n2
	phi1, phi2 := lcaDict("stack-phi1", m, n1), lcaDict("stack-phi2", n1, n2)
	eta := 0.1
	if u != ops.UpdatePlain {
		eta = 0.05
	}
	name := fmt.Sprintf("lca/stack/%v/B=%d,M=%d,N1=%d,N2=%d", u, b, m, n1, n2)
	if tol > 0 {
		name += "/done"
	}
	a1 := lcaSparseSignals("stack-a1", b, n1, n2, phi2, 2)
	x := make([]float32, b*m)
	for s := range b {
		for r := range m {
			for j := range n1 {
				x[s*m+r] += phi1[r*n1+j] * a1[s*n1+j]
			}
		}
	}
	return Case{
		Name:         name,
		Kinds:        []ops.Kind{ops.KindLCA, ops.KindSparse},
		Ticks:        ticks,
		CompareEvery: 50,
		Build: func() (*graph.Graph, error) {
			g := newGraph()
			in := g.Add("x", &ops.Input{N: b * m, Value: x})
			l1 := lcaParams(b, m, n1, phi1, u, eta)
			l1.Gamma, l1.Lambda, l1.Tol = gamma, 0.05, tol
			l2 := lcaParams(b, n1, n2, phi2, u, eta)
			l2.Online, l2.Tol = true, tol
			lca := g.Add("lca", l1, graph.In("x", in.Out("out")))
			top := g.Add("top", l2, graph.In("x", lca.Out("a")))
			fb := g.Add("feedback", lcaFeedback(b, n1, n2, phi2), graph.In("pre", top.Out("a")))
			g.Connect(fb.Out("post"), lca.In("prior"))
			return validated(g)
		},
		Check: func(p backend.Program) error {
			if tol > 0 {
				return lcaStackDone(p, b, ticks)
			}
			return lcaStackFixedPoint(p, x, phi1, phi2, b, m, n1, n2, gamma)
		},
	}
}

func lcaStackDone(p backend.Program, b, ticks int) error {
	for _, name := range []string{"lca", "top"} {
		done, iters := make([]float32, b), make([]float32, b)
		if err := errorsJoin(p.Read(name+".done", done), p.Read(name+".iters", iters)); err != nil {
			return err
		}
		for s := range b {
			if done[s] != 1 || int(iters[s]) >= ticks {
				return fmt.Errorf("%s: done = %v, iters = %v; want every signal done in fewer than %d iterations", name, done, iters, ticks)
			}
		}
	}
	return nil
}

func lcaStackFixedPoint(p backend.Program, x, phi1, phi2 []float32, b, m, n1, n2 int, gamma float64) error {
	u1, a1, u2, a2 := make([]float32, b*n1), make([]float32, b*n1), make([]float32, b*n2), make([]float32, b*n2)
	if err := errorsJoin(p.Read("lca.u", u1), p.Read("lca.a", a1), p.Read("top.u", u2), p.Read("top.a", a2)); err != nil {
		return err
	}
	// r = b - u - G a for a layer with dictionary phi (rows x cols), input
	// in and extra drive for neuron i.
	resid := func(phi []float32, rows, cols int, in, u, a []float32, i int, extra float64) float64 {
		r := extra + float64(a[i]) - float64(u[i])
		for k := range rows {
			r += float64(phi[k*cols+i]) * float64(in[k])
			for j := range cols {
				r -= float64(phi[k*cols+i]) * float64(phi[k*cols+j]) * float64(a[j])
			}
		}
		return r
	}
	for s := range b {
		xs, as1, as2 := x[s*m:(s+1)*m], a1[s*n1:(s+1)*n1], a2[s*n2:(s+1)*n2]
		for i := range n1 {
			prior := 0.0
			for j := range n2 {
				prior += float64(phi2[i*n2+j]) * float64(as2[j])
			}
			r := resid(phi1, m, n1, xs, u1[s*n1:(s+1)*n1], as1, i, gamma*(prior-float64(as1[i])))
			if math.Abs(r) > 1e-4 {
				return fmt.Errorf("layer 1, signal %d, neuron %d: du = %.3g after the run, want |du| <= 1e-4", s, i, r)
			}
		}
		for i := range n2 {
			if r := resid(phi2, n1, n2, as1, u2[s*n2:(s+1)*n2], as2, i, 0); math.Abs(r) > 1e-4 {
				return fmt.Errorf("layer 2, signal %d, neuron %d: du = %.3g after the run, want |du| <= 1e-4", s, i, r)
			}
		}
	}
	return nil
}

// lcaRidgeCase: Gamma without a prior is a ridge term, G = Gamma I for
// Phi = I; with lambda = 0 and eta = 1/2 one tick from u = 0 gives u = x/2
// and the next u = x/2 + (x - x/2 - Gamma x/2)/2 = x (3 - Gamma)/4: with
// Gamma = 1/2, 5x/8, exact in binary.
func lcaRidgeCase() Case {
	x := []float32{0.5, -0.25}
	return Case{
		Name:  "lca/ridge",
		Kinds: []ops.Kind{ops.KindLCA},
		Ticks: 2,
		Build: func() (*graph.Graph, error) {
			p := lcaParams(1, 2, 2, []float32{1, 0, 0, 1}, ops.UpdatePlain, 0.5)
			p.Lambda, p.Gamma = 0, 0.5
			return lcaGraph(p, x)
		},
		Check: func(p backend.Program) error {
			return expectRead(p, "lca.u", []float32{0.3125, -0.15625})
		},
	}
}
