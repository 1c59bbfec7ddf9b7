package cpu_test

import (
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/backend/cpu"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

// TestCodingZeroAllocsPerTick: the oscillator, the multiplexer and the
// three encoders, on a group large enough to run chunks on several
// workers, allocate nothing per tick, on cycle starts (when the encoders
// sample) as on other ticks.
func TestCodingZeroAllocsPerTick(t *testing.T) {
	const n = 20000
	r := ops.Rhythm{Theta: 20, Gamma: 4, Offset: 3}
	g := graph.New(graph.Config{Dt: time.Millisecond, Seed: 1})
	items := make([]float32, n*r.Gamma)
	for i := range items {
		items[i] = float32(i%101) / 100
	}
	in := g.Add("items", &ops.Input{N: len(items), Value: items})
	mux := g.Add("mux", &ops.Multiplex{Rhythm: r, N: n}, graph.In("items", in.Out("out")))
	g.Add("osc", &ops.Oscillator{Rhythm: r})
	for name, op := range map[string]ops.Op{
		"latency":  &ops.Latency{N: n, Window: 5},
		"phase":    &ops.Phase{N: n, Rhythm: r, Bins: 5},
		"weighted": &ops.WeightedPhase{N: n, Rhythm: r, Phases: 5},
	} {
		enc := g.Add(name, op, graph.In("value", mux.Out("out")))
		g.Add(name+"-count", &ops.SpikeCount{}, graph.In("spikes", enc.Out("spikes")))
	}
	p, err := cpu.Backend{Workers: 2}.Compile(g)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if err := p.Run(40); err != nil {
		t.Fatal(err)
	}
	if allocs := testing.AllocsPerRun(200, func() { _ = p.Run(1) }); allocs != 0 {
		t.Errorf("%v allocations per tick, want 0", allocs)
	}
}
