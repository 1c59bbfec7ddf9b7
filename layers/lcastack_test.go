package layers_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/layers"
	"github.com/spikeflow/spikeflow/ops"
)

// hierarchy is synthetic data with the structure a two-layer stack
// models: sparse non-negative a2 (K2 of N2 atoms), a1 = Phi2 a2 with atoms
// of Phi2 that are themselves sparse (S of N1 entries), and x = Phi1 a1 +
// noise with Phi1 M x N1 random, unit-norm columns.
type hierarchy struct {
	B, M, N1, N2 int
	Phi1, Phi2   []float32
	X, A1        []float32
}

func newHierarchy(seed uint64, b, m, n1, n2, s, k2 int, noise float64) *hierarchy {
	r := rand.New(rand.NewPCG(seed, 2))
	h := &hierarchy{B: b, M: m, N1: n1, N2: n2, Phi1: make([]float32, m*n1), Phi2: make([]float32, n1*n2),
		X: make([]float32, b*m), A1: make([]float32, b*n1)}
	unit := func(phi []float32, rows, cols, j int, col []float64) {
		norm := 0.0
		for _, v := range col {
			norm += v * v
		}
		for i, v := range col {
			phi[i*cols+j] = float32(v / math.Sqrt(norm))
		}
	}
	for j := range n1 {
		col := make([]float64, m)
		for i := range col {
			col[i] = r.NormFloat64()
		}
		unit(h.Phi1, m, n1, j, col)
	}
	for j := range n2 {
		col := make([]float64, n1)
		for _, i := range r.Perm(n1)[:s] {
			col[i] = 0.5 + r.Float64()
		}
		unit(h.Phi2, n1, n2, j, col)
	}
	for t := range b {
		a1 := h.A1[t*n1 : (t+1)*n1]
		for _, j := range r.Perm(n2)[:k2] {
			amp := 1 + r.Float64()
			for i := range a1 {
				a1[i] += float32(amp * float64(h.Phi2[i*n2+j]))
			}
		}
		for i := range m {
			v := noise * r.NormFloat64()
			for j, aj := range a1 {
				v += float64(h.Phi1[i*n1+j]) * float64(aj)
			}
			h.X[t*m+i] = float32(v)
		}
	}
	return h
}

// codeError is the mean over signals of ||a1 - A1|| / ||A1||.
func (h *hierarchy) codeError(a1 []float32) float64 {
	sum := 0.0
	for t := range h.B {
		d, n := 0.0, 0.0
		for i := range h.N1 {
			e := float64(a1[t*h.N1+i] - h.A1[t*h.N1+i])
			d += e * e
			n += float64(h.A1[t*h.N1+i]) * float64(h.A1[t*h.N1+i])
		}
		sum += math.Sqrt(d / n)
	}
	return sum / float64(h.B)
}

func (h *hierarchy) stack(gamma float64) layers.LcaStack {
	s := layers.NewLcaStack(h.Phi1, h.M, h.N1, stackLambda1, h.Phi2, h.N2, stackLambda2, gamma)
	s.L1.NonNegative, s.L2.NonNegative = true, true
	s.L1.Tol, s.L2.Tol = 1e-7, 1e-7
	s.MaxIter = 20000
	return s
}

const stackLambda1, stackLambda2 = 0.1, 0.05

// TestLcaStackFeedback: on hierarchical data, top-down feedback (Gamma =
// 1) brings layer 1's code closer to the true a1 than the same stack
// without feedback, on every backend; and the joint fixed point meets the
// optimality conditions of the joint objective (subgradient within 1e-4)
// and has a lower objective than the feedforward stack's codes.
func TestLcaStackFeedback(t *testing.T) {
	h := newHierarchy(1, 16, 24, 64, 24, 4, 2, 0.05)
	for _, name := range []string{"cpu", "vulkan"} {
		be, err := backend.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := be.Capabilities().Available; err != nil {
			t.Logf("%s skipped: %v", name, err)
			continue
		}
		t.Run(name, func(t *testing.T) {
			ff, fb := h.stack(0), h.stack(1)
			solFF, err := ff.Solve(be, h.X)
			if err != nil {
				t.Fatal(err)
			}
			solFB, err := fb.Solve(be, h.X)
			if err != nil {
				t.Fatal(err)
			}
			eFF, eFB := h.codeError(solFF.A1), h.codeError(solFB.A1)
			t.Logf("layer-1 code error: %.4f without feedback (%d ticks), %.4f with (%d ticks)", eFF, solFF.Ticks, eFB, solFB.Ticks)
			if eFB > 0.8*eFF {
				t.Errorf("feedback: layer-1 code error %.4f, not 20%% below the feedforward stack's %.4f", eFB, eFF)
			}
			worst := 0.0
			for _, v := range layers.StackOptimality(&fb, h.X, solFB.A1, solFB.A2) {
				worst = math.Max(worst, v)
			}
			t.Logf("largest subgradient violation at the joint fixed point: %.2g", worst)
			if worst > 1e-4 {
				t.Errorf("joint fixed point violates the optimality conditions by %.3g, want <= 1e-4", worst)
			}
			objFB := layers.StackObjective(h.Phi1, h.M, h.N1, h.Phi2, h.N2, h.X, solFB.A1, solFB.A2, stackLambda1, stackLambda2, 1)
			objFF := layers.StackObjective(h.Phi1, h.M, h.N1, h.Phi2, h.N2, h.X, solFF.A1, solFF.A2, stackLambda1, stackLambda2, 1)
			for s := range h.B {
				if objFB[s] > objFF[s]+1e-6 {
					t.Errorf("signal %d: joint objective %.6f at the feedback fixed point, %.6f at the feedforward codes", s, objFB[s], objFF[s])
				}
			}
		})
	}
}

// TestLcaStackErrors: mismatched layers are an error naming the sizes.
func TestLcaStackErrors(t *testing.T) {
	h := newHierarchy(1, 1, 4, 6, 3, 2, 1, 0)
	s := h.stack(1)
	s.L2.M = 5
	be, err := backend.Get("cpu")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Solve(be, h.X); err == nil || !errors.Is(err, ops.ErrShape) || !strings.Contains(err.Error(), "layer 2 codes 5 values, layer 1 has 6 atoms") {
		t.Errorf("layer 2 of 5 inputs on 6 atoms: %v", err)
	}
	s = h.stack(1)
	if _, err := s.Solve(be, h.X[:3]); err == nil || !errors.Is(err, ops.ErrShape) {
		t.Errorf("3 values for M = 4: %v", err)
	}
}
