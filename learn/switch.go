package learn

import (
	"fmt"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

// Switch is a 1-element host input that gates plasticity: connect its
// output to the "learn" input of plastic synapses and adaptive neurons,
// and turn it off for evaluation and on again for training on a compiled
// program. Learning is on until switched off.
type Switch struct{ node *graph.Node }

// NewSwitch adds the switch to g under name.
func NewSwitch(g *graph.Graph, name string) Switch {
	return Switch{g.Add(name, &ops.Input{N: 1, Value: []float32{1}})}
}

// Out is the value to connect to "learn" inputs.
func (s Switch) Out() graph.Value { return s.node.Out("out") }

// Set turns learning on or off in p from its next tick on.
func (s Switch) Set(p backend.Program, on bool) error {
	v := float32(0)
	if on {
		v = 1
	}
	if err := p.Write(s.node.Name(), []float32{v}); err != nil {
		return fmt.Errorf("learn: switch %q: %w", s.node.Name(), err)
	}
	return nil
}
