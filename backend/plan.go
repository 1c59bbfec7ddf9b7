package backend

import (
	"fmt"
	"math/bits"
	"strings"
	"time"

	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

// Plan is the part of compiling that every backend shares: the order in
// which nodes are evaluated within a tick and one buffer per output value.
type Plan struct {
	Graph *graph.Graph
	// Order lists the nodes so that every same-tick (delay 0) input is
	// produced before it is consumed. Ties keep the order nodes were added,
	// so the order is deterministic.
	Order []*graph.Node
	// Buffers holds one entry per output port of every node.
	Buffers []Buffer
	// Out[node ID][port] is the buffer index of that output.
	Out [][]int
	// In[node ID][port] says where an input comes from.
	In [][]Edge
	// Depth[buffer] is the largest Delay+Window-1 with which the buffer is
	// read: how many past ticks of it a backend must keep besides the
	// current one.
	Depth []int
	// Clock[node ID] is the clock of the node's cluster, and Dt[node ID]
	// the length of one of its steps, Clock.Period * the graph's Dt: ops
	// are validated and instantiated (ops.Env.Dt) with it.
	Clock []graph.Clock
	Dt    []time.Duration
	// Clocked is true when some node's clock does not fire every tick; a
	// plan without it runs exactly as if clocks did not exist.
	Clocked bool
	// Hyperperiod is the least common multiple of the periods of the
	// clusters that hold nodes: the schedule of steps repeats with it. It
	// is 0 when that number does not fit in a uint64.
	Hyperperiod uint64
}

// Buffer is the storage of one output value.
type Buffer struct {
	Node   *graph.Node
	Port   int
	Size   int
	Spikes bool
}

// Name is "node.port".
func (b Buffer) Name() string { return b.Node.Name() + "." + b.Node.OutputPorts()[b.Port].Name }

// Edge is a bound input: the buffer it reads, the delay in ticks and the
// window: how many ticks of the buffer, ending at t-Delay, are summed at a
// step tick t. Window is the consumer's period for a spike value and 1
// otherwise, so it is 1 everywhere in graphs whose clocks are trivial.
// Buffer is -1 for an unbound optional input.
type Edge struct {
	Buffer int
	Delay  int
	Window int
}

// Fires reports whether node id steps at tick t.
func (p *Plan) Fires(id int, t uint64) bool { return p.Clock[id].Fires(t) }

// NewPlan validates g and plans it. Backends that cannot run clocks other
// than every-tick pass clocks = false and get a clear error for them.
func NewPlan(g *graph.Graph, backendName string, caps Capabilities) (*Plan, error) {
	if err := g.Validate(); err != nil {
		return nil, err
	}
	if err := checkSupport(g, backendName, caps); err != nil {
		return nil, err
	}
	nodes := g.Nodes()
	p := &Plan{Graph: g, Out: make([][]int, len(nodes)), In: make([][]Edge, len(nodes)),
		Clock: make([]graph.Clock, len(nodes)), Dt: make([]time.Duration, len(nodes))}
	p.Hyperperiod = 1
	for _, n := range nodes {
		c := n.Cluster().Clock()
		p.Clock[n.ID()] = c
		p.Dt[n.ID()] = g.Config().Dt * time.Duration(c.Period)
		p.Clocked = p.Clocked || !c.Trivial()
		p.Hyperperiod = lcm(p.Hyperperiod, uint64(c.Period))
	}
	for _, n := range nodes {
		shapes := n.Layout().Out
		p.Out[n.ID()] = make([]int, len(shapes))
		for i, s := range shapes {
			p.Out[n.ID()][i] = len(p.Buffers)
			p.Buffers = append(p.Buffers, Buffer{Node: n, Port: i, Size: s.Size(), Spikes: n.OutputPorts()[i].Spikes})
		}
	}
	p.Depth = make([]int, len(p.Buffers))
	for _, n := range nodes {
		ports := n.InputPorts()
		p.In[n.ID()] = make([]Edge, len(ports))
		for i, port := range ports {
			e := Edge{Buffer: -1, Delay: port.Delay, Window: 1}
			if v, ok := n.Input(i); ok {
				e.Buffer = p.Out[v.Node().ID()][v.Port()]
				if p.Buffers[e.Buffer].Spikes {
					e.Window = p.Clock[n.ID()].Period
				}
				p.Depth[e.Buffer] = max(p.Depth[e.Buffer], port.Delay+e.Window-1)
			}
			p.In[n.ID()][i] = e
		}
	}
	p.Order = tickOrder(nodes)
	return p, nil
}

func checkSupport(g *graph.Graph, name string, caps Capabilities) error {
	if caps.Available != nil {
		return fmt.Errorf("%w: %s: %v", ErrUnavailable, name, caps.Available)
	}
	var missing []string
	for _, n := range g.Nodes() {
		if !caps.Supports(n.Op().Kind()) {
			missing = append(missing, n.String())
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("backend %s has no kernel for: %s", name, strings.Join(missing, ", "))
	}
	if !caps.Clocks {
		for _, c := range g.Clusters() {
			if !c.Clock().Trivial() {
				return fmt.Errorf("backend %s: cluster %q has clock %+v; this backend runs only clocks that fire every tick", name, c.Name(), c.Clock())
			}
		}
	}
	return nil
}

// lcm is the least common multiple of a and b, or 0 if it overflows (or
// either is 0).
func lcm(a, b uint64) uint64 {
	if a == 0 || b == 0 {
		return 0
	}
	x, y := a, b
	for y != 0 {
		x, y = y, x%y
	}
	hi, lo := bits.Mul64(a/x, b)
	if hi != 0 {
		return 0
	}
	return lo
}

// tickOrder is Kahn's algorithm over same-tick edges, taking ready nodes in
// the order they were added.
func tickOrder(nodes []*graph.Node) []*graph.Node {
	indeg := make([]int, len(nodes))
	consumers := make([][]int, len(nodes))
	for _, n := range nodes {
		for i, port := range n.InputPorts() {
			if v, ok := n.Input(i); ok && port.Delay == 0 {
				indeg[n.ID()]++
				consumers[v.Node().ID()] = append(consumers[v.Node().ID()], n.ID())
			}
		}
	}
	order := make([]*graph.Node, 0, len(nodes))
	ready := make([]bool, len(nodes))
	for len(order) < len(nodes) {
		// Take the lowest-ID node whose inputs are ready. Quadratic in the
		// worst case, but graphs have few nodes and this runs once.
		next := -1
		for id := range nodes {
			if !ready[id] && indeg[id] == 0 {
				next = id
				break
			}
		}
		if next < 0 {
			panic("backend: tickOrder on a graph with a same-tick cycle; Validate should have refused it")
		}
		ready[next] = true
		order = append(order, nodes[next])
		for _, c := range consumers[next] {
			indeg[c]--
		}
	}
	return order
}

// Target is what a name given to Program.Read designates.
type Target struct {
	Node   *graph.Node
	Port   int // output port, or -1
	Buffer int // output buffer index, or -1
	State  int // index into the node's state, or -1
}

// Resolve finds "node.port" or "node.var".
func (p *Plan) Resolve(name string) (Target, error) {
	dot := strings.LastIndexByte(name, '.')
	if dot < 0 {
		return Target{}, fmt.Errorf("read %q: want \"node.port\" or \"node.var\"", name)
	}
	n := p.Graph.Node(name[:dot])
	if n == nil {
		return Target{}, fmt.Errorf("read %q: %w: no node %q", name, graph.ErrName, name[:dot])
	}
	field := name[dot+1:]
	if i := ops.PortIndex(n.OutputPorts(), field); i >= 0 {
		return Target{Node: n, Port: i, Buffer: p.Out[n.ID()][i], State: -1}, nil
	}
	var names []string
	for i, v := range n.Layout().State {
		if v.Name == field {
			return Target{Node: n, Port: -1, Buffer: -1, State: i}, nil
		}
		names = append(names, v.Name)
	}
	return Target{}, fmt.Errorf("read %q: %w: node %v has no output or state %q (outputs: %s; state: %s)",
		name, graph.ErrName, n, field, ops.PortNames(n.OutputPorts()), strings.Join(names, ", "))
}

// Size is the number of elements Read copies for t.
func (t Target) Size() int {
	l := t.Node.Layout()
	if t.State >= 0 {
		return l.State[t.State].Shape.Size()
	}
	return l.Out[t.Port].Size()
}
