package fashionmnist

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/datasets"
)

// installed skips t, naming the package, when the files are not in Dir().
func installed(t *testing.T) {
	t.Helper()
	if _, err := open(Dir(), "t10k-labels-idx1-ubyte"); errors.Is(err, datasets.ErrNotInstalled) {
		t.Skipf("Fashion-MNIST is not in %s: apt-get install dataset-fashion-mnist (or set %s) to run this test", Dir(), EnvDir)
	}
}

// TestInstalledSplits reads the real files, as Debian's
// dataset-fashion-mnist installs them. The expected values were computed
// from the raw files with a short Python script.
func TestInstalledSplits(t *testing.T) {
	installed(t)
	for _, c := range []struct {
		load       func() (*datasets.Set, error)
		name       string
		n          int
		labels     []int32
		sum        float64
		row20first float32 // sample 0, row 20, columns 0 and 1
		row20next  float32
	}{
		{Train, "fashion-mnist/train", 60000, []int32{9, 0, 0, 3, 0}, 3431114169, 75, 204},
		{Test, "fashion-mnist/test", 10000, []int32{9, 2, 1, 1, 6}, 573469082, 16, 126},
	} {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			s, err := c.load()
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%v: read in %v", s, time.Since(start))
			if s.Name() != c.name || s.Len() != c.n || s.Dim() != 784 || !slices.Equal(s.Shape(), []int{28, 28}) || s.Max() != 255 {
				t.Fatalf("got %v", s)
			}
			if got := s.Classes(); !slices.Equal(got, Classes[:]) || got[0] != "T-shirt/top" || got[9] != "Ankle boot" {
				t.Errorf("classes %v", got)
			}
			var hist [10]int
			for _, y := range s.Labels() {
				hist[y]++
			}
			for k, h := range hist {
				if h != c.n/10 {
					t.Errorf("class %d (%s): %d samples, want %d", k, Classes[k], h, c.n/10)
				}
			}
			if got := s.Labels()[:5]; !slices.Equal(got, c.labels) {
				t.Errorf("first labels %v, want %v", got, c.labels)
			}
			sum := 0.0
			for _, v := range s.Features() {
				sum += float64(v)
			}
			if x, _ := s.Sample(0); sum != c.sum || x[20*28] != c.row20first || x[20*28+1] != c.row20next {
				t.Errorf("pixel sum %v (want %v), sample 0 row 20 starts %v", sum, c.sum, x[20*28:20*28+2])
			}
			if again, _ := c.load(); again != s {
				t.Error("a second call should return the cached Set")
			}
		})
	}
}

func TestNotInstalled(t *testing.T) {
	empty := t.TempDir()
	t.Setenv(EnvDir, empty)
	if Dir() != empty {
		t.Fatalf("Dir() = %q, want the override %q", Dir(), empty)
	}
	for _, load := range []func() (*datasets.Set, error){Train, Test} {
		s, err := load()
		if s != nil || !errors.Is(err, datasets.ErrNotInstalled) {
			t.Fatalf("load from an empty directory = %v, %v; want ErrNotInstalled", s, err)
		}
		for _, says := range []string{"apt-get install dataset-fashion-mnist", empty, EnvDir, "-idx3-ubyte.gz"} {
			if !strings.Contains(err.Error(), says) {
				t.Errorf("error %q should mention %q", err, says)
			}
		}
	}
	t.Setenv(EnvDir, "")
	if Dir() != DefaultDir {
		t.Errorf("an empty %s should mean DefaultDir, got %q", EnvDir, Dir())
	}
}

// writeSplit writes a three-image split to dir, the images gzipped when zip
// is set, and returns the image file's path.
func writeSplit(t *testing.T, dir, split string, zip bool, labels []byte) string {
	t.Helper()
	var images, labs bytes.Buffer
	pix := make([]byte, 3*28*28)
	pix[1], pix[784+2] = 200, 255
	if err := datasets.WriteIDX(&images, []int{3, 28, 28}, pix); err != nil {
		t.Fatal(err)
	}
	if err := datasets.WriteIDX(&labs, []int{len(labels)}, labels); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(dir, split+"-images-idx3-ubyte")
	data := images.Bytes()
	if zip {
		var z bytes.Buffer
		w := gzip.NewWriter(&z)
		w.Write(data)
		w.Close()
		name, data = name+".gz", z.Bytes()
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, split+"-labels-idx1-ubyte"), labs.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

// TestOverrideDirectory reads small files written on the spot, gzipped or
// not, through the environment variable; it runs whether or not the
// package is installed.
func TestOverrideDirectory(t *testing.T) {
	dir := t.TempDir()
	writeSplit(t, dir, "train", true, []byte{9, 0, 3})
	writeSplit(t, dir, "t10k", false, []byte{1, 2, 8})
	t.Setenv(EnvDir, dir)
	train, err := Train()
	if err != nil {
		t.Fatal(err)
	}
	test, err := Test()
	if err != nil {
		t.Fatal(err)
	}
	if x, y := train.Sample(0); train.Len() != 3 || y != 9 || x[1] != 200 {
		t.Errorf("train: %v, sample 0 label %d pixel 1 %v", train, y, x[1])
	}
	if x, y := test.Sample(1); test.Len() != 3 || y != 2 || x[2] != 255 || test.Name() != "fashion-mnist/test" {
		t.Errorf("test: %v, sample 1 label %d pixel 2 %v", test, y, x[2])
	}
}

func TestDamagedFilesAreErrors(t *testing.T) {
	dir := t.TempDir()
	images := writeSplit(t, dir, "train", true, []byte{9, 0})
	_, err := TrainFrom(dir)
	if !errors.Is(err, datasets.ErrCorrupt) || !strings.Contains(err.Error(), "3 images but 2 labels") || !strings.Contains(err.Error(), images) {
		t.Errorf("label count mismatch: %v", err)
	}
	data, _ := os.ReadFile(images)
	os.WriteFile(images, data[:len(data)/2], 0o644)
	writeSplit(t, dir, "t10k", true, []byte{9, 0, 1})
	os.WriteFile(filepath.Join(dir, "t10k-images-idx3-ubyte.gz"), data[:len(data)/2], 0o644)
	if _, err := TestFrom(dir); !errors.Is(err, datasets.ErrCorrupt) || !strings.Contains(err.Error(), "unexpected EOF") {
		t.Errorf("truncated gzip: %v", err)
	}
	// A directory that is a file: an error, but not a missing package.
	if _, err := TrainFrom(images); err == nil || errors.Is(err, datasets.ErrNotInstalled) {
		t.Errorf("a file as the directory: %v; want an error other than ErrNotInstalled", err)
	}
}
