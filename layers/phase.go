package layers

import (
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

// PhaseCoded gives a LIF group a phase-coded output, leaving the group
// itself unchanged: it adds a node "<group>-phase", an ops.Phase encoder
// that reads the group's membrane potential at the start of every gamma
// cycle of r and fires once in that cycle, in one of bins phase bins. The
// mapping follows hippocampal phase precession (O'Keefe & Recce 1993;
// Mehta, Lee & Wilson 2002): the more depolarized, the earlier, v at the
// threshold firing in bin 0 and v at or below the reset in the last bin.
// Phase coding is thus a per-group choice: connect synapses to the returned
// node's "spikes" for the phase code, or to the group's own "spikes" for
// its ordinary output.
func PhaseCoded(g *graph.Graph, group *graph.Node, r ops.Rhythm, bins int) *graph.Node {
	name := group.Name() + "-phase"
	lif, ok := group.Op().(*ops.LIF)
	if !ok {
		// Let validation report it, naming the node.
		return g.Add(name, nil)
	}
	return g.Add(name, &ops.Phase{N: lif.N, Rhythm: r, Bins: bins,
		Range: ops.ValueRange{Lo: lif.VThreshold, Hi: lif.VReset}}, graph.In("value", group.Out("v")))
}
