package cortex3d_test

import (
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/backend/cpu"
	"github.com/spikeflow/spikeflow/models/cortex3d"
)

// BenchmarkCortex3D simulates the default network on the CPU backend per
// iteration, tiered by size, with a fixed seed, for as long as the bench
// workloads cortex3d-1e5 and cortex3d-1e6 do (1 s and 300 ms). The
// network is built once per size, outside the timed loop; its build time
// is reported beside the tick rate, the real-time factor and the mean
// rate of each layer. N=1e6 needs about 2 GB and a minute to build; -short
// leaves it out.
//
//	go test ./models/cortex3d -run='^$' -bench=Cortex3D -benchtime=3x
func BenchmarkCortex3D(b *testing.B) {
	for _, tier := range []struct {
		name string
		n    int
		d    time.Duration
	}{{"N=1e5", 100_000, time.Second}, {"N=1e6", 1_000_000, 300 * time.Millisecond}} {
		b.Run(tier.name, func(b *testing.B) {
			if tier.n > 100_000 && testing.Short() {
				b.Skip("-short: N=1e6 takes a minute to build")
			}
			t0 := time.Now()
			net, err := cortex3d.Build(cortex3d.Config{N: tier.n, Seed: 1})
			if err != nil {
				b.Fatal(err)
			}
			build := time.Since(t0).Seconds()
			var last cortex3d.Result
			var ticks, wall float64
			for b.Loop() {
				res, _, err := net.Simulate(cpu.Backend{}, tier.d)
				if err != nil {
					b.Fatal(err)
				}
				last = res
				ticks += float64(res.Ticks)
				wall += res.WallS
			}
			b.ReportMetric(ticks/wall, "ticks/s")
			b.ReportMetric(build, "build_s")
			b.ReportMetric(last.DurationS*float64(b.N)/wall, "x_realtime")
			b.ReportMetric(last.Layers[0].RateHz, "fast_Hz")
			b.ReportMetric(last.Layers[1].RateHz, "slow_Hz")
			b.ReportMetric(last.BytesPerSynapse, "B/synapse")
		})
	}
}
