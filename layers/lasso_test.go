package layers_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/spikeflow/spikeflow/layers"
)

// lasso is a batch of LASSO problems: B signals x = Phi a_true + noise for
// an M x N dictionary with unit-norm columns and K nonzeros per a_true
// (the setting of Rozell et al. 2008, section 5).
type lasso struct {
	B, M, N int
	Phi     []float32
	X       []float32
	Lambda  float64
}

func newLasso(seed uint64, b, m, n, k int, noise, lambda float64) *lasso {
	r := rand.New(rand.NewPCG(seed, 1))
	p := &lasso{B: b, M: m, N: n, Phi: make([]float32, m*n), X: make([]float32, b*m), Lambda: lambda}
	for j := range n {
		col := make([]float64, m)
		norm := 0.0
		for i := range col {
			col[i] = r.NormFloat64()
			norm += col[i] * col[i]
		}
		for i := range col {
			p.Phi[i*n+j] = float32(col[i] / math.Sqrt(norm))
		}
	}
	for s := range b {
		x := make([]float64, m)
		for _, j := range r.Perm(n)[:k] {
			amp := r.NormFloat64()
			for i := range x {
				x[i] += float64(p.Phi[i*n+j]) * amp
			}
		}
		for i := range x {
			p.X[s*m+i] = float32(x[i] + noise*r.NormFloat64())
		}
	}
	return p
}

// solveCD solves every problem by cyclic coordinate descent on the Gram
// matrix (Friedman, Hastie & Tibshirani 2010, "covariance updates") in
// float64, until no coefficient moves by more than 1e-13.
func (p *lasso) solveCD() []float64 {
	m, n := p.M, p.N
	g := make([]float64, n*n)
	for i := range n {
		for j := range n {
			for k := range m {
				g[i*n+j] += float64(p.Phi[k*n+i]) * float64(p.Phi[k*n+j])
			}
		}
	}
	out := make([]float64, p.B*n)
	c, q := make([]float64, n), make([]float64, n)
	for s := range p.B {
		a := out[s*n : (s+1)*n]
		for j := range c {
			c[j] = 0
			for k := range m {
				c[j] += float64(p.Phi[k*n+j]) * float64(p.X[s*m+k])
			}
		}
		clear(q) // q = G a
		for sweep := 0; sweep < 100000; sweep++ {
			moved := 0.0
			for j := range a {
				gjj := g[j*n+j]
				r := c[j] - q[j] + gjj*a[j]
				next := math.Max(math.Abs(r)-p.Lambda, 0) * math.Copysign(1, r) / gjj
				if d := next - a[j]; d != 0 {
					for i := range q {
						q[i] += d * g[i*n+j]
					}
					a[j] = next
					moved = math.Max(moved, math.Abs(d))
				}
			}
			if moved < 1e-13 {
				break
			}
		}
	}
	return out
}

// objective is the LASSO objective of each signal for codes a.
func (p *lasso) objective(a []float32) []float64 {
	return layers.LassoObjective(p.Phi, p.M, p.N, p.X, a, p.Lambda)
}

func (p *lasso) objective64(a []float64) []float64 {
	a32 := make([]float32, len(a))
	for i, v := range a {
		a32[i] = float32(v)
	}
	// float32 codes are within 1e-7 relative of the float64 ones; the
	// objective moves by far less than the 1e-5 the tests allow.
	return p.objective(a32)
}

func TestSolveCD(t *testing.T) {
	// One atom phi = e_0 and x = (2, 3): the LASSO code is soft(2, lambda).
	p := &lasso{B: 1, M: 2, N: 1, Phi: []float32{1, 0}, X: []float32{2, 3}, Lambda: 0.5}
	if a := p.solveCD(); math.Abs(a[0]-1.5) > 1e-12 {
		t.Fatalf("a = %v, want 1.5", a[0])
	}
}
