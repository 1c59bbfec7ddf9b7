package ops

import (
	"math"
	"time"
)

// LIF is a group of N leaky integrate-and-fire neurons with exponentially
// decaying excitatory and inhibitory synaptic currents (current-based, as in
// the CUBA network of Vogels & Abbott 2005):
//
//	tau_m dv/dt = (v_rest - v) + g_e + g_i
//	tau_e dg_e/dt = -g_e
//	tau_i dg_i/dt = -g_i
//
// Voltages and currents share one unit (millivolts by convention; any
// consistent unit works). Spikes arriving on the inputs "exc" and "inh" add
// their value to g_e and g_i. A neuron whose v exceeds VThreshold (strictly)
// emits a spike, is set to VReset and is held there, not integrating, for
// the Refractory period (rounded to whole ticks R): a neuron that spikes at
// tick k integrates again, and may spike again, from tick k+R on. The
// currents keep decaying and receiving input while it is refractory.
//
// A Lockout longer than Refractory (L ticks) keeps the neuron from spiking
// again before tick k+L, while v integrates from tick k+R on and may rise
// above the threshold meanwhile (it spikes at tick k+L if it is still
// there). This is the threshold condition of Diehl & Cook's excitatory
// neurons (2015; github.com/peter-u-diehl/stdp-mnist): "v > threshold and
// timer > 5 ms", on a timer reset by each spike that runs at a tenth of
// real time (dtimer/dt = 0.1), a lockout of 50 ms, beside a refractory
// period of 5 ms.
//
// The linear system is integrated exactly over each tick; the factors are
// computed once on the host (see LIFFactors), so a tick costs a handful of
// float32 operations per neuron.
//
// With Reversal set the synapses are conductance-based instead (as in the
// COBA network of Vogels & Abbott 2005, and in Diehl & Cook 2015): g_e and
// g_i are conductances in units of the leak conductance (dimensionless),
// and each drives v towards its reversal potential:
//
//	tau_m dv/dt = (v_rest - v) + g_e (E_exc - v) + g_i (E_inh - v)
//
// This system is not linear (g times v). Each tick holds the driving force
// E - v at its value at the start of the tick and integrates the rest
// exactly, with the same factors: the currents g_e (E_exc - v) and
// g_i (E_inh - v) go into the current-based update above. The error is
// first order in dt, as for the forward Euler scheme that Brian 1 applied
// to Diehl & Cook's equations (their code, github.com/peter-u-diehl/
// stdp-mnist, runs it at dt = 0.5 ms), and a spike delivers the charge
// of the continuous system (its conductance's exact integral times the
// driving force) instead of Euler's. The update stays exact where the
// conductances are zero. Where they are large, a driving force held for a
// whole tick overshoots: a conductance g moves v by about
// g Gain (E - v), past E when g Gain > 1, and v oscillates about E with a
// growing amplitude when g Gain > 2 (as under Euler when g dt/tau_m > 2;
// in Diehl & Cook's network of 400 neurons, a few tens of inhibitory
// spikes in one tick do that, and the neurons end up all firing at every
// tick their refractory period allows). The exact solution never leaves the interval spanned by v at
// the start of the tick and v_rest, E_exc, E_inh (where it tends to, for
// nonnegative conductances, lies in it), so the new v is clamped to that
// interval: exact float32 comparisons, no change where there is no
// overshoot.
type LIF struct {
	N                 int
	TauM, TauE, TauI  time.Duration
	VRest, VThreshold float64
	VReset            float64
	Refractory        time.Duration
	Lockout           time.Duration // 0, or at most Refractory: none
	V0                []float32     // initial v: nil (VRest for all) or N values
	// Reversal, when not nil, makes the synapses conductance-based.
	Reversal *Reversal
}

// Reversal holds the reversal potentials of a conductance-based LIF group,
// in the unit of v: E_exc for "exc" (0 mV for AMPA) and E_inh for "inh"
// (-70 to -100 mV for GABA_A).
type Reversal struct {
	Exc, Inh float64
}

func (*LIF) Kind() Kind { return KindLIF }
func (*LIF) Inputs() []Port {
	return []Port{{Name: "exc", Optional: true}, {Name: "inh", Optional: true}}
}
func (*LIF) Outputs() []Port {
	return []Port{{Name: "spikes", Spikes: true}, {Name: "v"}}
}

func (p *LIF) Infer(in []Shape) (Layout, error) {
	n := Vec(p.N)
	return Layout{
		Out: []Shape{n, n},
		// v lives in the output "v"; the state holds the rest.
		State: []Var{{"ge", n}, {"gi", n}, {"refractory", n}},
	}, expectVec(in, p.Inputs(), p.N, p.N)
}

func (p *LIF) Validate(dt time.Duration) error {
	var c checker
	c.size("N", p.N)
	c.positiveDuration("TauM", p.TauM)
	c.positiveDuration("TauE", p.TauE)
	c.positiveDuration("TauI", p.TauI)
	c.nonNegativeDuration("Refractory", p.Refractory)
	c.nonNegativeDuration("Lockout", p.Lockout)
	c.finite("VRest", p.VRest)
	c.finite("VReset", p.VReset)
	c.finite("VThreshold", p.VThreshold)
	if p.V0 != nil {
		c.length("V0", len(p.V0), p.N)
		c.finiteAll("V0", p.V0)
	}
	if p.Reversal != nil {
		c.finite("Reversal.Exc", p.Reversal.Exc)
		c.finite("Reversal.Inh", p.Reversal.Inh)
	}
	return c.err()
}

// LIFFactors are a LIF group's parameters converted for one tick of dt.
type LIFFactors struct {
	Subthreshold
	Threshold, Reset float32
	DecayE, DecayI   float32 // exp(-dt/tau_e), exp(-dt/tau_i)
	// RefractoryTicks is what a spike sets the neuron's counter to, whole
	// ticks as a float32: max(Refractory, Lockout). The counter falls by
	// one per tick; v integrates while it is at most LockoutTicks,
	// Lockout - Refractory (0 without a lockout), and the threshold is
	// tested when it is 0.
	RefractoryTicks float32
	LockoutTicks    float32
	Drive
}

// Drive turns a LIF group's synaptic variables into the currents that
// Subthreshold.Integrate takes.
type Drive struct {
	Conductance bool    // LIF.Reversal is set
	EExc, EInh  float32 // its reversal potentials
	// Lo and Hi are the lowest and highest of v_rest, E_exc and E_inh.
	Lo, Hi float32
}

// Currents returns the currents of synaptic variables ge and gi at
// potential v: ge and gi themselves in a current-based group, and
// ge (E_exc - v), gi (E_inh - v) in a conductance-based one. Every backend
// evaluates exactly these roundings, in this order.
func (d Drive) Currents(v, ge, gi float32) (float32, float32) {
	if !d.Conductance {
		return ge, gi
	}
	return float32(ge * float32(d.EExc-v)), float32(gi * float32(d.EInh-v))
}

// Bound clamps x, v integrated over a tick from v0, to the interval that
// the exact solution of a conductance-based group stays in (see LIF): from
// min(v0, Lo) to max(v0, Hi). A current-based group's x is returned as is.
func (d Drive) Bound(v0, x float32) float32 {
	if !d.Conductance {
		return x
	}
	// Comparisons rather than min and max, whose results for -0 and +0
	// differ between Go and GLSL.
	lo, hi := d.Lo, d.Hi
	if v0 < lo {
		lo = v0
	}
	if v0 > hi {
		hi = v0
	}
	if x < lo {
		return lo
	}
	if x > hi {
		return hi
	}
	return x
}

// Subthreshold is the part of LIFFactors that integrates v over one tick.
// It is a struct of four fields, small enough for the compiler to keep in
// registers inside a kernel's loop.
type Subthreshold struct {
	Rest   float32
	DecayM float32 // exp(-dt/tau_m)
	// GainE and GainI carry a current at the start of a tick into v at its
	// end: the exact solution of the system above gives
	// v(dt) - v_rest = (v(0) - v_rest) exp(-dt/tau_m) + g_e(0) GainE + g_i(0) GainI.
	GainE, GainI float32
}

// Factors converts the parameters for a tick of dt, in float64, rounding
// each factor once to float32.
func (p *LIF) Factors(dt time.Duration) LIFFactors {
	h := dt.Seconds()
	tm := p.TauM.Seconds()
	ref, lock := ticks(p.Refractory, dt), ticks(p.Lockout, dt)
	var d Drive
	if r := p.Reversal; r != nil {
		d = Drive{Conductance: true, EExc: float32(r.Exc), EInh: float32(r.Inh),
			Lo: float32(min(p.VRest, r.Exc, r.Inh)), Hi: float32(max(p.VRest, r.Exc, r.Inh))}
	}
	return LIFFactors{
		Drive: d,
		Subthreshold: Subthreshold{
			Rest:   float32(p.VRest),
			DecayM: float32(math.Exp(-h / tm)),
			GainE:  float32(synapticGain(h, tm, p.TauE.Seconds())),
			GainI:  float32(synapticGain(h, tm, p.TauI.Seconds())),
		},
		Threshold:       float32(p.VThreshold),
		Reset:           float32(p.VReset),
		DecayE:          float32(math.Exp(-h / p.TauE.Seconds())),
		DecayI:          float32(math.Exp(-h / p.TauI.Seconds())),
		RefractoryTicks: float32(max(ref, lock)),
		LockoutTicks:    float32(max(lock-ref, 0)),
	}
}

// synapticGain is the response of v after h to a unit current decaying with
// tau_s: tau_s/(tau_s - tau_m) (e^(-h/tau_s) - e^(-h/tau_m)), whose limit for
// tau_s = tau_m is (h/tau_m) e^(-h/tau_m).
func synapticGain(h, tm, ts float64) float64 {
	if math.Abs(ts-tm) <= 1e-9*tm {
		return h / tm * math.Exp(-h/tm)
	}
	return ts / (ts - tm) * (math.Exp(-h/ts) - math.Exp(-h/tm))
}

// Integrate is one tick of the subthreshold dynamics of one neuron: v at
// the end of the tick from v, g_e and g_i at its start. Every backend
// evaluates exactly these roundings, in this order.
func (f Subthreshold) Integrate(v, ge, gi float32) float32 {
	return f.Rest + float32((v-f.Rest)*f.DecayM) + float32(ge*f.GainE) + float32(gi*f.GainI)
}

func (p *LIF) Reference(env Env) Reference { return p.newRef(env.Dt) }

func (p *LIF) newRef(dt time.Duration) *lifRef {
	r := &lifRef{
		f:   p.Factors(dt),
		v:   make([]float32, p.N),
		ge:  make([]float32, p.N),
		gi:  make([]float32, p.N),
		ref: make([]float32, p.N),
	}
	for i := range r.v {
		r.v[i] = r.f.Rest
		if p.V0 != nil {
			r.v[i] = p.V0[i]
		}
	}
	return r
}

// lifRef is the reference of LIF and, with theta, of AdaptiveLIF.
type lifRef struct {
	f              LIFFactors
	v, ge, gi, ref []float32
	theta          []float32 // AdaptiveLIF only
	adapt          ThetaFactors
}

// Step applies, for each neuron: add this tick's input to the currents
// (or conductances); count down the refractory period; for AdaptiveLIF,
// decay theta (while learning); if not refractory, integrate v over the
// tick (from the conductances' currents at v, and bounded, with Reversal)
// and, unless locked out, test the threshold (V_t, plus theta for
// AdaptiveLIF), a spike raising theta by ThetaPlus (while learning); decay
// the currents over the tick.
func (r *lifRef) Step(_ uint64, in, out [][]float32) {
	exc, inh := in[0], in[1]
	learning := r.theta != nil && flagOn(in[2], true)
	spikes, vOut := out[0], out[1]
	for i := range r.v {
		ge, gi := r.ge[i], r.gi[i]
		if exc != nil {
			ge += exc[i]
		}
		if inh != nil {
			gi += inh[i]
		}
		spikes[i] = 0
		if r.ref[i] > 0 {
			r.ref[i]--
		}
		threshold := r.f.Threshold
		if r.theta != nil {
			if learning {
				r.theta[i] = float32(r.theta[i] * r.adapt.Decay)
			}
			threshold += r.theta[i]
		}
		if r.ref[i] <= r.f.LockoutTicks {
			ie, ii := r.f.Currents(r.v[i], ge, gi)
			v := r.f.Bound(r.v[i], r.f.Integrate(r.v[i], ie, ii))
			if r.ref[i] == 0 && v > threshold {
				spikes[i] = 1
				v = r.f.Reset
				r.ref[i] = r.f.RefractoryTicks
				if learning {
					r.theta[i] += r.adapt.Plus
				}
			}
			r.v[i] = v
		}
		r.ge[i] = ge * r.f.DecayE
		r.gi[i] = gi * r.f.DecayI
		vOut[i] = r.v[i]
	}
}

func (r *lifRef) State() [][]float32 {
	if r.theta != nil {
		return [][]float32{r.ge, r.gi, r.ref, r.theta}
	}
	return [][]float32{r.ge, r.gi, r.ref}
}
