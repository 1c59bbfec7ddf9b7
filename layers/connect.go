package layers

import (
	"fmt"
	"math"

	"github.com/spikeflow/spikeflow/ops"
	"github.com/spikeflow/spikeflow/rng"
)

// FixedProbability connects each presynaptic neuron j in [From, To) to each
// postsynaptic neuron independently with probability P (self-connections
// included, as in Brian2's connect(p=...)); rows outside [From, To) stay
// empty. Every synapse gets Weight.
//
// Generation is deterministic and parallel: row j draws from the counter-
// based generator keyed by (Seed, rng.Stream(Name), j, k), skipping ahead
// geometrically (the gap to the next target is floor(ln u / ln(1-P))), so
// it costs O(synapses), not O(pre x post), and the result does not depend on
// the number of cores.
type FixedProbability struct {
	Pre, Post int
	From, To  int // presynaptic rows that connect; To = 0 means Pre
	P         float64
	Weight    float32
	Seed      uint64
	Name      string // keys the random stream
}

// Build generates the connectivity.
func (c FixedProbability) Build() (ops.CSR, error) {
	to := c.To
	if to == 0 {
		to = c.Pre
	}
	switch {
	case c.Pre < 0 || c.Post < 0:
		return ops.CSR{}, fmt.Errorf("connect %q: %w: Pre = %d, Post = %d, must be >= 0", c.Name, ops.ErrParam, c.Pre, c.Post)
	case c.From < 0 || c.From > to || to > c.Pre:
		return ops.CSR{}, fmt.Errorf("connect %q: %w: rows [%d, %d) outside [0, %d)", c.Name, ops.ErrParam, c.From, to, c.Pre)
	case !(c.P >= 0 && c.P <= 1):
		return ops.CSR{}, fmt.Errorf("connect %q: %w: P = %v, must be in [0, 1]", c.Name, ops.ErrParam, c.P)
	case math.IsNaN(float64(c.Weight)) || math.IsInf(float64(c.Weight), 0):
		return ops.CSR{}, fmt.Errorf("connect %q: %w: Weight = %v, must be finite", c.Name, ops.ErrParam, c.Weight)
	}
	if mean := c.P * float64(c.Post) * float64(to-c.From); mean > math.MaxInt32/2 {
		return ops.CSR{}, fmt.Errorf("connect %q: %w: about %.3g synapses expected, at most %d are supported", c.Name, ops.ErrParam, mean, math.MaxInt32/2)
	}
	key, stream := rng.NewKey(c.Seed), rng.Stream(c.Name)
	rows := make([][]int32, c.Pre)
	parallelRows(c.From, to, func(j int) { rows[j] = c.row(key, stream, j) })
	m := ops.CSR{Pre: c.Pre, Post: c.Post, RowPtr: make([]int32, c.Pre+1), Weight: []float32{c.Weight}}
	nnz := 0
	for j, r := range rows {
		nnz += len(r)
		m.RowPtr[j+1] = int32(nnz)
	}
	m.Target = make([]int32, 0, nnz)
	for _, r := range rows {
		m.Target = append(m.Target, r...)
	}
	return m, nil
}

// row draws the targets of presynaptic neuron j, in increasing order.
func (c FixedProbability) row(key rng.Key, stream uint32, j int) []int32 {
	switch {
	case c.P == 0 || c.Post == 0:
		return nil
	case c.P == 1:
		r := make([]int32, c.Post)
		for i := range r {
			r[i] = int32(i)
		}
		return r
	}
	logq := math.Log1p(-c.P)
	r := make([]int32, 0, int(c.P*float64(c.Post)*1.2)+4)
	i := -1
	for k := uint32(0); ; k++ {
		u := rng.ToFloat64Open(key.Uint32(stream, uint64(j), k))
		gap := math.Floor(math.Log(u) / logq)
		if gap >= float64(c.Post-1-i) {
			return r
		}
		i += 1 + int(gap)
		r = append(r, int32(i))
	}
}
