//go:build cgo

package vulkan

import (
	"github.com/spikeflow/spikeflow/backend/vulkan/internal/gpu"
	"github.com/spikeflow/spikeflow/ops"
)

func init() {
	register(ops.KindLatency, newLatency)
	register(ops.KindPhase, newPhase)
	register(ops.KindWeightedPhase, newWeightedPhase)
}

// encoderKernel is one of the encoders: a dispatch over the neurons with
// fixed parameters, and the held state, which starts at -1 (silent until
// the first cycle starts).
type encoderKernel struct {
	d      dispatch
	held   *gpu.Buffer
	params []uint32
}

func (k *encoderKernel) record(c *gpu.Commands, offset uint32) { k.d.record(c, offset, k.params...) }
func (k *encoderKernel) state(int) *gpu.Buffer                 { return k.held }

// newEncoder builds shaders/name.spv over n neurons; params are the push
// constants between n and the input's ring (see the shader).
func newEncoder(n *node, name string, size int, r ops.ValueRange, params ...uint32) (kernel, error) {
	held := make([]float32, size)
	for i := range held {
		held[i] = -1
	}
	hb, err := data(n, held)
	if err != nil {
		return nil, err
	}
	in, inSlots, inDelay := n.input(0)
	kern, err := n.kernel(name, 4, 2+len(params)+5) // offset, n, params, the rings, lo, scale
	if err != nil {
		return nil, err
	}
	set, err := n.bind(kern, in, hb, n.out[0].buf)
	if err != nil {
		return nil, err
	}
	lo, scale := r.Factors()
	k := &encoderKernel{held: hb, params: append(append([]uint32{uint32(size)}, params...),
		inSlots, inDelay, uint32(n.out[0].slots), f32(lo), f32(scale))}
	k.d, err = n.dispatch(kern, set, size)
	return k, err
}

func newLatency(n *node) (kernel, error) {
	op := n.Op().(*ops.Latency)
	return newEncoder(n, "latency", op.N, op.Range, uint32(op.Window), uint32(op.Offset))
}

func newPhase(n *node) (kernel, error) {
	op := n.Op().(*ops.Phase)
	r := op.Rhythm
	return newEncoder(n, "phase", op.N, op.Range,
		uint32(r.Theta), uint32(r.Offset), uint32(r.GammaTicks()), uint32(op.Bins))
}

func newWeightedPhase(n *node) (kernel, error) {
	op := n.Op().(*ops.WeightedPhase)
	r := op.Rhythm
	return newEncoder(n, "weighted_phase", op.N, op.Range,
		uint32(r.Theta), uint32(r.Offset), uint32(r.GammaTicks()), uint32(op.Phases))
}
