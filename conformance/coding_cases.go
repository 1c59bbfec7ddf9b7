package conformance

import (
	"fmt"
	"math"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

// codeRhythm is the rhythm of the coding cases: theta cycles of 24 ticks
// with 3 gamma cycles of 8 ticks, at tick 5 of its theta cycle at tick 0,
// so gamma cycles start at ticks 3, 11, 19, ... and theta cycles at 19, 43.
var codeRhythm = ops.Rhythm{Theta: 24, Gamma: 3, Offset: 5}

// codeTicks spans two and a half theta cycles.
const codeTicks = 60

// codingCases returns the cases of the oscillator, the multiplexer, the
// encoders and weighted spikes through synapses.
func codingCases() []Case {
	var cs []Case
	for _, n := range Sizes {
		cs = append(cs, multiplexCase(n), latencyCase(n), phaseCase(n), weightedPhaseCase(n))
	}
	for _, r := range []ops.Rhythm{{Theta: 12, Gamma: 3, Offset: 2}, {Theta: 1, Gamma: 1}, {Theta: 7, Gamma: 7, Offset: 6},
		{Theta: 125, Gamma: 5}, {Theta: ops.MaxPeriod, Gamma: 5, Offset: ops.MaxPeriod - 1}} {
		cs = append(cs, oscillatorCase(r))
	}
	cs = append(cs, phaseNeuronCase())
	for _, d := range []int{1, 3} {
		cs = append(cs, weightedSynapseCase(d))
	}
	return cs
}

// encoderValues are the values fed to an encoder at tick t: random in
// [-0.25, 1.25] (the ends clamp) and changing every third tick, so within
// a cycle (the encoders sample at its start), with element 0 fixed at v0,
// whose spikes the hand-computed checks predict, and elements 1-4 at the
// edges 0, 1 and beyond.
func encoderValues(name string, t uint64, n int, v0 float32) []float32 {
	vs := uniform(name, t/3, n, -0.25, 1.25)
	for i, v := range []float32{v0, 0, 1, -3, 7} {
		if i < n {
			vs[i] = v
		}
	}
	return vs
}

// encoderCase runs an encoder fed by a host input and checks neuron 0's
// spike ticks against want.
func encoderCase(name string, n int, op ops.Op, v0 float32, want []uint64) Case {
	return Case{
		Name:  fmt.Sprintf("%s/N=%d", name, n),
		Kinds: []ops.Kind{op.Kind(), ops.KindInput, ops.KindSpikeCount, ops.KindSpikeMonitor},
		Ticks: codeTicks,
		Build: func() (*graph.Graph, error) {
			g := newGraph()
			in := g.Add("in", &ops.Input{N: n})
			enc := g.Add("enc", op, graph.In("value", in.Out("out")))
			observe(g, enc.Out("spikes"))
			return validated(g)
		},
		Feed: func(t uint64, p backend.Program) error {
			return p.Write("in", encoderValues(name, t, n, v0))
		},
		Check: func(p backend.Program) error {
			if n == 0 {
				return nil
			}
			return expectNeuronSpikes(p, "mon", 0, want)
		},
	}
}

// every lists first, first+period, ... below codeTicks.
func every(first, period uint64) []uint64 {
	var ts []uint64
	for t := first; t < codeTicks; t += period {
		ts = append(ts, t)
	}
	return ts
}

// latencyCase: windows of 9 ticks at offset 2 start at ticks 7, 16, ...;
// 0.25 fires round(0.75 * 8) = 6 ticks in, at 13, 22, 31, ...
func latencyCase(n int) Case {
	op := &ops.Latency{N: n, Window: 9, Offset: 2}
	return encoderCase("latency", n, op, 0.25, every(13, 9))
}

// phaseCase: 5 bins in gamma cycles of 8 ticks; 0.5 is bin round(0.5 * 4)
// = 2, which starts at tick floor(2 * 8 / 5) = 3 of each cycle: ticks 6,
// 14, 22, ... as cycles start at 3, 11, 19, ...
func phaseCase(n int) Case {
	op := &ops.Phase{N: n, Rhythm: codeRhythm, Bins: 5}
	return encoderCase("phase", n, op, 0.5, every(6, 8))
}

// weightedPhaseCase: 4 phases in gamma cycles of 8 ticks start at ticks 0,
// 2, 4, 6 of each cycle; 0.7 is the code round(0.7 * 15) = round(10.5) =
// 11 = 0b1011, which fires in phases 0, 2 and 3 with weights 1/2, 1/8 and
// 1/16: at ticks 3, 7, 9, then 11, 15, 17, ... The check also reads the
// weights from a trace of neuron 0.
func weightedPhaseCase(n int) Case {
	op := &ops.WeightedPhase{N: n, Rhythm: codeRhythm, Phases: 4}
	var want []uint64
	weights := map[uint64]float32{}
	for start := uint64(3); start < codeTicks; start += 8 {
		for k, at := range []uint64{0, 4, 6} {
			if start+at < codeTicks {
				want = append(want, start+at)
				weights[start+at] = []float32{0.5, 0.125, 0.0625}[k]
			}
		}
	}
	c := encoderCase("weighted-phase", n, op, 0.7, want)
	build := c.Build
	c.Kinds = append(c.Kinds, ops.KindStateMonitor)
	c.Build = func() (*graph.Graph, error) {
		g, err := build()
		if err != nil || n == 0 {
			return g, err
		}
		g.Add("weights", &ops.StateMonitor{Index: []int32{0}}, graph.In("x", g.Node("enc").Out("spikes")))
		return validated(g)
	}
	check := c.Check
	c.Check = func(p backend.Program) error {
		if err := check(p); err != nil || n == 0 {
			return err
		}
		tr, err := p.Trace("weights")
		if err != nil {
			return err
		}
		for k, t := range tr.Tick {
			if got := tr.At(k, 0); got != weights[t] {
				return fmt.Errorf("enc.spikes[0] at tick %d = %v, want %v", t, got, weights[t])
			}
		}
		return nil
	}
	return c
}

// multiplexCase: N neurons with 3 items each; neuron 0's items are 10, 20,
// 30 and the gain is 2, so its output is 20 in gamma cycle 0 (ticks 0-2,
// 19-26, ...), 40 in cycle 1 (ticks 3-10, ...) and 60 in cycle 2. A Poisson
// group reads the output as rates in Hz (the rate code, one item per gamma
// cycle).
func multiplexCase(n int) Case {
	const gain = 2
	items := uniform("items", 0, 3*n, 0, 3000)
	if n > 0 {
		copy(items, []float32{10, 20, 30})
	}
	return Case{
		Name:  fmt.Sprintf("multiplex/N=%d", n),
		Kinds: []ops.Kind{ops.KindMultiplex, ops.KindInput, ops.KindPoisson, ops.KindStateMonitor, ops.KindSpikeMonitor},
		Ticks: codeTicks,
		Build: func() (*graph.Graph, error) {
			g := newGraph()
			in := g.Add("items", &ops.Input{N: 3 * n, Value: items})
			mux := g.Add("mux", &ops.Multiplex{Rhythm: codeRhythm, N: n, Gain: gain}, graph.In("items", in.Out("out")))
			src := g.Add("src", &ops.Poisson{N: n, Rate: []float64{0}}, graph.In("rate", mux.Out("out")))
			observe(g, src.Out("spikes"))
			g.Add("trace", &ops.StateMonitor{Index: firstAndLast(n)}, graph.In("x", mux.Out("out")))
			return validated(g)
		},
		Check: func(p backend.Program) error {
			if n == 0 {
				return nil
			}
			tr, err := p.Trace("trace")
			if err != nil {
				return err
			}
			for k, t := range tr.Tick {
				want := float32(gain * 10 * (1 + int((t+5)%24/8)))
				if got := tr.At(k, 0); got != want {
					return fmt.Errorf("mux.out[0] at tick %d = %v, want %v", t, got, want)
				}
			}
			return nil
		},
	}
}

// oscillatorCase runs an oscillator for two theta cycles (at most 300
// ticks) and checks its outputs at tick 0 against the rhythm's phase there,
// computed by hand from its offset.
func oscillatorCase(r ops.Rhythm) Case {
	outs := []string{"theta", "cycle", "gamma", "sin", "cos"}
	return Case{
		Name:  fmt.Sprintf("oscillator/theta=%d,gamma=%d,offset=%d", r.Theta, r.Gamma, r.Offset),
		Kinds: []ops.Kind{ops.KindOscillator, ops.KindStateMonitor},
		Ticks: min(2*r.Theta, 300),
		Build: func() (*graph.Graph, error) {
			g := newGraph()
			osc := g.Add("osc", &ops.Oscillator{Rhythm: r})
			for _, o := range outs {
				g.Add("trace-"+o, &ops.StateMonitor{Index: []int32{0}}, graph.In("x", osc.Out(o)))
			}
			return validated(g)
		},
		Check: func(p backend.Program) error {
			k, tg := float64(r.Offset), float64(r.GammaTicks())
			phase := k / float64(r.Theta)
			want := []float32{float32(phase), float32(math.Floor(k / tg)), float32(math.Mod(k, tg) / tg),
				float32(math.Sin(2 * math.Pi * phase)), float32(math.Cos(2 * math.Pi * phase))}
			for o, name := range outs {
				tr, err := p.Trace("trace-" + name)
				if err != nil {
					return err
				}
				if got := tr.At(0, 0); got != want[o] {
					return fmt.Errorf("osc.%s at tick 0 = %v, want %v", name, got, want[o])
				}
			}
			return nil
		},
	}
}

// phaseNeuronCase phase-codes a LIF group's membrane potential, with the
// range reversed (Lo = -50, Hi = -60: the more depolarized, the earlier).
// Neuron 0 gets no input and sits at v_rest = -55, which maps to
// (-55 + 50) * float32(-1/10) = 0.5 and fires at tick 3 of each gamma
// cycle (bin 2 of 5), as in phaseCase; the others are driven by random
// currents and spike, reset and phase-code whatever v they hold.
func phaseNeuronCase() Case {
	const n = 40
	return Case{
		Name:  "phase/neuron",
		Kinds: []ops.Kind{ops.KindPhase, ops.KindLIF, ops.KindInput, ops.KindSpikeMonitor},
		Ticks: codeTicks,
		Build: func() (*graph.Graph, error) {
			g := newGraph()
			exc := g.Add("exc", &ops.Input{N: n})
			p := lifParams(n)
			p.VRest, p.V0 = -55, make([]float32, n)
			for i := range p.V0 {
				p.V0[i] = -55
			}
			lif := g.Add("lif", p, graph.In("exc", exc.Out("out")))
			enc := g.Add("enc", &ops.Phase{N: n, Rhythm: codeRhythm, Bins: 5, Range: ops.ValueRange{Lo: -50, Hi: -60}},
				graph.In("value", lif.Out("v")))
			observe(g, enc.Out("spikes"))
			return validated(g)
		},
		Feed: func(t uint64, p backend.Program) error {
			e := uniform("exc", t, n, 0, 3)
			e[0] = 0
			return p.Write("exc", e)
		},
		Check: func(p backend.Program) error { return expectNeuronSpikes(p, "mon", 0, every(6, 8)) },
	}
}

// weightedSynapseCase sends weighted spikes (WeightedPhase) through Dense,
// Sparse and shared-weight Sparse projections. The check recomputes every
// delivered value from a trace of the weighted spikes: the sum, over the
// presynaptic neurons in increasing order, of weight times spike value. A
// kernel that treated the spikes as 0/1 (counting them, as the Vulkan
// shared-weight fast path may only for 0/1 spikes) delivers count*w and
// fails.
func weightedSynapseCase(delay int) Case {
	const pre, post = 6, 4
	w := uniform("wsyn", 0, pre*post, -1, 2)
	// Neuron j connects to j%post and (j+1)%post.
	csr := func(shared bool) ops.CSR {
		m := ops.CSR{Pre: pre, Post: post, RowPtr: make([]int32, pre+1), Weight: []float32{1.5}}
		for j := range pre {
			m.Target = append(m.Target, int32(j%post), int32((j+1)%post))
			m.RowPtr[j+1] = int32(len(m.Target))
		}
		if !shared {
			m.Weight = w[:m.NNZ()]
		}
		return m
	}
	values := []float32{0.7, 0.1, 0.55, 1, 0.3, 0.9}
	all := []int32{0, 1, 2, 3, 4, 5}
	return Case{
		Name:  fmt.Sprintf("weighted-spikes/delay=%d", delay),
		Kinds: []ops.Kind{ops.KindWeightedPhase, ops.KindDense, ops.KindSparse, ops.KindStateMonitor},
		Ticks: codeTicks,
		Build: func() (*graph.Graph, error) {
			g := newGraph()
			in := g.Add("in", &ops.Input{N: pre, Value: values})
			enc := g.Add("enc", &ops.WeightedPhase{N: pre, Rhythm: codeRhythm, Phases: 4}, graph.In("value", in.Out("out")))
			s := enc.Out("spikes")
			g.Add("spikes", &ops.StateMonitor{Index: all}, graph.In("x", s))
			for _, syn := range []struct {
				name string
				op   ops.Op
			}{
				{"dense", &ops.Dense{Pre: pre, Post: post, W: w, Delay: delay}},
				{"sparse", &ops.Sparse{CSR: csr(false), Delay: delay}},
				{"shared", &ops.Sparse{CSR: csr(true), Delay: delay}},
			} {
				n := g.Add(syn.name, syn.op, graph.In("pre", s))
				g.Add("trace-"+syn.name, &ops.StateMonitor{Index: all[:post]}, graph.In("x", n.Out("post")))
			}
			return validated(g)
		},
		Check: func(p backend.Program) error {
			sp, err := p.Trace("spikes")
			if err != nil {
				return err
			}
			dense := func(j, i int) float32 { return w[j*post+i] }
			sparse := func(m ops.CSR) func(j, i int) float32 {
				return func(j, i int) float32 {
					var sum float32
					for k := m.RowPtr[j]; k < m.RowPtr[j+1]; k++ {
						if int(m.Target[k]) == i {
							sum += m.W(int(k)) // at most one synapse from j to i here
						}
					}
					return sum
				}
			}
			weighted := 0
			for name, weight := range map[string]func(j, i int) float32{"dense": dense, "sparse": sparse(csr(false)), "shared": sparse(csr(true))} {
				tr, err := p.Trace("trace-" + name)
				if err != nil {
					return err
				}
				for k, t := range tr.Tick {
					for i := range post {
						var want float32
						if int(t) >= delay {
							for j := range pre {
								if s := sp.At(int(t)-delay, j); s != 0 && weight(j, i) != 0 {
									want += float32(weight(j, i) * s)
									if s != 1 {
										weighted++
									}
								}
							}
						}
						if got := tr.At(k, i); got != want {
							return fmt.Errorf("%s.post[%d] at tick %d = %v, want %v from the weighted spikes", name, i, t, got, want)
						}
					}
				}
			}
			if weighted == 0 {
				return fmt.Errorf("no spike with a weight other than 1 was delivered")
			}
			return nil
		},
	}
}

// expectNeuronSpikes checks the ticks at which neuron i spiked.
func expectNeuronSpikes(p backend.Program, monitor string, i int32, want []uint64) error {
	rec, err := p.Spikes(monitor)
	if err != nil {
		return err
	}
	var got []uint64
	for k, j := range rec.Index {
		if j == i {
			got = append(got, rec.Tick[k])
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		return fmt.Errorf("%s: neuron %d spiked at ticks %v, want %v", monitor, i, got, want)
	}
	return nil
}
