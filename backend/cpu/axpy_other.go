//go:build !amd64

package cpu

// exactAxpy is y[i] += float32(alpha * x[i]) for every i. The explicit
// conversion rounds each product, which forbids the compiler to fuse it
// with the addition (as it may on arm64, ppc64 and s390x).
func exactAxpy(alpha float32, x, y []float32) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] += float32(alpha * v)
	}
}
