package ops

import "math"

// Pow01 is x^mu for x in [0, 1] and mu > 0, within a relative error of
// 2.5e-7 + 1e-7 |mu log2 x| (x below 2^-126 counts as 0, and results below
// it flush to 0), computed with
// float32 multiplies, adds, floor and bit operations only, so that GPU
// kernels compute the same bits (their pow, exp2 and log2 are not correctly
// rounded and differ between drivers). It is exp2(mu log2 x): log2 from the
// exponent of x and a polynomial in its mantissa m - 1, m in [sqrt(1/2),
// sqrt 2); exp2 from a polynomial on the fraction of the result and the
// integer part put back into the exponent. The coefficients are least-
// squares fits (Chebyshev nodes, degree 10 and 7), rounded to float32;
// evaluated in float32, the log2 polynomial is within 5e-8 absolute and the
// exp2 one within 8e-8 relative.
func Pow01(x, mu float32) float32 {
	if !(x >= 0x1p-126) {
		return 0
	}
	bits := math.Float32bits(x)
	e := int32(bits>>23) - 127
	m := math.Float32frombits(bits&0x7FFFFF | 0x3F800000) // in [1, 2)
	if m > sqrt2 {
		m *= 0.5
		e++
	}
	t := m - 1 // exact: m is within a factor 2 of 1
	var q float32
	for k := len(log2Coef) - 1; k >= 0; k-- {
		q = float32(q*t) + math.Float32frombits(log2Coef[k])
	}
	y := float32(mu * (float32(e) + float32(q*t)))
	n := float32(math.Floor(float64(y)))
	if n < -126 {
		return 0
	}
	fr := y - n // exact, in [0, 1)
	var p float32
	for k := len(exp2Coef) - 1; k >= 0; k-- {
		p = float32(p*fr) + math.Float32frombits(exp2Coef[k])
	}
	return float32(p * math.Float32frombits(uint32(int32(n)+127)<<23))
}

// sqrt2 is the float32 nearest sqrt(2) from below, where the mantissa is
// folded to [sqrt(1/2), sqrt 2).
const sqrt2 = float32(1.4142135)

// log2Coef: log2(1+t)/t on [sqrt(1/2)-1, sqrt(2)-1], as float32 bits,
// lowest degree first. exp2Coef: 2^f on [0, 1].
var (
	log2Coef = [...]uint32{
		0x3fb8aa3b, 0xbf38aa38, 0x3ef6384a, 0xbeb8ad3b, 0x3e93bf4d,
		0xbe755eb2, 0x3e517c2f, 0xbe439c0d, 0x3e3ec899, 0xbde1b160,
	}
	exp2Coef = [...]uint32{
		0x3f800000, 0x3f317218, 0x3e75fde6, 0x3d635984,
		0x3c1d8217, 0x3ab006f8, 0x3915f0aa, 0x37b5a0ba,
	}
)
