package diehlcook

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/learn"
	"github.com/spikeflow/spikeflow/ops"
	"github.com/spikeflow/spikeflow/rng"
)

// Inputs is the number of input neurons, one per MNIST pixel.
const Inputs = 784

// The conductances of Diehl & Cook's code, in units of the leak
// conductance: an inhibitory neuron's from its excitatory partner, and an
// excitatory neuron's from each other inhibitory neuron.
const (
	excToInh = 10.4
	// DefaultInhibition is the inhibitory conductance of Config.Inhibition.
	DefaultInhibition = 17
	// ThetaOffset is where the excitatory neurons' theta starts, in mV,
	// above a threshold that much below -52 mV: Diehl & Cook's code
	// initializes theta to 20 mV and tests v > theta - 20 mV + v_thresh,
	// and theta, offset included, decays towards 0 with tau_theta. So the
	// threshold of a neuron that does not fire sinks, by up to 20 mV
	// (e^-1 of the way in 10^4 s, about a third of an epoch), until it
	// does: the homeostasis that recruits neurons no digit has won yet.
	ThetaOffset = 20
	// DefaultLockout is Config.Lockout's default: the threshold condition
	// of Diehl & Cook's code, "timer > 5 ms" on a timer that runs at a
	// tenth of real time from each spike.
	DefaultLockout = 50 * time.Millisecond
)

// Config selects a network and its training schedule. The zero value of
// every field but Neurons means the paper's value.
type Config struct {
	Neurons int    // excitatory neurons (and as many inhibitory ones): 100, 400, 1600, 6400
	Seed    uint64 // initial weights, input spikes and the order of the training digits

	Dt      time.Duration // 0: 0.5 ms
	Show    time.Duration // presentation of a digit; 0: 350 ms
	Rest    time.Duration // silence after each presentation; 0: 150 ms
	MaxRate float64       // Hz at full intensity; 0: 63.75 (pixel / 4)
	// RateStep is added to MaxRate each time a digit is shown again for
	// eliciting fewer than MinSpikes spikes; 0: 31.875 Hz (pixel / 8).
	RateStep  float64
	MinSpikes int // 0: 5
	// MaxRetries bounds the presentations of one digit beyond the first
	// (the paper has no bound; a blank image would loop forever); 0: 10.
	MaxRetries int

	// Refractory is the excitatory neurons' refractory period; 0: 5 ms.
	Refractory time.Duration
	// Lockout is how long after a spike an excitatory neuron may not spike
	// again, though it integrates after Refractory (ops.LIF.Lockout); 0:
	// DefaultLockout. Set it to Refractory for none.
	Lockout time.Duration
	// Inhibition is the conductance by which each inhibitory neuron
	// inhibits every excitatory neuron but its partner; 0:
	// DefaultInhibition.
	Inhibition float64

	// CheckpointEvery is how many training digits run on one compiled
	// program before the learned state is read back (and, in Train, saved);
	// see Trainer. 0: 1000.
	CheckpointEvery int
}

// Defaults fills unset fields with the paper's values.
func (c Config) Defaults() Config {
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	def(&c.Dt, 500*time.Microsecond)
	def(&c.Show, 350*time.Millisecond)
	def(&c.Rest, 150*time.Millisecond)
	if c.MaxRate == 0 {
		c.MaxRate = 63.75
	}
	if c.RateStep == 0 {
		c.RateStep = 31.875
	}
	if c.MinSpikes == 0 {
		c.MinSpikes = 5
	}
	if c.MaxRetries == 0 {
		c.MaxRetries = 10
	}
	def(&c.Refractory, 5*time.Millisecond)
	def(&c.Lockout, DefaultLockout)
	if c.Inhibition == 0 {
		c.Inhibition = DefaultInhibition
	}
	if c.CheckpointEvery == 0 {
		c.CheckpointEvery = 1000
	}
	return c
}

// ErrConfig marks an invalid Config.
var ErrConfig = errors.New("diehlcook: invalid config")

// Validate reports every invalid field of a defaulted Config.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, a ...any) {
		errs = append(errs, fmt.Errorf("%w: "+format, append([]any{ErrConfig}, a...)...))
	}
	if c.Neurons < 1 || c.Neurons > 1<<16 {
		bad("Neurons = %d, want 1 to 65536 (the paper uses 100, 400, 1600, 6400)", c.Neurons)
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"Dt", c.Dt}, {"Show", c.Show}, {"Rest", c.Rest}} {
		if d.v <= 0 {
			bad("%s = %v, must be > 0", d.name, d.v)
		}
	}
	if c.Dt > 0 && (c.Show < c.Dt || c.Show%c.Dt != 0 || c.Rest%c.Dt != 0) {
		bad("Show = %v and Rest = %v must be whole numbers of ticks of Dt = %v", c.Show, c.Rest, c.Dt)
	}
	if !(c.MaxRate > 0) || !(c.RateStep >= 0) {
		bad("MaxRate = %v Hz, RateStep = %v Hz: want MaxRate > 0, RateStep >= 0", c.MaxRate, c.RateStep)
	}
	if c.Lockout < 0 {
		bad("Lockout = %v, want >= 0", c.Lockout)
	}
	if c.Refractory < 0 || !(c.Inhibition > 0) || math.IsInf(c.Inhibition, 0) {
		bad("Refractory = %v, Inhibition = %v: want >= 0, finite > 0", c.Refractory, c.Inhibition)
	}
	if c.MinSpikes < 0 || c.MaxRetries < 0 || c.CheckpointEvery < 1 {
		bad("MinSpikes = %d, MaxRetries = %d, CheckpointEvery = %d: want >= 0, >= 0, >= 1", c.MinSpikes, c.MaxRetries, c.CheckpointEvery)
	}
	return errors.Join(errs...)
}

// ticks converts a duration of the config into ticks of Dt.
func (c Config) ticks(d time.Duration) int { return int(d / c.Dt) }

// InitialWeights are the paper's initial input weights, uniform in [0,
// 0.3) (conductances, in units of the leak conductance), drawn from Seed:
// Pre x Post, W[j*Neurons+i] from input j to neuron i.
func (c Config) InitialWeights() []float32 {
	key, stream := rng.NewKey(c.Seed), rng.Stream("diehlcook/w0")
	w := make([]float32, Inputs*c.Neurons)
	for k := range w {
		w[k] = 0.3 * key.Float32(stream, 0, uint32(k))
	}
	return w
}

// rule is the input weights' learning rule.
func rule() ops.STDPRule { return learn.DiehlCook() }

// Node names in the compiled program.
const (
	nodeRates     = "rates"
	nodeNormalize = "normalize"
	nodeSyn       = "input_exc"
	nodeExc       = "exc"
	nodeCount     = "count"
)

// network is a compiled Diehl & Cook network.
type network struct {
	prog backend.Program
	sw   learn.Switch
}

// build compiles the network with input weights w (Inputs x Neurons) and
// thresholds theta (mV), drawing its input spikes from seed. The
// weights and thetas are the program's initial state; the program reads
// but never writes the slices, which belong to the caller.
func build(b backend.Backend, c Config, w, theta []float32, seed uint64) (*network, error) {
	n := c.Neurons
	g := graph.New(graph.Config{Dt: c.Dt, Seed: seed})
	rates := g.Add(nodeRates, &ops.Input{N: Inputs})
	norm := g.Add(nodeNormalize, &ops.Input{N: 1})
	sw := learn.NewSwitch(g, "learn")
	in := g.Add("input", &ops.Poisson{N: Inputs, Rate: []float64{0}}, graph.In("rate", rates.Out("out")))
	syn := g.Add(nodeSyn, &ops.STDPDense{Pre: Inputs, Post: n, W: w, Delay: 1, Rule: rule(),
		Normalize: ops.Normalization{Target: 78}},
		graph.In("pre", in.Out("spikes")), graph.In("learn", sw.Out()), graph.In("normalize", norm.Out("out")))
	// Conductances with reversal potentials: E_exc = 0 mV for both groups,
	// E_inh = -100 mV for the excitatory and -85 mV for the inhibitory one
	// (which no synapse inhibits).
	exc := g.Add(nodeExc, &ops.AdaptiveLIF{
		LIF: ops.LIF{N: n, TauM: 100 * time.Millisecond, TauE: time.Millisecond, TauI: 2 * time.Millisecond,
			VRest: -65, VThreshold: -52 - ThetaOffset, VReset: -65, Refractory: c.Refractory, Lockout: c.Lockout,
			Reversal: &ops.Reversal{Exc: 0, Inh: -100}},
		ThetaPlus: 0.05, TauTheta: 1e4 * time.Second, Theta0: theta,
	}, graph.In("exc", syn.Out("post")), graph.In("learn", sw.Out()))
	g.Connect(exc.Out("spikes"), syn.In("post_spikes"))

	// One to one: excitatory neuron i drives inhibitory neuron i only.
	one := ops.CSR{Pre: n, Post: n, RowPtr: make([]int32, n+1), Target: make([]int32, n), Weight: []float32{excToInh}}
	for i := range n {
		one.RowPtr[i+1], one.Target[i] = int32(i+1), int32(i)
	}
	excInh := g.Add("exc_inh", &ops.Sparse{CSR: one, Delay: 1}, graph.In("pre", exc.Out("spikes")))
	inh := g.Add("inh", &ops.LIF{N: n, TauM: 10 * time.Millisecond, TauE: time.Millisecond, TauI: 2 * time.Millisecond,
		VRest: -60, VThreshold: -40, VReset: -45, Refractory: 2 * time.Millisecond,
		Reversal: &ops.Reversal{Exc: 0, Inh: -85}},
		graph.In("exc", excInh.Out("post")))
	// Inhibitory neuron i inhibits every excitatory neuron but i. (Not
	// layers.LateralInhibition, whose negative weights are currents: a
	// conductance is positive, its reversal potential gives the sign.)
	back := &ops.Dense{Pre: n, Post: n, W: make([]float32, n*n), Delay: 1}
	for j := range n {
		for i := range n {
			if i != j {
				back.W[j*n+i] = float32(c.Inhibition)
			}
		}
	}
	inhExc := g.Add("inh_exc", back, graph.In("pre", inh.Out("spikes")))
	g.Connect(inhExc.Out("post"), exc.In("inh"))
	g.Add(nodeCount, &ops.SpikeCount{}, graph.In("spikes", exc.Out("spikes")))

	p, err := b.Compile(g)
	if err != nil {
		return nil, fmt.Errorf("diehlcook: %w", err)
	}
	return &network{prog: p, sw: sw}, nil
}
