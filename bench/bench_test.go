package bench_test

import (
	"testing"

	"github.com/spikeflow/spikeflow/backend/cpu"
	"github.com/spikeflow/spikeflow/bench"
)

// BenchmarkWorkloads runs every workload of `spikeflow bench` on the CPU
// backend with its fixed seed, tiered by size (cuba-4k, cuba-16k,
// cuba-64k), and reports the timed part (wall_s, the simulation loop) and
// each figure of merit, averaged over the iterations, so that benchstat
// compares commits on what the command reports. Workloads not available
// yet are skipped with the reason.
//
//	go test ./bench -run='^$' -bench=Workloads/cuba -benchtime=5x -count=5 > new.txt
//	benchstat old.txt new.txt
func BenchmarkWorkloads(b *testing.B) {
	for _, w := range bench.Workloads(bench.Config{}) {
		b.Run(w.Name, func(b *testing.B) {
			if err := w.Available(cpu.Backend{}); err != nil {
				b.Skip(err)
			}
			sums := map[string]float64{}
			var order []string
			var wall float64
			for b.Loop() {
				m, err := w.Run(cpu.Backend{})
				if err != nil {
					b.Fatal(err)
				}
				wall += m.WallS
				for _, f := range m.Figures {
					if _, seen := sums[f.Name]; !seen {
						order = append(order, f.Name)
					}
					sums[f.Name] += f.Value
				}
			}
			n := float64(b.N)
			b.ReportMetric(wall/n, "wall_s")
			for _, name := range order {
				b.ReportMetric(sums[name]/n, name)
			}
		})
	}
}
