package ops

import (
	"fmt"
	"math"
	"time"
)

// Pairing says which pre/post spike pairs a trace-based STDP rule counts.
type Pairing uint8

const (
	// AllToAll: every pre spike pairs with every post spike; a trace adds 1
	// per spike, so it sums the contributions of all earlier spikes.
	AllToAll Pairing = iota
	// Nearest: a spike pairs only with the latest spike of the other
	// neuron (symmetric nearest-neighbour pairing); a trace is set to 1 by
	// a spike instead of incremented, so only the latest spike counts.
	Nearest
)

func (p Pairing) String() string {
	switch p {
	case AllToAll:
		return "all-to-all"
	case Nearest:
		return "nearest"
	}
	return fmt.Sprintf("Pairing(%d)", uint8(p))
}

// Dependence says how the size of a weight change depends on the weight.
type Dependence uint8

const (
	// Additive: the change does not depend on w; the bounds are hard
	// (w is clipped to [WMin, WMax]). Song, Miller & Abbott 2000.
	Additive Dependence = iota
	// Multiplicative (soft bounds): potentiation scales with the distance
	// to WMax, depression with the distance to WMin, both divided by
	// WMax - WMin, so the amplitudes keep their weight unit (Gütig et al.
	// 2003 with mu = 1; van Rossum, Bi & Turrigiano 2000 use the same
	// soft-bound depression).
	Multiplicative
	// PowerLaw: the Multiplicative factors raised to the power Mu (Gütig,
	// Aharonov, Rotter & Sompolinsky 2003), computed by Pow01: Mu -> 0
	// approaches Additive, Mu = 1 is Multiplicative; small Mu keeps the
	// competition of additive STDP with the stability of soft bounds.
	PowerLaw
)

func (d Dependence) String() string {
	switch d {
	case Additive:
		return "additive"
	case Multiplicative:
		return "multiplicative"
	case PowerLaw:
		return "power-law"
	}
	return fmt.Sprintf("Dependence(%d)", uint8(d))
}

// MaxEvery bounds the periods (in ticks) of deferred application and of
// periodic normalization: kernels compute t mod Every in 32-bit arithmetic.
const MaxEvery = 65535

// STDPRule is a trace-based spike-timing-dependent plasticity rule: the
// pair rule (Bi & Poo 1998; Song, Miller & Abbott 2000) and, with nonzero
// A3Plus or A3Minus, the triplet rule of Pfister & Gerstner 2006.
//
// Each presynaptic neuron j keeps a trace x_j (time constant TauPlus) and
// each postsynaptic neuron i a trace y_i (TauMinus); the triplet rule adds
// slow traces r_j (TauX) and o_i (TauY). Traces decay by exp(-dt/tau) per
// tick and take a spike as +1 (AllToAll) or by being set to 1 (Nearest).
// With w the weight of a synapse from j to i:
//
//	on a pre spike:  w -= F-(w) y_i (A2- + A3- r_j)   (r_j before this spike)
//	on a post spike: w += F+(w) x_j (A2+ + A3+ o_i)   (o_i before this spike)
//
// so one pre spike at time t0 and one post spike at t1 > t0 change w by
// A2+ exp(-(t1-t0)/TauPlus), and the reverse order by
// -A2- exp(-(t0-t1)/TauMinus) (times of emission, for a projection with
// Delay 1; a longer Delay shifts the pre spike's arrival). F+ and F- are 1 for the Additive rule and
// (WMax-w)/(WMax-WMin), (w-WMin)/(WMax-WMin) for the Multiplicative one
// (clamped to [0, 1]). Amplitudes are in weight units; a negative one turns
// the sign of its term (anti-Hebbian STDP). PowerLaw raises both
// factors to the power Mu.
//
// Every > 1 defers application, as a neuron that folds its pending updates
// into its synapses periodically: changes are summed per synapse into
// "pending" (F± still see the applied weight), and every Every ticks, on
// the ticks t with (t+1) % Every == 0, w = clip(w + pending) and pending
// returns to 0. Every = 0 or 1 applies each change at once and clips after
// each. Weights stay in [WMin, WMax] in both modes, except right after a
// normalization (see Normalization).
type STDPRule struct {
	APlus, AMinus     float64       // A2+ and A2-, weight units
	TauPlus, TauMinus time.Duration // of the traces x (pre) and y (post)
	A3Plus, A3Minus   float64       // triplet amplitudes; 0 for the pair rule
	TauX, TauY        time.Duration // slow traces r (pre) and o (post); needed where A3- or A3+ is nonzero
	WMin, WMax        float64
	Dependence        Dependence
	Mu                float64 // the exponent of PowerLaw, > 0
	Pairing           Pairing
	Every             int // ticks between folds of pending updates; 0 or 1: immediate
}

// Triplet reports whether the rule has triplet terms, and so slow traces.
func (r *STDPRule) Triplet() bool { return r.A3Plus != 0 || r.A3Minus != 0 }

// Deferred reports whether changes are collected in "pending" and folded
// every Every ticks.
func (r *STDPRule) Deferred() bool { return r.Every > 1 }

func (r *STDPRule) check(c *checker) {
	for _, a := range []struct {
		name string
		v    float64
	}{{"Rule.APlus", r.APlus}, {"Rule.AMinus", r.AMinus}, {"Rule.A3Plus", r.A3Plus}, {"Rule.A3Minus", r.A3Minus}} {
		c.finite(a.name, a.v)
	}
	c.positiveDuration("Rule.TauPlus", r.TauPlus)
	c.positiveDuration("Rule.TauMinus", r.TauMinus)
	if r.A3Minus != 0 {
		c.positiveDuration("Rule.TauX (A3Minus is nonzero)", r.TauX)
	}
	if r.A3Plus != 0 {
		c.positiveDuration("Rule.TauY (A3Plus is nonzero)", r.TauY)
	}
	if c.finite("Rule.WMin", r.WMin) && c.finite("Rule.WMax", r.WMax) && !(r.WMin < r.WMax) {
		c.fail("Rule.WMin = %v, Rule.WMax = %v: want WMin < WMax", r.WMin, r.WMax)
	}
	if r.Dependence > PowerLaw {
		c.fail("Rule.Dependence = %v, want Additive, Multiplicative or PowerLaw", r.Dependence)
	}
	if r.Dependence == PowerLaw && c.finite("Rule.Mu", r.Mu) && !(r.Mu > 0) {
		c.fail("Rule.Mu = %v, must be > 0 for PowerLaw", r.Mu)
	}
	if r.Pairing > Nearest {
		c.fail("Rule.Pairing = %v, want AllToAll or Nearest", r.Pairing)
	}
	if r.Every < 0 || r.Every > MaxEvery {
		c.fail("Rule.Every = %d ticks, must be in [0, %d]", r.Every, MaxEvery)
	}
}

// checkWeights reports initial weights outside the rule's bounds.
func (r *STDPRule) checkWeights(c *checker, name string, w []float32) {
	lo, hi := float32(r.WMin), float32(r.WMax)
	for k, v := range w {
		if v < lo || v > hi {
			c.fail("%s[%d] = %v, outside [Rule.WMin, Rule.WMax] = [%v, %v]", name, k, v, lo, hi)
			return
		}
	}
}

// STDPFactors are an STDPRule converted for one tick of dt: decay factors
// computed in float64 and rounded once to float32, and the amplitudes and
// bounds as float32. Every backend evaluates the rule with these numbers
// and the methods below, in the order the reference documents.
type STDPFactors struct {
	DecayPlus, DecayMinus float32 // exp(-dt/TauPlus), exp(-dt/TauMinus)
	DecayX, DecayY        float32 // exp(-dt/TauX), exp(-dt/TauY); 1 where unused
	A2Plus, A3Plus        float32
	A2Minus, A3Minus      float32
	WMin, WMax            float32
	InvRange              float32 // 1/(WMax-WMin), rounded once
	Dependence            Dependence
	Mu                    float32
	Nearest               bool
	Triplet               bool
	Every                 uint32 // 1 for immediate application
}

// Factors converts the rule for a tick of dt.
func (r *STDPRule) Factors(dt time.Duration) STDPFactors {
	h := dt.Seconds()
	decay := func(tau time.Duration) float32 {
		if tau <= 0 {
			return 1
		}
		return float32(math.Exp(-h / tau.Seconds()))
	}
	f := STDPFactors{
		DecayPlus: decay(r.TauPlus), DecayMinus: decay(r.TauMinus), DecayX: 1, DecayY: 1,
		A2Plus: float32(r.APlus), A3Plus: float32(r.A3Plus), A2Minus: float32(r.AMinus), A3Minus: float32(r.A3Minus),
		WMin: float32(r.WMin), WMax: float32(r.WMax), InvRange: float32(1 / (r.WMax - r.WMin)),
		Dependence: r.Dependence, Mu: float32(r.Mu), Nearest: r.Pairing == Nearest, Triplet: r.Triplet(), Every: uint32(max(r.Every, 1)),
	}
	if f.Triplet {
		f.DecayX, f.DecayY = decay(r.TauX), decay(r.TauY)
	}
	return f
}

// Bump is a trace after a spike of its neuron: x + 1, or 1 for Nearest
// pairing.
func (f *STDPFactors) Bump(x float32) float32 {
	if f.Nearest {
		return 1
	}
	return x + 1
}

// PotentiationGain is the factor A2+ + A3+ o of a post spike, with o its
// slow trace before the spike (0 for the pair rule).
func (f *STDPFactors) PotentiationGain(o float32) float32 { return f.A2Plus + float32(f.A3Plus*o) }

// DepressionGain is the factor A2- + A3- r of a pre spike, with r its
// slow trace before the spike (0 for the pair rule).
func (f *STDPFactors) DepressionGain(r float32) float32 { return f.A2Minus + float32(f.A3Minus*r) }

// Potentiation is the change F+(w) (x gain) a post spike makes to a synapse
// of weight w whose presynaptic trace is x.
func (f *STDPFactors) Potentiation(w, x, gain float32) float32 {
	if f.Dependence == Additive {
		return float32(x * gain)
	}
	return f.weigh(float32(x*gain), f.WMax-w)
}

// Depression is the size of the change F-(w) (y gain) a pre spike
// subtracts from a synapse of weight w whose postsynaptic trace is y.
func (f *STDPFactors) Depression(w, y, gain float32) float32 {
	if f.Dependence == Additive {
		return float32(y * gain)
	}
	return f.weigh(float32(y*gain), w-f.WMin)
}

// weigh scales a change d by its weight dependence, from the distance to
// the bound the change moves towards. It is a function of its own so that
// Potentiation and Depression stay small enough to be inlined into the
// kernels' loops.
func (f *STDPFactors) weigh(d, distance float32) float32 {
	x := unit(float32(distance * f.InvRange))
	if f.Dependence == PowerLaw {
		x = Pow01(x, f.Mu)
	}
	return float32(d * x)
}

// Clip limits w to [WMin, WMax]. It compares rather than calling min and
// max, whose result for zeros of both signs differs between Go (which
// orders -0 below +0) and GLSL (where max(-0, +0) is -0): a weight of -0
// at a bound of +0 stays -0 on every backend.
func (f *STDPFactors) Clip(w float32) float32 {
	if w < f.WMin {
		return f.WMin
	}
	if w > f.WMax {
		return f.WMax
	}
	return w
}

// Folds reports whether pending changes are folded into the weights at the
// end of tick t.
func (f *STDPFactors) Folds(t uint64) bool { return (t+1)%uint64(f.Every) == 0 }

// unit clamps x to [0, 1], keeping the sign of a zero (see Clip).
func unit(x float32) float32 {
	if x < 0 {
		return 0
	}
	if x > 1 {
		return 1
	}
	return x
}

// Normalization holds the sum of the weights onto each postsynaptic neuron
// at a target (Diehl & Cook 2015 keep it at 78 for 784 inputs): each
// column is multiplied by Target/sum, where sum adds the column's weights
// in float32 in increasing presynaptic order (then synapse order, for CSR),
// and 1/sum is Reciprocal(sum). Columns whose sum is outside [2^-100,
// 2^100] (zero, negative, or absurd) are left alone. It happens at the end of a tick, after
// the fold of pending changes, on ticks t with (t+1) % Every == 0 (Every >
// 0) and on ticks where the optional 1-element input "normalize" is
// nonzero; never while learning is off. Scaled weights are not clipped: the
// sum takes precedence over the bounds until the next change clips them.
type Normalization struct {
	Target float64 // 0: no normalization
	Every  int     // ticks; 0: only when "normalize" says so
}

func (n *Normalization) check(c *checker) {
	if c.finite("Normalize.Target", n.Target) && n.Target < 0 {
		c.fail("Normalize.Target = %v, must be >= 0 (0: off)", n.Target)
	}
	if n.Every < 0 || n.Every > MaxEvery {
		c.fail("Normalize.Every = %d ticks, must be in [0, %d]", n.Every, MaxEvery)
	}
	if n.Every > 0 && n.Target == 0 {
		c.fail("Normalize.Every = %d but Normalize.Target = 0: no target to normalize to", n.Every)
	}
}

// Scale is the factor that brings a column summing to sum to the target,
// and whether the column is scaled at all.
func (n *Normalization) Scale(sum float32) (float32, bool) {
	if !(sum >= 0x1p-100 && sum <= 0x1p100) {
		return 1, false
	}
	return float32(float32(n.Target) * Reciprocal(sum)), true
}

// Periodic reports whether tick t is one of the periodic normalizations.
func (n *Normalization) Periodic(t uint64) bool { return n.Every > 0 && (t+1)%uint64(n.Every) == 0 }

// Reciprocal is 1/x for x in [2^-100, 2^100], within 2
// ULP, computed with float32 multiplies and adds only: GPU division is
// allowed an error of 2.5 ULP and differs between drivers, so kernels
// compute this instead, bit for bit. An initial guess from the bits of x
// (the exponent negated, error below 12.5%) is refined by four Newton steps
// y = y (2 - x y), each squaring the relative error.
func Reciprocal(x float32) float32 {
	y := math.Float32frombits(0x7EF311C7 - math.Float32bits(x))
	for range 4 {
		y = float32(y * float32(2-float32(x*y)))
	}
	return y
}
