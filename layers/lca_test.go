package layers_test

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/spikeflow/spikeflow/backend"
	_ "github.com/spikeflow/spikeflow/backend/cpu"    // registers "cpu"
	_ "github.com/spikeflow/spikeflow/backend/vulkan" // registers "vulkan"
	"github.com/spikeflow/spikeflow/layers"
)

// TestLcaLasso: LCA's fixed point is the LASSO solution. For random 64 x
// 256 unit-norm dictionaries and sparse signals, the converged codes of
// plain LCA, LcaRms and LcAdam have the objective of a coordinate-descent
// solver to 1e-5 (relative) and the same support, on every backend.
func TestLcaLasso(t *testing.T) {
	p := newLasso(1, 24, 64, 256, 10, 0.01, 0.1)
	opt := p.objective64(p.solveCD())
	cd := p.solveCD()
	for _, name := range []string{"cpu", "vulkan"} {
		be, err := backend.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := be.Capabilities().Available; err != nil {
			t.Logf("%s skipped: %v", name, err)
			continue
		}
		for _, l := range variants(p) {
			t.Run(fmt.Sprintf("%s/%v", name, l.Update), func(t *testing.T) {
				l.Tol, l.MaxIter = 1e-7, 20000
				sol, err := l.Solve(be, p.X)
				if err != nil {
					t.Fatal(err)
				}
				got := p.objective(sol.Codes)
				worst := 0.0
				for s := range p.B {
					rel := (got[s] - opt[s]) / opt[s]
					worst = math.Max(worst, math.Abs(rel))
					if math.Abs(rel) > 1e-5 {
						t.Errorf("signal %d: objective %.8f, coordinate descent %.8f (relative difference %.2g)", s, got[s], opt[s], rel)
					}
					for j := range p.N {
						if (sol.Codes[s*p.N+j] != 0) != (cd[s*p.N+j] != 0) {
							t.Errorf("signal %d, atom %d: LCA code %v, coordinate descent %v: supports differ", s, j, sol.Codes[s*p.N+j], cd[s*p.N+j])
						}
					}
				}
				t.Logf("%d signals, median %d iterations, max %d; objective within %.2g of coordinate descent", p.B, median(sol.Iters), slices.Max(sol.Iters), worst)
			})
		}
	}
}

func variants(p *lasso) []layers.Lca {
	return []layers.Lca{
		layers.NewLca(p.Phi, p.M, p.N, p.Lambda),
		layers.NewLcaRms(p.Phi, p.M, p.N, p.Lambda),
		layers.NewLcAdam(p.Phi, p.M, p.N, p.Lambda),
	}
}

func median(xs []int) int {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// reached returns, per signal, the first iteration from which the
// objective stays within gap (relative) of opt, running l tick by tick for
// at most ticks iterations; -1 where it never does.
func reached(t *testing.T, be backend.Backend, l layers.Lca, p *lasso, opt []float64, gap float64, ticks int) []int {
	t.Helper()
	l.Tol = 0
	l.MaxIter, l.CheckEvery = 1, 1
	first := make([]int, p.B)
	for i := range first {
		first[i] = -1
	}
	codes := make([]float32, p.B*p.N)
	prog, _, err := l.Compile(be, p.X, false)
	if err != nil {
		t.Fatal(err)
	}
	defer prog.Close()
	for it := 1; it <= ticks; it++ {
		if err := prog.Run(1); err != nil {
			t.Fatal(err)
		}
		if err := prog.Read("lca.a", codes); err != nil {
			t.Fatal(err)
		}
		for s, f := range p.objective(codes) {
			switch ok := (f-opt[s])/opt[s] <= gap; {
			case ok && first[s] < 0:
				first[s] = it
			case !ok:
				first[s] = -1
			}
		}
	}
	return first
}

// TestLcaIterations: LcaRms and LcAdam reach the LASSO optimum, to 1e-4
// and to 1e-6 of the objective, in fewer iterations than plain LCA with
// eta = 0.1.
func TestLcaIterations(t *testing.T) {
	if testing.Short() {
		t.Skip("18,000 ticks read back one by one; runs without -short")
	}
	p := newLasso(2, 100, 64, 256, 10, 0.01, 0.1)
	opt := p.objective64(p.solveCD())
	be, err := backend.Get("cpu")
	if err != nil {
		t.Fatal(err)
	}
	for _, gap := range []float64{1e-4, 1e-6} {
		var med []int
		for _, l := range variants(p) {
			first := reached(t, be, l, p, opt, gap, 3000)
			if slices.Contains(first, -1) {
				t.Fatalf("%v: some signals never within %g of the optimum in 3000 iterations", l.Update, gap)
			}
			med = append(med, median(first))
			t.Logf("gap %g: %-5v median %4d iterations, max %4d", gap, l.Update, median(first), slices.Max(first))
		}
		if med[1] >= med[0] || med[2] >= med[0] {
			t.Errorf("gap %g: median iterations plain %d, rms %d, adam %d; want rms and adam below plain", gap, med[0], med[1], med[2])
		}
	}
}

// TestSolveLasso: the benchmark entry point reaches the optimum to 1e-4
// on average.
func TestSolveLasso(t *testing.T) {
	p := newLasso(3, 50, 64, 256, 10, 0.01, 0.1)
	opt := p.objective64(p.solveCD())
	be, err := backend.Get("cpu")
	if err != nil {
		t.Fatal(err)
	}
	res, err := layers.SolveLasso(be, p.Phi, p.M, p.N, p.X, p.Lambda)
	if err != nil {
		t.Fatal(err)
	}
	if mean, _ := gaps(res.Objective, opt); mean > 1e-4 || res.Time <= 0 {
		t.Errorf("mean objective gap %.3g, time %v; want <= 1e-4 and > 0", mean, res.Time)
	}
}
