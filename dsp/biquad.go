package dsp

import (
	"errors"
	"fmt"
	"math"
	"math/cmplx"
)

// ErrParam is wrapped by every error about a bad design parameter.
var ErrParam = errors.New("dsp: invalid parameter")

// Biquad is a second-order IIR section normalized so that a0 = 1:
//
//	H(z) = (B0 + B1 z^-1 + B2 z^-2) / (1 + A1 z^-1 + A2 z^-2).
type Biquad struct {
	B0, B1, B2, A1, A2 float64
}

// BandPass designs the cookbook's band-pass filter with a constant 0 dB
// peak gain (R. Bristow-Johnson, "Cookbook formulae for audio EQ biquad
// filter coefficients"): with w0 = 2 pi f0/fs and alpha = sin(w0)/(2 q),
//
//	b0 = alpha, b1 = 0, b2 = -alpha, a0 = 1 + alpha, a1 = -2 cos(w0), a2 = 1 - alpha.
//
// Its gain at f0 is exactly 1, and its -3 dB bandwidth is about f0/q (the
// bilinear transform narrows it slightly as f0 nears fs/2).
func BandPass(fs, f0, q float64) (Biquad, error) {
	if err := checkBand(fs, f0); err != nil {
		return Biquad{}, err
	}
	if !(q > 0) || math.IsInf(q, 0) {
		return Biquad{}, fmt.Errorf("%w: Q = %v, must be > 0 and finite", ErrParam, q)
	}
	w0 := 2 * math.Pi * f0 / fs
	alpha := math.Sin(w0) / (2 * q)
	a0 := 1 + alpha
	return Biquad{B0: alpha / a0, B1: 0, B2: -alpha / a0, A1: -2 * math.Cos(w0) / a0, A2: (1 - alpha) / a0}, nil
}

func checkBand(fs, f0 float64) error {
	if !(fs > 0) || math.IsInf(fs, 0) {
		return fmt.Errorf("%w: sample rate %v Hz, must be > 0 and finite", ErrParam, fs)
	}
	if !(f0 > 0 && f0 < fs/2) {
		return fmt.Errorf("%w: centre frequency %v Hz, must be in (0, %v) (below Nyquist)", ErrParam, f0, fs/2)
	}
	return nil
}

// Response is H at frequency f (Hz) for sample rate fs.
func (b Biquad) Response(f, fs float64) complex128 {
	z1 := cmplx.Exp(complex(0, -2*math.Pi*f/fs)) // z^-1
	z2 := z1 * z1
	return (complex(b.B0, 0) + complex(b.B1, 0)*z1 + complex(b.B2, 0)*z2) /
		(1 + complex(b.A1, 0)*z1 + complex(b.A2, 0)*z2)
}

// Filter is a cascade of biquads and a gain: H(z) = Gain prod H_k(z).
type Filter struct {
	Sections []Biquad
	Gain     float64
	Center   float64 // the design's centre frequency, Hz
}

// Response is H at frequency f (Hz) for sample rate fs.
func (f *Filter) Response(freq, fs float64) complex128 {
	h := complex(f.Gain, 0)
	for _, s := range f.Sections {
		h *= s.Response(freq, fs)
	}
	return h
}

// Apply filters src into dst (same length; they may be the same slice)
// from zero state, each section in transposed direct form II with float64
// state, rounding only the output to float32.
func (f *Filter) Apply(dst, src []float32) {
	type state struct{ s1, s2 float64 }
	st := make([]state, len(f.Sections))
	for n, x := range src {
		v := float64(x)
		for k, s := range f.Sections {
			y := s.B0*v + st[k].s1
			st[k].s1 = s.B1*v - s.A1*y + st[k].s2
			st[k].s2 = s.B2*v - s.A2*y
			v = y
		}
		dst[n] = float32(f.Gain * v)
	}
}

// BandPassFilter is BandPass as a Filter of one section.
func BandPassFilter(fs, f0, q float64) (Filter, error) {
	b, err := BandPass(fs, f0, q)
	return Filter{Sections: []Biquad{b}, Gain: 1, Center: f0}, err
}
