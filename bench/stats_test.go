package bench

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSummarize(t *testing.T) {
	for _, c := range []struct {
		in   []float64
		want Stats
	}{
		{nil, Stats{}},
		{[]float64{3}, Stats{3, 3, 3}},
		{[]float64{5, 1, 3}, Stats{3, 1, 5}},
		{[]float64{4, 1, 3, 10}, Stats{3.5, 1, 10}}, // even count: mean of the middle two
		{[]float64{2, 2, 9, 2, 1}, Stats{2, 1, 9}},
	} {
		in := append([]float64(nil), c.in...)
		if got := Summarize(c.in); got != c.want {
			t.Errorf("Summarize(%v) = %+v, want %+v", c.in, got, c.want)
		}
		for i := range in {
			if in[i] != c.in[i] {
				t.Fatalf("Summarize reordered its input: %v, was %v", c.in, in)
			}
		}
	}
}

func TestMedianFigures(t *testing.T) {
	ms := []Measurement{
		{Figures: []Figure{{"b", 1}, {"a", 10}}},
		{Figures: []Figure{{"b", 3}, {"a", 30}}},
		{Figures: []Figure{{"b", 2}, {"a", 20}, {"c", 7}}},
	}
	med, order := medianFigures(ms)
	if med["a"] != 20 || med["b"] != 2 || med["c"] != 7 {
		t.Errorf("medians %v, want a=20 b=2 c=7", med)
	}
	if len(order) != 3 || order[0] != "b" || order[1] != "a" || order[2] != "c" {
		t.Errorf("order %v, want [b a c]", order)
	}
}

func TestLoadAvg(t *testing.T) {
	path := filepath.Join(t.TempDir(), "loadavg")
	os.WriteFile(path, []byte("1.25 0.80 0.41 3/154 12345\n"), 0o644)
	if got := loadAvg(path); got != 1.25 {
		t.Errorf("loadAvg = %v, want 1.25", got)
	}
	if got := loadAvg(filepath.Join(t.TempDir(), "none")); got != -1 {
		t.Errorf("loadAvg of a missing file = %v, want -1", got)
	}
}

func TestCPUModel(t *testing.T) {
	if got := cpuModel("testdata/cpuinfo"); got != "AMD EPYC 7B13 64-Core Processor" {
		t.Errorf("cpuModel = %q", got)
	}
	if got := cpuModel("testdata/no-such-file"); got != "unknown" {
		t.Errorf("cpuModel of a missing file = %q, want unknown", got)
	}
}
