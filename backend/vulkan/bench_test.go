//go:build cgo

package vulkan

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/models/cuba"
	"github.com/spikeflow/spikeflow/ops"
)

// BenchmarkTickOverhead measures what a tick costs beyond its arithmetic:
// a chain of one-element nodes, so that each tick is nodes dispatches and
// as many barriers, recorded once and submitted in batches of 1000 ticks.
// It reports the time per tick and per dispatch (with its barrier).
//
//	go test ./backend/vulkan -run=^$ -bench=TickOverhead
func BenchmarkTickOverhead(b *testing.B) {
	bk := Backend{Device: -1}
	if err := bk.Capabilities().Available; err != nil {
		b.Skip(err)
	}
	const nodes, ticks = 8, 1000
	g := graph.New(graph.Config{Dt: 100 * time.Microsecond, Seed: 1})
	v := g.Add("in", &ops.Input{N: 1, Spikes: true, Value: []float32{1}}).Out("out")
	for i := range nodes - 2 {
		v = g.Add(fmt.Sprintf("syn%d", i), &ops.Dense{Pre: 1, Post: 1, W: []float32{1}, Delay: 1}, graph.In("pre", v)).Out("post")
	}
	g.Add("count", &ops.SpikeCount{}, graph.In("spikes", v))
	p, err := bk.Compile(g)
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	if err := p.Run(ticks); err != nil { // records the batch
		b.Fatal(err)
	}
	start := time.Now()
	for b.Loop() {
		if err := p.Run(ticks); err != nil {
			b.Fatal(err)
		}
	}
	perTick := time.Since(start).Seconds() / float64(b.N*ticks)
	b.ReportMetric(perTick*1e6, "us/tick")
	b.ReportMetric(perTick*1e6/nodes, "us/dispatch")
	b.ReportMetric(1/perTick, "ticks/s")
}

// BenchmarkClockedTick is BenchmarkTickOverhead's chain with its 6
// synapses in a cluster of period P: on P-1 ticks of P they do not step,
// and each output's idle dispatch (held values of the Dense outputs) runs
// at the start of the tick, before one barrier.
//
//	go test ./backend/vulkan -run=^$ -bench=ClockedTick
func BenchmarkClockedTick(b *testing.B) {
	bk := Backend{Device: -1}
	if err := bk.Capabilities().Available; err != nil {
		b.Skip(err)
	}
	for _, period := range []int{1, 4} {
		b.Run(fmt.Sprintf("P=%d", period), func(b *testing.B) {
			const nodes, ticks = 8, 1000
			g := graph.New(graph.Config{Dt: 100 * time.Microsecond, Seed: 1})
			slow := g.NewCluster("slow", graph.Clock{Period: period})
			v := g.Add("in", &ops.Input{N: 1, Spikes: true, Value: []float32{1}}).Out("out")
			for i := range nodes - 2 {
				v = g.Add(fmt.Sprintf("syn%d", i), &ops.Dense{Pre: 1, Post: 1, W: []float32{1}, Delay: 1},
					graph.In("pre", v), graph.InCluster(slow)).Out("post")
			}
			g.Add("count", &ops.SpikeCount{}, graph.In("spikes", v))
			p, err := bk.Compile(g)
			if err != nil {
				b.Fatal(err)
			}
			defer p.Close()
			if err := p.Run(ticks); err != nil { // records the batch
				b.Fatal(err)
			}
			start := time.Now()
			for b.Loop() {
				if err := p.Run(ticks); err != nil {
					b.Fatal(err)
				}
			}
			perTick := time.Since(start).Seconds() / float64(b.N*ticks)
			b.ReportMetric(perTick*1e6, "us/tick")
			b.ReportMetric(1/perTick, "ticks/s")
		})
	}
}

// BenchmarkCUBA runs 0.1 s of the CUBA network (1000 ticks, one batch) per
// iteration at 4k, 64k and 1M neurons and reports ticks per second and the
// real-time factor. A network too large for the device (1M neurons need an
// 80M-synapse buffer, more than lavapipe's 128 MiB binding limit) is
// skipped with the reason.
//
//	go test ./backend/vulkan -run=^$ -bench=CUBA -benchtime=3x
func BenchmarkCUBA(b *testing.B) {
	bk := Backend{Device: -1}
	if err := bk.Capabilities().Available; err != nil {
		b.Skip(err)
	}
	for _, n := range []int{4000, 64000, 1000000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			var wall, sim float64
			var last cuba.Result
			for b.Loop() {
				res, err := cuba.Run(bk, cuba.Config{N: n, Seed: 1}, 100*time.Millisecond)
				if errors.Is(err, errTooLarge) {
					b.Skip(err)
				}
				if err != nil {
					b.Fatal(err)
				}
				wall += res.WallS
				sim += res.DurationS
				last = res
			}
			b.ReportMetric(float64(last.Ticks)*float64(b.N)/wall, "ticks/s")
			b.ReportMetric(sim/wall, "x_realtime")
			b.ReportMetric(last.SynEvents*float64(b.N)/wall, "synevents/s")
		})
	}
}
