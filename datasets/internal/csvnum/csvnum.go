// Package csvnum parses the CSV tables of the scikit-learn datasets: rows of
// numeric features followed by an integer class label.
package csvnum

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/spikeflow/spikeflow/datasets"
)

// Spec says what each row must hold.
type Spec struct {
	Features  int     // numbers before the label
	Classes   int     // labels lie in [0, Classes)
	Max       float32 // features lie in [0, Max]
	FirstLine int     // line number of the first row, for messages
}

// Parse reads rows until the end of r and returns the features, row-major,
// and the labels. Every error wraps datasets.ErrCorrupt and names the line
// and field at fault.
func Parse(r io.Reader, spec Spec) ([]float32, []int32, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = spec.Features + 1
	cr.ReuseRecord = true
	var x []float32
	var y []int32
	for line := spec.FirstLine; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return x, y, nil
		}
		if err != nil {
			return nil, nil, readError(err, line, spec.FirstLine)
		}
		if x, y, err = appendRow(x, y, rec, spec); err != nil {
			return nil, nil, fmt.Errorf("%w: line %d: %w", datasets.ErrCorrupt, line, err)
		}
	}
}

// appendRow parses one record onto x and y.
func appendRow(x []float32, y []int32, rec []string, spec Spec) ([]float32, []int32, error) {
	for i, f := range rec[:spec.Features] {
		v, err := strconv.ParseFloat(f, 32)
		if err != nil || !(v >= 0 && float32(v) <= spec.Max) {
			return nil, nil, fmt.Errorf("field %d is %q, want a number in [0, %v]", i+1, f, spec.Max)
		}
		x = append(x, float32(v))
	}
	f := rec[spec.Features]
	c, err := strconv.Atoi(f)
	if err != nil || c < 0 || c >= spec.Classes {
		return nil, nil, fmt.Errorf("label %q, want an integer in [0, %d)", f, spec.Classes)
	}
	return x, append(y, int32(c)), nil
}

// readError reports a malformed record at its line in the file (csv counts
// from the reader's first line), or a failure of the stream below the CSV (a
// damaged gzip) after the last good line.
func readError(err error, line, first int) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%w: line %d: %w", datasets.ErrCorrupt, pe.Line+first-1, pe.Err)
	}
	return fmt.Errorf("%w: after line %d: %w", datasets.ErrCorrupt, line-1, err)
}
