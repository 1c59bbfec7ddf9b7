package coding

import (
	"math"
	"slices"
)

// Info is an estimate of the mutual information between two discrete
// variables from paired samples.
type Info struct {
	Bits       float64 // the Miller-Madow corrected estimate
	PlugIn     float64 // the plug-in (maximum likelihood) estimate
	Correction float64 // PlugIn - Bits: the estimated upward bias removed
	Samples    int
}

// MutualInformation estimates I(X; Y) in bits from paired samples of two
// discrete variables, as H(X) + H(Y) - H(X, Y) with each entropy estimated
// by counting (plug-in) and corrected for its downward bias by Miller's
// (1955) term (m - 1)/(2 S ln 2) bits, m being the number of occupied
// cells and S the number of samples. The plug-in estimate of information
// is biased upward, by about (m_xy - m_x - m_y + 1)/(2 S ln 2) bits to
// first order (Panzeri & Treves 1996), which the correction removes; what
// remains is of order 1/S^2 while S is much larger than m_xy, and the
// correction falls short (the estimate stays biased upward) when the joint
// table is sparsely sampled.
func MutualInformation(x, y []int) Info {
	if len(x) != len(y) {
		panic("coding: MutualInformation needs paired samples")
	}
	s := len(x)
	if s == 0 {
		return Info{}
	}
	type pair struct{ x, y int }
	cx, cy, cxy := map[int]int{}, map[int]int{}, map[pair]int{}
	for i := range x {
		cx[x[i]]++
		cy[y[i]]++
		cxy[pair{x[i], y[i]}]++
	}
	hx, hy, hxy := entropy(cx, s), entropy(cy, s), entropy(cxy, s)
	plug := hx + hy - hxy
	corr := float64(len(cxy)-len(cx)-len(cy)+1) / (2 * float64(s) * math.Ln2)
	return Info{Bits: plug - corr, PlugIn: plug, Correction: corr, Samples: s}
}

// entropy is the plug-in entropy, in bits, of a table of counts of total
// s. The counts are added in sorted order, not in map order, so the result
// is the same bits on every run.
func entropy[K comparable](counts map[K]int, s int) float64 {
	cs := make([]int, 0, len(counts))
	for _, c := range counts {
		cs = append(cs, c)
	}
	slices.Sort(cs)
	h := 0.0
	for _, c := range cs {
		p := float64(c) / float64(s)
		h -= p * math.Log2(p)
	}
	return h
}
