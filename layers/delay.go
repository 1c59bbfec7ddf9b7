package layers

import (
	"fmt"
	"math"
	"time"

	"github.com/spikeflow/spikeflow/ops"
	"github.com/spikeflow/spikeflow/rng"
)

// SplitByDelay gives the synapses of m heterogeneous delays and returns
// them as one Sparse projection per distinct delay, in increasing order of
// delay, each with the same Pre and Post as m and the synapses of m that
// drew its delay (rows in the same order, weights carried along, a shared
// weight staying shared).
//
// The delay of the k-th synapse of row j is drawn from delayMs, in
// milliseconds, by (seed, Stream(name+"/delay"), j, k), and rounded to the
// nearest whole number of ticks of dt, as Brian2 rounds delays to dt. It
// must come to between 1 and ops.MaxDelay ticks: a spike is delivered at
// least one tick after it is emitted. A TruncNormal or Uniform keeps a
// distribution in range.
//
// Why several projections rather than a delay per synapse: the Sparse op,
// on every backend, delays a whole projection by one amount, and grouping
// by delay keeps that op, its kernels and its 4 to 8 bytes per synapse as
// they are, at the price of one row-pointer array per group (4 bytes per
// presynaptic neuron per distinct delay). A delay per synapse needs an op
// whose kernels deliver spikes into a ring of future ticks; it comes with
// the clock-domain work. Until then, a split that would need more row
// pointers than synapses, or 64 MiB of them, is refused: round delays more
// coarsely.
func SplitByDelay(m ops.CSR, delayMs Dist, dt time.Duration, seed uint64, name string) ([]ops.Sparse, error) {
	ck := newCheck("SplitByDelay", name)
	if delayMs == nil {
		ck.failf("delay distribution is nil")
	}
	ck.dist("delayMs", delayMs)
	if dt <= 0 {
		ck.failf("dt = %v, must be > 0", dt)
	}
	ck.wrap("the CSR", m.Check())
	if err := ck.err(); err != nil {
		return nil, err
	}
	ticks, err := drawDelays(m, delayMs, dt, seed, name)
	if err != nil {
		return nil, err
	}
	// Group g holds delay delays[g]; group[d] is the group of delay d.
	var used [ops.MaxDelay + 1]bool
	for _, d := range ticks {
		used[d] = true
	}
	var delays []int
	var group [ops.MaxDelay + 1]int
	for d, u := range used {
		if u {
			group[d] = len(delays)
			delays = append(delays, d)
		}
	}
	if ptrs := float64(len(delays)) * float64(m.Pre+1); ptrs > max(float64(m.NNZ()+m.Pre+1), 1<<24) {
		ck.failf("%d distinct delays would need %.4g row pointers for %d synapses; round delays more coarsely",
			len(delays), ptrs, m.NNZ())
		return nil, ck.err()
	}
	out := make([]ops.Sparse, len(delays))
	for g, d := range delays {
		out[g] = ops.Sparse{Delay: d, CSR: ops.CSR{Pre: m.Pre, Post: m.Post, RowPtr: make([]int32, m.Pre+1)}}
	}
	// Count each group's synapses per row, then lay the rows out.
	parallelRows(0, m.Pre, func(j int) {
		for k := m.RowPtr[j]; k < m.RowPtr[j+1]; k++ {
			out[group[ticks[k]]].RowPtr[j+1]++
		}
	})
	shared := len(m.Weight) == 1
	for g := range out {
		p := &out[g].CSR
		for j := range m.Pre {
			p.RowPtr[j+1] += p.RowPtr[j]
		}
		p.Target = make([]int32, p.RowPtr[m.Pre])
		if shared {
			p.Weight = []float32{m.Weight[0]}
		} else {
			p.Weight = make([]float32, len(p.Target))
		}
	}
	parallelBlocksWith(0, m.Pre, rowBlock, func() []int32 { return make([]int32, len(out)) },
		func(at []int32, _, lo, hi int) {
			for j := lo; j < hi; j++ {
				for g := range out {
					at[g] = out[g].RowPtr[j]
				}
				for k := m.RowPtr[j]; k < m.RowPtr[j+1]; k++ {
					g := group[ticks[k]]
					p := &out[g].CSR
					p.Target[at[g]] = m.Target[k]
					if !shared {
						p.Weight[at[g]] = m.Weight[k]
					}
					at[g]++
				}
			}
		})
	return out, nil
}

// drawDelays returns the delay of every synapse of m, in ticks.
func drawDelays(m ops.CSR, delayMs Dist, dt time.Duration, seed uint64, name string) ([]uint16, error) {
	ticks := make([]uint16, m.NNZ())
	perTick := float64(dt) / float64(time.Millisecond)
	quantile := quantileOf(delayMs)
	err := perSynapse(&m, rng.NewKey(seed), delayStream(name), func(k, j int, u float64) error {
		ms := quantile(u)
		d := math.Round(ms / perTick)
		if !(d >= 1 && d <= ops.MaxDelay) {
			return fmt.Errorf("%s: %w: synapse %d (row %d) drew a delay of %v ms = %v ticks of %v, must be in [1, %d] ticks",
				newCheck("SplitByDelay", name).who(), ops.ErrParam, k, j, ms, d, dt, ops.MaxDelay)
		}
		ticks[k] = uint16(d)
		return nil
	})
	return ticks, err
}
