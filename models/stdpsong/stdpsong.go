// Package stdpsong is the network of Song, Miller & Abbott (2000), Fig. 2,
// as Brian2's example of that paper builds it: N Poisson inputs at a
// common rate drive one leaky integrate-and-fire neuron through synapses
// that learn by additive STDP with hard bounds [0, gmax] and slightly
// stronger depression than potentiation. The synapses compete: after tens
// of seconds the weights split into two groups, near 0 and near gmax (a
// bimodal, U-shaped distribution), and the neuron's rate settles.
//
// Brian2's neuron is conductance-based, tau_m dv/dt = g_e (E_e - v) +
// E_l - v with E_e = 0 mV; spikeflow's LIF is current-based, so g_e (E_e -
// v) becomes a current g_e' = g_e x 57 mV (E_e minus the potential between
// reset and threshold, where the neuron spends its time): gmax' = 0.01 x
// 57 mV. The other parameters are Brian2's: tau_m 10 ms, E_l -74 mV, V_t
// -54 mV, V_r -60 mV, tau_e 5 ms, no refractory period, tau+ = tau- = 20
// ms, A+ = 0.01 gmax, A- = 1.05 A+, initial weights uniform in [0, gmax],
// dt 0.1 ms.
package stdpsong

import (
	"fmt"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/learn"
	"github.com/spikeflow/spikeflow/ops"
	"github.com/spikeflow/spikeflow/rng"
)

// Config selects a run.
type Config struct {
	N        int           // inputs; 0 means 1000
	Rate     float64       // Hz; 0 means 15
	GMax     float64       // mV; 0 means 0.57 (see the package documentation)
	Duration time.Duration // simulated time; 0 means 100 s
	Dt       time.Duration // 0 means 0.1 ms
	Seed     uint64        // initial weights and every random number
	// Speedup multiplies A+ and A- (1 if 0), for tests that need the
	// weights to separate in less simulated time.
	Speedup float64
	// Progress, if set, is called every ProgressTicks ticks and at the end.
	Progress func(done, total int)
}

// ProgressTicks is how often Run reports progress.
const ProgressTicks = 10_000

// Defaults fills unset fields.
func (c Config) Defaults() Config {
	if c.N == 0 {
		c.N = 1000
	}
	if c.Rate == 0 {
		c.Rate = 15
	}
	if c.GMax == 0 {
		c.GMax = 0.01 * 57
	}
	if c.Duration == 0 {
		c.Duration = 100 * time.Second
	}
	if c.Dt == 0 {
		c.Dt = 100 * time.Microsecond
	}
	if c.Speedup == 0 {
		c.Speedup = 1
	}
	return c
}

// Node names in the graph.
const (
	Inputs  = "inputs"
	Synapse = "synapses"
	Neuron  = "neuron"
	Counter = "count"
)

// Rule is the plasticity rule of the configuration.
func (c Config) Rule() ops.STDPRule {
	r := learn.SongMillerAbbott(c.GMax)
	r.APlus *= c.Speedup
	r.AMinus *= c.Speedup
	return r
}

// Build returns the network's graph.
func Build(c Config) (*graph.Graph, error) {
	c = c.Defaults()
	key, stream := rng.NewKey(c.Seed), rng.Stream("stdpsong-w0")
	w0 := make([]float32, c.N)
	for j := range w0 {
		w0[j] = key.Float32(stream, 0, uint32(j)) * float32(c.GMax)
	}
	g := graph.New(graph.Config{Dt: c.Dt, Seed: c.Seed})
	in := g.Add(Inputs, &ops.Poisson{N: c.N, Rate: []float64{c.Rate}})
	syn := g.Add(Synapse, &ops.STDPDense{Pre: c.N, Post: 1, W: w0, Delay: 1, Rule: c.Rule()}, graph.In("pre", in.Out("spikes")))
	lif := g.Add(Neuron, &ops.LIF{N: 1, TauM: 10 * time.Millisecond, TauE: 5 * time.Millisecond, TauI: 10 * time.Millisecond,
		VRest: -74, VThreshold: -54, VReset: -60}, graph.In("exc", syn.Out("post")))
	g.Connect(lif.Out("spikes"), syn.In("post_spikes"))
	g.Add(Counter, &ops.SpikeCount{}, graph.In("spikes", lif.Out("spikes")))
	return g, g.Validate()
}

// Result is the outcome of a run, in the fields the example's -json prints.
type Result struct {
	Backend   string  `json:"backend"`
	N         int     `json:"n"`
	RateHz    float64 `json:"input_rate_hz"`
	DurationS float64 `json:"duration_s"`
	Ticks     int     `json:"ticks"`
	Seed      uint64  `json:"seed"`
	// Fractions of the weights below 0.1 gmax and above 0.9 gmax.
	Low  float64 `json:"fraction_below_0.1_gmax"`
	High float64 `json:"fraction_above_0.9_gmax"`
	// Histogram counts the weights in 10 bins of width gmax/10 (gmax
	// itself in the last).
	Histogram    []int     `json:"histogram"`
	OutputRateHz float64   `json:"output_rate_hz"`
	WallS        float64   `json:"wall_s"` // the simulation loop
	Weights      []float32 `json:"-"`      // final weights / gmax
}

// Bimodal reports whether the two largest bins are the end bins: the
// U shape of Song et al.'s Fig. 2.
func (r Result) Bimodal() bool {
	h := r.Histogram
	if len(h) < 3 {
		return false
	}
	for _, c := range h[1 : len(h)-1] {
		if c >= h[0] || c >= h[len(h)-1] {
			return false
		}
	}
	return true
}

// Run builds the network, compiles it on b and simulates it.
func Run(b backend.Backend, c Config) (Result, error) {
	c = c.Defaults()
	g, err := Build(c)
	if err != nil {
		return Result{}, err
	}
	p, err := b.Compile(g)
	if err != nil {
		return Result{}, err
	}
	defer p.Close()
	ticks := int(c.Duration / c.Dt)
	start := time.Now()
	for done := 0; done < ticks; {
		n := min(ProgressTicks, ticks-done)
		if err := p.Run(n); err != nil {
			return Result{}, err
		}
		done += n
		if c.Progress != nil {
			c.Progress(done, ticks)
		}
	}
	res := Result{Backend: b.Name(), N: c.N, RateHz: c.Rate, DurationS: float64(ticks) * c.Dt.Seconds(), Ticks: ticks,
		Seed: c.Seed, WallS: time.Since(start).Seconds(), Histogram: make([]int, 10), Weights: make([]float32, c.N)}
	count := make([]float32, 1)
	if err := p.Read(Counter+".count", count); err != nil {
		return Result{}, err
	}
	if res.DurationS > 0 {
		res.OutputRateHz = float64(count[0]) / res.DurationS
	}
	if err := p.Read(Synapse+".w", res.Weights); err != nil {
		return Result{}, fmt.Errorf("stdpsong: %w", err)
	}
	for j, w := range res.Weights {
		x := float64(w) / c.GMax
		res.Weights[j] = float32(x)
		res.Histogram[min(int(x*10), 9)]++
		if x < 0.1 {
			res.Low++
		}
		if x > 0.9 {
			res.High++
		}
	}
	res.Low /= float64(c.N)
	res.High /= float64(c.N)
	return res, nil
}
