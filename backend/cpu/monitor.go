package cpu

import "github.com/spikeflow/spikeflow/ops"

func init() {
	register(ops.KindSpikeCount, newSpikeCount)
	register(ops.KindSpikeMonitor, newSpikeMonitor)
	register(ops.KindStateMonitor, newStateMonitor)
}

type countKernel struct {
	in      *buffer
	count   []float32
	scratch []int32
}

func newSpikeCount(n *node) (kernel, error) {
	k := &countKernel{in: n.in[0], count: make([]float32, len(n.in[0].data))}
	if !k.in.spikes {
		k.scratch = make([]int32, 0, len(k.in.data))
	}
	return k, nil
}

func (k *countKernel) step(uint64) {
	for _, i := range k.in.active(k.scratch) {
		k.count[i]++
	}
}

func (k *countKernel) readState(_ int, dst []float32) { copy(dst, k.count) }

// spikeMonKernel appends to growing slices: amortized, not per-tick,
// allocation, as any recording must.
type spikeMonKernel struct {
	in      *buffer
	rec     ops.SpikeRecord
	scratch []int32
}

func newSpikeMonitor(n *node) (kernel, error) {
	k := &spikeMonKernel{in: n.in[0]}
	if !k.in.spikes {
		k.scratch = make([]int32, 0, len(k.in.data))
	}
	return k, nil
}

func (k *spikeMonKernel) step(t uint64) {
	for _, i := range k.in.active(k.scratch) {
		k.rec.Tick = append(k.rec.Tick, t)
		k.rec.Index = append(k.rec.Index, i)
	}
}

func (k *spikeMonKernel) Spikes() ops.SpikeRecord { return k.rec }

type stateMonKernel struct {
	in     *buffer
	period uint64
	rec    ops.TraceRecord
}

func newStateMonitor(n *node) (kernel, error) {
	op := n.Op().(*ops.StateMonitor)
	return &stateMonKernel{in: n.in[0], period: op.Period(), rec: ops.TraceRecord{Index: op.Index}}, nil
}

func (k *stateMonKernel) step(t uint64) {
	if t%k.period != 0 {
		return
	}
	k.rec.Tick = append(k.rec.Tick, t)
	for _, i := range k.rec.Index {
		k.rec.Values = append(k.rec.Values, k.in.data[i])
	}
}

func (k *stateMonKernel) Trace() ops.TraceRecord { return k.rec }
