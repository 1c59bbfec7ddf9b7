//go:build cgo

package vulkan

import (
	"github.com/spikeflow/spikeflow/backend/vulkan/internal/gpu"
	"github.com/spikeflow/spikeflow/ops"
)

func init() {
	register(ops.KindDense, newDense)
	register(ops.KindSparse, newSparse)
}

// synapseKernel is one or two dispatches with fixed parameters; a barrier
// separates them.
type synapseKernel struct {
	first, second dispatch
	p1, p2        []uint32
}

func (k *synapseKernel) record(c *gpu.Commands, offset uint32) {
	k.first.record(c, offset, k.p1...)
	if k.p2 != nil {
		c.Barrier()
		k.second.record(c, offset, k.p2...)
	}
}

func newDense(n *node) (kernel, error) {
	op := n.Op().(*ops.Dense)
	w, err := data(n, op.W)
	if err != nil {
		return nil, err
	}
	pre, preSlots, delay := n.input(0)
	kern, err := n.kernel("dense", 4, 6)
	if err != nil {
		return nil, err
	}
	set, err := n.bind(kern, w, pre, n.out[0].buf)
	if err != nil {
		return nil, err
	}
	d, err := n.dispatch(kern, set, op.Post)
	return &synapseKernel{first: d, p1: []uint32{uint32(op.Pre), uint32(op.Post), preSlots, delay, uint32(n.out[0].slots)}}, err
}

// newSparse gathers by postsynaptic element, or, for one shared weight and
// 0/1 spikes, counts arriving spikes event by event (see
// shaders/sparse_count.comp): both give the reference's bits.
func newSparse(n *node) (kernel, error) {
	op := n.Op().(*ops.Sparse)
	if len(op.Weight) == 1 && binarySpikes(n.in[0], n, 0) {
		return newSparseCount(n, op)
	}
	colPtr, src, ws := transpose(&op.CSR)
	bufs := make([]*gpu.Buffer, 3)
	var err error
	if bufs[0], err = data(n, colPtr); err != nil {
		return nil, err
	}
	if bufs[1], err = data(n, src); err != nil {
		return nil, err
	}
	if bufs[2], err = data(n, ws); err != nil {
		return nil, err
	}
	pre, preSlots, delay := n.input(0)
	kern, err := n.kernel("sparse", 6, 7)
	if err != nil {
		return nil, err
	}
	set, err := n.bind(kern, bufs[0], bufs[1], bufs[2], pre, n.out[0].buf)
	if err != nil {
		return nil, err
	}
	d, err := n.dispatch(kern, set, op.Post)
	return &synapseKernel{first: d, p1: []uint32{
		uint32(op.Pre), uint32(op.Post), preSlots, delay, uint32(n.out[0].slots), boolWord(len(ws) == 1),
	}}, err
}

// transpose lists each postsynaptic element's synapses by presynaptic
// neuron, then by synapse: the order in which the reference adds them.
// The weights follow their synapses, or stay one shared weight.
func transpose(m *ops.CSR) (colPtr, src []uint32, w []float32) {
	colPtr = make([]uint32, m.Post+1)
	for _, t := range m.Target {
		colPtr[t+1]++
	}
	for i := range m.Post {
		colPtr[i+1] += colPtr[i]
	}
	next := append([]uint32(nil), colPtr[:m.Post]...)
	src = make([]uint32, m.NNZ())
	if len(m.Weight) == 1 {
		w = m.Weight
	} else {
		w = make([]float32, m.NNZ())
	}
	for j := range m.Pre {
		for k := m.RowPtr[j]; k < m.RowPtr[j+1]; k++ {
			e := next[m.Target[k]]
			next[m.Target[k]]++
			src[e] = uint32(j)
			if len(m.Weight) != 1 {
				w[e] = m.Weight[k]
			}
		}
	}
	return colPtr, src, w
}

func newSparseCount(n *node, op *ops.Sparse) (kernel, error) {
	rowPtr, err := data(n, op.RowPtr)
	if err != nil {
		return nil, err
	}
	target, err := data(n, op.Target)
	if err != nil {
		return nil, err
	}
	w, err := data(n, op.Weight)
	if err != nil {
		return nil, err
	}
	count, err := n.buffer(4 * op.Post)
	if err != nil {
		return nil, err
	}
	pre, preSlots, delay := n.input(0)
	scatter, err := n.kernel("sparse_count", 5, 4)
	if err != nil {
		return nil, err
	}
	sum, err := n.kernel("sparse_sum", 4, 3)
	if err != nil {
		return nil, err
	}
	set1, err := n.bind(scatter, rowPtr, target, pre, count)
	if err != nil {
		return nil, err
	}
	set2, err := n.bind(sum, count, w, n.out[0].buf)
	if err != nil {
		return nil, err
	}
	k := &synapseKernel{
		p1: []uint32{uint32(op.Pre), preSlots, delay},
		p2: []uint32{uint32(op.Post), uint32(n.out[0].slots)},
	}
	if k.first, err = n.dispatch(scatter, set1, op.Pre); err != nil {
		return nil, err
	}
	k.second, err = n.dispatch(sum, set2, op.Post)
	return k, err
}
