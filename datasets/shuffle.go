package datasets

import (
	"math"
	"math/bits"

	"github.com/spikeflow/spikeflow/rng"
)

// shuffleStream is the Philox stream of every shuffle, so that a dataset
// order never shares random numbers with a network seeded alike.
var shuffleStream = rng.Stream("datasets/shuffle")

// Shuffle permutes idx in place, as a pure function of (seed, epoch,
// len(idx)): the same on every platform, Go version and core count, unlike
// math/rand, whose algorithms may change.
//
// It is the Fisher-Yates shuffle: for i from len(idx)-1 down to 1, swap
// idx[i] with idx[j], j uniform in [0, i]. The randomness for step i is the
// Philox4x32-10 block (package rng) under key seed, with counter
// (index i, tick epoch, stream rng.Stream("datasets/shuffle")). Its first two
// words form a 64-bit x, and j is the high word of x*(i+1) (Lemire's
// multiply-shift), accepted unless the low word falls below 2^64 mod (i+1),
// which keeps j exactly uniform. A rejected x, with probability below
// (i+1)/2^64, is replaced by the block's last two words, then by the blocks
// of streams stream+1, stream+2, ....
//
// It panics if idx has 2^32 elements or more, beyond the counter's index word.
func Shuffle(idx []int, seed, epoch uint64) {
	if uint64(len(idx)) > math.MaxUint32 {
		panic("datasets: Shuffle of 2^32 or more elements")
	}
	key := rng.NewKey(seed)
	for i := len(idx) - 1; i > 0; i-- {
		j := below(key, epoch, uint32(i), uint64(i)+1)
		idx[i], idx[j] = idx[j], idx[i]
	}
}

// below returns a uniform value in [0, n) for step i of the shuffle of epoch.
func below(key rng.Key, epoch uint64, i uint32, n uint64) uint64 {
	threshold := -n % n // 2^64 mod n: low words below it would bias the result
	for attempt := uint32(0); ; attempt++ {
		b := key.Block(shuffleStream+attempt, epoch, i)
		for _, x := range [2]uint64{uint64(b[0]) | uint64(b[1])<<32, uint64(b[2]) | uint64(b[3])<<32} {
			hi, lo := bits.Mul64(x, n)
			if lo >= threshold {
				return hi
			}
		}
	}
}
