//go:build !amd64

package cpu

const hasLIFVector = false

func lifVector(v, ge, gi, ref, exc, inh []float32, masks []uint8, c *lifConsts) int { return 0 }
