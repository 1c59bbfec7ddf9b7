//go:build cgo

package vulkan

import (
	"math/bits"

	"github.com/spikeflow/spikeflow/backend/vulkan/internal/gpu"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

func init() {
	register(ops.KindSpikeCount, newSpikeCount)
	register(ops.KindSpikeMonitor, newSpikeMonitor)
	register(ops.KindStateMonitor, newStateMonitor)
}

type countKernel struct {
	d      dispatch
	count  *gpu.Buffer
	params []uint32
}

func newSpikeCount(n *node) (kernel, error) {
	in, slots, delay := n.input(0)
	size := n.in[0].size
	count, err := n.buffer(4 * size)
	if err != nil {
		return nil, err
	}
	kern, err := n.kernel("spike_count", 3, 4)
	if err != nil {
		return nil, err
	}
	set, err := n.bind(kern, in, count)
	if err != nil {
		return nil, err
	}
	d, err := n.dispatch(kern, set, size)
	return &countKernel{d: d, count: count, params: []uint32{uint32(size), slots, delay}}, err
}

func (k *countKernel) record(c *gpu.Commands, offset uint32) { k.d.record(c, offset, k.params...) }
func (k *countKernel) state(int) *gpu.Buffer                 { return k.count }

// spikeMonKernel sets one bit per element and tick on the device and turns
// the bits into events on the host, in canonical order.
type spikeMonKernel struct {
	d      dispatch
	bits   *gpu.Buffer         // device: maxBatch ticks of words
	host   [frames]*gpu.Buffer // the same, read back after each batch
	words  int
	params []uint32
	rec    ops.SpikeRecord
}

func newSpikeMonitor(n *node) (kernel, error) {
	in, slots, delay := n.input(0)
	size := n.in[0].size
	k := &spikeMonKernel{words: (size + 31) / 32}
	var err error
	// Sized for the longest batch the budget allows any program.
	ticks := max(1, min(maxBatch, recordBudget/max(4*k.words, 1)))
	if k.bits, err = n.buffer(4 * k.words * ticks); err != nil {
		return nil, err
	}
	for f := range k.host {
		if k.host[f], err = n.p.newBuffer(4*k.words*ticks, gpu.Host); err != nil {
			return nil, err
		}
	}
	kern, err := n.kernel("spike_monitor", 3, 5)
	if err != nil {
		return nil, err
	}
	set, err := n.bind(kern, in, k.bits)
	if err != nil {
		return nil, err
	}
	k.params = []uint32{uint32(size), slots, delay, uint32(k.words)}
	k.d, err = n.dispatch(kern, set, size)
	return k, err
}

func (k *spikeMonKernel) record(c *gpu.Commands, offset uint32) { k.d.record(c, offset, k.params...) }
func (k *spikeMonKernel) bytesPerTick() int                     { return 4 * k.words }
func (k *spikeMonKernel) begin(c *gpu.Commands, ticks int)      { c.Fill(k.bits, 0, 4*k.words*ticks, 0) }
func (k *spikeMonKernel) end(c *gpu.Commands, ticks, f int) {
	c.Copy(k.host[f], 0, k.bits, 0, 4*k.words*ticks)
}

func (k *spikeMonKernel) collect(first uint64, ticks, f int) {
	words := k.host[f].Uints()
	for off := range ticks {
		row := words[off*k.words : (off+1)*k.words]
		for w, bitsSet := range row {
			for bitsSet != 0 {
				b := bits.TrailingZeros32(bitsSet)
				bitsSet &= bitsSet - 1
				k.rec.Tick = append(k.rec.Tick, first+uint64(off))
				k.rec.Index = append(k.rec.Index, int32(32*w+b))
			}
		}
	}
}

func (k *spikeMonKernel) Spikes() ops.SpikeRecord { return k.rec }

// stateMonKernel copies the selected elements every tick; the host keeps
// the ticks the monitor records.
type stateMonKernel struct {
	d      dispatch
	rec    *gpu.Buffer
	host   [frames]*gpu.Buffer
	m      int
	period uint64
	clock  graph.Clock // the monitor records on ticks it fires and period divides
	params []uint32
	trace  ops.TraceRecord
}

func newStateMonitor(n *node) (kernel, error) {
	op := n.Op().(*ops.StateMonitor)
	in, slots, delay := n.input(0)
	k := &stateMonKernel{m: len(op.Index), period: op.Period(), clock: n.p.plan.Clock[n.ID()], trace: ops.TraceRecord{Index: op.Index}}
	index, err := data(n, op.Index)
	if err != nil {
		return nil, err
	}
	ticks := max(1, min(maxBatch, recordBudget/max(4*k.m, 1)))
	if k.rec, err = n.buffer(4 * k.m * ticks); err != nil {
		return nil, err
	}
	for f := range k.host {
		if k.host[f], err = n.p.newBuffer(4*k.m*ticks, gpu.Host); err != nil {
			return nil, err
		}
	}
	kern, err := n.kernel("state_monitor", 4, 5)
	if err != nil {
		return nil, err
	}
	set, err := n.bind(kern, in, index, k.rec)
	if err != nil {
		return nil, err
	}
	k.params = []uint32{uint32(n.in[0].size), slots, delay, uint32(k.m)}
	k.d, err = n.dispatch(kern, set, k.m)
	return k, err
}

func (k *stateMonKernel) record(c *gpu.Commands, offset uint32) { k.d.record(c, offset, k.params...) }
func (k *stateMonKernel) bytesPerTick() int                     { return 4 * k.m }
func (k *stateMonKernel) begin(*gpu.Commands, int)              {}
func (k *stateMonKernel) end(c *gpu.Commands, ticks, f int) {
	c.Copy(k.host[f], 0, k.rec, 0, 4*k.m*ticks)
}

func (k *stateMonKernel) collect(first uint64, ticks, f int) {
	vals := k.host[f].Floats()
	for off := range ticks {
		t := first + uint64(off)
		if t%k.period != 0 || !k.clock.Fires(t) {
			continue
		}
		k.trace.Tick = append(k.trace.Tick, t)
		k.trace.Values = append(k.trace.Values, vals[off*k.m:(off+1)*k.m]...)
	}
}

func (k *stateMonKernel) Trace() ops.TraceRecord { return k.trace }
