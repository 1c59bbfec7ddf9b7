package mnist

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"slices"
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/datasets"
)

// gunzip decompresses an embedded file.
func gunzip(t testing.TB, gz []byte) []byte {
	t.Helper()
	r, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// TestEmbeddedFilesAreTheOriginals pins the SHA-256 of each decompressed
// file to the sums of the files as published.
func TestEmbeddedFilesAreTheOriginals(t *testing.T) {
	for _, f := range []struct {
		name string
		gz   []byte
		sum  string
	}{
		{"train-images-idx3-ubyte", trainImages, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"},
		{"train-labels-idx1-ubyte", trainLabels, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"},
		{"t10k-images-idx3-ubyte", testImages, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"},
		{"t10k-labels-idx1-ubyte", testLabels, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"},
	} {
		sum := sha256.Sum256(gunzip(t, f.gz))
		if got := hex.EncodeToString(sum[:]); got != f.sum {
			t.Errorf("%s: sha256 %s, want %s", f.name, got, f.sum)
		}
	}
}

// split is what the tests know of a split, computed independently from the
// raw files (a short Python script over the IDX bytes) and, for the label
// counts, as published with MNIST.
type split struct {
	load   func() (*datasets.Set, error)
	name   string
	n      int
	labels []int32 // the first five
	hist   [10]int
	sum    float64 // of every pixel
	pixels map[[3]int]float32
}

var splits = []split{
	{Train, "mnist/train", 60000, []int32{5, 0, 4, 1, 9},
		[10]int{5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, 1567298545,
		map[[3]int]float32{{0, 5, 12}: 3, {0, 5, 21}: 255, {0, 6, 8}: 30, {0, 0, 0}: 0}},
	{Test, "mnist/test", 10000, []int32{7, 2, 1, 0, 4},
		[10]int{980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, 264923200,
		map[[3]int]float32{{0, 14, 16}: 59, {0, 14, 17}: 249, {0, 14, 19}: 62}},
}

func TestSplits(t *testing.T) {
	for _, sp := range splits {
		t.Run(sp.name, func(t *testing.T) {
			start := time.Now()
			s, err := sp.load()
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%v: first call (decode) took %v", s, time.Since(start))
			if s.Name() != sp.name || s.Len() != sp.n || s.Dim() != 784 || !slices.Equal(s.Shape(), []int{28, 28}) || s.Max() != 255 {
				t.Fatalf("got %v, Dim %d", s, s.Dim())
			}
			if c := s.Classes(); len(c) != 10 || c[0] != "0" || c[9] != "9" {
				t.Errorf("classes %v", c)
			}
			if s.Citation() != Citation {
				t.Errorf("citation %q", s.Citation())
			}
			checkContents(t, s, sp)
			if again, _ := sp.load(); again != s {
				t.Error("a second call should return the cached Set")
			}
		})
	}
}

func checkContents(t *testing.T, s *datasets.Set, sp split) {
	if got := s.Labels()[:5]; !slices.Equal(got, sp.labels) {
		t.Errorf("first labels %v, want %v", got, sp.labels)
	}
	var hist [10]int
	for _, c := range s.Labels() {
		hist[c]++
	}
	if hist != sp.hist {
		t.Errorf("label histogram %v, want %v", hist, sp.hist)
	}
	sum := 0.0
	for _, v := range s.Features() {
		sum += float64(v)
	}
	if sum != sp.sum {
		t.Errorf("pixel sum %v, want %v", sum, sp.sum)
	}
	for at, want := range sp.pixels {
		x, _ := s.Sample(at[0])
		if got := x[at[1]*28+at[2]]; got != want {
			t.Errorf("sample %d, row %d, column %d = %v, want %v", at[0], at[1], at[2], got, want)
		}
	}
}

// BenchmarkDecodeTest measures decoding the 10,000 test images from the
// embedded gzip (the cached Test skips this after its first call).
func BenchmarkDecodeTest(b *testing.B) {
	b.SetBytes(int64(10000 * 784))
	for b.Loop() {
		if _, err := decode("mnist/test", testImages, testLabels); err != nil {
			b.Fatal(err)
		}
	}
}
