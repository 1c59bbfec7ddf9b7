package ops

import (
	"fmt"
	"math"
	"time"
)

// Wta is a network of winner-take-all circuits (Rutishauser, Douglas &
// Slotine 2011, "Collective stability of networks of winner-take-all
// circuits", Neural Computation 23(3), 735-773) run on a batch of B maps at
// once. Excitatory units x_i sit on an H x W map (a 1D map has H = 1);
// every window w of KH x KW units, placed with stride SH x SW, has its own
// inhibitory unit y_w. With f(z) = max(0, z) and input I,
//
//	tau dx_i/dt = -x_i + f(I_i + Alpha x_i - Beta1 sum_{w contains i} y_w - TExc)
//	tau dy_w/dt = -y_w + f(Beta2 sum_{i in w} x_i - TInh)
//
// Self-excitation Alpha amplifies the units that the shared inhibition
// leaves active. One window covering the whole map (KH = H, KW = W) is the
// classic WTA circuit; smaller windows, overlapping where the stride is
// smaller than the window, give a convolutional network of circuits
// (WtaConv in package layers), where a unit belongs to every window that
// covers it. A unit in no window is a plain rectifying leaky unit.
//
// # Fixed point and stability
//
// With one winner i in a window of its own, inhibition active (TInh
// small) and the other units at 0, the fixed point is
//
//	x_i = (I_i - TExc + Beta1 TInh) / (1 - Alpha + Beta1 Beta2),   y = Beta2 x_i - TInh,
//
// a gain of 1/(1 - Alpha + Beta1 Beta2) on the input. Linearized there,
// (x_i, y) has the Jacobian [[Alpha-1, -Beta1], [Beta2, -1]] / tau (for a
// unit in n windows, Beta1 Beta2 becomes n Beta1 Beta2), with trace
// Alpha - 2 and determinant 1 - Alpha + n Beta1 Beta2. Validate rejects
// parameters for which that winner diverges, since the activities would
// then grow to infinity (an error, not a result): it requires Alpha < 2
// and a positive determinant for the unit in the fewest windows (for a
// unit in none, Alpha < 1). Forward Euler with eta = dt/Tau adds one
// condition: the eigenvalues of I + eta J lie in the unit circle exactly
// when eta (1 - Alpha + n Beta1 Beta2) < 2 - Alpha, checked for the unit
// in the most windows.
//
// Where windows overlap, winners that share windows add up their
// inhibition, and the Euler condition involves the incidence of the active
// units and windows (layers.NewWtaConv derives a step from it): the check
// above is then necessary, not sufficient, and too large a step makes the
// network ring, bounded by the rectification, instead of settling.
//
// Rutishauser et al. (2011) show with contraction theory that for
// 1 < Alpha < 2 sqrt(Beta1 Beta2) (and Alpha < 2, as above) the circuit
// works in its high-gain, hard-WTA regime and stays stable, also when
// many circuits are coupled into a network. With Alpha > 1 the difference
// between two active units of a window grows at rate Alpha - 1, so one
// unit per window wins. Contracting reports whether that bound holds; it
// is not enforced, because Alpha <= 1 (a soft WTA, where several units
// share the activity) is stable and useful too.
//
// # k-WTA
//
// With K > 0, each window keeps its K most strongly driven units active
// and silences the rest. The inhibitory unit then integrates the number of
// units that are on, less K (Wang 2010, "Analysis and design of a
// k-winners-take-all model with a single state variable and the Heaviside
// step activation function", IEEE Trans. Neural Networks 21(9), 1496-1506,
// with one such variable per window):
//
//	tau dy_w/dt = Beta2 (#{i in w : z_i > 0} - K),   y_w >= 0,
//
// where z_i is the argument of f in unit i's equation. y_w stops exactly
// when K units are on, between the K-th and (K+1)-th drive; the x then
// settle at (I_i - TExc - Beta1 sum y) / (1 - Alpha), which needs
// Alpha < 1 (Validate checks it). A tick moves y_w by eta Beta2 per unit
// too many or too few, so two inputs closer than about eta Beta1 Beta2
// can make y_w hop between counts instead of settling; windows with fewer
// than K units that can be on keep them all (y_w stays 0). TInh has no
// role here and must be 0. With overlapping windows the integrators share
// units, and exactly K per window is no longer guaranteed.
//
// # Layout
//
// Unit (h, c) of map s is element s*H*W + h*W + c of the input "in" and
// the output "x". Windows are numbered row-major: window (r, q), for r <
// (H-KH)/SH + 1 and q < (W-KW)/SW + 1, covers rows r*SH .. r*SH+KH-1 and
// columns q*SW .. q*SW+KW-1, and is element s*NW + r*C + q of the output
// "y", with C = (W-KW)/SW + 1 windows across and NW in all per map
// (Windows gives both). x and y live in the outputs,
// which hold the state of the last tick (zeros before the first).
//
// # One tick, for each map, exactly
//
//  1. For each unit i, from x and y of the tick before: c_i = sum of y_w
//     over the windows that contain i, in increasing w, from +0;
//     z_i = float32(float32(I_i + float32(Alpha x_i)) - float32(Beta1 c_i)) - TExc;
//     x_i(t) = x_i + float32(Eta float32(f(z_i) - x_i)), with f(z) = z
//     for z > 0, else +0, then flushed (below).
//  2. For each window w, from x of the tick before: with K = 0, e_w = sum
//     of x_i over the window's units in row-major order, from +0, and
//     y_w(t) = y_w + float32(Eta float32(f(float32(Beta2 e_w) - TInh) - y_w));
//     with K > 0, n_w = the number of units of the window with z_i > 0
//     and y_w(t) = f(y_w + float32(EtaBeta2 float32(n_w - K))); flushed.
//
// Activities are never negative (a step of Eta <= 1 towards a target >= 0
// cannot cross 0), and every new x and y below 2^-126 (MinActivity, the
// smallest normal float32) is set to +0. Without that, a silenced unit's
// geometric decay would stall a few subnormal ulps above 0 (about 6e-45
// for dt/Tau = 0.1), where the rounded Euler step vanishes, and devices
// that flush subnormals to zero would disagree with the reference.
//
// Eta = dt/Tau and EtaBeta2 = dt/Tau Beta2 are rounded once on the host
// (WtaFactors); the tick uses float32 add, multiply and compare only.
type Wta struct {
	B, H, W int // maps per tick, map height and width
	// KH x KW is the window, SH x SW the stride between windows (>= 1).
	KH, KW, SH, SW int
	Alpha          float64       // self-excitation, >= 0
	Beta1, Beta2   float64       // inhibition of x by y, excitation of y by x, >= 0
	TExc, TInh     float64       // thresholds of the excitatory and inhibitory units
	K              int           // 0: WTA; > 0: k-WTA, K winners per window
	Tau            time.Duration // time constant; eta = dt/Tau must be in (0, 1]
}

func (*Wta) Kind() Kind      { return KindWta }
func (*Wta) Inputs() []Port  { return []Port{{Name: "in"}} }
func (*Wta) Outputs() []Port { return []Port{{Name: "x"}, {Name: "y"}} }

// Windows returns the number of windows down and across the map, and their
// total.
func (p *Wta) Windows() (rows, cols, total int) {
	rows, cols = windowCount(p.H, p.KH, p.SH), windowCount(p.W, p.KW, p.SW)
	return rows, cols, rows * cols
}

func windowCount(n, k, s int) int {
	if k < 1 || s < 1 || n < k {
		return 0
	}
	return (n-k)/s + 1
}

func (p *Wta) Infer(in []Shape) (Layout, error) {
	_, _, nw := p.Windows()
	return Layout{Out: []Shape{Vec(p.B * p.H * p.W), Vec(p.B * nw)}}, expectVec(in, p.Inputs(), p.B*p.H*p.W)
}

func (p *Wta) Validate(dt time.Duration) error {
	var c checker
	c.size("B", p.B)
	c.size("H", p.H)
	c.size("W", p.W)
	for _, d := range []struct {
		name string
		v, n int
	}{{"KH", p.KH, p.H}, {"KW", p.KW, p.W}, {"SH", p.SH, 0}, {"SW", p.SW, 0}} {
		switch {
		case d.v < 1:
			c.fail("%s = %d, must be >= 1", d.name, d.v)
		case d.n > 0 && d.v > d.n:
			c.fail("%s = %d is larger than the map (%d)", d.name, d.v, d.n)
		}
	}
	_, _, nw := p.Windows()
	if float64(p.B)*float64(p.H)*float64(p.W) > math.MaxInt32 || float64(p.B)*float64(nw) > math.MaxInt32 {
		c.fail("B, H, W = %d, %d, %d: the input or the windows would have more than 2^31 elements", p.B, p.H, p.W)
	}
	for _, v := range []struct {
		name string
		v    float64
	}{{"Alpha", p.Alpha}, {"Beta1", p.Beta1}, {"Beta2", p.Beta2}} {
		if c.finite(v.name, v.v) && v.v < 0 {
			c.fail("%s = %v, must be >= 0", v.name, v.v)
		}
	}
	c.finite("TExc", p.TExc)
	c.finite("TInh", p.TInh)
	c.positiveDuration("Tau", p.Tau)
	if p.Tau > 0 && dt > p.Tau {
		c.fail("Tau = %v is shorter than a tick of %v: eta = dt/Tau = %.3g, must be <= 1 (Euler would overshoot)", p.Tau, dt, dt.Seconds()/p.Tau.Seconds())
	}
	if p.K < 0 {
		c.fail("K = %d, must be >= 0", p.K)
	}
	if len(c.errs) == 0 {
		p.validateStability(&c, dt.Seconds()/p.Tau.Seconds())
	}
	return c.err()
}

// validateStability is the part of Validate explained under "Fixed point
// and stability" and "k-WTA".
func (p *Wta) validateStability(c *checker, eta float64) {
	if p.K > 0 {
		if p.K > p.KH*p.KW {
			c.fail("K = %d winners in windows of %d x %d = %d units", p.K, p.KH, p.KW, p.KH*p.KW)
		}
		if p.Alpha >= 1 {
			c.fail("Alpha = %v with K = %d: the winners of a k-WTA settle only for Alpha < 1", p.Alpha, p.K)
		}
		if p.TInh != 0 {
			c.fail("TInh = %v has no effect with K > 0; leave it 0", p.TInh)
		}
		return
	}
	if p.B*p.H*p.W == 0 {
		return
	}
	if p.Alpha >= 2 {
		c.fail("Alpha = %v, must be < 2: a winning unit's activity would oscillate with growing amplitude (trace of its Jacobian Alpha - 2 >= 0)", p.Alpha)
		return
	}
	lo, hi := p.Membership()
	bb := p.Beta1 * p.Beta2
	if det := 1 - p.Alpha + float64(lo)*bb; det <= 0 {
		if lo == 0 {
			c.fail("Alpha = %v, must be < 1 where a unit is in no window (no inhibition holds it)", p.Alpha)
		} else {
			c.fail("1 - Alpha + %d Beta1 Beta2 = %.4g, must be > 0: a winner in %d window(s) would grow without bound (raise Beta1 Beta2 above %.4g)",
				lo, det, lo, (p.Alpha-1)/float64(lo))
		}
		return
	}
	if det := 1 - p.Alpha + float64(hi)*bb; eta*det >= 2-p.Alpha {
		c.fail("dt/Tau = %.4g is too large for forward Euler with a unit in %d windows: need dt/Tau (1 - Alpha + %d Beta1 Beta2) < 2 - Alpha, i.e. dt/Tau < %.4g",
			eta, hi, hi, (2-p.Alpha)/det)
	}
}

// Membership returns the fewest and the most windows any unit belongs to
// (0, 0 for an empty map).
func (p *Wta) Membership() (lo, hi int) {
	if p.H <= 0 || p.W <= 0 {
		return 0, 0
	}
	rLo, rHi := coverRange(p.H, p.KH, p.SH)
	cLo, cHi := coverRange(p.W, p.KW, p.SW)
	return rLo * cLo, rHi * cHi
}

// coverRange is the fewest and the most windows covering a position of a
// line of n positions.
func coverRange(n, k, s int) (lo, hi int) {
	lo = math.MaxInt
	for h := range n {
		a, b := windowsCovering(h, n, k, s)
		lo, hi = min(lo, b-a), max(hi, b-a)
	}
	return lo, hi
}

// windowsCovering is the half-open range of windows of a line of n
// positions that cover position h.
func windowsCovering(h, n, k, s int) (first, end int) {
	count := windowCount(n, k, s)
	if h-k+1 > 0 {
		first = (h - k + s) / s // ceil((h-k+1)/s)
	}
	end = min(count, h/s+1)
	return first, max(end, first)
}

// Contracting reports whether the parameters meet Rutishauser et al.'s
// (2011) bound 1 < Alpha < 2 sqrt(Beta1 Beta2) for a hard, contracting
// WTA circuit; the error says which side fails. It is advice, not
// validation (see "Fixed point and stability").
func (p *Wta) Contracting() error {
	bound := 2 * math.Sqrt(p.Beta1*p.Beta2)
	switch {
	case p.K > 0:
		return fmt.Errorf("%w: K = %d: a k-WTA (Alpha < 1) is not the hard WTA of the bound", ErrParam, p.K)
	case p.Alpha <= 1:
		return fmt.Errorf("%w: Alpha = %v <= 1: a soft WTA, several units of a window may stay active", ErrParam, p.Alpha)
	case p.Alpha >= bound:
		return fmt.Errorf("%w: Alpha = %v >= 2 sqrt(Beta1 Beta2) = %.4g: outside the contraction bound", ErrParam, p.Alpha, bound)
	}
	return nil
}

// WindowUnits returns the units of window w of a map, in row-major order
// (the order of the sum e_w), as offsets into the map.
func (p *Wta) WindowUnits(w int) []int32 {
	_, cols, _ := p.Windows()
	r, q := w/cols, w%cols
	units := make([]int32, 0, p.KH*p.KW)
	for h := r * p.SH; h < r*p.SH+p.KH; h++ {
		for c := q * p.SW; c < q*p.SW+p.KW; c++ {
			units = append(units, int32(h*p.W+c))
		}
	}
	return units
}

// UnitWindows returns, in CSR form, the windows that contain each unit of
// a map, in increasing order (the order of the sum c_i): the windows of
// unit i are Win[Ptr[i]:Ptr[i+1]].
func (p *Wta) UnitWindows() (ptr, win []int32) {
	_, cols, _ := p.Windows()
	ptr = make([]int32, p.H*p.W+1)
	for h := range p.H {
		r0, r1 := windowsCovering(h, p.H, p.KH, p.SH)
		for c := range p.W {
			q0, q1 := windowsCovering(c, p.W, p.KW, p.SW)
			for r := r0; r < r1; r++ {
				for q := q0; q < q1; q++ {
					win = append(win, int32(r*cols+q))
				}
			}
			ptr[h*p.W+c+1] = int32(len(win))
		}
	}
	return ptr, win
}

// WtaFactors are a Wta's parameters converted once, on the host, into the
// float32 constants of a tick.
type WtaFactors struct {
	Eta, Alpha, Beta1, Beta2, TExc, TInh float32
	K                                    int
	EtaBeta2                             float32 // float32(dt/Tau Beta2), for K > 0
}

// Factors converts the parameters for a tick of dt, each constant rounded
// once from float64.
func (p *Wta) Factors(dt time.Duration) WtaFactors {
	eta := dt.Seconds() / p.Tau.Seconds()
	return WtaFactors{Eta: float32(eta), Alpha: float32(p.Alpha), Beta1: float32(p.Beta1), Beta2: float32(p.Beta2),
		TExc: float32(p.TExc), TInh: float32(p.TInh), K: p.K, EtaBeta2: float32(eta * p.Beta2)}
}

// Rectify is f(z) = max(0, z), +0 for z <= 0 (and for -0).
func Rectify(z float32) float32 {
	if z > 0 {
		return z
	}
	return 0
}

// Drive is z_i, the argument of f for an excitatory unit with input in,
// activity x and summed inhibition c.
func (f *WtaFactors) Drive(in, x, c float32) float32 {
	return float32(float32(in+float32(f.Alpha*x))-float32(f.Beta1*c)) - f.TExc
}

// MinActivity is the smallest float32 normal number, 2^-126: activities
// below it are set to +0 (see "Subnormals").
const MinActivity = 0x1p-126

// flush is +0 for v < MinActivity (activities are never negative).
func flush(v float32) float32 {
	if v < MinActivity {
		return 0
	}
	return v
}

// Relax is one Euler step of an activity v >= 0 towards target >= 0:
// flush(v + float32(Eta (target - v))).
func (f *WtaFactors) Relax(v, target float32) float32 {
	return flush(v + float32(f.Eta*float32(target-v)))
}

// Inhibit is the WTA update of an inhibitory unit y whose window sums to e.
func (f *WtaFactors) Inhibit(y, e float32) float32 {
	return f.Relax(y, Rectify(float32(f.Beta2*e)-f.TInh))
}

// Count is the k-WTA update of an inhibitory unit y whose window has on
// units with a positive drive: f(y + float32(EtaBeta2 (on - K))), flushed.
func (f *WtaFactors) Count(y float32, on int) float32 {
	return flush(y + float32(f.EtaBeta2*float32(on-f.K)))
}

func (p *Wta) Reference(env Env) Reference {
	_, _, nw := p.Windows()
	n := p.H * p.W
	return &wtaRef{p: p, f: p.Factors(env.Dt), x: make([]float32, p.B*n), y: make([]float32, p.B*nw),
		xn: make([]float32, n), yn: make([]float32, nw), on: make([]bool, n)}
}

type wtaRef struct {
	p      *Wta
	f      WtaFactors
	x, y   []float32 // of the tick before
	xn, yn []float32 // scratch: one map's new x and y
	on     []bool    // scratch: z_i > 0
}

func (r *wtaRef) State() [][]float32 { return nil }

func (r *wtaRef) Step(_ uint64, in, out [][]float32) {
	p := r.p
	n := p.H * p.W
	rows, cols, nw := p.Windows()
	for s := range p.B {
		x, y, I := r.x[s*n:(s+1)*n], r.y[s*nw:(s+1)*nw], in[0][s*n:(s+1)*n]
		for h := range p.H {
			r0, r1 := windowsCovering(h, p.H, p.KH, p.SH)
			for c := range p.W {
				q0, q1 := windowsCovering(c, p.W, p.KW, p.SW)
				i := h*p.W + c
				var inh float32
				for wr := r0; wr < r1; wr++ {
					for wq := q0; wq < q1; wq++ {
						inh += y[wr*cols+wq]
					}
				}
				z := r.f.Drive(I[i], x[i], inh)
				r.on[i] = z > 0
				r.xn[i] = r.f.Relax(x[i], Rectify(z))
			}
		}
		for wr := range rows {
			for wq := range cols {
				var e float32
				on := 0
				for h := wr * p.SH; h < wr*p.SH+p.KH; h++ {
					for c := wq * p.SW; c < wq*p.SW+p.KW; c++ {
						e += x[h*p.W+c]
						if r.on[h*p.W+c] {
							on++
						}
					}
				}
				w := wr*cols + wq
				if r.f.K > 0 {
					r.yn[w] = r.f.Count(y[w], on)
				} else {
					r.yn[w] = r.f.Inhibit(y[w], e)
				}
			}
		}
		copy(x, r.xn)
		copy(y, r.yn)
		copy(out[0][s*n:(s+1)*n], x)
		copy(out[1][s*nw:(s+1)*nw], y)
	}
}
