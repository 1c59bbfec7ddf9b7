package cpu

import (
	"math"
	"testing"

	"github.com/spikeflow/spikeflow/rng"
)

// TestExactAxpy: exactAxpy rounds every product before adding it, bit for
// bit, at lengths around the SIMD widths and with values whose products
// are inexact, denormal or overflow.
func TestExactAxpy(t *testing.T) {
	key := rng.NewKey(3)
	for _, n := range []int{0, 1, 3, 4, 5, 7, 8, 15, 16, 17, 31, 32, 33, 255, 256, 257} {
		for trial := range 20 {
			x := make([]float32, n)
			y := make([]float32, n)
			for i := range x {
				x[i] = (key.Float32(1, uint64(trial), uint32(i)) - 0.5) * 3
				y[i] = (key.Float32(2, uint64(trial), uint32(i)) - 0.5) * 5
			}
			alpha := key.Float32(3, uint64(trial), 0) - 0.3
			switch trial {
			case 1:
				alpha = 1e-38 // denormal products
			case 2:
				alpha = 3e38 // products overflow to infinity
			}
			want := append([]float32(nil), y...)
			for i := range want {
				want[i] += float32(alpha * x[i])
			}
			exactAxpy(alpha, x, y)
			for i := range y {
				if math.Float32bits(y[i]) != math.Float32bits(want[i]) {
					t.Fatalf("n=%d trial %d, element %d: %v, want %v", n, trial, i, y[i], want[i])
				}
			}
		}
	}
}
