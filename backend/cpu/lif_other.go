//go:build !amd64

package cpu

const hasLIFVector = false

func lifVector(v, ge, gi, ref, exc, inh, theta []float32, masks []uint8, c *lifConsts, flags lifFlags) int {
	return 0
}
