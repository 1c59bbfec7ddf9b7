package layers

import (
	"math"
	"testing"
	"time"
)

// BenchmarkLocal3D builds the network of issue 6: N neurons uniform in a
// periodic cube at unit density, each connected to its neighbours with
// probability exp(-d^2 / 2 Sigma^2) (P0 = 1) up to Cutoff = 3 Sigma, Sigma
// chosen so that ExpectedDegree is 100: 1e8 synapses at N = 1e6, with one
// shared weight, or, in the last tier, a weight per synapse drawn from a
// normal law truncated at 0. An iteration places the neurons and connects
// them; it reports the seconds of each, synapses built per second of the
// whole, and bytes per synapse (row pointers included).
//
//	go test ./layers -run='^$' -bench=Local3D -benchtime=1x
func BenchmarkLocal3D(b *testing.B) {
	for _, tier := range []struct {
		name   string
		n      int
		weight Dist
	}{
		{"N=1e5", 1e5, nil},
		{"N=1e6", 1e6, nil},
		{"N=1e6,weight=TruncNormal", 1e6, TruncNormal{Mu: 0.5, Sigma: 0.1, Min: 0, Max: math.Inf(1)}},
	} {
		b.Run(tier.name, func(b *testing.B) {
			side := math.Cbrt(float64(tier.n))
			c := Local3D{P0: 1, Sigma: 1, Cutoff: 3, Periodic: [3]bool{true, true, true}, Weight: tier.weight, Seed: 1, Name: "bench"}
			c.Sigma = math.Cbrt(100 / c.ExpectedDegree(1)) // the degree scales as Sigma^3
			c.Cutoff = 3 * c.Sigma
			var place, connect time.Duration
			var synapses int
			var bytes float64
			for b.Loop() {
				t0 := time.Now()
				pos, err := UniformBox(tier.n, Box{Max: [3]float64{side, side, side}}, 1)
				if err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				c.Pre, c.Post = pos, pos
				m, err := c.Build()
				if err != nil {
					b.Fatal(err)
				}
				place, connect = place+t1.Sub(t0), connect+time.Since(t1)
				synapses, bytes = m.NNZ(), BytesPerSynapse(m)
			}
			loops := float64(b.N)
			b.ReportMetric(place.Seconds()/loops, "place_s")
			b.ReportMetric(connect.Seconds()/loops, "connect_s")
			b.ReportMetric(float64(synapses), "synapses")
			b.ReportMetric(float64(synapses)*loops/(place+connect).Seconds(), "synapses/s")
			b.ReportMetric(bytes, "B/synapse")
		})
	}
}

// BenchmarkFixedInDegree builds 1e5 neurons with 100 inputs each: draws
// per target, then the transpose to CSR by source.
func BenchmarkFixedInDegree(b *testing.B) {
	c := FixedInDegree{Pre: 1e5, Post: 1e5, K: 100, NoAutapses: true, Seed: 1, Name: "bench"}
	var synapses int
	for b.Loop() {
		m, err := c.Build()
		if err != nil {
			b.Fatal(err)
		}
		synapses = m.NNZ()
	}
	b.ReportMetric(float64(synapses)*float64(b.N)/b.Elapsed().Seconds(), "synapses/s")
}
