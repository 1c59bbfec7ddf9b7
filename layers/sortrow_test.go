package layers

import (
	"slices"
	"testing"

	"github.com/spikeflow/spikeflow/rng"
)

// TestSortTargets compares with slices.Sort on rows of every length up to
// 300 (insertion sort below 32, radix above), with values spread over a
// few bits or all 31, so that the byte-skipping is exercised both ways.
func TestSortTargets(t *testing.T) {
	key := rng.NewKey(1)
	var tmp []int32
	for n := range 300 {
		for _, spread := range []uint32{1 << 4, 1 << 12, 1 << 20, 1 << 31} {
			row := make([]int32, n)
			base := int32(key.Uint32(9, uint64(n), spread) >> 2)
			for i := range row {
				row[i] = base/2 + int32(key.Uint32(7, uint64(n), uint32(i))%spread/2)
			}
			want := slices.Clone(row)
			slices.Sort(want)
			tmp = sortTargets(row, tmp)
			if !slices.Equal(row, want) {
				t.Fatalf("n = %d, spread %d: got %v, want %v", n, spread, row, want)
			}
		}
	}
}
