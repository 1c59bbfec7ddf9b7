package graph

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spikeflow/spikeflow/ops"
)

// Validate checks the whole graph and returns every problem found, joined;
// each is an *Error naming its node and wrapping a sentinel (ErrName,
// ErrInput, ErrCycle, ErrClock, ErrGraph, ops.ErrParam, ops.ErrShape). On
// success the shapes of every value and state are known.
func (g *Graph) Validate() error {
	var errs []error
	if g.cfg.Dt <= 0 {
		errs = append(errs, &Error{Err: fmt.Errorf("%w: Dt = %v, must be > 0", ErrGraph, g.cfg.Dt)})
	}
	errs = append(errs, g.checkClusters()...)
	errs = append(errs, g.buildErr...)
	for _, n := range g.nodes {
		if n.op.Kind() == ops.KindInvalid {
			continue
		}
		if g.cfg.Dt > 0 {
			// An op steps once per period of its cluster's clock; with a
			// bad clock (reported above) its parameters are still checked,
			// for a tick of Dt.
			dt, ok := n.cluster.Dt(g.cfg.Dt)
			if !ok {
				dt = g.cfg.Dt
			}
			errs = append(errs, nodeErrors(n, n.op.Validate(dt))...)
		}
		for i, p := range n.inPorts {
			if !p.Optional && n.in[i].node == nil {
				errs = append(errs, &Error{Node: n.name, Kind: n.op.Kind(),
					Err: fmt.Errorf("%w: required input %q is not connected", ErrInput, p.Name)})
			}
		}
	}
	errs = append(errs, g.inferShapes(len(errs) > 0)...)
	errs = append(errs, g.checkCycles()...)
	g.valid = len(errs) == 0
	return errors.Join(errs...)
}

func (g *Graph) checkClusters() []error {
	var errs []error
	seen := map[string]bool{}
	for _, c := range g.clusters {
		if err := c.clock.check(); err != nil {
			errs = append(errs, &Error{Err: fmt.Errorf("cluster %q: %w", c.name, err)})
		} else if _, ok := c.Dt(g.cfg.Dt); !ok {
			errs = append(errs, &Error{Err: fmt.Errorf("cluster %q: %w: a step of period %d x Dt %v is too long to count in nanoseconds",
				c.name, ErrClock, c.clock.Period, g.cfg.Dt)})
		}
		if seen[c.name] {
			errs = append(errs, &Error{Err: fmt.Errorf("%w: two clusters named %q", ErrName, c.name)})
		}
		seen[c.name] = true
	}
	return errs
}

// inferShapes runs every node's shape rule once the shapes of its required
// inputs are known. Shape rules depend only on sizes, so they run on nodes
// with invalid parameters too, and a shape mismatch is reported beside a
// bad parameter. Outputs of all current ops depend only on parameters, so
// resolving in dependency order terminates; a node left unresolved has a
// producer that is unbound or invalid, which is reported already.
func (g *Graph) inferShapes(reported bool) []error {
	layouts := make([]*ops.Layout, len(g.nodes))
	shapesOf := func(n *Node, requiredOnly bool) ([]ops.Shape, bool) {
		in := make([]ops.Shape, len(n.in))
		for i, v := range n.in {
			if v.node == nil {
				continue // an unbound required input is reported already
			}
			if l := layouts[v.node.id]; l != nil && v.port < len(l.Out) {
				in[i] = l.Out[v.port]
			} else if requiredOnly && !n.inPorts[i].Optional {
				return nil, false
			}
		}
		return in, true
	}
	for progress := true; progress; {
		progress = false
		for _, n := range g.nodes {
			if layouts[n.id] != nil || n.op.Kind() == ops.KindInvalid {
				continue
			}
			if in, ok := shapesOf(n, true); ok {
				l, _ := n.op.Infer(in)
				layouts[n.id] = &l
				progress = true
			}
		}
	}
	var errs []error
	for _, n := range g.nodes {
		if layouts[n.id] == nil {
			if !reported && n.op.Kind() != ops.KindInvalid {
				errs = append(errs, &Error{Node: n.name, Kind: n.op.Kind(),
					Err: fmt.Errorf("%w: the shapes of its inputs cannot be inferred", ops.ErrShape)})
			}
			continue
		}
		in, _ := shapesOf(n, false)
		l, err := n.op.Infer(in) // again, now that every input is known
		errs = append(errs, nodeErrors(n, err)...)
		n.inShapes, n.layout = in, l
	}
	return errs
}

// checkCycles reports every cycle of same-tick (delay 0) edges, as the path
// of node names around it.
func (g *Graph) checkCycles() []error {
	const (
		white = iota
		grey
		black
	)
	color := make([]int, len(g.nodes))
	var stack []*Node
	var errs []error
	var visit func(n *Node)
	visit = func(n *Node) {
		color[n.id] = grey
		stack = append(stack, n)
		for i, v := range n.in {
			if v.node == nil || n.inPorts[i].Delay > 0 {
				continue
			}
			switch color[v.node.id] {
			case white:
				visit(v.node)
			case grey:
				errs = append(errs, cycleError(stack, v.node))
			}
		}
		stack = stack[:len(stack)-1]
		color[n.id] = black
	}
	for _, n := range g.nodes {
		if color[n.id] == white {
			visit(n)
		}
	}
	return errs
}

// cycleError describes the cycle closed by an edge into start; the stack
// holds the path of consumers from start to the current node.
func cycleError(stack []*Node, start *Node) error {
	// The stack runs from start to its producers, so data flows from start
	// to the top of the stack and back down to start.
	names := []string{start.name}
	for i := len(stack) - 1; i >= 0; i-- {
		names = append(names, stack[i].name)
		if stack[i] == start {
			break
		}
	}
	return &Error{Node: start.name, Kind: start.op.Kind(),
		Err: fmt.Errorf("%w: %s (every cycle needs an input with a delay >= 1, such as a synapse)",
			ErrCycle, strings.Join(names, " -> "))}
}

// Valid reports whether the last Validate succeeded and the graph has not
// changed since.
func (g *Graph) Valid() bool { return g.valid }
