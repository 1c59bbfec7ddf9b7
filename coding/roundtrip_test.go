package coding_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/backend/ref"
	"github.com/spikeflow/spikeflow/coding"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

// rhythm: theta cycles of 60 ticks with 4 gamma cycles of 15, at tick 7 of
// its theta cycle at tick 0.
var rhythm = ops.Rhythm{Theta: 60, Gamma: 4, Offset: 7}

// grid is n values evenly spaced over [0, 1], ends included.
func grid(n int) []float32 {
	vs := make([]float32, n)
	for i := range vs {
		vs[i] = float32(i) / float32(n-1)
	}
	return vs
}

// encode multiplexes values (Gamma items per neuron) through the encoder
// enc on the reference backend for one theta cycle after a partial one,
// and returns the recorded spikes with the frame of that theta cycle.
func encode(t *testing.T, values []float32, enc func(n int) ops.Op) (ops.SpikeRecord, coding.Frame) {
	t.Helper()
	n := len(values) / rhythm.Gamma
	g := graph.New(graph.Config{Dt: time.Millisecond, Seed: 3})
	in := g.Add("values", &ops.Input{N: len(values), Value: values})
	mux := g.Add("mux", &ops.Multiplex{Rhythm: rhythm, N: n}, graph.In("items", in.Out("out")))
	e := g.Add("enc", enc(n), graph.In("value", mux.Out("out")))
	g.Add("mon", &ops.SpikeMonitor{}, graph.In("spikes", e.Out("spikes")))
	return run(t, g, n)
}

func run(t *testing.T, g *graph.Graph, n int) (ops.SpikeRecord, coding.Frame) {
	t.Helper()
	p, err := ref.Backend{}.Compile(g)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	f := coding.ThetaFrame(rhythm, n, 0, 1)
	if err := p.Run(int(f.Start) + rhythm.Theta); err != nil {
		t.Fatal(err)
	}
	rec, err := p.Spikes("mon")
	if err != nil {
		t.Fatal(err)
	}
	return rec, f
}

// maxError is the largest |decoded - value|; it fails on a NaN.
func maxError(t *testing.T, values []float32, decoded []float64) float64 {
	t.Helper()
	worst := 0.0
	for i, v := range values {
		if math.IsNaN(decoded[i]) {
			t.Fatalf("item %d (value %v) decoded as NaN", i, v)
		}
		worst = max(worst, math.Abs(decoded[i]-float64(v)))
	}
	return worst
}

// checkResolution: the worst error is within the promised bound (up to a
// float32 rounding of the value), and reaches it within 10%, so the bound
// is the code's real resolution and not a loose one.
func checkResolution(t *testing.T, name string, worst, bound float64) {
	t.Helper()
	if worst > bound*(1+1e-6) || worst < 0.9*bound {
		t.Errorf("%s: worst error %.6g, want at most and close to %.6g", name, worst, bound)
	}
}

func TestPhaseRoundTrip(t *testing.T) {
	values := grid(4 * 301)
	for _, bins := range []int{2, 5, 8, 15} {
		rec, f := encode(t, values, func(n int) ops.Op { return &ops.Phase{N: n, Rhythm: rhythm, Bins: bins} })
		if c := coding.Counts(rec, f); len(c) != len(values) || rec.Len() < len(values) {
			t.Fatalf("bins %d: %d items, %d spikes", bins, len(c), rec.Len())
		}
		worst := maxError(t, values, coding.DecodePhase(rec, f, bins))
		checkResolution(t, fmt.Sprintf("phase, %d bins", bins), worst, 1/(2*float64(bins-1)))
	}
}

func TestLatencyRoundTrip(t *testing.T) {
	values := grid(4 * 301)
	tg := rhythm.GammaTicks()
	// Windows of one gamma cycle, aligned with the rhythm's cycles.
	rec, f := encode(t, values, func(n int) ops.Op { return &ops.Latency{N: n, Window: tg, Offset: rhythm.Offset % tg} })
	worst := maxError(t, values, coding.DecodeLatency(rec, f))
	checkResolution(t, "latency", worst, 1/(2*float64(tg-1)))
}

func TestWeightedPhaseRoundTrip(t *testing.T) {
	values := grid(4 * 1025)
	for _, k := range []int{1, 3, 8} {
		rec, f := encode(t, values, func(n int) ops.Op { return &ops.WeightedPhase{N: n, Rhythm: rhythm, Phases: k} })
		worst := maxError(t, values, coding.DecodeWeightedPhase(rec, f, k))
		checkResolution(t, fmt.Sprintf("weighted phase, %d phases", k), worst, 1/(2*(math.Ldexp(1, k)-1)))
	}
}

// The spike in phase k carries 2^-(k+1), so the weights of one cycle add
// up to the code over 2^K: 0.7 with 4 phases is 11/16 before rescaling.
func TestWeightedPhaseWeights(t *testing.T) {
	values := []float32{0.7, 0.7, 0.7, 0.7}
	rec, f := encode(t, values, func(n int) ops.Op { return &ops.WeightedPhase{N: n, Rhythm: rhythm, Phases: 4} })
	got := coding.DecodeWeightedPhase(rec, f, 4)
	if want := 11.0 / 15; got[0] != want || coding.Counts(rec, f)[0] != 3 {
		t.Errorf("0.7 with 4 phases decodes as %v from %d spikes, want 11/15 from 3", got[0], coding.Counts(rec, f)[0])
	}
}

// The rate code is Poisson (Bernoulli per tick): an item's count c is
// Binomial(Tg, v maxCount/Tg), and its decoded value min(c/maxCount, 1)
// has a mean and variance computed here exactly from that distribution:
// v itself where the cap is never reached, a little less at v = 1. 2000
// neurons per value; each mean must lie within 4 standard errors.
func TestRateRoundTrip(t *testing.T) {
	const per, maxCount = 2000, 10.0
	levels := []float32{0, 0.25, 0.5, 1}
	values := make([]float32, 0, per*len(levels))
	for range per {
		values = append(values, levels...) // one neuron's 4 items: every level
	}
	n := len(values) / rhythm.Gamma
	tg := rhythm.GammaTicks()
	g := graph.New(graph.Config{Dt: time.Millisecond, Seed: 3})
	in := g.Add("values", &ops.Input{N: len(values), Value: values})
	// A rate in Hz that gives maxCount spikes in a gamma cycle at v = 1.
	mux := g.Add("mux", &ops.Multiplex{Rhythm: rhythm, N: n, Gain: maxCount / (float64(tg) * 1e-3)}, graph.In("items", in.Out("out")))
	src := g.Add("enc", &ops.Poisson{N: n, Rate: []float64{0}}, graph.In("rate", mux.Out("out")))
	g.Add("mon", &ops.SpikeMonitor{}, graph.In("spikes", src.Out("spikes")))
	rec, f := run(t, g, n)
	dec := coding.DecodeRate(rec, f, maxCount)
	for l, v := range levels {
		var sum float64
		for i := l; i < len(dec); i += len(levels) {
			sum += dec[i]
		}
		mean, variance := cappedBinomial(tg, float64(v)*maxCount/float64(tg), maxCount)
		if se := math.Sqrt(variance / per); math.Abs(sum/per-mean) > 4*se+1e-12 {
			t.Errorf("value %v: mean decoded %.4f, want %.4f within 4 SE (%.4f)", v, sum/per, mean, se)
		}
	}
}

// cappedBinomial is the mean and variance of min(c/m, 1) for c ~ Binomial(n, p).
func cappedBinomial(n int, p, m float64) (mean, variance float64) {
	var ex, ex2 float64
	for c := 0; c <= n; c++ {
		lg, _ := math.Lgamma(float64(n + 1))
		l1, _ := math.Lgamma(float64(c + 1))
		l2, _ := math.Lgamma(float64(n - c + 1))
		pc := math.Exp(lg - l1 - l2 + float64(c)*math.Log(p) + float64(n-c)*math.Log1p(-p))
		if p == 0 {
			pc = 0
			if c == 0 {
				pc = 1
			}
		}
		x := min(float64(c)/m, 1)
		ex += pc * x
		ex2 += pc * x * x
	}
	return ex, ex2 - ex*ex
}
