// Package rng is spikeflow's counter-based random number generator.
//
// Every random decision in spikeflow (a Poisson spike, an initial membrane
// potential, whether a synapse exists) is a pure function of
// (seed, stream, tick, index): nothing is drawn from a sequential state, so
// the result does not depend on evaluation order, thread count or backend.
// The generator is Philox4x32-10 (Salmon, Moraes, Dror & Shaw, "Parallel
// random numbers: as easy as 1, 2, 3", SC 2011). It uses only 32-bit integer
// multiplies, xors and adds, so a GLSL kernel computes the same bits
// (umulExtended gives the high and low words of the product).
package rng

import "math/bits"

// Philox4x32-10 round constants (Salmon et al. 2011, table 2).
const (
	mul0  = 0xD2511F53
	mul1  = 0xCD9E8D57
	weyl0 = 0x9E3779B9 // golden ratio
	weyl1 = 0xBB67AE85 // sqrt(3) - 1
)

// Philox4x32 applies the ten-round Philox bijection to a 128-bit counter
// under a 64-bit key.
func Philox4x32(ctr [4]uint32, key [2]uint32) [4]uint32 {
	c0, c1, c2, c3 := ctr[0], ctr[1], ctr[2], ctr[3]
	k0, k1 := key[0], key[1]
	for range 10 {
		hi0, lo0 := bits.Mul32(mul0, c0)
		hi1, lo1 := bits.Mul32(mul1, c2)
		c0, c1, c2, c3 = hi1^c1^k0, lo1, hi0^c3^k1, lo0
		k0 += weyl0
		k1 += weyl1
	}
	return [4]uint32{c0, c1, c2, c3}
}

// Key is a seed split into the two words of a Philox key.
type Key [2]uint32

// NewKey returns the key for a 64-bit seed.
func NewKey(seed uint64) Key { return Key{uint32(seed), uint32(seed >> 32)} }

// Block returns four independent 32-bit words for (stream, tick, index).
// The counter layout is (index, tick low, tick high, stream); the layout is
// part of the conformance contract and must match every backend.
func (k Key) Block(stream uint32, tick uint64, index uint32) [4]uint32 {
	return Philox4x32([4]uint32{index, uint32(tick), uint32(tick >> 32), stream}, k)
}

// Uint32 returns the first word of Block.
func (k Key) Uint32(stream uint32, tick uint64, index uint32) uint32 {
	return k.Block(stream, tick, index)[0]
}

// Float32 returns a uniform value in [0, 1) for (stream, tick, index).
func (k Key) Float32(stream uint32, tick uint64, index uint32) float32 {
	return ToFloat32(k.Uint32(stream, tick, index))
}

// ToFloat32 maps a uniform 32-bit word to [0, 1) using its top 24 bits, so
// every result is an exact float32 multiple of 2^-24 and the conversion is
// the same on every backend.
func ToFloat32(u uint32) float32 {
	return float32(u>>8) * (1.0 / (1 << 24))
}

// ToFloat64Open maps a uniform 32-bit word to (0, 1): (u + 0.5) / 2^32. It never
// returns 0, so it is safe under a logarithm. For host-side generation only.
func ToFloat64Open(u uint32) float64 {
	return (float64(u) + 0.5) * (1.0 / (1 << 32))
}

// Stream derives a stream number from a name (FNV-1a, 32 bit), so that a
// node's random numbers depend on its name rather than on the order in which
// nodes were added to a graph.
func Stream(name string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(name); i++ {
		h ^= uint32(name[i])
		h *= 16777619
	}
	return h
}
