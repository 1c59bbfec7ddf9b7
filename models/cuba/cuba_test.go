package cuba_test

import (
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/backend/cpu"
	"github.com/spikeflow/spikeflow/models/cuba"
)

// TestBenchmarkNetwork: the 4000-neuron network for 1 s fires at a mean
// rate in the range other simulators report (about 5 Hz; we accept 2 to
// 15), the same count every time for the same seed, and another count for
// another seed.
func TestBenchmarkNetwork(t *testing.T) {
	run := func(seed uint64) cuba.Result {
		res, err := cuba.Run(cpu.Backend{}, cuba.Config{N: 4000, Seed: seed}, time.Second)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a, b, c := run(1), run(1), run(2)
	if a.RateHz < 2 || a.RateHz > 15 {
		t.Errorf("mean rate %.2f Hz, want 2 to 15", a.RateHz)
	}
	if a.Spikes != b.Spikes {
		t.Errorf("same seed, %d then %d spikes", a.Spikes, b.Spikes)
	}
	if a.Spikes == c.Spikes {
		t.Errorf("seeds 1 and 2 both give %d spikes", a.Spikes)
	}
	// 320,000 synapses expected (4000 x 4000 x 0.02), binomial sd ~ 560.
	if a.Synapses < 317000 || a.Synapses > 323000 {
		t.Errorf("%d synapses, want about 320000", a.Synapses)
	}
	if a.BytesPerSynapse > 8 {
		t.Errorf("%.2f bytes per synapse, want at most 8", a.BytesPerSynapse)
	}
	if a.Ticks != 10000 || a.DurationS != 1 {
		t.Errorf("ran %d ticks (%v s), want 10000 (1 s)", a.Ticks, a.DurationS)
	}
}

func TestBadConfig(t *testing.T) {
	if _, err := cuba.Build(cuba.Config{N: -5}); err == nil {
		t.Error("N = -5 accepted")
	}
	if _, err := cuba.Build(cuba.Config{N: 100, P: 2}); err == nil {
		t.Error("P = 2 accepted")
	}
	if _, err := cuba.Run(cpu.Backend{}, cuba.Config{N: 10}, -time.Second); err == nil {
		t.Error("negative duration accepted")
	}
}
