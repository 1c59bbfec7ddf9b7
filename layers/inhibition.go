package layers

import (
	"fmt"
	"math"

	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

// LateralInhibition makes the N neurons of a group inhibit one another:
// a Dense projection of the group's spikes onto itself, delayed by Delay
// ticks (>= 1; 0 means 1), in which every neuron adds -Strength to the
// current of every other neuron and nothing to its own. Connected to the
// group's "inh" input it makes the group compete, a soft winner-take-all
// (the role of the inhibitory population of Diehl & Cook 2015, without
// its neurons: each excitatory spike inhibits the others directly).
type LateralInhibition struct {
	N        int
	Strength float32 // > 0; in the unit of the group's currents
	Delay    int
}

// Dense returns the projection: W[j][i] = -Strength for i != j, 0 on the
// diagonal.
func (l LateralInhibition) Dense() (*ops.Dense, error) {
	if l.N < 0 || !(l.Strength > 0) || math.IsInf(float64(l.Strength), 0) || l.Delay < 0 {
		return nil, fmt.Errorf("lateral inhibition: %w: N = %d, Strength = %v, Delay = %d; want N >= 0, a finite Strength > 0, Delay >= 0",
			ops.ErrParam, l.N, l.Strength, l.Delay)
	}
	w := make([]float32, l.N*l.N)
	for j := range l.N {
		for i := range l.N {
			if i != j {
				w[j*l.N+i] = -l.Strength
			}
		}
	}
	return &ops.Dense{Pre: l.N, Post: l.N, W: w, Delay: max(l.Delay, 1)}, nil
}

// Add adds the projection to g under name, reading spikes (the group's
// "spikes" output), and returns its node: connect its "post" output to
// the group's "inh" input.
func (l LateralInhibition) Add(g *graph.Graph, name string, spikes graph.Value) (*graph.Node, error) {
	d, err := l.Dense()
	if err != nil {
		return nil, fmt.Errorf("node %q: %w", name, err)
	}
	return g.Add(name, d, graph.In("pre", spikes)), nil
}
