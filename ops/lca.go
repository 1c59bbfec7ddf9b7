package ops

import (
	"fmt"
	"math"
	"time"
)

// LCA is the Locally Competitive Algorithm (Rozell, Johnson, Baraniuk &
// Olshausen 2008, "Sparse coding via thresholding and local competition in
// neural circuits", Neural Computation 20(10)) run on a batch of B signals
// at once. For each signal x of length M and a dictionary Phi of N atoms,
//
//	tau du/dt = b - u - G a,   a = T(u),   b = Phi^T x,   G = Phi^T Phi - I,
//
// where T is a soft or hard threshold at Lambda. With the soft threshold
// the fixed point is the solution of the LASSO problem
// min_a 0.5 ||x - Phi a||^2 + Lambda ||a||_1 (non-negative codes: the same
// with a >= 0). One tick is one iteration: the input "x" is read every tick,
// so a layer can follow a signal that changes over time (online mode) as
// well as solve a fixed one (see Online).
//
// # Layout
//
// Phi is M x N, row-major: Phi[m*N+j] is component m of atom j, so the row
// of component m is contiguous (b = Phi^T x adds the rows scaled by x[m]).
// The input "x" holds B signals of M values, signal s at x[s*M:(s+1)*M];
// the output "a" and the state "u" hold B codes of N values, likewise.
//
// # Update
//
// du = b - u - G a is turned into a step of u by Update, with eta = dt/Tau:
//
//   - UpdatePlain: u += eta du (forward Euler).
//   - UpdateRMS: v = Beta2 v + (1-Beta2) du^2, u += eta_k du rsqrt(v + Eps).
//   - UpdateAdam: m = Beta1 m + (1-Beta1) du, v as for RMS,
//     u += eta_k m rsqrt(v + Eps).
//
// eta_k = eta sqrt(1 - Beta2^k) / (1 - Beta1^k) is Adam's bias correction
// (Kingma & Ba 2015) for the k-th iteration of the signal (Beta1 = 0 for
// RMS), and v, m are per neuron. The normalized updates change the path,
// not the fixed point: every variant stops where du = 0, so all three reach
// the same code; what the normalization changes is each neuron's
// effective time constant, about Tau sqrt(v + Eps) instead of Tau. Eps
// bounds that constant near the fixed point, where du and v vanish: a small
// Eps makes the step a fixed size that hovers around the fixed point
// instead of settling (Adam's known failure to converge with a constant
// rate), so it is typically 1e-3 to 1e-2 of the scale of du^2.
//
// # Stopping
//
// With Tol > 0 a signal is done, and stops changing, on the tick its step
// satisfies ||Δu||_2 <= Tol ||u||_2 (the new u). It wakes when its input
// changes. The state "done" (0 or 1) and "iters" (iterations run since the
// signal's input last changed, or since the start in Online mode) are
// per signal.
//
// # Top-down prior
//
// The optional input "prior" (B x N, like the codes) is a prediction p of
// the code from above, e.g. the reconstruction Phi2 a2 of a second LCA
// layer that codes this layer's output (see layers.LcaStack). With weight
// Gamma >= 0 the layer minimizes
//
//	0.5 ||x - Phi a||^2 + Lambda ||a||_1 + Gamma/2 ||a - p||^2,
//
// whose LCA has b = Phi^T x + Gamma p and G = Phi^T Phi - I + Gamma I
// (the gradient of the last term is Gamma (a - p)): Gram adds Gamma to the
// diagonal, and each tick adds Gamma p to b. This is the inference of the
// 2-layer sparse predictive coding network of Boutin, Franciosini, Ruffier
// & Perrinet 2020 ("Effect of top-down connections in hierarchical sparse
// coding", Neural Computation 32(11)), with their feedback weight 1
// generalized to Gamma. Gamma without a prior is a ridge term (p = 0).
//
// The prior changes every tick while the layer above settles, so a change
// of the prior never restarts a signal (that would throw the layer's
// progress away each tick, in or out of Online mode): it only wakes a
// signal that was done, so that the two layers reach their joint fixed
// point together. The state "heard" (B x N, present only with a prior
// connected) holds the prior last seen, as "seen" holds x.
//
// # One tick, for each signal, exactly
//
//  1. If x differs from the state "seen" in any bit: seen = x, done = 0,
//     and unless Online, u = m = v = 0 and iters = 0. Then, with a prior
//     connected, if it differs from "heard" in any bit: heard = prior,
//     done = 0.
//  2. If done, the output a = T(u) and nothing else changes.
//  3. b_i = sum over m = 0..M-1 of float32(Phi[m*N+i] x[m]), from +0; with
//     a prior connected, then b_i = b_i + float32(Gamma prior_i).
//  4. a_j = T(u_j) for every j, from u of the tick before.
//  5. For each i: c_i = sum over j = 0..N-1 of float32(G[i*N+j] a_j), from
//     +0; du_i = float32(b_i - u_i) - c_i; the step s_i of Update, in the
//     order written in LCAFactors.Step; u_i = u_i + s_i; and the sums
//     ds += float32(s_i s_i), us += float32(u_i u_i), in order of i, from +0.
//  6. iters += 1; if Tol > 0 and ds <= float32(Tol2 us), done = 1.
//  7. The output a = T(u).
//
// Terms with a_j = 0 or x[m] = 0 add a zero to a sum that cannot be -0,
// which leaves it unchanged: kernels skip them, so the cost of step 5 is
// proportional to the number of active neurons. G comes from Gram, the
// other constants from Factors, both computed once on the host; the tick
// uses float32 add, subtract, multiply and compare only (rsqrt is the
// fixed Newton iteration of Rsqrt), so every backend can reproduce it bit
// for bit.
type LCA struct {
	B, M, N     int       // signals per tick, signal length, atoms
	Phi         []float32 // the dictionary, M x N row-major (see Layout)
	Lambda      float64   // threshold, >= 0
	Threshold   Threshold
	NonNegative bool          // codes are >= 0: T(u) = 0 for u <= Lambda
	Tau         time.Duration // time constant; eta = dt/Tau must be in (0, 1]
	Update      Update
	// Beta1 (Adam), Beta2 (RMS and Adam) in [0, MaxBeta] and Eps > 0 are
	// the moment parameters; they must be zero for an update that does not
	// use them.
	Beta1, Beta2, Eps float64
	Tol               float64 // relative change at which a signal is done; 0: never
	// Online keeps a signal's state when its input changes, so that the
	// codes follow a time-varying input with time constant Tau. Otherwise
	// each new input is solved from u = 0.
	Online bool
	// Gamma >= 0 weighs the top-down prior (see Top-down prior).
	Gamma float64
}

// Threshold is the LCA's activation function T.
type Threshold uint8

const (
	// SoftThreshold: T(u) = u - Lambda for u > Lambda, u + Lambda for
	// u < -Lambda, else 0. Its fixed point solves the LASSO problem.
	SoftThreshold Threshold = iota
	// HardThreshold: T(u) = u for |u| > Lambda, else 0, an l0-like penalty
	// (Rozell et al. 2008, section 3).
	HardThreshold
)

func (t Threshold) String() string {
	switch t {
	case SoftThreshold:
		return "soft"
	case HardThreshold:
		return "hard"
	}
	return fmt.Sprintf("Threshold(%d)", uint8(t))
}

// Update is how the LCA turns du into a step of u.
type Update uint8

const (
	UpdatePlain Update = iota // forward Euler: u += eta du
	UpdateRMS                 // RMSProp-style: du normalized by its running RMS
	UpdateAdam                // Adam-style: running mean of du normalized by its running RMS
)

func (u Update) String() string {
	switch u {
	case UpdatePlain:
		return "plain"
	case UpdateRMS:
		return "rms"
	case UpdateAdam:
		return "adam"
	}
	return fmt.Sprintf("Update(%d)", uint8(u))
}

// MaxBeta bounds the moment decays: Adam's bias correction is tabulated up
// to the iteration where Beta^k < 2^-27, 190,000 iterations at this value.
const MaxBeta = 0.9999

func (*LCA) Kind() Kind      { return KindLCA }
func (*LCA) Inputs() []Port  { return []Port{{Name: "x"}, {Name: "prior", Optional: true}} }
func (*LCA) Outputs() []Port { return []Port{{Name: "a"}} }

func (p *LCA) Infer(in []Shape) (Layout, error) {
	codes := Vec(p.B * p.N)
	state := []Var{{"u", codes}}
	if p.Update == UpdateAdam {
		state = append(state, Var{"m", codes})
	}
	if p.Update != UpdatePlain {
		state = append(state, Var{"v", codes})
	}
	state = append(state, Var{"seen", Vec(p.B * p.M)}, Var{"iters", Vec(p.B)}, Var{"done", Vec(p.B)})
	if len(in) > 1 && in[1] != nil {
		state = append(state, Var{"heard", codes})
	}
	return Layout{Out: []Shape{codes}, State: state}, expectVec(in, p.Inputs(), p.B*p.M, p.B*p.N)
}

func (p *LCA) Validate(dt time.Duration) error {
	var c checker
	c.size("B", p.B)
	c.size("M", p.M)
	c.size("N", p.N)
	if p.M >= 0 && p.N >= 0 {
		if p.N > 0 && p.M > math.MaxInt32/p.N || p.B > 0 && p.N > math.MaxInt32/p.B || p.B > 0 && p.M > math.MaxInt32/p.B {
			c.fail("B, M, N = %d, %d, %d: Phi, x or the codes would have more than 2^31 elements", p.B, p.M, p.N)
		} else {
			c.length("Phi", len(p.Phi), p.M*p.N)
		}
	}
	c.finiteAll("Phi", p.Phi)
	if c.finite("Lambda", p.Lambda) && p.Lambda < 0 {
		c.fail("Lambda = %v, must be >= 0", p.Lambda)
	}
	if p.Threshold > HardThreshold {
		c.fail("Threshold = %v, want SoftThreshold or HardThreshold", p.Threshold)
	}
	c.positiveDuration("Tau", p.Tau)
	if p.Tau > 0 && dt > p.Tau {
		c.fail("Tau = %v is shorter than a tick of %v: eta = dt/Tau = %.3g, must be <= 1 (Euler would overshoot)", p.Tau, dt, dt.Seconds()/p.Tau.Seconds())
	}
	if c.finite("Tol", p.Tol) && p.Tol < 0 {
		c.fail("Tol = %v, must be >= 0", p.Tol)
	}
	if c.finite("Gamma", p.Gamma) && p.Gamma < 0 {
		c.fail("Gamma = %v, must be >= 0", p.Gamma)
	}
	p.validateMoments(&c)
	return c.err()
}

func (p *LCA) validateMoments(c *checker) {
	beta := func(name string, v float64, used bool) {
		switch {
		case !used && v != 0:
			c.fail("%s = %v has no effect with Update = %v; leave it 0", name, v, p.Update)
		case used && c.finite(name, v) && (v < 0 || v > MaxBeta):
			c.fail("%s = %v, must be in [0, %v]", name, v, MaxBeta)
		}
	}
	switch p.Update {
	case UpdatePlain, UpdateRMS, UpdateAdam:
	default:
		c.fail("Update = %v, want UpdatePlain, UpdateRMS or UpdateAdam", p.Update)
		return
	}
	beta("Beta1", p.Beta1, p.Update == UpdateAdam)
	beta("Beta2", p.Beta2, p.Update != UpdatePlain)
	switch {
	case p.Update == UpdatePlain && p.Eps != 0:
		c.fail("Eps = %v has no effect with Update = plain; leave it 0", p.Eps)
	case p.Update != UpdatePlain && c.finite("Eps", p.Eps) && float32(p.Eps) <= 0:
		c.fail("Eps = %v, must be > 0 (and not round to 0 in float32)", p.Eps)
	}
}

// Gram returns G = Phi^T Phi - I + Gamma I, N x N row-major: each entry is
// summed over m in increasing order in float64 (the diagonal then adds
// Gamma - 1) and rounded once to float32. The
// same products are added in the same order for G[i*N+j] and G[j*N+i], so
// G is exactly symmetric and a kernel may read row j for column j.
func (p *LCA) Gram() []float32 {
	m, n := p.M, p.N
	cols := make([]float64, m*n) // Phi transposed: atom j at cols[j*m:]
	for r := range m {
		for j := range n {
			cols[j*m+r] = float64(p.Phi[r*n+j])
		}
	}
	g := make([]float32, n*n)
	for i := range n {
		ci := cols[i*m : (i+1)*m]
		for j := i; j < n; j++ {
			cj := cols[j*m : (j+1)*m]
			var s float64
			for r, v := range ci {
				s += v * cj[r]
			}
			if i == j {
				s += p.Gamma - 1
			}
			g[i*n+j], g[j*n+i] = float32(s), float32(s)
		}
	}
	return g
}

// LCAFactors are an LCA's parameters converted once, on the host, into the
// float32 constants of a tick.
type LCAFactors struct {
	Lambda      float32
	Soft        bool
	NonNegative bool
	Update      Update
	Eta         float32 // dt/Tau
	// Beta1, Beta2 and their complements float32(1 - Beta), rounded from
	// float64, and Eps.
	Beta1, OneMinusBeta1 float32
	Beta2, OneMinusBeta2 float32
	Eps                  float32
	Tol2                 float32 // float32(Tol^2); 0 when Tol is 0
	Gamma                float32 // weight of the prior
	// EtaK[k] is float32(eta sqrt(1 - Beta2^k) / (1 - Beta1^k)) for
	// k = 1..len-1 (EtaK[0] is unused); iterations past the end use the
	// last entry, which equals Eta. Nil for UpdatePlain.
	EtaK []float32
}

// Factors converts the parameters for a tick of dt, in float64, rounding
// each constant once to float32.
func (p *LCA) Factors(dt time.Duration) LCAFactors {
	eta := dt.Seconds() / p.Tau.Seconds()
	f := LCAFactors{
		Lambda: float32(p.Lambda), Soft: p.Threshold == SoftThreshold, NonNegative: p.NonNegative,
		Update: p.Update, Eta: float32(eta),
		Beta1: float32(p.Beta1), OneMinusBeta1: float32(1 - p.Beta1),
		Beta2: float32(p.Beta2), OneMinusBeta2: float32(1 - p.Beta2),
		Eps: float32(p.Eps), Tol2: float32(p.Tol * p.Tol), Gamma: float32(p.Gamma),
	}
	if p.Update != UpdatePlain {
		f.EtaK = biasCorrection(eta, p.Beta1, p.Beta2)
	}
	return f
}

// biasCorrection tabulates eta sqrt(1 - b2^k) / (1 - b1^k) until both
// powers are below 2^-27, where the factor is 1 to float32 precision.
func biasCorrection(eta, b1, b2 float64) []float32 {
	table := []float32{0}
	p1, p2 := 1.0, 1.0
	for k := 1; ; k++ {
		p1 *= b1
		p2 *= b2
		table = append(table, float32(eta*math.Sqrt(1-p2)/(1-p1)))
		if p1 < 0x1p-27 && p2 < 0x1p-27 {
			break
		}
	}
	table = append(table, float32(eta))
	return table
}

// StepSize returns eta_k for the k-th iteration (k >= 1).
func (f *LCAFactors) StepSize(k int) float32 {
	return f.EtaK[min(k, len(f.EtaK)-1)]
}

// Activate is the threshold T.
func (f *LCAFactors) Activate(u float32) float32 {
	switch {
	case u > f.Lambda:
		if f.Soft {
			return u - f.Lambda
		}
		return u
	case u < -f.Lambda && !f.NonNegative:
		if f.Soft {
			return u + f.Lambda
		}
		return u
	}
	return 0
}

// Step is one neuron's update: from du and its moments m, v (ignored where
// the update has none) and the step size etaK of this iteration, it
// returns the step of u and the new moments, with these roundings in this
// order:
//
//	plain: s = float32(Eta du)
//	rms:   v = float32(Beta2 v) + float32(OneMinusBeta2 float32(du du))
//	       s = float32(float32(etaK du) Rsqrt(v + Eps))
//	adam:  m = float32(Beta1 m) + float32(OneMinusBeta1 du), v as for rms,
//	       s = float32(float32(etaK m) Rsqrt(v + Eps))
func (f *LCAFactors) Step(du, m, v, etaK float32) (s, m2, v2 float32) {
	switch f.Update {
	case UpdateRMS:
		s, v = f.RMS(du, v, etaK)
	case UpdateAdam:
		s, m, v = f.Adam(du, m, v, etaK)
	default:
		s = float32(f.Eta * du)
	}
	return s, m, v
}

// RMS is Step for UpdateRMS.
func (f *LCAFactors) RMS(du, v, etaK float32) (s, v2 float32) {
	v = float32(f.Beta2*v) + float32(f.OneMinusBeta2*float32(du*du))
	return float32(float32(etaK*du) * Rsqrt(v+f.Eps)), v
}

// Adam is Step for UpdateAdam.
func (f *LCAFactors) Adam(du, m, v, etaK float32) (s, m2, v2 float32) {
	m = float32(f.Beta1*m) + float32(f.OneMinusBeta1*du)
	v = float32(f.Beta2*v) + float32(f.OneMinusBeta2*float32(du*du))
	return float32(float32(etaK*m) * Rsqrt(v+f.Eps)), m, v
}

// rsqrtMagic seeds Rsqrt (Lomont 2003, "Fast inverse square root"),
// the constant that minimizes the error after one Newton step.
const rsqrtMagic = 0x5f375a86

// Rsqrt is 1/sqrt(y) for y > 0 as spikeflow defines it: an integer seed
// from the bits of y and one Newton step r (1.5 - (y/2) r r), every product
// rounded to float32; its relative error is below 0.2% (Lomont 2003). It
// only scales the steps of RMS and Adam, which leaves the fixed point where
// it is, so more precision would buy nothing. Kernels use it instead of
// the device's square root and division, which Vulkan lets drivers
// approximate: multiplies and adds are correctly rounded everywhere, so
// every backend computes the same bits.
func Rsqrt(y float32) float32 {
	h := float32(0.5 * y)
	r := math.Float32frombits(rsqrtMagic - math.Float32bits(y)>>1)
	return float32(r * float32(1.5-float32(float32(h*r)*r)))
}

func (p *LCA) Reference(env Env) Reference {
	r := &lcaRef{p: p, f: p.Factors(env.Dt), g: p.Gram(),
		u: make([]float32, p.B*p.N), seen: make([]float32, p.B*p.M),
		iters: make([]float32, p.B), done: make([]float32, p.B),
		b: make([]float32, p.N), a: make([]float32, p.N)}
	if p.Update == UpdateAdam {
		r.m = make([]float32, p.B*p.N)
	}
	if p.Update != UpdatePlain {
		r.v = make([]float32, p.B*p.N)
	}
	if len(env.In) > 1 && env.In[1] != nil {
		r.heard = make([]float32, p.B*p.N)
	}
	return r
}

type lcaRef struct {
	p             *LCA
	f             LCAFactors
	g             []float32
	u, m, v, seen []float32
	iters, done   []float32
	heard         []float32 // the prior last seen; nil without a prior
	b, a          []float32 // scratch: one signal's b and T(u)
}

func (r *lcaRef) State() [][]float32 {
	return LCAState{U: r.u, M: r.m, V: r.v, Seen: r.seen, Iters: r.iters, Done: r.done, Heard: r.heard}.Arrays()
}

// LCAState is an LCA's state, whichever backend holds it; M, V and Heard
// are nil where the op keeps none.
type LCAState struct {
	U, M, V, Seen, Iters, Done, Heard []float32
}

// Arrays lists the state in the order of Infer's Layout.State.
func (s LCAState) Arrays() [][]float32 {
	out := [][]float32{s.U}
	if s.M != nil {
		out = append(out, s.M)
	}
	if s.V != nil {
		out = append(out, s.V)
	}
	out = append(out, s.Seen, s.Iters, s.Done)
	if s.Heard != nil {
		out = append(out, s.Heard)
	}
	return out
}

// moment returns neuron i's moment, or 0 where the update keeps none.
func moment(xs []float32, i int) float32 {
	if xs == nil {
		return 0
	}
	return xs[i]
}

func (r *lcaRef) Step(_ uint64, in, out [][]float32) {
	M, N := r.p.M, r.p.N
	for s := range r.p.B {
		x, seen := in[0][s*M:(s+1)*M], r.seen[s*M:(s+1)*M]
		u := r.u[s*N : (s+1)*N]
		if !sameBits(x, seen) {
			copy(seen, x)
			r.done[s] = 0
			if !r.p.Online {
				clear(u)
				r.iters[s] = 0
				if r.m != nil {
					clear(r.m[s*N : (s+1)*N])
				}
				if r.v != nil {
					clear(r.v[s*N : (s+1)*N])
				}
			}
		}
		var prior []float32
		if r.heard != nil {
			prior = in[1][s*N : (s+1)*N]
			if heard := r.heard[s*N : (s+1)*N]; !sameBits(prior, heard) {
				copy(heard, prior)
				r.done[s] = 0
			}
		}
		if r.done[s] == 0 {
			r.iterate(s, x, prior, u)
		}
		a := out[0][s*N : (s+1)*N]
		for i, ui := range u {
			a[i] = r.f.Activate(ui)
		}
	}
}

// iterate is steps 3 to 6 of a tick for signal s; prior is nil without
// one.
func (r *lcaRef) iterate(s int, x, prior, u []float32) {
	N := r.p.N
	for i := range r.b {
		var acc float32
		for m, xm := range x {
			acc += float32(r.p.Phi[m*N+i] * xm)
		}
		if prior != nil {
			acc += float32(r.f.Gamma * prior[i])
		}
		r.b[i] = acc
	}
	for j, uj := range u {
		r.a[j] = r.f.Activate(uj)
	}
	k := int(r.iters[s]) + 1
	var etaK float32
	if r.f.EtaK != nil {
		etaK = r.f.StepSize(k)
	}
	var ds, us float32
	for i := range u {
		var c float32
		for j, aj := range r.a {
			c += float32(r.g[i*N+j] * aj)
		}
		du := float32(r.b[i]-u[i]) - c
		step, m, v := r.f.Step(du, moment(r.m, s*N+i), moment(r.v, s*N+i), etaK)
		if r.m != nil {
			r.m[s*N+i] = m
		}
		if r.v != nil {
			r.v[s*N+i] = v
		}
		u[i] += step
		ds += float32(step * step)
		us += float32(u[i] * u[i])
	}
	r.iters[s]++
	if r.f.Tol2 > 0 && ds <= float32(r.f.Tol2*us) {
		r.done[s] = 1
	}
}

// sameBits reports whether two slices hold the same bits (so -0 differs
// from +0, and a NaN from nothing, though inputs are finite).
func sameBits(a, b []float32) bool {
	for i, v := range a {
		if math.Float32bits(v) != math.Float32bits(b[i]) {
			return false
		}
	}
	return true
}
