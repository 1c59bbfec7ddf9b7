package digits

import (
	"bytes"
	"compress/gzip"
	_ "embed" // the table
	"fmt"
	"sync"

	"github.com/spikeflow/spikeflow/datasets"
	"github.com/spikeflow/spikeflow/datasets/internal/csvnum"
)

// Citation is the source and licence of the data, as Set.Citation returns it.
const Citation = "E. Alpaydin and C. Kaynak, Optical Recognition of Handwritten Digits, " +
	"UCI Machine Learning Repository, 1998, https://doi.org/10.24432/C50P49 (test set). " +
	"Table as distributed with scikit-learn, BSD-3-Clause."

// Len is the number of samples.
const Len = 1797

//go:embed data/digits.csv.gz
var table []byte

var load = sync.OnceValues(func() (*datasets.Set, error) { return decode(table) })

// Load returns the 1,797 samples. The Set is decoded on the first call and
// shared by every caller: do not modify the slices it returns.
func Load() (*datasets.Set, error) { return load() }

// decode parses the gzip-compressed table: one line per sample, 64 counts
// row by row, then the digit.
func decode(gz []byte) (*datasets.Set, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("digits: %w: %w", datasets.ErrCorrupt, err)
	}
	meta := datasets.Meta{
		Name:     "digits",
		Shape:    []int{8, 8},
		Max:      16,
		Classes:  []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"},
		Citation: Citation,
	}
	x, y, err := csvnum.Parse(zr, csvnum.Spec{Features: 64, Classes: 10, Max: meta.Max, FirstLine: 1})
	if err != nil {
		return nil, fmt.Errorf("digits: %w", err)
	}
	// A gzip stream cut at a line end still fails its checksum, but a
	// count check costs nothing and says plainly what is missing.
	if len(y) != Len {
		return nil, fmt.Errorf("digits: %w: %d samples, want %d", datasets.ErrCorrupt, len(y), Len)
	}
	return datasets.New(meta, x, y)
}
