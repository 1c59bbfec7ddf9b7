package rng

import (
	"math"
	"sort"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// Known-answer vectors published with Random123 (tests/kat_vectors).
func TestPhiloxKnownAnswers(t *testing.T) {
	cases := []struct {
		ctr  [4]uint32
		key  [2]uint32
		want [4]uint32
	}{
		{[4]uint32{0, 0, 0, 0}, [2]uint32{0, 0},
			[4]uint32{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
		{[4]uint32{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, [2]uint32{0xffffffff, 0xffffffff},
			[4]uint32{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
		{[4]uint32{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, [2]uint32{0xa4093822, 0x299f31d0},
			[4]uint32{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
	}
	for _, c := range cases {
		if got := Philox4x32(c.ctr, c.key); got != c.want {
			t.Errorf("Philox4x32(%08x, %08x) = %08x, want %08x", c.ctr, c.key, got, c.want)
		}
	}
}

func TestCounterLayout(t *testing.T) {
	k := NewKey(0x0123456789abcdef)
	if k != (Key{0x89abcdef, 0x01234567}) {
		t.Fatalf("NewKey split = %08x", k)
	}
	got := k.Block(7, 0x100000002, 3)
	want := Philox4x32([4]uint32{3, 2, 1, 7}, [2]uint32{0x89abcdef, 0x01234567})
	if got != want {
		t.Fatalf("Block = %08x, want %08x", got, want)
	}
}

func TestToFloat32(t *testing.T) {
	if got := ToFloat32(0); got != 0 {
		t.Errorf("ToFloat32(0) = %v", got)
	}
	if got, want := ToFloat32(math.MaxUint32), float32(1-1.0/(1<<24)); got != want {
		t.Errorf("ToFloat32(max) = %v, want %v", got, want)
	}
	if got := ToFloat32(0x80000000); got != 0.5 {
		t.Errorf("ToFloat32(2^31) = %v, want 0.5", got)
	}
	if got := ToFloat64Open(0); got <= 0 {
		t.Errorf("ToFloat64Open(0) = %v, want > 0", got)
	}
}

func TestStreamFNV(t *testing.T) {
	// FNV-1a reference values: empty string is the offset basis; "a" is a
	// published test vector.
	if got := Stream(""); got != 0x811c9dc5 {
		t.Errorf("Stream(\"\") = %08x", got)
	}
	if got := Stream("a"); got != 0xe40c292c {
		t.Errorf("Stream(\"a\") = %08x", got)
	}
}

// TestUniformKS checks, at alpha = 0.001, that Float32 over consecutive
// indices is uniform (one-sample Kolmogorov-Smirnov test, asymptotic
// critical value sqrt(-ln(alpha/2)/2)/sqrt(n)).
func TestUniformKS(t *testing.T) {
	const n = 20000
	const alpha = 0.001
	k := NewKey(42)
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = float64(k.Float32(Stream("ks"), 5, uint32(i)))
	}
	sort.Float64s(xs)
	d := 0.0
	for i, x := range xs {
		d = math.Max(d, math.Max(float64(i+1)/n-x, x-float64(i)/n))
	}
	crit := math.Sqrt(-math.Log(alpha/2)/2) / math.Sqrt(n)
	if d > crit {
		t.Fatalf("KS statistic %.5f exceeds critical value %.5f (alpha %v)", d, crit, alpha)
	}
}

// TestStreamsIndependent is a chi-square test of independence between two
// streams at the same (tick, index), on a 4x4 contingency table of quartiles,
// alpha = 0.001.
func TestStreamsIndependent(t *testing.T) {
	const n = 16000
	k := NewKey(9)
	var table [4][4]float64
	for i := range n {
		a := k.Float32(1, 0, uint32(i))
		b := k.Float32(2, 0, uint32(i))
		table[int(a*4)][int(b*4)]++
	}
	chi2 := 0.0
	exp := float64(n) / 16
	for _, row := range table {
		for _, o := range row {
			chi2 += (o - exp) * (o - exp) / exp
		}
	}
	p := 1 - distuv.ChiSquared{K: 15}.CDF(chi2)
	if p < 0.001 {
		t.Fatalf("chi-square %.2f (15 dof), p = %.2g < 0.001", chi2, p)
	}
}
