package ops

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

// wtaRun steps a Wta's reference ticks times on the fixed input in and
// returns x and y.
func wtaRun(t *testing.T, p *Wta, dt time.Duration, in []float32, ticks int) (x, y []float32) {
	t.Helper()
	if err := p.Validate(dt); err != nil {
		t.Fatal(err)
	}
	l, err := p.Infer([]Shape{Vec(len(in))})
	if err != nil {
		t.Fatal(err)
	}
	x, y = make([]float32, l.Out[0].Size()), make([]float32, l.Out[1].Size())
	r := p.Reference(Env{Dt: dt})
	for tick := range ticks {
		r.Step(uint64(tick), [][]float32{in}, [][]float32{x, y})
	}
	return x, y
}

// The paper's parameters (Rutishauser et al. 2011): 1 < Alpha = 1.2 <
// 2 sqrt(Beta1 Beta2) = 1.73, a gain of 1/(1 - 1.2 + 0.75) = 1/0.55.
func paperWta(b, h, w int) *Wta {
	return &Wta{B: b, H: h, W: w, KH: h, KW: w, SH: 1, SW: 1, Alpha: 1.2, Beta1: 3, Beta2: 0.25, Tau: 10 * time.Millisecond}
}

// TestWtaSteps: three ticks of a 3-unit circuit by hand, with eta = 1/2
// and values that are exact binary fractions.
func TestWtaSteps(t *testing.T) {
	p := &Wta{B: 1, H: 1, W: 3, KH: 1, KW: 3, SH: 1, SW: 1, Alpha: 1.5, Beta1: 2, Beta2: 0.5, TExc: 0.25,
		Tau: 2 * time.Millisecond}
	in := []float32{1, 0.5, 0}
	for _, c := range []struct {
		ticks int
		x     []float32
		y     float32
	}{
		// z = I - TExc = (0.75, 0.25, -0.25); x = z/2; y sees x = 0.
		{1, []float32{0.375, 0.125, 0}, 0},
		// z = I + 1.5 x - 0.25 = (1.3125, 0.4375, -0.25); x += (f(z) - x)/2;
		// y += (0.5 (0.375 + 0.125) - 0)/2.
		{2, []float32{0.84375, 0.28125, 0}, 0.125},
		// c = 0.125: z = I + 1.5 x - 0.25 - 0.25 = (1.765625, 0.421875, -0.5);
		// y += (0.5 (0.84375 + 0.28125) - 0.125)/2 = 0.21875.
		{3, []float32{1.3046875, 0.3515625, 0}, 0.34375},
	} {
		x, y := wtaRun(t, p, time.Millisecond, in, c.ticks)
		if !slices.Equal(x, c.x) || y[0] != c.y {
			t.Errorf("after %d ticks: x = %v, y = %v; want %v, %v", c.ticks, x, y, c.x, c.y)
		}
	}
}

// TestWtaFixedPoint: a 2-unit circuit reaches the winner's fixed point
// x* = (I - TExc + Beta1 TInh) / (1 - Alpha + Beta1 Beta2), y* = Beta2 x*
// - TInh (ops.Wta's doc; from x* = I - TExc + Alpha x* - Beta1 y* with
// y* = Beta2 x* - TInh), and the loser decays to exactly 0, whichever
// unit has the larger input.
func TestWtaFixedPoint(t *testing.T) {
	for _, th := range []struct{ exc, inh float64 }{{0, 0}, {0.1, 0.05}} {
		for _, in := range [][]float32{{1, 0.6}, {0.6, 1}, {0.3, 0.31}} {
			p := paperWta(1, 1, 2)
			p.TExc, p.TInh = th.exc, th.inh
			x, y := wtaRun(t, p, time.Millisecond, in, 3000)
			win := 0
			if in[1] > in[0] {
				win = 1
			}
			xs := (float64(in[win]) - th.exc + p.Beta1*th.inh) / (1 - p.Alpha + p.Beta1*p.Beta2)
			ys := p.Beta2*xs - th.inh
			if math.Abs(float64(x[win])-xs) > 1e-5*xs || math.Abs(float64(y[0])-ys) > 1e-5*ys || x[1-win] != 0 {
				t.Errorf("T = %v, I = %v: x = %v, y = %v; want x[%d] = %.6f, y = %.6f, the other 0", th, in, x, y, win, xs, ys)
			}
		}
	}
}

// TestWtaWinner: in a circuit of 10 units the unit with the largest input
// is the only one left active, for 20 random inputs run as one batch.
func TestWtaWinner(t *testing.T) {
	const b, n = 20, 10
	in := make([]float32, b*n)
	seed := uint32(1)
	for i := range in {
		seed = seed*1664525 + 1013904223
		in[i] = float32(seed>>8) / (1 << 24)
	}
	x, _ := wtaRun(t, paperWta(b, 1, n), time.Millisecond, in, 4000)
	for s := range b {
		best := 0
		for i := range n {
			if in[s*n+i] > in[s*n+best] {
				best = i
			}
		}
		for i := range n {
			if (x[s*n+i] > 0) != (i == best) {
				t.Errorf("map %d: inputs %v, x = %v; want only unit %d active", s, in[s*n:(s+1)*n], x[s*n:(s+1)*n], best)
				break
			}
		}
	}
}

// TestWtaConvSeparable: windows that tile the map without overlap give,
// bit for bit, the circuits of each window run on its own.
func TestWtaConvSeparable(t *testing.T) {
	const h, w, kh, kw = 4, 6, 2, 3
	conv := paperWta(1, h, w)
	conv.KH, conv.KW, conv.SH, conv.SW = kh, kw, kh, kw
	in := make([]float32, h*w)
	for i := range in {
		in[i] = float32(math.Mod(float64(i)*0.377, 1))
	}
	for _, ticks := range []int{1, 7, 200} {
		x, y := wtaRun(t, conv, time.Millisecond, in, ticks)
		for r := range h / kh {
			for q := range w / kw {
				sub := make([]float32, kh*kw)
				for i := range kh {
					copy(sub[i*kw:(i+1)*kw], in[(r*kh+i)*w+q*kw:])
				}
				xs, ys := wtaRun(t, paperWta(1, kh, kw), time.Millisecond, sub, ticks)
				for i := range kh {
					if got := x[(r*kh+i)*w+q*kw:][:kw]; !slices.Equal(got, xs[i*kw:(i+1)*kw]) {
						t.Errorf("tick %d, window (%d, %d), row %d: x = %v, alone %v", ticks, r, q, i, got, xs[i*kw:(i+1)*kw])
					}
				}
				if y[r*(w/kw)+q] != ys[0] {
					t.Errorf("tick %d, window (%d, %d): y = %v, alone %v", ticks, r, q, y[r*(w/kw)+q], ys[0])
				}
			}
		}
	}
}

// TestWtaWindows: UnitWindows is the inverse of WindowUnits, on maps
// with overlapping windows, uncovered edges and 1D maps.
func TestWtaWindows(t *testing.T) {
	for _, p := range []*Wta{
		{H: 5, W: 7, KH: 3, KW: 2, SH: 1, SW: 2},
		{H: 1, W: 9, KH: 1, KW: 4, SH: 1, SW: 3},
		{H: 6, W: 6, KH: 6, KW: 6, SH: 1, SW: 1},
		{H: 4, W: 4, KH: 2, KW: 2, SH: 3, SW: 3},
	} {
		_, _, nw := p.Windows()
		want := make([][]int32, p.H*p.W)
		for w := range nw {
			u := p.WindowUnits(w)
			if len(u) != p.KH*p.KW {
				t.Fatalf("%+v: window %d has %d units", p, w, len(u))
			}
			for _, i := range u {
				want[i] = append(want[i], int32(w))
			}
		}
		ptr, win := p.UnitWindows()
		lo, hi := math.MaxInt, 0
		for i := range want {
			got := win[ptr[i]:ptr[i+1]]
			if !slices.Equal(got, want[i]) && len(got)+len(want[i]) > 0 {
				t.Errorf("%+v: unit %d in windows %v, want %v", p, i, got, want[i])
			}
			lo, hi = min(lo, len(got)), max(hi, len(got))
		}
		if l, h := p.Membership(); l != lo || h != hi {
			t.Errorf("%+v: Membership = %d, %d; want %d, %d", p, l, h, lo, hi)
		}
	}
	// 5x7, windows 3x2 with strides 1, 2: 3 x 3 windows; corner units in 1,
	// the middle row in 3; column 6 is in none.
	p := &Wta{H: 5, W: 7, KH: 3, KW: 2, SH: 1, SW: 2}
	if r, c, n := p.Windows(); r != 3 || c != 3 || n != 9 {
		t.Errorf("Windows = %d, %d, %d", r, c, n)
	}
	if lo, hi := p.Membership(); lo != 0 || hi != 3 {
		t.Errorf("Membership = %d, %d; want 0, 3", lo, hi)
	}
}

// TestKWta: with K = 3, exactly the 3 units with the largest inputs stay
// active in each window, at x = (I - TExc - Beta1 y) / (1 - Alpha).
func TestKWta(t *testing.T) {
	in := []float32{0.2, 0.9, 0.5, 0.1, 0.7, 1.0, 0.3, 0.6, 0.4, 0.8}
	for _, k := range []int{1, 3, 5} {
		p := &Wta{B: 1, H: 1, W: 10, KH: 1, KW: 10, SH: 1, SW: 1, Alpha: 0.5, Beta1: 1, Beta2: 0.2, TExc: 0.05, K: k,
			Tau: 10 * time.Millisecond}
		x, y := wtaRun(t, p, time.Millisecond, in, 3000)
		var winners []int
		for i, v := range x {
			if v > 0 {
				winners = append(winners, i)
				want := (float64(in[i]) - p.TExc - p.Beta1*float64(y[0])) / (1 - p.Alpha)
				if math.Abs(float64(v)-want) > 1e-5 {
					t.Errorf("K = %d: x[%d] = %v, want %v", k, i, v, want)
				}
			}
		}
		if len(winners) != k {
			t.Errorf("K = %d: winners %v (x = %v, y = %v)", k, winners, x, y)
		}
		for _, i := range winners {
			if in[i] <= float32(1-0.1*float64(k)) {
				t.Errorf("K = %d: unit %d (input %v) among the winners %v", k, i, in[i], winners)
			}
		}
	}
}

// TestWtaValidate: every bad parameter is reported, each naming itself,
// and the stability conditions with the bound they break.
func TestWtaValidate(t *testing.T) {
	const dt = time.Millisecond
	if err := paperWta(2, 3, 4).Validate(dt); err != nil {
		t.Fatal(err)
	}
	if err := paperWta(2, 3, 4).Contracting(); err != nil {
		t.Errorf("the paper's parameters: %v", err)
	}
	bad := &Wta{B: -1, H: 2, W: 3, KH: 3, KW: 0, SH: 0, SW: 1, Alpha: -1, Beta1: math.NaN(), Beta2: -2,
		TExc: math.Inf(1), K: -1, Tau: dt / 2}
	err := bad.Validate(dt)
	for _, want := range []string{"B = -1", "KH = 3 is larger than the map (2)", "KW = 0", "SH = 0", "Alpha = -1",
		"Beta1 = NaN", "Beta2 = -2", "TExc = +Inf", "K = -1", "eta = dt/Tau = 2"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not mention %q", err, want)
		}
	}
	if !errors.Is(err, ErrParam) {
		t.Errorf("error does not wrap ErrParam")
	}
	for _, c := range []struct {
		edit func(p *Wta)
		want string
	}{
		{func(p *Wta) { p.Alpha = 2 }, "Alpha = 2, must be < 2"},
		{func(p *Wta) { p.Beta1 = 0.5 }, "1 - Alpha + 1 Beta1 Beta2 = -0.075, must be > 0"},
		{func(p *Wta) { p.KW, p.SW = 2, 3 }, "must be < 1 where a unit is in no window"},
		{func(p *Wta) { p.Tau = 2 * dt; p.Beta1 = 12 }, "dt/Tau = 0.5 is too large for forward Euler"},
		{func(p *Wta) { p.KH, p.KW = 2, 2; p.Tau = 3 * dt; p.Beta1 = 6 }, "a unit in 4 windows"},
		{func(p *Wta) { p.K = 13 }, "K = 13 winners in windows of 3 x 4 = 12 units"},
		{func(p *Wta) { p.K = 2 }, "Alpha = 1.2 with K = 2"},
		{func(p *Wta) { p.K, p.Alpha, p.TInh = 2, 0.5, 0.1 }, "TInh = 0.1 has no effect with K > 0"},
	} {
		p := paperWta(1, 3, 4)
		c.edit(p)
		if err := p.Validate(dt); err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, ErrParam) {
			t.Errorf("%+v: error %v does not mention %q", p, err, c.want)
		}
	}
	soft := paperWta(1, 1, 3)
	soft.Alpha = 0.5
	if err := soft.Contracting(); err == nil || !strings.Contains(err.Error(), "soft WTA") {
		t.Errorf("Alpha = 0.5: Contracting = %v", err)
	}
	soft.Alpha, soft.Beta1 = 1.9, 1
	if err := soft.Contracting(); err == nil || !strings.Contains(err.Error(), "outside the contraction bound") {
		t.Errorf("Alpha = 1.9, Beta1 Beta2 = 0.25: Contracting = %v", err)
	}
	if _, err := paperWta(2, 3, 4).Infer([]Shape{Vec(23)}); !errors.Is(err, ErrShape) {
		t.Errorf("Infer with 23 inputs for 24 units: %v", err)
	}
	huge := paperWta(1<<20, 1<<20, 1<<30)
	if err := huge.Validate(dt); err == nil || !strings.Contains(err.Error(), "more than 2^31 elements") {
		t.Errorf("2^70 units: %v", err)
	}
	// Empty maps and batches are valid and have no windows.
	for _, p := range []*Wta{paperWta(0, 3, 4), {B: 1, H: 0, W: 0, KH: 1, KW: 1, SH: 1, SW: 1, Tau: dt}} {
		if err := p.Validate(dt); err != nil {
			t.Errorf("%+v: %v", p, err)
		}
	}
}
