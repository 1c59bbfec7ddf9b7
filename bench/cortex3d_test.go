package bench_test

import (
	"math"
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/backend/cpu"
	"github.com/spikeflow/spikeflow/bench"
)

// TestClustersWorkload runs clusters-2x for 50 ms simulated and checks
// that its figures agree with each other: the speed-up is the ratio of
// the two tick rates, the rate at GOMAXPROCS 2 is the ticks over the
// timed part, and the setup holds the build and the other simulations.
func TestClustersWorkload(t *testing.T) {
	ws, err := bench.Select(bench.Workloads(bench.Config{Duration: 50 * time.Millisecond}), "clusters-2x")
	if err != nil {
		t.Fatal(err)
	}
	if err := ws[0].Available(cpu.Backend{}); err != nil {
		t.Skip(err) // a 1-CPU machine
	}
	m, err := ws[0].Run(cpu.Backend{})
	if err != nil {
		t.Fatal(err)
	}
	fig := map[string]float64{}
	for _, f := range m.Figures {
		fig[f.Name] = f.Value
	}
	if fig["duration_s"] != 0.05 || !(m.WallS > 0) || !(fig["build_s"] > 0) || !(m.SetupS > fig["build_s"]) {
		t.Fatalf("figures %v, wall %v s, setup %v s", fig, m.WallS, m.SetupS)
	}
	if got, want := fig["ticks_per_s_2"], 500/m.WallS; math.Abs(got-want) > 1e-9*want {
		t.Errorf("ticks_per_s_2 = %v, want 500 ticks / wall = %v", got, want)
	}
	if got, want := fig["speedup"], fig["ticks_per_s_2"]/fig["ticks_per_s_1"]; math.Abs(got-want) > 1e-9*want {
		t.Errorf("speedup = %v, want the ratio of the tick rates %v", got, want)
	}
}

// TestCortex3DWorkload runs cortex3d-1e5 for 20 ms simulated.
func TestCortex3DWorkload(t *testing.T) {
	ws, err := bench.Select(bench.Workloads(bench.Config{Duration: 20 * time.Millisecond}), "cortex3d-1e5")
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
	if got, want := fig["ticks_per_s"], 200/m.WallS; math.Abs(got-want) > 1e-9*want {
		t.Errorf("ticks_per_s = %v, want 200 ticks / wall = %v", got, want)
	}
	if b := fig["bytes_per_synapse"]; b < 4 || b > 8 {
		t.Errorf("bytes_per_synapse = %v, want 4 to 8", b)
	}
	if s := fig["synapses"]; s < 1.3e7 || s > 1.7e7 {
		t.Errorf("%v synapses, want about 1.5e7 (100,000 neurons x ~150 inputs)", s)
	}
	if !(fig["build_s"] > 0) || m.SetupS < fig["build_s"] {
		t.Errorf("build %v s, setup %v s", fig["build_s"], m.SetupS)
	}
}
