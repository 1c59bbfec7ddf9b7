package dsp

import (
	"math"
	"math/cmplx"
)

// ERB is the equivalent rectangular bandwidth of the human auditory
// filter at f Hz, 24.7 (4.37 f/1000 + 1) Hz (Glasberg & Moore 1990,
// "Derivation of auditory filter shapes from notched-noise data", Hearing
// Research 47, eq. 3).
func ERB(f float64) float64 { return 24.7 * (4.37*f/1000 + 1) }

// ERBRate is the number of ERBs below f Hz, 21.4 log10(4.37 f/1000 + 1)
// (Glasberg & Moore 1990, eq. 4), and InvERBRate its inverse.
func ERBRate(f float64) float64 { return 21.4 * math.Log10(4.37*f/1000+1) }

// InvERBRate is the frequency, Hz, that is e ERBs up the ERB-rate scale.
func InvERBRate(e float64) float64 { return (math.Pow(10, e/21.4) - 1) * 1000 / 4.37 }

// Gammatone designs the 4th-order gammatone filter centred on f0 Hz, whose
// impulse response is t^3 exp(-2 pi b t) cos(2 pi f0 t) with b = 1.019
// ERB(f0) (Patterson, Holdsworth et al. 1988; the factor 1.019 makes the
// equivalent rectangular bandwidth ERB(f0)), as Slaney's cascade of four
// biquads that share their poles (M. Slaney 1993, "An efficient
// implementation of the Patterson-Holdsworth auditory filter bank", Apple
// Computer Technical Report 35): with T = 1/fs, w = 2 pi f0 T and
// r = exp(-2 pi b T), every section has the denominator
// 1 - 2 r cos(w) z^-1 + r^2 z^-2 and the numerator T + c_k z^-1, where
// c_k = -T r (cos(w) +- sqrt(3 +- 2^1.5) sin(w)) for the four sign pairs.
// The gain is set so that |H(f0)| = 1 (0 dB). Its -3 dB bandwidth is
// 2 b sqrt(2^(1/4) - 1) = 0.887 ERB(f0).
func Gammatone(fs, f0 float64) (Filter, error) {
	if err := checkBand(fs, f0); err != nil {
		return Filter{}, err
	}
	t := 1 / fs
	w := 2 * math.Pi * f0 * t
	r := math.Exp(-2 * math.Pi * 1.019 * ERB(f0) * t)
	cw, sw := math.Cos(w), math.Sin(w)
	f := Filter{Center: f0, Gain: 1}
	for _, k := range []float64{math.Sqrt(3 + math.Sqrt2*2), -math.Sqrt(3 + math.Sqrt2*2), math.Sqrt(3 - math.Sqrt2*2), -math.Sqrt(3 - math.Sqrt2*2)} {
		f.Sections = append(f.Sections, Biquad{B0: t, B1: -t * r * (cw + k*sw), A1: -2 * r * cw, A2: r * r})
	}
	f.Gain = 1 / cmplx.Abs(f.Response(f0, fs))
	return f, nil
}

// Bandwidth returns the -3 dB band [lo, hi] of f's magnitude response
// around its centre frequency, found by bisection on |H|^2 = |H(centre)|^2
// / 2 within (0, fs/2).
func (f *Filter) Bandwidth(fs float64) (lo, hi float64) {
	peak := cmplx.Abs(f.Response(f.Center, fs))
	half := peak * peak / 2
	below := func(x float64) bool { a := cmplx.Abs(f.Response(x, fs)); return a*a < half }
	edge := func(in, out float64) float64 { // in is inside the band, out outside
		for range 100 {
			mid := (in + out) / 2
			if below(mid) {
				out = mid
			} else {
				in = mid
			}
		}
		return (in + out) / 2
	}
	return edge(f.Center, 1e-9*fs), edge(f.Center, fs/2*(1-1e-12))
}
