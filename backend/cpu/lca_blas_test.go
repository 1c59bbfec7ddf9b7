package cpu

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
	"github.com/spikeflow/spikeflow/rng"
)

// lcaProgram compiles an LcAdam layer on signals made of 3 atoms of a
// random 32 x 96 dictionary.
func lcaProgram(t *testing.T, b Backend, signals int) (*program, *ops.LCA) {
	t.Helper()
	return lcaSized(t, b, 32, 96, signals, ops.LCA{Lambda: 0.1, Tau: 20 * time.Millisecond,
		Update: ops.UpdateAdam, Beta1: 0.5, Beta2: 0.9, Eps: 3e-3})
}

// TestLCABLAS: with Backend.BLAS the LCA kernel multiplies by G with
// sgemm while the codes are dense (the test sees it called); one tick from the same state agrees
// with the exact kernel to float32 rounding of the sums, and after 400
// ticks both have reached the same codes: the same support, coefficients
// within 1e-5.
func TestLCABLAS(t *testing.T) {
	const signals = 200 // enough chunks to run on the pool
	exact, op := lcaProgram(t, Backend{}, signals)
	defer exact.Close()
	fast, _ := lcaProgram(t, Backend{BLAS: true}, signals)
	defer fast.Close()
	before := lcaGemms.Load()
	size := signals * op.N
	read := func(p *program, name string) []float32 {
		out := make([]float32, size)
		if err := p.Read(name, out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	for tick := 1; tick <= 400; tick++ {
		if err := exact.Run(1); err != nil {
			t.Fatal(err)
		}
		if err := fast.Run(1); err != nil {
			t.Fatal(err)
		}
		if tick > 2 {
			continue
		}
		// Ticks 1 and 2 start from identical states (tick 1's a = 0), so
		// u may differ only by the rounding of the reordered sum G a.
		ue, uf := read(exact, "lca.u"), read(fast, "lca.u")
		for i := range ue {
			if d := math.Abs(float64(ue[i] - uf[i])); d > 1e-6 {
				t.Fatalf("tick %d, element %d: exact u = %v, BLAS u = %v", tick, i, ue[i], uf[i])
			}
		}
	}
	// The codes are dense at first (every atom correlates with a signal
	// of 3 atoms), sparse once the atoms compete.
	if calls := lcaGemms.Load() - before; calls == 0 || calls >= 400 {
		t.Errorf("%d sgemm calls in 400 ticks; want some, while the codes are dense, and then the sparse path", calls)
	}
	ae, af := read(exact, "lca.a"), read(fast, "lca.a")
	for i := range ae {
		if (ae[i] != 0) != (af[i] != 0) || math.Abs(float64(ae[i]-af[i])) > 1e-5 {
			t.Fatalf("element %d after 400 ticks: exact a = %v, BLAS a = %v", i, ae[i], af[i])
		}
	}
}

// TestLCABLASPrior: with a top-down prior (a second, online layer whose
// reconstruction feeds back through a Sparse projection) the BLAS path adds
// Gamma prior to b as the exact path does: after 300 ticks both reach the
// same codes in both layers, and sgemm was called.
func TestLCABLASPrior(t *testing.T) {
	const signals, m, n1, n2 = 160, 16, 48, 12 // 10 chunks: on the pool
	key := rng.NewKey(7)
	unit := func(rows, cols int, stream uint32) []float32 {
		phi := make([]float32, rows*cols)
		for j := range cols {
			var s float64
			for r := range rows {
				phi[r*cols+j] = key.Float32(stream, uint64(j), uint32(r)) - 0.5
				s += float64(phi[r*cols+j]) * float64(phi[r*cols+j])
			}
			for r := range rows {
				phi[r*cols+j] = float32(float64(phi[r*cols+j]) / math.Sqrt(s))
			}
		}
		return phi
	}
	phi1, phi2 := unit(m, n1, 1), unit(n1, n2, 2)
	x := make([]float32, signals*m)
	for i := range x {
		x[i] = key.Float32(3, uint64(i), 0) - 0.5
	}
	build := func(b Backend) *program {
		g := graph.New(graph.Config{Dt: time.Millisecond, Seed: 1})
		in := g.Add("x", &ops.Input{N: len(x), Value: x})
		l1 := g.Add("l1", &ops.LCA{B: signals, M: m, N: n1, Phi: phi1, Lambda: 0.002, Tau: 10 * time.Millisecond, Gamma: 0.5},
			graph.In("x", in.Out("out")))
		l2 := g.Add("l2", &ops.LCA{B: signals, M: n1, N: n2, Phi: phi2, Lambda: 0.002, Tau: 10 * time.Millisecond, Online: true},
			graph.In("x", l1.Out("a")))
		c := ops.CSR{Pre: signals * n2, Post: signals * n1, RowPtr: []int32{0}}
		for s := range signals {
			for j := range n2 {
				for r := range n1 {
					c.Target = append(c.Target, int32(s*n1+r))
					c.Weight = append(c.Weight, phi2[r*n2+j])
				}
				c.RowPtr = append(c.RowPtr, int32(len(c.Target)))
			}
		}
		fb := g.Add("fb", &ops.Sparse{CSR: c, Delay: 1}, graph.In("pre", l2.Out("a")))
		g.Connect(fb.Out("post"), l1.In("prior"))
		p, err := b.Compile(g)
		if err != nil {
			t.Fatal(err)
		}
		return p.(*program)
	}
	exact, fast := build(Backend{}), build(Backend{BLAS: true})
	defer exact.Close()
	defer fast.Close()
	before := lcaGemms.Load()
	for _, p := range []*program{exact, fast} {
		if err := p.Run(300); err != nil {
			t.Fatal(err)
		}
	}
	if lcaGemms.Load() == before {
		t.Error("no sgemm call: the BLAS path was not taken")
	}
	for _, name := range []string{"l1.a", "l2.a"} {
		size := signals * n1
		if name == "l2.a" {
			size = signals * n2
		}
		ae, af := make([]float32, size), make([]float32, size)
		if err := errors.Join(exact.Read(name, ae), fast.Read(name, af)); err != nil {
			t.Fatal(err)
		}
		for i := range ae {
			if math.Abs(float64(ae[i]-af[i])) > 1e-5 {
				t.Fatalf("%s[%d] after 300 ticks: exact %v, BLAS %v", name, i, ae[i], af[i])
			}
		}
	}
}
