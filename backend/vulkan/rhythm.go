//go:build cgo

package vulkan

import (
	"github.com/spikeflow/spikeflow/backend/vulkan/internal/gpu"
	"github.com/spikeflow/spikeflow/ops"
)

func init() {
	register(ops.KindOscillator, newOscillator)
	register(ops.KindMultiplex, newMultiplex)
}

// fixedKernel is one dispatch with fixed parameters and no state.
type fixedKernel struct {
	d      dispatch
	params []uint32
}

func (k *fixedKernel) record(c *gpu.Commands, offset uint32) { k.d.record(c, offset, k.params...) }

// newOscillator uploads the host-computed table once; the kernel copies one
// row of it per tick.
func newOscillator(n *node) (kernel, error) {
	op := n.Op().(*ops.Oscillator)
	tab, err := data(n, op.Table())
	if err != nil {
		return nil, err
	}
	kern, err := n.kernel("oscillator", 7, 8)
	if err != nil {
		return nil, err
	}
	bufs := []*gpu.Buffer{tab}
	params := []uint32{uint32(op.Theta), uint32(op.Offset)}
	for _, r := range n.out {
		bufs = append(bufs, r.buf)
		params = append(params, uint32(r.slots))
	}
	set, err := n.bind(kern, bufs...)
	if err != nil {
		return nil, err
	}
	d, err := n.dispatch(kern, set, 1)
	return &fixedKernel{d: d, params: params}, err
}

func newMultiplex(n *node) (kernel, error) {
	op := n.Op().(*ops.Multiplex)
	in, inSlots, inDelay := n.input(0)
	kern, err := n.kernel("multiplex", 3, 10)
	if err != nil {
		return nil, err
	}
	set, err := n.bind(kern, in, n.out[0].buf)
	if err != nil {
		return nil, err
	}
	r := op.Rhythm
	d, err := n.dispatch(kern, set, op.N)
	return &fixedKernel{d: d, params: []uint32{uint32(op.N), uint32(r.Theta), uint32(r.Offset), uint32(r.GammaTicks()),
		uint32(r.Gamma), inSlots, inDelay, uint32(n.out[0].slots), f32(op.GainFactor())}}, err
}
