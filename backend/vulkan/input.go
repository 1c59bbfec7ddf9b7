//go:build cgo

package vulkan

import (
	"github.com/spikeflow/spikeflow/backend/vulkan/internal/gpu"
	"github.com/spikeflow/spikeflow/ops"
)

func init() {
	register(ops.KindInput, newInput)
	register(ops.KindPoisson, newPoisson)
}

// inputKernel copies the held value (its state, written by the host) into
// the output ring every tick.
type inputKernel struct {
	d      dispatch
	value  *gpu.Buffer
	n, out uint32
}

func newInput(n *node) (kernel, error) {
	op := n.Op().(*ops.Input)
	value, err := n.buffer(4 * op.N)
	if op.Value != nil {
		value, err = data(n, op.Value)
	}
	if err != nil {
		return nil, err
	}
	k, err := n.kernel("input", 3, 3)
	if err != nil {
		return nil, err
	}
	set, err := n.bind(k, value, n.out[0].buf)
	if err != nil {
		return nil, err
	}
	d, err := n.dispatch(k, set, op.N)
	return &inputKernel{d: d, value: value, n: uint32(op.N), out: uint32(n.out[0].slots)}, err
}

func (k *inputKernel) record(c *gpu.Commands, offset uint32) { k.d.record(c, offset, k.n, k.out) }
func (k *inputKernel) state(int) *gpu.Buffer                 { return k.value }

// poissonKernel draws every neuron's spike from the counter-based
// generator, as ops.PoissonFires does.
type poissonKernel struct {
	d      dispatch
	params []uint32
}

func newPoisson(n *node) (kernel, error) {
	op := n.Op().(*ops.Poisson)
	prob, err := data(n, op.Probabilities(n.env().Dt))
	if err != nil {
		return nil, err
	}
	rate, rateSlots, rateDelay := n.input(0)
	k, err := n.kernel("poisson", 4, 11)
	if err != nil {
		return nil, err
	}
	set, err := n.bind(k, prob, rate, n.out[0].buf)
	if err != nil {
		return nil, err
	}
	env := n.env()
	d, err := n.dispatch(k, set, op.N)
	return &poissonKernel{d: d, params: []uint32{
		uint32(op.N), uint32(n.out[0].slots), 0, boolWord(n.in[0] != nil), rateSlots, rateDelay,
		env.Key[0], env.Key[1], env.Stream, f32(ops.DtSeconds(env.Dt)),
	}}, err
}

func (k *poissonKernel) record(c *gpu.Commands, offset uint32) { k.d.record(c, offset, k.params...) }
