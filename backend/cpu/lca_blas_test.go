package cpu

import (
	"math"
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/ops"
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
