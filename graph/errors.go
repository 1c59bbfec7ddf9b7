package graph

import (
	"errors"
	"fmt"

	"github.com/spikeflow/spikeflow/ops"
)

// Sentinels for the kinds of problem Validate reports, besides ops.ErrParam
// and ops.ErrShape for parameters and shapes; test with errors.Is.
var (
	ErrName  = errors.New("unknown or duplicate name")
	ErrCycle = errors.New("cycle without delay")
	ErrClock = errors.New("invalid clock")
	ErrInput = errors.New("input not connected")
	ErrGraph = errors.New("invalid graph configuration")
)

// Error is a problem with one node of a graph.
type Error struct {
	Node string   // node name; empty for graph-wide problems
	Kind ops.Kind // the node's op kind, if known
	Err  error
}

func (e *Error) Error() string {
	switch {
	case e.Node == "":
		return "graph: " + e.Err.Error()
	case e.Kind == ops.KindInvalid:
		return fmt.Sprintf("node %q: %v", e.Node, e.Err)
	default:
		return fmt.Sprintf("node %q (%v): %v", e.Node, e.Kind, e.Err)
	}
}

func (e *Error) Unwrap() error { return e.Err }

// nodeErrors splits a joined error into one *Error per problem, so that each
// line of the final report names its node.
func nodeErrors(n *Node, err error) []error {
	if err == nil {
		return nil
	}
	var parts []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		parts = j.Unwrap()
	} else {
		parts = []error{err}
	}
	out := make([]error, len(parts))
	for i, p := range parts {
		out[i] = &Error{Node: n.name, Kind: n.op.Kind(), Err: p}
	}
	return out
}
