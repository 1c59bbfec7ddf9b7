package layers

import "github.com/spikeflow/spikeflow/ops"

// BytesPerSynapse is the memory of one or more projections (row pointers,
// targets and weights; what ops.CSR.Bytes counts) divided by their
// synapses: 4 plus a little with one shared weight, 8 plus a little with a
// weight per synapse, the little being the row pointers' 4 bytes per
// presynaptic neuron spread over its synapses. Pass every part of a
// SplitByDelay to see what the split costs. It is 0 when there are no
// synapses.
func BytesPerSynapse(ms ...ops.CSR) float64 {
	bytes, synapses := 0, 0
	for i := range ms {
		bytes += ms[i].Bytes()
		synapses += ms[i].NNZ()
	}
	if synapses == 0 {
		return 0
	}
	return float64(bytes) / float64(synapses)
}

// blockRows is the output of a rule that does not know its row lengths in
// advance: each block of rowBlock rows appends its targets to its own
// buffer and records each row's length; assemble then lays the buffers end
// to end. One generation pass and one copy are cheaper than generating
// twice (once to count, once to fill) when generation dominates, as it
// does for distance-dependent rules.
type blockRows struct {
	pre    int
	count  []int32   // synapses of each row
	blocks [][]int32 // targets of the rows of block b, row after row
}

func newBlockRows(pre int) *blockRows {
	return &blockRows{pre: pre, count: make([]int32, pre), blocks: make([][]int32, (pre+rowBlock-1)/rowBlock)}
}

// assemble builds the CSR, or returns false if it would hold more than
// MaxInt32 synapses. It releases the block buffers as it copies them.
func (r *blockRows) assemble(post int) (ops.CSR, bool) {
	m := ops.CSR{Pre: r.pre, Post: post, RowPtr: make([]int32, r.pre+1)}
	total := 0
	for j, n := range r.count {
		total += int(n)
		if total > 1<<31-1 {
			return ops.CSR{}, false
		}
		m.RowPtr[j+1] = int32(total)
	}
	m.Target = make([]int32, total)
	parallelBlocks(0, len(r.blocks), 1, func(b, _, _ int) {
		copy(m.Target[m.RowPtr[b*rowBlock]:], r.blocks[b])
		r.blocks[b] = nil
	})
	return m, true
}
