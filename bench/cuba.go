package bench

import (
	"fmt"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/models/cuba"
)

// cubaWorkloads are CUBA at 4k, 16k and 64k neurons for 1 s of simulated
// time. They call models/cuba's Run, as BenchmarkCUBA does, so `spikeflow
// bench` and `go test -bench` time the same code.
func cubaWorkloads(cfg Config) []Workload {
	d := cfg.duration(time.Second)
	var ws []Workload
	for _, n := range []int{4000, 16000, 64000} {
		ws = append(ws, Workload{
			Name:    fmt.Sprintf("cuba-%dk", n/1000),
			Group:   "cuba",
			Summary: fmt.Sprintf("CUBA network, %d neurons, %v simulated: synaptic events/s, real-time factor", n, d),
			Func:    cubaFunc(cuba.Config{N: n, Seed: cfg.seed()}, d),
			Peers:   brian2Peers(n, cfg.seed(), d),
		})
	}
	return ws
}

func cubaFunc(cfg cuba.Config, d time.Duration) func(backend.Backend) (Measurement, error) {
	return func(b backend.Backend) (Measurement, error) {
		res, err := cuba.Run(b, cfg, d)
		if err != nil {
			return Measurement{}, err
		}
		return cubaMeasurement(res), nil
	}
}

// cubaMeasurement keeps the simulation loop as the timed part, as Brian2
// reports its own loop, and build and compile as setup.
func cubaMeasurement(r cuba.Result) Measurement {
	return Measurement{
		WallS:  r.WallS,
		SetupS: r.BuildS + r.CompileS,
		Figures: []Figure{
			{"syn_events_per_s", r.SynEventsPerS},
			{"realtime_factor", r.RealtimeFactor},
			{"rate_hz", r.RateHz},
			{"spikes", float64(r.Spikes)},
			{"synapses", float64(r.Synapses)},
			{"bytes_per_synapse", r.BytesPerSynapse},
			{"build_s", r.BuildS},
			{"compile_s", r.CompileS},
			{"duration_s", r.DurationS},
		},
	}
}

// RateTolerance is how far, relative to spikeflow's, a peer's mean rate
// may be for the two to count as the same network. The random numbers
// differ between simulators (connectivity, initial potentials), and the
// 4000-neuron network's rate moves by about 5% from seed to seed.
const RateTolerance = 0.10

// brian2Peers runs bench/peers/cuba_brian2.py with Brian2's runtime target
// (Cython) and its C++ standalone target on the same network.
func brian2Peers(n int, seed uint64, d time.Duration) []Peer {
	var ps []Peer
	for _, target := range []string{"cython", "cpp_standalone"} {
		ps = append(ps, Peer{
			Name:    "brian2-" + target,
			Module:  "brian2",
			Package: "python3-brian",
			Script:  "cuba_brian2.py",
			Args: []string{"--target=" + target, fmt.Sprintf("--n=%d", n),
				fmt.Sprintf("--duration=%g", d.Seconds()), fmt.Sprintf("--seed=%d", seed)},
			// The work dir holds the standalone project and the Cython
			// cache: the warm-up run compiles from scratch, the timed runs
			// reuse it.
			Prepare:   func(dir string) ([]string, error) { return []string{"--build-dir=" + dir}, nil },
			Match:     "rate_hz",
			Tolerance: RateTolerance,
		})
	}
	return ps
}
