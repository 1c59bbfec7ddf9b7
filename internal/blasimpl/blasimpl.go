// Package blasimpl chooses the BLAS behind gonum's blas32 and blas64 for
// the whole program. By default that is gonum's own, in pure Go (with
// assembly kernels on amd64). Built with -tags openblas (cgo, Debian's
// libopenblas-dev), it is OpenBLAS through gonum.org/v1/netlib, which is
// an order of magnitude faster on matrix products: on a 2-core AMD EPYC
// VM, sgemm reached about 165 GFLOP/s against 14 to 17 for gonum.
//
// Packages that call blas32 or blas64 import this one, so that the
// choice is made before their first call, and report Name.
package blasimpl

// name and optimized are set by the file that installs an
// implementation.
var (
	name      = "gonum (pure Go)"
	optimized = false
)

// Optimized reports whether the BLAS is a tuned native library, whose
// matrix products run many times faster than loops in Go: kernels use it
// to choose between a dense product and a sparse loop.
func Optimized() bool { return optimized }

// Name says which BLAS blas32 and blas64 use in this program.
func Name() string { return name }
