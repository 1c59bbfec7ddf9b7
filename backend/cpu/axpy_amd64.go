package cpu

import "gonum.org/v1/gonum/blas/gonum"

// exactAxpy is y[i] += float32(alpha * x[i]) for every i, each product
// rounded before it is added, as the reference computes it. On amd64
// gonum's level-1 kernel does exactly that with SSE (MULPS, then ADDPS),
// four lanes at a time; TestExactAxpy proves it bit for bit. It is called
// on gonum's implementation, never through blas32, so that OpenBLAS
// (whose kernels fuse multiply and add) cannot replace it.
func exactAxpy(alpha float32, x, y []float32) {
	gonum.Implementation{}.Saxpy(len(x), alpha, x, 1, y, 1)
}
