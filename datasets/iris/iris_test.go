package iris

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/spikeflow/spikeflow/datasets"
	"github.com/spikeflow/spikeflow/datasets/internal/sklearnref"
)

// TestEmbeddedTable pins the table to the file Debian's python3-sklearn
// 1.2.1 ships.
func TestEmbeddedTable(t *testing.T) {
	sum := sha256.Sum256(table)
	if got := hex.EncodeToString(sum[:]); got != "f13ffa8fdd56fd8e6c8d16d4081a3fbd3114bcd0aae4256c43205169cd9d1449" {
		t.Errorf("iris.csv sha256 %s", got)
	}
}

func TestLoad(t *testing.T) {
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if s.Name() != "iris" || s.Len() != 150 || s.Dim() != 4 || !slices.Equal(s.Shape(), []int{4}) || s.Max() != 7.9 {
		t.Fatalf("got %v", s)
	}
	if c := s.Classes(); !slices.Equal(c, []string{"setosa", "versicolor", "virginica"}) {
		t.Errorf("classes %v", c)
	}
	var hist [3]int
	for _, c := range s.Labels() {
		hist[c]++
	}
	if hist != [3]int{50, 50, 50} {
		t.Errorf("class histogram %v, want 50 each", hist)
	}
	// Rows 1, 51 and 150 of Fisher's table, by hand.
	for _, c := range []struct {
		i int
		x []float32
		y int32
	}{{0, []float32{5.1, 3.5, 1.4, 0.2}, 0}, {50, []float32{7.0, 3.2, 4.7, 1.4}, 1}, {149, []float32{5.9, 3.0, 5.1, 1.8}, 2}} {
		if x, y := s.Sample(c.i); !slices.Equal(x, c.x) || y != c.y {
			t.Errorf("sample %d = %v, %d; want %v, %d", c.i, x, y, c.x, c.y)
		}
	}
	if !strings.Contains(s.Citation(), "Fisher") || !strings.Contains(s.Citation(), "BSD-3-Clause") {
		t.Errorf("citation %q", s.Citation())
	}
	if again, _ := Load(); again != s {
		t.Error("a second call should return the cached Set")
	}
}

// TestMatchesScikitLearn compares every value with load_iris().
func TestMatchesScikitLearn(t *testing.T) {
	ref := sklearnref.Load(t, "load_iris")
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ref.Classes, s.Classes()) || len(ref.X) != s.Len() {
		t.Fatalf("scikit-learn: classes %v, %d samples", ref.Classes, len(ref.X))
	}
	for i, row := range ref.X {
		x, y := s.Sample(i)
		for j, v := range row {
			if x[j] != float32(v) {
				t.Fatalf("sample %d feature %d: %v, scikit-learn %v", i, j, x[j], v)
			}
		}
		if int(y) != ref.Y[i] {
			t.Fatalf("sample %d: label %d, scikit-learn %d", i, y, ref.Y[i])
		}
	}
}

func TestDamagedTableIsAnError(t *testing.T) {
	good := string(table)
	lines := strings.SplitAfter(good, "\n")
	for _, c := range []struct{ name, in, says string }{
		{"empty", "", "line 1: corrupt dataset file: header"},
		{"header count", "x" + good, `header sample count "x150"`},
		{"header features", strings.Replace(good, "150,4,", "150,5,", 1), `declares "5" features`},
		{"short", strings.Join(lines[:100], ""), "the header promises 150 samples, the table has 99"},
		{"cut mid-line", good[:len(good)-3], "line 151: wrong number of fields"},
		{"bad value", strings.Replace(good, "5.1,3.5", "5.1,abc", 1), `line 2: field 2 is "abc"`},
		{"bad label", strings.Replace(good, "0.2,0\n", "0.2,3\n", 1), `line 2: label "3"`},
	} {
		s, err := decode([]byte(c.in))
		if s != nil || !errors.Is(err, datasets.ErrCorrupt) || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: decode = %v, %v; want ErrCorrupt saying %q", c.name, s, err, c.says)
		}
	}
}
