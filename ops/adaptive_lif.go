package ops

import (
	"math"
	"time"
)

// AdaptiveLIF is a LIF group whose threshold adapts: each neuron has a
// homeostatic theta, in the unit of v, that rises by ThetaPlus with each of
// its spikes and decays towards 0 with TauTheta (typically 10^4 s or more),
// and it spikes when v > VThreshold + theta. Neurons that fire much raise
// their threshold, so that others get to fire; this is the adaptive
// threshold of Diehl & Cook 2015 (there theta_plus = 0.05 mV, tau_theta =
// 10^7 ms).
//
// Everything else is LIF's, with the same factors and integration (see
// LIF). In a tick, theta first decays by exp(-dt/TauTheta) (rounded once
// to float32), the threshold is float32(VThreshold + theta), and a spike
// adds ThetaPlus to theta after the test. The optional 1-element input
// "learn" freezes theta at ticks where it is zero (for evaluation without
// rebuilding the graph), as it freezes the weights of plastic synapses;
// unconnected, theta always adapts.
type AdaptiveLIF struct {
	LIF
	ThetaPlus float64
	TauTheta  time.Duration
	Theta0    []float32 // initial theta: nil (0 for all) or N values
}

func (*AdaptiveLIF) Kind() Kind { return KindAdaptiveLIF }
func (p *AdaptiveLIF) Inputs() []Port {
	return append(p.LIF.Inputs(), Port{Name: "learn", Optional: true})
}

func (p *AdaptiveLIF) Infer(in []Shape) (Layout, error) {
	l, err := p.LIF.Infer(in[:2])
	l.State = append(l.State, Var{"theta", Vec(p.N)})
	return l, joinErrs([]error{err, expectVec(in[2:], p.Inputs()[2:], 1)})
}

func (p *AdaptiveLIF) Validate(dt time.Duration) error {
	var c checker
	c.add(p.LIF.Validate(dt))
	c.finite("ThetaPlus", p.ThetaPlus)
	c.positiveDuration("TauTheta", p.TauTheta)
	if p.Theta0 != nil {
		c.length("Theta0", len(p.Theta0), p.N)
		c.finiteAll("Theta0", p.Theta0)
	}
	return c.err()
}

// ThetaFactors are the adaptive threshold's parameters for a tick of dt.
type ThetaFactors struct {
	Plus  float32 // ThetaPlus
	Decay float32 // exp(-dt/TauTheta)
}

// ThetaFactors converts the threshold's parameters for a tick of dt.
func (p *AdaptiveLIF) ThetaFactors(dt time.Duration) ThetaFactors {
	return ThetaFactors{Plus: float32(p.ThetaPlus), Decay: float32(math.Exp(-dt.Seconds() / p.TauTheta.Seconds()))}
}

func (p *AdaptiveLIF) Reference(env Env) Reference {
	r := p.newRef(env.Dt)
	r.adapt = p.ThetaFactors(env.Dt)
	r.theta = make([]float32, p.N)
	copy(r.theta, p.Theta0)
	return r
}
