package layers

import (
	"errors"
	"runtime"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/spikeflow/spikeflow/ops"
	"github.com/spikeflow/spikeflow/rng"
)

// TestFixedOutDegree: every row has exactly K distinct targets, sorted; the
// in-degrees are Binomial(Pre, K/Post) (chi-square at alpha).
func TestFixedOutDegree(t *testing.T) {
	const pre, post, k = 4000, 1500, 60
	m, err := FixedOutDegree{Pre: pre, Post: post, K: k, Seed: 3, Name: "out"}.Build()
	if err != nil {
		t.Fatal(err)
	}
	rows := rowsOf(t, m)
	checkRows(t, rows)
	in := make([]int, post)
	for j, r := range rows {
		if len(r) != k {
			t.Fatalf("row %d has %d targets, want %d", j, len(r), k)
		}
		for _, i := range r {
			in[i]++
		}
	}
	degreeChi2(t, "FixedOutDegree in-degree", in, distuv.Binomial{N: pre, P: float64(k) / post})
}

// TestFixedInDegree: every target has exactly K distinct sources; rows are
// sorted; out-degrees are Binomial(Post, K/Pre) (chi-square at alpha).
func TestFixedInDegree(t *testing.T) {
	const pre, post, k = 1500, 4000, 60
	m, err := FixedInDegree{Pre: pre, Post: post, K: k, NoAutapses: false, Seed: 3, Name: "in"}.Build()
	if err != nil {
		t.Fatal(err)
	}
	rows := rowsOf(t, m)
	checkRows(t, rows)
	out := make([]int, pre)
	in := make([]int, post)
	for j, r := range rows {
		out[j] = len(r)
		for _, i := range r {
			in[i]++
		}
	}
	for i, d := range in {
		if d != k {
			t.Fatalf("target %d has %d sources, want %d", i, d, k)
		}
	}
	degreeChi2(t, "FixedInDegree out-degree", out, distuv.Binomial{N: post, P: float64(k) / pre})
}

func TestFixedDegreeNoAutapses(t *testing.T) {
	// K = N-1: every other neuron, and never itself.
	for _, c := range []interface{ Build() (ops.CSR, error) }{
		FixedOutDegree{Pre: 50, Post: 50, K: 49, NoAutapses: true, Name: "o"},
		FixedInDegree{Pre: 50, Post: 50, K: 49, NoAutapses: true, Name: "i"},
	} {
		m, err := c.Build()
		if err != nil {
			t.Fatal(err)
		}
		for j, r := range rowsOf(t, m) {
			if len(r) != 49 || slices.Contains(r, int32(j)) {
				t.Fatalf("%T row %d: %d targets, contains itself: %v", c, j, len(r), slices.Contains(r, int32(j)))
			}
		}
	}
}

// TestFloydSubsets: drawing 2 of 5, each of the 10 subsets must be equally
// likely (chi-square at alpha over 20,000 rows). With NoAutapses, the
// draws of row 2 come from {0, 1, 3, 4}.
func TestFloydSubsets(t *testing.T) {
	s := newSampler()
	key, stream := rng.NewKey(8), rng.Stream("floyd")
	counts := map[[2]int32]float64{}
	dst := make([]int32, 2)
	const rows = 20000
	for row := range rows {
		s.sample(dst, 5, -1, key, stream, row)
		slices.Sort(dst)
		if dst[0] == dst[1] || dst[0] < 0 || dst[1] > 4 {
			t.Fatalf("row %d drew %v", row, dst)
		}
		counts[[2]int32{dst[0], dst[1]}]++
	}
	obs, exp := []float64{}, []float64{}
	for a := range int32(5) {
		for b := a + 1; b < 5; b++ {
			obs, exp = append(obs, counts[[2]int32{a, b}]), append(exp, rows/10)
		}
	}
	chi2Test(t, "Floyd 2-subsets of 5", obs, exp, 9)
	for row := range 200 {
		s.sample(dst, 5, 2, key, stream, row)
		if slices.Contains(dst, 2) || dst[0] == dst[1] {
			t.Fatalf("skip 2: row %d drew %v", row, dst)
		}
	}
}

func TestFixedDegreeDeterministic(t *testing.T) {
	// Post >= 2*rowBlock so the transpose runs in two chunks at GOMAXPROCS 2.
	in := FixedInDegree{Pre: 3000, Post: 5000, K: 30, Weight: Uniform{Min: 0, Max: 1}, Seed: 4, Name: "det"}
	out := FixedOutDegree{Pre: 3000, Post: 5000, K: 30, Seed: 4, Name: "det"}
	old := runtime.GOMAXPROCS(1)
	a, errA := in.Build()
	b, errB := out.Build()
	runtime.GOMAXPROCS(2)
	a2, errA2 := in.Build()
	b2, errB2 := out.Build()
	runtime.GOMAXPROCS(old)
	if err := errors.Join(errA, errB, errA2, errB2); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.RowPtr, a2.RowPtr) || !slices.Equal(a.Target, a2.Target) || !slices.Equal(a.Weight, a2.Weight) {
		t.Error("FixedInDegree differs between GOMAXPROCS 1 and 2")
	}
	if !slices.Equal(b.Target, b2.Target) {
		t.Error("FixedOutDegree differs between GOMAXPROCS 1 and 2")
	}
	in.Seed = 5
	if c, _ := in.Build(); slices.Equal(a.Target, c.Target) {
		t.Error("another seed gives the same connectivity")
	}
}

func TestFixedDegreeErrors(t *testing.T) {
	for _, c := range []interface{ Build() (ops.CSR, error) }{
		FixedOutDegree{Pre: 10, Post: 5, K: 6},
		FixedOutDegree{Pre: 5, Post: 5, K: 5, NoAutapses: true},
		FixedOutDegree{Pre: 10, Post: 5, K: -1},
		FixedOutDegree{Pre: -1, Post: 5, K: 1},
		FixedOutDegree{Pre: 4, Post: 5, K: 1, NoAutapses: true},
		FixedOutDegree{Pre: 1 << 30, Post: 100, K: 10}, // 1e10 synapses
		FixedInDegree{Pre: 5, Post: 10, K: 6},
		FixedInDegree{Pre: 5, Post: 5, K: 5, NoAutapses: true},
		FixedInDegree{Pre: 5, Post: 5, K: 2, Weight: LogNormal{Sigma: 0}},
	} {
		if _, err := c.Build(); !errors.Is(err, ops.ErrParam) {
			t.Errorf("%+v: err = %v, want ErrParam", c, err)
		}
	}
	if m, err := (FixedInDegree{Pre: 0, Post: 7, K: 0}).Build(); err != nil || m.NNZ() != 0 {
		t.Errorf("K = 0 from an empty population: %v, %v", m, err)
	}
}
