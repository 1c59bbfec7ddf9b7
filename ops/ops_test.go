package ops

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

func TestLIFFactors(t *testing.T) {
	p := &LIF{N: 1, TauM: 20 * time.Millisecond, TauE: 5 * time.Millisecond, TauI: 10 * time.Millisecond,
		VRest: -49, VThreshold: -50, VReset: -60, Refractory: 5 * time.Millisecond}
	f := p.Factors(100 * time.Microsecond)
	// exp(-0.1/20), exp(-0.1/5), exp(-0.1/10) by hand (series to 4 terms).
	for _, c := range []struct {
		name string
		got  float32
		x    float64
	}{{"DecayM", f.DecayM, 0.005}, {"DecayE", f.DecayE, 0.02}, {"DecayI", f.DecayI, 0.01}} {
		want := 1 - c.x + c.x*c.x/2 - c.x*c.x*c.x/6
		if math.Abs(float64(c.got)-want) > 1e-7 {
			t.Errorf("%s = %v, want %v", c.name, c.got, want)
		}
	}
	// GainE = tau_e/(tau_e - tau_m) (e^-0.02 - e^-0.005) = (-1/3)(-0.01482...) ~ 0.0049383.
	if want := -1.0 / 3 * (math.Exp(-0.02) - math.Exp(-0.005)); math.Abs(float64(f.GainE)-want) > 1e-9 {
		t.Errorf("GainE = %v, want %v", f.GainE, want)
	}
	if f.RefractoryTicks != 50 || f.Threshold != -50 || f.Reset != -60 || f.Rest != -49 {
		t.Errorf("factors %+v", f)
	}
	// A current of 1 at rest moves v by GainE in one tick.
	if got := f.Integrate(-49, 1, 0); math.Abs(float64(got+49)-float64(f.GainE)) > 4e-6 { // one float32 ULP at 49 is 3.8e-6
		t.Errorf("Integrate(rest, 1, 0) = %v, want rest + %v", got, f.GainE)
	}
}

// The gain is continuous where tau_s crosses tau_m.
func TestSynapticGainLimit(t *testing.T) {
	h, tm := 1e-4, 0.02
	at := synapticGain(h, tm, tm)
	near := synapticGain(h, tm, tm*(1+1e-6))
	if math.Abs(at-near) > 1e-9 {
		t.Errorf("gain at tau_s = tau_m: %v, just beside: %v", at, near)
	}
}

func TestInputCheckData(t *testing.T) {
	in := &Input{N: 3, Spikes: true}
	if err := in.CheckData([]float32{0, 1, 1}); err != nil {
		t.Error(err)
	}
	for _, bad := range [][]float32{{0, 1}, {0, 0.5, 1}, {0, float32(math.NaN()), 0}, {float32(math.Inf(-1)), 0, 0}} {
		if err := in.CheckData(bad); !errors.Is(err, ErrValue) {
			t.Errorf("CheckData(%v) = %v, want ErrValue", bad, err)
		}
	}
	analog := &Input{N: 2}
	if err := analog.CheckData([]float32{-3, 0.25}); err != nil {
		t.Error(err)
	}
	if err := analog.CheckData([]float32{0, float32(math.NaN())}); err == nil || !strings.Contains(err.Error(), "element 1") {
		t.Errorf("NaN: %v", err)
	}
}

func TestCSRCheck(t *testing.T) {
	good := CSR{Pre: 2, Post: 3, RowPtr: []int32{0, 2, 3}, Target: []int32{0, 2, 1}, Weight: []float32{1, 2, 3}}
	if err := good.Check(); err != nil {
		t.Fatal(err)
	}
	if good.W(2) != 3 || good.NNZ() != 3 || good.Bytes() != 4*9 {
		t.Errorf("W(2) = %v, NNZ = %d, Bytes = %d", good.W(2), good.NNZ(), good.Bytes())
	}
	for name, m := range map[string]CSR{
		"Target":    {Pre: 2, Post: 3, RowPtr: []int32{0, 2, 3}, Target: []int32{0, 3, 1}, Weight: []float32{1}},
		"RowPtr":    {Pre: 2, Post: 3, RowPtr: []int32{0, 2}, Target: []int32{0, 2}, Weight: []float32{1}},
		"decreases": {Pre: 2, Post: 3, RowPtr: []int32{0, 3, 2}, Target: []int32{0, 1}, Weight: []float32{1}},
		"Weight":    {Pre: 2, Post: 3, RowPtr: []int32{0, 1, 2}, Target: []int32{0, 1}, Weight: []float32{1, 2, 3}},
		"finite":    {Pre: 2, Post: 3, RowPtr: []int32{0, 1, 2}, Target: []int32{0, 1}, Weight: []float32{float32(math.NaN())}},
	} {
		err := m.Check()
		if !errors.Is(err, ErrParam) || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: Check = %v", name, err)
		}
	}
}

func TestKinds(t *testing.T) {
	ks := Kinds()
	if len(ks) != int(numKinds)-1 || ks[0] != KindInput {
		t.Fatalf("Kinds() = %v", ks)
	}
	if KindLIF.String() != "LIF" || KindSparse.String() != "Sparse" {
		t.Errorf("String: %v %v", KindLIF, KindSparse)
	}
	// Every kind has an op whose Kind method returns it.
	ops := []Op{&Input{}, &Poisson{}, &LIF{}, &Dense{}, &Sparse{}, &SpikeCount{}, &SpikeMonitor{}, &StateMonitor{},
		&Oscillator{}, &Multiplex{}, &Latency{}, &Phase{}, &WeightedPhase{}, &LCA{},
		&AdaptiveLIF{}, &STDPDense{}, &STDPSparse{}, &Hebbian{}, &Wta{}}
	seen := map[Kind]bool{}
	for _, o := range ops {
		seen[o.Kind()] = true
	}
	for _, k := range ks {
		if !seen[k] {
			t.Errorf("no op type for kind %v", k)
		}
	}
}

func TestShape(t *testing.T) {
	s := Shape{2, 3}
	if s.Size() != 6 || !s.Equal(Shape{2, 3}) || s.Equal(Vec(6)) || s.String() != "[2 3]" || (Shape{}).Size() != 1 {
		t.Errorf("shape %v: size %d, string %q", s, s.Size(), s.String())
	}
}

// Rsqrt is within its documented 0.2% of 1/sqrt(y) over many binades.
func TestRsqrt(t *testing.T) {
	for y := float32(1e-30); y < 1e30; y *= 1.37 {
		want := 1 / math.Sqrt(float64(y))
		if rel := math.Abs(float64(Rsqrt(y))-want) / want; rel > 2e-3 {
			t.Fatalf("Rsqrt(%v) = %v, want %v (relative error %.2g)", y, Rsqrt(y), want, rel)
		}
	}
}
