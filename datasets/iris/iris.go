package iris

import (
	"bufio"
	"bytes"
	_ "embed" // the table
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/spikeflow/spikeflow/datasets"
	"github.com/spikeflow/spikeflow/datasets/internal/csvnum"
)

// Citation is the source and licence of the data, as Set.Citation returns it.
const Citation = "R. A. Fisher, The use of multiple measurements in taxonomic problems, " +
	"Annals of Eugenics 7(2):179-188, 1936; Iris, UCI Machine Learning Repository, " +
	"https://doi.org/10.24432/C56C76. Table as distributed with scikit-learn, BSD-3-Clause."

// FeatureNames names the four features of a sample, in order.
var FeatureNames = [4]string{"sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"}

// Max is the largest value in the table, the upper bound of every feature.
const Max = 7.9

//go:embed data/iris.csv
var table []byte

var load = sync.OnceValues(func() (*datasets.Set, error) { return decode(table) })

// Load returns the 150 samples. The Set is decoded on the first call and
// shared by every caller: do not modify the slices it returns.
func Load() (*datasets.Set, error) { return load() }

// decode parses the table: a header line "count,features,class names...",
// then one line per sample, four measurements and a class index.
func decode(data []byte) (*datasets.Set, error) {
	br := bufio.NewReader(bytes.NewReader(data))
	head, _ := br.ReadString('\n')
	n, classes, err := parseHeader(head)
	if err != nil {
		return nil, fmt.Errorf("iris: line 1: %w", err)
	}
	x, y, err := csvnum.Parse(br, csvnum.Spec{Features: len(FeatureNames), Classes: len(classes), Max: Max, FirstLine: 2})
	if err != nil {
		return nil, fmt.Errorf("iris: %w", err)
	}
	if len(y) != n {
		return nil, fmt.Errorf("iris: %w: the header promises %d samples, the table has %d", datasets.ErrCorrupt, n, len(y))
	}
	meta := datasets.Meta{Name: "iris", Shape: []int{len(FeatureNames)}, Max: Max, Classes: classes, Citation: Citation}
	return datasets.New(meta, x, y)
}

// parseHeader reads the sample count and class names of the header line.
func parseHeader(line string) (int, []string, error) {
	f := strings.Split(strings.TrimRight(line, "\r\n"), ",")
	if len(f) < 3 {
		return 0, nil, fmt.Errorf("%w: header %q, want count,features,class names...", datasets.ErrCorrupt, line)
	}
	n, err := strconv.Atoi(f[0])
	if err != nil || n < 0 {
		return 0, nil, fmt.Errorf("%w: header sample count %q", datasets.ErrCorrupt, f[0])
	}
	if f[1] != strconv.Itoa(len(FeatureNames)) {
		return 0, nil, fmt.Errorf("%w: header declares %q features, want %d", datasets.ErrCorrupt, f[1], len(FeatureNames))
	}
	return n, f[2:], nil
}
