package ops

import (
	"fmt"
	"math"
	"time"
)

// MaxPeriod bounds every period counted in ticks (a theta cycle, a latency
// window): kernels reduce a 64-bit tick modulo a period in 32-bit
// arithmetic, which is exact up to 2^16 - 1.
const MaxPeriod = 1<<16 - 1

// Rhythm is a theta oscillation with Gamma nested gamma cycles per theta
// cycle, in whole ticks, as in hippocampal theta-gamma coding (Lisman &
// Jensen 2013: 5-8 gamma cycles per theta cycle of 8-12 Hz). At tick t the
// rhythm is at tick k = (t + Offset) mod Theta of its theta cycle, in gamma
// cycle k / Tg, at tick k mod Tg of that gamma cycle, where Tg = Theta /
// Gamma. Everything is integer arithmetic on the tick, so every backend
// agrees exactly on every phase.
//
// A cluster of neurons that shares a local oscillation shares one Rhythm:
// its Oscillator node and its phase encoders and decoders are built from
// the same value, and clusters with their own phase use their own Offset.
type Rhythm struct {
	Theta  int // ticks per theta cycle, in [1, MaxPeriod]
	Gamma  int // gamma cycles per theta cycle, >= 1; must divide Theta
	Offset int // ticks, in [0, Theta): the rhythm's tick at tick 0
}

// GammaTicks is Tg, the length of a gamma cycle in ticks.
func (r Rhythm) GammaTicks() int { return r.Theta / r.Gamma }

// At is the tick within the theta cycle at tick t.
func (r Rhythm) At(t uint64) int { return int((t + uint64(r.Offset)) % uint64(r.Theta)) }

// Cycle is the index of the gamma cycle within its theta cycle at tick t.
func (r Rhythm) Cycle(t uint64) int { return r.At(t) / r.GammaTicks() }

// InGamma is the tick within the gamma cycle at tick t.
func (r Rhythm) InGamma(t uint64) int { return r.At(t) % r.GammaTicks() }

// NextTheta is the first tick >= t at which a theta cycle starts.
func (r Rhythm) NextTheta(t uint64) uint64 {
	return t + uint64((r.Theta-r.At(t))%r.Theta)
}

func (r Rhythm) check(c *checker) {
	switch {
	case r.Theta < 1 || r.Theta > MaxPeriod:
		c.fail("Rhythm.Theta = %d ticks, must be in [1, %d]", r.Theta, MaxPeriod)
	case r.Gamma < 1:
		c.fail("Rhythm.Gamma = %d gamma cycles per theta cycle, must be >= 1", r.Gamma)
	case r.Theta%r.Gamma != 0:
		c.fail("Rhythm.Theta = %d ticks is not divisible by Rhythm.Gamma = %d: gamma cycles must be whole ticks", r.Theta, r.Gamma)
	case r.Offset < 0 || r.Offset >= r.Theta:
		c.fail("Rhythm.Offset = %d ticks, must be in [0, %d)", r.Offset, r.Theta)
	}
}

// Check reports whether r is a valid rhythm.
func (r Rhythm) Check() error {
	var c checker
	r.check(&c)
	return c.err()
}

// RhythmRounding says how far a rhythm in whole ticks is from the one asked
// for in hertz.
type RhythmRounding struct {
	ThetaHz, GammaHz       float64 // asked for
	ThetaHzGot, GammaHzGot float64 // what Theta and Gamma give at dt
}

func (r RhythmRounding) String() string {
	return fmt.Sprintf("theta %.4g Hz -> %.4g Hz, gamma %.4g Hz -> %.4g Hz", r.ThetaHz, r.ThetaHzGot, r.GammaHz, r.GammaHzGot)
}

// NewRhythm returns the rhythm in whole ticks of dt closest to a theta
// rhythm of thetaHz with gamma cycles per theta cycle: Theta is 1/(thetaHz
// dt) rounded to the nearest multiple of gamma. The rounding is reported,
// since a coarse dt can move the frequencies noticeably.
func NewRhythm(thetaHz float64, gamma int, offset time.Duration, dt time.Duration) (Rhythm, RhythmRounding, error) {
	var c checker
	if c.finite("thetaHz", thetaHz) && thetaHz <= 0 {
		c.fail("thetaHz = %v, must be > 0", thetaHz)
	}
	c.positiveDuration("dt", dt)
	if gamma < 1 {
		c.fail("gamma = %d cycles per theta cycle, must be >= 1", gamma)
	}
	if err := c.err(); err != nil {
		return Rhythm{}, RhythmRounding{}, err
	}
	h := dt.Seconds()
	g := float64(gamma)
	theta := int(max(math.Round(1/(thetaHz*h)/g), 1)) * gamma
	r := Rhythm{Theta: theta, Gamma: gamma, Offset: ticks(offset, dt) % max(theta, 1)}
	rnd := RhythmRounding{ThetaHz: thetaHz, GammaHz: thetaHz * g,
		ThetaHzGot: 1 / (float64(theta) * h), GammaHzGot: g / (float64(theta) * h)}
	return r, rnd, r.Check()
}

// Oscillator is a cluster's local oscillation: at every tick it outputs
// the rhythm's theta phase ("theta", in [0, 1)), the index of the gamma
// cycle within the theta cycle ("cycle", 0 to Gamma-1), the gamma phase
// ("gamma", in [0, 1)), and the sine and cosine of the theta phase ("sin",
// "cos"), each a one-element value. All five come from a table computed
// once on the host in float64 (Table) and indexed by the rhythm's integer
// tick, so no kernel evaluates a transcendental function and every backend
// outputs the same bits. Feed "sin" through a synapse to give neurons a
// theta drive; phase encoders take the same Rhythm as a parameter.
type Oscillator struct {
	Rhythm
}

// Oscillator outputs, in port order.
const (
	OscTheta = iota
	OscCycle
	OscGamma
	OscSin
	OscCos
	oscOutputs
)

func (*Oscillator) Kind() Kind     { return KindOscillator }
func (*Oscillator) Inputs() []Port { return nil }
func (*Oscillator) Outputs() []Port {
	return []Port{{Name: "theta"}, {Name: "cycle"}, {Name: "gamma"}, {Name: "sin"}, {Name: "cos"}}
}
func (*Oscillator) Infer([]Shape) (Layout, error) {
	one := Vec(1)
	return Layout{Out: []Shape{one, one, one, one, one}}, nil
}

func (p *Oscillator) Validate(time.Duration) error {
	var c checker
	p.Rhythm.check(&c)
	return c.err()
}

// Table holds the five outputs for every tick k of the theta cycle:
// Table()[5k+o] is output o (OscTheta ... OscCos) at rhythm tick k.
func (p *Oscillator) Table() []float32 {
	tg := p.GammaTicks()
	tab := make([]float32, oscOutputs*p.Theta)
	for k := range p.Theta {
		phase := float64(k) / float64(p.Theta)
		row := tab[oscOutputs*k : oscOutputs*(k+1)]
		row[OscTheta] = float32(phase)
		row[OscCycle] = float32(k / tg)
		row[OscGamma] = float32(float64(k%tg) / float64(tg))
		row[OscSin] = float32(math.Sin(2 * math.Pi * phase))
		row[OscCos] = float32(math.Cos(2 * math.Pi * phase))
	}
	return tab
}

func (p *Oscillator) Reference(Env) Reference { return &oscRef{p: p, tab: p.Table()} }

type oscRef struct {
	p   *Oscillator
	tab []float32
}

func (r *oscRef) Step(t uint64, _, out [][]float32) {
	k := r.p.At(t)
	for o := range out {
		out[o][0] = r.tab[oscOutputs*k+o]
	}
}

func (r *oscRef) State() [][]float32 { return nil }

// Multiplex is theta-gamma multiplexing (Lisman & Idiart 1995): its input
// "items" holds Gamma items for each of N neurons (neuron i's items are
// elements i*Gamma to i*Gamma+Gamma-1), and during gamma cycle c of every
// theta cycle neuron i's output is its item c, times Gain (0 means 1). Fed
// into an encoder (Phase, Latency, WeightedPhase) or, with Gain a rate in
// Hz, into a Poisson group's "rate", it sends a vector of Gamma values per
// theta cycle through each neuron, one item per gamma cycle.
type Multiplex struct {
	Rhythm
	N    int
	Gain float64
}

func (*Multiplex) Kind() Kind      { return KindMultiplex }
func (*Multiplex) Inputs() []Port  { return []Port{{Name: "items"}} }
func (*Multiplex) Outputs() []Port { return []Port{{Name: "out"}} }
func (p *Multiplex) Infer(in []Shape) (Layout, error) {
	return Layout{Out: []Shape{Vec(p.N)}}, expectVec(in, p.Inputs(), p.N*max(p.Gamma, 1))
}

func (p *Multiplex) Validate(time.Duration) error {
	var c checker
	c.size("N", p.N)
	p.Rhythm.check(&c)
	if c.finite("Gain", p.Gain) && math.IsInf(float64(float32(p.Gain)), 0) {
		c.fail("Gain = %v overflows float32", p.Gain)
	}
	return c.err()
}

// GainFactor is the float32 every item is multiplied by.
func (p *Multiplex) GainFactor() float32 {
	if p.Gain == 0 {
		return 1
	}
	return float32(p.Gain)
}

func (p *Multiplex) Reference(Env) Reference { return &muxRef{p: p, gain: p.GainFactor()} }

type muxRef struct {
	p    *Multiplex
	gain float32
}

func (r *muxRef) Step(t uint64, in, out [][]float32) {
	c, g := r.p.Cycle(t), r.p.Gamma
	for i := range out[0] {
		out[0][i] = in[0][i*g+c] * r.gain
	}
}

func (r *muxRef) State() [][]float32 { return nil }
