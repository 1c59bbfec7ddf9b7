package datasets

import (
	"fmt"
	"io"
	"slices"
)

// FromIDX builds a Set from a pair of IDX files of unsigned bytes, each plain
// or gzip-compressed, as MNIST and its look-alikes ship: images of
// dimensions [N, ...sample shape] and labels of dimensions [N]. meta.Shape,
// when given, must match the images' sample shape; when empty it is taken
// from the file. Every error wraps ErrCorrupt (or ErrUnsupported) and names
// the file at fault: a count that differs between the files, a label
// without a class name, a value above meta.Max.
func FromIDX(meta Meta, images, labels io.Reader) (*Set, error) {
	idims, pix, err := ReadIDX(images)
	if err != nil {
		return nil, fmt.Errorf("dataset %q: images: %w", meta.Name, err)
	}
	ldims, lab, err := ReadIDX(labels)
	if err != nil {
		return nil, fmt.Errorf("dataset %q: labels: %w", meta.Name, err)
	}
	dim, err := checkIDXPair(&meta, idims, ldims, pix, lab)
	if err != nil {
		return nil, fmt.Errorf("dataset %q: %w", meta.Name, err)
	}
	x := make([]float32, len(pix))
	for i, p := range pix {
		x[i] = float32(p)
	}
	y := make([]int32, len(lab))
	for i, c := range lab {
		y[i] = int32(c)
	}
	// checkIDXPair has checked what New would check of the samples, bytes
	// being finite and non-negative; skipping the second pass saves a tenth
	// of the decoding time.
	return build(meta, dim, x, y), nil
}

// checkIDXPair checks that images and labels agree with each other and with
// meta, filling in meta.Shape when it is empty, and returns the sample size.
func checkIDXPair(meta *Meta, idims, ldims []int, pix, lab []byte) (int, error) {
	switch {
	case len(idims) < 2:
		return 0, fmt.Errorf("%w: images have dimensions %v, want [count, sample shape...]", ErrCorrupt, idims)
	case len(ldims) != 1:
		return 0, fmt.Errorf("%w: labels have dimensions %v, want [count]", ErrCorrupt, ldims)
	case slices.Contains(idims[1:], 0):
		return 0, fmt.Errorf("%w: images have dimensions %v, an empty sample shape", ErrCorrupt, idims)
	case idims[0] != ldims[0]:
		return 0, fmt.Errorf("%w: %d images but %d labels", ErrCorrupt, idims[0], ldims[0])
	case len(meta.Shape) == 0:
		meta.Shape = slices.Clone(idims[1:])
	case !slices.Equal(meta.Shape, idims[1:]):
		return 0, fmt.Errorf("%w: images of shape %v, want %v", ErrCorrupt, idims[1:], meta.Shape)
	}
	dim, err := checkMeta(*meta)
	if err != nil {
		return 0, err
	}
	for i, c := range lab {
		if int(c) >= len(meta.Classes) {
			return 0, fmt.Errorf("%w: label %d of sample %d names no class (%d classes)", ErrCorrupt, c, i, len(meta.Classes))
		}
	}
	if meta.Max < 255 {
		for i, p := range pix {
			if float32(p) > meta.Max {
				return 0, fmt.Errorf("%w: value %d at element %d exceeds Max = %v", ErrCorrupt, p, i, meta.Max)
			}
		}
	}
	return dim, nil
}
