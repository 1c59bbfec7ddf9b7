package layers_test

import (
	"errors"
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/backend/cpu"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/layers"
	"github.com/spikeflow/spikeflow/ops"
)

func TestLateralInhibitionWeights(t *testing.T) {
	d, err := layers.LateralInhibition{N: 3, Strength: 2}.Dense()
	if err != nil {
		t.Fatal(err)
	}
	want := []float32{0, -2, -2, -2, 0, -2, -2, -2, 0}
	for k := range want {
		if d.W[k] != want[k] {
			t.Fatalf("W = %v, want %v", d.W, want)
		}
	}
	if d.Delay != 1 {
		t.Errorf("Delay = %d, want 1 by default", d.Delay)
	}
	for _, bad := range []layers.LateralInhibition{{N: 3}, {N: -1, Strength: 1}, {N: 2, Strength: 1, Delay: -1}} {
		if _, err := bad.Dense(); !errors.Is(err, ops.ErrParam) {
			t.Errorf("%+v: err = %v, want ErrParam", bad, err)
		}
	}
}

// spikeCounts drives 10 LIF neurons with constant currents rising with
// the index, all above threshold and the last one's clearly highest, for
// 1 s, with or without lateral inhibition, and returns their spike counts.
func spikeCounts(t *testing.T, inhibit bool) []float32 {
	const n = 10
	g := graph.New(graph.Config{Dt: 100 * time.Microsecond, Seed: 1})
	drive := make([]float32, n)
	for i := range drive {
		drive[i] = 0.9 + 0.02*float32(i) // mV per tick into g_e
	}
	drive[n-1] = 1.4
	in := g.Add("drive", &ops.Input{N: n, Value: drive})
	lif := g.Add("lif", &ops.LIF{N: n, TauM: 20 * time.Millisecond, TauE: 5 * time.Millisecond, TauI: 10 * time.Millisecond,
		VRest: -65, VThreshold: -50, VReset: -65, Refractory: 2 * time.Millisecond}, graph.In("exc", in.Out("out")))
	if inhibit {
		li, err := layers.LateralInhibition{N: n, Strength: 30}.Add(g, "inhibition", lif.Out("spikes"))
		if err != nil {
			t.Fatal(err)
		}
		g.Connect(li.Out("post"), lif.In("inh"))
	}
	g.Add("count", &ops.SpikeCount{}, graph.In("spikes", lif.Out("spikes")))
	p, err := cpu.Backend{}.Compile(g)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if err := p.Run(10_000); err != nil {
		t.Fatal(err)
	}
	counts := make([]float32, n)
	if err := p.Read("count.count", counts); err != nil {
		t.Fatal(err)
	}
	return counts
}

// Without inhibition every neuron fires at a rate set by its drive; with
// it, the most driven neuron wins and silences the others after their
// first spikes.
func TestLateralInhibitionWinnerTakesAll(t *testing.T) {
	free, wta := spikeCounts(t, false), spikeCounts(t, true)
	for i, c := range free {
		if c < 10 {
			t.Fatalf("without inhibition neuron %d fired %v times; every neuron should fire (counts %v)", i, c, free)
		}
	}
	var others float32
	for _, c := range wta[:9] {
		others += c
	}
	if wta[9] < 0.8*free[9] || others > 0.05*wta[9] {
		t.Errorf("with inhibition: counts %v; want neuron 9 near its free rate (%v) and the others silent", wta, free[9])
	}
	t.Logf("free: %v\ninhibited: %v", free, wta)
}
