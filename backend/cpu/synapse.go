package cpu

import "github.com/spikeflow/spikeflow/ops"

func init() {
	register(ops.KindDense, newDense)
	register(ops.KindSparse, newSparse)
}

// delayRing implements a synaptic delay of d ticks on the postsynaptic side:
// slot t % len(slots) is the value delivered at tick t, and at the end of
// tick t the spikes of tick t are scattered into slot (t+d) % len(slots).
// With a clock that fires every tick there are d+1 slots, and the slot
// filled at tick t is the one delivered last at tick t-1. On a clock of
// period P the synapse delivers only on its steps and holds its output in
// between, so absorb fills only the slots of steps and the ring has d+P
// slots: the one on display is then never refilled while it is held.
type delayRing struct {
	slots   [][]float32
	delay   uint64
	gate    gate
	pre     *buffer
	out     *buffer
	scratch []int32 // for presynaptic values that carry no spike list
}

func newDelayRing(n *node, delay int) delayRing {
	r := delayRing{slots: make([][]float32, delay+n.gate.period()), delay: uint64(delay), gate: n.gate, pre: n.in[0], out: n.out[0]}
	for i := range r.slots {
		r.slots[i] = make([]float32, len(r.out.data))
	}
	if !r.pre.spikes {
		r.scratch = make([]int32, 0, len(r.pre.data))
	}
	return r
}

func (r *delayRing) step(t uint64) { r.out.data = r.slots[t%uint64(len(r.slots))] }

// next clears and returns the slot for tick t+d, with the indices of the
// presynaptic neurons active at tick t; ok is false when the synapse does
// not step at t+d, so that nothing is to be delivered.
func (r *delayRing) next(t uint64) (slot []float32, active []int32, ok bool) {
	if !r.gate.on(t + r.delay) {
		return nil, nil, false
	}
	slot = r.slots[(t+r.delay)%uint64(len(r.slots))]
	clear(slot)
	return slot, r.pre.active(r.scratch), true
}

type denseKernel struct {
	delayRing
	w    []float32
	post int
}

func newDense(n *node) (kernel, error) {
	op := n.Op().(*ops.Dense)
	return &denseKernel{delayRing: newDelayRing(n, op.Delay), w: op.W, post: op.Post}, nil
}

// absorb adds the rows of the active presynaptic neurons in increasing
// order, as the reference's sum over j does (inactive rows add zeros).
func (k *denseKernel) absorb(t uint64) {
	slot, active, ok := k.next(t)
	if !ok {
		return
	}
	for _, j := range active {
		s := k.pre.data[j]
		row := k.w[int(j)*k.post : (int(j)+1)*k.post]
		row = row[:len(slot)]
		for i, w := range row {
			slot[i] += float32(w * s)
		}
	}
}

type sparseKernel struct {
	delayRing
	m *ops.CSR
}

func newSparse(n *node) (kernel, error) {
	op := n.Op().(*ops.Sparse)
	return &sparseKernel{delayRing: newDelayRing(n, op.Delay), m: &op.CSR}, nil
}

// absorb scatters the rows of the active presynaptic neurons, in increasing
// order of neuron and then of synapse, as the reference does.
func (k *sparseKernel) absorb(t uint64) {
	slot, active, ok := k.next(t)
	if !ok {
		return
	}
	m := k.m
	shared := len(m.Weight) == 1
	for _, j := range active {
		s := k.pre.data[j]
		lo, hi := m.RowPtr[j], m.RowPtr[j+1]
		targets := m.Target[lo:hi]
		if shared {
			ws := float32(m.Weight[0] * s)
			for _, i := range targets {
				slot[i] += ws
			}
			continue
		}
		weights := m.Weight[lo:hi]
		weights = weights[:len(targets)]
		for k, i := range targets {
			slot[i] += float32(weights[k] * s)
		}
	}
}
