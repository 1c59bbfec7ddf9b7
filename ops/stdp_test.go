package ops

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/rng"
)

// Reciprocal is within 2 ULP of the correctly rounded 1/x over its whole
// domain: a million values spread log-uniformly over [2^-100, 2^100] and
// the powers of two, its edges and neighbours.
func TestReciprocal(t *testing.T) {
	key := rng.NewKey(1)
	worst := 0
	check := func(x float32) {
		got, want := Reciprocal(x), float32(1/float64(x))
		d := int(math.Float32bits(got)) - int(math.Float32bits(want))
		if d < 0 {
			d = -d
		}
		if d > worst {
			worst = d
		}
		if d > 2 {
			t.Fatalf("Reciprocal(%v) = %v, want %v (%d ULP)", x, got, want, d)
		}
	}
	for i := range 1_000_000 {
		e := -100 + 200*rng.ToFloat64Open(key.Uint32(0, 0, uint32(i)))
		check(float32(math.Exp2(e)))
	}
	for e := -100; e <= 100; e++ {
		p := float32(math.Ldexp(1, e))
		check(p)
		check(math.Nextafter32(p, 0))
		check(math.Nextafter32(p, 2*p))
	}
	t.Logf("largest error: %d ULP", worst)
}

func TestNormalizationScale(t *testing.T) {
	n := Normalization{Target: 78}
	for _, sum := range []float32{0, -1, 0x1p-101, 0x1p101, float32(math.Inf(1))} {
		if s, ok := n.Scale(sum); ok || s != 1 {
			t.Errorf("Scale(%v) = %v, %v; want the column left alone", sum, s, ok)
		}
	}
	if s, ok := n.Scale(39); !ok || s != 2 {
		t.Errorf("Scale(39) = %v, %v; want 2", s, ok)
	}
	if !(&Normalization{Target: 1, Every: 5}).Periodic(4) || (&Normalization{Target: 1, Every: 5}).Periodic(5) {
		t.Error("Periodic(4) should be the first normalization of Every 5, and Periodic(5) not one")
	}
}

func TestSTDPFactors(t *testing.T) {
	r := STDPRule{APlus: 0.01, AMinus: 0.0105, TauPlus: 20 * time.Millisecond, TauMinus: 20 * time.Millisecond,
		A3Plus: 0.0062, TauY: 125 * time.Millisecond, WMin: 0, WMax: 0.5, Dependence: Multiplicative}
	f := r.Factors(100 * time.Microsecond)
	if want := float32(math.Exp(-0.1 / 20)); f.DecayPlus != want || f.DecayMinus != want {
		t.Errorf("DecayPlus, DecayMinus = %v, %v; want %v", f.DecayPlus, f.DecayMinus, want)
	}
	if !f.Triplet || f.DecayX != 1 || f.DecayY != float32(math.Exp(-0.1/125)) || f.Every != 1 || f.InvRange != 2 {
		t.Errorf("factors %+v", f)
	}
	// Soft bounds: at w = 0.1, potentiation scales with (0.5-0.1)/0.5 and
	// depression with 0.1/0.5.
	if got, want := f.Potentiation(0.1, 1, 0.01), float32(0.01*0.8); math.Abs(float64(got-want)) > 1e-9 {
		t.Errorf("Potentiation = %v, want %v", got, want)
	}
	if got, want := f.Depression(0.1, 2, 0.01), float32(0.02*0.2); math.Abs(float64(got-want)) > 1e-9 {
		t.Errorf("Depression = %v, want %v", got, want)
	}
	// Outside the bounds the factors are clamped to [0, 1].
	if f.Potentiation(0.7, 1, 1) != 0 || f.Depression(-0.2, 1, 1) != 0 || f.Potentiation(-1, 1, 1) != 1 {
		t.Error("weight-dependence factors are not clamped to [0, 1]")
	}
	// PowerLaw with mu = 1/2: at w = 0.375 the distance to WMax is a
	// quarter of the range, whose square root is 1/2.
	r.Dependence, r.Mu = PowerLaw, 0.5
	if f := r.Factors(100 * time.Microsecond); f.Potentiation(0.375, 1, 0.01) != 0.005 {
		t.Errorf("PowerLaw Potentiation = %v, want 0.005", f.Potentiation(0.375, 1, 0.01))
	}
	r.Dependence = Multiplicative
	if g := f.PotentiationGain(0.5); g != 0.01+float32(0.0062*0.5) {
		t.Errorf("PotentiationGain(0.5) = %v", g)
	}
	if f.Bump(0.25) != 1.25 || f.Clip(0.6) != 0.5 || f.Clip(-1) != 0 {
		t.Error("Bump or Clip")
	}
	r.Pairing = Nearest
	if f := r.Factors(time.Millisecond); f.Bump(0.25) != 1 {
		t.Error("Nearest: a spike sets the trace to 1")
	}
	r.Every = 3
	if f := r.Factors(time.Millisecond); f.Folds(1) || !f.Folds(2) || !f.Folds(5) {
		t.Error("Every 3 folds at the end of ticks 2, 5, 8, ...")
	}
}

// Parameter errors name the parameter and wrap ErrParam.
func TestPlasticValidate(t *testing.T) {
	good := STDPRule{APlus: 0.01, AMinus: 0.01, TauPlus: time.Millisecond, TauMinus: time.Millisecond, WMax: 1}
	for _, c := range []struct {
		op   Op
		want []string
	}{
		{&STDPDense{Pre: 2, Post: 1, W: []float32{0.5, 2}, Delay: 1, Rule: good}, []string{"W[1] = 2, outside [Rule.WMin, Rule.WMax]"}},
		{&STDPDense{Pre: 1, Post: 1, W: []float32{0}, Delay: 0, Rule: STDPRule{WMin: 1, WMax: 1, A3Plus: 1, Every: -1}},
			[]string{"Delay = 0", "Rule.TauPlus", "Rule.TauY (A3Plus is nonzero)", "WMin < WMax", "Rule.Every = -1"}},
		{&STDPSparse{CSR: CSR{Pre: 1, Post: 1, RowPtr: []int32{0, 1}, Target: []int32{0}, Weight: []float32{0.5}}, Delay: 1, Rule: good,
			Normalize: Normalization{Every: 70000}}, []string{"Normalize.Every = 70000", "Normalize.Target = 0"}},
		{&AdaptiveLIF{LIF: LIF{N: 1, TauM: -1}, TauTheta: 0, Theta0: []float32{1, 2}},
			[]string{"TauM = -1ns", "TauTheta = 0s", "len(Theta0) = 2, want 1"}},
		{&Hebbian{Pre: 2, Post: 2, W: []float32{1}, Eta: math.NaN(), Rule: 7}, []string{"len(W) = 1, want 4", "Eta = NaN", "Rule = HebbianRule(7)"}},
	} {
		err := c.op.Validate(time.Millisecond)
		if !errors.Is(err, ErrParam) {
			t.Errorf("%T: Validate = %v, want ErrParam", c.op, err)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%T: %q is missing from\n%v", c.op, w, err)
			}
		}
	}
}

func TestPlasticLayout(t *testing.T) {
	r := STDPRule{A3Minus: 1, Every: 4}
	p := &STDPDense{Pre: 3, Post: 2, Rule: r}
	l, err := p.Infer([]Shape{Vec(3), Vec(2), nil, Vec(2)})
	if err == nil || !strings.Contains(err.Error(), `"normalize" has shape [2], want [1]`) {
		t.Errorf("Infer error = %v", err)
	}
	var names []string
	for _, v := range l.State {
		names = append(names, v.Name+v.Shape.String())
	}
	if got := strings.Join(names, " "); got != "w[3 2] xpre[3] xpost[2] xpre_slow[3] xpost_slow[2] pending[3 2]" {
		t.Errorf("state = %s", got)
	}
	a := &AdaptiveLIF{LIF: LIF{N: 4}}
	if l, err := a.Infer([]Shape{nil, Vec(4), Vec(1)}); err != nil || len(l.State) != 4 || l.State[3].Name != "theta" {
		t.Errorf("AdaptiveLIF layout %+v, %v", l, err)
	}
}

// Columns lists the synapses onto each neuron by presynaptic neuron, then
// synapse, multapses included.
func TestCSRColumns(t *testing.T) {
	m := CSR{Pre: 3, Post: 3, RowPtr: []int32{0, 2, 2, 5}, Target: []int32{2, 0, 0, 2, 0}}
	colPtr, col := m.Columns()
	if want := []int32{0, 3, 3, 5}; !equal32(colPtr, want) {
		t.Errorf("colPtr = %v, want %v", colPtr, want)
	}
	if want := []int32{1, 2, 4, 0, 3}; !equal32(col, want) {
		t.Errorf("col = %v, want %v", col, want)
	}
}

func equal32(a, b []int32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Pow01 against math.Pow: the relative error stays within 2.5e-7 + 1e-7
// |mu log2 x| (the rounding of the exponent dominates), exactly 1 at x = 1
// and 0 at x = 0; results below the smallest normal float32 flush to 0.
func TestPow01(t *testing.T) {
	key := rng.NewKey(2)
	worst := 0.0
	for i := range 200_000 {
		e := -126 * rng.ToFloat64Open(key.Uint32(1, 0, uint32(i)))
		x := float32(math.Exp2(e))
		mu := float32(0.01 + 1.5*rng.ToFloat64Open(key.Uint32(2, 0, uint32(i))))
		got, want := Pow01(x, mu), math.Pow(float64(x), float64(mu))
		if want < 0x1p-125 {
			if got != 0 && math.Abs(float64(got)-want) > 1e-5*want {
				t.Fatalf("Pow01(%v, %v) = %v, want %v or 0", x, mu, got, want)
			}
			continue
		}
		tol := 2.5e-7 + 1e-7*math.Abs(float64(mu)*math.Log2(float64(x)))
		rel := math.Abs(float64(got)-want) / want
		worst = math.Max(worst, rel/tol)
		if rel > tol {
			t.Fatalf("Pow01(%v, %v) = %v, want %v (relative error %.2g, bound %.2g)", x, mu, got, want, rel, tol)
		}
	}
	t.Logf("largest error: %.2f of the bound", worst)
	for _, mu := range []float32{0.01, 0.5, 1, 3} {
		if Pow01(1, mu) != 1 || Pow01(0, mu) != 0 {
			t.Errorf("mu = %v: Pow01(1) = %v, Pow01(0) = %v", mu, Pow01(1, mu), Pow01(0, mu))
		}
	}
	if got := Pow01(0.25, 0.5); got != 0.5 {
		t.Errorf("Pow01(0.25, 0.5) = %v, want 0.5", got)
	}
}
