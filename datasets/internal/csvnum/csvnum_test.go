package csvnum

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/spikeflow/spikeflow/datasets"
)

var spec = Spec{Features: 2, Classes: 3, Max: 16, FirstLine: 2}

func TestParse(t *testing.T) {
	x, y, err := Parse(strings.NewReader("0,16,2\n1.5,3,0\n"), spec)
	if err != nil || !slices.Equal(x, []float32{0, 16, 1.5, 3}) || !slices.Equal(y, []int32{2, 0}) {
		t.Fatalf("Parse = %v, %v, %v", x, y, err)
	}
	if x, y, err := Parse(strings.NewReader(""), spec); err != nil || x != nil || y != nil {
		t.Errorf("empty input: %v, %v, %v", x, y, err)
	}
}

func TestParseRefuses(t *testing.T) {
	for _, c := range []struct{ in, says string }{
		{"1,2,0\n1,2\n", "line 3: wrong number of fields"},
		{"1,2,0,4\n", "line 2: wrong number of fields"},
		{"1,x,0\n", `line 2: field 2 is "x", want a number in [0, 16]`},
		{"1,17,0\n", `field 2 is "17"`},
		{"-1,2,0\n", `field 1 is "-1"`},
		{"NaN,2,0\n", `field 1 is "NaN"`},
		{"1,2,3\n", `line 2: label "3", want an integer in [0, 3)`},
		{"1,2,1.0\n", `label "1.0"`},
		{"1,2,\"0\n", "line 2: extraneous or missing \" in quoted-field"},
	} {
		_, _, err := Parse(strings.NewReader(c.in), spec)
		if !errors.Is(err, datasets.ErrCorrupt) || !strings.Contains(err.Error(), c.says) {
			t.Errorf("Parse(%q) = %v; want ErrCorrupt saying %q", c.in, err, c.says)
		}
	}
	_, _, err := Parse(iotest.ErrReader(errors.New("disk on fire")), spec)
	if !errors.Is(err, datasets.ErrCorrupt) || !strings.Contains(err.Error(), "after line 1: disk on fire") {
		t.Errorf("failing reader: %v", err)
	}
}
