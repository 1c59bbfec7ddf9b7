package layers

import (
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// The statistical tests of this package are goodness-of-fit tests, each a
// chi-square or Kolmogorov-Smirnov test at level alpha. With statTests of
// them, Bonferroni bounds the chance that a correct implementation fails
// any of them, on some seed, by familyAlpha. Their seeds are fixed, so a
// failure is reproducible; changing a seed is a new draw.
//
// The statTests assertions: FixedProbability out- and in-degrees (2);
// FixedOutDegree in-degrees, FixedInDegree out-degrees, Floyd's subsets
// (3); Local3D distance dependence, out- and in-degrees on a grid (3);
// Uniform, Normal, TruncNormal in both tails, LogNormal samples (5);
// UniformBox occupancy (1); SplitByDelay delays (1).
const (
	familyAlpha = 0.001
	statTests   = 15
	alpha       = familyAlpha / statTests
)

// chi2Test compares observed counts with expected ones by Pearson's
// chi-square, with dof degrees of freedom, and reports failure at alpha.
func chi2Test(t *testing.T, what string, obs, exp []float64, dof int) {
	t.Helper()
	chi2 := 0.0
	for i := range exp {
		chi2 += (obs[i] - exp[i]) * (obs[i] - exp[i]) / exp[i]
	}
	chi2Check(t, what, chi2, dof)
}

// chi2Check reports failure when a statistic that is chi-square with dof
// degrees of freedom under the hypothesis exceeds its 1-alpha quantile.
func chi2Check(t *testing.T, what string, chi2 float64, dof int) {
	t.Helper()
	if pv := (distuv.ChiSquared{K: float64(dof)}).Survival(chi2); pv < alpha {
		t.Errorf("%s: chi-square %.1f with %d dof, p = %.3g < alpha = %.2g", what, chi2, dof, pv, alpha)
	}
}

// pmfChi2 tests that the values follow the distribution with probability
// mass pmf(k) on k = 0..kmax: adjacent values are pooled until each bin
// expects at least 5, so that the chi-square approximation holds.
func pmfChi2(t *testing.T, what string, values []int, pmf func(k int) float64, kmax int) {
	t.Helper()
	n := float64(len(values))
	var exp []float64
	var upper []int // last value of each bin
	acc := 0.0
	for k := 0; k <= kmax; k++ {
		acc += pmf(k)
		if acc*n >= 5 {
			exp, upper, acc = append(exp, acc*n), append(upper, k), 0
		}
	}
	if len(exp) < 2 {
		t.Fatalf("%s: %d values are too few for a chi-square test", what, len(values))
	}
	exp[len(exp)-1] += acc * n
	upper[len(upper)-1] = kmax
	obs := make([]float64, len(exp))
	for _, v := range values {
		if v < 0 || v > kmax {
			t.Fatalf("%s: value %d outside the support [0, %d]", what, v, kmax)
		}
		b, _ := slices.BinarySearch(upper, v)
		obs[b]++
	}
	chi2Test(t, what, obs, exp, len(exp)-1)
}

func degreeChi2(t *testing.T, what string, degrees []int, d distuv.Binomial) {
	t.Helper()
	pmfChi2(t, what, degrees, func(k int) float64 { return d.Prob(float64(k)) }, int(d.N))
}

// ksTest is the one-sample Kolmogorov-Smirnov test of xs against cdf.
func ksTest(t *testing.T, what string, xs []float64, cdf func(float64) float64) {
	t.Helper()
	if d, pv := ksP(xs, cdf); pv < alpha {
		t.Errorf("%s: KS distance %.4g over %d samples, p = %.3g < alpha = %.2g", what, d, len(xs), pv, alpha)
	}
}

// ksP returns the KS distance of xs from cdf and its p-value, from
// Kolmogorov's limit law with Stephens' correction for finite n (Press et
// al., Numerical Recipes, 3rd ed., section 14.3.3), accurate from a few
// hundred samples.
func ksP(xs []float64, cdf func(float64) float64) (d, pv float64) {
	xs = slices.Clone(xs)
	slices.Sort(xs)
	n := float64(len(xs))
	for i, x := range xs {
		f := cdf(x)
		d = math.Max(d, math.Max(f-float64(i)/n, float64(i+1)/n-f))
	}
	sn := math.Sqrt(n)
	return d, kolmogorovQ((sn + 0.12 + 0.11/sn) * d)
}

// kolmogorovQ is P(K > x) for Kolmogorov's distribution:
// 2 sum_{k>=1} (-1)^(k-1) exp(-2 k^2 x^2).
func kolmogorovQ(x float64) float64 {
	if x < 0.2 {
		return 1
	}
	q := 0.0
	for k := 1; k <= 100; k++ {
		term := math.Exp(-2 * float64(k*k) * x * x)
		if k%2 == 0 {
			term = -term
		}
		q += 2 * term
		if math.Abs(term) < 1e-16 {
			break
		}
	}
	return math.Min(math.Max(q, 0), 1)
}

// TestStatHelpers checks the helpers themselves: a known chi-square and KS
// p-value, and that a clearly wrong distribution is rejected.
func TestStatHelpers(t *testing.T) {
	if q := kolmogorovQ(1.3581); math.Abs(q-0.05) > 1e-3 {
		t.Errorf("Q(1.3581) = %v, want 0.05", q)
	}
	if q := kolmogorovQ(1.6276); math.Abs(q-0.01) > 2e-4 {
		t.Errorf("Q(1.6276) = %v, want 0.01", q)
	}
	xs := make([]float64, 1000)
	for i := range xs {
		xs[i] = (float64(i) + 0.5) / 1000
	}
	if _, pv := ksP(xs, func(x float64) float64 { return x }); pv < 0.99 {
		t.Errorf("KS p = %v for a perfectly uniform sample", pv)
	}
	if _, pv := ksP(xs, func(x float64) float64 { return x * x }); pv > 1e-10 {
		t.Errorf("KS p = %v for a uniform sample tested against CDF x^2", pv)
	}
}
