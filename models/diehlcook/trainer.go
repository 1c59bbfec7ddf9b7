package diehlcook

import (
	"fmt"
	"math"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/datasets"
	"github.com/spikeflow/spikeflow/rng"
)

// RecentWindow is the number of training digits the running accuracy
// estimate looks back over.
const RecentWindow = 1000

// runningDecay is how much the running responses forget per training
// digit: a memory of about RecentWindow digits, so that the labels of the
// estimate follow the network as it learns.
const runningDecay = 1 - 1.0/RecentWindow

// State is everything training has learned and where it stands: what a
// checkpoint holds.
type State struct {
	Config     Config
	Epochs     int // epochs planned
	TrainLimit int // training digits per epoch; 0: the whole set
	Epoch      int // the epoch in progress
	Next       int // the position in the epoch's order of the next digit
	Seen       int // digits trained on so far, over all epochs

	W     []float32 // input weights (conductances), Inputs x Neurons
	Theta []float32 // adaptive thresholds, mV, from ThetaOffset at the start

	// Running are the training responses, decayed by runningDecay per
	// digit, and Recent whether each of the last RecentWindow digits was
	// classified right by the labels they gave before the digit was
	// learned (1) or not (0), in a ring starting at RecentPos.
	Running   Responses
	Recent    []byte
	RecentPos int

	Labels []int32 // from Label; nil before
}

// NewState is the state before training: the paper's initial weights and
// thresholds (theta = ThetaOffset).
func NewState(c Config, epochs, trainLimit int) (*State, error) {
	c = c.Defaults()
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if epochs < 1 || trainLimit < 0 {
		return nil, fmt.Errorf("%w: epochs = %d, train limit = %d: want epochs >= 1, limit >= 0", ErrConfig, epochs, trainLimit)
	}
	return &State{Config: c, Epochs: epochs, TrainLimit: trainLimit, W: c.InitialWeights(),
		Theta: initialTheta(c.Neurons), Running: NewResponses(c.Neurons)}, nil
}

// initialTheta is theta before training: ThetaOffset for every neuron.
func initialTheta(n int) []float32 {
	theta := make([]float32, n)
	for i := range theta {
		theta[i] = ThetaOffset
	}
	return theta
}

// Done reports whether every planned epoch has been trained.
func (s *State) Done() bool { return s.Epoch >= s.Epochs }

// RunningAccuracy is the fraction of the last RecentWindow training digits
// (or fewer, early on) that the running labels classified right; NaN
// before the first.
func (s *State) RunningAccuracy() float64 {
	if len(s.Recent) == 0 {
		return math.NaN()
	}
	hits := 0
	for _, h := range s.Recent {
		hits += int(h)
	}
	return float64(hits) / float64(len(s.Recent))
}

// Progress is what Train reports after each digit.
type Progress struct {
	Seen, Total int     // digits trained on, and planned over all epochs
	Epoch       int     // the epoch in progress
	Running     float64 // State.RunningAccuracy
}

// Trainer trains a State on a training set.
//
// The network is compiled from the learned state (input weights as the
// STDP op's W, thresholds as AdaptiveLIF's Theta0) and runs
// Config.CheckpointEvery digits; then the weights and thresholds are read
// back, the program is closed and, in Train, the checkpoint is written. The
// next digits run on a program compiled afresh, whose voltages,
// conductances and STDP traces start at rest, and whose input spikes are
// drawn with a seed derived from (Seed, digits seen). Resuming from a
// checkpoint compiles exactly that program, so a resumed run is bit for bit
// the run that was not interrupted. Starting at rest rather than where the
// previous digit left the network changes nothing of substance: the 150 ms
// rest exists to let those variables decay (the traces by e^-7.5, v and the
// conductances to within a fraction of a millivolt of rest).
type Trainer struct {
	State *State
	b     backend.Backend
	set   *datasets.Set
}

// NewTrainer trains s on set with backend b.
func NewTrainer(b backend.Backend, set *datasets.Set, s *State) (*Trainer, error) {
	if set.Dim() != Inputs || len(set.Classes()) != Classes {
		return nil, fmt.Errorf("diehlcook: data set %s has %d features and %d classes, want %d and %d (MNIST)",
			set.Name(), set.Dim(), len(set.Classes()), Inputs, Classes)
	}
	n := s.Config.Neurons
	if len(s.W) != Inputs*n || len(s.Theta) != n || len(s.Running.Sum) != Classes*n || len(s.Running.Count) != Classes {
		return nil, fmt.Errorf("diehlcook: state sizes do not match %d neurons", n)
	}
	return &Trainer{State: s, b: b, set: set}, nil
}

// perEpoch is the number of training digits in an epoch.
func (t *Trainer) perEpoch() int {
	if t.State.TrainLimit > 0 && t.State.TrainLimit < t.set.Len() {
		return t.State.TrainLimit
	}
	return t.set.Len()
}

// order is the order of the digits of an epoch: a shuffle of the first
// perEpoch digits keyed by (Seed, epoch).
func (t *Trainer) order(epoch int) []int {
	idx := make([]int, t.perEpoch())
	for k := range idx {
		idx[k] = k
	}
	datasets.Shuffle(idx, t.State.Config.Seed, uint64(epoch))
	return idx
}

// Train trains until every planned epoch is done, calling progress (if
// not nil) after each digit and checkpoint (if not nil) with the state at
// the end of every run of CheckpointEvery digits and at the end of each
// epoch. An error from checkpoint stops training.
func (t *Trainer) Train(progress func(Progress), checkpoint func(*State) error) error {
	s := t.State
	c := s.Config
	total := s.Epochs * t.perEpoch()
	counts := make([]float32, c.Neurons)
	labels := make([]int32, c.Neurons)
	// A no-op but for checkpoints saved before readLearned clipped.
	s.clipWeights()
	for !s.Done() {
		order := t.order(s.Epoch)
		net, err := build(t.b, c, s.W, s.Theta, derivedSeed(c.Seed, segmentTag, uint64(s.Seen)))
		if err != nil {
			return err
		}
		pres := newPresenter(net, c)
		for {
			x, y := t.set.Sample(order[s.Next])
			if _, err := pres.present(x, t.set.Max(), true, counts); err != nil {
				net.prog.Close()
				return fmt.Errorf("diehlcook: training digit %d: %w", order[s.Next], err)
			}
			s.observe(counts, int(y), labels)
			s.Next++
			s.Seen++
			if s.Next == len(order) {
				s.Epoch, s.Next = s.Epoch+1, 0
			}
			if progress != nil {
				progress(Progress{Seen: s.Seen, Total: total, Epoch: s.Epoch, Running: s.RunningAccuracy()})
			}
			if s.Next == 0 || s.Seen%c.CheckpointEvery == 0 {
				break
			}
		}
		err = readLearned(net, s)
		net.prog.Close()
		if err != nil {
			return err
		}
		if checkpoint != nil {
			if err := checkpoint(s); err != nil {
				return err
			}
		}
	}
	return nil
}

// observe scores a training digit with the running labels, then adds its
// response to the running responses.
func (s *State) observe(counts []float32, y int, labels []int32) {
	s.Running.Labels(labels)
	hit := byte(0)
	if Predict(counts, labels) == y {
		hit = 1
	}
	if len(s.Recent) < RecentWindow {
		s.Recent = append(s.Recent, hit)
	} else {
		s.Recent[s.RecentPos] = hit
		s.RecentPos = (s.RecentPos + 1) % RecentWindow
	}
	s.Running.Decay(runningDecay)
	s.Running.Add(counts, y)
}

// readLearned copies the program's weights and thresholds into s. The
// weights are clipped to the rule's bounds: a normalization may have left
// some above WMax (the STDP op clips a weight only when it next changes),
// and a program compiles only from weights within the bounds. Clipping
// here, on the uninterrupted run as on a resumed one, keeps the two
// identical.
func readLearned(net *network, s *State) error {
	if err := net.prog.Read(nodeSyn+".w", s.W); err != nil {
		return fmt.Errorf("diehlcook: reading the weights: %w", err)
	}
	s.clipWeights()
	if err := net.prog.Read(nodeExc+".theta", s.Theta); err != nil {
		return fmt.Errorf("diehlcook: reading the thresholds: %w", err)
	}
	return nil
}

// clipWeights limits the weights to the rule's bounds.
func (s *State) clipWeights() {
	r := rule()
	f := r.Factors(s.Config.Dt)
	for k, w := range s.W {
		s.W[k] = f.Clip(w)
	}
}

// Seeds of the programs, one tag per use, so that no two share input
// spikes.
const (
	segmentTag = iota
	labelTag
	evalTag
)

// derivedSeed is a seed for the programs of one use (tag) at one position.
func derivedSeed(seed uint64, tag uint32, pos uint64) uint64 {
	b := rng.NewKey(seed).Block(rng.Stream("diehlcook/seed"), pos, tag)
	return uint64(b[0]) | uint64(b[1])<<32
}

// frozen shows the first limit digits of set (all for 0), in order, to a
// network compiled from s with learning off, and calls fn with each
// digit's spike counts.
func frozen(b backend.Backend, s *State, set *datasets.Set, limit int, tag uint32, fn func(k int, counts []float32, y int)) error {
	c := s.Config
	if limit <= 0 || limit > set.Len() {
		limit = set.Len()
	}
	net, err := build(b, c, s.W, s.Theta, derivedSeed(c.Seed, tag, uint64(s.Seen)))
	if err != nil {
		return err
	}
	defer net.prog.Close()
	if err := net.sw.Set(net.prog, false); err != nil {
		return err
	}
	pres := newPresenter(net, c)
	counts := make([]float32, c.Neurons)
	for k := range limit {
		x, y := set.Sample(k)
		if _, err := pres.present(x, set.Max(), false, counts); err != nil {
			return fmt.Errorf("diehlcook: digit %d of %s: %w", k, set.Name(), err)
		}
		fn(k, counts, int(y))
	}
	return nil
}

// Label sets s.Labels from the mean responses per class to the first limit
// digits of set (0: all), with learning off. progress, if not nil, is
// called after each digit.
func Label(b backend.Backend, s *State, set *datasets.Set, limit int, progress func(done, total int)) error {
	r := NewResponses(s.Config.Neurons)
	total := limitOf(set, limit)
	err := frozen(b, s, set, limit, labelTag, func(k int, counts []float32, y int) {
		r.Add(counts, y)
		if progress != nil {
			progress(k+1, total)
		}
	})
	if err != nil {
		return err
	}
	s.Labels = make([]int32, s.Config.Neurons)
	r.Labels(s.Labels)
	return nil
}

// Result is the accuracy of a labelled network on a test set.
type Result struct {
	Correct, Total int
	Accuracy       float64
}

// Evaluate classifies the first limit digits of set (0: all) with
// learning off, by s.Labels.
func Evaluate(b backend.Backend, s *State, set *datasets.Set, limit int, progress func(done, total int, accuracy float64)) (Result, error) {
	if len(s.Labels) != s.Config.Neurons {
		return Result{}, fmt.Errorf("diehlcook: the network has no labels: run Label first")
	}
	var r Result
	total := limitOf(set, limit)
	err := frozen(b, s, set, limit, evalTag, func(k int, counts []float32, y int) {
		if Predict(counts, s.Labels) == y {
			r.Correct++
		}
		r.Total++
		if progress != nil {
			progress(k+1, total, float64(r.Correct)/float64(r.Total))
		}
	})
	if r.Total > 0 {
		r.Accuracy = float64(r.Correct) / float64(r.Total)
	}
	return r, err
}

func limitOf(set *datasets.Set, limit int) int {
	if limit <= 0 || limit > set.Len() {
		return set.Len()
	}
	return limit
}
