package ops

import (
	"time"
)

// SpikeCount counts, per neuron, the ticks on which its input is nonzero.
// Counts are float32 and exact up to 2^24 spikes per neuron.
type SpikeCount struct{}

func (*SpikeCount) Kind() Kind                   { return KindSpikeCount }
func (*SpikeCount) Inputs() []Port               { return []Port{{Name: "spikes", Spikes: true}} }
func (*SpikeCount) Outputs() []Port              { return nil }
func (*SpikeCount) Validate(time.Duration) error { return nil }
func (*SpikeCount) Infer(in []Shape) (Layout, error) {
	return Layout{State: []Var{{"count", in[0]}}}, nil
}
func (*SpikeCount) Reference(env Env) Reference {
	return &countRef{count: make([]float32, env.In[0].Size())}
}

type countRef struct{ count []float32 }

func (r *countRef) Step(_ uint64, in, _ [][]float32) {
	for i, s := range in[0] {
		if s != 0 {
			r.count[i]++
		}
	}
}
func (r *countRef) State() [][]float32 { return [][]float32{r.count} }

// SpikeMonitor records an event (tick, index) for every nonzero element of
// its input, in canonical order.
type SpikeMonitor struct{}

func (*SpikeMonitor) Kind() Kind                    { return KindSpikeMonitor }
func (*SpikeMonitor) Inputs() []Port                { return []Port{{Name: "spikes", Spikes: true}} }
func (*SpikeMonitor) Outputs() []Port               { return nil }
func (*SpikeMonitor) Validate(time.Duration) error  { return nil }
func (*SpikeMonitor) Infer([]Shape) (Layout, error) { return Layout{}, nil }
func (*SpikeMonitor) Reference(Env) Reference       { return &spikeMonRef{} }

type spikeMonRef struct{ rec SpikeRecord }

func (r *spikeMonRef) Step(t uint64, in, _ [][]float32) {
	for i, s := range in[0] {
		if s != 0 {
			r.rec.Tick = append(r.rec.Tick, t)
			r.rec.Index = append(r.rec.Index, int32(i))
		}
	}
}
func (r *spikeMonRef) State() [][]float32  { return nil }
func (r *spikeMonRef) Spikes() SpikeRecord { return r.rec }

// StateMonitor records the elements Index of its input (a neuron group's
// "v", say) on every tick t with t % Every == 0 (Every 0 means 1).
type StateMonitor struct {
	Index []int32
	Every int
}

func (*StateMonitor) Kind() Kind      { return KindStateMonitor }
func (*StateMonitor) Inputs() []Port  { return []Port{{Name: "x"}} }
func (*StateMonitor) Outputs() []Port { return nil }

func (p *StateMonitor) Validate(time.Duration) error {
	var c checker
	if p.Every < 0 {
		c.fail("Every = %d, must be >= 0", p.Every)
	}
	return c.err()
}

func (p *StateMonitor) Infer(in []Shape) (Layout, error) {
	var c checker
	if in[0] != nil {
		n := in[0].Size()
		for k, i := range p.Index {
			if i < 0 || int(i) >= n {
				c.errs = append(c.errs, shapeErrf("Index[%d] = %d is outside the monitored value of shape %v", k, i, in[0]))
				break
			}
		}
	}
	return Layout{}, c.err()
}

// Period is the number of ticks between two recordings.
func (p *StateMonitor) Period() uint64 { return uint64(max(p.Every, 1)) }

func (p *StateMonitor) Reference(Env) Reference {
	return &stateMonRef{p: p, rec: TraceRecord{Index: p.Index}}
}

type stateMonRef struct {
	p   *StateMonitor
	rec TraceRecord
}

func (r *stateMonRef) Step(t uint64, in, _ [][]float32) {
	if t%r.p.Period() != 0 {
		return
	}
	r.rec.Tick = append(r.rec.Tick, t)
	for _, i := range r.p.Index {
		r.rec.Values = append(r.rec.Values, in[0][i])
	}
}
func (r *stateMonRef) State() [][]float32 { return nil }
func (r *stateMonRef) Trace() TraceRecord { return r.rec }
