package conformance

import (
	"fmt"
	"math"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

// wtaCases covers ops.Wta: a tick by hand, window geometries from a
// single unit to maps of thousands of units (sizes around workgroups and
// CPU chunks, 1D and 2D, overlapping windows, units in no window), the
// k-WTA, inputs that change while the circuits settle, and 1000-iteration
// runs checked against the fixed point.
func wtaCases() []Case {
	cs := []Case{wtaStepsCase(), wtaFlushCase()}
	for _, g := range []wtaGeometry{
		{1, 1, 1, 1, 1, 1, 1, 0},     // one unit, one window
		{0, 3, 4, 3, 4, 1, 1, 0},     // empty batch
		{2, 1, 7, 1, 3, 1, 2, 0},     // 1D, windows overlapping by one unit
		{3, 5, 7, 3, 3, 1, 1, 0},     // 2D convolution: units in up to 9 windows
		{1, 16, 17, 4, 5, 2, 3, 0},   // uncovered edges (Alpha < 1)
		{2, 1, 257, 1, 257, 1, 1, 0}, // one window of 257 units
		{4, 64, 65, 3, 3, 2, 2, 0},   // 16640 units: CPU chunks on all cores
		{2, 1, 10, 1, 10, 1, 1, 3},   // k-WTA
		{1, 6, 8, 3, 4, 3, 4, 2},     // k-WTA in tiling windows
		{2, 5, 9, 3, 3, 1, 2, 2},     // k-WTA in overlapping windows
	} {
		cs = append(cs, wtaRandomCase(g))
	}
	return append(cs, wtaLongCase(0), wtaLongCase(2), wtaAfterLcaCase())
}

// wtaGeometry is a batch of maps and its windows, and K.
type wtaGeometry struct{ b, h, w, kh, kw, sh, sw, k int }

// wtaParams returns Rutishauser et al.'s (2011) parameters (Alpha 1.2,
// Beta1 3, Beta2 0.25) with dt/Tau = 0.1, or, where some unit is in no
// window, Alpha 0.8; for a k-WTA, Alpha 0.5 and Beta2 0.2.
func wtaParams(g wtaGeometry) *ops.Wta {
	p := &ops.Wta{B: g.b, H: g.h, W: g.w, KH: g.kh, KW: g.kw, SH: g.sh, SW: g.sw, Alpha: 1.2, Beta1: 3, Beta2: 0.25,
		TExc: 0.05, TInh: 0.02, K: g.k, Tau: 10 * dt}
	if lo, _ := p.Membership(); lo == 0 {
		p.Alpha = 0.8
	}
	if g.k > 0 {
		p.Alpha, p.Beta2, p.TInh = 0.5, 0.2, 0
	}
	return p
}

func wtaGraph(p *ops.Wta, in []float32) (*graph.Graph, error) {
	g := newGraph()
	src := g.Add("in", &ops.Input{N: p.B * p.H * p.W, Value: in})
	g.Add("wta", p, graph.In("in", src.Out("out")))
	return validated(g)
}

// wtaStepsCase: three ticks of a 3-unit circuit with dt/Tau = 1/2, every
// value an exact binary fraction (ops.TestWtaSteps derives them).
func wtaStepsCase() Case {
	return Case{
		Name:  "wta/three-steps",
		Kinds: []ops.Kind{ops.KindWta, ops.KindInput},
		Ticks: 3,
		Build: func() (*graph.Graph, error) {
			p := &ops.Wta{B: 1, H: 1, W: 3, KH: 1, KW: 3, SH: 1, SW: 1, Alpha: 1.5, Beta1: 2, Beta2: 0.5, TExc: 0.25,
				Tau: 2 * dt}
			return wtaGraph(p, []float32{1, 0.5, 0})
		},
		Check: func(p backend.Program) error {
			return errorsJoin(expectRead(p, "wta.x", []float32{1.3046875, 0.3515625, 0}), expectRead(p, "wta.y", []float32{0.34375}))
		},
	}
}

// wtaFlushCase: a unit driven once and then silenced decays by 1 - eta
// per tick and becomes exactly +0 on the first tick it would fall below
// 2^-126, the tick computed here in float32.
func wtaFlushCase() Case {
	const eta = 0.5
	ticks := 1
	for v := float32(eta); v >= ops.MinActivity; ticks++ {
		v += float32(eta * (0 - v))
	}
	return Case{
		Name:  "wta/flush-subnormal",
		Kinds: []ops.Kind{ops.KindWta, ops.KindInput},
		Ticks: ticks + 1,
		Build: func() (*graph.Graph, error) {
			p := &ops.Wta{B: 1, H: 1, W: 1, KH: 1, KW: 1, SH: 1, SW: 1, Alpha: 0, Beta1: 0, Beta2: 0, Tau: 2 * dt}
			return wtaGraph(p, nil)
		},
		Feed: func(t uint64, p backend.Program) error {
			switch t {
			case 0:
				return p.Write("in", []float32{1}) // x = 1/2 after tick 0
			case 1:
				return p.Write("in", []float32{0})
			}
			return nil
		},
		Check: func(p backend.Program) error {
			return expectRead(p, "wta.x", []float32{0})
		},
	}
}

// wtaRandomCase feeds random inputs that change every 17 ticks (a few
// units at a time on tick 5); the hand check: activities are >= 0 and
// never subnormal, and y_w of a WTA window that sees no input stays 0.
func wtaRandomCase(g wtaGeometry) Case {
	const ticks = 60
	p := wtaParams(g)
	n := g.b * g.h * g.w
	_, _, nw := p.Windows()
	return Case{
		Name:  fmt.Sprintf("wta/B=%d,H=%d,W=%d,K=%dx%d,S=%dx%d,k=%d", g.b, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.k),
		Kinds: []ops.Kind{ops.KindWta, ops.KindInput},
		Ticks: ticks,
		Build: func() (*graph.Graph, error) { return wtaGraph(wtaParams(g), nil) },
		Feed: func(t uint64, prog backend.Program) error {
			if t%17 != 0 && t != 5 {
				return nil
			}
			in := uniform("wta-in", t/17, n, -0.2, 1)
			if t == 5 {
				for i := 0; i < n; i += 3 {
					in[i] *= 2
				}
			}
			return prog.Write("in", in)
		},
		Check: func(prog backend.Program) error {
			x, y := make([]float32, n), make([]float32, g.b*nw)
			if err := errorsJoin(prog.Read("wta.x", x), prog.Read("wta.y", y)); err != nil {
				return err
			}
			for name, vs := range map[string][]float32{"x": x, "y": y} {
				for i, v := range vs {
					if !(v == 0 || v >= ops.MinActivity) || math.Signbit(float64(v)) || math.IsInf(float64(v), 0) {
						return fmt.Errorf("wta.%s[%d] = %v, want +0 or a normal positive number", name, i, v)
					}
				}
			}
			return nil
		},
	}
}

// wtaLongCase runs 1000 iterations on a fixed input: for K = 0 a
// convolutional network (windows 3x3, stride 2, so units on the seams are
// in 2 or 4), for K = 2 a k-WTA in tiling 3x3 windows whose inputs are
// 0.1 apart. The hand check is the fixed point, computed in float64
// from the values read: x_i = f(z_i) and, for K = 0, y_w = f(Beta2 e_w -
// TInh), to 1e-4; for K > 0, exactly K units on in every window.
func wtaLongCase(k int) Case {
	g := wtaGeometry{2, 9, 13, 3, 3, 2, 2, k}
	if k > 0 {
		g = wtaGeometry{2, 9, 12, 3, 3, 3, 3, k}
	}
	p := wtaParams(g)
	n := g.h * g.w
	in := uniform("wta-long", 0, g.b*n, 0, 1)
	if k > 0 {
		for i := range in {
			s, h, c := i/n, i%n/g.w, i%g.w
			in[i] = float32(((h%3*3+c%3)*7+s+h/3*4+c/3)%9)/10 + 0.1
		}
	}
	return Case{
		Name:         fmt.Sprintf("wta/1000-iterations/k=%d", k),
		Kinds:        []ops.Kind{ops.KindWta},
		Ticks:        1000,
		CompareEvery: 100,
		Build:        func() (*graph.Graph, error) { return wtaGraph(p, in) },
		Check: func(prog backend.Program) error {
			_, _, nw := p.Windows()
			x, y := make([]float32, g.b*n), make([]float32, g.b*nw)
			if err := errorsJoin(prog.Read("wta.x", x), prog.Read("wta.y", y)); err != nil {
				return err
			}
			ptr, win := p.UnitWindows()
			for s := range g.b {
				on := make([]bool, n)
				for i := range n {
					c := 0.0
					for _, w := range win[ptr[i]:ptr[i+1]] {
						c += float64(y[s*nw+int(w)])
					}
					z := float64(in[s*n+i]) + p.Alpha*float64(x[s*n+i]) - p.Beta1*c - p.TExc
					on[i] = z > 0
					if r := math.Max(z, 0) - float64(x[s*n+i]); math.Abs(r) > 1e-4 {
						return fmt.Errorf("map %d, unit %d: x = %v, f(z) = %v after 1000 iterations", s, i, x[s*n+i], math.Max(z, 0))
					}
				}
				for w := range nw {
					units := p.WindowUnits(w)
					e, count := 0.0, 0
					for _, i := range units {
						e += float64(x[s*n+int(i)])
						if on[i] {
							count++
						}
					}
					yw := float64(y[s*nw+w])
					if k == 0 {
						if r := math.Max(p.Beta2*e-p.TInh, 0) - yw; math.Abs(r) > 1e-4 {
							return fmt.Errorf("map %d, window %d: y = %v, f(Beta2 e - TInh) = %v", s, w, yw, yw+r)
						}
					} else if count != k {
						return fmt.Errorf("map %d, window %d (units %v): %d units on, y = %v; want %d", s, w, units, count, yw, k)
					}
				}
			}
			return nil
		},
	}
}

// wtaAfterLcaCase chains the two neurodynamical layers as a sharpening
// pipeline does: an online LCA codes a signal that changes every 25 ticks
// and a convolutional WTA (windows of 5 atoms, stride 1) runs online on
// its codes, read in the same tick. The hand check: the WTA's input is
// the LCA's output of the last tick, so one more reference step of the
// WTA from its state reproduces the value read.
func wtaAfterLcaCase() Case {
	const b, m, n = 2, 12, 24
	phi := lcaDict("phi-wta", m, n)
	wta := &ops.Wta{B: b, H: 1, W: n, KH: 1, KW: 5, SH: 1, SW: 1, Alpha: 1.2, Beta1: 3, Beta2: 0.25, Tau: 30 * dt}
	return Case{
		Name:  "wta/after-lca",
		Kinds: []ops.Kind{ops.KindWta, ops.KindLCA, ops.KindInput},
		Ticks: 200,
		Build: func() (*graph.Graph, error) {
			g := newGraph()
			in := g.Add("x", &ops.Input{N: b * m})
			p := lcaParams(b, m, n, phi, ops.UpdatePlain, 0.1)
			p.NonNegative, p.Online = true, true
			lca := g.Add("lca", p, graph.In("x", in.Out("out")))
			g.Add("wta", wta, graph.In("in", lca.Out("a")))
			return validated(g)
		},
		Feed: func(t uint64, p backend.Program) error {
			if t%25 != 0 {
				return nil
			}
			return p.Write("x", uniform("x-wta", t/25, b*m, -1, 1))
		},
		Check: func(p backend.Program) error {
			// One more tick by hand: the reference from the state read.
			_, _, nw := wta.Windows()
			a, x, y := make([]float32, b*n), make([]float32, b*n), make([]float32, b*nw)
			if err := errorsJoin(p.Read("lca.a", a), p.Read("wta.x", x), p.Read("wta.y", y)); err != nil {
				return err
			}
			if err := p.Run(1); err != nil {
				return err
			}
			a2, x2, y2 := make([]float32, b*n), make([]float32, b*n), make([]float32, b*nw)
			if err := errorsJoin(p.Read("lca.a", a2), p.Read("wta.x", x2), p.Read("wta.y", y2)); err != nil {
				return err
			}
			active := 0
			for _, v := range x2 {
				if v > 0 {
					active++
				}
			}
			if active == 0 || active == len(x2) {
				return fmt.Errorf("%d of %d units active: the case tests nothing", active, len(x2))
			}
			f := wta.Factors(dt)
			for s := range b {
				for i := range n {
					c := float32(0)
					for w := max(i-4, 0); w <= min(i, nw-1); w++ {
						c += y[s*nw+w]
					}
					want := f.Relax(x[s*n+i], ops.Rectify(f.Drive(a2[s*n+i], x[s*n+i], c)))
					if x2[s*n+i] != want {
						return fmt.Errorf("map %d, unit %d: x = %v after a tick from x = %v with input %v, want %v", s, i, x2[s*n+i], x[s*n+i], a2[s*n+i], want)
					}
				}
			}
			return nil
		},
	}
}
