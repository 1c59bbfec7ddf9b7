package datasets

import (
	"math/bits"
	"slices"
	"testing"

	"github.com/spikeflow/spikeflow/rng"
)

// permIndex numbers a permutation of 0..3 in [0, 24).
func permIndex(p []int) int {
	code := 0
	rest := []int{0, 1, 2, 3}
	for _, v := range p {
		k := slices.Index(rest, v)
		code = code*len(rest) + k
		rest = slices.Delete(rest, k, k+1)
	}
	return code
}

// chiSquare24 is Pearson's statistic of counts against a uniform spread.
func chiSquare24(counts [24]int, trials int) float64 {
	want := float64(trials) / 24
	chi := 0.0
	for _, c := range counts {
		d := float64(c) - want
		chi += d * d / want
	}
	return chi
}

// chi2Crit23 is the chi-square critical value for 23 degrees of freedom at
// alpha = 0.001: a fair shuffle exceeds it once in a thousand seedings.
const chi2Crit23 = 49.73

// TestShuffleUniform checks that all 24 orders of four items are equally
// likely, across seeds and across the epochs of one seed.
func TestShuffleUniform(t *testing.T) {
	const trials = 24000
	var bySeed, byEpoch [24]int
	p := make([]int, 4)
	for k := range trials {
		for i := range p {
			p[i] = i
		}
		Shuffle(p, uint64(k), 0)
		bySeed[permIndex(p)]++
		for i := range p {
			p[i] = i
		}
		Shuffle(p, 12345, uint64(k))
		byEpoch[permIndex(p)]++
	}
	if chi := chiSquare24(bySeed, trials); chi > chi2Crit23 {
		t.Errorf("orders across seeds: chi-square %.1f > %.2f (alpha 0.001): %v", chi, chi2Crit23, bySeed)
	}
	if chi := chiSquare24(byEpoch, trials); chi > chi2Crit23 {
		t.Errorf("orders across epochs: chi-square %.1f > %.2f (alpha 0.001): %v", chi, chi2Crit23, byEpoch)
	}
}

// TestBelowRejects drives below with a range so large (3*2^62) that a
// quarter of all 64-bit words are rejected, and checks that rejected words
// give way to the block's second word, then to the next stream's block, as
// Shuffle documents.
func TestBelowRejects(t *testing.T) {
	const n uint64 = 3 << 62
	threshold := uint64(1) << 62 // 2^64 mod n
	key := rng.NewKey(7)
	var byPath [4]int // draws settled by the first word, the second, stream+1, later
	for i := uint32(0); i < 400; i++ {
		want, path := uint64(0), -1
		for attempt := uint32(0); path < 0; attempt++ {
			b := key.Block(shuffleStream+attempt, 0, i)
			for w, x := range [2]uint64{uint64(b[0]) | uint64(b[1])<<32, uint64(b[2]) | uint64(b[3])<<32} {
				if hi, lo := bits.Mul64(x, n); lo >= threshold {
					want, path = hi, min(int(2*attempt)+w, 3)
					break
				}
			}
		}
		byPath[path]++
		if got := below(key, 0, i, n); got != want || got >= n {
			t.Fatalf("index %d: below = %d, want %d (word %d)", i, got, want, path)
		}
	}
	if byPath[1] == 0 || byPath[2]+byPath[3] == 0 {
		t.Fatalf("draws settled by word %v: the rejection paths were not reached", byPath)
	}
}

func TestShuffleEdgeSizes(t *testing.T) {
	for _, n := range []int{0, 1, 2} {
		p := make([]int, n)
		for i := range p {
			p[i] = i
		}
		Shuffle(p, 1, 1)
		slices.Sort(p)
		for i := range p {
			if p[i] != i {
				t.Fatalf("Shuffle of %d items lost an element: %v", n, p)
			}
		}
	}
}
