package digits

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
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
	if got := hex.EncodeToString(sum[:]); got != "46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a" {
		t.Errorf("digits.csv.gz sha256 %s", got)
	}
}

func TestLoad(t *testing.T) {
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if s.Name() != "digits" || s.Len() != 1797 || s.Dim() != 64 || !slices.Equal(s.Shape(), []int{8, 8}) || s.Max() != 16 {
		t.Fatalf("got %v", s)
	}
	var hist [10]int
	for _, c := range s.Labels() {
		hist[c]++
	}
	if want := [10]int{178, 182, 177, 183, 181, 182, 181, 179, 174, 180}; hist != want {
		t.Errorf("class histogram %v, want %v", hist, want)
	}
	// The first sample, a 0, by hand: a ring of ink, blank corners.
	x, y := s.Sample(0)
	want := []float32{
		0, 0, 5, 13, 9, 1, 0, 0,
		0, 0, 13, 15, 10, 15, 5, 0,
		0, 3, 15, 2, 0, 11, 8, 0,
		0, 4, 12, 0, 0, 8, 8, 0,
		0, 5, 8, 0, 0, 9, 8, 0,
		0, 4, 11, 0, 1, 12, 7, 0,
		0, 2, 14, 5, 10, 12, 0, 0,
		0, 0, 6, 13, 10, 0, 0, 0,
	}
	if !slices.Equal(x, want) || y != 0 {
		t.Errorf("sample 0 = %v, %d", x, y)
	}
	if _, y := s.Sample(1796); y != 8 {
		t.Errorf("last label %d, want 8", y)
	}
	if again, _ := Load(); again != s {
		t.Error("a second call should return the cached Set")
	}
}

// TestMatchesScikitLearn compares every value with load_digits().
func TestMatchesScikitLearn(t *testing.T) {
	ref := sklearnref.Load(t, "load_digits")
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
			if float64(x[j]) != v {
				t.Fatalf("sample %d feature %d: %v, scikit-learn %v", i, j, x[j], v)
			}
		}
		if int(y) != ref.Y[i] {
			t.Fatalf("sample %d: label %d, scikit-learn %d", i, y, ref.Y[i])
		}
	}
}

func TestDamagedTableIsAnError(t *testing.T) {
	zr, err := gzip.NewReader(bytes.NewReader(table))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	regzip := func(s string) []byte {
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		w.Write([]byte(s))
		w.Close()
		return b.Bytes()
	}
	lines := strings.SplitAfter(string(raw), "\n")
	for _, c := range []struct {
		name string
		in   []byte
		says string
	}{
		{"truncated gzip", table[:len(table)/2], "after line"},
		{"flipped gzip header", append([]byte{0x1f, 0x8c}, table[2:]...), "gzip: invalid header"},
		{"missing rows", regzip(strings.Join(lines[:1000], "")), "1000 samples, want 1797"},
		{"value 17", regzip(strings.Replace(string(raw), "0,0,5,13", "0,0,17,13", 1)), `line 1: field 3 is "17"`},
		{"label 10", regzip(strings.TrimSuffix(lines[0], "0\n") + "10\n" + strings.Join(lines[1:], "")), `line 1: label "10"`},
		{"short row", regzip(strings.Replace(string(raw), "0,0,5,13,", "0,0,5,", 1)), "line 1: wrong number of fields"},
	} {
		s, err := decode(c.in)
		if s != nil || !errors.Is(err, datasets.ErrCorrupt) || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: decode = %v, %v; want ErrCorrupt saying %q", c.name, s, err, c.says)
		}
	}
}
