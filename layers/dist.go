package layers

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/spikeflow/spikeflow/ops"
	"github.com/spikeflow/spikeflow/rng"
)

// Dist is a distribution of synaptic weights or delays, sampled by
// inversion: a sample is Quantile(u) for u uniform on (0, 1), drawn from
// the counter-based generator. Inversion needs one uniform per sample,
// whatever the distribution, so a synapse's value is a pure function of
// (seed, name, row, position in row), the same on any number of cores.
//
// The distributions below validate their parameters. Any other type with
// a quantile function works too, gonum's distuv distributions included
// (distuv.Gamma{Alpha: 2, Beta: 4}); their samples are checked to be
// finite as they are drawn.
type Dist interface {
	Quantile(p float64) float64
}

// Constant gives every synapse the same value. As a weight it is stored
// once for the whole projection, so a synapse costs 4 bytes, not 8.
type Constant float64

func (c Constant) Quantile(float64) float64 { return float64(c) }

func (c Constant) Validate() error {
	if v := float64(c); math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("Constant(%v) must be finite", v)
	}
	return nil
}

// Uniform is uniform on [Min, Max).
type Uniform struct{ Min, Max float64 }

func (d Uniform) Quantile(p float64) float64 { return d.Min + p*(d.Max-d.Min) }

func (d Uniform) Validate() error {
	if !(d.Min < d.Max) || math.IsInf(d.Min, 0) || math.IsInf(d.Max, 0) {
		return fmt.Errorf("Uniform{Min: %v, Max: %v} needs finite Min < Max", d.Min, d.Max)
	}
	return nil
}

// Normal is the normal distribution with mean Mu and standard deviation
// Sigma. Its samples reach about ±6.3 Sigma (the quantiles of the most
// extreme 32-bit uniforms). For weights that must keep their sign, use
// TruncNormal.
type Normal struct{ Mu, Sigma float64 }

func (d Normal) Quantile(p float64) float64 { return d.Mu + d.Sigma*mathext.NormalQuantile(p) }

func (d Normal) Validate() error { return checkMuSigma("Normal", d.Mu, d.Sigma) }

// TruncNormal is Normal{Mu, Sigma} conditioned on [Min, Max] (either may
// be infinite): samples outside are redrawn, in effect, not clipped, so no
// probability piles up at the bounds. NEST's "redraw" weights and PyNN's
// normal_clipped have the same law. Excitatory weights are typically
// TruncNormal{Mu: w, Sigma: s, Min: 0, Max: math.Inf(1)}.
type TruncNormal struct{ Mu, Sigma, Min, Max float64 }

// Quantile inverts the normal CDF restricted to [Min, Max].
func (d TruncNormal) Quantile(p float64) float64 { return d.quantileFunc()(p) }

// quantileFunc returns Quantile with the CDF at the bounds computed once,
// as sampling calls it for every synapse. When the interval lies in the
// upper tail it works on the mirror image, where the CDF is small and
// keeps its precision (1 - tiny would round to 1).
func (d TruncNormal) quantileFunc() func(float64) float64 {
	a, b := (d.Min-d.Mu)/d.Sigma, (d.Max-d.Mu)/d.Sigma
	sign := 1.0
	if a > 0 {
		a, b, sign = -b, -a, -1
	}
	pa, pb := stdNormalCDF(a), stdNormalCDF(b)
	return func(p float64) float64 {
		z := sign * mathext.NormalQuantile(pa+p*(pb-pa))
		return math.Min(math.Max(d.Mu+d.Sigma*z, d.Min), d.Max)
	}
}

// quantileOf returns d's quantile function, prepared once if d can.
func quantileOf(d Dist) func(float64) float64 {
	if p, ok := d.(interface{ quantileFunc() func(float64) float64 }); ok {
		return p.quantileFunc()
	}
	return d.Quantile
}

func (d TruncNormal) Validate() error {
	if err := checkMuSigma("TruncNormal", d.Mu, d.Sigma); err != nil {
		return err
	}
	if !(d.Min < d.Max) {
		return fmt.Errorf("TruncNormal{Min: %v, Max: %v} needs Min < Max", d.Min, d.Max)
	}
	a, b := (d.Min-d.Mu)/d.Sigma, (d.Max-d.Mu)/d.Sigma
	if a > 0 {
		a, b = -b, -a
	}
	if !(stdNormalCDF(b)-stdNormalCDF(a) > 0) {
		return fmt.Errorf("TruncNormal: [%v, %v] holds no probability under Normal{%v, %v} in float64", d.Min, d.Max, d.Mu, d.Sigma)
	}
	return nil
}

func stdNormalCDF(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }

// LogNormal is the distribution of exp(X) for X normal with mean Mu and
// standard deviation Sigma (the parameters of the logarithm, as in gonum,
// NumPy and NEST). LogNormalMeanStd gives it by the mean and standard
// deviation of the weights themselves.
type LogNormal struct{ Mu, Sigma float64 }

func (d LogNormal) Quantile(p float64) float64 {
	return distuv.LogNormal{Mu: d.Mu, Sigma: d.Sigma}.Quantile(p)
}

func (d LogNormal) Validate() error { return checkMuSigma("LogNormal", d.Mu, d.Sigma) }

// LogNormalMeanStd returns the log-normal distribution with the given mean
// and standard deviation (both > 0): sigma^2 = ln(1 + std^2/mean^2),
// mu = ln(mean) - sigma^2/2.
func LogNormalMeanStd(mean, std float64) LogNormal {
	s2 := math.Log1p(std * std / (mean * mean))
	return LogNormal{Mu: math.Log(mean) - s2/2, Sigma: math.Sqrt(s2)}
}

func checkMuSigma(name string, mu, sigma float64) error {
	if math.IsNaN(mu) || math.IsInf(mu, 0) {
		return fmt.Errorf("%s: Mu = %v, must be finite", name, mu)
	}
	if !(sigma > 0) || math.IsInf(sigma, 1) {
		return fmt.Errorf("%s: Sigma = %v, must be finite and > 0", name, sigma)
	}
	return nil
}

// perSynapse calls set(k, j, u) for every synapse k of m, j being its row
// and u its uniform on (0, 1): word i%4 of Block(stream, j, i/4) for the
// i-th synapse of the row, so four synapses share a Philox block. Rows run
// in parallel; the first error (lowest k) is returned, and a row stops at
// its first.
func perSynapse(m *ops.CSR, key rng.Key, stream uint32, set func(k, j int, u float64) error) error {
	var bad firstFailure
	parallelRows(0, m.Pre, func(j int) {
		lo, hi := int(m.RowPtr[j]), int(m.RowPtr[j+1])
		var block [4]uint32
		for k := lo; k < hi; k++ {
			i := k - lo
			if i&3 == 0 {
				block = key.Block(stream, uint64(j), uint32(i>>2))
			}
			if err := set(k, j, rng.ToFloat64Open(block[i&3])); err != nil {
				bad.report(k, err)
				return
			}
		}
	})
	return bad.err
}

// weightStream and delayStream keep a rule's weights, delays and
// connectivity on separate streams, so none of them shifts the others.
func weightStream(name string) uint32 { return rng.Stream(name + "/weight") }
func delayStream(name string) uint32  { return rng.Stream(name + "/delay") }

// SampleWeights sets the weights of m from w: a Constant becomes the
// single shared weight; any other distribution gives each synapse its own,
// the weight of the k-th synapse of row j drawn from (seed,
// Stream(name+"/weight"), j, k). A nil w means Constant(1). The rules of
// this package call it with their own Seed and Name; it is exported so
// that weights can be redrawn, or given to a CSR built another way.
func SampleWeights(m *ops.CSR, w Dist, seed uint64, name string) error {
	c := newCheck("SampleWeights", name)
	c.weight(w)
	probe := *m
	probe.Weight = []float32{0} // the weights are what is being set
	c.wrap("the CSR", probe.Check())
	if err := c.err(); err != nil {
		return err
	}
	return sampleWeights(m, w, seed, name, "SampleWeights")
}

// sampleWeights is SampleWeights once w has been validated; rule names the
// caller in errors.
func sampleWeights(m *ops.CSR, w Dist, seed uint64, name, rule string) error {
	if w == nil {
		w = Constant(1)
	}
	if v, ok := w.(Constant); ok {
		m.Weight = []float32{float32(v)}
		return nil
	}
	m.Weight = make([]float32, m.NNZ())
	quantile := quantileOf(w)
	err := perSynapse(m, rng.NewKey(seed), weightStream(name), func(k, j int, u float64) error {
		x := quantile(u)
		if m.Weight[k] = float32(x); !finite32(m.Weight[k]) {
			return fmt.Errorf("%s: %w: Weight %v gave synapse %d (row %d) the value %v at u = %v, not a finite float32",
				newCheck(rule, name).who(), ops.ErrParam, w, k, j, x, u)
		}
		return nil
	})
	if err != nil {
		m.Weight = nil
	}
	return err
}

func finite32(f float32) bool {
	return !math.IsNaN(float64(f)) && !math.IsInf(float64(f), 0)
}
