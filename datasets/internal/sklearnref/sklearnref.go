// Package sklearnref loads scikit-learn's own copy of a bundled dataset
// through Python, so that tests can compare every value against it.
package sklearnref

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Data is a dataset as scikit-learn returns it.
type Data struct {
	Classes []string    // target_names
	X       [][]float64 // data, one row per sample
	Y       []int       // target
}

// script prints target_names on the first line, then each sample's features
// (repr, exact for a float64) and target.
const script = `
import sys, sklearn.datasets as d
b = getattr(d, sys.argv[1])()
print(" ".join(str(n) for n in b.target_names))
for row, c in zip(b.data, b.target):
    print(" ".join(repr(float(v)) for v in row), int(c))
`

// Load calls sklearn.datasets.<loader>() (e.g. "load_iris") in the first
// Python 3 that can import sklearn, python3 on PATH, then /usr/bin/python3
// (where Debian's python3-sklearn puts it). It skips t, naming the package,
// when there is none: the comparison is an extra check beside tests that
// never skip.
func Load(t testing.TB, loader string) Data {
	t.Helper()
	python := find()
	if python == "" {
		t.Skip("no python3 can import sklearn: install scikit-learn (Debian: apt-get install python3-sklearn) to compare every value with it")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, python, "-c", script, loader).Output()
	if err != nil {
		t.Fatalf("%s sklearn.datasets.%s(): %v", python, loader, err)
	}
	d, err := parse(out)
	if err != nil {
		t.Fatalf("output of sklearn.datasets.%s(): %v", loader, err)
	}
	return d
}

// find returns a Python that can import sklearn, or "".
func find() string {
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(p, "-c", "import sklearn").Run() == nil {
			return p
		}
	}
	return ""
}

// parse reads the script's output.
func parse(out []byte) (Data, error) {
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	var d Data
	if sc.Scan() {
		d.Classes = strings.Fields(sc.Text())
	}
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 2 {
			return d, fmt.Errorf("line %q: want features and a target", sc.Text())
		}
		row := make([]float64, len(f)-1)
		for i := range row {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return d, err
			}
			row[i] = v
		}
		c, err := strconv.Atoi(f[len(f)-1])
		if err != nil {
			return d, err
		}
		d.X = append(d.X, row)
		d.Y = append(d.Y, c)
	}
	return d, sc.Err()
}
