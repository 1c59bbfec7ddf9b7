package layers

import (
	"github.com/spikeflow/spikeflow/ops"
)

// Conv2D is a convolutional projection: an input map of H rows x W columns
// x InC channels to an output map of OutH x OutW x OutC (OutShape), where
// output (oy, ox, co) receives from the K x K window of inputs whose top
// left corner is (oy*Stride - Pad, ox*Stride - Pad), all InC channels,
// through weights shared by every window: the weight of input (y, x, ci)
// onto output (oy, ox, co) is
//
//	Kernel[((ky*K + kx)*InC + ci)*OutC + co],  ky = y + Pad - oy*Stride, kx = x + Pad - ox*Stride.
//
// Layouts, all row-major: neuron (y, x, c) of a map with W columns and C
// channels has index (y*W + x)*C + c (HWC, channels fastest), and the
// kernel is K x K x InC x OutC (HWIO, as in TensorFlow), so that the
// targets of one input and one kernel tap are OutC consecutive outputs
// with OutC consecutive weights. Padding adds no neurons: window positions
// outside the input simply have no synapse.
//
// The result is CSR by source with one weight per synapse, its targets in
// increasing order. Every synapse stores its weight, 8 bytes, although
// the kernel has only K*K*InC*OutC distinct values: that is what lets a
// learning rule later change synapses one by one, and what the Sparse op
// reads. Zero kernel entries still make synapses.
type Conv2D struct {
	H, W, InC int
	K         int // kernel size, >= 1
	Stride    int // >= 1
	Pad       int // zero padding on every side, in [0, K-1]
	OutC      int // output channels, >= 1
	Kernel    []float32
	Name      string // names the rule in errors
}

// OutShape returns the output map's size: OutH = (H + 2 Pad - K)/Stride + 1
// rows, the same for columns, and OutC channels.
func (c Conv2D) OutShape() (outH, outW, outC int) {
	return (c.H+2*c.Pad-c.K)/c.Stride + 1, (c.W+2*c.Pad-c.K)/c.Stride + 1, c.OutC
}

func (c Conv2D) validate() error {
	ck := newCheck("Conv2D", c.Name)
	ck.size("H", c.H)
	ck.size("W", c.W)
	ck.size("InC", c.InC)
	for _, p := range []struct {
		name string
		v    int
	}{{"K", c.K}, {"Stride", c.Stride}, {"OutC", c.OutC}} {
		if p.v < 1 {
			ck.failf("%s = %d, must be >= 1", p.name, p.v)
		}
	}
	if c.Pad < 0 || (c.K >= 1 && c.Pad > c.K-1) {
		ck.failf("Pad = %d, must be in [0, K-1 = %d]: a wider pad makes windows that see no input", c.Pad, c.K-1)
	}
	if err := ck.err(); err != nil {
		return err
	}
	if c.H+2*c.Pad < c.K || c.W+2*c.Pad < c.K {
		ck.failf("the %dx%d kernel is larger than the %dx%d input padded by %d: no output", c.K, c.K, c.H, c.W, c.Pad)
	}
	taps := float64(c.K) * float64(c.K) * float64(c.InC) * float64(c.OutC)
	if taps != float64(len(c.Kernel)) {
		ck.failf("len(Kernel) = %d, want K*K*InC*OutC = %.0f", len(c.Kernel), taps)
	}
	if i, n := firstNonFinite32(c.Kernel); n > 0 {
		ck.failf("Kernel[%d] = %v, must be finite (%d non-finite entries)", i, c.Kernel[i], n)
	}
	if ck.err() == nil {
		oh, ow, _ := c.OutShape()
		ck.synapses(float64(oh) * float64(ow) * taps)
		ck.synapses(float64(oh) * float64(ow) * float64(c.OutC)) // output indices fit int32
	}
	return ck.err()
}

// Build generates the connectivity.
func (c Conv2D) Build() (ops.CSR, error) {
	if err := c.validate(); err != nil {
		return ops.CSR{}, err
	}
	oh, ow, _ := c.OutShape()
	pre := c.H * c.W * c.InC
	m := ops.CSR{Pre: pre, Post: oh * ow * c.OutC, RowPtr: make([]int32, pre+1)}
	// Row lengths depend only on (y, x): count, then fill in parallel.
	for j := range pre {
		y, x := j/(c.W*c.InC), j/c.InC%c.W
		ny, _ := c.window(y, oh)
		nx, _ := c.window(x, ow)
		m.RowPtr[j+1] = m.RowPtr[j] + int32(ny*nx*c.OutC)
	}
	nnz := int(m.RowPtr[pre])
	m.Target, m.Weight = make([]int32, nnz), make([]float32, nnz)
	parallelRows(0, pre, func(j int) {
		y, x, ci := j/(c.W*c.InC), j/c.InC%c.W, j%c.InC
		ny, oy0 := c.window(y, oh)
		nx, ox0 := c.window(x, ow)
		at := int(m.RowPtr[j])
		for oy := oy0; oy < oy0+ny; oy++ {
			ky := y + c.Pad - oy*c.Stride
			for ox := ox0; ox < ox0+nx; ox++ {
				kx := x + c.Pad - ox*c.Stride
				taps := c.Kernel[((ky*c.K+kx)*c.InC+ci)*c.OutC:][:c.OutC]
				first := (oy*ow + ox) * c.OutC
				for co, w := range taps {
					m.Target[at], m.Weight[at] = int32(first+co), w
					at++
				}
			}
		}
	})
	return m, nil
}

// window returns the outputs along one axis whose windows contain input
// coordinate v: count of them, starting at first. Output o covers inputs
// [o*Stride - Pad, o*Stride - Pad + K - 1].
func (c Conv2D) window(v, outs int) (count, first int) {
	lo := max(0, ceilDiv(v+c.Pad-c.K+1, c.Stride))
	hi := min(outs-1, floorDiv(v+c.Pad, c.Stride))
	return max(0, hi-lo+1), lo
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func ceilDiv(a, b int) int { return -floorDiv(-a, b) }
