package blasimpl

import (
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
)

// TestSgemm: whichever BLAS is installed multiplies correctly, and Name
// says which.
func TestSgemm(t *testing.T) {
	a := blas32.General{Rows: 2, Cols: 3, Stride: 3, Data: []float32{1, 2, 3, 4, 5, 6}}
	b := blas32.General{Rows: 3, Cols: 2, Stride: 2, Data: []float32{1, 0, 0, 1, 1, 1}}
	c := blas32.General{Rows: 2, Cols: 2, Stride: 2, Data: make([]float32, 4)}
	blas32.Gemm(blas.NoTrans, blas.NoTrans, 1, a, b, 0, c)
	if want := []float32{4, 5, 10, 11}; c.Data[0] != want[0] || c.Data[1] != want[1] || c.Data[2] != want[2] || c.Data[3] != want[3] {
		t.Errorf("A B = %v, want %v", c.Data, want)
	}
	t.Logf("BLAS: %s", Name())
}
