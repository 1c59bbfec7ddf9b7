package datasets_test

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/spikeflow/spikeflow/datasets"
)

// toySet returns n samples of shape [2 3]: feature f of sample i is
// (i*6+f) mod 100, label i mod 3.
func toySet(t testing.TB, n int) *datasets.Set {
	t.Helper()
	x := make([]float32, n*6)
	for i := range x {
		x[i] = float32(i % 100)
	}
	y := make([]int32, n)
	for i := range y {
		y[i] = int32(i % 3)
	}
	s, err := datasets.New(toyMeta(), x, y)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func toyMeta() datasets.Meta {
	return datasets.Meta{Name: "toy", Shape: []int{2, 3}, Max: 99, Classes: []string{"a", "b", "c"}, Citation: "made up"}
}

func TestNewRejectsInconsistentParts(t *testing.T) {
	ok := toyMeta()
	with := func(edit func(*datasets.Meta)) datasets.Meta {
		m := ok
		m.Shape = slices.Clone(ok.Shape)
		edit(&m)
		return m
	}
	cases := []struct {
		name string
		meta datasets.Meta
		x    []float32
		y    []int32
		want string
	}{
		{"no shape", with(func(m *datasets.Meta) { m.Shape = nil }), nil, nil, "empty sample shape"},
		{"zero dim", with(func(m *datasets.Meta) { m.Shape = []int{2, 0} }), nil, nil, "positive dimensions"},
		{"huge shape", with(func(m *datasets.Meta) { m.Shape = []int{1 << 20, 1 << 20} }), nil, nil, "below 2^31"},
		{"zero max", with(func(m *datasets.Meta) { m.Max = 0 }), nil, nil, "Max = 0"},
		{"nan max", with(func(m *datasets.Meta) { m.Max = float32(math.NaN()) }), nil, nil, "Max = NaN"},
		{"inf max", with(func(m *datasets.Meta) { m.Max = float32(math.Inf(1)) }), nil, nil, "Max = +Inf"},
		{"no classes", with(func(m *datasets.Meta) { m.Classes = nil }), nil, nil, "no class names"},
		{"short x", ok, make([]float32, 11), []int32{0, 1}, "11 features for 2 labels"},
		{"label high", ok, make([]float32, 12), []int32{0, 3}, "label 3 of sample 1"},
		{"label negative", ok, make([]float32, 6), []int32{-1}, "label -1 of sample 0"},
		{"feature above max", ok, []float32{0, 0, 0, 0, 0, 0, 0, 0, 100, 0, 0, 0}, []int32{0, 0}, "feature 2 of sample 1 is 100"},
		{"negative feature", ok, []float32{-1, 0, 0, 0, 0, 0}, []int32{0}, "feature 0 of sample 0 is -1"},
		{"nan feature", ok, []float32{0, 0, 0, 0, 0, float32(math.NaN())}, []int32{0}, "is NaN"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := datasets.New(c.meta, c.x, c.y)
			if !errors.Is(err, datasets.ErrInvalid) || s != nil {
				t.Fatalf("New = %v, %v; want nil and an error wrapping ErrInvalid", s, err)
			}
			if !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), `"toy"`) {
				t.Errorf("error %q should name the set and say %q", err, c.want)
			}
		})
	}
}

func TestSetAccessors(t *testing.T) {
	s := toySet(t, 5)
	if s.Len() != 5 || s.Dim() != 6 || s.Name() != "toy" || s.Max() != 99 || s.Citation() != "made up" {
		t.Fatalf("Len %d Dim %d Name %q Max %v Citation %q", s.Len(), s.Dim(), s.Name(), s.Max(), s.Citation())
	}
	if got := s.String(); got != "toy: 5 samples of [2 3] in [0, 99], 3 classes" {
		t.Errorf("String() = %q", got)
	}
	// The copies handed out must not reach the set.
	s.Shape()[0] = 7
	s.Classes()[0] = "z"
	m := s.Meta()
	m.Shape[1], m.Classes[1] = 9, "y"
	if !slices.Equal(s.Shape(), []int{2, 3}) || !slices.Equal(s.Classes(), []string{"a", "b", "c"}) {
		t.Errorf("set changed through a copy: shape %v classes %v", s.Shape(), s.Classes())
	}
	if len(s.Features()) != 30 || len(s.Labels()) != 5 {
		t.Errorf("Features %d values, Labels %d", len(s.Features()), len(s.Labels()))
	}
}

func TestSampleAliasesAndIsCapped(t *testing.T) {
	s := toySet(t, 4)
	x, y := s.Sample(2)
	if !slices.Equal(x, []float32{12, 13, 14, 15, 16, 17}) || y != 2 {
		t.Fatalf("Sample(2) = %v, %d", x, y)
	}
	if &x[0] != &s.Features()[12] {
		t.Error("Sample should alias the set's features")
	}
	_ = append(x, -1) // must copy: the capacity ends with the sample
	if next, _ := s.Sample(3); next[0] != 18 {
		t.Errorf("append to Sample(2) overwrote sample 3: %v", next)
	}
	defer func() {
		if recover() == nil {
			t.Error("Sample(4) of 4 samples should panic like an index out of range")
		}
	}()
	s.Sample(4)
}

func TestLimit(t *testing.T) {
	s := toySet(t, 10)
	for _, n := range []int{0, 10, 11} {
		if s.Limit(n) != s {
			t.Errorf("Limit(%d) of 10 should return the set itself", n)
		}
	}
	l := s.Limit(3)
	if l.Len() != 3 || l.Dim() != 6 || &l.Features()[0] != &s.Features()[0] {
		t.Fatalf("Limit(3): %v", l)
	}
	if x, y := l.Sample(2); x[0] != 12 || y != 2 {
		t.Errorf("Limit(3).Sample(2) = %v, %d", x, y)
	}
	defer func() {
		if recover() == nil {
			t.Error("Limit(-1) should panic")
		}
	}()
	s.Limit(-1)
}

func TestSubset(t *testing.T) {
	s := toySet(t, 10)
	sub, err := s.Subset([]int{9, 0, 9})
	if err != nil {
		t.Fatal(err)
	}
	if sub.Len() != 3 || !slices.Equal(sub.Labels(), []int32{0, 0, 0}) {
		t.Fatalf("Subset labels %v", sub.Labels())
	}
	if x, _ := sub.Sample(0); x[0] != 54 || &x[0] == &s.Features()[54] {
		t.Errorf("Subset sample 0 = %v; want a copy of sample 9, starting 54", x)
	}
	for _, bad := range [][]int{{10}, {0, -1}} {
		if _, err := s.Subset(bad); !errors.Is(err, datasets.ErrInvalid) {
			t.Errorf("Subset(%v) = %v, want ErrInvalid", bad, err)
		}
	}
	empty, err := s.Subset(nil)
	if err != nil || empty.Len() != 0 {
		t.Errorf("Subset(nil) = %v, %v", empty, err)
	}
}
