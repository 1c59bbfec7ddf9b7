package layers

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

// Lca is a sparse-coding layer: the Locally Competitive Algorithm (see
// ops.LCA for the dynamics and the exact tick) with its defaults filled in
// and a stopping rule. NewLca, NewLcaRms and NewLcAdam return the three
// variants with parameters that suit dictionaries of unit-norm atoms and
// signals of about unit norm; every field can be changed after.
type Lca struct {
	Name        string    // node name; "lca" if empty
	M, N        int       // signal length, atoms
	Phi         []float32 // M x N row-major: Phi[m*N+j] is component m of atom j
	Lambda      float64
	Threshold   ops.Threshold
	NonNegative bool
	// Dt is the tick of the graph Solve builds (1 ms if zero); Tau the time
	// constant, so that an iteration is a step of eta = Dt/Tau.
	Dt, Tau           time.Duration
	Update            ops.Update
	Beta1, Beta2, Eps float64
	// Solve stops a signal once its relative change per iteration is at
	// most Tol (0: never) and stops altogether after MaxIter iterations,
	// looking at which signals are done every CheckEvery iterations.
	Tol        float64
	MaxIter    int
	CheckEvery int
}

// NewLca is plain LCA with eta = 0.1 (Tau = 10 Dt).
func NewLca(phi []float32, m, n int, lambda float64) Lca {
	return Lca{M: m, N: n, Phi: phi, Lambda: lambda, Dt: time.Millisecond, Tau: 10 * time.Millisecond,
		Update: ops.UpdatePlain, Tol: 1e-6, MaxIter: 5000, CheckEvery: 10}
}

// NewLcaRms is LCA with an RMSProp-style update: eta = 0.05, Beta2 = 0.5,
// Eps = 0.01.
func NewLcaRms(phi []float32, m, n int, lambda float64) Lca {
	l := NewLca(phi, m, n, lambda)
	l.Tau, l.Update, l.Beta2, l.Eps = 20*time.Millisecond, ops.UpdateRMS, 0.5, 0.01
	return l
}

// NewLcAdam is LCA with an Adam-style update: eta = 0.05, Beta1 = 0.5,
// Beta2 = 0.9, Eps = 3e-3. On 64 x 256 dictionaries it reaches the LASSO
// optimum to 1e-4 in about a third of plain LCA's iterations (see
// TestLcaIterations).
func NewLcAdam(phi []float32, m, n int, lambda float64) Lca {
	l := NewLca(phi, m, n, lambda)
	l.Tau, l.Update, l.Beta1, l.Beta2, l.Eps = 20*time.Millisecond, ops.UpdateAdam, 0.5, 0.9, 3e-3
	return l
}

func (l *Lca) name() string { return cmp.Or(l.Name, "lca") }

func (l *Lca) dt() time.Duration { return cmp.Or(l.Dt, time.Millisecond) }

// Op returns the layer's op for a batch of b signals.
func (l *Lca) Op(b int) *ops.LCA {
	return &ops.LCA{B: b, M: l.M, N: l.N, Phi: l.Phi, Lambda: l.Lambda, Threshold: l.Threshold,
		NonNegative: l.NonNegative, Tau: l.Tau, Update: l.Update, Beta1: l.Beta1, Beta2: l.Beta2,
		Eps: l.Eps, Tol: l.Tol}
}

// Add adds the layer to g for a batch of b signals read from x, in
// online mode if online is set; its output "a" holds the codes.
func (l *Lca) Add(g *graph.Graph, x graph.Value, b int, online bool) *graph.Node {
	op := l.Op(b)
	op.Online = online
	return g.Add(l.name(), op, graph.In("x", x))
}

// Solution is what Solve returns.
type Solution struct {
	Codes []float32 // B x N, row-major
	Iters []int     // iterations each signal ran
	Done  int       // signals that met the tolerance
	Ticks int       // ticks the program ran
	Time  time.Duration
}

// ErrNotConverged is returned, with the solution, when some signals did
// not meet the tolerance within MaxIter iterations.
var ErrNotConverged = errors.New("did not converge")

// Compile builds a graph of the layer fed with the signals X (B x M,
// row-major) by an Input node named Name+".x", and compiles it on be. The
// layer's output is then Name+".a", its state Name+".u" and so on.
func (l *Lca) Compile(be backend.Backend, X []float32, online bool) (backend.Program, int, error) {
	if l.M <= 0 || len(X)%l.M != 0 {
		return nil, 0, fmt.Errorf("lca %q: %w: len(X) = %d is not a multiple of M = %d", l.name(), ops.ErrShape, len(X), l.M)
	}
	b := len(X) / l.M
	g := graph.New(graph.Config{Dt: l.dt(), Seed: 1})
	in := g.Add(l.name()+".x", &ops.Input{N: len(X), Value: X})
	l.Add(g, in.Out("out"), b, online)
	prog, err := be.Compile(g)
	return prog, b, err
}

// Solve codes the signals X (B x M, row-major) on backend be: it runs
// until every signal is done or MaxIter iterations have passed. Time
// covers running and reading, not compiling.
func (l *Lca) Solve(be backend.Backend, X []float32) (Solution, error) {
	prog, b, err := l.Compile(be, X, false)
	if err != nil {
		return Solution{}, err
	}
	defer prog.Close()
	start := time.Now()
	sol, err := l.run(prog, b)
	sol.Time = time.Since(start)
	return sol, err
}

func (l *Lca) run(prog backend.Program, b int) (Solution, error) {
	every := max(l.CheckEvery, 1)
	done := make([]float32, b)
	sol := Solution{Codes: make([]float32, b*l.N), Iters: make([]int, b)}
	for sol.Ticks < l.MaxIter && (sol.Done < b || sol.Ticks == 0) {
		n := min(every, l.MaxIter-sol.Ticks)
		if err := prog.Run(n); err != nil {
			return sol, err
		}
		sol.Ticks += n
		if l.Tol == 0 {
			continue
		}
		if err := prog.Read(l.name()+".done", done); err != nil {
			return sol, err
		}
		sol.Done = 0
		for _, d := range done {
			sol.Done += int(d)
		}
	}
	iters := make([]float32, b)
	if err := errors.Join(prog.Read(l.name()+".a", sol.Codes), prog.Read(l.name()+".iters", iters)); err != nil {
		return sol, err
	}
	for i, it := range iters {
		sol.Iters[i] = int(it)
	}
	if l.Tol > 0 && sol.Done < b {
		return sol, fmt.Errorf("lca %q: %w: %d of %d signals within Tol = %g after %d iterations", l.name(), ErrNotConverged, b-sol.Done, b, l.Tol, sol.Ticks)
	}
	return sol, nil
}

// LassoObjective returns 0.5 ||x - Phi a||^2 + lambda ||a||_1 for each
// signal of X (B x M) and code of A (B x N), in float64.
func LassoObjective(phi []float32, m, n int, X, A []float32, lambda float64) []float64 {
	b := len(X) / max(m, 1)
	out := make([]float64, b)
	r := make([]float64, m)
	for s := range b {
		a := A[s*n : (s+1)*n]
		l1 := 0.0
		for i := range r {
			r[i] = float64(X[s*m+i])
		}
		for j, aj := range a {
			if aj == 0 {
				continue
			}
			l1 += math.Abs(float64(aj))
			for i := range r {
				r[i] -= float64(phi[i*n+j]) * float64(aj)
			}
		}
		sq := 0.0
		for _, v := range r {
			sq += v * v
		}
		out[s] = 0.5*sq + lambda*l1
	}
	return out
}

// LassoResult is what SolveLasso returns.
type LassoResult struct {
	Solution
	Objective []float64 // per signal, by LassoObjective
}

// LassoCoder is LcAdam with twice the default step (eta = 0.1) and each
// signal stopping at a relative change of 1e-3 per iteration, the setting
// of SolveLasso. On random 64 x 256 dictionaries of unit-norm atoms it
// brings every signal's objective within 1e-4 of the optimum in about 50
// iterations (BenchmarkLCA); on small, coherent dictionaries (48 atoms in
// 16 dimensions, say) this step can hover around the fixed point, where
// NewLcAdam's settles.
func LassoCoder(phi []float32, m, n int, lambda float64) Lca {
	l := NewLcAdam(phi, m, n, lambda)
	l.Tau, l.Tol = 10*l.dt(), 1e-3
	return l
}

// SolveLasso solves min_a 0.5 ||x - Phi a||^2 + lambda ||a||_1 for every
// signal of X (B x M) with LassoCoder. It is the entry point for
// benchmarks that compare spikeflow with other LASSO solvers; Time covers
// the solve, not compiling or the objective.
func SolveLasso(be backend.Backend, phi []float32, m, n int, X []float32, lambda float64) (LassoResult, error) {
	l := LassoCoder(phi, m, n, lambda)
	sol, err := l.Solve(be, X)
	if err != nil {
		return LassoResult{Solution: sol}, err
	}
	return LassoResult{Solution: sol, Objective: LassoObjective(phi, m, n, X, sol.Codes, lambda)}, nil
}
