package datasets

import (
	"fmt"
	"math"
	"slices"
)

// Meta describes a dataset: everything in a Set except the samples.
type Meta struct {
	// Name identifies the set in messages, e.g. "mnist/train".
	Name string
	// Shape is the shape of one sample, e.g. [28 28] for an MNIST image;
	// a sample is stored row-major, so Dim is the product of Shape.
	Shape []int
	// Max bounds the raw feature values: every feature lies in [0, Max]
	// (255 for MNIST pixels, 16 for the 8x8 digits), so x/Max scales a
	// feature into [0, 1].
	Max float32
	// Classes names the classes; a label is an index into Classes.
	Classes []string
	// Citation says where the data comes from, how to cite it and under
	// which licence it is distributed.
	Citation string
}

// Set is an in-memory labelled dataset: N samples of Dim float32 features
// each, stored in one row-major slice, and N labels.
//
// Features keep their raw units (pixel intensities 0..255, counts 0..16,
// centimetres) so that no scaling decision is baked in; Max gives the range.
//
// A Set is never modified after New returns it, so one Set may be shared by
// any number of goroutines and iterators; the bundled datasets return one
// shared Set per split. The slices that Features, Labels and Sample return
// alias the set's storage: read them, never write to them.
type Set struct {
	meta Meta
	dim  int
	x    []float32
	y    []int32
}

// New returns a Set that owns x (len(y)*Dim features, row-major) and y (one
// label per sample, each in [0, len(meta.Classes))). It checks that the parts
// agree and that every feature is a finite value in [0, meta.Max]; the error
// wraps ErrInvalid and says what is wrong. The caller must not modify x or y
// afterwards.
func New(meta Meta, x []float32, y []int32) (*Set, error) {
	dim, err := checkMeta(meta)
	if err != nil {
		return nil, fmt.Errorf("dataset %q: %w", meta.Name, err)
	}
	if err := checkSamples(meta, dim, x, y); err != nil {
		return nil, fmt.Errorf("dataset %q: %w", meta.Name, err)
	}
	return build(meta, dim, x, y), nil
}

// build assembles a Set from checked parts.
func build(meta Meta, dim int, x []float32, y []int32) *Set {
	meta.Shape = slices.Clone(meta.Shape)
	meta.Classes = slices.Clone(meta.Classes)
	return &Set{meta: meta, dim: dim, x: x, y: y}
}

// checkMeta validates meta and returns the number of features per sample.
func checkMeta(meta Meta) (int, error) {
	if len(meta.Shape) == 0 {
		return 0, fmt.Errorf("%w: empty sample shape", ErrInvalid)
	}
	dim := 1
	for _, d := range meta.Shape {
		// The bound keeps dim*N arithmetic far from overflow.
		if d <= 0 || d > math.MaxInt32/dim {
			return 0, fmt.Errorf("%w: sample shape %v must have positive dimensions whose product is below 2^31", ErrInvalid, meta.Shape)
		}
		dim *= d
	}
	if !(meta.Max > 0) || math.IsInf(float64(meta.Max), 0) {
		return 0, fmt.Errorf("%w: Max = %v, must be positive and finite", ErrInvalid, meta.Max)
	}
	if len(meta.Classes) == 0 {
		return 0, fmt.Errorf("%w: no class names", ErrInvalid)
	}
	return dim, nil
}

// checkSamples validates the features and labels against meta.
func checkSamples(meta Meta, dim int, x []float32, y []int32) error {
	if len(x) != len(y)*dim {
		return fmt.Errorf("%w: %d features for %d labels of %d features each (want %d)",
			ErrInvalid, len(x), len(y), dim, len(y)*dim)
	}
	for i, c := range y {
		if c < 0 || int(c) >= len(meta.Classes) {
			return fmt.Errorf("%w: label %d of sample %d is outside [0, %d)", ErrInvalid, c, i, len(meta.Classes))
		}
	}
	for i, v := range x {
		if !(v >= 0 && v <= meta.Max) { // also catches NaN
			return fmt.Errorf("%w: feature %d of sample %d is %v, outside [0, Max=%v]", ErrInvalid, i%dim, i/dim, v, meta.Max)
		}
	}
	return nil
}

// Name returns the set's name.
func (s *Set) Name() string { return s.meta.Name }

// Shape returns a copy of the shape of one sample.
func (s *Set) Shape() []int { return slices.Clone(s.meta.Shape) }

// Max returns the upper bound of the raw feature values (see Meta.Max).
func (s *Set) Max() float32 { return s.meta.Max }

// Classes returns a copy of the class names; label c names Classes()[c].
func (s *Set) Classes() []string { return slices.Clone(s.meta.Classes) }

// Citation returns the source, citation and licence of the data.
func (s *Set) Citation() string { return s.meta.Citation }

// Meta returns a copy of the set's description.
func (s *Set) Meta() Meta {
	m := s.meta
	m.Shape = slices.Clone(m.Shape)
	m.Classes = slices.Clone(m.Classes)
	return m
}

// Len returns the number of samples.
func (s *Set) Len() int { return len(s.y) }

// Dim returns the number of features of one sample, the product of Shape.
func (s *Set) Dim() int { return s.dim }

// Features returns all features, Len()*Dim() values, row-major. The slice
// aliases the set: do not modify it.
func (s *Set) Features() []float32 { return s.x[:len(s.x):len(s.x)] }

// Labels returns all labels. The slice aliases the set: do not modify it.
func (s *Set) Labels() []int32 { return s.y[:len(s.y):len(s.y)] }

// Sample returns the features and label of sample i. The features alias the
// set (do not modify them); their capacity ends with the sample, so an
// append copies rather than overwriting the next sample. Like indexing a
// slice, it panics if i is outside [0, Len()).
func (s *Set) Sample(i int) ([]float32, int32) {
	y := s.y[i]
	lo, hi := i*s.dim, (i+1)*s.dim
	return s.x[lo:hi:hi], y
}

// Limit returns the first n samples as a Set sharing s's storage, or s itself
// when n is 0 (no limit, as in Options) or at least Len(). Like slicing, it
// panics if n is negative.
func (s *Set) Limit(n int) *Set {
	if n < 0 {
		panic(fmt.Sprintf("datasets: Limit(%d) of %q: negative limit", n, s.meta.Name))
	}
	if n == 0 || n >= s.Len() {
		return s
	}
	return &Set{meta: s.meta, dim: s.dim, x: s.x[: n*s.dim : n*s.dim], y: s.y[:n:n]}
}

// Subset returns a new Set holding copies of the samples at the given
// indexes, in that order (an index may repeat). An index outside [0, Len())
// is an error wrapping ErrInvalid.
func (s *Set) Subset(idx []int) (*Set, error) {
	x := make([]float32, 0, len(idx)*s.dim)
	y := make([]int32, 0, len(idx))
	for k, i := range idx {
		if i < 0 || i >= s.Len() {
			return nil, fmt.Errorf("dataset %q: %w: Subset index %d (position %d) is outside [0, %d)", s.meta.Name, ErrInvalid, i, k, s.Len())
		}
		f, c := s.Sample(i)
		x = append(x, f...)
		y = append(y, c)
	}
	return &Set{meta: s.meta, dim: s.dim, x: x, y: y}, nil
}

// String describes the set in one line, e.g.
// `mnist/train: 60000 samples of [28 28] in [0, 255], 10 classes`.
func (s *Set) String() string {
	return fmt.Sprintf("%s: %d samples of %v in [0, %v], %d classes", s.meta.Name, s.Len(), s.meta.Shape, s.meta.Max, len(s.meta.Classes))
}
