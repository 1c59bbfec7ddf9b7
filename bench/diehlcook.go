package bench

import (
	"fmt"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/datasets/mnist"
	"github.com/spikeflow/spikeflow/models/diehlcook"
)

// Diehl & Cook training is timed over this many digits, after
// diehlCookWarmup digits that compile the network and let its first
// spikes settle; a digit is 500 ms simulated (350 ms shown, 150 ms rest).
const (
	diehlCookDigits = 200
	diehlCookWarmup = 20
)

// diehlCookWorkloads are Diehl & Cook training with 100 and 400 excitatory
// neurons, on the MNIST training digits in the trainer's seeded order,
// through models/diehlcook's Trainer, as `spikeflow train diehlcook` runs
// it. Config.Duration, if set, is the simulated time of the timed digits.
func diehlCookWorkloads(cfg Config) []Workload {
	digits := diehlCookDigits
	if cfg.Duration > 0 {
		digits = max(1, int(cfg.Duration/(500*time.Millisecond)))
	}
	var ws []Workload
	for _, n := range []int{100, 400} {
		ws = append(ws, Workload{
			Name:  fmt.Sprintf("diehlcook-%d", n),
			Group: "diehlcook",
			Summary: fmt.Sprintf("Diehl & Cook (2015) unsupervised MNIST training, %d excitatory neurons, %d digits after %d of warm-up: digits/s, minutes per epoch",
				n, digits, diehlCookWarmup),
			Func: diehlCookFunc(n, digits, cfg.seed()),
		})
	}
	return ws
}

func diehlCookFunc(n, digits int, seed uint64) func(backend.Backend) (Measurement, error) {
	return func(b backend.Backend) (Measurement, error) {
		set, err := mnist.Train()
		if err != nil {
			return Measurement{}, err
		}
		s, err := diehlcook.NewState(diehlcook.Config{Neurons: n, Seed: seed}, 1, diehlCookWarmup+digits)
		if err != nil {
			return Measurement{}, err
		}
		tr, err := diehlcook.NewTrainer(b, set, s)
		if err != nil {
			return Measurement{}, err
		}
		t0 := time.Now()
		var warm time.Time
		err = tr.Train(func(p diehlcook.Progress) {
			if p.Seen == diehlCookWarmup {
				warm = time.Now()
			}
		}, nil)
		if err != nil {
			return Measurement{}, err
		}
		wall := time.Since(warm).Seconds()
		perS := float64(digits) / wall
		return Measurement{
			WallS:  wall,
			SetupS: warm.Sub(t0).Seconds(),
			Figures: []Figure{
				{"digits_per_s", perS},
				{"epoch_min", 60000 / perS / 60},
				{"digits", float64(digits)},
			},
		}, nil
	}
}
