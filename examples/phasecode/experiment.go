package main

import (
	"fmt"
	"math"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/coding"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
	"github.com/spikeflow/spikeflow/rng"
)

// setup is what every code shares: the rhythm, which gives every item the
// same window (one gamma cycle) and every neuron Gamma items per theta
// cycle, and the values to send.
type setup struct {
	dt     time.Duration
	rhythm ops.Rhythm
	levels int   // the values are (q + 1/2)/levels, q uniform in [0, levels)
	q      []int // one level per item, item = neuron*Gamma + gamma cycle
	seed   uint64
}

func newSetup(items, levels int, seed uint64) (*setup, ops.RhythmRounding, error) {
	const dt = time.Millisecond
	r, rnd, err := ops.NewRhythm(8, 5, 0, dt)
	if err != nil {
		return nil, rnd, err
	}
	s := &setup{dt: dt, rhythm: r, levels: levels, seed: seed}
	n := (items + r.Gamma - 1) / r.Gamma // neurons, each sending Gamma items
	key, stream := rng.NewKey(seed), rng.Stream("phasecode/values")
	s.q = make([]int, n*r.Gamma)
	for i := range s.q {
		s.q[i] = int(uint64(key.Uint32(stream, 0, uint32(i))) * uint64(levels) >> 32)
	}
	return s, rnd, nil
}

func (s *setup) value(i int) float64 { return (float64(s.q[i]) + 0.5) / float64(s.levels) }

// code is one configuration of one code: how to build its encoder behind a
// multiplexer and how to decode what it sent. A population code sends
// each item through pop neurons, neuron m adding the dither offset
// dither(m) to the value and its decoder subtracting it (Gray & Neuhoff
// 1998: dithered quantizers average to a finer one).
type code struct {
	name, param string
	pop         int
	step        float64 // the quantizer step dithered over a population
	gain        float64 // the multiplexer's gain
	encoder     func(n int) ops.Op
	decode      func(rec ops.SpikeRecord, f coding.Frame) []float64
	bound       float64 // the promised max error; 0 for a statistical code
}

func (c code) dither(m int) float64 {
	if c.pop == 1 {
		return 0
	}
	return ((float64(m)+0.5)/float64(c.pop) - 0.5) * c.step
}

// rateCode: Poisson spikes at n/Tg per tick for the value 1, so an item's
// count has mean v n; decoded as count/n, capped at 1.
func rateCode(s *setup, n int) code {
	tg := s.rhythm.GammaTicks()
	return code{name: "rate", param: fmt.Sprintf("n=%d", n), pop: 1, gain: float64(n) / (float64(tg) * s.dt.Seconds()),
		encoder: func(k int) ops.Op { return &ops.Poisson{N: k, Rate: []float64{0}} },
		decode: func(rec ops.SpikeRecord, f coding.Frame) []float64 {
			return coding.DecodeRate(rec, f, float64(n))
		}}
}

// latencyCode: one spike per neuron per window of one gamma cycle, L = Tg levels.
func latencyCode(s *setup, pop int) code {
	tg := s.rhythm.GammaTicks()
	return code{name: "latency", param: fmt.Sprintf("L=%d", tg), pop: pop, step: 1 / float64(tg-1),
		encoder: func(k int) ops.Op { return &ops.Latency{N: k, Window: tg, Offset: s.rhythm.Offset % tg} },
		decode:  coding.DecodeLatency, bound: 1 / (2 * float64(tg-1))}
}

// phaseCode: one spike per neuron per gamma cycle, in one of P bins.
func phaseCode(s *setup, bins, pop int) code {
	return code{name: "phase", param: fmt.Sprintf("P=%d", bins), pop: pop, step: 1 / float64(bins-1),
		encoder: func(k int) ops.Op { return &ops.Phase{N: k, Rhythm: s.rhythm, Bins: bins} },
		decode: func(rec ops.SpikeRecord, f coding.Frame) []float64 {
			return coding.DecodePhase(rec, f, bins)
		}, bound: 1 / (2 * float64(bins-1))}
}

// weightedCode: K weighted phases per gamma cycle, a spike per set bit.
func weightedCode(s *setup, phases int) code {
	return code{name: "weighted-phase", param: fmt.Sprintf("K=%d", phases), pop: 1,
		encoder: func(k int) ops.Op { return &ops.WeightedPhase{N: k, Rhythm: s.rhythm, Phases: phases} },
		decode: func(rec ops.SpikeRecord, f coding.Frame) []float64 {
			return coding.DecodeWeightedPhase(rec, f, phases)
		}, bound: 1 / (2 * (math.Ldexp(1, phases) - 1))}
}

// Result is what one configuration of one code achieved.
type Result struct {
	Code           string  `json:"code"`
	Param          string  `json:"param"`
	NeuronsPerItem int     `json:"neurons_per_item"`
	SpikesPerItem  float64 `json:"spikes_per_item"`
	RMSE           float64 `json:"rmse"`
	MaxError       float64 `json:"max_error"`
	PromisedMax    float64 `json:"promised_max_error,omitempty"`
	Bits           float64 `json:"bits_per_item"`          // Miller-Madow estimate of I(value; decoded)
	PlugIn         float64 `json:"plug_in_bits_per_item"`  // before the correction
	ShuffledBits   float64 `json:"shuffled_bits_per_item"` // the same estimator on shuffled pairs: its residual bias
	BitsPerSpike   float64 `json:"bits_per_spike"`
}

// measure sends every value through c on b for one theta cycle, decodes
// them and scores the decoded values.
func (s *setup) measure(b backend.Backend, c code) (Result, error) {
	r := s.rhythm
	neurons := len(s.q) / r.Gamma
	n := neurons * c.pop // encoder neurons
	values := make([]float32, n*r.Gamma)
	for i := range neurons {
		for m := range c.pop {
			for k := range r.Gamma {
				values[(i*c.pop+m)*r.Gamma+k] = float32(s.value(i*r.Gamma+k) + c.dither(m))
			}
		}
	}
	g := graph.New(graph.Config{Dt: s.dt, Seed: s.seed})
	in := g.Add("values", &ops.Input{N: len(values), Value: values})
	mux := g.Add("mux", &ops.Multiplex{Rhythm: r, N: n, Gain: c.gain}, graph.In("items", in.Out("out")))
	port := "value"
	if c.name == "rate" {
		port = "rate"
	}
	enc := g.Add("encoder", c.encoder(n), graph.In(port, mux.Out("out")))
	g.Add("spikes", &ops.SpikeMonitor{}, graph.In("spikes", enc.Out("spikes")))
	prog, err := b.Compile(g)
	if err != nil {
		return Result{}, err
	}
	defer prog.Close()
	f := coding.ThetaFrame(r, n, 0, 1)
	if err := prog.Run(int(f.Start) + r.Theta); err != nil {
		return Result{}, err
	}
	rec, err := prog.Spikes("spikes")
	if err != nil {
		return Result{}, err
	}
	dec := c.decode(rec, f)
	spikes := 0
	for _, k := range coding.Counts(rec, f) {
		spikes += k
	}
	return s.score(c, dec, spikes), nil
}

// score averages each item's population, clamps to [0, 1] and compares
// with the values sent.
func (s *setup) score(c code, dec []float64, spikes int) Result {
	g := s.rhythm.Gamma
	items := len(s.q)
	x, y := make([]int, items), make([]int, items)
	var sq, worst float64
	for i := range s.q {
		neuron, k := i/g, i%g
		est := 0.0
		for m := range c.pop {
			est += dec[(neuron*c.pop+m)*g+k] - c.dither(m)
		}
		est = min(max(est/float64(c.pop), 0), 1)
		e := math.Abs(est - s.value(i))
		sq += e * e
		worst = max(worst, e)
		x[i], y[i] = s.q[i], int(math.Round(est*(1<<24))) // decoded values are discrete; name them
	}
	info := coding.MutualInformation(x, y)
	shuffled := coding.MutualInformation(shuffle(x, s.seed), y)
	perItem := float64(spikes) / float64(items)
	res := Result{Code: c.name, Param: c.param, NeuronsPerItem: c.pop, SpikesPerItem: perItem,
		RMSE: math.Sqrt(sq / float64(items)), MaxError: worst, PromisedMax: c.bound,
		Bits: info.Bits, PlugIn: info.PlugIn, ShuffledBits: shuffled.Bits}
	if c.pop > 1 {
		res.PromisedMax = 0 // dithering promises an average, not a bound
	}
	if perItem > 0 {
		res.BitsPerSpike = info.Bits / perItem
	}
	return res
}

// shuffle returns a permutation of x (Fisher-Yates on Philox words).
func shuffle(x []int, seed uint64) []int {
	out := append([]int(nil), x...)
	key, stream := rng.NewKey(seed), rng.Stream("phasecode/shuffle")
	for i := len(out) - 1; i > 0; i-- {
		j := int(uint64(key.Uint32(stream, 0, uint32(i))) * uint64(i+1) >> 32)
		out[i], out[j] = out[j], out[i]
	}
	return out
}
