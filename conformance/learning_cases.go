package conformance

import (
	"fmt"
	"math"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

func adaptiveParams(n int) *ops.AdaptiveLIF {
	return &ops.AdaptiveLIF{LIF: *lifParams(n), ThetaPlus: 2, TauTheta: 5 * time.Millisecond}
}

// adaptiveLIFCase is lifCase with an adaptive threshold, whose adaptation
// is switched off for 15 of the 60 ticks. Neuron 0 gets no input and does
// not spike in 60 ticks (see lifFirstSpikeCase), so its theta, from 5,
// decays by exp(-dt/tau_theta) on each of the 45 ticks that adapt.
func adaptiveLIFCase(n int) Case {
	const ticks, offFrom, offTo = 60, 30, 45
	return Case{
		Name:  fmt.Sprintf("adaptive-lif/N=%d", n),
		Kinds: []ops.Kind{ops.KindAdaptiveLIF, ops.KindInput, ops.KindSpikeMonitor},
		Ticks: ticks,
		Build: func() (*graph.Graph, error) {
			g := newGraph()
			exc := g.Add("exc", &ops.Input{N: n})
			inh := g.Add("inh", &ops.Input{N: n})
			learn := g.Add("learn", &ops.Input{N: 1, Value: []float32{1}})
			p := adaptiveParams(n)
			p.V0 = uniform("v0", 0, n, -60, -49)
			p.Theta0 = uniform("theta0", 0, n, 0, 6)
			if n > 0 {
				p.V0[0], p.Theta0[0] = float32(p.VReset), 5
			}
			lif := g.Add("lif", p, graph.In("exc", exc.Out("out")), graph.In("inh", inh.Out("out")), graph.In("learn", learn.Out("out")))
			observe(g, lif.Out("spikes"))
			return validated(g)
		},
		Feed: func(t uint64, p backend.Program) error {
			e, i := uniform("exc", t, n, 0, 2.5), uniform("inh", t, n, -1, 0)
			if n > 0 {
				e[0], i[0] = 0, 0
			}
			errs := []error{p.Write("exc", e), p.Write("inh", i)}
			if t == offFrom || t == offTo {
				errs = append(errs, p.Write("learn", []float32{boolFloat(t == offTo)}))
			}
			return errorsJoin(errs...)
		},
		Check: func(p backend.Program) error {
			if n == 0 {
				return nil
			}
			theta := make([]float32, n)
			if err := p.Read("lif.theta", theta); err != nil {
				return err
			}
			adapting := ticks - (offTo - offFrom)
			return near("lif.theta[0]", theta[0], 5*math.Exp(-float64(adapting)*dt.Seconds()/0.005), 5*float64(adapting)*1.2e-7)
		},
	}
}

// adaptiveClimbCase: with tau_m = dt and v_rest = 0, a neuron reset to -60
// reaches -60/e = -22.07 in one tick, and -8.12 in two. With theta rising
// by 10 per spike and not decaying (TauTheta = 10^6 s rounds the factor to
// 1), the threshold -50 + theta is crossed at ticks 0, 1, 2 (theta 0, 10,
// 20); at theta = 30 a reset neuron needs two ticks (ticks 3-4), at 40
// again two (5-6), and at 50 the threshold is 0, which v approaches from
// below and never exceeds: spikes at 0, 1, 2, 4, 6 and theta = 50. With
// adaptation off, theta stays 0 and the neuron spikes on every tick.
func adaptiveClimbCase(learning bool) Case {
	const ticks = 30
	want := []uint64{0, 1, 2, 4, 6}
	theta := float32(50)
	name := "climb"
	if !learning {
		want, theta, name = nil, 0, "frozen"
		for t := range uint64(ticks) {
			want = append(want, t)
		}
	}
	return Case{
		Name:  "adaptive-lif/" + name,
		Kinds: []ops.Kind{ops.KindAdaptiveLIF, ops.KindSpikeMonitor, ops.KindInput},
		Ticks: ticks,
		Build: func() (*graph.Graph, error) {
			g := newGraph()
			p := &ops.AdaptiveLIF{LIF: *lifParams(1), ThetaPlus: 10, TauTheta: 1e6 * time.Second}
			p.TauM, p.VRest, p.V0, p.Refractory = dt, 0, []float32{-60}, 0
			learn := g.Add("learn", &ops.Input{N: 1, Value: []float32{boolFloat(learning)}})
			lif := g.Add("lif", p, graph.In("learn", learn.Out("out")))
			observe(g, lif.Out("spikes"))
			return validated(g)
		},
		Check: func(p backend.Program) error {
			return errorsJoin(expectSpikes(p, "mon", want, make([]int32, len(want))), expectRead(p, "lif.theta", []float32{theta}))
		},
	}
}

func adaptiveLIFCases() []Case {
	var cs []Case
	for _, n := range Sizes {
		cs = append(cs, adaptiveLIFCase(n))
	}
	return append(cs, adaptiveClimbCase(true), adaptiveClimbCase(false))
}

// hebbianCase feeds random inputs in [-1, 1] to a Hebbian layer of n
// inputs and n/3+1 outputs (none for n = 0) and turns learning off on the
// last tick, whose output must then be the float64 product of the final
// weights and that tick's input.
func hebbianCase(n int, rule ops.HebbianRule, externalY bool) Case {
	const ticks = 30
	post := 0
	if n > 0 {
		post = n/3 + 1
	}
	name := fmt.Sprintf("hebbian/%v/N=%d", rule, n)
	if externalY {
		name = fmt.Sprintf("hebbian/%v-external-y/N=%d", rule, n)
	}
	x := func(t uint64) []float32 { return uniform("hebb-x", t, n, -1, 1) }
	return Case{
		Name:  name,
		Kinds: []ops.Kind{ops.KindHebbian, ops.KindInput},
		Ticks: ticks,
		Build: func() (*graph.Graph, error) {
			g := newGraph()
			in := g.Add("x", &ops.Input{N: n})
			learn := g.Add("learn", &ops.Input{N: 1, Value: []float32{1}})
			opts := []graph.Option{graph.In("x", in.Out("out")), graph.In("learn", learn.Out("out"))}
			if externalY {
				opts = append(opts, graph.In("y", g.Add("y", &ops.Input{N: post}).Out("out")))
			}
			g.Add("layer", &ops.Hebbian{Pre: n, Post: post, W: uniform("hebb-w", 0, n*post, -0.3, 0.3), Rule: rule, Eta: 0.05}, opts...)
			return validated(g)
		},
		Feed: func(t uint64, p backend.Program) error {
			errs := []error{p.Write("x", x(t))}
			if externalY {
				errs = append(errs, p.Write("y", uniform("hebb-y", t, post, 0, 1)))
			}
			if t == ticks-1 {
				errs = append(errs, p.Write("learn", []float32{0}))
			}
			return errorsJoin(errs...)
		},
		Check: func(p backend.Program) error {
			w := make([]float32, n*post)
			out := make([]float32, post)
			if err := errorsJoin(p.Read("layer.w", w), p.Read("layer.out", out)); err != nil {
				return err
			}
			last := x(ticks - 1)
			for i := range post {
				var want float64
				for j := range n {
					want += float64(w[j*post+i]) * float64(last[j])
				}
				if err := near(fmt.Sprintf("layer.out[%d]", i), out[i], want, 1e-5*math.Max(1, math.Abs(want))); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

// ojaCase: a linear neuron under Oja's rule finds the principal component
// of its input. Inputs x = (a + b/3, a - b/3) with a, b uniform in [-1, 1]
// have the correlation matrix (1/3)[[1+1/9, 1-1/9], [1-1/9, 1+1/9]], whose
// principal eigenvector is (1, 1)/sqrt(2), eigenvalue 2/3, the other one
// 2/27: after 4000 ticks at eta = 0.02 the weight vector must be within
// 0.05 of +-(0.7071, 0.7071).
func ojaCase() Case {
	const ticks = 4000
	return Case{
		Name:  "hebbian/oja-principal-component",
		Kinds: []ops.Kind{ops.KindHebbian, ops.KindInput},
		Ticks: ticks,
		Build: func() (*graph.Graph, error) {
			g := newGraph()
			in := g.Add("x", &ops.Input{N: 2})
			g.Add("layer", &ops.Hebbian{Pre: 2, Post: 1, W: []float32{0.3, -0.1}, Rule: ops.Oja, Eta: 0.02}, graph.In("x", in.Out("out")))
			return validated(g)
		},
		Feed: func(t uint64, p backend.Program) error {
			u := uniform("oja", t, 2, -1, 1)
			return p.Write("x", []float32{u[0] + u[1]/3, u[0] - u[1]/3})
		},
		Check: func(p backend.Program) error {
			w := make([]float32, 2)
			if err := p.Read("layer.w", w); err != nil {
				return err
			}
			s := math.Copysign(1, float64(w[0]))
			if math.Abs(s*float64(w[0])-math.Sqrt2/2) > 0.05 || math.Abs(s*float64(w[1])-math.Sqrt2/2) > 0.05 {
				return fmt.Errorf("layer.w = %v, want +-(0.7071, 0.7071) within 0.05", w)
			}
			return nil
		},
	}
}

func hebbianCases() []Case {
	var cs []Case
	for _, n := range []int{0, 1, 7, 255, 256, 257, 784} {
		cs = append(cs, hebbianCase(n, ops.Oja, false))
	}
	return append(cs, hebbianCase(7, ops.Hebb, false), hebbianCase(7, ops.Hebb, true), hebbianCase(7, ops.Oja, true), ojaCase())
}
