package cuba_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/backend/cpu"
	"github.com/spikeflow/spikeflow/models/cuba"
)

// BenchmarkCUBA simulates 1 s of the CUBA network on the CPU backend per
// iteration, tiered by size, with a fixed seed. Besides ns/op it reports
// synaptic events per second of wall time, the real-time factor, and the
// connectivity's bytes per synapse (row pointers included).
//
//	go test ./models/cuba -run=^$ -bench=CUBA -benchtime=5x
func BenchmarkCUBA(b *testing.B) {
	for _, n := range []int{4000, 16000, 64000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			var last cuba.Result
			var wall float64
			for b.Loop() {
				res, err := cuba.Run(cpu.Backend{}, cuba.Config{N: n, Seed: 1}, time.Second)
				if err != nil {
					b.Fatal(err)
				}
				last = res
				wall += res.WallS
			}
			loops := float64(b.N)
			b.ReportMetric(last.SynEvents*loops/wall, "synevents/s")
			b.ReportMetric(last.DurationS*loops/wall, "x_realtime")
			b.ReportMetric(last.BytesPerSynapse, "B/synapse")
			b.ReportMetric(last.RateHz, "Hz")
		})
	}
}
