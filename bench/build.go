package bench

import (
	"fmt"
	"math"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/layers"
)

// buildWorkload times the construction of a large network: 1e6 neurons
// placed uniformly in a periodic 100^3 box (density 1) and connected by
// layers.Local3D with P0 = 1 and sigma chosen for an expected degree of
// 100 (cutoff 3 sigma), about 1e8 synapses. Construction runs on the host,
// whatever the backend.
func buildWorkload(cfg Config) Workload {
	return Workload{
		Name: "build-local3d-1e6", Group: "build",
		Summary: "network construction, 1e6 neurons in 3D, 1e8 distance-dependent synapses: seconds, synapses/s, bytes/synapse",
		Func: func(backend.Backend) (Measurement, error) {
			const n, side, degree = 1_000_000, 100.0, 100.0
			c := layers.Local3D{P0: 1, Sigma: 1, Cutoff: 3, Periodic: [3]bool{true, true, true}, Seed: cfg.seed(), Name: "bench"}
			c.Sigma = math.Cbrt(degree / c.ExpectedDegree(1))
			c.Cutoff = 3 * c.Sigma
			t0 := time.Now()
			pos, err := layers.UniformBox(n, layers.Box{Max: [3]float64{side, side, side}}, cfg.seed())
			if err != nil {
				return Measurement{}, fmt.Errorf("build: %w", err)
			}
			c.Pre, c.Post = pos, pos
			m, err := c.Build()
			if err != nil {
				return Measurement{}, fmt.Errorf("build: %w", err)
			}
			wall := time.Since(t0).Seconds()
			return Measurement{
				WallS: wall,
				Figures: []Figure{
					{Name: "synapses", Value: float64(m.NNZ())},
					{Name: "synapses_per_s", Value: float64(m.NNZ()) / wall},
					{Name: "bytes_per_synapse", Value: layers.BytesPerSynapse(m)},
				},
			}, nil
		},
	}
}
