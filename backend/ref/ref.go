// Package ref is the reference backend: it runs every node through the
// scalar reference implementation of its op (package ops), one tick at a
// time, keeping past values of delayed inputs in plain history buffers. It
// is slow and obviously correct, and it is the oracle of the conformance
// suite.
//
// Clocks follow backend.Plan: a node steps only on its clock's ticks, with
// a tick of Period*dt; on the other ticks its spike outputs are written as
// zeros and its other outputs copy their previous tick's value, so the
// history holds every tick of every buffer, and a spike input is the sum
// over its window of that history.
package ref

import (
	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
	"github.com/spikeflow/spikeflow/rng"
)

// Backend is the reference backend; it is registered as "ref".
type Backend struct{}

func init() { backend.Register(Backend{}) }

func (Backend) Name() string { return "ref" }

func (Backend) Capabilities() backend.Capabilities {
	return backend.Capabilities{
		Device: "CPU, one goroutine, scalar reference implementations",
		Kinds:  ops.Kinds(),
		Clocks: true,
		Notes:  "the conformance oracle; slow by design",
	}
}

func (b Backend) Compile(g *graph.Graph) (backend.Program, error) {
	plan, err := backend.NewPlan(g, b.Name(), b.Capabilities())
	if err != nil {
		return nil, err
	}
	cfg := g.Config()
	key := rng.NewKey(cfg.Seed)
	p := &program{plan: plan, refs: make([]ops.Reference, len(g.Nodes()))}
	for _, n := range g.Nodes() {
		p.refs[n.ID()] = n.Op().Reference(ops.Env{
			Dt: plan.Dt[n.ID()], Key: key, Stream: rng.Stream(n.Name()), In: n.InShapes()})
	}
	// Buffer b at tick t lives in hist[b][t % (Depth+1)].
	p.hist = make([][][]float32, len(plan.Buffers))
	for i, buf := range plan.Buffers {
		p.hist[i] = make([][]float32, plan.Depth[i]+1)
		for k := range p.hist[i] {
			p.hist[i][k] = make([]float32, buf.Size)
		}
	}
	return p, nil
}

type program struct {
	plan *backend.Plan
	refs []ops.Reference
	hist [][][]float32
	tick uint64
}

// at returns buffer b as of tick t, or nil before the first tick.
func (p *program) at(b int, t int64) []float32 {
	if t < 0 {
		return nil
	}
	h := p.hist[b]
	return h[t%int64(len(h))]
}

func (p *program) Run(n int) error {
	if err := backend.CheckTicks(n); err != nil {
		return err
	}
	for range n {
		t := p.tick
		for _, node := range p.plan.Order {
			id := node.ID()
			if !p.plan.Fires(id, t) {
				p.idle(id, t)
				continue
			}
			in := make([][]float32, len(p.plan.In[id]))
			for i, e := range p.plan.In[id] {
				if e.Buffer >= 0 {
					in[i] = p.input(e, t)
				}
			}
			out := make([][]float32, len(p.plan.Out[id]))
			for i, b := range p.plan.Out[id] {
				out[i] = p.at(b, int64(t))
			}
			p.refs[id].Step(t, in, out)
		}
		p.tick++
	}
	return nil
}

// input is what an input edge reads at a step at tick t: the sum of the
// buffer over its window, oldest first from +0, with ticks before 0 adding
// nothing.
func (p *program) input(e backend.Edge, t uint64) []float32 {
	end := int64(t) - int64(e.Delay)
	if e.Window == 1 {
		if v := p.at(e.Buffer, end); v != nil {
			return v
		}
		return make([]float32, p.plan.Buffers[e.Buffer].Size) // nothing emitted yet
	}
	sum := make([]float32, p.plan.Buffers[e.Buffer].Size)
	for u := end - int64(e.Window) + 1; u <= end; u++ {
		for i, x := range p.at(e.Buffer, u) {
			sum[i] += x
		}
	}
	return sum
}

// idle writes node id's outputs at a tick where it does not step: zeros for
// spikes, the previous tick's value (zeros before tick 0) otherwise.
func (p *program) idle(id int, t uint64) {
	for _, b := range p.plan.Out[id] {
		dst := p.at(b, int64(t))
		prev := p.at(b, int64(t)-1)
		if p.plan.Buffers[b].Spikes || prev == nil {
			clear(dst)
		} else {
			copy(dst, prev)
		}
	}
}

func (p *program) Tick() uint64 { return p.tick }

func (p *program) Write(name string, data []float32) error {
	n, err := p.plan.InputTarget(name, data)
	if err != nil {
		return err
	}
	copy(p.refs[n.ID()].State()[0], data)
	return nil
}

func (p *program) Read(name string, dst []float32) error {
	t, err := p.plan.ReadTarget(name, dst)
	if err != nil {
		return err
	}
	if t.State >= 0 {
		copy(dst, p.refs[t.Node.ID()].State()[t.State])
		return nil
	}
	if src := p.at(t.Buffer, int64(p.tick)-1); src != nil {
		copy(dst, src)
	} else {
		clear(dst)
	}
	return nil
}

func (p *program) Spikes(name string) (ops.SpikeRecord, error) {
	return backend.RecordedSpikes(p.plan, name, p.refs)
}

func (p *program) Trace(name string) (ops.TraceRecord, error) {
	return backend.RecordedTrace(p.plan, name, p.refs)
}

func (p *program) Close() error { return nil }
