package ops

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

// TestLCAValidate: every bad parameter is reported, each naming itself.
func TestLCAValidate(t *testing.T) {
	const dt = time.Millisecond
	good := &LCA{B: 2, M: 2, N: 3, Phi: make([]float32, 6), Lambda: 0.1, Tau: 10 * dt,
		Update: UpdateAdam, Beta1: 0.5, Beta2: 0.9, Eps: 1e-3, Tol: 1e-4}
	if err := good.Validate(dt); err != nil {
		t.Fatal(err)
	}
	bad := &LCA{B: -1, M: 2, N: 3, Phi: []float32{0, float32(math.NaN())}, Lambda: -1, Threshold: 7,
		Tau: dt / 2, Update: UpdatePlain, Beta1: 0.9, Eps: 1, Tol: -1}
	err := bad.Validate(dt)
	for _, want := range []string{"B = -1", "len(Phi) = 2, want 6", "Phi[1] = NaN", "Lambda = -1", "Threshold = Threshold(7)",
		"eta = dt/Tau = 2", "Tol = -1", "Beta1 = 0.9 has no effect with Update = plain", "Eps = 1 has no effect"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not mention %q", err, want)
		}
	}
	if !errors.Is(err, ErrParam) {
		t.Errorf("error does not wrap ErrParam")
	}
	adam := *good
	adam.Beta2, adam.Eps = 1, 1e-50
	err = adam.Validate(dt)
	for _, want := range []string{"Beta2 = 1, must be in [0, 0.9999]", "Eps = 1e-50, must be > 0"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not mention %q", err, want)
		}
	}
	if _, err := good.Infer([]Shape{Vec(5)}); !errors.Is(err, ErrShape) {
		t.Errorf("Infer with x of 5 elements for B*M = 4: %v", err)
	}
}

// TestLCAGram: G = Phi^T Phi - I by hand, and exactly symmetric.
func TestLCAGram(t *testing.T) {
	// Atoms (1, 0), (0.6, 0.8), (0, 2).
	p := &LCA{M: 2, N: 3, Phi: []float32{1, 0.6, 0, 0, 0.8, 2}}
	g := p.Gram()
	want := []float64{0, 0.6, 0, 0.6, 0, 1.6, 0, 1.6, 3}
	for i := range want {
		if math.Abs(float64(g[i])-want[i]) > 1e-7 {
			t.Errorf("G[%d] = %v, want %v", i, g[i], want[i])
		}
	}
	for i := range 3 {
		for j := range 3 {
			if g[i*3+j] != g[j*3+i] {
				t.Errorf("G[%d][%d] = %v, G[%d][%d] = %v", i, j, g[i*3+j], j, i, g[j*3+i])
			}
		}
	}
}

// TestLCAFactors: eta, the bias correction table and the thresholds.
func TestLCAFactors(t *testing.T) {
	p := &LCA{Lambda: 0.5, Tau: 20 * time.Millisecond, Update: UpdateAdam, Beta1: 0.5, Beta2: 0.75, Eps: 1e-3, Tol: 1e-3}
	f := p.Factors(time.Millisecond)
	if f.Eta != 0.05 || f.Tol2 != float32(1e-6) || f.OneMinusBeta1 != 0.5 || f.OneMinusBeta2 != 0.25 {
		t.Errorf("factors %+v", f)
	}
	// k = 1: sqrt(1 - 0.75) / (1 - 0.5) = 1; k = 2: sqrt(1 - 0.5625) / 0.75.
	if f.StepSize(1) != 0.05 || f.StepSize(2) != float32(0.05*math.Sqrt(0.4375)/0.75) || f.StepSize(1<<30) != 0.05 {
		t.Errorf("step sizes %v %v %v", f.StepSize(1), f.StepSize(2), f.StepSize(1<<30))
	}
	for _, c := range []struct {
		soft, nonNeg bool
		u, want      float32
	}{
		{true, false, 0.75, 0.25}, {true, false, -0.75, -0.25}, {true, false, 0.5, 0}, {true, true, -0.75, 0},
		{false, false, 0.75, 0.75}, {false, false, -0.75, -0.75}, {false, false, -0.5, 0}, {false, true, -0.75, 0},
	} {
		g := LCAFactors{Lambda: 0.5, Soft: c.soft, NonNegative: c.nonNeg}
		if got := g.Activate(c.u); got != c.want {
			t.Errorf("soft %v, non-negative %v: T(%v) = %v, want %v", c.soft, c.nonNeg, c.u, got, c.want)
		}
	}
}

// TestLCAStep: one Adam step by hand. With m = v = 0, k = 1 and
// Beta1 = Beta2 = 0.5: m = du/2, v = du^2/2, eta_1 = eta sqrt(0.5)/0.5, so
// the step is eta sqrt(2) (du/2) / sqrt(du^2/2 + eps) ~ eta for eps << du^2.
func TestLCAStep(t *testing.T) {
	p := &LCA{Tau: 10 * time.Millisecond, Update: UpdateAdam, Beta1: 0.5, Beta2: 0.5, Eps: 1e-8}
	f := p.Factors(time.Millisecond)
	s, m, v := f.Step(2, 0, 0, f.StepSize(1))
	if m != 1 || v != 2 || math.Abs(float64(s)-0.1) > 2e-4 {
		t.Errorf("step %v, m %v, v %v; want about 0.1, 1, 2", s, m, v)
	}
}

// TestLCAPrior: Gamma adds to the Gram's diagonal, a connected prior adds
// the state "heard" and must have B*N elements, and one reference tick
// from u = 0 with Phi = I, G = Gamma I (so c = 0) and eta = 1/2 gives
// u = (x + Gamma p)/2, all exact binary fractions; a prior that changes
// wakes a done signal without restarting it.
func TestLCAPrior(t *testing.T) {
	const dt = time.Millisecond
	p := &LCA{B: 1, M: 2, N: 2, Phi: []float32{1, 0, 0, 1}, Lambda: 0.125, Tau: 2 * dt, Gamma: 0.5, Tol: 1e-30}
	if g := p.Gram(); g[0] != 0.5 || g[1] != 0 || g[3] != 0.5 {
		t.Errorf("Gram with Gamma 0.5 = %v, want diag 0.5", g)
	}
	bad := *p
	bad.Gamma = -1
	if err := bad.Validate(dt); err == nil || !strings.Contains(err.Error(), "Gamma = -1") {
		t.Errorf("Gamma = -1: %v", err)
	}
	lay, err := p.Infer([]Shape{Vec(2), Vec(2)})
	if err != nil || lay.State[len(lay.State)-1].Name != "heard" {
		t.Fatalf("Infer with a prior: %v, %v", lay, err)
	}
	if _, err := p.Infer([]Shape{Vec(2), Vec(3)}); !errors.Is(err, ErrShape) {
		t.Errorf("Infer with a prior of 3 elements for B*N = 2: %v", err)
	}
	if lay, _ := p.Infer([]Shape{Vec(2), nil}); lay.State[len(lay.State)-1].Name == "heard" {
		t.Errorf("no prior, but state %v", lay.State)
	}
	r := p.Reference(Env{Dt: dt, In: []Shape{Vec(2), Vec(2)}})
	x, prior, a := []float32{0.5, 0}, []float32{0.25, -0.5}, make([]float32, 2)
	r.Step(0, [][]float32{x, prior}, [][]float32{a})
	u := r.State()[0]
	// u = (0.5 + 0.125, 0 - 0.25)/2
	if u[0] != 0.3125 || u[1] != -0.125 || a[0] != 0.1875 || a[1] != 0 {
		t.Errorf("u = %v, a = %v; want [0.3125 -0.125], [0.1875 0]", u, a)
	}
	st := r.State() // u, seen, iters, done, heard
	st[3][0] = 1    // done
	r.Step(1, [][]float32{x, prior}, [][]float32{a})
	if st[2][0] != 1 || u[0] != 0.3125 {
		t.Errorf("done signal with the same prior iterated: iters %v, u %v", st[2][0], u)
	}
	r.Step(2, [][]float32{x, {0, 0}}, [][]float32{a})
	if st[3][0] != 0 || st[2][0] != 2 || st[4][0] != 0 {
		t.Errorf("a new prior: done %v, iters %v, heard %v; want woken, 2 iterations, heard = 0", st[3][0], st[2][0], st[4])
	}
}
