package learn_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/backend/cpu"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/learn"
	"github.com/spikeflow/spikeflow/ops"
)

// One pre spike and, 10 ms later, one post spike potentiate a synapse
// under Song, Miller & Abbott's rule by A+ exp(-10/20) = 0.01 gmax x 0.6065.
func Example() {
	g := graph.New(graph.Config{Dt: 100 * time.Microsecond})
	pre := g.Add("pre", &ops.Input{N: 1, Spikes: true})
	post := g.Add("post", &ops.Input{N: 1, Spikes: true})
	g.Add("syn", &ops.STDPDense{Pre: 1, Post: 1, W: []float32{0.5}, Delay: 1, Rule: learn.SongMillerAbbott(1)},
		graph.In("pre", pre.Out("out")), graph.In("post_spikes", post.Out("out")))
	p, err := cpu.Backend{}.Compile(g)
	if err != nil {
		panic(err)
	}
	defer p.Close()
	spike := func(input string) {
		p.Write(input, []float32{1})
		p.Run(1)
		p.Write(input, []float32{0})
	}
	spike("pre")
	p.Run(99) // 10 ms after the pre spike
	spike("post")
	p.Run(5)
	w := make([]float32, 1)
	p.Read("syn.w", w)
	fmt.Printf("dw = %.6f (formula %.6f)\n", w[0]-0.5, 0.01*math.Exp(-0.5))
	// Output: dw = 0.006065 (formula 0.006065)
}

// While the switch is off, weights and adaptive thresholds do not move;
// switched on again, they learn.
func TestSwitch(t *testing.T) {
	g := graph.New(graph.Config{Dt: 100 * time.Microsecond, Seed: 3})
	sw := learn.NewSwitch(g, "learn")
	src := g.Add("src", &ops.Poisson{N: 50, Rate: []float64{200}})
	w0 := make([]float32, 50*4)
	for i := range w0 {
		w0[i] = 0.5
	}
	syn := g.Add("syn", &ops.STDPDense{Pre: 50, Post: 4, W: w0, Delay: 1, Rule: learn.SongMillerAbbott(1)},
		graph.In("pre", src.Out("spikes")), graph.In("learn", sw.Out()))
	lif := g.Add("lif", &ops.AdaptiveLIF{
		LIF: ops.LIF{N: 4, TauM: 10 * time.Millisecond, TauE: 5 * time.Millisecond, TauI: 10 * time.Millisecond,
			VRest: -65, VThreshold: -55, VReset: -65},
		ThetaPlus: 0.5, TauTheta: time.Second,
	}, graph.In("exc", syn.Out("post")), graph.In("learn", sw.Out()))
	g.Connect(lif.Out("spikes"), syn.In("post_spikes"))
	p, err := cpu.Backend{}.Compile(g)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	read := func() ([]float32, []float32) {
		w, theta := make([]float32, len(w0)), make([]float32, 4)
		if err := p.Read("syn.w", w); err != nil {
			t.Fatal(err)
		}
		if err := p.Read("lif.theta", theta); err != nil {
			t.Fatal(err)
		}
		return w, theta
	}
	if err := sw.Set(p, false); err != nil {
		t.Fatal(err)
	}
	p.Run(2000)
	w, theta := read()
	for i := range w {
		if w[i] != 0.5 {
			t.Fatalf("w[%d] = %v with learning off, want 0.5", i, w[i])
		}
	}
	for i := range theta {
		if theta[i] != 0 {
			t.Fatalf("theta[%d] = %v with learning off, want 0", i, theta[i])
		}
	}
	if err := sw.Set(p, true); err != nil {
		t.Fatal(err)
	}
	p.Run(2000)
	w, theta = read()
	moved := 0
	for i := range w {
		if w[i] != 0.5 {
			moved++
		}
	}
	if moved < len(w)/2 || theta[0] == 0 {
		t.Errorf("with learning on, %d of %d weights moved and theta[0] = %v", moved, len(w), theta[0])
	}
}

// The published rules are valid and keep their defining balance.
func TestRules(t *testing.T) {
	for name, r := range map[string]ops.STDPRule{
		"SongMillerAbbott": learn.SongMillerAbbott(0.01), "PfisterGerstner": learn.PfisterGerstner(1), "DiehlCook": learn.DiehlCook(),
	} {
		op := &ops.STDPDense{Pre: 1, Post: 1, W: []float32{0}, Delay: 1, Rule: r}
		if err := op.Validate(100 * time.Microsecond); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	// Song et al.: the area under the depression window exceeds the one
	// under potentiation, A- tau- > A+ tau+.
	r := learn.SongMillerAbbott(1)
	if r.AMinus*r.TauMinus.Seconds() <= r.APlus*r.TauPlus.Seconds() {
		t.Error("SongMillerAbbott: depression does not dominate")
	}
}
