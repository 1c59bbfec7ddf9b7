package layers

import (
	"strings"
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

// PhaseCoded maps v at the threshold to the first bin and v at the reset to
// the last, and refuses a node that is not a LIF group.
func TestPhaseCoded(t *testing.T) {
	g := graph.New(graph.Config{Dt: time.Millisecond})
	lif := g.Add("out", &ops.LIF{N: 3, TauM: 20 * time.Millisecond, TauE: 5 * time.Millisecond, TauI: 5 * time.Millisecond,
		VRest: -65, VThreshold: -50, VReset: -70})
	r := ops.Rhythm{Theta: 100, Gamma: 5}
	enc := PhaseCoded(g, lif, r, 8)
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	p := enc.Op().(*ops.Phase)
	lo, scale := p.Range.Factors()
	if enc.Name() != "out-phase" || p.N != 3 || ops.PhaseBin(ops.Unit(-50, lo, scale), 8) != 0 || ops.PhaseBin(ops.Unit(-75, lo, scale), 8) != 7 {
		t.Errorf("PhaseCoded = %s %+v", enc.Name(), p)
	}
	src := g.Add("src", &ops.Poisson{N: 1, Rate: []float64{1}})
	PhaseCoded(g, src, r, 8)
	if err := g.Validate(); err == nil || !strings.Contains(err.Error(), "src-phase") {
		t.Errorf("PhaseCoded of a Poisson group: %v", err)
	}
}
