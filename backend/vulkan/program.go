//go:build cgo

package vulkan

import (
	"errors"
	"fmt"
	"unsafe"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/backend/vulkan/internal/gpu"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

// kernel is a compiled node: record appends the dispatches of one tick,
// offset ticks into a batch. The program puts a barrier after each node.
type kernel interface {
	record(c *gpu.Commands, offset uint32)
}

// stateful kernels keep their i-th piece of state (in the order of
// ops.Layout.State) in a device buffer, as float32 from offset 0.
type stateful interface {
	state(i int) *gpu.Buffer
}

// recorder kernels record something on every tick of a batch and hand it
// to the host after it: begin and end are recorded before the batch's
// first tick and after its last, end copying into the host buffer of the
// batch's frame; collect runs on the host once that batch has finished.
type recorder interface {
	begin(c *gpu.Commands, ticks int)
	end(c *gpu.Commands, ticks, frame int)
	collect(first uint64, ticks, frame int)
	bytesPerTick() int
}

// frames is the depth of the submission ring: while the device runs one
// batch, the host collects the monitors of the one before.
const frames = 2

// frame is one slot of the submission ring: its fence, the clock it
// uploads, and its recorded batches by length.
type frame struct {
	fence   *gpu.Fence
	clockIn *gpu.Buffer // host: the batch's first tick, copied to the device clock
	batches map[batchKey]*gpu.Commands
}

// inflight is a submitted batch not yet collected.
type inflight struct {
	first uint64
	ticks int
	frame int
}

// ring holds the last slots ticks of one value of size elements: the
// value of tick t is slot t % slots. Rings have as many slots as their
// largest reader's delay plus its window (backend.Plan.Depth + 1).
//
// A window ring is instead one slot that a window sum (shaders/window.comp)
// fills just before its reader steps; its values can exceed 1.
type ring struct {
	buf    *gpu.Buffer
	slots  int
	size   int
	window bool
}

// step is a node in tick order with its clock: on the ticks the clock
// fires, the window sums of its inputs run, then its kernel; on the other
// ticks, idle dispatches clear its spike outputs (those some kernel reads
// at idle ticks, see idleReaders) and carry its other outputs forward
// (shaders/idle.comp).
//
// Idle dispatches, and window sums of inputs delayed by a tick or more
// (early), read nothing written on their tick, and write what only later
// nodes of the tick read (a tick's slot of a ring, read with delay 0; a
// window's one slot), so they all run at the start of the tick, before one
// barrier. Window sums of delay 0 (late) run just before their node.
type step struct {
	k           kernel
	clock       graph.Clock
	early, late []*windowKernel
	idle        []*fixedKernel
}

// batchKey names a recorded batch: its length and the phase of its first
// tick in the hyperperiod (always 0 for graphs whose clocks all fire every
// tick).
type batchKey struct {
	ticks int
	phase uint64
}

// Batches are at most maxBatch ticks and keep at most recordBudget bytes
// of monitor records on the device.
const (
	maxBatch     = 1024
	recordBudget = 64 << 20
)

type program struct {
	plan *backend.Plan
	dev  *gpu.Device
	pool *gpu.Pool

	clock   *gpu.Buffer // device: tick of the batch's first tick (lo, hi)
	frames  [frames]frame
	next    int         // the frame the next batch uses
	dummy   *gpu.Buffer // bound where an optional input is not
	staging *gpu.Buffer // host: uploads and reads
	owned   []*gpu.Buffer
	zero    []*gpu.Buffer // device buffers to clear before the first tick

	rings     []*ring  // by plan buffer
	kernels   []kernel // by node ID
	order     []step   // in tick order
	recorders []recorder

	batch  int // longest batch, a multiple of the hyperperiod where it can be
	tick   uint64
	closed bool
}

func (b Backend) Compile(g *graph.Graph) (backend.Program, error) {
	plan, err := backend.NewPlan(g, b.Name(), b.Capabilities())
	if err != nil {
		return nil, err
	}
	dev, err := b.device()
	if err != nil {
		return nil, err
	}
	p := &program{plan: plan, dev: dev, kernels: make([]kernel, len(g.Nodes()))}
	if err := p.build(); err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}

func (p *program) build() error {
	pool, err := p.dev.NewPool()
	if err != nil {
		return err
	}
	p.pool = pool
	if p.clock, err = p.newBuffer(8, gpu.DeviceLocal); err != nil {
		return err
	}
	for i := range p.frames {
		f := &p.frames[i]
		f.batches = map[batchKey]*gpu.Commands{}
		if f.clockIn, err = p.newBuffer(8, gpu.Host); err != nil {
			return err
		}
		if f.fence, err = pool.NewFence(); err != nil {
			return err
		}
	}
	if p.dummy, err = p.newBuffer(4, gpu.DeviceLocal); err != nil {
		return err
	}
	p.zero = append(p.zero, p.dummy)
	p.rings = make([]*ring, len(p.plan.Buffers))
	for i, bs := range p.plan.Buffers {
		r := &ring{slots: p.plan.Depth[i] + 1, size: bs.Size}
		if r.buf, err = p.deviceBuffer(4*r.slots*r.size, true); err != nil {
			return fmt.Errorf("vulkan: node %v, output %q (%d ticks of %d values): %w", bs.Node, bs.Name(), r.slots, r.size, err)
		}
		p.rings[i] = r
	}
	zeros := p.idleReaders()
	for _, gn := range p.plan.Order {
		n := &node{Node: gn, p: p}
		s := step{clock: p.plan.Clock[gn.ID()]}
		for i, e := range p.plan.In[gn.ID()] {
			var r *ring
			if e.Buffer >= 0 {
				r = p.rings[e.Buffer]
			}
			delay := uint32(e.Delay)
			if w := p.window(gn, i); w > 1 {
				sum, out, err := n.windowSum(r, p.plan.Clock[p.plan.Buffers[e.Buffer].Node.ID()], delay, w)
				if err != nil {
					return fmt.Errorf("vulkan: node %v, input %q: %w", gn, gn.InputPorts()[i].Name, err)
				}
				if delay > 0 {
					s.early = append(s.early, sum)
				} else {
					s.late = append(s.late, sum)
				}
				r, delay = out, 0
			}
			n.in = append(n.in, r)
			n.delay = append(n.delay, delay)
		}
		for _, bi := range p.plan.Out[gn.ID()] {
			n.out = append(n.out, p.rings[bi])
		}
		if !s.clock.Trivial() {
			for i, bi := range p.plan.Out[gn.ID()] {
				hold := !p.plan.Buffers[bi].Spikes
				if hold && n.out[i].slots == 1 || !hold && !zeros[bi] {
					continue // the one slot holds the last step's value; nothing reads idle spikes
				}
				d, err := n.idle(n.out[i], hold)
				if err != nil {
					return fmt.Errorf("vulkan: node %v: %w", gn, err)
				}
				s.idle = append(s.idle, d)
			}
		}
		k, err := builders[gn.Op().Kind()](n)
		if err != nil {
			return fmt.Errorf("vulkan: node %v: %w", gn, err)
		}
		p.kernels[gn.ID()] = k
		s.k = k
		p.order = append(p.order, s)
		if r, ok := k.(recorder); ok {
			p.recorders = append(p.recorders, r)
		}
	}
	p.batch = p.batchLength()
	if h := p.plan.Hyperperiod; h > 1 && h <= uint64(p.batch) {
		p.batch -= p.batch % int(h)
	}
	return p.clear()
}

// window is the number of ticks whose spikes input port i of n sums
// (backend.Edge.Window), or 1 where that window can hold only the
// producer's step at t - delay: the producer's period is a multiple of n's
// and its steps fall at t - delay of n's steps. The window's other ticks
// are idle ticks of the producer, whose spikes are zeros, so the sum is
// that step's spikes, read without a window sum. Not for an Input, whose
// host-written values may hold -0, which the sum makes +0 (the spikes of
// other ops are +0 or positive).
func (p *program) window(n *graph.Node, i int) int {
	e := p.plan.In[n.ID()][i]
	if e.Window <= 1 {
		return 1
	}
	prod := p.plan.Buffers[e.Buffer].Node
	c, pc := p.plan.Clock[n.ID()], p.plan.Clock[prod.ID()]
	if _, host := prod.Op().(*ops.Input); !host && pc.Period%c.Period == 0 && ((c.Phase-pc.Phase-e.Delay)%c.Period+c.Period)%c.Period == 0 {
		return 1
	}
	return e.Window
}

// idleReaders reports, by buffer, the spike values that some kernel may
// read at a tick their producer did not step at, which must then hold
// zeros: those read directly (window 1) by a node of another period. Window
// sums add only the producer's steps, a node of the producer's period
// reads them only at its steps (window), and Read answers zeros on the
// host.
func (p *program) idleReaders() []bool {
	zeros := make([]bool, len(p.plan.Buffers))
	for _, n := range p.plan.Order {
		for i, e := range p.plan.In[n.ID()] {
			if e.Buffer >= 0 && p.window(n, i) == 1 &&
				p.plan.Clock[n.ID()].Period != p.plan.Clock[p.plan.Buffers[e.Buffer].Node.ID()].Period {
				zeros[e.Buffer] = true
			}
		}
	}
	return zeros
}

// batchLength is the longest batch whose monitor records fit the budget
// and the device's largest buffer.
func (p *program) batchLength() int {
	perTick := 0
	for _, r := range p.recorders {
		perTick += r.bytesPerTick()
	}
	if perTick == 0 {
		return maxBatch
	}
	limit := min(recordBudget, int(p.dev.Info().MaxStorageBufferRange))
	return max(1, min(maxBatch, limit/perTick))
}

// clear zeroes every device buffer that was not uploaded.
func (p *program) clear() error {
	c, err := p.pool.Record()
	if err != nil {
		return err
	}
	defer c.Release()
	for _, b := range p.zero {
		c.Fill(b, 0, b.Size(), 0)
	}
	c.HostBarrier()
	if err := c.End(); err != nil {
		return err
	}
	p.zero = nil
	return p.pool.Submit(c)
}

func (p *program) newBuffer(bytes int, where gpu.Memory) (*gpu.Buffer, error) {
	b, err := p.dev.NewBuffer(bytes, where)
	if err != nil {
		return nil, err
	}
	p.owned = append(p.owned, b)
	return b, nil
}

// deviceBuffer allocates a device buffer, refusing one larger
// than a kernel may bind; zero asks for it to be cleared before the first
// tick. Callers add the node's name to errors.
func (p *program) deviceBuffer(bytes int, zero bool) (*gpu.Buffer, error) {
	if limit := p.dev.Info().MaxStorageBufferRange; uint64(bytes) > limit {
		return nil, fmt.Errorf("%w: it needs a buffer of %.1f MiB, more than the %d MiB this device lets a kernel bind "+
			"(maxStorageBufferRange); split the node into smaller ones, use a device with a larger limit, or use -backend=cpu",
			errTooLarge, float64(bytes)/(1<<20), limit>>20)
	}
	b, err := p.newBuffer(bytes, gpu.DeviceLocal)
	if err != nil {
		return nil, err
	}
	if zero {
		p.zero = append(p.zero, b)
	}
	return b, nil
}

// stage returns a host buffer of at least bytes bytes.
func (p *program) stage(bytes int) (*gpu.Buffer, error) {
	if p.staging != nil && p.staging.Size() >= bytes {
		return p.staging, nil
	}
	if p.staging != nil {
		p.staging.Release()
	}
	size := max(bytes, 64<<10)
	b, err := p.dev.NewBuffer(size, gpu.Host)
	if err != nil {
		p.staging = nil
		return nil, err
	}
	p.staging = b
	return b, nil
}

// upload copies data (a slice of 4-byte words) into dst from offset 0.
func upload[T float32 | int32 | uint32](p *program, dst *gpu.Buffer, data []T) error {
	if len(data) == 0 {
		return nil
	}
	bytes := unsafe.Slice((*byte)(unsafe.Pointer(&data[0])), 4*len(data))
	st, err := p.stage(len(bytes))
	if err != nil {
		return err
	}
	copy(st.Bytes(), bytes)
	return p.transfer(func(c *gpu.Commands) { c.Copy(dst, 0, st, 0, len(bytes)) })
}

// download copies len(dst) floats of src from byte offset off.
func (p *program) download(dst []float32, src *gpu.Buffer, off int) error {
	if len(dst) == 0 {
		return nil
	}
	st, err := p.stage(4 * len(dst))
	if err != nil {
		return err
	}
	if err := p.transfer(func(c *gpu.Commands) { c.Copy(st, 0, src, off, 4*len(dst)) }); err != nil {
		return err
	}
	copy(dst, st.Floats())
	return nil
}

// transfer records copies into a one-off command buffer and runs it.
func (p *program) transfer(rec func(c *gpu.Commands)) error {
	c, err := p.pool.Record()
	if err != nil {
		return err
	}
	defer c.Release()
	c.Barrier()
	rec(c)
	c.HostBarrier()
	if err := c.End(); err != nil {
		return err
	}
	return p.pool.Submit(c)
}

var errClosed = errors.New("vulkan: program is closed")

func (p *program) Run(n int) error {
	if err := backend.CheckTicks(n); err != nil {
		return err
	}
	if p.closed {
		return errClosed
	}
	var queue []inflight
	for n > 0 {
		k := min(n, p.batch)
		f := &p.frames[p.next]
		if f.fence.Pending() { // the oldest batch in flight uses this frame
			if err := p.collect(queue[0]); err != nil {
				return err
			}
			queue = queue[1:]
		}
		c, err := p.recorded(batchKey{k, p.phase(p.tick)}, p.next)
		if err != nil {
			return err
		}
		clk := f.clockIn.Uints()
		clk[0], clk[1] = uint32(p.tick), uint32(p.tick>>32)
		if err := p.pool.SubmitAsync(f.fence, c); err != nil {
			return fmt.Errorf("vulkan: ticks %d to %d: %w", p.tick, p.tick+uint64(k)-1, err)
		}
		queue = append(queue, inflight{first: p.tick, ticks: k, frame: p.next})
		p.next = (p.next + 1) % frames
		p.tick += uint64(k)
		n -= k
	}
	for _, b := range queue {
		if err := p.collect(b); err != nil {
			return err
		}
	}
	return nil
}

// collect waits for a batch and hands its records to the monitors.
func (p *program) collect(b inflight) error {
	if err := p.frames[b.frame].fence.Wait(); err != nil {
		return fmt.Errorf("vulkan: ticks %d to %d: %w", b.first, b.first+uint64(b.ticks)-1, err)
	}
	for _, r := range p.recorders {
		r.collect(b.first, b.ticks, b.frame)
	}
	return nil
}

// phase is where tick t falls in the hyperperiod, the period of the
// schedule of dispatches: a batch is recorded once per phase it starts at.
// A hyperperiod too large to count (0) makes it the tick itself.
func (p *program) phase(t uint64) uint64 {
	if p.plan.Hyperperiod == 0 {
		return t
	}
	return t % p.plan.Hyperperiod
}

// recorded returns frame f's command buffer for the batch key names,
// recording it on first use. A frame keeps a few: the longest batch and the
// lengths its caller asks for (every tick, every 1000 ticks, ...), at the
// phases they start at.
func (p *program) recorded(key batchKey, f int) (*gpu.Commands, error) {
	fr := &p.frames[f]
	if c, ok := fr.batches[key]; ok {
		return c, nil
	}
	if len(fr.batches) >= 8 {
		keepLongest := len(fr.batches) < 16 // the longest batch at a few phases
		for n, c := range fr.batches {
			if !keepLongest || n.ticks != p.batch {
				c.Release()
				delete(fr.batches, n)
			}
		}
	}
	c, err := p.pool.Record()
	if err != nil {
		return nil, err
	}
	c.Barrier() // after every earlier submission, which may still read the clock
	c.Copy(p.clock, 0, fr.clockIn, 0, 8)
	for _, r := range p.recorders {
		r.begin(c, key.ticks)
	}
	c.Barrier()
	for off := range key.ticks {
		t, o := key.phase+uint64(off), uint32(off)
		start := false
		for _, s := range p.order {
			if !s.clock.Fires(t) {
				for _, d := range s.idle {
					d.record(c, o)
					start = true
				}
				continue
			}
			for _, w := range s.early {
				w.record(c, o, t)
				start = true
			}
		}
		if start {
			c.Barrier()
		}
		for _, s := range p.order {
			if !s.clock.Fires(t) {
				continue
			}
			for _, w := range s.late {
				w.record(c, o, t)
			}
			if len(s.late) > 0 {
				c.Barrier()
			}
			s.k.record(c, o)
			c.Barrier()
		}
	}
	for _, r := range p.recorders {
		r.end(c, key.ticks, f)
	}
	c.HostBarrier()
	if err := c.End(); err != nil {
		c.Release()
		return nil, err
	}
	fr.batches[key] = c
	return c, nil
}

func (p *program) Tick() uint64 { return p.tick }

func (p *program) Write(name string, data []float32) error {
	n, err := p.plan.InputTarget(name, data)
	if err != nil {
		return err
	}
	if p.closed {
		return errClosed
	}
	return upload(p, p.kernels[n.ID()].(stateful).state(0), data)
}

func (p *program) Read(name string, dst []float32) error {
	t, err := p.plan.ReadTarget(name, dst)
	if err != nil {
		return err
	}
	if p.closed {
		return errClosed
	}
	if t.State >= 0 {
		return p.download(dst, p.kernels[t.Node.ID()].(stateful).state(t.State), 0)
	}
	if p.tick == 0 || p.plan.Buffers[t.Buffer].Spikes && !p.plan.Fires(t.Node.ID(), p.tick-1) {
		clear(dst) // no tick has produced a value yet, or an idle tick's spikes, as in the reference
		return nil
	}
	r := p.rings[t.Buffer]
	slot := int((p.tick - 1) % uint64(r.slots))
	return p.download(dst, r.buf, 4*slot*r.size)
}

func (p *program) Spikes(name string) (ops.SpikeRecord, error) {
	return backend.RecordedSpikes(p.plan, name, p.kernels)
}

func (p *program) Trace(name string) (ops.TraceRecord, error) {
	return backend.RecordedTrace(p.plan, name, p.kernels)
}

func (p *program) Close() error {
	if p.closed {
		return nil
	}
	p.closed = true
	for _, f := range p.frames {
		if f.fence != nil {
			f.fence.Wait() // a batch left in flight by a failed Run; its error was returned then
		}
		for _, c := range f.batches {
			c.Release()
		}
	}
	if p.pool != nil {
		p.pool.Release()
	}
	for _, b := range p.owned {
		b.Release()
	}
	if p.staging != nil {
		p.staging.Release()
	}
	return nil
}
