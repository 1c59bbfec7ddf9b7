package layers

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/spikeflow/spikeflow/ops"
)

// rowsOf returns the targets of every row of m, checking its structure.
func rowsOf(t *testing.T, m ops.CSR) [][]int32 {
	t.Helper()
	if err := m.Check(); err != nil {
		t.Fatal(err)
	}
	rows := make([][]int32, m.Pre)
	for j := range rows {
		rows[j] = m.Target[m.RowPtr[j]:m.RowPtr[j+1]]
	}
	return rows
}

// checkRows fails unless every row is strictly increasing: sorted, and
// without two synapses to the same target.
func checkRows(t *testing.T, rows [][]int32) {
	t.Helper()
	for j, r := range rows {
		for k := 1; k < len(r); k++ {
			if r[k] <= r[k-1] {
				t.Fatalf("row %d is not strictly increasing at %d: %v", j, k, r)
			}
		}
	}
}

func TestAllToAll(t *testing.T) {
	m, err := AllToAll{Pre: 3, Post: 4, Weight: Constant(0.5)}.Build()
	if err != nil {
		t.Fatal(err)
	}
	for j, r := range rowsOf(t, m) {
		if !slices.Equal(r, []int32{0, 1, 2, 3}) {
			t.Errorf("row %d = %v, want [0 1 2 3]", j, r)
		}
	}
	if !slices.Equal(m.Weight, []float32{0.5}) {
		t.Errorf("weights %v, want one shared 0.5", m.Weight)
	}
	m, err = AllToAll{Pre: 3, Post: 3, NoAutapses: true}.Build()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]int32{{1, 2}, {0, 2}, {0, 1}}
	for j, r := range rowsOf(t, m) {
		if !slices.Equal(r, want[j]) {
			t.Errorf("NoAutapses row %d = %v, want %v", j, r, want[j])
		}
	}
	m, err = AllToAll{Pre: 2, Post: 5, Weight: Uniform{Min: 1, Max: 2}, Seed: 1, Name: "u"}.Build()
	if err != nil || len(m.Weight) != 10 {
		t.Fatalf("random weights: %d weights, err %v", len(m.Weight), err)
	}
}

func TestOneToOne(t *testing.T) {
	m, err := OneToOne{N: 4, Weight: Constant(2)}.Build()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.RowPtr, []int32{0, 1, 2, 3, 4}) || !slices.Equal(m.Target, []int32{0, 1, 2, 3}) {
		t.Errorf("RowPtr %v, Target %v", m.RowPtr, m.Target)
	}
	if BytesPerSynapse(m) != 4*(5+4+1)/4.0 {
		t.Errorf("BytesPerSynapse = %v", BytesPerSynapse(m))
	}
	if e, err := (OneToOne{}).Build(); err != nil || e.NNZ() != 0 || len(e.RowPtr) != 1 {
		t.Errorf("N = 0: %v, %v", e, err)
	}
}

func TestSimpleErrors(t *testing.T) {
	for _, c := range []interface{ Build() (ops.CSR, error) }{
		AllToAll{Pre: -1, Post: 3},
		AllToAll{Pre: 3, Post: 4, NoAutapses: true},
		AllToAll{Pre: 50000, Post: 50000}, // 2.5e9 synapses: refused before allocating
		AllToAll{Pre: 2, Post: 2, Weight: Normal{Sigma: -1}},
		OneToOne{N: -2},
		OneToOne{N: 2, Weight: Constant(math.Inf(1))},
	} {
		if _, err := c.Build(); !errors.Is(err, ops.ErrParam) {
			t.Errorf("%+v: err = %v, want ErrParam", c, err)
		}
	}
}
