package layers

import (
	"errors"
	"math"
	"runtime"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/spikeflow/spikeflow/ops"
)

// TestFixedProbabilityDegrees: out-degrees follow Binomial(Post, P) and
// in-degrees Binomial(rows, P); chi-square goodness of fit at alpha.
func TestFixedProbabilityDegrees(t *testing.T) {
	const pre, post, p = 3000, 2000, 0.03
	m, err := FixedProbability{Pre: pre, Post: post, P: p, Weight: 1, Seed: 4, Name: "deg"}.Build()
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Check(); err != nil {
		t.Fatal(err)
	}
	out := make([]int, pre)
	in := make([]int, post)
	for j := range pre {
		row := m.Target[m.RowPtr[j]:m.RowPtr[j+1]]
		if !slices.IsSorted(row) {
			t.Fatalf("row %d not sorted", j)
		}
		for k := 1; k < len(row); k++ {
			if row[k] == row[k-1] {
				t.Fatalf("row %d has a duplicate target %d", j, row[k])
			}
		}
		out[j] = len(row)
		for _, i := range row {
			in[i]++
		}
	}
	degreeChi2(t, "out-degree", out, distuv.Binomial{N: post, P: p})
	degreeChi2(t, "in-degree", in, distuv.Binomial{N: pre, P: p})
}

func TestFixedProbabilityDeterministic(t *testing.T) {
	c := FixedProbability{Pre: 5000, Post: 700, From: 1000, To: 4500, P: 0.1, Weight: -2, Seed: 9, Name: "det"}
	old := runtime.GOMAXPROCS(1)
	a, err := c.Build()
	runtime.GOMAXPROCS(old)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := c.Build()
	if !slices.Equal(a.RowPtr, b.RowPtr) || !slices.Equal(a.Target, b.Target) {
		t.Fatal("same seed, different connectivity across GOMAXPROCS")
	}
	if a.RowPtr[1000] != 0 || a.RowPtr[4500] != a.RowPtr[5000] {
		t.Errorf("rows outside [From, To) are not empty: %d before, %d after", a.RowPtr[1000], a.RowPtr[5000]-a.RowPtr[4500])
	}
	c.Seed = 10
	if d, _ := c.Build(); slices.Equal(a.Target, d.Target) {
		t.Error("another seed gives the same connectivity")
	}
	if a.Bytes() != 4*(len(a.RowPtr)+a.NNZ()+1) {
		t.Errorf("Bytes = %d", a.Bytes())
	}
}

func TestFixedProbabilityEdges(t *testing.T) {
	full, err := FixedProbability{Pre: 3, Post: 4, P: 1, Weight: 1, Name: "full"}.Build()
	if err != nil || full.NNZ() != 12 {
		t.Fatalf("P=1: %d synapses, err %v; want 12", full.NNZ(), err)
	}
	none, err := FixedProbability{Pre: 3, Post: 4, P: 0, Weight: 1, Name: "none"}.Build()
	if err != nil || none.NNZ() != 0 || len(none.RowPtr) != 4 {
		t.Fatalf("P=0: %d synapses, err %v", none.NNZ(), err)
	}
	for _, bad := range []FixedProbability{
		{Pre: 3, Post: 4, P: 1.5, Name: "p"},
		{Pre: 3, Post: 4, P: math.NaN(), Name: "nan"},
		{Pre: -1, Post: 4, P: 0.5, Name: "size"},
		{Pre: 3, Post: 4, From: 2, To: 5, P: 0.5, Name: "rows"},
		{Pre: 3, Post: 4, P: 0.5, Weight: float32(math.Inf(1)), Name: "w"},
	} {
		if _, err := bad.Build(); !errors.Is(err, ops.ErrParam) {
			t.Errorf("%+v: err = %v, want ErrParam", bad, err)
		}
	}
}
