package cpu

import (
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/ops"
	"github.com/spikeflow/spikeflow/rng"
)

// BenchmarkLCAAdamLoop times the elementwise part of an LcAdam tick (du,
// moments, step, threshold) per neuron, from fresh moments each time so
// that nothing decays into denormals.
//
//	go test ./backend/cpu -run='^$' -bench=AdamLoop
func BenchmarkLCAAdamLoop(b *testing.B) {
	p := &ops.LCA{Lambda: 0.1, Tau: 20 * time.Millisecond, Update: ops.UpdateAdam, Beta1: 0.5, Beta2: 0.9, Eps: 3e-3}
	k := &lcaKernel{f: p.Factors(time.Millisecond)}
	const n = 256
	key := rng.NewKey(1)
	mk := func(s uint32) []float32 {
		x := make([]float32, n)
		for i := range x {
			x[i] = key.Float32(s, 0, uint32(i)) - 0.5
		}
		return x
	}
	u, bb, c, a, m, v := mk(1), mk(2), mk(3), mk(4), mk(5), mk(6)
	u0, m0, v0 := mk(1), mk(5), mk(6)
	for i := range v0 {
		v0[i] *= v0[i]
	}
	for b.Loop() {
		copy(u, u0)
		copy(m, m0)
		copy(v, v0)
		k.adam(u, bb, c, a, m, v, 0.05, 0, 0)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/elem")
}
