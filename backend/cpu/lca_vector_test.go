package cpu

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
	"github.com/spikeflow/spikeflow/rng"
)

// lcaSized compiles an LCA layer of n atoms in m dimensions (unit-norm
// random atoms) on signals made of 3 atoms each plus a little noise.
func lcaSized(tb testing.TB, be Backend, m, n, signals int, p ops.LCA) (*program, *ops.LCA) {
	tb.Helper()
	key := rng.NewKey(11)
	phi := make([]float32, m*n)
	for j := range n {
		var s float64
		for r := range m {
			phi[r*n+j] = key.Float32(1, uint64(j), uint32(r)) - 0.5
			s += float64(phi[r*n+j]) * float64(phi[r*n+j])
		}
		for r := range m {
			phi[r*n+j] = float32(float64(phi[r*n+j]) / math.Sqrt(s))
		}
	}
	x := make([]float32, signals*m)
	for s := range signals {
		for k := range 3 {
			j := int(key.Uint32(2, uint64(s), uint32(k)) % uint32(n))
			sign := float32(1 - 2*int(key.Uint32(3, uint64(s), uint32(k))&1))
			for r := range m {
				x[s*m+r] += sign * phi[r*n+j]
			}
		}
		for r := range m {
			x[s*m+r] += 0.01 * (key.Float32(4, uint64(s), uint32(r)) - 0.5)
		}
	}
	p.B, p.M, p.N, p.Phi = signals, m, n, phi
	g := graph.New(graph.Config{Dt: time.Millisecond, Seed: 1})
	in := g.Add("x", &ops.Input{N: len(x), Value: x})
	g.Add("lca", &p, graph.In("x", in.Out("out")))
	prog, err := be.Compile(g)
	if err != nil {
		tb.Fatal(err)
	}
	return prog.(*program), &p
}

// TestLCAVector: the AVX2 gather and update give the scalar kernel's bits
// (codes and every state array, tick after tick) for every update rule and
// threshold, on sizes around the vector width and the 32-column blocks.
func TestLCAVector(t *testing.T) {
	if !hasLCAVector {
		t.Skip("no AVX2 on this CPU: the vector LCA kernels cannot run")
	}
	rules := []ops.LCA{
		{Lambda: 0.1, Tau: 10 * time.Millisecond, Tol: 1e-4},
		{Lambda: 0.1, Tau: 10 * time.Millisecond, Threshold: ops.HardThreshold},
		{Lambda: 0.05, Tau: 20 * time.Millisecond, NonNegative: true, Update: ops.UpdateRMS, Beta2: 0.9, Eps: 3e-3},
		{Lambda: 0.1, Tau: 10 * time.Millisecond, Update: ops.UpdateAdam, Beta1: 0.5, Beta2: 0.9, Eps: 3e-3, Tol: 1e-3},
		{Lambda: 0.1, Tau: 10 * time.Millisecond, Update: ops.UpdateAdam, Beta1: 0.5, Beta2: 0.9, Eps: 3e-3, Threshold: ops.HardThreshold, NonNegative: true},
	}
	for _, n := range []int{1, 7, 8, 9, 31, 32, 33, 96, 257} {
		for ri, rule := range rules {
			t.Run(fmt.Sprintf("N=%d/rule=%d", n, ri), func(t *testing.T) {
				m := max(2, n/3)
				defer func() { lcaScalar = false }()
				lcaScalar = true
				want, _ := lcaSized(t, Backend{}, m, n, 37, rule)
				defer want.Close()
				lcaScalar = false
				got, _ := lcaSized(t, Backend{}, m, n, 37, rule)
				defer got.Close()
				var nonzero int
				for tick := range 60 {
					lcaScalar = true
					if err := want.Run(1); err != nil {
						t.Fatal(err)
					}
					lcaScalar = false
					if err := got.Run(1); err != nil {
						t.Fatal(err)
					}
					for name, size := range map[string]int{"lca.a": 37 * n, "lca.u": 37 * n, "lca.iters": 37, "lca.done": 37} {
						w, g := make([]float32, size), make([]float32, size)
						if err := want.Read(name, w); err != nil {
							t.Fatal(err)
						}
						if err := got.Read(name, g); err != nil {
							t.Fatal(err)
						}
						for i := range w {
							if math.Float32bits(w[i]) != math.Float32bits(g[i]) {
								t.Fatalf("tick %d %s[%d]: vector %g, scalar %g", tick, name, i, g[i], w[i])
							}
							if name == "lca.a" && w[i] != 0 {
								nonzero++
							}
						}
					}
				}
				if nonzero == 0 {
					t.Fatal("no code was ever nonzero: the comparison proved nothing")
				}
			})
		}
	}
}

// BenchmarkLCAKernel ticks LcAdam on 1000 signals of a 64 x 256 dictionary
// from a fresh start for 60 ticks with the scalar kernel and with the AVX2
// one, so that one run gives their ratio.
//
//	go test ./backend/cpu -run='^$' -bench=LCAKernel -count=5
func BenchmarkLCAKernel(b *testing.B) {
	rule := ops.LCA{Lambda: 0.1, Tau: 10 * time.Millisecond, Update: ops.UpdateAdam, Beta1: 0.5, Beta2: 0.9, Eps: 3e-3}
	for _, scalar := range []bool{true, false} {
		name := "avx2"
		if scalar {
			name = "scalar"
		}
		b.Run(name, func(b *testing.B) {
			if !scalar && !hasLCAVector {
				b.Skip("no AVX2")
			}
			defer func() { lcaScalar = false }()
			lcaScalar = scalar
			for b.Loop() {
				b.StopTimer()
				p, _ := lcaSized(b, Backend{}, 64, 256, 1000, rule)
				b.StartTimer()
				if err := p.Run(60); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				p.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*60*1000), "ns/signal-tick")
		})
	}
}
