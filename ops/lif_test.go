package ops

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

// A current-based group passes its currents through; a conductance-based
// one multiplies each conductance by its driving force, here by hand:
// 0.5 (0 - (-65)) = 32.5 and 2 (-100 - (-65)) = -70.
func TestDriveCurrents(t *testing.T) {
	if e, i := (Drive{}).Currents(-65, 0.5, 2); e != 0.5 || i != 2 {
		t.Errorf("current-based: %v %v, want 0.5 2", e, i)
	}
	d := Drive{Conductance: true, EExc: 0, EInh: -100}
	if e, i := d.Currents(-65, 0.5, 2); e != 32.5 || i != -70 {
		t.Errorf("conductance-based: %v %v, want 32.5 -70", e, i)
	}
}

// One neuron of Diehl & Cook's excitatory group at rest, stepped by the
// reference: a conductance of 1 at tick 0 moves v by 65 GainE, with GainE
// = tau_e/(tau_e - tau_m) (e^(-dt/tau_e) - e^(-dt/tau_m)) = 0.0039241 at
// dt = 0.5 ms, tau_e = 1 ms, tau_m = 100 ms; at tick 1 the decayed
// conductance e^(-0.5) pulls from there. An inhibitory conductance of 1
// on a neuron at -65 mV pulls by 35 GainI.
func TestConductanceLIFReference(t *testing.T) {
	p := &LIF{N: 2, TauM: 100 * time.Millisecond, TauE: time.Millisecond, TauI: 2 * time.Millisecond,
		VRest: -65, VThreshold: -52, VReset: -65, Reversal: &Reversal{Exc: 0, Inh: -100}}
	dt := 500 * time.Microsecond
	if err := p.Validate(dt); err != nil {
		t.Fatal(err)
	}
	gain := func(ts float64) float64 { return ts / (ts - 100) * (math.Exp(-0.5/ts) - math.Exp(-0.5/100)) }
	if g := gain(1); math.Abs(g-0.0039241) > 1e-7 {
		t.Fatalf("GainE by the formula = %v, want 0.0039241", g)
	}
	r := p.Reference(Env{Dt: dt})
	spikes, v := make([]float32, 2), make([]float32, 2)
	r.Step(0, [][]float32{{1, 0}, {0, 1}}, [][]float32{spikes, v})
	v0 := -65 + 65*gain(1)
	w0 := -65 - 35*gain(2)
	if math.Abs(float64(v[0])-v0) > 1e-5 || math.Abs(float64(v[1])-w0) > 1e-5 {
		t.Errorf("tick 0: v = %v, want %.7f %.7f", v, v0, w0)
	}
	r.Step(1, [][]float32{{0, 0}, {0, 0}}, [][]float32{spikes, v})
	v1 := -65 + (v0+65)*math.Exp(-0.005) + math.Exp(-0.5)*(0-v0)*gain(1)
	if math.Abs(float64(v[0])-v1) > 1e-5 {
		t.Errorf("tick 1: v[0] = %v, want %.7f", v[0], v1)
	}
	if spikes[0] != 0 || spikes[1] != 0 {
		t.Errorf("spikes %v, want none", spikes)
	}
}

// Bound clamps to [min(v0, Lo), max(v0, Hi)] and leaves a current-based
// group alone.
func TestDriveBound(t *testing.T) {
	d := (&LIF{VRest: -65, Reversal: &Reversal{Exc: 0, Inh: -100}}).Factors(time.Millisecond).Drive
	if d.Lo != -100 || d.Hi != 0 {
		t.Fatalf("Lo, Hi = %v, %v, want -100, 0", d.Lo, d.Hi)
	}
	for _, c := range []struct{ v0, x, want float32 }{
		{-65, -70, -70}, {-65, -130, -100}, {-65, 12, 0}, {-120, -130, -120}, {-120, -110, -110}, {5, 7, 5}, {5, 3, 3},
	} {
		if got := d.Bound(c.v0, c.x); got != c.want {
			t.Errorf("Bound(%v, %v) = %v, want %v", c.v0, c.x, got, c.want)
		}
	}
	// v0 = -0 does not replace Hi = +0: the bound is +0, as in GLSL.
	if got := d.Bound(float32(math.Copysign(0, -1)), 5); got != 0 || math.Signbit(float64(got)) {
		t.Errorf("Bound(-0, 5) = %v (sign bit %v), want +0", got, math.Signbit(float64(got)))
	}
	if got := (Drive{}).Bound(-65, -500); got != -500 {
		t.Errorf("current-based Bound(-65, -500) = %v, want -500", got)
	}
}

func TestReversalValidate(t *testing.T) {
	p := &LIF{N: 1, TauM: time.Millisecond, TauE: time.Millisecond, TauI: time.Millisecond,
		Reversal: &Reversal{Exc: math.NaN(), Inh: math.Inf(-1)}}
	err := p.Validate(time.Millisecond)
	if !errors.Is(err, ErrParam) || !strings.Contains(err.Error(), "Reversal.Exc") || !strings.Contains(err.Error(), "Reversal.Inh") {
		t.Errorf("Validate = %v, want ErrParam naming Reversal.Exc and Reversal.Inh", err)
	}
}
