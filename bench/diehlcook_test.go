package bench_test

import (
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/backend/cpu"
	"github.com/spikeflow/spikeflow/bench"
)

// TestDiehlCookWorkload runs diehlcook-100 on 2 timed digits (1 s
// simulated) and checks that its figures agree with each other.
func TestDiehlCookWorkload(t *testing.T) {
	ws, err := bench.Select(bench.Workloads(bench.Config{Duration: time.Second}), "diehlcook-100")
	if err != nil {
		t.Fatal(err)
	}
	m, err := ws[0].Run(cpu.Backend{})
	if err != nil {
		t.Fatal(err)
	}
	fig := map[string]float64{}
	for _, f := range m.Figures {
		fig[f.Name] = f.Value
	}
	if fig["digits"] != 2 || !(m.WallS > 0) || !(m.SetupS > 0) {
		t.Fatalf("digits %v, wall %v s, setup %v s", fig["digits"], m.WallS, m.SetupS)
	}
	if got, want := fig["digits_per_s"], 2/m.WallS; got != want {
		t.Errorf("digits_per_s = %v, want digits / wall = %v", got, want)
	}
	if got, want := fig["epoch_min"], 60000/fig["digits_per_s"]/60; got != want {
		t.Errorf("epoch_min = %v, want %v", got, want)
	}
}
