package cpu_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/backend/cpu"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

// BenchmarkLIF steps a LIF group driven by a constant host current, tiered
// by size; it reports nanoseconds per neuron update.
//
//	go test ./backend/cpu -run='^$' -bench=LIF
func BenchmarkLIF(b *testing.B) {
	for _, n := range []int{1_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			g := graph.New(graph.Config{Dt: 100 * time.Microsecond, Seed: 1})
			drive := make([]float32, n)
			for i := range drive {
				drive[i] = 0.02 * float32(i%7)
			}
			in := g.Add("drive", &ops.Input{N: n, Value: drive})
			g.Add("lif", &ops.LIF{N: n, TauM: 20 * time.Millisecond, TauE: 5 * time.Millisecond, TauI: 10 * time.Millisecond,
				VRest: -60, VThreshold: -50, VReset: -60, Refractory: 2 * time.Millisecond},
				graph.In("exc", in.Out("out")))
			p, err := cpu.Backend{}.Compile(g)
			if err != nil {
				b.Fatal(err)
			}
			defer p.Close()
			for b.Loop() {
				_ = p.Run(1)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/neuron")
		})
	}
}
