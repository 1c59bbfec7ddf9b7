package diehlcook

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
)

// ReceptiveFields draws the input weights of every excitatory neuron as a
// 28x28 tile, in a grid of ceil(sqrt(N)) columns with a 1-pixel gap, on
// one gray scale from 0 (black) to the largest weight (white), as Diehl &
// Cook's Fig. 2 shows them.
func (s *State) ReceptiveFields() *image.Gray {
	const side, gap = 28, 1
	n := s.Config.Neurons
	cols := int(math.Ceil(math.Sqrt(float64(n))))
	rows := (n + cols - 1) / cols
	img := image.NewGray(image.Rect(0, 0, cols*(side+gap)+gap, rows*(side+gap)+gap))
	for k := range img.Pix {
		img.Pix[k] = 64 // the gaps, darker gray than a zero weight's black would hide
	}
	var top float32
	for _, w := range s.W {
		top = max(top, w)
	}
	if top == 0 {
		top = 1
	}
	for i := range n {
		x0, y0 := gap+(i%cols)*(side+gap), gap+(i/cols)*(side+gap)
		for j := range Inputs {
			v := s.W[j*n+i] / top
			img.SetGray(x0+j%side, y0+j/side, color.Gray{Y: uint8(math.Round(float64(255 * min(max(v, 0), 1))))})
		}
	}
	return img
}

// WriteReceptiveFields writes ReceptiveFields as a PNG.
func (s *State) WriteReceptiveFields(w io.Writer) error {
	if err := png.Encode(w, s.ReceptiveFields()); err != nil {
		return fmt.Errorf("diehlcook: receptive fields: %w", err)
	}
	return nil
}
