package diehlcook

import (
	"errors"
	"fmt"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/layers"
	"github.com/spikeflow/spikeflow/learn"
	"github.com/spikeflow/spikeflow/ops"
	"github.com/spikeflow/spikeflow/rng"
)

// Inputs is the number of input neurons, one per MNIST pixel.
const Inputs = 784

// The conversion of the paper's conductances into currents (see the
// package documentation), in mV: the driving force E - v at the potential
// the receiving neuron sits at.
const (
	excDrive = 65 // E_exc = 0 mV, excitatory neurons near -65 mV
	inhDrive = 60 // E_exc = 0 mV, inhibitory neurons near -60 mV
)

// DefaultInhibitionDrive is the driving force, in mV, that turns the
// paper's inhibitory conductance into a current. At rest it would be 35 mV
// (E_inh = -100 mV, v = -65 mV), but the adaptive thresholds climb by
// about 30 mV during training, and near such a threshold a conductance
// inhibits with about 80 mV of driving force while excitation pushes with
// only about 20: the winner-take-all grows much stronger as training goes
// on. A current-based neuron cannot follow that, and with 35 mV the
// 100-neuron network stops competing after about 5,000 digits (several
// neurons fire one spike each, potentiation, which needs two spikes within
// 40 ms, stops, and the receptive fields fade; the running accuracy fell
// from 61% to 34%). 100 mV, about three times the resting value, was
// chosen by training 9,000 digits with 100 neurons: 71% and rising. It
// is not tuned for 400: there, after one epoch, 211 of the 400 neurons had
// spiked fewer than 10 times (the winners take too much), and a value
// between 35 and 100 may do better.
const DefaultInhibitionDrive = 100

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
	// InhibitionDrive converts the inhibitory conductance of 17 into a
	// current of 17 x InhibitionDrive mV; 0: DefaultInhibitionDrive.
	InhibitionDrive float64

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
	if c.InhibitionDrive == 0 {
		c.InhibitionDrive = DefaultInhibitionDrive
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
	if c.Refractory < 0 || !(c.InhibitionDrive > 0) {
		bad("Refractory = %v, InhibitionDrive = %v mV: want >= 0, > 0", c.Refractory, c.InhibitionDrive)
	}
	if c.MinSpikes < 0 || c.MaxRetries < 0 || c.CheckpointEvery < 1 {
		bad("MinSpikes = %d, MaxRetries = %d, CheckpointEvery = %d: want >= 0, >= 0, >= 1", c.MinSpikes, c.MaxRetries, c.CheckpointEvery)
	}
	return errors.Join(errs...)
}

// ticks converts a duration of the config into ticks of Dt.
func (c Config) ticks(d time.Duration) int { return int(d / c.Dt) }

// InitialWeights are the paper's initial input weights, uniform in [0,
// 0.3) (in their unit, before the conversion to mV), drawn from Seed:
// Pre x Post, W[j*Neurons+i] from input j to neuron i.
func (c Config) InitialWeights() []float32 {
	key, stream := rng.NewKey(c.Seed), rng.Stream("diehlcook/w0")
	w := make([]float32, Inputs*c.Neurons)
	for k := range w {
		w[k] = excDrive * 0.3 * key.Float32(stream, 0, uint32(k))
	}
	return w
}

// rule is learn.DiehlCook with the amplitudes and bounds in mV.
func rule() ops.STDPRule {
	r := learn.DiehlCook()
	r.AMinus, r.A3Plus, r.WMax = excDrive*r.AMinus, excDrive*r.A3Plus, excDrive*r.WMax
	return r
}

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

// build compiles the network with input weights w (mV, Inputs x Neurons)
// and thresholds theta (mV), drawing its input spikes from seed. The
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
		Normalize: ops.Normalization{Target: excDrive * 78}},
		graph.In("pre", in.Out("spikes")), graph.In("learn", sw.Out()), graph.In("normalize", norm.Out("out")))
	exc := g.Add(nodeExc, &ops.AdaptiveLIF{
		LIF: ops.LIF{N: n, TauM: 100 * time.Millisecond, TauE: time.Millisecond, TauI: 2 * time.Millisecond,
			VRest: -65, VThreshold: -52, VReset: -65, Refractory: c.Refractory},
		ThetaPlus: 0.05, TauTheta: 1e4 * time.Second, Theta0: theta,
	}, graph.In("exc", syn.Out("post")), graph.In("learn", sw.Out()))
	g.Connect(exc.Out("spikes"), syn.In("post_spikes"))

	// One to one: excitatory neuron i drives inhibitory neuron i only.
	one := ops.CSR{Pre: n, Post: n, RowPtr: make([]int32, n+1), Target: make([]int32, n), Weight: []float32{10.4 * inhDrive}}
	for i := range n {
		one.RowPtr[i+1], one.Target[i] = int32(i+1), int32(i)
	}
	excInh := g.Add("exc_inh", &ops.Sparse{CSR: one, Delay: 1}, graph.In("pre", exc.Out("spikes")))
	inh := g.Add("inh", &ops.LIF{N: n, TauM: 10 * time.Millisecond, TauE: time.Millisecond, TauI: 2 * time.Millisecond,
		VRest: -60, VThreshold: -40, VReset: -45, Refractory: 2 * time.Millisecond},
		graph.In("exc", excInh.Out("post")))
	// Inhibitory neuron i inhibits every excitatory neuron but i: the
	// all-but-self pattern of layers.LateralInhibition, from another group.
	back, err := layers.LateralInhibition{N: n, Strength: float32(17 * c.InhibitionDrive)}.Dense()
	if err != nil {
		return nil, fmt.Errorf("diehlcook: %w", err)
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
