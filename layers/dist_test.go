package layers

import (
	"errors"
	"math"
	"runtime"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/spikeflow/spikeflow/ops"
	"github.com/spikeflow/spikeflow/rng"
)

// fullCSR connects each of rows sources to all of cols targets.
func fullCSR(rows, cols int) ops.CSR {
	m := ops.CSR{Pre: rows, Post: cols, RowPtr: make([]int32, rows+1), Target: make([]int32, rows*cols)}
	for j := range rows {
		m.RowPtr[j+1] = int32((j + 1) * cols)
		for k := range cols {
			m.Target[j*cols+k] = int32(k)
		}
	}
	return m
}

// weightsOf draws n weights from d through SampleWeights, spread over rows
// of 100 synapses so that rows and positions within rows both vary.
func weightsOf(t *testing.T, d Dist, n int) []float64 {
	t.Helper()
	m := fullCSR(n/100, 100)
	if err := SampleWeights(&m, d, 21, "dist"); err != nil {
		t.Fatal(err)
	}
	if err := m.Check(); err != nil {
		t.Fatal(err)
	}
	xs := make([]float64, len(m.Weight))
	for i, w := range m.Weight {
		xs[i] = float64(w)
	}
	return xs
}

// truncCDF is the CDF of Normal{mu, sigma} conditioned on [lo, hi],
// written from gonum's normal CDF independently of TruncNormal.Quantile.
func truncCDF(mu, sigma, lo, hi float64) func(float64) float64 {
	n := distuv.Normal{Mu: mu, Sigma: sigma}
	return func(x float64) float64 {
		x = math.Min(math.Max(x, lo), hi)
		// Survival functions keep precision in the upper tail.
		return (n.Survival(lo) - n.Survival(x)) / (n.Survival(lo) - n.Survival(hi))
	}
}

// TestDistKS draws 100,000 weights from each distribution and compares
// them with gonum's CDF by a KS test at alpha. The float32 rounding of a
// weight moves it by a relative 6e-8, far below what KS resolves here.
func TestDistKS(t *testing.T) {
	cases := []struct {
		name string
		d    Dist
		cdf  func(float64) float64
	}{
		{"Uniform", Uniform{Min: -2, Max: 3}, distuv.Uniform{Min: -2, Max: 3}.CDF},
		{"Normal", Normal{Mu: 0.5, Sigma: 0.2}, distuv.Normal{Mu: 0.5, Sigma: 0.2}.CDF},
		{"TruncNormal/lower", TruncNormal{Mu: 0.1, Sigma: 0.2, Min: 0, Max: math.Inf(1)}, truncCDF(0.1, 0.2, 0, math.Inf(1))},
		// Entirely in the upper tail: the mirrored branch of Quantile.
		{"TruncNormal/upper-tail", TruncNormal{Mu: 0, Sigma: 1, Min: 7, Max: 7.5}, truncCDF(0, 1, 7, 7.5)},
		{"LogNormal", LogNormal{Mu: -1, Sigma: 0.5}, distuv.LogNormal{Mu: -1, Sigma: 0.5}.CDF},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ksTest(t, c.name, weightsOf(t, c.d, 100000), c.cdf)
		})
	}
}

// TestDistMoments checks means and bounds, and LogNormalMeanStd's
// parameterization: the sample mean must be within 5 standard errors.
func TestDistMoments(t *testing.T) {
	xs := weightsOf(t, LogNormalMeanStd(2, 0.5), 20000)
	mean, std := stat.MeanStdDev(xs, nil)
	if se := 0.5 / math.Sqrt(float64(len(xs))); math.Abs(mean-2) > 5*se || math.Abs(std-0.5) > 0.02 {
		t.Errorf("LogNormalMeanStd(2, 0.5): mean %.4f, std %.4f", mean, std)
	}
	for _, x := range weightsOf(t, TruncNormal{Mu: 0.05, Sigma: 0.1, Min: 0, Max: 0.2}, 10000) {
		if x < 0 || x > 0.2 {
			t.Fatalf("TruncNormal sample %v outside [0, 0.2]", x)
		}
	}
	// A gonum distribution works as is.
	xs = weightsOf(t, distuv.Gamma{Alpha: 2, Beta: 4}, 10000)
	if mean := stat.Mean(xs, nil); math.Abs(mean-0.5) > 5*math.Sqrt(2)/4/100 {
		t.Errorf("Gamma(2, 4) mean %.4f, want 0.5", mean)
	}
}

func TestSampleWeightsShared(t *testing.T) {
	m := fullCSR(10, 3)
	if err := SampleWeights(&m, Constant(-0.25), 1, "c"); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.Weight, []float32{-0.25}) {
		t.Errorf("Constant weight stored as %v, want one shared -0.25", m.Weight)
	}
	if b := BytesPerSynapse(m); b != float64(4*(11+30+1))/30 {
		t.Errorf("BytesPerSynapse = %v", b)
	}
	if err := SampleWeights(&m, nil, 1, "nil"); err != nil || !slices.Equal(m.Weight, []float32{1}) {
		t.Errorf("nil weight gave %v, %v; want the shared weight 1", m.Weight, err)
	}
	if b := BytesPerSynapse(ops.CSR{RowPtr: []int32{0}}); b != 0 {
		t.Errorf("BytesPerSynapse without synapses = %v, want 0", b)
	}
}

func TestSampleWeightsDeterministic(t *testing.T) {
	m := fullCSR(5000, 20)
	old := runtime.GOMAXPROCS(1)
	err1 := SampleWeights(&m, Normal{Mu: 1, Sigma: 0.3}, 5, "w")
	a := m.Weight
	runtime.GOMAXPROCS(2)
	err2 := SampleWeights(&m, Normal{Mu: 1, Sigma: 0.3}, 5, "w")
	runtime.GOMAXPROCS(old)
	if err1 != nil || err2 != nil || !slices.Equal(a, m.Weight) {
		t.Fatalf("weights differ across GOMAXPROCS (%v, %v)", err1, err2)
	}
	// Hand check: synapse 6 of row 3 uses word 6%4 = 2 of block (3, 6/4 = 1).
	w := rng.NewKey(5).Block(weightStream("w"), 3, 1)[2]
	if want := float32(Normal{Mu: 1, Sigma: 0.3}.Quantile(rng.ToFloat64Open(w))); m.Weight[3*20+6] != want {
		t.Errorf("weight of synapse (3, 6) = %v, want %v", m.Weight[3*20+6], want)
	}
}

func TestDistErrors(t *testing.T) {
	m := fullCSR(2, 2)
	for _, d := range []Dist{
		Constant(math.NaN()),
		Constant(1e39), // overflows float32
		Uniform{Min: 1, Max: 1},
		Uniform{Min: 0, Max: math.Inf(1)},
		Normal{Mu: 0, Sigma: 0},
		Normal{Mu: math.NaN(), Sigma: 1},
		Normal{Mu: 0, Sigma: -1},
		TruncNormal{Mu: 0, Sigma: 1, Min: 1, Max: 1},
		TruncNormal{Mu: 0, Sigma: 1, Min: 50, Max: 60}, // no mass in float64
		LogNormal{Mu: 0, Sigma: math.Inf(1)},
	} {
		if err := SampleWeights(&m, d, 1, "bad"); !errors.Is(err, ops.ErrParam) {
			t.Errorf("%#v: err = %v, want ErrParam", d, err)
		}
	}
	bad := fullCSR(3, 3)
	bad.Target[4] = 7
	if err := SampleWeights(&bad, Uniform{Min: 0, Max: 1}, 1, "csr"); !errors.Is(err, ops.ErrParam) {
		t.Errorf("malformed CSR: err = %v, want ErrParam", err)
	}
	// Valid parameters, but samples that overflow float32.
	err := SampleWeights(&m, LogNormal{Mu: 100, Sigma: 1}, 1, "huge")
	if !errors.Is(err, ops.ErrParam) || m.Weight != nil {
		t.Errorf("overflowing samples: err = %v, weights %v", err, m.Weight)
	}
}
