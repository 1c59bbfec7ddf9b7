package bench

import (
	"fmt"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/models/stdpsong"
)

// stdpWorkload is Song, Miller & Abbott's network (1000 Poisson inputs at
// 15 Hz onto one LIF neuron through additive STDP) for 10 s of simulated
// time. Its figures are the synaptic events per second of wall time (input
// spikes delivered, each of which also updates a weight), the real-time
// factor and the output rate.
func stdpWorkload(cfg Config) Workload {
	return Workload{
		Name: "stdp-song", Group: "stdp",
		Summary: "Song, Miller & Abbott (2000) STDP network, 1000 inputs, 10 s simulated: synaptic events/s, real-time factor",
		Func: func(b backend.Backend) (Measurement, error) {
			c := stdpsong.Config{Seed: cfg.seed(), Duration: cfg.duration(10 * time.Second)}.Defaults()
			t0 := time.Now()
			res, err := stdpsong.Run(b, c)
			if err != nil {
				return Measurement{}, fmt.Errorf("stdp-song: %w", err)
			}
			total := time.Since(t0).Seconds()
			events := float64(c.N) * c.Rate * res.DurationS // expected input spikes
			return Measurement{
				WallS:  res.WallS,
				SetupS: total - res.WallS,
				Figures: []Figure{
					{Name: "syn_events_per_s", Value: events / res.WallS},
					{Name: "realtime_factor", Value: res.DurationS / res.WallS},
					{Name: "output_rate_hz", Value: res.OutputRateHz},
					{Name: "fraction_below_0.1_gmax", Value: res.Low},
					{Name: "fraction_above_0.9_gmax", Value: res.High},
				},
			}, nil
		},
	}
}
