package ops

import (
	"time"

	"github.com/spikeflow/spikeflow/rng"
)

// Poisson is a group of N independent Poisson spike sources. At tick t
// neuron i spikes when u < p, where u = rng.ToFloat32 of the generator's
// word for (seed, node stream, t, i) and p = rate_i * dt is its per-tick
// firing probability. Rates are in Hz: Rate holds one rate for every
// neuron or one per neuron. If the optional input "rate" is connected, it
// gives the rates instead, tick by tick (p is then float32(rate) times
// float32(dt in seconds), and clamped to [0, 1]).
type Poisson struct {
	N    int
	Rate []float64
}

func (*Poisson) Kind() Kind      { return KindPoisson }
func (*Poisson) Inputs() []Port  { return []Port{{Name: "rate", Optional: true}} }
func (*Poisson) Outputs() []Port { return []Port{{Name: "spikes", Spikes: true}} }
func (p *Poisson) Infer(in []Shape) (Layout, error) {
	return Layout{Out: []Shape{Vec(p.N)}}, expectVec(in, p.Inputs(), p.N)
}

func (p *Poisson) Validate(dt time.Duration) error {
	var c checker
	c.size("N", p.N)
	if len(p.Rate) != 1 {
		c.length("Rate", len(p.Rate), 1, p.N)
	}
	for i, r := range p.Rate {
		if !c.finite("Rate", r) {
			break
		}
		if prob := r * dt.Seconds(); r < 0 || prob > 1 {
			c.fail("Rate[%d] = %v Hz gives a spike probability of %v per tick of %v, must be in [0, 1]", i, r, prob, dt)
			break
		}
	}
	return c.err()
}

// Probabilities returns the per-tick firing probability of each neuron for
// the Rate parameter, rounded once to float32.
func (p *Poisson) Probabilities(dt time.Duration) []float32 {
	prob := make([]float32, p.N)
	for i := range prob {
		r := p.Rate[0]
		if len(p.Rate) == p.N {
			r = p.Rate[i]
		}
		prob[i] = float32(r * dt.Seconds())
	}
	return prob
}

// DtSeconds is dt in seconds as the float32 that input rates are scaled by.
func DtSeconds(dt time.Duration) float32 { return float32(dt.Seconds()) }

// ClampProb limits a per-tick probability computed from an input rate to
// [0, 1]; NaN becomes 0.
func ClampProb(p float32) float32 {
	switch {
	case p > 1:
		return 1
	case p >= 0:
		return p
	default: // negative or NaN
		return 0
	}
}

// PoissonFires is the spike decision of neuron i at tick t for a per-tick
// probability prob: the generator's word for (stream, t, i), as a float in
// [0, 1), is below prob. Every backend decides exactly so.
func PoissonFires(key rng.Key, stream uint32, t uint64, i int, prob float32) bool {
	return rng.ToFloat32(key.Uint32(stream, t, uint32(i))) < prob
}

func (p *Poisson) Reference(env Env) Reference {
	return &poissonRef{key: env.Key, stream: env.Stream, prob: p.Probabilities(env.Dt), dt: DtSeconds(env.Dt)}
}

type poissonRef struct {
	key    rng.Key
	stream uint32
	prob   []float32
	dt     float32
}

func (r *poissonRef) Step(t uint64, in, out [][]float32) {
	for i := range out[0] {
		p := r.prob[i]
		if in[0] != nil {
			p = ClampProb(float32(in[0][i] * r.dt))
		}
		out[0][i] = 0
		if PoissonFires(r.key, r.stream, t, i, p) {
			out[0][i] = 1
		}
	}
}

func (r *poissonRef) State() [][]float32 { return nil }
