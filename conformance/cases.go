package conformance

import (
	"fmt"
	"math"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
	"github.com/spikeflow/spikeflow/rng"
)

// Sizes every op is run at: empty, one, odd, around a power of two, and
// large (many CPU chunks).
var Sizes = []int{0, 1, 7, 255, 256, 257, 100_000}

const dt = 100 * time.Microsecond

// Cases returns every conformance case.
func Cases() []Case {
	var cs []Case
	for _, n := range Sizes {
		cs = append(cs, inputCase(n, false), inputCase(n, true), poissonCase(n), lifCase(n))
	}
	cs = append(cs, constantCase(), poissonRateInputCase(), lifFirstSpikeCase(), lifExactThresholdCase(), lifNegativeZeroCase())
	for _, r := range []int{0, 1, 2, 7} {
		cs = append(cs, lifRefractoryCase(r))
	}
	for _, rl := range [][2]int{{2, 5}, {0, 3}, {5, 2}} {
		cs = append(cs, lifLockoutCase(rl[0], rl[1]))
	}
	for _, d := range []int{1, 5, ops.MaxDelay} {
		cs = append(cs, denseCase(d), sparseCase(d, false), sparseCase(d, true))
	}
	cs = append(cs, codingCases()...)
	cs = append(cs, lcaCases()...)
	cs = append(cs, lcaStackCases()...)
	cs = append(cs, cubaCase(), feedForwardCase())
	cs = append(cs, stdpCases()...)
	cs = append(cs, adaptiveLIFCases()...)
	cs = append(cs, conductanceLIFCases()...)
	cs = append(cs, hebbianCases()...)
	cs = append(cs, wtaCases()...)
	cs = append(cs, clockCases()...)
	return cs
}

// uniform returns n values in [lo, hi) drawn for (name, tick).
func uniform(name string, tick uint64, n int, lo, hi float32) []float32 {
	key, s := rng.NewKey(7), rng.Stream(name)
	out := make([]float32, n)
	for i := range out {
		out[i] = lo + key.Float32(s, tick, uint32(i))*(hi-lo)
	}
	return out
}

// bits returns n spikes, each 1 with probability p.
func bits(name string, tick uint64, n int, p float32) []float32 {
	out := uniform(name, tick, n, 0, 1)
	for i, u := range out {
		out[i] = 0
		if u < p {
			out[i] = 1
		}
	}
	return out
}

func newGraph() *graph.Graph { return graph.New(graph.Config{Dt: dt, Seed: 11}) }

func validated(g *graph.Graph) (*graph.Graph, error) { return g, g.Validate() }

// observe counts ("count") and records ("mon") the spikes of v, so that
// every case compares both the counter's state and the raster.
func observe(g *graph.Graph, v graph.Value) {
	g.Add("count", &ops.SpikeCount{}, graph.In("spikes", v))
	g.Add("mon", &ops.SpikeMonitor{}, graph.In("spikes", v))
}

// inputCase feeds host values (analog or spikes) every other tick and
// counts the nonzero ones.
func inputCase(n int, spikes bool) Case {
	kind := "analog"
	if spikes {
		kind = "spikes"
	}
	var last []float32
	return Case{
		Name:  fmt.Sprintf("input/%s/N=%d", kind, n),
		Kinds: []ops.Kind{ops.KindInput, ops.KindSpikeCount, ops.KindSpikeMonitor},
		Ticks: 12,
		Build: func() (*graph.Graph, error) {
			g := newGraph()
			in := g.Add("in", &ops.Input{N: n, Spikes: spikes})
			observe(g, in.Out("out"))
			return validated(g)
		},
		Feed: func(t uint64, p backend.Program) error {
			if t%2 == 1 {
				return nil // held from the tick before
			}
			last = uniform("in", t, n, -1, 1)
			if spikes {
				last = bits("in", t, n, 0.3)
			}
			return p.Write("in", last)
		},
		Check: func(p backend.Program) error {
			return expectRead(p, "in.out", last)
		},
	}
}

// constantCase is an Input never written: its Value is a constant.
func constantCase() Case {
	value := []float32{0, 1, 0, 1, 1}
	return Case{
		Name:  "input/constant",
		Kinds: []ops.Kind{ops.KindInput, ops.KindSpikeCount},
		Ticks: 9,
		Build: func() (*graph.Graph, error) {
			g := newGraph()
			in := g.Add("in", &ops.Input{N: 5, Spikes: true, Value: value})
			observe(g, in.Out("out"))
			return validated(g)
		},
		Check: func(p backend.Program) error {
			return expectRead(p, "count.count", []float32{0, 9, 0, 9, 9})
		},
	}
}

// poissonCase: per-neuron rates from 0 to 1/dt (probability 1).
func poissonCase(n int) Case {
	const ticks = 40
	rates := make([]float64, n)
	for i := range rates {
		rates[i] = 1e4 * float64(i) / float64(max(n-1, 1))
	}
	return Case{
		Name:  fmt.Sprintf("poisson/N=%d", n),
		Kinds: []ops.Kind{ops.KindPoisson, ops.KindSpikeCount, ops.KindSpikeMonitor},
		Ticks: ticks,
		Build: func() (*graph.Graph, error) {
			g := newGraph()
			src := g.Add("src", &ops.Poisson{N: n, Rate: rates})
			observe(g, src.Out("spikes"))
			return validated(g)
		},
		// Rate 0 never fires; rate 1/dt fires on every tick.
		Check: func(p backend.Program) error {
			if n < 2 {
				return nil
			}
			counts := make([]float32, n)
			if err := p.Read("count.count", counts); err != nil {
				return err
			}
			if counts[0] != 0 || counts[n-1] != ticks {
				return fmt.Errorf("counts of the rate-0 and rate-1/dt neurons are %v and %v, want 0 and %d", counts[0], counts[n-1], ticks)
			}
			return nil
		},
	}
}

// poissonRateInputCase drives rates from a host input, including values
// that clamp (negative, above 1/dt).
func poissonRateInputCase() Case {
	const n = 300
	return Case{
		Name:  "poisson/rate-input",
		Kinds: []ops.Kind{ops.KindPoisson, ops.KindInput},
		Ticks: 30,
		Build: func() (*graph.Graph, error) {
			g := newGraph()
			rate := g.Add("rate", &ops.Input{N: n})
			src := g.Add("src", &ops.Poisson{N: n, Rate: []float64{0}}, graph.In("rate", rate.Out("out")))
			observe(g, src.Out("spikes"))
			return validated(g)
		},
		Feed: func(t uint64, p backend.Program) error {
			r := uniform("rate", t, n, -2000, 20000)
			r[0], r[1] = -5, 1e6 // clamp to probability 0 and 1
			return p.Write("rate", r)
		},
		Check: func(p backend.Program) error {
			c := make([]float32, n)
			if err := p.Read("count.count", c); err != nil {
				return err
			}
			if c[0] != 0 || c[1] != 30 {
				return fmt.Errorf("clamped neurons fired %v and %v times, want 0 and 30", c[0], c[1])
			}
			return nil
		},
	}
}

func lifParams(n int) *ops.LIF {
	return &ops.LIF{N: n, TauM: 20 * time.Millisecond, TauE: 5 * time.Millisecond, TauI: 10 * time.Millisecond,
		VRest: -49, VThreshold: -50, VReset: -60, Refractory: 2 * time.Millisecond}
}

// lifCase drives a group with random host currents into both inputs,
// except neuron 0, which gets none: from V_r it relaxes towards v_rest as
// v_rest + (V_r - v_rest) exp(-t dt/tau_m), the hand-computed check.
func lifCase(n int) Case {
	const ticks = 60
	p := lifParams(n)
	return Case{
		Name:  fmt.Sprintf("lif/N=%d", n),
		Kinds: []ops.Kind{ops.KindLIF, ops.KindInput, ops.KindStateMonitor, ops.KindSpikeMonitor},
		Ticks: ticks,
		Build: func() (*graph.Graph, error) {
			g := newGraph()
			exc := g.Add("exc", &ops.Input{N: n})
			inh := g.Add("inh", &ops.Input{N: n})
			p := lifParams(n)
			p.V0 = uniform("v0", 0, n, -60, -49)
			if n > 0 {
				p.V0[0] = float32(p.VReset)
			}
			lif := g.Add("lif", p, graph.In("exc", exc.Out("out")), graph.In("inh", inh.Out("out")))
			observe(g, lif.Out("spikes"))
			g.Add("v", &ops.StateMonitor{Index: firstAndLast(n), Every: 3}, graph.In("x", lif.Out("v")))
			return validated(g)
		},
		Feed: func(t uint64, p backend.Program) error {
			e, i := uniform("exc", t, n, 0, 1.5), uniform("inh", t, n, -1, 0)
			if n > 0 {
				e[0], i[0] = 0, 0
			}
			return errorsJoin(p.Write("exc", e), p.Write("inh", i))
		},
		Check: func(prog backend.Program) error {
			if n == 0 {
				return nil
			}
			v := make([]float32, n)
			if err := prog.Read("lif.v", v); err != nil {
				return err
			}
			want := p.VRest + (p.VReset-p.VRest)*math.Exp(-float64(ticks)*dt.Seconds()/p.TauM.Seconds())
			if math.Abs(float64(v[0])-want) > 1e-4 {
				return fmt.Errorf("lif.v[0] after %d ticks = %v, want %.6f", ticks, v[0], want)
			}
			return nil
		},
	}
}

func firstAndLast(n int) []int32 {
	if n == 0 {
		return nil
	}
	return []int32{0, int32(n - 1)}
}

// lifFirstSpikeCase: from v0 = V_r with v_rest above threshold, the
// membrane relaxes as v_rest - 11 exp(-k dt/tau_m) and crosses V_t after
// k = ceil(tau_m/dt ln 11) = ceil(479.58) = 480 ticks, so the first spike is
// at tick 479 (tick 0 is the first integration). With a refractory period
// of 50 ticks the neuron integrates again from tick 479+50 and spikes after
// 480 more integrations, at tick 1008.
func lifFirstSpikeCase() Case {
	k := int(math.Ceil(float64(20*time.Millisecond/dt) * math.Log(11)))
	first := uint64(k - 1)
	second := first + 50 + uint64(k) - 1
	return Case{
		Name:  "lif/first-spike",
		Kinds: []ops.Kind{ops.KindLIF, ops.KindSpikeMonitor},
		Ticks: int(second) + 20,
		Build: func() (*graph.Graph, error) {
			g := newGraph()
			p := lifParams(1)
			p.Refractory = 5 * time.Millisecond
			p.V0 = []float32{-60}
			lif := g.Add("lif", p)
			observe(g, lif.Out("spikes"))
			return validated(g)
		},
		Check: func(p backend.Program) error {
			return expectSpikes(p, "mon", []uint64{first, second}, []int32{0, 0})
		},
	}
}

// lifExactThresholdCase: v held exactly at V_t never spikes (the threshold
// test is strict).
func lifExactThresholdCase() Case {
	return Case{
		Name:  "lif/exact-threshold",
		Kinds: []ops.Kind{ops.KindLIF},
		Ticks: 50,
		Build: func() (*graph.Graph, error) {
			g := newGraph()
			p := lifParams(3)
			p.VRest, p.V0 = -50, []float32{-50, -50, -50}
			lif := g.Add("lif", p)
			observe(g, lif.Out("spikes"))
			return validated(g)
		},
		Check: func(p backend.Program) error {
			return errorsJoin(expectRead(p, "count.count", []float32{0, 0, 0}), expectRead(p, "lif.v", []float32{-50, -50, -50}))
		},
	}
}

// lifRefractoryCase: with tau_m = dt and v_rest = 0 a reset neuron crosses
// V_t = -50 on the first tick it integrates (0 - 60/e = -22), so it spikes
// every max(R, 1) ticks for a refractory period of R ticks.
func lifRefractoryCase(r int) Case {
	const ticks = 42
	period := max(r, 1)
	var want []uint64
	for t := 0; t < ticks; t += period {
		want = append(want, uint64(t))
	}
	return Case{
		Name:  fmt.Sprintf("lif/refractory=%d", r),
		Kinds: []ops.Kind{ops.KindLIF, ops.KindSpikeMonitor},
		Ticks: ticks,
		Build: func() (*graph.Graph, error) {
			g := newGraph()
			p := lifParams(1)
			p.TauM, p.VRest, p.V0, p.Refractory = dt, 0, []float32{-60}, time.Duration(r)*dt
			lif := g.Add("lif", p)
			observe(g, lif.Out("spikes"))
			return validated(g)
		},
		Check: func(p backend.Program) error {
			return expectSpikes(p, "mon", want, make([]int32, len(want)))
		},
	}
}

// lifLockoutCase: the neuron of lifRefractoryCase with a refractory period
// of R ticks and a lockout of L: it spikes every max(R, L, 1) ticks, and
// after each spike v is held at V_r for R ticks, then integrates (rising
// from -60 mV to above V_t at once) while the lockout keeps it from
// spiking. With R = 2 and L = 5 the run ends two ticks after the last
// spike's hold: v is V_r integrated twice.
func lifLockoutCase(r, l int) Case {
	const ticks = 44
	period := max(r, l, 1)
	var want []uint64
	for t := 0; t < ticks; t += period {
		want = append(want, uint64(t))
	}
	params := func() *ops.LIF {
		p := lifParams(1)
		p.TauM, p.VRest, p.V0 = dt, 0, []float32{-60}
		p.Refractory, p.Lockout = time.Duration(r)*dt, time.Duration(l)*dt
		return p
	}
	return Case{
		Name:  fmt.Sprintf("lif/refractory=%d/lockout=%d", r, l),
		Kinds: []ops.Kind{ops.KindLIF, ops.KindSpikeMonitor},
		Ticks: ticks,
		Build: func() (*graph.Graph, error) {
			g := newGraph()
			lif := g.Add("lif", params())
			observe(g, lif.Out("spikes"))
			return validated(g)
		},
		Check: func(p backend.Program) error {
			err := expectSpikes(p, "mon", want, make([]int32, len(want)))
			if r == 2 && l == 5 {
				f := params().Factors(dt)
				v := f.Integrate(f.Integrate(f.Reset, 0, 0), 0, 0)
				err = errorsJoin(err, expectRead(p, "lif.v", []float32{v}))
			}
			return err
		},
	}
}

// lifNegativeZeroCase: a negative denormal current decays to -0 on the next
// tick, and adding the next tick's zero input makes it +0. Backends that
// skip adding zero inputs keep -0 and differ in the sign bit.
func lifNegativeZeroCase() Case {
	return Case{
		Name:  "lif/negative-zero",
		Kinds: []ops.Kind{ops.KindLIF, ops.KindInput},
		Ticks: 6,
		Build: func() (*graph.Graph, error) {
			g := newGraph()
			in := g.Add("in", &ops.Input{N: 2})
			p := lifParams(2)
			p.TauE, p.TauI = dt, dt // decay by 1/e: the smallest denormal rounds to zero
			g.Add("lif", p, graph.In("exc", in.Out("out")), graph.In("inh", in.Out("out")))
			return validated(g)
		},
		Feed: func(t uint64, p backend.Program) error {
			if t == 0 {
				return p.Write("in", []float32{-math.SmallestNonzeroFloat32, math.SmallestNonzeroFloat32})
			}
			return p.Write("in", []float32{0, 0})
		},
		Check: func(p backend.Program) error {
			ge := make([]float32, 2)
			if err := p.Read("lif.ge", ge); err != nil {
				return err
			}
			if math.Signbit(float64(ge[0])) || ge[0] != 0 || ge[1] != 0 {
				return fmt.Errorf("lif.ge = %v (sign bit %v), want +0", ge, math.Signbit(float64(ge[0])))
			}
			return nil
		},
	}
}
