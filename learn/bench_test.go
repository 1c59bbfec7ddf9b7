package learn_test

import (
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/backend/cpu"
	"github.com/spikeflow/spikeflow/datasets/mnist"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/layers"
	"github.com/spikeflow/spikeflow/learn"
	"github.com/spikeflow/spikeflow/ops"
)

// BenchmarkDiehlCook times the training network of Diehl & Cook (2015) on
// the CPU backend at their dt of 0.5 ms: 784 Poisson inputs (MNIST pixels
// as 0-63.75 Hz) -> dense STDP (their nearest-spike triplet rule, columns
// normalized to 78 once per sample) -> 400 adaptive-threshold LIF neurons
// that inhibit one another (layers.LateralInhibition). One iteration is one
// training sample: 350 ms of a digit, then 150 ms of rest, 1000 ticks. It
// reports us/tick and the minutes one epoch (60,000 samples) would take;
// the budget is 20 minutes, 20 us per tick.
//
//	go test ./learn -run='^$' -bench=DiehlCook -benchtime=20x
func BenchmarkDiehlCook(b *testing.B) {
	set, err := mnist.Test()
	if err != nil {
		b.Skip(err)
	}
	const nIn, nExc, show, rest = 784, 400, 700, 300
	g := graph.New(graph.Config{Dt: 500 * time.Microsecond, Seed: 1})
	rates := g.Add("rates", &ops.Input{N: nIn})
	sw := learn.NewSwitch(g, "learn")
	in := g.Add("input", &ops.Poisson{N: nIn, Rate: []float64{0}}, graph.In("rate", rates.Out("out")))
	// Diehl & Cook's neurons are conductance-based: a weight w moves v by
	// about w (E_exc - v) = 65 w mV. spikeflow's LIF is current-based, so
	// weights, bounds, amplitudes and the normalization target are in those
	// millivolts.
	const mV = 65
	rule := learn.DiehlCook()
	rule.AMinus, rule.A3Plus, rule.WMax = mV*rule.AMinus, mV*rule.A3Plus, mV*rule.WMax
	w := make([]float32, nIn*nExc)
	for i := range w {
		w[i] = mV * 0.3 * float32((i*7919)%1000) / 1000 // in [0, 0.3), as Diehl & Cook start
	}
	syn := g.Add("syn", &ops.STDPDense{Pre: nIn, Post: nExc, W: w, Delay: 1, Rule: rule,
		Normalize: ops.Normalization{Target: mV * 78, Every: show + rest}},
		graph.In("pre", in.Out("spikes")), graph.In("learn", sw.Out()))
	exc := g.Add("exc", &ops.AdaptiveLIF{
		LIF: ops.LIF{N: nExc, TauM: 100 * time.Millisecond, TauE: time.Millisecond, TauI: 2 * time.Millisecond,
			VRest: -65, VThreshold: -52, VReset: -65, Refractory: 5 * time.Millisecond},
		ThetaPlus: 0.05, TauTheta: 1e4 * time.Second,
	}, graph.In("exc", syn.Out("post")), graph.In("learn", sw.Out()))
	g.Connect(exc.Out("spikes"), syn.In("post_spikes"))
	// Their inhibitory conductance of 17 pulls towards -100 mV, 35 mV
	// below where the neurons sit: a current of 17 x 35 mV.
	inh, err := layers.LateralInhibition{N: nExc, Strength: 17 * 35}.Add(g, "inhibition", exc.Out("spikes"))
	if err != nil {
		b.Fatal(err)
	}
	g.Connect(inh.Out("post"), exc.In("inh"))
	g.Add("count", &ops.SpikeCount{}, graph.In("spikes", exc.Out("spikes")))
	p, err := cpu.Backend{}.Compile(g)
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	zero := make([]float32, nIn)
	r := make([]float32, nIn)
	sample := 0
	for b.Loop() {
		x, _ := set.Sample(sample % set.Len())
		sample++
		for j, v := range x {
			r[j] = v / set.Max() * 63.75
		}
		if err := p.Write("rates", r); err != nil {
			b.Fatal(err)
		}
		p.Run(show)
		if err := p.Write("rates", zero); err != nil {
			b.Fatal(err)
		}
		p.Run(rest)
	}
	perTick := float64(b.Elapsed().Microseconds()) / float64(b.N*(show+rest))
	counts := make([]float32, nExc)
	p.Read("count.count", counts)
	var spikes float32
	for _, c := range counts {
		spikes += c
	}
	b.ReportMetric(perTick, "us/tick")
	b.ReportMetric(perTick*1e-6*float64(show+rest)*60000/60, "min/epoch")
	b.ReportMetric(float64(spikes)/float64(b.N), "exc-spikes/sample")
}
