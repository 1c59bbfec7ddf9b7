package layers

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/spikeflow/spikeflow/ops"
)

// TestConv2DHand: a 4x4 single-channel input, a 3x3 kernel with entries
// 1..9 (row-major), stride 2.
func TestConv2DHand(t *testing.T) {
	kernel := []float32{1, 2, 3, 4, 5, 6, 7, 8, 9}
	// No padding: one output, which sees rows and columns 0-2. Input
	// (y, x) reaches it with weight kernel[3y + x]; row 3 and column 3
	// reach nothing.
	m, err := Conv2D{H: 4, W: 4, InC: 1, K: 3, Stride: 2, Pad: 0, OutC: 1, Kernel: kernel}.Build()
	if err != nil {
		t.Fatal(err)
	}
	if oh, ow, oc := (Conv2D{H: 4, W: 4, K: 3, Stride: 2, OutC: 1}).OutShape(); oh != 1 || ow != 1 || oc != 1 {
		t.Fatalf("OutShape = %d x %d x %d, want 1 x 1 x 1", oh, ow, oc)
	}
	rows := rowsOf(t, m)
	for j, r := range rows {
		y, x := j/4, j%4
		if y == 3 || x == 3 {
			if len(r) != 0 {
				t.Errorf("input (%d, %d) has targets %v, want none", y, x, r)
			}
			continue
		}
		k := m.RowPtr[j]
		if !slices.Equal(r, []int32{0}) || m.Weight[k] != kernel[3*y+x] {
			t.Errorf("input (%d, %d): targets %v weight %v, want [0] weight %v", y, x, r, m.Weight[k], kernel[3*y+x])
		}
	}

	// Pad 1: a 2x2 output; output (oy, ox) sees rows 2oy-1..2oy+1 and
	// columns 2ox-1..2ox+1. Input (1, 1) lies in all four windows, at
	// taps (2, 2), (2, 0), (0, 2), (0, 0) of outputs 0, 1, 2, 3.
	m, err = Conv2D{H: 4, W: 4, InC: 1, K: 3, Stride: 2, Pad: 1, OutC: 1, Kernel: kernel}.Build()
	if err != nil {
		t.Fatal(err)
	}
	want := map[int][]int32{ // input index -> outputs, the 16 inputs by hand
		0: {0}, 1: {0, 1}, 2: {1}, 3: {1},
		4: {0, 2}, 5: {0, 1, 2, 3}, 6: {1, 3}, 7: {1, 3},
		8: {2}, 9: {2, 3}, 10: {3}, 11: {3},
		12: {2}, 13: {2, 3}, 14: {3}, 15: {3},
	}
	for j, r := range rowsOf(t, m) {
		if !slices.Equal(r, want[j]) {
			t.Errorf("pad 1: input %d targets %v, want %v", j, r, want[j])
		}
	}
	k := m.RowPtr[5]
	if w := m.Weight[k : k+4]; !slices.Equal(w, []float32{9, 7, 3, 1}) {
		t.Errorf("pad 1: input (1, 1) weights %v, want [9 7 3 1]", w)
	}
}

// TestConv2DMatchesConvolution propagates a random input through the CSR
// and compares with a direct convolution, over channels, strides and pads.
func TestConv2DMatchesConvolution(t *testing.T) {
	for _, c := range []Conv2D{
		{H: 7, W: 5, InC: 3, K: 3, Stride: 1, Pad: 1, OutC: 4},
		{H: 9, W: 8, InC: 2, K: 4, Stride: 3, Pad: 2, OutC: 3},
		{H: 5, W: 5, InC: 1, K: 5, Stride: 2, Pad: 0, OutC: 2},
		{H: 6, W: 3, InC: 2, K: 1, Stride: 2, Pad: 0, OutC: 5},
	} {
		c.Kernel = make([]float32, c.K*c.K*c.InC*c.OutC)
		for i := range c.Kernel {
			c.Kernel[i] = float32(i%7) - 3
		}
		m, err := c.Build()
		if err != nil {
			t.Fatal(err)
		}
		checkRows(t, rowsOf(t, m))
		in := make([]float64, m.Pre)
		for i := range in {
			in[i] = float64((i*31)%11) - 5
		}
		got := make([]float64, m.Post)
		for j, s := range in {
			for k := m.RowPtr[j]; k < m.RowPtr[j+1]; k++ {
				got[m.Target[k]] += float64(m.Weight[k]) * s
			}
		}
		oh, ow, _ := c.OutShape()
		for oy := range oh {
			for ox := range ow {
				for co := range c.OutC {
					want := 0.0
					for ky := range c.K {
						for kx := range c.K {
							y, x := oy*c.Stride-c.Pad+ky, ox*c.Stride-c.Pad+kx
							if y < 0 || y >= c.H || x < 0 || x >= c.W {
								continue
							}
							for ci := range c.InC {
								want += float64(c.Kernel[((ky*c.K+kx)*c.InC+ci)*c.OutC+co]) * in[(y*c.W+x)*c.InC+ci]
							}
						}
					}
					if o := (oy*ow+ox)*c.OutC + co; got[o] != want {
						t.Fatalf("%+v: output (%d, %d, %d) = %v, want %v", c, oy, ox, co, got[o], want)
					}
				}
			}
		}
	}
}

func TestConv2DErrors(t *testing.T) {
	k9 := make([]float32, 9)
	for _, c := range []Conv2D{
		{H: 4, W: 4, InC: 1, K: 0, Stride: 1, OutC: 1},
		{H: 4, W: 4, InC: 1, K: 3, Stride: 0, OutC: 1, Kernel: k9},
		{H: 4, W: 4, InC: 1, K: 3, Stride: 1, Pad: 3, OutC: 1, Kernel: k9},
		{H: 4, W: 4, InC: 1, K: 3, Stride: 1, Pad: -1, OutC: 1, Kernel: k9},
		{H: -4, W: 4, InC: 1, K: 3, Stride: 1, OutC: 1, Kernel: k9},
		{H: 4, W: 4, InC: 1, K: 3, Stride: 1, OutC: 0, Kernel: k9},
		{H: 4, W: 4, InC: 1, K: 3, Stride: 1, OutC: 2, Kernel: k9},
		{H: 2, W: 4, InC: 1, K: 3, Stride: 1, OutC: 1, Kernel: k9},
		{H: 4, W: 4, InC: 1, K: 3, Stride: 1, OutC: 1, Kernel: append([]float32{float32(math.NaN())}, k9[1:]...)},
	} {
		if _, err := c.Build(); !errors.Is(err, ops.ErrParam) {
			t.Errorf("%+v: err = %v, want ErrParam", c, err)
		}
	}
}
