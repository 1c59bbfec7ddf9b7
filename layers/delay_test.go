package layers

import (
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/ops"
)

// TestSplitByDelay: every synapse lands in exactly one part, with its
// weight, in its row; and the delays follow the rounded distribution:
// Uniform{1, 3} ms at dt = 0.5 ms gives 2 ticks with probability 1/8,
// 3, 4 and 5 with 1/4 each, 6 with 1/8 (chi-square at alpha).
func TestSplitByDelay(t *testing.T) {
	m, err := FixedOutDegree{Pre: 2000, Post: 500, K: 40, Weight: Normal{Mu: 1, Sigma: 0.2}, Seed: 1, Name: "d"}.Build()
	if err != nil {
		t.Fatal(err)
	}
	parts, err := SplitByDelay(m, Uniform{Min: 1, Max: 3}, 500*time.Microsecond, 2, "d")
	if err != nil {
		t.Fatal(err)
	}
	var delays []int
	obs := []float64{}
	type synapse struct {
		target int32
		weight float32
	}
	got := make([][]synapse, m.Pre)
	for _, p := range parts {
		if err := p.Validate(500 * time.Microsecond); err != nil {
			t.Fatal(err)
		}
		delays = append(delays, p.Delay)
		obs = append(obs, float64(p.NNZ()))
		rows := rowsOf(t, p.CSR)
		checkRows(t, rows)
		for j, r := range rows {
			for k, i := range r {
				got[j] = append(got[j], synapse{i, p.Weight[int(p.RowPtr[j])+k]})
			}
		}
	}
	if !slices.Equal(delays, []int{2, 3, 4, 5, 6}) {
		t.Fatalf("delays %v, want [2 3 4 5 6]", delays)
	}
	for j := range m.Pre {
		var want []synapse
		for k := m.RowPtr[j]; k < m.RowPtr[j+1]; k++ {
			want = append(want, synapse{m.Target[k], m.Weight[k]})
		}
		slices.SortFunc(got[j], func(a, b synapse) int { return int(a.target - b.target) })
		if !slices.Equal(got[j], want) {
			t.Fatalf("row %d: parts hold %v, want %v", j, got[j], want)
		}
	}
	n := float64(m.NNZ())
	chi2Test(t, "SplitByDelay delays", obs, []float64{n / 8, n / 4, n / 4, n / 4, n / 8}, 4)
	csrs := make([]ops.CSR, len(parts))
	for i, p := range parts {
		csrs[i] = p.CSR
	}
	if b := BytesPerSynapse(csrs...); b <= 8 || b > 8+5*4*2001/n+1e-9 {
		t.Errorf("BytesPerSynapse over the parts = %v", b)
	}
}

func TestSplitByDelaySharedWeight(t *testing.T) {
	m, err := OneToOne{N: 10, Weight: Constant(3)}.Build()
	if err != nil {
		t.Fatal(err)
	}
	parts, err := SplitByDelay(m, Constant(1.5), 100*time.Microsecond, 1, "c")
	if err != nil || len(parts) != 1 {
		t.Fatalf("%d parts, %v", len(parts), err)
	}
	if p := parts[0]; p.Delay != 15 || !slices.Equal(p.Weight, []float32{3}) || !slices.Equal(p.Target, m.Target) {
		t.Errorf("part: delay %d, weights %v, targets %v", p.Delay, p.Weight, p.Target)
	}
}

func TestSplitByDelayErrors(t *testing.T) {
	m, _ := AllToAll{Pre: 100, Post: 100}.Build()
	dt := 100 * time.Microsecond
	for name, f := range map[string]func() error{
		"nil":       func() error { _, err := SplitByDelay(m, nil, dt, 1, "x"); return err },
		"dt":        func() error { _, err := SplitByDelay(m, Constant(1), 0, 1, "x"); return err },
		"zero tick": func() error { _, err := SplitByDelay(m, Constant(0.04), dt, 1, "x"); return err },
		"too long":  func() error { _, err := SplitByDelay(m, Constant(1000), dt, 1, "x"); return err },
		"bad dist":  func() error { _, err := SplitByDelay(m, Normal{Sigma: math.NaN()}, dt, 1, "x"); return err },
		"bad CSR": func() error {
			bad := m
			bad.RowPtr = bad.RowPtr[:5]
			_, err := SplitByDelay(bad, Constant(1), dt, 1, "x")
			return err
		},
		// Thousands of distinct delays for 100 rows of 100 synapses: the
		// row pointers would outweigh the synapses.
		"too many": func() error {
			big, _ := FixedOutDegree{Pre: 20000, Post: 10, K: 1, Name: "x"}.Build()
			_, err := SplitByDelay(big, Uniform{Min: 0.1, Max: 400}, dt, 1, "x")
			return err
		},
	} {
		if err := f(); !errors.Is(err, ops.ErrParam) {
			t.Errorf("%s: err = %v, want ErrParam", name, err)
		}
	}
}
