package ops

import (
	"math"
	"time"
)

// Encoders turn values into spike times. Each samples its input once per
// cycle, at the cycle's first tick, holds what it sampled (the state
// "held") and emits that cycle's spikes from it, so a spike's timing
// encodes one value even when the input changes within the cycle (a neuron
// group's v, say). Before the first cycle starts an encoder is silent.
//
// Inputs are mapped to [0, 1] by a ValueRange and clamped there: values
// outside the range saturate rather than fail, as a neuron's firing phase
// saturates, and a NaN, which an Input refuses at Write but a computed
// value might carry, encodes 0. Every step of an encoder is float32
// arithmetic with each operation rounded (the kernels do the same) and
// integer arithmetic on the tick.

// ValueRange maps an encoder's input x to v = (x - Lo) / (Hi - Lo), then
// clamps v to [0, 1]. The zero value is [0, 1]; Hi < Lo reverses the
// mapping (a more depolarized neuron firing earlier, say).
type ValueRange struct{ Lo, Hi float64 }

// Factors returns lo and scale = 1/(Hi - Lo) as float32, for Unit.
func (r ValueRange) Factors() (lo, scale float32) {
	if r.Lo == 0 && r.Hi == 0 {
		return 0, 1
	}
	return float32(r.Lo), float32(1 / (r.Hi - r.Lo))
}

func (r ValueRange) check(c *checker) {
	lo, hi := c.finite("Lo", r.Lo), c.finite("Hi", r.Hi)
	if lo && hi && r.Lo == r.Hi && r.Lo != 0 {
		c.fail("Lo = Hi = %v: an empty value range", r.Lo)
	}
	if _, s := r.Factors(); lo && hi && (s == 0 || math.IsInf(float64(s), 0)) {
		c.fail("value range [%v, %v] is too narrow or too wide for float32", r.Lo, r.Hi)
	}
}

// Unit maps x into [0, 1]: float32(x - lo) * scale, clamped; NaN gives 0.
func Unit(x, lo, scale float32) float32 {
	v := (x - lo) * scale
	switch {
	case v > 1:
		return 1
	case v >= 0:
		return v
	default: // negative or NaN
		return 0
	}
}

// roundLevel is floor(float32(v * m) + 0.5) for v in [0, 1]: v on a grid of
// m+1 levels, ties rounded up; kernels evaluate the same roundings.
func roundLevel(v, m float32) int {
	return int(math.Floor(float64(float32(v*m) + 0.5)))
}

// Latency is a time-to-first-spike code (Thorpe, Delorme & Van Rullen
// 2001): time is cut into windows of Window ticks, the first of which
// starts at the tick t with (t + Offset) mod Window = 0; in each window
// neuron i fires once, LatencyTick(v, Window) ticks after the window's
// start, where v is its input at that start mapped by Range: v = 1 fires
// at once, v = 0 on the window's last tick. With Window = L the code has L
// levels: a decoder that inverts it errs by at most 1/(2(L-1)).
type Latency struct {
	N      int
	Window int // ticks, in [1, MaxPeriod]
	Offset int // ticks, in [0, Window)
	Range  ValueRange
}

func (*Latency) Kind() Kind      { return KindLatency }
func (*Latency) Inputs() []Port  { return []Port{{Name: "value"}} }
func (*Latency) Outputs() []Port { return []Port{{Name: "spikes", Spikes: true}} }
func (p *Latency) Infer(in []Shape) (Layout, error) {
	return encoderLayout(p.N), expectVec(in, p.Inputs(), p.N)
}

func (p *Latency) Validate(time.Duration) error {
	var c checker
	c.size("N", p.N)
	if p.Window < 1 || p.Window > MaxPeriod {
		c.fail("Window = %d ticks, must be in [1, %d]", p.Window, MaxPeriod)
	} else if p.Offset < 0 || p.Offset >= p.Window {
		c.fail("Offset = %d ticks, must be in [0, %d)", p.Offset, p.Window)
	}
	p.Range.check(&c)
	return c.err()
}

// At is the tick within the window at tick t.
func (p *Latency) At(t uint64) int { return int((t + uint64(p.Offset)) % uint64(p.Window)) }

// LatencyTick is the tick within a window of the given length at which a
// value v in [0, 1] fires: round((1 - v)(window - 1)), ties up.
func LatencyTick(v float32, window int) int { return roundLevel(1-v, float32(window-1)) }

func encoderLayout(n int) Layout {
	return Layout{Out: []Shape{Vec(n)}, State: []Var{{"held", Vec(n)}}}
}

func newHeld(n int) []float32 {
	held := make([]float32, n)
	for i := range held {
		held[i] = -1 // no cycle has started: silent
	}
	return held
}

func (p *Latency) Reference(Env) Reference {
	lo, scale := p.Range.Factors()
	return &latencyRef{p: p, lo: lo, scale: scale, held: newHeld(p.N)}
}

type latencyRef struct {
	p         *Latency
	lo, scale float32
	held      []float32 // the tick within the window at which to fire
}

func (r *latencyRef) Step(t uint64, in, out [][]float32) {
	j := r.p.At(t)
	for i := range out[0] {
		if j == 0 {
			r.held[i] = float32(LatencyTick(Unit(in[0][i], r.lo, r.scale), r.p.Window))
		}
		out[0][i] = 0
		if r.held[i] == float32(j) {
			out[0][i] = 1
		}
	}
}

func (r *latencyRef) State() [][]float32 { return [][]float32{r.held} }

// Phase is a phase code: each gamma cycle of the Rhythm (Tg ticks) is cut
// into Bins phase bins, bin b starting at tick PhaseTick(b) = floor(b Tg /
// Bins) of the cycle, and in every gamma cycle neuron i fires once, at the
// start of bin round(v (Bins-1)) (ties up), where v is its input at the
// cycle's first tick mapped by Range. A decoder that reads the bin back
// errs by at most 1/(2(Bins-1)).
//
// A vector of Gamma values per theta cycle (theta-gamma coding: item k in
// gamma cycle k) is a Multiplex node feeding "value". A neuron group's
// output becomes phase-coded by feeding its "v" here, with Range mapping
// the membrane potential to [0, 1] (see layers.PhaseCoded).
type Phase struct {
	N      int
	Rhythm Rhythm
	Bins   int // in [1, Tg]
	Range  ValueRange
}

func (*Phase) Kind() Kind      { return KindPhase }
func (*Phase) Inputs() []Port  { return []Port{{Name: "value"}} }
func (*Phase) Outputs() []Port { return []Port{{Name: "spikes", Spikes: true}} }
func (p *Phase) Infer(in []Shape) (Layout, error) {
	return encoderLayout(p.N), expectVec(in, p.Inputs(), p.N)
}

func (p *Phase) Validate(time.Duration) error {
	var c checker
	c.size("N", p.N)
	p.Rhythm.check(&c)
	if p.Rhythm.Check() == nil && (p.Bins < 1 || p.Bins > p.Rhythm.GammaTicks()) {
		c.fail("Bins = %d, must be in [1, %d]: a bin is at least one tick of the %d-tick gamma cycle",
			p.Bins, p.Rhythm.GammaTicks(), p.Rhythm.GammaTicks())
	}
	p.Range.check(&c)
	return c.err()
}

// PhaseBin is the bin of a value v in [0, 1] among bins bins.
func PhaseBin(v float32, bins int) int { return roundLevel(v, float32(bins-1)) }

// PhaseTick is the tick within a gamma cycle of tg ticks at which bin b of
// bins starts.
func PhaseTick(b, bins, tg int) int { return b * tg / bins }

// PhaseOf is the bin starting at tick j of a gamma cycle of tg ticks, or -1
// if no bin starts there. It inverts PhaseTick: floor(b tg/bins) = j holds
// for b = ceil(j bins/tg) alone, since tg >= bins.
func PhaseOf(j, bins, tg int) int {
	b := (j*bins + tg - 1) / tg
	if b < bins && PhaseTick(b, bins, tg) == j {
		return b
	}
	return -1
}

func (p *Phase) Reference(Env) Reference {
	lo, scale := p.Range.Factors()
	return &phaseRef{p: p, lo: lo, scale: scale, held: newHeld(p.N)}
}

type phaseRef struct {
	p         *Phase
	lo, scale float32
	held      []float32 // the tick within the gamma cycle at which to fire
}

func (r *phaseRef) Step(t uint64, in, out [][]float32) {
	j, tg := r.p.Rhythm.InGamma(t), r.p.Rhythm.GammaTicks()
	for i := range out[0] {
		if j == 0 {
			b := PhaseBin(Unit(in[0][i], r.lo, r.scale), r.p.Bins)
			r.held[i] = float32(PhaseTick(b, r.p.Bins, tg))
		}
		out[0][i] = 0
		if r.held[i] == float32(j) {
			out[0][i] = 1
		}
	}
}

func (r *phaseRef) State() [][]float32 { return [][]float32{r.held} }

// MaxPhases bounds WeightedPhase.Phases. A code of K bits is rounded from
// float32(v (2^K - 1)) + 0.5, exact only while 2^K - 1 + 0.5 is a float32
// (K <= 23); 16 bits is far beyond what spike timing resolves anyway.
const MaxPhases = 16

// WeightedPhase is the weighted-spike phase code of Kim, Kim, Kim & Cho
// ("Deep neural networks with weighted spikes", Neurocomputing 2018): each
// gamma cycle of the Rhythm is cut into Phases phases, phase k starting at
// tick PhaseTick(k, Phases, Tg), and a spike in phase k carries the weight
// 2^-(k+1) (1/2, 1/4, ...). At the cycle's first tick the input, mapped by
// Range to v, is quantized to the K-bit code q = round(v (2^K - 1)) (ties
// up, K = Phases), and the neuron fires in phase k when bit K-1-k of q is
// set. Its output elements are those weights, not 1: this port is a spike
// port whose spikes carry values, which synapses multiply by their weights
// as they do any presynaptic value. The weights of a cycle add up to
// q/2^K; a decoder rescales by 2^K/(2^K - 1) and errs by at most
// 1/(2(2^K - 1)).
type WeightedPhase struct {
	N      int
	Rhythm Rhythm
	Phases int // in [1, min(Tg, MaxPhases)]
	Range  ValueRange
}

func (*WeightedPhase) Kind() Kind      { return KindWeightedPhase }
func (*WeightedPhase) Inputs() []Port  { return []Port{{Name: "value"}} }
func (*WeightedPhase) Outputs() []Port { return []Port{{Name: "spikes", Spikes: true}} }
func (p *WeightedPhase) Infer(in []Shape) (Layout, error) {
	return encoderLayout(p.N), expectVec(in, p.Inputs(), p.N)
}

func (p *WeightedPhase) Validate(time.Duration) error {
	var c checker
	c.size("N", p.N)
	p.Rhythm.check(&c)
	if p.Rhythm.Check() == nil {
		if limit := min(p.Rhythm.GammaTicks(), MaxPhases); p.Phases < 1 || p.Phases > limit {
			c.fail("Phases = %d, must be in [1, %d] (a phase is at least one tick of the %d-tick gamma cycle; at most %d bits)",
				p.Phases, limit, p.Rhythm.GammaTicks(), MaxPhases)
		}
	}
	p.Range.check(&c)
	return c.err()
}

// WeightedCode is the K-bit code of a value v in [0, 1]: round(v (2^K - 1)).
func WeightedCode(v float32, phases int) int { return roundLevel(v, float32(int(1)<<phases-1)) }

// PhaseWeight is the value a spike in phase k carries, 2^-(k+1), exactly.
func PhaseWeight(k int) float32 { return float32(math.Ldexp(1, -(k + 1))) }

// Fires reports whether code q (of phases bits) spikes in phase k.
func Fires(q, k, phases int) bool { return q>>(phases-1-k)&1 == 1 }

func (p *WeightedPhase) Reference(Env) Reference {
	lo, scale := p.Range.Factors()
	return &weightedRef{p: p, lo: lo, scale: scale, held: newHeld(p.N)}
}

type weightedRef struct {
	p         *WeightedPhase
	lo, scale float32
	held      []float32 // the code q of this cycle
}

func (r *weightedRef) Step(t uint64, in, out [][]float32) {
	j, tg, phases := r.p.Rhythm.InGamma(t), r.p.Rhythm.GammaTicks(), r.p.Phases
	k := PhaseOf(j, phases, tg)
	for i := range out[0] {
		if j == 0 {
			r.held[i] = float32(WeightedCode(Unit(in[0][i], r.lo, r.scale), phases))
		}
		out[0][i] = 0
		if q := r.held[i]; k >= 0 && q >= 0 && Fires(int(q), k, phases) {
			out[0][i] = PhaseWeight(k)
		}
	}
}

func (r *weightedRef) State() [][]float32 { return [][]float32{r.held} }
