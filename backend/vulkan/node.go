//go:build cgo

package vulkan

import (
	"embed"
	"fmt"
	"math"

	"github.com/spikeflow/spikeflow/backend/vulkan/internal/gpu"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
	"github.com/spikeflow/spikeflow/rng"
)

//go:embed shaders/*.spv
var shaders embed.FS

// node is what a kernel builder gets: the node, its bound rings and the
// program it belongs to.
type node struct {
	*graph.Node
	p     *program
	in    []*ring  // nil where unbound
	delay []uint32 // of each input port
	out   []*ring
}

// env is what the node's op needs besides its parameters; its dt is its
// cluster's step, Period ticks.
func (n *node) env() ops.Env {
	cfg := n.p.plan.Graph.Config()
	return ops.Env{Dt: n.p.plan.Dt[n.ID()], Key: rng.NewKey(cfg.Seed), Stream: rng.Stream(n.Name()), In: n.InShapes()}
}

// kernel returns the pipeline of shaders/name.spv, or of its variant that
// keeps subnormal floats on devices that support it.
func (n *node) kernel(name string, bindings, pushWords int) (*gpu.Kernel, error) {
	if n.p.dev.Info().Floats.DenormPreserve32 {
		name += ".denorm"
	}
	spv, err := shaders.ReadFile("shaders/" + name + ".spv")
	if err != nil {
		return nil, fmt.Errorf("no SPIR-V for kernel %s (run go generate ./backend/vulkan): %w", name, err)
	}
	return n.p.dev.Kernel(name, spv, bindings, pushWords, workgroup)
}

// bind makes a descriptor set for k: the clock at binding 0, then bufs.
func (n *node) bind(k *gpu.Kernel, bufs ...*gpu.Buffer) (gpu.Set, error) {
	return n.p.pool.Bind(k, append([]*gpu.Buffer{n.p.clock}, bufs...)...)
}

// buffer allocates a device buffer for the node, cleared before the first
// tick.
func (n *node) buffer(bytes int) (*gpu.Buffer, error) {
	return n.p.deviceBuffer(bytes, true)
}

// data allocates a device buffer holding data.
func data[T float32 | int32 | uint32](n *node, data []T) (*gpu.Buffer, error) {
	b, err := n.p.deviceBuffer(4*len(data), len(data) == 0)
	if err != nil {
		return nil, err
	}
	return b, upload(n.p, b, data)
}

// input returns input port i's ring buffer, slot count and delay; an
// unbound input gets the dummy buffer (which its kernel never reads).
func (n *node) input(i int) (buf *gpu.Buffer, slots, delay uint32) {
	if r := n.in[i]; r != nil {
		return r.buf, uint32(r.slots), n.delay[i]
	}
	return n.p.dummy, 1, 0
}

// dispatch is one kernel launch over threads invocations; none for zero.
type dispatch struct {
	k       *gpu.Kernel
	set     gpu.Set
	threads int
	x, y    uint32
}

func (n *node) dispatch(k *gpu.Kernel, set gpu.Set, threads int) (dispatch, error) {
	x, y, err := n.p.dev.Groups(k, threads)
	return dispatch{k: k, set: set, threads: threads, x: x, y: y}, err
}

// record launches d with push constants: the tick offset, then params.
func (d dispatch) record(c *gpu.Commands, offset uint32, params ...uint32) {
	if d.threads == 0 {
		return
	}
	c.Dispatch(d.k, d.set, append([]uint32{offset}, params...), d.x, d.y)
}

// f32 passes a float32 parameter to a kernel as its bits.
func f32(f float32) uint32 { return math.Float32bits(f) }

// boolWord is 1 for true.
func boolWord(b bool) uint32 {
	if b {
		return 1
	}
	return 0
}

// windowKernel sums the window ticks of a spike value, the newest delay
// ticks old, into a ring of one slot (shaders/window.comp), adding the
// ticks its producer, of clock clock, steps at.
type windowKernel struct {
	d      dispatch
	clock  graph.Clock
	size   uint32
	slots  uint32
	delay  uint32
	window uint32
}

func (n *node) windowSum(in *ring, producer graph.Clock, delay uint32, window int) (*windowKernel, *ring, error) {
	out := &ring{slots: 1, size: in.size, window: true}
	var err error
	if out.buf, err = n.buffer(4 * in.size); err != nil {
		return nil, nil, err
	}
	kern, err := n.kernel("window", 3, 6)
	if err != nil {
		return nil, nil, err
	}
	set, err := n.bind(kern, in.buf, out.buf)
	if err != nil {
		return nil, nil, err
	}
	k := &windowKernel{clock: producer, size: uint32(in.size), slots: uint32(in.slots), delay: delay, window: uint32(window)}
	k.d, err = n.dispatch(kern, set, in.size)
	return k, out, err
}

// record records the sum at a tick t of the batch, offset ticks into it
// (t is only known modulo the hyperperiod, a multiple of the producer's
// period): the producer's steps in the window are at t-delay-j for the j <
// window with j = j0 mod period.
func (k *windowKernel) record(c *gpu.Commands, offset uint32, t uint64) {
	period, phase := uint64(k.clock.Period), uint64(k.clock.Phase)
	j0 := (t%period + period - (uint64(k.delay)+phase)%period) % period
	count := uint64(0)
	if j0 < uint64(k.window) {
		count = (uint64(k.window)-1-j0)/period + 1
	}
	k.d.record(c, offset, k.size, k.slots, k.delay+uint32(j0), uint32(period), uint32(count))
}

// idle returns the dispatch that fills out's slot on a tick the node does
// not step: zeros, or, with hold, the value of the tick before
// (shaders/idle.comp).
func (n *node) idle(out *ring, hold bool) (*fixedKernel, error) {
	kern, err := n.kernel("idle", 2, 4)
	if err != nil {
		return nil, err
	}
	set, err := n.bind(kern, out.buf)
	if err != nil {
		return nil, err
	}
	d, err := n.dispatch(kern, set, out.size)
	return &fixedKernel{d: d, params: []uint32{uint32(out.size), uint32(out.slots), boolWord(hold)}}, err
}

// binarySpikes reports whether every element of the value a port reads is
// 0 or 1 (spikes of these ops never carry a weight). Ops whose spikes
// carry weights (ops.WeightedPhase) must never be listed: the shared-weight
// Sparse kernel counts spikes instead of adding their values, which the
// conformance case weighted-spikes/delay=d catches. A window sum of spikes
// (ring.window) counts them and can exceed 1.
func binarySpikes(r *ring, n *node, port int) bool {
	v, ok := n.Input(port)
	if r == nil || r.window || !ok {
		return false
	}
	switch op := v.Node().Op().(type) {
	case *ops.LIF, *ops.Poisson, *ops.Latency, *ops.Phase:
		return v.Port() == 0
	case *ops.Input:
		return op.Spikes
	}
	return false
}
