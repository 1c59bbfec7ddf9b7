package cpu

import "github.com/spikeflow/spikeflow/ops"

func init() { register(ops.KindInput, newInput) }

// inputKernel holds the last value written; the next tick publishes it to
// the output (and its spike list), so nothing is copied on ticks without a
// write, and a value written between ticks is not seen before the next one.
type inputKernel struct {
	value []float32
	dirty bool
	out   *buffer
}

func newInput(n *node) (kernel, error) {
	k := &inputKernel{value: make([]float32, len(n.out[0].data)), out: n.out[0], dirty: true}
	copy(k.value, n.Op().(*ops.Input).Value)
	return k, nil
}

func (k *inputKernel) step(uint64) {
	if !k.dirty {
		return
	}
	k.dirty = false
	copy(k.out.data, k.value)
	if k.out.spikes {
		k.out.list = appendNonzero(k.out.list[:0], k.out.data)
	}
}

func (k *inputKernel) readState(_ int, dst []float32) { copy(dst, k.value) }

// idle is called when a tick the input does not step has cleared its
// spike output: the next step publishes the value again.
func (k *inputKernel) idle() { k.dirty = true }

// write sets the value; the caller has checked it.
func (k *inputKernel) write(data []float32) {
	copy(k.value, data)
	k.dirty = true
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
