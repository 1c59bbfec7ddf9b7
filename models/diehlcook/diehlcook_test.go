package diehlcook

import (
	"math"
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/backend/cpu"
	"github.com/spikeflow/spikeflow/datasets"
	"github.com/spikeflow/spikeflow/datasets/mnist"
)

func trainSet(t testing.TB) *datasets.Set {
	t.Helper()
	set, err := mnist.Train()
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// train trains a fresh 50-neuron network on n digits.
func train(t *testing.T, set *datasets.Set, n, every int, checkpoint func(*State) error) *State {
	t.Helper()
	s, err := NewState(Config{Neurons: 50, Seed: 3, CheckpointEvery: every}, 1, n)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := NewTrainer(cpu.Backend{}, set, s)
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Train(nil, checkpoint); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestLearns trains on 30 digits and checks what the paper's mechanisms
// must have done: thresholds rose where neurons fired, weights moved and
// stayed normalized, and labels cover more than one class.
func TestLearns(t *testing.T) {
	set := trainSet(t)
	start := time.Now()
	s := train(t, set, 30, 1000, nil)
	t.Logf("30 digits in %v", time.Since(start))
	if s.Seen != 30 || s.Epoch != 1 || s.Next != 0 || !s.Done() {
		t.Fatalf("position after training: seen %d, epoch %d, next %d", s.Seen, s.Epoch, s.Next)
	}
	w0 := s.Config.InitialWeights()
	changed, firing := 0, 0
	for k := range s.W {
		if s.W[k] != w0[k] {
			changed++
		}
	}
	if changed < len(s.W)/2 {
		t.Errorf("%d of %d weights changed, want most (normalization alone scales every column)", changed, len(s.W))
	}
	n := s.Config.Neurons
	for i, th := range s.Theta {
		if th < 0 {
			t.Errorf("theta[%d] = %v mV, below 0", i, th)
		}
		if th > 0 {
			firing++
		}
		var sum float64
		for j := range Inputs {
			sum += float64(s.W[j*n+i])
		}
		// Normalized before the last digit, then moved by its STDP.
		if math.Abs(sum-78*excDrive)/(78*excDrive) > 0.05 {
			t.Errorf("neuron %d: weights sum to %.1f mV, want within 5%% of %v", i, sum, 78*excDrive)
		}
	}
	if firing < 3 {
		t.Errorf("%d neurons have a raised threshold, want several (the inhibition should spread the digits)", firing)
	}
	if err := Label(cpu.Backend{}, s, set, 30, nil); err != nil {
		t.Fatal(err)
	}
	classes := map[int32]bool{}
	for _, l := range s.Labels {
		classes[l] = true
	}
	if len(classes) < 2 {
		t.Errorf("labels %v: one class only", s.Labels)
	}
	if len(s.Recent) != 30 || math.IsNaN(s.RunningAccuracy()) {
		t.Errorf("running estimate over %d digits: %v", len(s.Recent), s.RunningAccuracy())
	}
}
