package learn

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/internal/blasimpl"
	"github.com/spikeflow/spikeflow/layers"
	"github.com/spikeflow/spikeflow/rng"
)

// BLAS says which BLAS the dense products of this package run on.
func BLAS() string { return blasimpl.Name() }

// Dictionary is an M x N dictionary for sparse coding, row-major like
// ops.LCA's Phi: Phi[m*N+j] is component m of atom j.
type Dictionary struct {
	M, N int
	Phi  []float32
}

// NewDictionary returns N atoms of length M with independent standard
// normal components (Box-Muller on Philox words keyed by seed), scaled to
// unit norm.
func NewDictionary(m, n int, seed uint64) *Dictionary {
	d := &Dictionary{M: m, N: n, Phi: make([]float32, m*n)}
	key := rng.NewKey(seed)
	for i := range d.Phi {
		u1 := 1 - float64(key.Float32(0, uint64(i), 0)) // in (0, 1]
		u2 := float64(key.Float32(0, uint64(i), 1))
		d.Phi[i] = float32(math.Sqrt(-2*math.Log(u1)) * math.Cos(2*math.Pi*u2))
	}
	d.Normalize()
	return d
}

// Normalize scales every atom to unit Euclidean norm; an atom of norm
// zero is left as it is.
func (d *Dictionary) Normalize() {
	for j := range d.N {
		var s float64
		for m := range d.M {
			v := float64(d.Phi[m*d.N+j])
			s += v * v
		}
		if s == 0 {
			continue
		}
		inv := 1 / math.Sqrt(s)
		for m := range d.M {
			d.Phi[m*d.N+j] = float32(float64(d.Phi[m*d.N+j]) * inv)
		}
	}
}

// Reconstruct returns Phi a for each code of A (B x N), as B x M.
func (d *Dictionary) Reconstruct(A []float32) []float32 {
	b := len(A) / max(d.N, 1)
	out := make([]float32, b*d.M)
	if b == 0 || d.M == 0 || d.N == 0 {
		return out
	}
	blas32.Gemm(blas.NoTrans, blas.Trans, 1, d.general(b, A, d.N), d.general(d.M, d.Phi, d.N), 0, d.general(b, out, d.M))
	return out
}

func (d *Dictionary) general(rows int, data []float32, cols int) blas32.General {
	return blas32.General{Rows: rows, Cols: cols, Stride: cols, Data: data}
}

// Update applies the Hebbian rule of sparse coding (Olshausen & Field
// 1996; Rozell et al. 2008, section 5) for a batch of signals X (B x M) and
// their codes A (B x N): with the residuals r = x - Phi a,
//
//	Phi += eta/B * sum over the batch of r a^T
//
// (gradient descent on the mean reconstruction error), then renormalizes
// every atom. It returns the mean over the batch of ||r||^2, before the
// update. Both products run on the BLAS that blasimpl chose.
func (d *Dictionary) Update(X, A []float32, eta float64) (float64, error) {
	if d.M == 0 || d.N == 0 || len(X)%d.M != 0 || len(A) != len(X)/d.M*d.N {
		return 0, fmt.Errorf("dictionary update: len(X) = %d and len(A) = %d do not hold the same number of signals of %d and codes of %d", len(X), len(A), d.M, d.N)
	}
	b := len(X) / d.M
	if b == 0 {
		return 0, nil
	}
	r := append([]float32(nil), X...)
	// r = X - A Phi^T
	blas32.Gemm(blas.NoTrans, blas.Trans, -1, d.general(b, A, d.N), d.general(d.M, d.Phi, d.N), 1, d.general(b, r, d.M))
	var sq float64
	for _, v := range r {
		sq += float64(v) * float64(v)
	}
	// Phi += eta/B r^T A
	blas32.Gemm(blas.Trans, blas.NoTrans, float32(eta/float64(b)), d.general(b, r, d.M), d.general(b, A, d.N), 1, d.general(d.M, d.Phi, d.N))
	d.Normalize()
	return sq / float64(b), nil
}

// EpochStats summarizes one pass of Learn over a data set.
type EpochStats struct {
	Residual float64 // mean ||x - Phi a||^2 per signal, before each update
	Energy   float64 // mean ||x||^2 per signal, for scale
	Active   float64 // mean number of nonzero coefficients per code
	Iters    float64 // mean LCA iterations per signal
}

// Learn makes one pass over the signals X (count x M) in batches of batch
// signals: each batch is coded by coder (whose Phi is set to the
// dictionary's) on be, then the dictionary is updated with rate eta.
// Signals that do not meet the coder's tolerance within its MaxIter are
// used as they are.
func (d *Dictionary) Learn(be backend.Backend, coder layers.Lca, X []float32, batch int, eta float64) (EpochStats, error) {
	if batch <= 0 || d.M == 0 || len(X)%d.M != 0 {
		return EpochStats{}, fmt.Errorf("learn: batch = %d, len(X) = %d, M = %d: want batch > 0 and whole signals", batch, len(X), d.M)
	}
	coder.M, coder.N, coder.Phi = d.M, d.N, d.Phi
	var st EpochStats
	count := len(X) / d.M
	for lo := 0; lo < count; lo += batch {
		xb := X[lo*d.M : min(lo+batch, count)*d.M]
		sol, err := coder.Solve(be, xb)
		if err != nil && !errors.Is(err, layers.ErrNotConverged) {
			return st, err
		}
		res, err := d.Update(xb, sol.Codes, eta)
		if err != nil {
			return st, err
		}
		n := float64(len(xb) / d.M)
		st.Residual += res * n
		for _, v := range xb {
			st.Energy += float64(v) * float64(v)
		}
		for _, a := range sol.Codes {
			if a != 0 {
				st.Active++
			}
		}
		for _, it := range sol.Iters {
			st.Iters += float64(it)
		}
	}
	c := float64(count)
	st.Residual, st.Energy, st.Active, st.Iters = st.Residual/c, st.Energy/c, st.Active/c, st.Iters/c
	return st, nil
}

// Tiles draws the atoms as h x w images (M = h*w, row-major), cols atoms
// per row with a one-pixel border: mid-gray is 0, and each atom is scaled
// so that its largest magnitude is black or white.
func (d *Dictionary) Tiles(h, w, cols int) (*image.Gray, error) {
	if h*w != d.M || cols <= 0 {
		return nil, fmt.Errorf("tiles: %d x %d pixels for atoms of %d values, %d per row", h, w, d.M, cols)
	}
	rows := (d.N + cols - 1) / cols
	img := image.NewGray(image.Rect(0, 0, cols*(w+1)+1, rows*(h+1)+1))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for j := range d.N {
		var peak float64
		for m := range d.M {
			peak = math.Max(peak, math.Abs(float64(d.Phi[m*d.N+j])))
		}
		if peak == 0 {
			peak = 1
		}
		x0, y0 := 1+(j%cols)*(w+1), 1+(j/cols)*(h+1)
		for m := range d.M {
			v := 127.5 + 127.5*float64(d.Phi[m*d.N+j])/peak
			img.SetGray(x0+m%w, y0+m/w, color.Gray{Y: uint8(math.Round(v))})
		}
	}
	return img, nil
}
