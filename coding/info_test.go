package coding

import (
	"math"
	"testing"

	"github.com/spikeflow/spikeflow/rng"
)

// A variable that determines the other carries its entropy: 3 bits for 8
// equally likely levels.
func TestMutualInformationDeterministic(t *testing.T) {
	x := make([]int, 8000)
	for i := range x {
		x[i] = i % 8
	}
	in := MutualInformation(x, x)
	if in.PlugIn != 3 || math.Abs(in.Bits-3) > 1e-3 {
		t.Errorf("I(X; X) = %+v, want 3 bits", in)
	}
}

// Independent variables carry nothing: the plug-in estimate is biased
// upward by about (8-1)^2/(2 S ln 2) = 0.0044 bits, and the Miller-Madow
// correction removes that bias.
func TestMutualInformationIndependent(t *testing.T) {
	key := rng.NewKey(5)
	const s = 8000
	x, y := make([]int, s), make([]int, s)
	for i := range x {
		w := key.Block(1, 0, uint32(i))
		x[i], y[i] = int(w[0]%8), int(w[1]%8)
	}
	in := MutualInformation(x, y)
	if bias := 49 / (2 * s * math.Ln2); math.Abs(in.PlugIn-bias) > 0.003 || math.Abs(in.Bits) > 0.003 || in.Correction <= 0 {
		t.Errorf("I(X; Y) of independent variables = %+v; want plug-in near %.4f and corrected near 0", in, bias)
	}
}

func TestReadoutProbabilities(t *testing.T) {
	r := &Readout{N: 2, Actions: 2, W: []float64{1, 0, 0, 1}, Temperature: 1}
	if err := r.Check(); err != nil {
		t.Fatal(err)
	}
	// Scores 3 and 1: p0 = 1/(1 + e^-2).
	p := r.Probabilities([]float32{3, 1}, make([]float64, 2))
	if want := 1 / (1 + math.Exp(-2)); math.Abs(p[0]-want) > 1e-15 || math.Abs(p[0]+p[1]-1) > 1e-15 {
		t.Errorf("p = %v, want [%v, ...]", p, want)
	}
	// Large counts do not overflow; a high temperature flattens.
	r.Temperature = 1e6
	if p := r.Probabilities([]float32{3000, 1000}, p); math.Abs(p[0]-0.5) > 1e-3 {
		t.Errorf("at T = 1e6, p = %v, want about uniform", p)
	}
	for _, bad := range []*Readout{{N: 1, Actions: 0}, {N: 1, Actions: 1, W: []float64{1}}, {N: 1, Actions: 1, W: []float64{math.NaN()}, Temperature: 1}} {
		if bad.Check() == nil {
			t.Errorf("Check(%+v) = nil", bad)
		}
	}
}

// Sampled actions follow the probabilities: chi-square with 2 degrees of
// freedom over 30000 draws, alpha 0.001 (critical value 13.82). The same
// step always gives the same action.
func TestSample(t *testing.T) {
	p := []float64{0.2, 0.3, 0.5}
	key := rng.NewKey(9)
	const draws = 30000
	var got [3]int
	for step := range uint64(draws) {
		got[Sample(p, key, 77, step)]++
	}
	chi2 := 0.0
	for a, pa := range p {
		e := pa * draws
		chi2 += (float64(got[a]) - e) * (float64(got[a]) - e) / e
	}
	if chi2 > 13.82 {
		t.Errorf("counts %v for p = %v: chi-square %.2f > 13.82", got, p, chi2)
	}
	if Sample(p, key, 77, 123) != Sample(p, key, 77, 123) {
		t.Error("Sample is not a function of its key, stream and step")
	}
}

func TestWindow(t *testing.T) {
	w := NewWindow(1, 2)
	if c := w.Counts(); c[0] != 0 {
		t.Errorf("empty window: %v", c)
	}
	for _, cum := range []float32{1, 3} {
		w.Push([]float32{cum})
	}
	if c := w.Counts(); c[0] != 3 { // both cycles since the start
		t.Errorf("after 2 cycles: %v, want 3", c)
	}
	for _, cum := range []float32{6, 10} {
		w.Push([]float32{cum})
	}
	if c := w.Counts(); c[0] != 7 { // 10 - 3: the last two cycles
		t.Errorf("after 4 cycles: %v, want 7", c)
	}
}
