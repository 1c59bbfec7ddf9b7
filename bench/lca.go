package bench

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/layers"
)

// lcaWorkload codes LCAProblem's 1000 signals with layers.SolveLasso
// (LcAdam, each signal stopping when its relative change per iteration
// falls below 1e-3, which brings its objective within 1e-4 of the optimum)
// and reports the mean LASSO objective, which the scikit-learn peer must
// match within 1e-4 before a ratio is printed. The wall time is the solve;
// compiling the layer (its Gram matrix) is setup.
func lcaWorkload(cfg Config) Workload {
	problem := sync.OnceValue(func() LassoProblem { return LCAProblem(cfg.seed()) })
	return Workload{
		Name: "lca-1000x64x256", Group: "lca",
		Summary: "LCA sparse coding (LcAdam), 1000 signals, 64x256 dictionary, lambda 0.1: time to a mean objective within 1e-4 of the optimum",
		Func: func(b backend.Backend) (Measurement, error) {
			p := problem()
			t0 := time.Now()
			res, err := layers.SolveLasso(b, p.Dict, p.M, p.K, p.Signals, p.Lambda)
			if err != nil {
				return Measurement{}, fmt.Errorf("lca: %w", err)
			}
			total := time.Since(t0).Seconds()
			var obj, nonzero float64
			for _, o := range res.Objective {
				obj += o
			}
			for _, c := range res.Codes {
				if c != 0 {
					nonzero++
				}
			}
			iters := slices.Clone(res.Iters)
			slices.Sort(iters)
			return Measurement{
				WallS:  res.Time.Seconds(),
				SetupS: total - res.Time.Seconds(),
				Figures: []Figure{
					{Name: "objective", Value: obj / float64(p.N)},
					{Name: "nonzero", Value: nonzero / float64(p.N)},
					{Name: "iterations_median", Value: float64(iters[len(iters)/2])},
					{Name: "iterations_max", Value: float64(iters[len(iters)-1])},
				},
			}, nil
		},
		Peers: []Peer{lassoPeer(problem)},
	}
}
