package cpu

import "github.com/spikeflow/spikeflow/ops"

func init() { register(ops.KindInput, newInput) }

// inputKernel's output buffer is its state: a written value stays until the
// next write, and nothing is copied per tick.
type inputKernel struct{ out *buffer }

func newInput(n *node) (kernel, error) {
	k := &inputKernel{out: n.out[0]}
	if v := n.Op().(*ops.Input).Value; v != nil {
		k.write(v)
	}
	return k, nil
}

func (k *inputKernel) step(uint64)                    {}
func (k *inputKernel) readState(_ int, dst []float32) { copy(dst, k.out.data) }

// write sets the value (checked by the caller) and its spike list.
func (k *inputKernel) write(data []float32) {
	copy(k.out.data, data)
	if k.out.spikes {
		k.out.list = appendNonzero(k.out.list[:0], k.out.data)
	}
}

// appendNonzero appends the index of every nonzero element of xs.
func appendNonzero(dst []int32, xs []float32) []int32 {
	for i, x := range xs {
		if x != 0 {
			dst = append(dst, int32(i))
		}
	}
	return dst
}
