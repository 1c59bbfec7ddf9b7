package fashionmnist

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/spikeflow/spikeflow/datasets"
)

// Citation is the source and licence of Fashion-MNIST, as Set.Citation
// returns it.
const Citation = "H. Xiao, K. Rasul and R. Vollgraf, Fashion-MNIST: a Novel Image Dataset for Benchmarking " +
	"Machine Learning Algorithms, arXiv:1708.07747, 2017, https://github.com/zalandoresearch/fashion-mnist. " +
	"Licence: MIT, Copyright (c) 2017 Zalando SE."

const (
	// DefaultDir is where Debian's dataset-fashion-mnist package puts the files.
	DefaultDir = "/usr/share/datasets/fashion-mnist"
	// EnvDir names the environment variable that overrides DefaultDir.
	EnvDir = "SPIKEFLOW_FASHION_MNIST_DIR"
)

// Classes names the ten labels, in label order.
var Classes = [10]string{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"}

// Dir returns the directory the files are read from: $SPIKEFLOW_FASHION_MNIST_DIR
// when set and not empty, else DefaultDir.
func Dir() string {
	if d := os.Getenv(EnvDir); d != "" {
		return d
	}
	return DefaultDir
}

// A split is read once per directory and shared; a failure is not kept, so
// that installing the package fixes a running program's next call.
var (
	mu    sync.Mutex
	cache = map[[2]string]*datasets.Set{}
)

// Train returns the 60,000 training images from Dir(). The Set is read on
// the first call for a directory and shared by every later caller: do not
// modify the slices it returns.
func Train() (*datasets.Set, error) { return cached("train", Dir()) }

// Test returns the 10,000 test images from Dir(), shared like Train's.
func Test() (*datasets.Set, error) { return cached("t10k", Dir()) }

// TrainFrom reads the training images from dir, without caching.
func TrainFrom(dir string) (*datasets.Set, error) { return read("train", dir) }

// TestFrom reads the test images from dir, without caching.
func TestFrom(dir string) (*datasets.Set, error) { return read("t10k", dir) }

func cached(split, dir string) (*datasets.Set, error) {
	mu.Lock()
	defer mu.Unlock()
	key := [2]string{split, dir}
	if s := cache[key]; s != nil {
		return s, nil
	}
	s, err := read(split, dir)
	if err == nil {
		cache[key] = s
	}
	return s, err
}

// read decodes the split ("train" or "t10k", the files' prefix) from dir.
func read(split, dir string) (*datasets.Set, error) {
	images, err := open(dir, split+"-images-idx3-ubyte")
	if err != nil {
		return nil, err
	}
	defer images.Close()
	labels, err := open(dir, split+"-labels-idx1-ubyte")
	if err != nil {
		return nil, err
	}
	defer labels.Close()
	name := map[string]string{"train": "fashion-mnist/train", "t10k": "fashion-mnist/test"}[split]
	meta := datasets.Meta{Name: name, Shape: []int{28, 28}, Max: 255, Classes: Classes[:], Citation: Citation}
	s, err := datasets.FromIDX(meta, images, labels)
	if err != nil {
		return nil, fmt.Errorf("fashionmnist: reading %s and %s: %w", images.Name(), labels.Name(), err)
	}
	return s, nil
}

// open opens base.gz in dir, or base when there is no base.gz. A missing
// file is ErrNotInstalled, with the remedy in the message.
func open(dir, base string) (*os.File, error) {
	f, err := os.Open(filepath.Join(dir, base+".gz"))
	if errors.Is(err, fs.ErrNotExist) {
		f, err = os.Open(filepath.Join(dir, base))
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("fashionmnist: %w: no %s.gz (or %s) in %s; install Debian's dataset-fashion-mnist "+
			"package (apt-get install dataset-fashion-mnist) or set %s to a directory holding the Fashion-MNIST IDX files",
			datasets.ErrNotInstalled, base, base, dir, EnvDir)
	case err != nil:
		return nil, fmt.Errorf("fashionmnist: %w", err)
	}
	return f, nil
}
