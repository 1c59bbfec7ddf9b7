// Package ref is the reference backend: it runs every node through the
// scalar reference implementation of its op (package ops), one tick at a
// time, keeping past values of delayed inputs in plain history buffers. It
// is slow and obviously correct, and it is the oracle of the conformance
// suite.
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
			Dt: cfg.Dt, Key: key, Stream: rng.Stream(n.Name()), In: n.InShapes()})
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
			in := make([][]float32, len(p.plan.In[id]))
			for i, e := range p.plan.In[id] {
				if e.Buffer < 0 {
					continue
				}
				in[i] = p.at(e.Buffer, int64(t)-int64(e.Delay))
				if in[i] == nil { // before the first tick: nothing emitted yet
					in[i] = make([]float32, p.plan.Buffers[e.Buffer].Size)
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
