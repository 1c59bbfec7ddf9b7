package diehlcook

import (
	"math"
	"slices"
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
		if math.Abs(sum-78)/78 > 0.05 {
			t.Errorf("neuron %d: weights sum to %.2f, want within 5%% of 78", i, sum)
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

// TestLabelsAndPredict checks the paper's labelling and vote by hand on
// three neurons.
func TestLabelsAndPredict(t *testing.T) {
	r := NewResponses(3)
	// Class 1: neuron 0 fires 4 and 2 times (mean 3); class 7: neuron 0
	// fires 5 times on one digit (mean 5), neuron 2 once.
	r.Add([]float32{4, 1, 0}, 1)
	r.Add([]float32{2, 1, 0}, 1)
	r.Add([]float32{5, 0, 1}, 7)
	labels := make([]int32, 3)
	r.Labels(labels)
	// Neuron 1 (mean 1 for class 1, 0 for 7) goes to 1; neuron 2 to 7.
	if want := []int32{7, 1, 7}; !slices.Equal(labels, want) {
		t.Fatalf("labels %v, want %v", labels, want)
	}
	// Class 7's neurons fire 2 on average, class 1's neuron 3: class 1.
	if got := Predict([]float32{3, 3, 1}, labels); got != 1 {
		t.Errorf("Predict = %d, want 1", got)
	}
	if got := Predict([]float32{3, 0, 1}, labels); got != 7 {
		t.Errorf("Predict = %d, want 7", got)
	}
	r.Decay(0.5)
	if r.Count[1] != 1 || r.Sum[1*3+0] != 3 {
		t.Errorf("after Decay(0.5): count %v, sum %v", r.Count[1], r.Sum[3])
	}
}

// TestFrozen shows digits with learning off, as Label and Evaluate do:
// the weights and thresholds in the program must not move, and two
// evaluations must agree.
func TestFrozen(t *testing.T) {
	set := trainSet(t)
	s, err := NewState(Config{Neurons: 20, Seed: 9}, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	net, err := build(cpu.Backend{}, s.Config, s.W, s.Theta, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer net.prog.Close()
	if err := net.sw.Set(net.prog, false); err != nil {
		t.Fatal(err)
	}
	counts := make([]float32, 20)
	p := newPresenter(net, s.Config)
	var spikes float32
	for k := range 5 {
		x, _ := set.Sample(k)
		if _, err := p.present(x, set.Max(), false, counts); err != nil {
			t.Fatal(err)
		}
		for _, c := range counts {
			spikes += c
		}
	}
	if spikes == 0 {
		t.Fatal("no excitatory spikes in 5 digits")
	}
	after := &State{Config: s.Config, W: make([]float32, len(s.W)), Theta: make([]float32, 20)}
	if err := readLearned(net, after); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(after.W, s.W) || !slices.Equal(after.Theta, s.Theta) {
		t.Error("weights or thresholds moved with learning off")
	}

	s.Labels = make([]int32, 20)
	for i := range s.Labels {
		s.Labels[i] = int32(i % Classes)
	}
	r1, err := Evaluate(cpu.Backend{}, s, set, 10, nil)
	if err != nil {
		t.Fatal(err)
	}
	r2, _ := Evaluate(cpu.Backend{}, s, set, 10, nil)
	if r1 != r2 || r1.Total != 10 {
		t.Errorf("two evaluations: %+v and %+v", r1, r2)
	}
}

// TestWeightsAboveWMax: normalization scales weights without clipping
// them, so a run of digits can end with weights above WMax, from which no
// program compiles. Training must clip them at the end of each run (and
// from a checkpoint that holds them) instead of failing.
func TestWeightsAboveWMax(t *testing.T) {
	s, err := NewState(Config{Neurons: 20, Seed: 4, CheckpointEvery: 1}, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	wmax := float32(rule().WMax)
	s.W[7] = wmax * 1.001
	tr, _ := NewTrainer(cpu.Backend{}, trainSet(t), s)
	if err := tr.Train(nil, nil); err != nil {
		t.Fatal(err)
	}
	for k, w := range s.W {
		if w > wmax {
			t.Fatalf("W[%d] = %v after training, above WMax = %v", k, w, wmax)
		}
	}
}
