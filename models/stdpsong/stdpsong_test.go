package stdpsong_test

import (
	"math"
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/backend/cpu"
	"github.com/spikeflow/spikeflow/models/stdpsong"
)

// TestBimodal is the paper's result: after 30 s of simulated time (the
// full 100 s takes 30-40 s of wall time here; 30 s takes about 10 and is
// already U-shaped for every seed tried, with end bins about twice the
// middle ones), the two largest of the 10 bins are the end bins, near 0
// and near gmax, and STDP has brought the neuron from the rate its random
// initial weights give (about 45 Hz over the first seconds) down.
func TestBimodal(t *testing.T) {
	if testing.Short() {
		t.Skip("30 s of simulated time; runs without -short")
	}
	res, err := stdpsong.Run(cpu.Backend{}, stdpsong.Config{Duration: 30 * time.Second, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("below 0.1 gmax %.3f, above 0.9 gmax %.3f, histogram %v, output %.1f Hz, wall %.1f s",
		res.Low, res.High, res.Histogram, res.OutputRateHz, res.WallS)
	if !res.Bimodal() {
		t.Errorf("histogram %v is not U-shaped", res.Histogram)
	}
	if res.Low < 0.15 || res.High < 0.1 || res.OutputRateHz > 40 {
		t.Errorf("%.3f below 0.1 gmax, %.3f above 0.9 gmax, %.1f Hz; want at least 0.15 and 0.1, and under 40 Hz",
			res.Low, res.High, res.OutputRateHz)
	}
}

func TestBimodalShape(t *testing.T) {
	for _, c := range []struct {
		h    []int
		want bool
	}{
		{[]int{5, 1, 1, 4}, true},
		{[]int{5, 5, 1, 4}, false},
		{[]int{1, 3, 3, 1}, false},
		{[]int{2, 2}, false},
	} {
		if got := (stdpsong.Result{Histogram: c.h}).Bimodal(); got != c.want {
			t.Errorf("Bimodal(%v) = %v", c.h, got)
		}
	}
}

// The network is built as documented: the synapses start uniform in
// [0, gmax) and run the Song, Miller & Abbott rule.
func TestBuild(t *testing.T) {
	c := stdpsong.Config{N: 10}.Defaults()
	if c.GMax != 0.57 || c.Rate != 15 || c.Duration != 100*time.Second {
		t.Errorf("defaults %+v", c)
	}
	r := c.Rule()
	if math.Abs(r.APlus-0.0057) > 1e-12 || math.Abs(r.AMinus-1.05*r.APlus) > 1e-12 || r.WMax != 0.57 {
		t.Errorf("rule %+v", r)
	}
	if _, err := stdpsong.Build(stdpsong.Config{N: 10}); err != nil {
		t.Fatal(err)
	}
}
