// Package cpu is spikeflow's multi-core CPU backend, registered as "cpu".
//
// It runs the same semantics as the reference backend, bit for bit, with
// kernels written for speed: state laid out for the loop that reads it, no
// allocation per tick, event-driven synapses (only the rows of neurons that
// spiked are scattered, into a ring of future inputs that implements the
// delay), spike lists kept beside spike vectors, and large neuron groups
// split into fixed chunks run on all cores. Chunks are fixed by size, not by
// core count, and every element's arithmetic is independent of its chunk,
// so results are identical for any GOMAXPROCS.
//
// Graphs with clocks that skip ticks or with several clusters run on a
// schedule (schedule.go): clusters joined by delay-0 edges form execution
// units, each unit runs on a goroutine of its own when there are several
// (its kernels then run serially, not on the worker pool), and units
// synchronize conservatively through atomic tick counters, results staying
// bit-identical to the reference. A graph of one cluster on a clock that
// fires every tick runs the plain per-tick loop.
package cpu

import (
	"fmt"
	"runtime"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/internal/blasimpl"
	"github.com/spikeflow/spikeflow/ops"
	"github.com/spikeflow/spikeflow/rng"
)

// Backend is the CPU backend.
type Backend struct {
	// Workers is the number of goroutines a program uses; 0 means
	// runtime.GOMAXPROCS at compile time.
	Workers int
	// BLAS lets kernels hand dense products to blas32 (OpenBLAS when built
	// with -tags openblas): for now the inhibition G a of ops.LCA, batched
	// over all signals as one matrix product. BLAS adds in its own order,
	// so results then differ from the reference's in the last bits and,
	// through the thresholds, may take another path to the same fixed
	// point; the conformance suite runs with BLAS off, and TestLCABLAS
	// checks the BLAS path against the exact one.
	BLAS bool
}

func init() { backend.Register(Backend{}) }

func (Backend) Name() string { return "cpu" }

func (b Backend) Capabilities() backend.Capabilities {
	kinds := make([]ops.Kind, 0, len(kernels))
	for _, k := range ops.Kinds() {
		if kernels[k] != nil {
			kinds = append(kinds, k)
		}
	}
	return backend.Capabilities{
		Device: cpuModel(),
		Kinds:  kinds,
		Clocks: true,
		Notes: fmt.Sprintf("%d workers (GOMAXPROCS); groups of %d+ neurons split into %d-neuron chunks across them; clusters not joined by delay-0 edges run on goroutines of their own; BLAS: %s, %s",
			b.workers(), parallelChunks*chunkSize, chunkSize, blasimpl.Name(), b.blasUse()),
	}
}

func (b Backend) blasUse() string {
	if b.BLAS {
		return "used by the LCA kernel (Backend.BLAS)"
	}
	return "unused: every kernel adds in the reference's order (Backend.BLAS turns it on for LCA)"
}

func (b Backend) workers() int {
	if b.Workers > 0 {
		return b.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// buffer is one value: its dense data and, for spike values, the list of
// indices whose element is nonzero, in increasing order.
type buffer struct {
	data   []float32
	spikes bool
	list   []int32 // valid when spikes; capacity len(data)
}

func newBuffer(size int, spikes bool) *buffer {
	b := &buffer{data: make([]float32, size), spikes: spikes}
	if spikes {
		b.list = make([]int32, 0, size)
	}
	return b
}

// active returns the indices of the nonzero elements of b, using the spike
// list when b has one and scanning into scratch (capacity len(b.data))
// otherwise.
func (b *buffer) active(scratch []int32) []int32 {
	if b.spikes {
		return b.list
	}
	return appendNonzero(scratch[:0], b.data)
}

// kernel is a compiled node. step computes tick t's outputs.
type kernel interface {
	step(t uint64)
}

// absorber is a kernel with delayed inputs: after every node has stepped,
// absorb takes in tick t's input values for delivery on later ticks.
type absorber interface {
	absorb(t uint64)
}

// stateful kernels copy out their i-th piece of state, in the order of
// ops.Layout.State; dst has its size.
type stateful interface {
	readState(i int, dst []float32)
}

// node is what a kernel builder gets: the node, its bound buffers and what
// else it needs to know.
type node struct {
	*graph.Node
	in   []*buffer // nil where unbound
	out  []*buffer
	env  ops.Env
	gate gate // the ticks the node steps on
	pool *pool
	blas bool // Backend.BLAS
}

type builder func(n *node) (kernel, error)

var kernels = map[ops.Kind]builder{}

func register(k ops.Kind, b builder) { kernels[k] = b }

func (b Backend) Compile(g *graph.Graph) (backend.Program, error) {
	plan, err := backend.NewPlan(g, b.Name(), b.Capabilities())
	if err != nil {
		return nil, err
	}
	units := splitUnits(plan)
	workers := b.workers()
	if len(units) > 1 {
		workers = 1 // each unit runs its kernels serially on its own goroutine
	}
	p := &program{plan: plan, bufs: make([]*buffer, len(plan.Buffers)), kernels: make([]kernel, len(g.Nodes())),
		pool: newPool(workers)}
	for i, bs := range plan.Buffers {
		p.bufs[i] = newBuffer(bs.Size, bs.Spikes)
	}
	if plan.Clocked || len(units) > 1 {
		if err := p.schedule(b, units); err != nil {
			p.pool.close()
			return nil, err
		}
		return p, nil
	}
	for _, gn := range plan.Order {
		var in []*buffer
		for _, e := range plan.In[gn.ID()] {
			in = append(in, p.buf(e.Buffer))
		}
		k, err := p.build(b, gn, in)
		if err != nil {
			p.pool.close()
			return nil, err
		}
		p.steps = append(p.steps, k)
		if a, ok := k.(absorber); ok {
			p.absorbers = append(p.absorbers, a)
		}
	}
	return p, nil
}

// buf is buffer i, or nil for an unbound input (-1).
func (p *program) buf(i int) *buffer {
	if i < 0 {
		return nil
	}
	return p.bufs[i]
}

// build compiles node gn reading the input buffers in.
func (p *program) build(b Backend, gn *graph.Node, in []*buffer) (kernel, error) {
	id := gn.ID()
	n := &node{Node: gn, in: in, pool: p.pool, blas: b.BLAS, gate: gateOf(p.plan.Clock[id]),
		env: ops.Env{Dt: p.plan.Dt[id], Key: rng.NewKey(p.plan.Graph.Config().Seed), Stream: rng.Stream(gn.Name()), In: gn.InShapes()}}
	for _, bi := range p.plan.Out[id] {
		n.out = append(n.out, p.bufs[bi])
	}
	k, err := kernels[gn.Op().Kind()](n)
	if err != nil {
		return nil, fmt.Errorf("cpu: node %v: %w", gn, err)
	}
	p.kernels[id] = k
	return k, nil
}

type program struct {
	plan      *backend.Plan
	bufs      []*buffer
	kernels   []kernel // by node ID
	steps     []kernel // in tick order
	absorbers []absorber
	units     []*unit // set when clocks or clusters need the schedule
	pool      *pool
	tick      uint64
}

func (p *program) Run(n int) error {
	if err := backend.CheckTicks(n); err != nil {
		return err
	}
	if p.units != nil {
		p.runUnits(n)
		return nil
	}
	for range n {
		t := p.tick
		for _, k := range p.steps {
			k.step(t)
		}
		for _, a := range p.absorbers {
			a.absorb(t)
		}
		p.tick++
	}
	return nil
}

func (p *program) Tick() uint64 { return p.tick }

func (p *program) Write(name string, data []float32) error {
	n, err := p.plan.InputTarget(name, data)
	if err != nil {
		return err
	}
	p.kernels[n.ID()].(*inputKernel).write(data)
	return nil
}

func (p *program) Read(name string, dst []float32) error {
	t, err := p.plan.ReadTarget(name, dst)
	if err != nil {
		return err
	}
	if t.State >= 0 {
		p.kernels[t.Node.ID()].(stateful).readState(t.State, dst)
		return nil
	}
	if p.tick == 0 {
		clear(dst) // no tick has produced a value yet, as in the reference
		return nil
	}
	copy(dst, p.bufs[t.Buffer].data)
	return nil
}

func (p *program) Spikes(name string) (ops.SpikeRecord, error) {
	return backend.RecordedSpikes(p.plan, name, p.kernels)
}

func (p *program) Trace(name string) (ops.TraceRecord, error) {
	return backend.RecordedTrace(p.plan, name, p.kernels)
}

func (p *program) Close() error {
	p.pool.close()
	return nil
}
