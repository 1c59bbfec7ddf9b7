package conformance

import (
	"fmt"
	"math"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

// Conductance-based LIF groups (ops.LIF.Reversal), plain and adaptive.
func conductanceLIFCases() []Case {
	var cs []Case
	for _, n := range Sizes {
		cs = append(cs, conductanceLIFCase(n, false, 0), conductanceLIFCase(n, true, 0), conductanceLIFCase(n, true, 4*time.Millisecond))
	}
	return append(cs, conductancePulseCase(), conductanceSaturationCase(), conductanceOvershootCase())
}

// conductanceParams are Diehl & Cook's excitatory neurons at this suite's
// dt, with a shorter membrane time constant so that 60 ticks see spikes.
func conductanceParams(n int) *ops.LIF {
	return &ops.LIF{N: n, TauM: 5 * time.Millisecond, TauE: time.Millisecond, TauI: 2 * time.Millisecond,
		VRest: -65, VThreshold: -52, VReset: -65, Refractory: time.Millisecond,
		Reversal: &ops.Reversal{Exc: 0, Inh: -100}}
}

// conductanceLIFCase drives a conductance-based group with random
// conductances into both inputs (the adaptive one with adaptation off for
// ticks 30-44), except neuron 0, which gets none: from -75 mV it relaxes
// towards v_rest exactly as a current-based neuron does, the hand-computed
// check; the others must spike. A lockout longer than the refractory
// period (Diehl & Cook's excitatory neurons) lets v rise above the
// threshold without a spike.
func conductanceLIFCase(n int, adaptive bool, lockout time.Duration) Case {
	const ticks, offFrom, offTo = 60, 30, 45
	name, kind := "conductance-lif", ops.KindLIF
	if adaptive {
		name, kind = "conductance-adaptive-lif", ops.KindAdaptiveLIF
	}
	if lockout > 0 {
		name += fmt.Sprintf("/lockout=%v", lockout)
	}
	p := conductanceParams(n)
	return Case{
		Name:  fmt.Sprintf("%s/N=%d", name, n),
		Kinds: []ops.Kind{kind, ops.KindInput, ops.KindSpikeMonitor, ops.KindStateMonitor},
		Ticks: ticks,
		Build: func() (*graph.Graph, error) {
			g := newGraph()
			exc := g.Add("exc", &ops.Input{N: n})
			inh := g.Add("inh", &ops.Input{N: n})
			p := conductanceParams(n)
			p.Lockout = lockout
			p.V0 = uniform("v0", 0, n, -70, -53)
			if n > 0 {
				p.V0[0] = -75
			}
			var op ops.Op = p
			opts := []graph.Option{graph.In("exc", exc.Out("out")), graph.In("inh", inh.Out("out"))}
			if adaptive {
				learn := g.Add("learn", &ops.Input{N: 1, Value: []float32{1}})
				op = &ops.AdaptiveLIF{LIF: *p, ThetaPlus: 1.5, TauTheta: 5 * time.Millisecond, Theta0: uniform("theta0", 0, n, 0, 4)}
				opts = append(opts, graph.In("learn", learn.Out("out")))
			}
			lif := g.Add("lif", op, opts...)
			observe(g, lif.Out("spikes"))
			g.Add("v", &ops.StateMonitor{Index: firstAndLast(n), Every: 3}, graph.In("x", lif.Out("v")))
			return validated(g)
		},
		Feed: func(t uint64, prog backend.Program) error {
			// Mean conductances of about 0.5 and 0.1 (inputs accumulate
			// over about tau/dt ticks) would hold v near -46 mV: above
			// the threshold, which the refractory period and theta
			// interrupt.
			e, i := uniform("cexc", t, n, 0, 0.1), uniform("cinh", t, n, 0, 0.01)
			if n > 0 {
				e[0], i[0] = 0, 0
			}
			errs := []error{prog.Write("exc", e), prog.Write("inh", i)}
			if adaptive && (t == offFrom || t == offTo) {
				errs = append(errs, prog.Write("learn", []float32{boolFloat(t == offTo)}))
			}
			return errorsJoin(errs...)
		},
		Check: func(prog backend.Program) error {
			if n == 0 {
				return nil
			}
			v, count := make([]float32, n), make([]float32, n)
			if err := errorsJoin(prog.Read("lif.v", v), prog.Read("count.count", count)); err != nil {
				return err
			}
			spikes := float32(0)
			for _, c := range count {
				spikes += c
			}
			if n >= 7 && spikes == 0 {
				return fmt.Errorf("no spikes in %d ticks: the case does not reach the threshold", ticks)
			}
			want := p.VRest + (-75-p.VRest)*math.Exp(-float64(ticks)*dt.Seconds()/p.TauM.Seconds())
			return near("lif.v[0]", v[0], want, 1e-4)
		},
	}
}

// conductancePair is the graph of the hand-computed cases: the group p
// (of 2 neurons) fed by the inputs "exc" and "inh", its spikes counted
// when spikes is set.
func conductancePair(p *ops.LIF, spikes bool) (*graph.Graph, error) {
	g := newGraph()
	exc := g.Add("exc", &ops.Input{N: 2})
	inh := g.Add("inh", &ops.Input{N: 2})
	lif := g.Add("lif", p, graph.In("exc", exc.Out("out")), graph.In("inh", inh.Out("out")))
	if spikes {
		observe(g, lif.Out("spikes"))
	}
	return validated(g)
}

// conductancePulseCase: a neuron at rest (-65 mV) receives one excitatory
// conductance of 2 at tick 0. With the driving force held over a tick,
// v(0) = -65 + 2 * 65 * G, with G = tau_e/(tau_e - tau_m) (e^(-dt/tau_e) -
// e^(-dt/tau_m)); at tick 1 the conductance is 2 e^(-dt/tau_e) and pulls
// from v(0): v(1) = -65 + (v(0) + 65) e^(-dt/tau_m) + 2 e^(-dt/tau_e)
// (0 - v(0)) G. An inhibitory conductance of 3 to a second neuron, at rest
// too, gives -65 + 3 (-100 + 65) G_i. All in float64 by the formula.
func conductancePulseCase() Case {
	p := conductanceParams(2)
	h, tm := dt.Seconds(), p.TauM.Seconds()
	gain := func(ts float64) float64 { return ts / (ts - tm) * (math.Exp(-h/ts) - math.Exp(-h/tm)) }
	ge, gi := gain(p.TauE.Seconds()), gain(p.TauI.Seconds())
	v0 := -65 + 2*65*ge
	v1 := -65 + (v0+65)*math.Exp(-h/tm) + 2*math.Exp(-h/p.TauE.Seconds())*(0-v0)*ge
	w0 := -65 + 3*(-100+65)*gi
	var got [2][2]float32
	return Case{
		Name:  "conductance-lif/pulse",
		Kinds: []ops.Kind{ops.KindLIF, ops.KindInput},
		Ticks: 2,
		Build: func() (*graph.Graph, error) { return conductancePair(conductanceParams(2), false) },
		Feed: func(t uint64, prog backend.Program) error {
			if t > 0 {
				if err := prog.Read("lif.v", got[0][:]); err != nil {
					return err
				}
				return errorsJoin(prog.Write("exc", []float32{0, 0}), prog.Write("inh", []float32{0, 0}))
			}
			return errorsJoin(prog.Write("exc", []float32{2, 0}), prog.Write("inh", []float32{0, 3}))
		},
		Check: func(prog backend.Program) error {
			if err := prog.Read("lif.v", got[1][:]); err != nil {
				return err
			}
			return errorsJoin(near("v[0] at tick 0", got[0][0], v0, 1e-5), near("v[1] at tick 0", got[0][1], w0, 1e-5),
				near("v[0] at tick 1", got[1][0], v1, 1e-5))
		},
	}
}

// conductanceSaturationCase: a conductance cannot drive v past its
// reversal potential. With E_exc = -55 mV below the threshold of -52 mV and
// a large excitatory conductance every tick, the neuron never spikes and
// settles where leak and synapse balance: with G_in added each tick, the
// conductance at the start of a tick is G = G_in/(1 - e^(-dt/tau_e)), and
// the fixed point of the update is v* = (v_rest (1 - e^(-dt/tau_m)) +
// G Gain E) / ((1 - e^(-dt/tau_m)) + G Gain), here -56.67 mV. A
// current-based neuron with the same input would fire on every tick
// its refractory period allows.
func conductanceSaturationCase() Case {
	const ticks, gIn = 400, 0.5
	p := conductanceParams(1)
	p.Reversal.Exc = -55
	h, tm, te := dt.Seconds(), p.TauM.Seconds(), p.TauE.Seconds()
	gain := te / (te - tm) * (math.Exp(-h/te) - math.Exp(-h/tm))
	g := gIn / (1 - math.Exp(-h/te))
	leak := 1 - math.Exp(-h/tm)
	want := (p.VRest*leak + g*gain*p.Reversal.Exc) / (leak + g*gain)
	return Case{
		Name:  "conductance-lif/saturation",
		Kinds: []ops.Kind{ops.KindLIF, ops.KindInput},
		Ticks: ticks,
		Build: func() (*graph.Graph, error) {
			gr := newGraph()
			exc := gr.Add("exc", &ops.Input{N: 1, Value: []float32{gIn}})
			q := conductanceParams(1)
			q.Reversal.Exc = -55
			lif := gr.Add("lif", q, graph.In("exc", exc.Out("out")))
			observe(gr, lif.Out("spikes"))
			return validated(gr)
		},
		Check: func(prog backend.Program) error {
			v := make([]float32, 1)
			if err := errorsJoin(expectRead(prog, "count.count", []float32{0}), prog.Read("lif.v", v)); err != nil {
				return err
			}
			return near("lif.v[0]", v[0], want, 1e-3)
		},
	}
}

// conductanceOvershootCase: conductances so large that a driving force
// held over a tick would carry v far past the reversal potentials (an
// inhibitory conductance of 500 would move v by 500 GainI (-100 + 65),
// about -600 mV) land v on them instead: -100 mV for neuron 0 after tick
// 0, and 0 mV for neuron 1, whose threshold of +10 mV it never crosses. At
// tick 1 the driving force of the conductance is zero, so only the leak
// moves v: by (v_rest - E) (1 - e^(-dt/tau_m)).
func conductanceOvershootCase() Case {
	var v0 [2]float32
	build := func() *ops.LIF {
		p := conductanceParams(2)
		p.VThreshold = 10
		return p
	}
	return Case{
		Name:  "conductance-lif/overshoot",
		Kinds: []ops.Kind{ops.KindLIF, ops.KindInput},
		Ticks: 2,
		Build: func() (*graph.Graph, error) { return conductancePair(build(), true) },
		Feed: func(t uint64, prog backend.Program) error {
			if t > 0 {
				if err := prog.Read("lif.v", v0[:]); err != nil {
					return err
				}
				return errorsJoin(prog.Write("exc", []float32{0, 0}), prog.Write("inh", []float32{0, 0}))
			}
			return errorsJoin(prog.Write("exc", []float32{0, 500}), prog.Write("inh", []float32{500, 0}))
		},
		Check: func(prog backend.Program) error {
			v := make([]float32, 2)
			if err := errorsJoin(prog.Read("lif.v", v), expectRead(prog, "count.count", []float32{0, 0})); err != nil {
				return err
			}
			if v0 != [2]float32{-100, 0} {
				return fmt.Errorf("lif.v after tick 0 = %v, want [-100 0] (the reversal potentials)", v0)
			}
			leak := 1 - math.Exp(-dt.Seconds()/0.005)
			return errorsJoin(near("lif.v[0] at tick 1", v[0], -100+35*leak, 1e-4), near("lif.v[1] at tick 1", v[1], -65*leak, 1e-4))
		},
	}
}
