//go:build cgo

package vulkan

import (
	"github.com/spikeflow/spikeflow/backend/vulkan/internal/gpu"
	"github.com/spikeflow/spikeflow/ops"
)

func init() { register(ops.KindHebbian, newHebbian) }

// hebbianKernel is ops.Hebbian, one invocation per output i, which owns
// column i: its output, then the change of each of its weights.
type hebbianKernel struct {
	d      dispatch
	w      *gpu.Buffer
	params []uint32
}

func newHebbian(n *node) (kernel, error) {
	op := n.Op().(*ops.Hebbian)
	w, err := data(n, op.W)
	if err != nil {
		return nil, err
	}
	x, xSlots, _ := n.input(0)
	y, ySlots, _ := n.input(1)
	learn, learnSlots, _ := n.input(2)
	kern, err := n.kernel("hebbian", 6, 9)
	if err != nil {
		return nil, err
	}
	set, err := n.bind(kern, w, x, y, learn, n.out[0].buf)
	if err != nil {
		return nil, err
	}
	flags := boolWord(n.in[1] != nil) | boolWord(n.in[2] != nil)<<1 | boolWord(op.Rule == ops.Oja)<<2
	k := &hebbianKernel{w: w, params: []uint32{uint32(op.Pre), uint32(op.Post), xSlots, ySlots, learnSlots,
		uint32(n.out[0].slots), flags, f32(float32(op.Eta))}}
	k.d, err = n.dispatch(kern, set, op.Post)
	return k, err
}

func (k *hebbianKernel) record(c *gpu.Commands, offset uint32) { k.d.record(c, offset, k.params...) }
func (k *hebbianKernel) state(int) *gpu.Buffer                 { return k.w }
