package coding

import (
	"math"

	"github.com/spikeflow/spikeflow/ops"
)

// Frame says which ticks carry which item: neuron i's item k is carried by
// the ticks [Start + k Width, Start + (k+1) Width), for k < Items. Decoded
// values are indexed i*Items + k.
type Frame struct {
	N     int    // neurons
	Start uint64 // first tick of item 0
	Width int    // ticks per item
	Items int    // items per neuron
}

// ThetaFrame is the frame of a code multiplexed on rhythm r, one item per
// gamma cycle, over cycles theta cycles starting with the first theta cycle
// that starts at or after tick from.
func ThetaFrame(r ops.Rhythm, n int, from uint64, cycles int) Frame {
	return Frame{N: n, Start: r.NextTheta(from), Width: r.GammaTicks(), Items: cycles * r.Gamma}
}

// Len is the number of items.
func (f Frame) Len() int { return f.N * f.Items }

// locate returns the item a spike belongs to and its tick within the item.
func (f Frame) locate(t uint64, i int32) (item, offset int, ok bool) {
	if t < f.Start || i < 0 || int(i) >= f.N {
		return 0, 0, false
	}
	k := (t - f.Start) / uint64(f.Width)
	if k >= uint64(f.Items) {
		return 0, 0, false
	}
	return int(i)*f.Items + int(k), int((t - f.Start) % uint64(f.Width)), true
}

// Counts returns the number of spikes of each item.
func Counts(rec ops.SpikeRecord, f Frame) []int {
	c := make([]int, f.Len())
	for e, t := range rec.Tick {
		if item, _, ok := f.locate(t, rec.Index[e]); ok {
			c[item]++
		}
	}
	return c
}

// firsts returns the tick within its item of each item's first spike, or -1.
func firsts(rec ops.SpikeRecord, f Frame) []int {
	first := make([]int, f.Len())
	for i := range first {
		first[i] = -1
	}
	for e, t := range rec.Tick { // canonical order: by tick first
		if item, off, ok := f.locate(t, rec.Index[e]); ok && first[item] < 0 {
			first[item] = off
		}
	}
	return first
}

// DecodeRate is the rate code's estimate: an item's spike count over
// maxCount, its expected count for the value 1, capped at 1.
func DecodeRate(rec ops.SpikeRecord, f Frame, maxCount float64) []float64 {
	out := make([]float64, f.Len())
	for i, c := range Counts(rec, f) {
		out[i] = min(float64(c)/maxCount, 1)
	}
	return out
}

// DecodeLatency inverts ops.Latency with a window of f.Width ticks aligned
// with the frame: the first spike j ticks into the window gives 1 -
// j/(Width-1). An item without a spike decodes as NaN.
func DecodeLatency(rec ops.SpikeRecord, f Frame) []float64 {
	out := make([]float64, f.Len())
	for i, j := range firsts(rec, f) {
		switch {
		case j < 0:
			out[i] = math.NaN()
		case f.Width == 1:
			out[i] = 1
		default:
			out[i] = 1 - float64(j)/float64(f.Width-1)
		}
	}
	return out
}

// DecodePhase inverts ops.Phase with bins bins per gamma cycle of f.Width
// ticks: the first spike's bin b gives b/(bins-1). An item without a spike,
// or whose first spike starts no bin, decodes as NaN.
func DecodePhase(rec ops.SpikeRecord, f Frame, bins int) []float64 {
	out := make([]float64, f.Len())
	for i, j := range firsts(rec, f) {
		b := -1
		if j >= 0 {
			b = ops.PhaseOf(j, bins, f.Width)
		}
		switch {
		case b < 0:
			out[i] = math.NaN()
		case bins == 1:
			out[i] = 0
		default:
			out[i] = float64(b) / float64(bins-1)
		}
	}
	return out
}

// DecodeWeightedPhase inverts ops.WeightedPhase with phases phases per
// gamma cycle of f.Width ticks: it adds the weight 2^-(k+1) of every spike
// (read from its phase k, as a synapse would read it from its value) and
// rescales the sum q/2^K to q/(2^K - 1). Spikes that start no phase are
// ignored.
func DecodeWeightedPhase(rec ops.SpikeRecord, f Frame, phases int) []float64 {
	out := make([]float64, f.Len())
	for e, t := range rec.Tick {
		if item, off, ok := f.locate(t, rec.Index[e]); ok {
			if k := ops.PhaseOf(off, phases, f.Width); k >= 0 {
				out[item] += float64(ops.PhaseWeight(k))
			}
		}
	}
	scale := math.Ldexp(1, phases) / (math.Ldexp(1, phases) - 1)
	for i := range out {
		out[i] *= scale
	}
	return out
}
