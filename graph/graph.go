package graph

import (
	"fmt"
	"time"

	"github.com/spikeflow/spikeflow/ops"
)

// Config holds what applies to a whole graph.
type Config struct {
	Dt   time.Duration // length of a tick
	Seed uint64        // keys every random number of the simulation
}

// Graph is a network of ops under construction or ready to compile.
type Graph struct {
	cfg      Config
	nodes    []*Node
	byName   map[string]*Node
	clusters []*Cluster
	buildErr []error // mistakes made while building, reported by Validate
	valid    bool    // Validate succeeded and nothing changed since
}

// New returns an empty graph with one cluster, "default", whose clock fires
// every tick.
func New(cfg Config) *Graph {
	g := &Graph{cfg: cfg, byName: map[string]*Node{}}
	g.NewCluster("default", Clock{Period: 1})
	return g
}

// Config returns the graph's configuration.
func (g *Graph) Config() Config { return g.cfg }

// Nodes returns the nodes in the order they were added; a node's ID is its
// index here.
func (g *Graph) Nodes() []*Node { return g.nodes }

// Node returns the node with the given name, or nil.
func (g *Graph) Node(name string) *Node { return g.byName[name] }

// Clusters returns the clusters, the default one first.
func (g *Graph) Clusters() []*Cluster { return g.clusters }

// Node is one op instance in a graph.
type Node struct {
	g       *Graph
	id      int
	name    string
	op      ops.Op
	cluster *Cluster
	in      []Value // bound inputs, by input port; zero Value if unbound
	inPorts []ops.Port
	outPort []ops.Port

	// Set by a successful Validate.
	inShapes []ops.Shape
	layout   ops.Layout
}

// ID is the node's index in Graph.Nodes.
func (n *Node) ID() int { return n.id }

// Name is the node's unique name.
func (n *Node) Name() string { return n.name }

// Op is the node's op, with its parameters.
func (n *Node) Op() ops.Op { return n.op }

// Cluster is the cluster whose clock the node follows.
func (n *Node) Cluster() *Cluster { return n.cluster }

// InputPorts and OutputPorts describe the node's ports.
func (n *Node) InputPorts() []ops.Port  { return n.inPorts }
func (n *Node) OutputPorts() []ops.Port { return n.outPort }

// Input returns the value bound to input port i, and whether one is.
func (n *Node) Input(i int) (Value, bool) { return n.in[i], n.in[i].node != nil }

// InShapes returns the shape of each input (nil where unbound), as found by
// the last successful Validate.
func (n *Node) InShapes() []ops.Shape { return n.inShapes }

// Layout returns the output and state shapes found by the last successful
// Validate.
func (n *Node) Layout() ops.Layout { return n.layout }

func (n *Node) String() string { return fmt.Sprintf("%s (%v)", n.name, n.op.Kind()) }

// Value is an output port of a node.
type Value struct {
	node *Node
	port int
}

// Node is the producer of the value.
func (v Value) Node() *Node { return v.node }

// Port is the index of the output port.
func (v Value) Port() int { return v.port }

// Valid reports whether v names an existing output.
func (v Value) Valid() bool { return v.node != nil && v.port >= 0 }

// Shape is the value's shape as found by the last successful Validate.
func (v Value) Shape() ops.Shape {
	if !v.Valid() || v.node.layout.Out == nil {
		return nil
	}
	return v.node.layout.Out[v.port]
}

func (v Value) String() string {
	if !v.Valid() {
		return "<invalid value>"
	}
	return v.node.name + "." + v.node.outPort[v.port].Name
}

// InPort is an input port of a node, to be bound with Graph.Connect.
type InPort struct {
	node *Node
	port int
}

func (p InPort) String() string {
	if p.node == nil || p.port < 0 {
		return "<invalid input>"
	}
	return p.node.name + "." + p.node.inPorts[p.port].Name
}

// Option configures a node as it is added.
type Option func(*Graph, *Node)

// In binds the node's input port to v.
func In(port string, v Value) Option {
	return func(g *Graph, n *Node) { g.Connect(v, n.In(port)) }
}

// InCluster places the node in cluster c instead of the default one.
func InCluster(c *Cluster) Option {
	return func(g *Graph, n *Node) {
		if c == nil || c.g != g {
			g.fail(n, ErrName, "cluster does not belong to this graph")
			return
		}
		n.cluster = c
	}
}

// Add adds a node running op under a unique name and returns it.
func (g *Graph) Add(name string, op ops.Op, opts ...Option) *Node {
	g.valid = false
	n := &Node{g: g, id: len(g.nodes), name: name, op: op, cluster: g.clusters[0]}
	if op == nil {
		g.buildErr = append(g.buildErr, &Error{Node: name, Err: fmt.Errorf("%w: nil op", ops.ErrParam)})
		n.op = invalidOp{}
	}
	n.inPorts = n.op.Inputs()
	n.outPort = n.op.Outputs()
	n.in = make([]Value, len(n.inPorts))
	switch {
	case name == "":
		g.fail(n, ErrName, "empty node name")
	case g.byName[name] != nil:
		g.fail(n, ErrName, "a node named %q already exists", name)
	default:
		g.byName[name] = n
	}
	g.nodes = append(g.nodes, n)
	for _, o := range opts {
		o(g, n)
	}
	return n
}

// Out returns the node's output port with the given name. An unknown name
// is recorded as an error and yields a Value that Connect ignores.
func (n *Node) Out(port string) Value {
	i := ops.PortIndex(n.outPort, port)
	if i < 0 {
		n.g.fail(n, ErrName, "unknown output %q (outputs: %s)", port, orNone(ops.PortNames(n.outPort)))
	}
	return Value{node: n, port: i}
}

// In returns the node's input port with the given name; an unknown name is
// recorded as an error.
func (n *Node) In(port string) InPort {
	i := ops.PortIndex(n.inPorts, port)
	if i < 0 {
		n.g.fail(n, ErrName, "unknown input %q (inputs: %s)", port, orNone(ops.PortNames(n.inPorts)))
	}
	return InPort{node: n, port: i}
}

// Connect binds input port to to the value from.
func (g *Graph) Connect(from Value, to InPort) {
	g.valid = false
	switch {
	case from.node == nil && to.node != nil:
		g.fail(to.node, ErrName, "cannot connect a zero Value to %v; take values from Node.Out", to)
	case !from.Valid() || to.node == nil || to.port < 0:
		return // the unknown name was recorded by Out or In
	case from.node.g != g || to.node.g != g:
		g.fail(to.node, ErrName, "cannot connect %v: a node of another graph", from)
	case to.node.in[to.port].node != nil:
		g.fail(to.node, ErrName, "input %q is already bound to %v", to.node.inPorts[to.port].Name, to.node.in[to.port])
	default:
		to.node.in[to.port] = from
	}
}

func (g *Graph) fail(n *Node, kind error, format string, args ...any) {
	g.buildErr = append(g.buildErr, &Error{Node: n.name, Kind: n.op.Kind(),
		Err: fmt.Errorf("%w: "+format, append([]any{kind}, args...)...)})
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// invalidOp stands in for a nil op so that building can go on.
type invalidOp struct{}

func (invalidOp) Kind() ops.Kind                        { return ops.KindInvalid }
func (invalidOp) Inputs() []ops.Port                    { return nil }
func (invalidOp) Outputs() []ops.Port                   { return nil }
func (invalidOp) Validate(time.Duration) error          { return nil }
func (invalidOp) Infer([]ops.Shape) (ops.Layout, error) { return ops.Layout{}, nil }
func (invalidOp) Reference(ops.Env) ops.Reference       { return nil }
