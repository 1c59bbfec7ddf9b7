package layers

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

// Wta is a layer of winner-take-all circuits (Rutishauser, Douglas &
// Slotine 2011; see ops.Wta for the dynamics and the exact tick): units on
// an H x W map compete within windows of KH x KW placed with stride
// SH x SW, each window with its own inhibitory unit. NewWta gives the
// classic circuit (one window over all units), NewKWta its k-WTA variant
// and NewWtaConv the convolutional form (WtaConv), where windows overlap;
// every field can be changed after.
//
// A layer runs either to a fixed point (Solve, from rest, for a batch of
// inputs) or online (Add): the graph's simulator steps it every tick, its
// activities carry over from tick to tick and follow an input that
// changes with time constant Tau, as they do behind another layer such as
// Lca.
type Wta struct {
	Name           string // node name; "wta" if empty
	H, W           int    // the map; a 1D layer has H = 1
	KH, KW, SH, SW int    // window and stride
	Alpha          float64
	Beta1, Beta2   float64
	TExc, TInh     float64
	K              int // 0: WTA; > 0: K winners per window
	// Dt is the tick of the graph Solve builds (1 ms if zero); Tau the
	// time constant, so that an iteration is a step of eta = Dt/Tau.
	Dt, Tau time.Duration
	// Solve stops once every map's activities (x and y) change by at
	// most Tol (relative, per iteration) or after MaxIter iterations,
	// looking every CheckEvery iterations. Near the fixed point the
	// distance to it shrinks by about eta (1 - Alpha/2) per iteration, so
	// the activities are then within about Tol / (eta (1 - Alpha/2)) of it,
	// relative: 25 Tol with NewWta's parameters.
	Tol        float64
	MaxIter    int
	CheckEvery int
}

// NewWta is a WTA circuit over n units with Rutishauser et al.'s (2011)
// parameters: Alpha = 1.2, Beta1 = 3, Beta2 = 0.25, thresholds 0, which
// meet their bound 1 < Alpha < 2 sqrt(Beta1 Beta2) = 1.73 for a hard,
// contracting WTA: the unit with the largest input I ends at
// I / (1 - Alpha + Beta1 Beta2) = 1.82 I, every other unit at 0. eta = 0.1.
func NewWta(n int) Wta {
	return Wta{H: 1, W: n, KH: 1, KW: n, SH: 1, SW: 1, Alpha: 1.2, Beta1: 3, Beta2: 0.25,
		Dt: time.Millisecond, Tau: 10 * time.Millisecond, Tol: 1e-6, MaxIter: 20000, CheckEvery: 10}
}

// NewKWta is a k-WTA over n units: the k units with the largest inputs
// stay active at (I - Beta1 y) / (1 - Alpha), the others go to 0. Alpha =
// 0.5, Beta1 = 1, Beta2 = 0.2 and eta = 0.1 resolve inputs 0.02 apart
// (eta Beta1 Beta2; see ops.Wta, "k-WTA").
func NewKWta(n, k int) Wta {
	l := NewWta(n)
	l.Alpha, l.Beta1, l.Beta2, l.K = 0.5, 1, 0.2, k
	return l
}

// NewWtaConv is WtaConv: WTA circuits in every window of kh x kw on an
// h x w map, placed with stride sh x sw (overlapping where the stride is
// smaller than the window), with NewWta's parameters and a time constant
// set from the overlap. Linearized around a set A of active units, the
// circuits couple through M_A M_A^T, where M_A is the incidence of A's
// units and windows, and forward Euler is stable when eta (1 - Alpha +
// sigma^2 Beta1 Beta2) < 2 - Alpha for its largest eigenvalue sigma^2 (the
// condition ops.Wta checks with sigma^2 = n, one winner in n windows).
// NewWtaConv sets dt/Tau = min(0.1, 0.9 (2 - Alpha) / (1 - Alpha + n^2
// Beta1 Beta2)), n the most windows over a unit. With stride 1 on a map of
// at least (2kh-1) x (2kw-1), n = kh kw and n^2 is Gershgorin's bound on
// sigma^2 for every A, so no configuration rings; with larger strides it
// assumes at most n winners per window. Overlapping windows do need it:
// 3x3 windows with stride 1 ring at dt/Tau = 0.1, which ops.Wta accepts,
// and settle at NewWtaConv's 0.012 (TestWtaConvSettles).
func NewWtaConv(h, w, kh, kw, sh, sw int) Wta {
	l := NewWta(1)
	l.H, l.W, l.KH, l.KW, l.SH, l.SW = h, w, kh, kw, sh, sw
	_, n := l.Op(1).Membership()
	eta := min(0.1, 0.9*(2-l.Alpha)/(1-l.Alpha+float64(n*n)*l.Beta1*l.Beta2))
	l.Tau = time.Duration(math.Ceil(float64(l.dt()) / eta))
	return l
}

func (l *Wta) name() string { return cmp.Or(l.Name, "wta") }

func (l *Wta) dt() time.Duration { return cmp.Or(l.Dt, time.Millisecond) }

// Op returns the layer's op for a batch of b maps.
func (l *Wta) Op(b int) *ops.Wta {
	return &ops.Wta{B: b, H: l.H, W: l.W, KH: l.KH, KW: l.KW, SH: l.SH, SW: l.SW, Alpha: l.Alpha,
		Beta1: l.Beta1, Beta2: l.Beta2, TExc: l.TExc, TInh: l.TInh, K: l.K, Tau: l.Tau}
}

// Add adds the layer to g for a batch of b maps read from in; its outputs
// "x" and "y" hold the excitatory and inhibitory activities. Stepped by
// the simulator, it runs online.
func (l *Wta) Add(g *graph.Graph, in graph.Value, b int) *graph.Node {
	return g.Add(l.name(), l.Op(b), graph.In("in", in))
}

// Compile builds a graph of the layer fed with the maps X (B x H*W,
// row-major) by an Input node named Name+".in", and compiles it on be.
func (l *Wta) Compile(be backend.Backend, X []float32) (backend.Program, int, error) {
	n := l.H * l.W
	if n <= 0 || len(X)%n != 0 {
		return nil, 0, fmt.Errorf("wta %q: %w: len(X) = %d is not a multiple of H*W = %d", l.name(), ops.ErrShape, len(X), n)
	}
	b := len(X) / n
	g := graph.New(graph.Config{Dt: l.dt(), Seed: 1})
	in := g.Add(l.name()+".in", &ops.Input{N: len(X), Value: X})
	l.Add(g, in.Out("out"), b)
	prog, err := be.Compile(g)
	return prog, b, err
}

// WtaSolution is what Wta.Solve returns: Codes holds the excitatory
// activities x (B x H*W), Inh the inhibitory ones (B x windows), Iters the
// iteration at which each map was first seen within Tol (MaxIter if
// never), Done how many were.
type WtaSolution struct {
	Solution
	Inh []float32
}

// Solve runs the maps X (B x H*W, row-major) from rest on backend be until
// every map's relative change per iteration, ||s(t) - s(t-1)||_2 <= Tol
// ||s(t)||_2 for the state s = (x, y), holds at a check, or MaxIter
// iterations have passed; it
// returns ErrNotConverged, with the solution, in the second case. Time
// covers running and reading, not compiling.
func (l *Wta) Solve(be backend.Backend, X []float32) (WtaSolution, error) {
	prog, b, err := l.Compile(be, X)
	if err != nil {
		return WtaSolution{}, err
	}
	defer prog.Close()
	start := time.Now()
	sol, err := l.run(prog, b)
	sol.Time = time.Since(start)
	return sol, err
}

func (l *Wta) run(prog backend.Program, b int) (WtaSolution, error) {
	n := l.H * l.W
	_, _, nw := l.Op(b).Windows()
	every := max(l.CheckEvery, 1)
	sol := WtaSolution{Solution: Solution{Codes: make([]float32, b*n), Iters: make([]int, b)}, Inh: make([]float32, b*nw)}
	for s := range sol.Iters {
		sol.Iters[s] = l.MaxIter
	}
	px, py := make([]float32, b*n), make([]float32, b*nw)
	x, y := l.name()+".x", l.name()+".y"
	for sol.Ticks < l.MaxIter && (sol.Done < b || sol.Ticks == 0) {
		m := min(every, l.MaxIter-sol.Ticks)
		err := errors.Join(prog.Run(m-1), prog.Read(x, px), prog.Read(y, py), prog.Run(1),
			prog.Read(x, sol.Codes), prog.Read(y, sol.Inh))
		if err != nil {
			return sol, err
		}
		sol.Ticks += m
		for s := range b {
			if sol.Iters[s] < l.MaxIter || l.Tol <= 0 {
				continue
			}
			dx, xx := change(sol.Codes[s*n:(s+1)*n], px[s*n:(s+1)*n])
			dy, yy := change(sol.Inh[s*nw:(s+1)*nw], py[s*nw:(s+1)*nw])
			if dx+dy <= l.Tol*l.Tol*(xx+yy) {
				sol.Iters[s] = sol.Ticks
				sol.Done++
			}
		}
	}
	if l.Tol > 0 && sol.Done < b {
		return sol, fmt.Errorf("wta %q: %w: %d of %d maps within Tol = %g after %d iterations", l.name(), ErrNotConverged, b-sol.Done, b, l.Tol, sol.Ticks)
	}
	return sol, nil
}

// change returns ||a - b||^2 and ||a||^2.
func change(a, b []float32) (d2, a2 float64) {
	for i, v := range a {
		d := float64(v) - float64(b[i])
		d2 += d * d
		a2 += float64(v) * float64(v)
	}
	return d2, a2
}

// Winners returns the active units of map s of a solution: those above
// (Tol / eta) ||x||_2. A silenced unit decays by a factor 1 - eta per
// iteration, taking hundreds of iterations to reach 0 (ops.Wta flushes
// it below 2^-126), so when Solve stops it can still be positive; but
// its step, eta x_i, is then at most Tol ||x||_2, which puts it below
// that bound. With Tol = 0 every unit with x > 0 is active.
func (l *Wta) Winners(sol WtaSolution, s int) []int {
	n := l.H * l.W
	x := sol.Codes[s*n : (s+1)*n]
	var norm float64
	for _, v := range x {
		norm += float64(v) * float64(v)
	}
	bound := l.Tol * l.Tau.Seconds() / l.dt().Seconds() * math.Sqrt(norm)
	var w []int
	for i, v := range x {
		if float64(v) > bound {
			w = append(w, i)
		}
	}
	return w
}
