package coding

import (
	"fmt"
	"math"

	"github.com/spikeflow/spikeflow/rng"
)

// Readout turns the spike counts of an output group over a window into
// action probabilities, a softmax over weighted counts with a temperature,
//
//	score_a = sum_i W[a N + i] count_i,   p_a = exp(score_a / T) / sum_b exp(score_b / T),
//
// and samples an action from them with the counter-based generator, keyed
// by (Seed, Stream, step, 0), so the same counts at the same step give the
// same action on every run and every backend.
//
// It runs on the host, not as an op: the softmax needs exp, which the
// kernels never evaluate (a GPU's exp need not round as Go's does), and a
// decision is made once per window, not per tick. The counts it reads
// (a SpikeCount node's state) are integers, identical on every backend, so
// the probabilities and the action are too.
type Readout struct {
	N, Actions  int
	W           []float64 // Actions x N, row-major
	Temperature float64   // > 0; large: uniform, small: greedy
	Seed        uint64
	Stream      uint32 // e.g. rng.Stream of the output group's name
}

// Check reports invalid parameters.
func (r *Readout) Check() error {
	switch {
	case r.N < 0 || r.Actions < 1:
		return fmt.Errorf("readout: N = %d, Actions = %d; want N >= 0 and at least one action", r.N, r.Actions)
	case len(r.W) != r.N*r.Actions:
		return fmt.Errorf("readout: len(W) = %d, want Actions*N = %d", len(r.W), r.N*r.Actions)
	case !(r.Temperature > 0) || math.IsInf(r.Temperature, 0):
		return fmt.Errorf("readout: Temperature = %v, must be finite and > 0", r.Temperature)
	}
	for i, w := range r.W {
		if math.IsNaN(w) || math.IsInf(w, 0) {
			return fmt.Errorf("readout: W[%d] = %v, must be finite", i, w)
		}
	}
	return nil
}

// Probabilities writes the action probabilities for counts into dst
// (length Actions) and returns it. The largest score is subtracted before
// exponentiating, so no score overflows.
func (r *Readout) Probabilities(counts []float32, dst []float64) []float64 {
	best := math.Inf(-1)
	for a := range r.Actions {
		s := 0.0
		for i, c := range counts[:r.N] {
			s += r.W[a*r.N+i] * float64(c)
		}
		dst[a] = s / r.Temperature
		best = max(best, dst[a])
	}
	sum := 0.0
	for a := range dst[:r.Actions] {
		dst[a] = math.Exp(dst[a] - best)
		sum += dst[a]
	}
	for a := range dst[:r.Actions] {
		dst[a] /= sum
	}
	return dst
}

// Act samples an action for counts at a decision step and returns it with
// the probabilities it was drawn from.
func (r *Readout) Act(counts []float32, step uint64) (int, []float64) {
	p := r.Probabilities(counts, make([]float64, r.Actions))
	return Sample(p, rng.NewKey(r.Seed), r.Stream, step), p
}

// Sample draws an index from the distribution p with the generator's word
// for (stream, step, 0), as a number in (0, 1).
func Sample(p []float64, key rng.Key, stream uint32, step uint64) int {
	u := rng.ToFloat64Open(key.Uint32(stream, step, 0))
	acc := 0.0
	for a, pa := range p {
		acc += pa
		if u < acc {
			return a
		}
	}
	return len(p) - 1 // rounding left the sum a hair below u
}

// Window keeps the counts of the last Cycles cycles: push the cumulative
// counts (a SpikeCount's state) at the end of every cycle, and Counts
// returns what was added over the last Cycles of them (fewer at the start).
type Window struct {
	cycles int
	snaps  [][]float32 // ring of cumulative counts, cycles+1 deep
	pushed int
	out    []float32
}

// NewWindow returns a window over cycles cycles of n counts.
func NewWindow(n, cycles int) *Window {
	w := &Window{cycles: max(cycles, 1), out: make([]float32, n)}
	w.snaps = make([][]float32, w.cycles+1)
	for i := range w.snaps {
		w.snaps[i] = make([]float32, n)
	}
	return w
}

// Push records the cumulative counts at the end of a cycle.
func (w *Window) Push(cumulative []float32) {
	copy(w.snaps[w.pushed%len(w.snaps)], cumulative)
	w.pushed++
}

// Counts returns the counts over the last cycles cycles pushed; the slice
// is reused by the next call.
func (w *Window) Counts() []float32 {
	if w.pushed == 0 {
		clear(w.out)
		return w.out
	}
	newest := w.snaps[(w.pushed-1)%len(w.snaps)]
	var oldest []float32
	if w.pushed > w.cycles {
		oldest = w.snaps[(w.pushed-1-w.cycles)%len(w.snaps)]
	}
	for i := range w.out {
		w.out[i] = newest[i]
		if oldest != nil {
			w.out[i] -= oldest[i]
		}
	}
	return w.out
}
