// Package cuba builds the CUBA benchmark network of Brette et al. (2007),
// after Vogels & Abbott (2005): N leaky integrate-and-fire neurons, 80%
// excitatory and 20% inhibitory, with exponential current-based synapses,
// randomly connected. Its parameters are those of Brian2's CUBA example:
// tau_m 20 ms, tau_e 5 ms, tau_i 10 ms, V_t -50 mV, V_r -60 mV, E_l -49 mV,
// refractory 5 ms, w_e = 60*0.27/10 mV, w_i = -20*4.5/10 mV, v0 uniform in
// [V_r, V_t], dt 0.1 ms, one tick of synaptic delay (Brian2's default: an
// effect on the step after the spike). With N = 4000 the connection
// probability is 0.02; for other N it is 80/N, so every neuron keeps about
// 80 inputs and the dynamics stay comparable as the network is scaled.
package cuba

import (
	"fmt"
	"time"

	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/layers"
	"github.com/spikeflow/spikeflow/ops"
	"github.com/spikeflow/spikeflow/rng"
)

// Config selects a CUBA network.
type Config struct {
	N    int           // neurons; 4000 in the benchmark
	P    float64       // connection probability; 0 means 80/N
	Seed uint64        // connectivity, initial potentials
	Dt   time.Duration // 0 means 0.1 ms
	// Monitor adds a SpikeMonitor "monitor" on all neurons.
	Monitor bool
	// Progress, if set, is called by Run every ProgressTicks ticks and at
	// the end with the ticks done and the ticks to do.
	Progress func(done, total int)
}

// ProgressTicks is how often Run reports progress.
const ProgressTicks = 1000

// Defaults fills unset fields.
func (c Config) Defaults() Config {
	if c.N == 0 {
		c.N = 4000
	}
	if c.P == 0 && c.N > 0 {
		c.P = min(1, 80/float64(c.N))
	}
	if c.Dt == 0 {
		c.Dt = 100 * time.Microsecond
	}
	return c
}

// Parameters of the benchmark, in millivolts.
const (
	VThreshold = -50.0
	VReset     = -60.0
	VRest      = -49.0
	WExc       = 60 * 0.27 / 10
	WInh       = -20 * 4.5 / 10
)

// Network is a built CUBA graph with what a caller needs to run and report
// on it.
type Network struct {
	Graph    *graph.Graph
	Config   Config
	Synapses int
	Bytes    int // connectivity memory, row pointers included
	// OutDegree[j] is the number of synapses of neuron j: the synaptic
	// events one of its spikes causes.
	OutDegree []int32
}

// Node names in the graph.
const (
	Neurons = "neurons"
	Exc     = "exc"
	Inh     = "inh"
	Counter = "count"
	Monitor = "monitor"
)

// Build constructs the network.
func Build(cfg Config) (*Network, error) {
	cfg = cfg.Defaults()
	if cfg.N < 0 {
		return nil, fmt.Errorf("cuba: %w: N = %d, must be >= 0", ops.ErrParam, cfg.N)
	}
	nExc := cfg.N * 4 / 5
	ce, err := layers.FixedProbability{Pre: cfg.N, Post: cfg.N, From: 0, To: nExc, P: cfg.P,
		Weight: WExc, Seed: cfg.Seed, Name: "cuba/exc"}.Build()
	if err != nil {
		return nil, err
	}
	ci, err := layers.FixedProbability{Pre: cfg.N, Post: cfg.N, From: nExc, To: cfg.N, P: cfg.P,
		Weight: WInh, Seed: cfg.Seed, Name: "cuba/inh"}.Build()
	if err != nil {
		return nil, err
	}
	key, stream := rng.NewKey(cfg.Seed), rng.Stream("cuba/v0")
	v0 := make([]float32, cfg.N)
	for i := range v0 {
		v0[i] = float32(VReset + float64(key.Float32(stream, 0, uint32(i)))*(VThreshold-VReset))
	}

	g := graph.New(graph.Config{Dt: cfg.Dt, Seed: cfg.Seed})
	neurons := g.Add(Neurons, &ops.LIF{
		N: cfg.N, TauM: 20 * time.Millisecond, TauE: 5 * time.Millisecond, TauI: 10 * time.Millisecond,
		VRest: VRest, VThreshold: VThreshold, VReset: VReset, Refractory: 5 * time.Millisecond, V0: v0,
	})
	spikes := neurons.Out("spikes")
	exc := g.Add(Exc, &ops.Sparse{CSR: ce, Delay: 1}, graph.In("pre", spikes))
	inh := g.Add(Inh, &ops.Sparse{CSR: ci, Delay: 1}, graph.In("pre", spikes))
	g.Connect(exc.Out("post"), neurons.In("exc"))
	g.Connect(inh.Out("post"), neurons.In("inh"))
	g.Add(Counter, &ops.SpikeCount{}, graph.In("spikes", spikes))
	if cfg.Monitor {
		g.Add(Monitor, &ops.SpikeMonitor{}, graph.In("spikes", spikes))
	}
	if err := g.Validate(); err != nil {
		return nil, err
	}
	out := make([]int32, cfg.N)
	for j := range out {
		out[j] = ce.RowPtr[j+1] - ce.RowPtr[j] + ci.RowPtr[j+1] - ci.RowPtr[j]
	}
	return &Network{Graph: g, Config: cfg, Synapses: ce.NNZ() + ci.NNZ(), Bytes: ce.Bytes() + ci.Bytes(), OutDegree: out}, nil
}
