package conformance

import (
	"fmt"
	"math"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/ops"
)

// synapseModel recomputes one plastic synapse in float64 from the spike
// trains of its two neurons, with exact exponentials: an independent,
// by-hand account of ops.STDPRule and of the order of a tick (see
// ops.STDPDense), to check the reference and the backends against.
type synapseModel struct {
	rule  ops.STDPRule
	dt    time.Duration
	delay int                 // of the "pre" port
	learn func(t uint64) bool // nil: always on
}

// run returns the weight after ticks ticks, from w0, for a presynaptic
// neuron that spiked at the ticks in pre and a postsynaptic one that spiked
// at those in post (as emitted; the model applies the ports' delays).
func (m synapseModel) run(w0 float64, pre, post []bool, ticks int) float64 {
	r := m.rule
	h := m.dt.Seconds()
	decay := func(tau time.Duration) float64 {
		if tau <= 0 {
			return 1
		}
		return math.Exp(-h / tau.Seconds())
	}
	bump := func(v float64) float64 {
		if r.Pairing == ops.Nearest {
			return 1
		}
		return v + 1
	}
	span := r.WMax - r.WMin
	clip := func(v float64) float64 { return math.Min(math.Max(v, r.WMin), r.WMax) }
	unit := func(v float64) float64 { return math.Min(math.Max(v, 0), 1) }
	factor := func(v float64) float64 {
		switch r.Dependence {
		case ops.Multiplicative:
			return unit(v)
		case ops.PowerLaw:
			return math.Pow(unit(v), r.Mu)
		}
		return 1
	}
	w, pending := w0, 0.0
	var x, y, rs, o float64
	deferred := r.Every > 1
	apply := func(d float64) {
		if deferred {
			pending += d
		} else {
			w = clip(w + d)
		}
	}
	for t := uint64(0); t < uint64(ticks); t++ {
		on := m.learn == nil || m.learn(t)
		x *= decay(r.TauPlus)
		y *= decay(r.TauMinus)
		rs *= decay(r.TauX)
		o *= decay(r.TauY)
		if t >= uint64(m.delay) && pre[t-uint64(m.delay)] {
			if on {
				d := y * (r.AMinus + r.A3Minus*rs) * factor((w-r.WMin)/span)
				apply(-d)
			}
			x, rs = bump(x), bump(rs)
		}
		if t >= 1 && post[t-1] {
			if on {
				d := x * (r.APlus + r.A3Plus*o) * factor((r.WMax-w)/span)
				apply(d)
			}
			y, o = bump(y), bump(o)
		}
		if on && deferred && (t+1)%uint64(r.Every) == 0 {
			w, pending = clip(w+pending), 0
		}
	}
	return w
}

// spikeSets turns a monitor's record into one spike train per neuron:
// sets[i][t] says whether neuron i spiked at tick t.
func spikeSets(p backend.Program, monitor string, n, ticks int) ([][]bool, error) {
	rec, err := p.Spikes(monitor)
	if err != nil {
		return nil, err
	}
	sets := make([][]bool, n)
	for i := range sets {
		sets[i] = make([]bool, ticks)
	}
	for k, t := range rec.Tick {
		sets[rec.Index[k]][t] = true
	}
	return sets, nil
}

// expectSynapses checks the weights of node syn (state "w", one per
// synapse: src[k] -> dst[k], starting at w0[k]) against the float64 model
// of every synapse, from the rasters recorded by the monitors preMon and
// postMon, within tol (absolute, in weight units).
func expectSynapses(p backend.Program, syn, preMon, postMon string, m synapseModel, src, dst []int32, w0 []float32,
	nPre, nPost, ticks int, tol float64) error {
	every := max(1, len(w0)/2000) // a sample of large projections
	pre, err := spikeSets(p, preMon, nPre, ticks)
	if err != nil {
		return err
	}
	post, err := spikeSets(p, postMon, nPost, ticks)
	if err != nil {
		return err
	}
	w := make([]float32, len(w0))
	if err := p.Read(syn+".w", w); err != nil {
		return err
	}
	for k := 0; k < len(w); k += every {
		want := m.run(float64(w0[k]), pre[src[k]], post[dst[k]], ticks)
		if math.Abs(float64(w[k])-want) > tol {
			return fmt.Errorf("%s.w of synapse %d (%d -> %d) = %v after %d ticks, the float64 model gives %.9g (tolerance %g)",
				syn, k, src[k], dst[k], w[k], ticks, want, tol)
		}
	}
	return nil
}
