package conformance

import (
	"fmt"
	"math"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

// StatAlpha is the family-wise false-alarm rate of the statistical checks;
// each of the m tests of a family runs at StatAlpha/m (Bonferroni). Seeds
// are fixed, so a check that passes keeps passing; the alpha says how
// unlikely a correct generator is to fail for a given seed.
const StatAlpha = 0.001

// PoissonStats checks that a backend's Poisson source fires at its rate and
// that its inter-spike intervals are geometric (the discrete-time
// exponential): spike counts by a two-sided z-test on the total, the
// per-neuron counts against Binomial(T, p) and the ISIs against
// Geometric(p), both by chi-square goodness of fit. Three tests, each at
// StatAlpha/3.
func PoissonStats(b backend.Backend, seed uint64) error {
	const (
		n     = 2000
		ticks = 4000
		rate  = 50.0 // Hz
		dt    = 100 * time.Microsecond
	)
	g := graph.New(graph.Config{Dt: dt, Seed: seed})
	src := g.Add("src", &ops.Poisson{N: n, Rate: []float64{rate}})
	g.Add("mon", &ops.SpikeMonitor{}, graph.In("spikes", src.Out("spikes")))
	prog, err := b.Compile(g)
	if err != nil {
		return err
	}
	defer prog.Close()
	if err := prog.Run(ticks); err != nil {
		return err
	}
	rec, err := prog.Spikes("mon")
	if err != nil {
		return err
	}
	p := float64(float32(rate * dt.Seconds())) // the probability the kernels use
	alpha := StatAlpha / 3

	// Total count: Binomial(n*ticks, p), normal approximation.
	mean := float64(n*ticks) * p
	sd := math.Sqrt(mean * (1 - p))
	if z := (float64(rec.Len()) - mean) / sd; 2*(1-distuv.UnitNormal.CDF(math.Abs(z))) < alpha {
		return fmt.Errorf("poisson: %d spikes, expected %.0f ± %.0f (z = %.2f, two-sided p < %.2g)", rec.Len(), mean, sd, z, alpha)
	}

	counts := make([]int, n)
	last := make([]int64, n)
	for i := range last {
		last[i] = -1
	}
	var isis []int64
	for k := range rec.Len() {
		i, t := rec.Index[k], int64(rec.Tick[k])
		counts[i]++
		if last[i] >= 0 {
			isis = append(isis, t-last[i])
		}
		last[i] = t
	}

	// Per-neuron counts against Binomial(ticks, p), bins pooled so that
	// every expected count is at least 5.
	binom := distuv.Binomial{N: ticks, P: p}
	if err := chiSquare("per-neuron spike counts", n, alpha, func(k int) float64 { return binom.Prob(float64(k)) }, func(add func(int)) {
		for _, c := range counts {
			add(c)
		}
	}); err != nil {
		return fmt.Errorf("poisson: %w", err)
	}

	// ISIs against Geometric(p): P(ISI = k) = (1-p)^(k-1) p, k >= 1.
	if err := chiSquare("inter-spike intervals", len(isis), alpha, func(k int) float64 {
		if k < 1 {
			return 0
		}
		return math.Pow(1-p, float64(k-1)) * p
	}, func(add func(int)) {
		for _, d := range isis {
			add(int(d))
		}
	}); err != nil {
		return fmt.Errorf("poisson: %w", err)
	}
	return nil
}

// chiSquare tests integer samples against a distribution on the integers.
// Bins are consecutive values merged left to right until each expects at
// least 5 samples; the last bin takes the upper tail.
func chiSquare(what string, total int, alpha float64, prob func(k int) float64, samples func(add func(int))) error {
	// Build bins over [lo, hi): start where the mass begins.
	var edges []int // bin b covers [edges[b], edges[b+1])
	var expect []float64
	k, acc, mass := 0, 0.0, 0.0
	for ; mass < 1-1e-12 && k < 1<<22; k++ {
		pk := prob(k)
		if pk == 0 && len(edges) == 0 {
			continue
		}
		if len(edges) == 0 {
			edges = append(edges, k)
		}
		acc += pk
		mass += pk
		if acc*float64(total) >= 5 {
			expect = append(expect, acc*float64(total))
			edges = append(edges, k+1)
			acc = 0
		}
	}
	if len(expect) < 2 {
		return fmt.Errorf("%s: too few samples (%d) for a chi-square test", what, total)
	}
	// The remaining tail joins the last bin, which extends to infinity.
	expect[len(expect)-1] += (1 - mass + acc) * float64(total)
	observed := make([]float64, len(expect))
	samples(func(v int) {
		b := len(expect) - 1
		for i := range expect {
			if v < edges[i+1] {
				b = i
				break
			}
		}
		if v >= edges[0] {
			observed[b]++
		} else {
			observed[0]++ // impossible under the model; counts against it
		}
	})
	chi2 := 0.0
	for i := range expect {
		d := observed[i] - expect[i]
		chi2 += d * d / expect[i]
	}
	dof := float64(len(expect) - 1)
	if pv := 1 - (distuv.ChiSquared{K: dof}).CDF(chi2); pv < alpha {
		return fmt.Errorf("%s: chi-square %.1f with %.0f degrees of freedom, p = %.2g < %.2g", what, chi2, dof, pv, alpha)
	}
	return nil
}
