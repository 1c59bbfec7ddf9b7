// Package cortex3d builds a layered 3D sheet of cortex with two clusters
// on their own clocks: a fast input layer ("fast", L4-like) driven by
// Poisson input, and a slower layer above it ("slow", L2/3-like) driven by
// the fast layer's excitatory cells, as L4 drives L2/3 in the canonical
// microcircuit (Potjans & Diesmann 2014, Fig. 1). Each layer is 80%
// excitatory and 20% inhibitory neurons placed uniformly in a sheet
// (layers.Sheets) and connected to their neighbours in 3D (layers.Local3D,
// probability P0 exp(-d^2 / 2 sigma^2) within a cutoff, periodic in x and
// y so that no neuron sits at an edge).
//
// Each layer is a sparsely connected, inhibition-dominated network of
// leaky integrate-and-fire neurons after Brunel (2000): tau_m 20 ms,
// threshold 20 mV above rest, reset 10 mV above rest, refractory 2 ms,
// recurrent delay 1.5 ms, in-degrees in the ratio 4:1 (excitatory to
// inhibitory, from the 4:1 densities), inhibitory synapses g = 6 times
// stronger than excitatory ones, so that recurrent input is net
// inhibitory (81 J - 20 g J < 0) and no activity can run away. The
// Poisson drive alone would hold the fast layer's mean potential 19 mV
// above rest, 1 mV below threshold (Brunel's nu_ext / nu_thr about 0.95):
// neurons fire on fluctuations, irregularly. Synapses are exponential
// currents of 5 ms rather than Brunel's delta pulses. The rates come out
// at a few Hz (about 7.5 Hz fast, 6 Hz slow), as Potjans & Diesmann (2014,
// Fig. 6) report for L4 and L2/3 under background input. At 1e5 neurons
// both layers are asynchronous; in small networks (a few thousand
// neurons), whose neurons share most of their inputs, the slow layer
// fires in irregular population bursts. Rates vary from neuron to neuron
// with their in-degrees, most in the slow layer, whose drive comes from
// about 72 feed-forward synapses: at 1e5 neurons its median neuron fires
// at 3 Hz, 23% are silent over 1 s and 1% fire above 50 Hz (the fast
// layer: 6 Hz, 5%, 0.05%), the sparse, skewed firing of L2/3 (Barth &
// Poulet 2012).
//
// With Config.ThetaHz the fast layer is theta-gated: an Oscillator drives
// the Poisson pool's rate through a Dense projection, so that the drive
// comes in the positive half of each theta cycle only, and both layers
// fire in bursts at theta.
//
// An LIF group has two input currents; here one carries the layer's drive
// (Poisson input for the fast layer, the feed-forward projection for the
// slow one) and the other its recurrent synapses, excitatory and
// inhibitory in one projection with a signed weight per synapse. That is
// why the projection between the layers runs one way only.
package cortex3d

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/layers"
	"github.com/spikeflow/spikeflow/ops"
	"github.com/spikeflow/spikeflow/rng"
)

// Config selects a network.
type Config struct {
	N    int           // neurons in both layers; 0 means 100,000
	Seed uint64        // placement, connectivity, initial potentials, Poisson input
	Dt   time.Duration // the global tick; 0 means 0.1 ms
	// Fast and Slow are the clocks of the two clusters, in global ticks;
	// a zero Clock means DefaultFast or DefaultSlow. A cluster with period
	// P integrates its neurons over steps of P dt.
	Fast, Slow graph.Clock
	// ThetaHz, if > 0, gates the Poisson drive by a theta rhythm: an
	// Oscillator at ThetaHz (rounded to whole ticks) sets the pool's rate
	// to 2*RateExt*max(0, sin(2 pi ThetaHz t)), given in the positive half
	// of each cycle only (2/pi of the ungated mean, twice its peak).
	ThetaHz float64
	// Monitor adds a SpikeMonitor on each layer (FastMonitor, SlowMonitor).
	Monitor bool
	// Progress, if set, is called by Run every ProgressTicks ticks and at
	// the end with the ticks done and the ticks to do.
	Progress func(done, total int)
}

// ProgressTicks is how often Run reports progress.
const ProgressTicks = 1000

// Default clocks: the fast layer steps every tick, the slow one every
// fourth (0.4 ms at the default dt).
var (
	DefaultFast = graph.Clock{Period: 1}
	DefaultSlow = graph.Clock{Period: 4}
)

// Defaults fills unset fields.
func (c Config) Defaults() Config {
	if c.N == 0 {
		c.N = 100_000
	}
	if c.Dt == 0 {
		c.Dt = 100 * time.Microsecond
	}
	if c.Fast == (graph.Clock{}) {
		c.Fast = DefaultFast
	}
	if c.Slow == (graph.Clock{}) {
		c.Slow = DefaultSlow
	}
	return c
}

// Geometry and connectivity, in µm. The density is a sparse sample of
// cortex (1.5e4 neurons per mm^3, about a seventh of its density), so that a layer
// keeps about 100 recurrent inputs per neuron whatever N, and the sheet
// grows in area with N.
const (
	AreaDensity = 0.003 // neurons per µm^2 in each layer (3000 per mm^2)
	LayerDepth  = 200.0 // thickness of each layer, µm; the fast layer is z in [0, 200), the slow one [200, 400)

	RecSigma, RecCutoff, RecP0 = 100.0, 250.0, 0.75 // recurrent, within a layer
	FFSigma, FFCutoff, FFP0    = 100.0, 250.0, 0.5  // fast excitatory -> slow, by horizontal distance
	FracExc                    = 0.8                // excitatory fraction of each layer
)

// Neuron and synapse parameters (Brunel 2000, model A, with exponential
// currents), in mV and Hz.
const (
	VRest, VThreshold, VReset = -70.0, -50.0, -60.0
	J                         = 2.0 // excitatory recurrent weight, mV added to the current
	G                         = 6.0 // relative strength of inhibition: inhibitory weight -G*J
	WFF                       = 5.5 // fast excitatory -> slow weight
	WExt                      = 1.9 // weight of the Poisson drive
)

// The Poisson drive: a pool of sources, one per ExtPool fast neurons (at
// least 10 KExt), firing at RateExt; each fast neuron draws KExt of them
// (without repetition). A neuron receives KExt*RateExt = 2000 input
// spikes/s, as from Brunel's C_ext = 200 inputs at 10 Hz, for a fortieth
// of the random numbers per tick that one source per neuron would need;
// two neurons share KExt^2/pool of their KExt inputs (0.3 of 20 at
// N = 1e5), too few to correlate them.
const (
	ExtPool = 40
	KExt    = 20
	RateExt = 100.0
)

// Durations of the neuron model and the delays.
const (
	TauM       = 20 * time.Millisecond
	TauSyn     = 5 * time.Millisecond
	Refractory = 2 * time.Millisecond
	RecDelay   = 1500 * time.Microsecond // Brunel's D
	FFDelay    = 2 * time.Millisecond
)

// Node names in the graph.
const (
	Theta       = "fast/theta"      // with Config.ThetaHz: the Oscillator
	ThetaGate   = "fast/theta_gate" // its sine -> the pool's rate
	Drive       = "fast/drive"      // the Poisson pool
	DriveSyn    = "fast/drive_syn"  // pool -> fast layer
	FastLIF     = "fast/lif"
	FastRec     = "fast/rec"
	FastCount   = "fast/count"
	FastMonitor = "fast/monitor"
	SlowFF      = "slow/ff" // fast excitatory -> slow
	SlowLIF     = "slow/lif"
	SlowRec     = "slow/rec"
	SlowCount   = "slow/count"
	SlowMonitor = "slow/monitor"
)

// Layer describes one built layer.
type Layer struct {
	Name       string
	N, NExc    int // neurons, the first NExc excitatory
	Clock      graph.Clock
	Positions  layers.Positions
	LIF, Count string // node names
	Monitor    string // "" without Config.Monitor
}

// Network is a built graph with what a caller needs to run and report on it.
type Network struct {
	Graph    *graph.Graph
	Config   Config
	Layers   [2]Layer // fast, slow
	Side     float64  // the sheet is Side x Side µm
	Synapses int
	Bytes    int // connectivity memory, row pointers included
	// InDegree is the mean number of inputs per neuron of each layer:
	// recurrent excitatory, recurrent inhibitory, and feed-forward (for
	// the fast layer, the Poisson drive).
	InDegree [2][3]float64
}

// MinN is the smallest network: a smaller sheet would be narrower than
// two cutoffs, which periodic boundaries do not allow.
var MinN = 2 * int(math.Ceil(AreaDensity*4*max(RecCutoff, FFCutoff)*max(RecCutoff, FFCutoff)*1.0001))

// Validate reports what is wrong with a configuration (after Defaults).
func (c Config) Validate() error {
	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("cortex3d: %w: "+format, append([]any{ops.ErrParam}, args...)...))
	}
	if c.N < MinN {
		fail("N = %d neurons, must be >= %d: each layer is a sheet of %g neurons per mm^2 that must be wider than two connection cutoffs (2 x %g µm)",
			c.N, MinN, AreaDensity*1e6, max(RecCutoff, FFCutoff))
	}
	if c.N > math.MaxInt32 {
		fail("N = %d neurons, at most %d can be indexed", c.N, math.MaxInt32)
	}
	if c.Dt <= 0 {
		fail("Dt = %v, must be > 0", c.Dt)
	}
	if !(c.ThetaHz >= 0) || math.IsInf(c.ThetaHz, 0) {
		fail("ThetaHz = %v, must be finite and >= 0 (0: no theta gating)", c.ThetaHz)
	} else if c.ThetaHz > 0 && c.Dt > 0 {
		if _, _, err := ops.NewRhythm(c.ThetaHz, 1, 0, c.Dt); err != nil {
			errs = append(errs, fmt.Errorf("cortex3d: ThetaHz = %v: %w", c.ThetaHz, err))
		}
	}
	for _, l := range []struct {
		name string
		clk  graph.Clock
	}{{"Fast", c.Fast}, {"Slow", c.Slow}} {
		if l.clk.Period < 1 || l.clk.Phase < 0 || l.clk.Phase >= l.clk.Period {
			fail("%s clock period %d, phase %d: want period >= 1 and 0 <= phase < period", l.name, l.clk.Period, l.clk.Phase)
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	// A cluster's step may not exceed the refractory period, and every
	// delay is at least one tick.
	for _, l := range []struct {
		name string
		clk  graph.Clock
	}{{"Fast", c.Fast}, {"Slow", c.Slow}} {
		step := time.Duration(l.clk.Period) * c.Dt
		if Refractory < step {
			fail("%s clock period %d: a step of %v exceeds the refractory period %v", l.name, l.clk.Period, step, Refractory)
		}
	}
	if ticks(RecDelay, c.Dt) < 1 || ticks(FFDelay, c.Dt) < 1 {
		fail("Dt = %v: the delays %v and %v must be at least one tick", c.Dt, RecDelay, FFDelay)
	}
	if ticks(RecDelay, c.Dt) > ops.MaxDelay || ticks(FFDelay, c.Dt) > ops.MaxDelay {
		fail("Dt = %v: the delays %v and %v must be at most %d ticks", c.Dt, RecDelay, FFDelay, ops.MaxDelay)
	}
	return errors.Join(errs...)
}

func ticks(d, dt time.Duration) int { return int(math.Round(float64(d) / float64(dt))) }

// Build constructs the network.
func Build(cfg Config) (*Network, error) {
	cfg = cfg.Defaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	nFast := cfg.N / 2
	nSlow := cfg.N - nFast
	exc := func(n int) int { return int(math.Round(FracExc * float64(n))) }
	side := math.Sqrt(float64(nFast) / AreaDensity)
	area := side * side
	sheet := func(z float64, n int) layers.Sheet {
		return layers.Sheet{Z: z, Thickness: LayerDepth, Density: float64(n) / area}
	}
	pos, first, err := layers.Sheets(side, side, cfg.Seed,
		sheet(LayerDepth/2, exc(nFast)), sheet(LayerDepth/2, nFast-exc(nFast)),
		sheet(1.5*LayerDepth, exc(nSlow)), sheet(1.5*LayerDepth, nSlow-exc(nSlow)))
	if err != nil {
		return nil, fmt.Errorf("cortex3d: %w", err)
	}
	net := &Network{Config: cfg, Side: side}
	for l, name := range []string{"fast", "slow"} {
		lo, hi := first[2*l], first[2*l+2]
		net.Layers[l] = Layer{Name: name, N: hi - lo, NExc: first[2*l+1] - lo,
			Positions: subset(pos, lo, hi, side, float64(l)*LayerDepth)}
	}
	fast, slow := &net.Layers[0], &net.Layers[1]
	fast.Clock, slow.Clock = cfg.Fast, cfg.Slow
	fast.LIF, fast.Count, slow.LIF, slow.Count = FastLIF, FastCount, SlowLIF, SlowCount
	if cfg.Monitor {
		fast.Monitor, slow.Monitor = FastMonitor, SlowMonitor
	}

	recFast, err := recurrent(fast, cfg.Seed, "cortex3d/fast/rec")
	if err != nil {
		return nil, err
	}
	recSlow, err := recurrent(slow, cfg.Seed, "cortex3d/slow/rec")
	if err != nil {
		return nil, err
	}
	// L4 axons rise radially into L2/3 (Binzegger et al. 2004), so the
	// feed-forward projection depends on the horizontal distance only:
	// both layers are flattened to z = 0 for it.
	ff, err := layers.Local3D{Pre: flat(subset(fast.Positions, 0, fast.NExc, side, 0)), Post: flat(slow.Positions), P0: FFP0, Sigma: FFSigma, Cutoff: FFCutoff,
		Periodic: [3]bool{true, true, false}, Weight: layers.Constant(WFF), Seed: cfg.Seed, Name: "cortex3d/ff"}.Build()
	if err != nil {
		return nil, fmt.Errorf("cortex3d: %w", err)
	}
	ff.Pre = fast.N // the inhibitory rows are empty: the projection reads the whole layer's spikes
	ff.RowPtr = append(ff.RowPtr, make([]int32, fast.N-fast.NExc)...)
	for j := fast.NExc + 1; j <= fast.N; j++ {
		ff.RowPtr[j] = ff.RowPtr[fast.NExc]
	}
	pool := max(10*KExt, (fast.N+ExtPool-1)/ExtPool)
	drive, err := layers.FixedInDegree{Pre: pool, Post: fast.N, K: KExt, Weight: layers.Constant(WExt),
		Seed: cfg.Seed, Name: "cortex3d/drive"}.Build()
	if err != nil {
		return nil, fmt.Errorf("cortex3d: %w", err)
	}

	g := graph.New(graph.Config{Dt: cfg.Dt, Seed: cfg.Seed})
	cf, cs := g.NewCluster("fast", cfg.Fast), g.NewCluster("slow", cfg.Slow)
	in := func(c *graph.Cluster) graph.Option { return graph.InCluster(c) }
	var rate []graph.Option
	if cfg.ThetaHz > 0 {
		r, _, err := ops.NewRhythm(cfg.ThetaHz, 1, 0, cfg.Dt)
		if err != nil {
			return nil, fmt.Errorf("cortex3d: %w", err)
		}
		osc := g.Add(Theta, &ops.Oscillator{Rhythm: r}, in(cf))
		w := make([]float32, pool)
		for i := range w {
			w[i] = float32(2 * RateExt)
		}
		gate := g.Add(ThetaGate, &ops.Dense{Pre: 1, Post: pool, W: w, Delay: 1}, graph.In("pre", osc.Out("sin")), in(cf))
		rate = append(rate, graph.In("rate", gate.Out("post")))
	}
	src := g.Add(Drive, &ops.Poisson{N: pool, Rate: []float64{RateExt}}, append(rate, in(cf))...)
	dsyn := g.Add(DriveSyn, &ops.Sparse{CSR: drive, Delay: 1}, graph.In("pre", src.Out("spikes")), in(cf))
	fl := g.Add(FastLIF, lif(fast.N, cfg.Seed, "cortex3d/fast/v0"), in(cf))
	sl := g.Add(SlowLIF, lif(slow.N, cfg.Seed, "cortex3d/slow/v0"), in(cs))
	fr := g.Add(FastRec, &ops.Sparse{CSR: recFast, Delay: ticks(RecDelay, cfg.Dt)}, graph.In("pre", fl.Out("spikes")), in(cf))
	sr := g.Add(SlowRec, &ops.Sparse{CSR: recSlow, Delay: ticks(RecDelay, cfg.Dt)}, graph.In("pre", sl.Out("spikes")), in(cs))
	sf := g.Add(SlowFF, &ops.Sparse{CSR: ff, Delay: ticks(FFDelay, cfg.Dt)}, graph.In("pre", fl.Out("spikes")), in(cs))
	g.Connect(dsyn.Out("post"), fl.In("exc"))
	g.Connect(fr.Out("post"), fl.In("inh"))
	g.Connect(sf.Out("post"), sl.In("exc"))
	g.Connect(sr.Out("post"), sl.In("inh"))
	g.Add(FastCount, &ops.SpikeCount{}, graph.In("spikes", fl.Out("spikes")), in(cf))
	g.Add(SlowCount, &ops.SpikeCount{}, graph.In("spikes", sl.Out("spikes")), in(cs))
	if cfg.Monitor {
		g.Add(FastMonitor, &ops.SpikeMonitor{}, graph.In("spikes", fl.Out("spikes")), in(cf))
		g.Add(SlowMonitor, &ops.SpikeMonitor{}, graph.In("spikes", sl.Out("spikes")), in(cs))
	}
	if err := g.Validate(); err != nil {
		return nil, err
	}
	net.Graph = g
	for _, m := range []*ops.CSR{&recFast, &recSlow, &ff, &drive} {
		net.Synapses += m.NNZ()
		net.Bytes += m.Bytes()
	}
	net.InDegree[0] = inDegree(recFast, fast.NExc, KExt)
	net.InDegree[1] = inDegree(recSlow, slow.NExc, float64(ff.NNZ())/float64(slow.N))
	return net, nil
}

// subset is neurons [lo, hi) of p, in the layer whose z range starts at z0.
func subset(p layers.Positions, lo, hi int, side, z0 float64) layers.Positions {
	return layers.Positions{X: p.X[lo:hi], Y: p.Y[lo:hi], Z: p.Z[lo:hi],
		Bounds: layers.Box{Min: [3]float64{0, 0, z0}, Max: [3]float64{side, side, z0 + LayerDepth}}}
}

// flat is p projected onto the plane z = 0.
func flat(p layers.Positions) layers.Positions {
	p.Z = make([]float32, p.Len())
	p.Bounds.Min[2], p.Bounds.Max[2] = 0, 0
	return p
}

// recurrent connects a layer to itself, with weight J from its excitatory
// neurons and -G*J from its inhibitory ones.
func recurrent(l *Layer, seed uint64, name string) (ops.CSR, error) {
	m, err := layers.Local3D{Pre: l.Positions, Post: l.Positions, P0: RecP0, Sigma: RecSigma, Cutoff: RecCutoff,
		NoAutapses: true, Periodic: [3]bool{true, true, false}, Seed: seed, Name: name}.Build()
	if err != nil {
		return ops.CSR{}, fmt.Errorf("cortex3d: %w", err)
	}
	m.Weight = make([]float32, m.NNZ())
	split := m.RowPtr[l.NExc]
	for k := range m.Weight {
		m.Weight[k] = float32(J)
		if int32(k) >= split {
			m.Weight[k] = float32(-G * J)
		}
	}
	return m, nil
}

// inDegree is the mean number of excitatory and inhibitory inputs per
// neuron of a recurrent projection, with the feed-forward in-degree.
func inDegree(m ops.CSR, nExc int, ff float64) [3]float64 {
	n := float64(m.Post)
	return [3]float64{float64(m.RowPtr[nExc]) / n, float64(int32(m.NNZ())-m.RowPtr[nExc]) / n, ff}
}

// lif is a layer's neurons, their potentials uniform between reset and
// threshold at the start.
func lif(n int, seed uint64, stream string) *ops.LIF {
	key, s := rng.NewKey(seed), rng.Stream(stream)
	v0 := make([]float32, n)
	for i := range v0 {
		v0[i] = float32(VReset + float64(key.Float32(s, 0, uint32(i)))*(VThreshold-VReset))
	}
	return &ops.LIF{N: n, TauM: TauM, TauE: TauSyn, TauI: TauSyn, VRest: VRest, VThreshold: VThreshold,
		VReset: VReset, Refractory: Refractory, V0: v0}
}
