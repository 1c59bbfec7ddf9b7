package layers_test

import (
	"fmt"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/backend/cpu"
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

// BenchmarkLCA solves the batch with each variant's defaults and with the
// step of SolveLasso (LcAdam, eta = 0.1), on the exact CPU kernels and
// with Backend.BLAS (OpenBLAS under -tags openblas), stopping each signal at
// the tolerance that brings the batch's mean objective within 1e-4 of the
// optimum, and reports that gap, the worst signal's, and the iterations.
//
//	go test ./layers -run='^$' -bench=LCA -benchtime=5x [-tags openblas]
func BenchmarkLCA(b *testing.B) {
	p, opt := benchProblem()
	exact, fast := cpu.Backend{}, cpu.Backend{BLAS: true}
	for _, v := range []struct {
		l    layers.Lca
		tol  float64
		be   backend.Backend
		name string
	}{
		{layers.NewLca(p.Phi, p.M, p.N, p.Lambda), 1e-4, exact, "plain"},
		{layers.NewLcaRms(p.Phi, p.M, p.N, p.Lambda), 1e-3, exact, "rms"},
		{layers.NewLcAdam(p.Phi, p.M, p.N, p.Lambda), 1e-3, exact, "adam"},
		{layers.NewLcAdam(p.Phi, p.M, p.N, p.Lambda), 1e-3, fast, "adam-blas"},
		{layers.LassoCoder(p.Phi, p.M, p.N, p.Lambda), 1e-3, exact, "adam-eta0.1"},
		{layers.LassoCoder(p.Phi, p.M, p.N, p.Lambda), 1e-3, fast, "adam-eta0.1-blas"},
	} {
		be := v.be
		b.Run(fmt.Sprintf("%s/B=%d,M=%d,N=%d", v.name, p.B, p.M, p.N), func(b *testing.B) {
			l := v.l
			l.Tol = v.tol
			var (
				sol layers.Solution
				err error
			)
			cpu0 := cpuTime()
			for b.Loop() {
				if sol, err = l.Solve(be, p.X); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
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

// cpuTime is the CPU time the process has used, on all threads: on a
// shared machine it measures the work done, where wall time also counts
// the other tenants.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
