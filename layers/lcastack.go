package layers

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

// LcaStack is a two-layer hierarchical LCA with top-down feedback: layer 1
// codes the signal x with L1.Phi (M x N1), layer 2 codes layer 1's code a1
// with L2.Phi (N1 x N2), and layer 2's reconstruction Phi2 a2 comes back
// to layer 1 as its prior (ops.LCA's input "prior", weighted by Gamma).
// Together the layers minimize, for each signal,
//
//	E(a1, a2) = 0.5 ||x - Phi1 a1||^2 + Lambda1 ||a1||_1
//	          + Gamma (0.5 ||a1 - Phi2 a2||^2 + Lambda2 ||a2||_1):
//
// layer 1's LCA is gradient flow on E in a1 (drive Phi1^T x + Gamma Phi2
// a2, Gram G1 + Gamma I), layer 2's on E/Gamma in a2 (a plain LCA of a1).
// E is jointly convex, so the joint fixed point is its minimum. With
// Gamma = 1 this is the 2-layer sparse predictive coding of Boutin,
// Franciosini, Ruffier & Perrinet 2020 ("Effect of top-down connections in
// hierarchical sparse coding", Neural Computation 32(11)); with Gamma = 0
// there is no feedback and the stack is their "hierarchical Lasso", two
// independent problems solved one after the other. Paiton et al. 2016
// build such stacks from LCA layers.
//
// # The graph
//
// Add builds, for a batch of B signals: layer 1 (named L1.Name, "l1" if
// empty), fed by x and restarted whenever x changes (not online); layer 2
// (L2.Name, "l2"), fed by a1 in online mode, since a1 changes every tick
// and a restart would throw layer 2's progress away each time; and, if
// Gamma > 0, the feedback projection L1.Name+".feedback": an ops.Sparse
// with delay 1 (the one delay that breaks the cycle) holding Phi2 once per
// signal as a block-diagonal matrix, so that its cost grows as B and not as
// B^2, as a Dense projection of B*N2 to B*N1 would. So at tick t layer 1
// reads the prior Phi2 a2(t-1), and layer 2 reads a1(t).
//
// A new input restarts layer 1 from u = 0; layer 2 keeps its state and
// follows, from its previous code (a warm start, harmless for a convex
// problem). A change of the prior wakes a layer-1 signal that was done but
// never restarts it (see ops.LCA, Top-down prior).
type LcaStack struct {
	L1, L2 Lca
	Gamma  float64
	// Solve stops once every signal is done in both layers on the same
	// check (each layer's own Tol), or after MaxIter ticks, looking every
	// CheckEvery ticks. Near the joint fixed point the layers wake each
	// other with changes in the last bits, so a layer's "done" flag can
	// flicker; both being done at once means both last steps were within
	// their tolerance.
	MaxIter, CheckEvery int
}

// NewLcaStack returns a stack of two plain LCA layers (NewLca's defaults)
// for signals of m values, n1 atoms in phi1 (m x n1) and n2 in phi2 (n1 x
// n2), with feedback weight gamma.
func NewLcaStack(phi1 []float32, m, n1 int, lambda1 float64, phi2 []float32, n2 int, lambda2, gamma float64) LcaStack {
	s := LcaStack{L1: NewLca(phi1, m, n1, lambda1), L2: NewLca(phi2, n1, n2, lambda2), Gamma: gamma,
		MaxIter: 5000, CheckEvery: 10}
	s.L1.Name, s.L2.Name = "l1", "l2"
	return s
}

// Add adds the stack to g for a batch of b signals read from x and
// returns its two layers.
func (s *LcaStack) Add(g *graph.Graph, x graph.Value, b int) (l1, l2 *graph.Node) {
	op1 := s.L1.Op(b)
	op1.Gamma = s.Gamma
	l1 = g.Add(s.L1.name(), op1, graph.In("x", x))
	op2 := s.L2.Op(b)
	op2.Online = true
	l2 = g.Add(s.L2.name(), op2, graph.In("x", l1.Out("a")))
	if s.Gamma > 0 {
		fb := g.Add(s.L1.name()+".feedback", Feedback(b, s.L2.M, s.L2.N, s.L2.Phi), graph.In("pre", l2.Out("a")))
		g.Connect(fb.Out("post"), l1.In("prior"))
	}
	return l1, l2
}

// Feedback returns the projection of b codes of n2 atoms to b priors of n1
// values, prior(s, m) = sum over j of phi2[m*n2+j] a2(s, j) in increasing
// j, one tick later: a block-diagonal ops.Sparse with delay 1.
func Feedback(b, n1, n2 int, phi2 []float32) *ops.Sparse {
	c := ops.CSR{Pre: b * n2, Post: b * n1, RowPtr: make([]int32, 1, b*n2+1),
		Target: make([]int32, 0, b*n1*n2), Weight: make([]float32, 0, b*n1*n2)}
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

// StackSolution is what LcaStack.Solve returns.
type StackSolution struct {
	A1, A2 []float32 // B x N1 and B x N2 codes, row-major
	Ticks  int       // ticks run
	Time   time.Duration
}

func (s *LcaStack) check() error {
	if s.L2.M != s.L1.N {
		return fmt.Errorf("lca stack: %w: layer 2 codes %d values, layer 1 has %d atoms", ops.ErrShape, s.L2.M, s.L1.N)
	}
	if s.L1.M <= 0 {
		return fmt.Errorf("lca stack: %w: layer 1 has M = %d", ops.ErrShape, s.L1.M)
	}
	if s.L1.dt() != s.L2.dt() {
		return fmt.Errorf("lca stack: %w: the layers' ticks differ (%v, %v)", ops.ErrParam, s.L1.dt(), s.L2.dt())
	}
	return nil
}

// Solve codes the signals X (B x M, row-major) on backend be until both
// layers are done or MaxIter ticks have passed (ErrNotConverged, with the
// codes reached, if a layer has a tolerance it did not meet).
func (s *LcaStack) Solve(be backend.Backend, X []float32) (StackSolution, error) {
	if err := s.check(); err != nil {
		return StackSolution{}, err
	}
	if len(X)%s.L1.M != 0 {
		return StackSolution{}, fmt.Errorf("lca stack: %w: len(X) = %d is not a multiple of M = %d", ops.ErrShape, len(X), s.L1.M)
	}
	b := len(X) / s.L1.M
	g := graph.New(graph.Config{Dt: s.L1.dt(), Seed: 1})
	in := g.Add(s.L1.name()+".x", &ops.Input{N: len(X), Value: X})
	s.Add(g, in.Out("out"), b)
	prog, err := be.Compile(g)
	if err != nil {
		return StackSolution{}, err
	}
	defer prog.Close()
	start := time.Now()
	sol := StackSolution{A1: make([]float32, b*s.L1.N), A2: make([]float32, b*s.L2.N)}
	every, tols := max(s.CheckEvery, 1), s.L1.Tol > 0 || s.L2.Tol > 0
	converged := false
	for sol.Ticks < s.MaxIter && !converged {
		n := min(every, s.MaxIter-sol.Ticks)
		if err := prog.Run(n); err != nil {
			return sol, err
		}
		sol.Ticks += n
		if tols {
			if converged, err = s.allDone(prog, b); err != nil {
				return sol, err
			}
		}
	}
	err = errors.Join(prog.Read(s.L1.name()+".a", sol.A1), prog.Read(s.L2.name()+".a", sol.A2))
	sol.Time = time.Since(start)
	if err == nil && tols && !converged {
		err = fmt.Errorf("lca stack: %w: not every signal done in both layers after %d ticks", ErrNotConverged, sol.Ticks)
	}
	return sol, err
}

// allDone reports whether every signal is done in both layers; a layer
// without a tolerance counts as done.
func (s *LcaStack) allDone(prog backend.Program, b int) (bool, error) {
	done := make([]float32, b)
	for _, l := range []*Lca{&s.L1, &s.L2} {
		if l.Tol == 0 {
			continue
		}
		if err := prog.Read(l.name()+".done", done); err != nil {
			return false, err
		}
		for _, d := range done {
			if d == 0 {
				return false, nil
			}
		}
	}
	return true, nil
}

// StackObjective returns E(a1, a2) (see LcaStack) for each signal of X
// (B x M) and codes A1 (B x N1), A2 (B x N2), in float64.
func StackObjective(phi1 []float32, m, n1 int, phi2 []float32, n2 int, X, A1, A2 []float32, lambda1, lambda2, gamma float64) []float64 {
	e1 := LassoObjective(phi1, m, n1, X, A1, lambda1)
	e2 := LassoObjective(phi2, n1, n2, A1, A2, lambda2)
	for s := range e1 {
		e1[s] += gamma * e2[s]
	}
	return e1
}

// StackOptimality returns, for each signal, the largest violation of the
// optimality conditions of E at (A1, A2): the distance from 0 of the
// subdifferential, max over neurons of dist(grad_i, -lambda d|a_i|), where
// for layer 1 grad = -Phi1^T (x - Phi1 a1) + Gamma (a1 - Phi2 a2) and for
// layer 2 grad = -Phi2^T (a1 - Phi2 a2) (E/Gamma's), in float64. A
// non-negative layer's condition at a_i = 0 is grad_i >= -lambda.
func StackOptimality(s *LcaStack, X, A1, A2 []float32) []float64 {
	m, n1, n2 := s.L1.M, s.L1.N, s.L2.N
	b := len(X) / m
	out := make([]float64, b)
	for k := range b {
		x, a1, a2 := X[k*m:(k+1)*m], A1[k*n1:(k+1)*n1], A2[k*n2:(k+1)*n2]
		r1 := residual(s.L1.Phi, m, n1, x, a1)   // x - Phi1 a1
		r2 := residual(s.L2.Phi, n1, n2, a1, a2) // a1 - Phi2 a2
		worst := 0.0
		for i := range n1 {
			g := s.Gamma * r2[i]
			for r := range m {
				g -= float64(s.L1.Phi[r*n1+i]) * r1[r]
			}
			worst = math.Max(worst, violation(g, float64(a1[i]), s.L1.Lambda, s.L1.NonNegative))
		}
		for j := range n2 {
			g := 0.0
			for r := range n1 {
				g -= float64(s.L2.Phi[r*n2+j]) * r2[r]
			}
			worst = math.Max(worst, violation(g, float64(a2[j]), s.L2.Lambda, s.L2.NonNegative))
		}
		out[k] = worst
	}
	return out
}

// residual is y - Phi a in float64 for an m x n dictionary.
func residual(phi []float32, m, n int, y, a []float32) []float64 {
	r := make([]float64, m)
	for i := range r {
		r[i] = float64(y[i])
		for j, aj := range a {
			r[i] -= float64(phi[i*n+j]) * float64(aj)
		}
	}
	return r
}

// violation is the distance of grad + lambda d|a| from 0: |grad + lambda
// sign(a)| for a != 0, else max(|grad| - lambda, 0) (only grad < -lambda
// for a non-negative code, which may not go below 0).
func violation(grad, a, lambda float64, nonNeg bool) float64 {
	switch {
	case a > 0:
		return math.Abs(grad + lambda)
	case a < 0:
		return math.Abs(grad - lambda)
	case nonNeg:
		return math.Max(-grad-lambda, 0)
	}
	return math.Max(math.Abs(grad)-lambda, 0)
}
