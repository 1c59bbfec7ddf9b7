package cpu_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/backend/cpu"
	"github.com/spikeflow/spikeflow/backend/ref"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

// BenchmarkWta steps ops.Wta on a spectrogram-sized map (128 x 256, 3x3
// windows with stride 1: most units in 9 windows) and on a batch of 256
// classic circuits of 100 units, on the CPU backend (1 and all workers)
// and the reference; it reports nanoseconds per unit update.
//
//	go test ./backend/cpu -run='^$' -bench=Wta
func BenchmarkWta(b *testing.B) {
	for _, c := range []struct {
		name                   string
		batch, h, w, kh, kw, s int
	}{{"conv128x256", 1, 128, 256, 3, 3, 1}, {"classic256x100", 256, 1, 100, 1, 100, 1}} {
		p := &ops.Wta{B: c.batch, H: c.h, W: c.w, KH: c.kh, KW: c.kw, SH: c.s, SW: c.s, Alpha: 1.2, Beta1: 3, Beta2: 0.25,
			Tau: 100 * time.Millisecond}
		n := c.batch * c.h * c.w
		in := make([]float32, n)
		for i := range in {
			in[i] = float32(math.Mod(float64(i)*0.618034, 1))
		}
		for _, be := range []struct {
			name string
			b    backend.Backend
		}{{"cpu", cpu.Backend{}}, {"cpu-1worker", cpu.Backend{Workers: 1}}, {"ref", ref.Backend{}}} {
			b.Run(fmt.Sprintf("%s/%s", c.name, be.name), func(b *testing.B) {
				g := graph.New(graph.Config{Dt: time.Millisecond, Seed: 1})
				src := g.Add("in", &ops.Input{N: n, Value: in})
				g.Add("wta", p, graph.In("in", src.Out("out")))
				prog, err := be.b.Compile(g)
				if err != nil {
					b.Fatal(err)
				}
				defer prog.Close()
				for b.Loop() {
					_ = prog.Run(1)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/unit")
			})
		}
	}
}
