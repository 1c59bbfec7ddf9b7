package mnist

import (
	"bytes"
	_ "embed" // the IDX files
	"fmt"
	"sync"

	"github.com/spikeflow/spikeflow/datasets"
)

// Citation is the source and licence of MNIST, as Set.Citation returns it.
const Citation = "Y. LeCun, C. Cortes and C. J. C. Burges, The MNIST database of handwritten digits, " +
	"http://yann.lecun.com/exdb/mnist/. Licence: CC BY-SA 3.0 (https://creativecommons.org/licenses/by-sa/3.0/)."

var (
	//go:embed data/train-images-idx3-ubyte.gz
	trainImages []byte
	//go:embed data/train-labels-idx1-ubyte.gz
	trainLabels []byte
	//go:embed data/t10k-images-idx3-ubyte.gz
	testImages []byte
	//go:embed data/t10k-labels-idx1-ubyte.gz
	testLabels []byte
)

// Decoding is done once per split, on demand: a program that only tests
// never pays for the 188 MB of training features.
var (
	loadTrain = sync.OnceValues(func() (*datasets.Set, error) { return decode("mnist/train", trainImages, trainLabels) })
	loadTest  = sync.OnceValues(func() (*datasets.Set, error) { return decode("mnist/test", testImages, testLabels) })
)

// Train returns the 60,000 training images. The Set is decoded on the first
// call and shared by every caller: do not modify the slices it returns. An
// error means the embedded data is damaged (a broken build), never a
// missing download.
func Train() (*datasets.Set, error) { return loadTrain() }

// Test returns the 10,000 test images, shared like Train's.
func Test() (*datasets.Set, error) { return loadTest() }

// meta describes a split of MNIST.
func meta(name string) datasets.Meta {
	return datasets.Meta{
		Name:     name,
		Shape:    []int{28, 28},
		Max:      255,
		Classes:  []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"},
		Citation: Citation,
	}
}

// decode builds a split from its gzip-compressed IDX files. It takes the
// bytes rather than reading the embedded variables so that tests can feed it
// damaged copies.
func decode(name string, imagesGz, labelsGz []byte) (*datasets.Set, error) {
	s, err := datasets.FromIDX(meta(name), bytes.NewReader(imagesGz), bytes.NewReader(labelsGz))
	if err != nil {
		return nil, fmt.Errorf("mnist: %w", err)
	}
	return s, nil
}
