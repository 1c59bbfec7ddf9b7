package layers_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/layers"
)

// benchProblem is the benchmark of issue 9: 1000 signals x = Phi a_true
// (10 nonzeros) + 0.01 noise, Phi 64 x 256 with unit-norm columns,
// lambda = 0.1, and the optimum of each signal's objective by coordinate
// descent.
var benchProblem = sync.OnceValues(func() (*lasso, []float64) {
	p := newLasso(9, 1000, 64, 256, 10, 0.01, 0.1)
	return p, p.objective64(p.solveCD())
})

// BenchmarkLCA solves the batch with each variant, stopping each signal at
// the tolerance that brings the batch's mean objective within 1e-4 of the
// optimum, and reports that gap, the worst signal's, and the iterations.
//
//	go test ./layers -run='^$' -bench=LCA -benchtime=5x
func BenchmarkLCA(b *testing.B) {
	p, opt := benchProblem()
	be, err := backend.Get("cpu")
	if err != nil {
		b.Fatal(err)
	}
	for _, v := range []struct {
		l   layers.Lca
		tol float64
	}{
		{layers.NewLca(p.Phi, p.M, p.N, p.Lambda), 1e-4},
		{layers.NewLcaRms(p.Phi, p.M, p.N, p.Lambda), 1e-3},
		{layers.NewLcAdam(p.Phi, p.M, p.N, p.Lambda), 1e-3},
	} {
		b.Run(fmt.Sprintf("%v/B=%d,M=%d,N=%d", v.l.Update, p.B, p.M, p.N), func(b *testing.B) {
			l := v.l
			l.Tol = v.tol
			var sol layers.Solution
			for b.Loop() {
				if sol, err = l.Solve(be, p.X); err != nil {
					b.Fatal(err)
				}
			}
			mean, worst := gaps(p.objective(sol.Codes), opt)
			b.ReportMetric(mean, "gap-mean")
			b.ReportMetric(worst, "gap-max")
			b.ReportMetric(float64(median(sol.Iters)), "iters-median")
			b.ReportMetric(float64(slices.Max(sol.Iters)), "iters-max")
			b.ReportMetric(sol.Time.Seconds(), "s-solve")
			if mean > 1e-4 {
				b.Errorf("mean objective gap %.3g, want <= 1e-4", mean)
			}
		})
	}
}

// gaps returns the mean and the largest relative objective gap.
func gaps(got, opt []float64) (mean, worst float64) {
	var sum, sumOpt float64
	for i := range got {
		sum += got[i]
		sumOpt += opt[i]
		worst = max(worst, (got[i]-opt[i])/opt[i])
	}
	return (sum - sumOpt) / sumOpt, worst
}
