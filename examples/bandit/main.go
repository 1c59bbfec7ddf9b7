// Command bandit closes the loop between an environment and a spiking
// network: observation -> phase encoder -> network -> readout -> action,
// on a Bernoulli multi-armed bandit, and prints the reward of every
// episode. The network learns nothing yet (plasticity comes with learn/);
// it shows the loop running, reproducibly, on every backend.
//
//	go run ./examples/bandit -backend=cpu -episodes=5 -seed=1
//
// Each pull, the observation (last arm, last reward, a constant 1) is
// phase-coded on a theta rhythm of 8 Hz with 5 gamma cycles, drives a LIF
// group of 10 neurons per arm through random weights, with a theta drive
// from the oscillator, for two theta cycles; the readout takes each arm's
// spike count over those cycles, a softmax with a temperature of 10 spikes,
// and samples the arm to pull.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	_ "github.com/spikeflow/spikeflow/backend/cpu"
	_ "github.com/spikeflow/spikeflow/backend/ref"
	_ "github.com/spikeflow/spikeflow/backend/vulkan"
	"github.com/spikeflow/spikeflow/coding"
	"github.com/spikeflow/spikeflow/env"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
	"github.com/spikeflow/spikeflow/rng"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bandit:", err)
		os.Exit(1)
	}
}

// config is what the flags set.
type config struct {
	backend            string
	episodes, steps    int
	arms, cycles, seed int
}

func run(args []string, w io.Writer) error {
	fs := flag.NewFlagSet("bandit", flag.ContinueOnError)
	fs.SetOutput(w)
	var c config
	fs.StringVar(&c.backend, "backend", "cpu", "backend to run on: cpu, vulkan or ref")
	fs.IntVar(&c.episodes, "episodes", 5, "episodes to run")
	fs.IntVar(&c.steps, "steps", 50, "pulls per episode")
	fs.IntVar(&c.arms, "arms", 4, "arms of the bandit")
	fs.IntVar(&c.cycles, "cycles", 2, "theta cycles the network runs per pull; the readout counts spikes over them")
	fs.IntVar(&c.seed, "seed", 1, "seed of the bandit, the network's weights and the readout's draws")
	if err := fs.Parse(args); err != nil {
		return err
	}
	return play(c, w)
}

const (
	dt        = time.Millisecond
	perArm    = 10 // output neurons per arm
	inputName = "obs"
	countName = "count"
)

// agent is the compiled network and its readout.
type agent struct {
	prog    backend.Program
	readout *coding.Readout
	window  *coding.Window
	counts  []float32
	rhythm  ops.Rhythm
}

func newAgent(b backend.Backend, e env.Environment, c config) (*agent, ops.RhythmRounding, error) {
	r, rnd, err := ops.NewRhythm(8, 5, 0, dt)
	if err != nil {
		return nil, rnd, err
	}
	nIn, nOut := e.ObservationSize(), perArm*e.Actions()
	g := graph.New(graph.Config{Dt: dt, Seed: uint64(c.seed)})
	obs := g.Add(inputName, &ops.Input{N: nIn})
	enc := g.Add("encoder", &ops.Phase{N: nIn, Rhythm: r, Bins: 8}, graph.In("value", obs.Out("out")))
	osc := g.Add("theta", &ops.Oscillator{Rhythm: r})
	key := rng.NewKey(uint64(c.seed))
	w := make([]float32, nIn*nOut)
	for i := range w {
		w[i] = 12 * key.Float32(rng.Stream("bandit/weights"), 0, uint32(i)) // mV per input spike
	}
	syn := g.Add("syn", &ops.Dense{Pre: nIn, Post: nOut, W: w, Delay: 1}, graph.In("pre", enc.Out("spikes")))
	drive := make([]float32, nOut)
	for i := range drive {
		drive[i] = 2 // mV of theta drive at the peak of the cycle
	}
	// The theta drive enters through the LIF's second current, g_i, which
	// adds to v as g_e does (inhibition is only its usual sign): each input
	// port takes one projection.
	thetaSyn := g.Add("theta-syn", &ops.Dense{Pre: 1, Post: nOut, W: drive, Delay: 1}, graph.In("pre", osc.Out("sin")))
	out := g.Add("out", &ops.LIF{N: nOut, TauM: 20 * time.Millisecond, TauE: 5 * time.Millisecond, TauI: 10 * time.Millisecond,
		VRest: -60, VThreshold: -50, VReset: -60, Refractory: 2 * time.Millisecond},
		graph.In("exc", syn.Out("post")), graph.In("inh", thetaSyn.Out("post")))
	g.Add(countName, &ops.SpikeCount{}, graph.In("spikes", out.Out("spikes")))
	prog, err := b.Compile(g)
	if err != nil {
		return nil, rnd, err
	}
	ro := &coding.Readout{N: nOut, Actions: e.Actions(), W: make([]float64, nOut*e.Actions()), Temperature: 10,
		Seed: uint64(c.seed), Stream: rng.Stream("bandit/readout")}
	for i := range nOut {
		ro.W[(i/perArm)*nOut+i] = 1 // each arm's score is its neurons' spike count
	}
	return &agent{prog: prog, readout: ro, window: coding.NewWindow(nOut, c.cycles), counts: make([]float32, nOut), rhythm: r}, rnd, ro.Check()
}

// act shows the network an observation for cycles theta cycles and samples
// an action from the spikes of the last cycles; step keys the draw.
func (a *agent) act(obs env.Observation, cycles int, step uint64) (int, float32, error) {
	if err := a.prog.Write(inputName, obs); err != nil {
		return 0, 0, err
	}
	for range cycles {
		if err := a.prog.Run(a.rhythm.Theta); err != nil {
			return 0, 0, err
		}
		if err := a.prog.Read(countName+".count", a.counts); err != nil {
			return 0, 0, err
		}
		a.window.Push(a.counts)
	}
	counts := a.window.Counts()
	var total float32
	for _, c := range counts {
		total += c
	}
	action, _ := a.readout.Act(counts, step)
	return action, total, nil
}

func play(c config, w io.Writer) error {
	b, err := backend.Get(c.backend)
	if err != nil {
		return err
	}
	bandit, err := env.NewBandit(c.arms, c.steps, uint64(c.seed))
	if err != nil {
		return err
	}
	a, rnd, err := newAgent(b, bandit, c)
	if err != nil {
		return err
	}
	defer a.prog.Close()
	fmt.Fprintf(w, "bandit: %d arms paying %.3f (best: arm %d), %d pulls per episode, backend %s\n",
		c.arms, bandit.P, bandit.Best(), c.steps, c.backend)
	fmt.Fprintf(w, "rhythm: %d-tick theta cycles of %d gamma cycles at dt = %v (%v); %d cycles per pull\n",
		a.rhythm.Theta, a.rhythm.Gamma, dt, rnd, c.cycles)
	step := uint64(0)
	for ep := range c.episodes {
		obs := bandit.Reset()
		reward, spikes := 0.0, float32(0)
		pulls := make([]int, c.arms)
		for done := false; !done; step++ {
			action, n, err := a.act(obs, c.cycles, step)
			if err != nil {
				return err
			}
			var r float64
			obs, r, done = bandit.Step(action)
			reward += r
			spikes += n
			pulls[action]++
		}
		fmt.Fprintf(w, "episode %d: reward %.0f of %d pulls; pulls per arm %v; %.1f output spikes per pull\n",
			ep+1, reward, c.steps, pulls, spikes/float32(c.steps))
	}
	return nil
}
