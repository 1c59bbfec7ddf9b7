package layers_test

import (
	"errors"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	_ "github.com/spikeflow/spikeflow/backend/ref" // registers "ref"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/layers"
	"github.com/spikeflow/spikeflow/ops"
)

func wtaBackend(t *testing.T, name string) backend.Backend {
	t.Helper()
	be, err := backend.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := be.Capabilities().Available; err != nil {
		// CI installs lavapipe and sets SPIKEFLOW_REQUIRE_VULKAN=1: there
		// a backend that cannot run is a failure, not a skip.
		if os.Getenv("SPIKEFLOW_REQUIRE_VULKAN") == "1" {
			t.Fatalf("SPIKEFLOW_REQUIRE_VULKAN=1 but %s is not available: %v", name, err)
		}
		t.Skipf("%s is not available here: %v", name, err)
	}
	return be
}

// wtaInputs returns b maps of n values in [0, 1), well apart: a
// permutation of (k + 1/2)/n per map.
func wtaInputs(b, n int) []float32 {
	x := make([]float32, b*n)
	for s := range b {
		for i := range n {
			x[s*n+i] = (float32((i*7+s*3)%n) + 0.5) / float32(n)
		}
	}
	return x
}

// TestWtaSolve: the classic circuit on a batch keeps only the unit with
// the largest input, at I / (1 - Alpha + Beta1 Beta2), with y = Beta2 x,
// to 1e-5 with Tol = 1e-8 (Wta.Tol: about 25 Tol from the fixed point),
// on every backend.
func TestWtaSolve(t *testing.T) {
	for _, name := range []string{"cpu", "vulkan", "ref"} {
		t.Run(name, func(t *testing.T) { testWtaSolve(t, wtaBackend(t, name)) })
	}
}

func testWtaSolve(t *testing.T, be backend.Backend) {
	const b, n = 8, 11
	l := layers.NewWta(n)
	l.Tol = 1e-8
	if err := l.Op(b).Contracting(); err != nil {
		t.Errorf("NewWta's parameters: %v", err)
	}
	X := wtaInputs(b, n)
	sol, err := l.Solve(be, X)
	if err != nil {
		t.Fatal(err)
	}
	for s := range b {
		best := 0
		for i := range n {
			if X[s*n+i] > X[s*n+best] {
				best = i
			}
		}
		want := float64(X[s*n+best]) / (1 - l.Alpha + l.Beta1*l.Beta2)
		if w := l.Winners(sol, s); !slices.Equal(w, []int{best}) || math.Abs(float64(sol.Codes[s*n+best])-want) > 1e-5 ||
			math.Abs(float64(sol.Inh[s])-l.Beta2*want) > 1e-5 {
			t.Errorf("map %d: winners %v, x = %v, y = %v; want unit %d at %.6f", s, w, sol.Codes[s*n+best], sol.Inh[s], best, want)
		}
		if sol.Iters[s] <= 0 || sol.Iters[s] > sol.Ticks {
			t.Errorf("map %d: Iters = %d of %d ticks", s, sol.Iters[s], sol.Ticks)
		}
	}
	t.Logf("%d maps settled in %v iterations", b, sol.Iters)
}

// TestKWtaSolve: k-WTA keeps exactly the k largest inputs of each map.
func TestKWtaSolve(t *testing.T) {
	const b, n = 4, 12
	X := wtaInputs(b, n)
	for _, k := range []int{1, 2, 5} {
		l := layers.NewKWta(n, k)
		sol, err := l.Solve(wtaBackend(t, "cpu"), X)
		if err != nil {
			t.Fatal(err)
		}
		for s := range b {
			order := make([]int, n)
			for i := range order {
				order[i] = i
			}
			slices.SortFunc(order, func(a, c int) int { return -cmpF(X[s*n+a], X[s*n+c]) })
			want := slices.Sorted(slices.Values(order[:k]))
			if got := l.Winners(sol, s); !slices.Equal(got, want) {
				t.Errorf("K = %d, map %d: winners %v, want %v", k, s, got, want)
			}
		}
	}
}

func cmpF(a, b float32) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestWtaConvSettles: NewWtaConv's step settles for dense and sparse
// overlaps, where a step of 0.1 (which ops.Wta accepts) rings for the
// densest.
func TestWtaConvSettles(t *testing.T) {
	cpu := wtaBackend(t, "cpu")
	for _, g := range []struct{ h, w, kh, kw, sh, sw int }{
		{9, 14, 3, 3, 1, 1}, {32, 14, 5, 1, 1, 1}, {9, 13, 3, 3, 2, 2}, {1, 40, 1, 4, 1, 2}, {8, 8, 2, 2, 2, 2},
	} {
		l := layers.NewWtaConv(g.h, g.w, g.kh, g.kw, g.sh, g.sw)
		X := make([]float32, 2*g.h*g.w)
		for i := range X {
			X[i] = float32(math.Mod(float64(i)*0.618034, 1))
		}
		sol, err := l.Solve(cpu, X)
		if err != nil {
			t.Errorf("%+v (Tau = %v): %v", g, l.Tau, err)
			continue
		}
		t.Logf("%+v: dt/Tau = %.3g, settled in %d iterations, %d of %d units active", g,
			l.Dt.Seconds()/l.Tau.Seconds(), slices.Max(sol.Iters), len(l.Winners(sol, 0)), g.h*g.w)
		if g.kh*g.kw > 1 && len(l.Winners(sol, 0)) >= g.h*g.w/2 {
			t.Errorf("%+v: %d of %d units active: no competition", g, len(l.Winners(sol, 0)), g.h*g.w)
		}
	}
	dense := layers.NewWtaConv(9, 14, 3, 3, 1, 1)
	dense.Tau = 10 * dense.Dt
	dense.MaxIter = 5000
	if _, err := dense.Solve(cpu, make([]float32, 9*14)); err != nil {
		t.Errorf("zero input: %v", err) // nothing to ring
	}
	X := make([]float32, 9*14)
	for i := range X {
		X[i] = float32(math.Mod(float64(i)*0.618034, 1))
	}
	if _, err := dense.Solve(cpu, X); !errors.Is(err, layers.ErrNotConverged) {
		t.Errorf("3x3 windows, stride 1, dt/Tau = 0.1: %v, want ErrNotConverged (it rings)", err)
	}
}

// TestWtaConvTiles: windows that tile the map give the winners of each
// tile, one per window.
func TestWtaConvTiles(t *testing.T) {
	l := layers.NewWtaConv(4, 6, 2, 3, 2, 3)
	X := wtaInputs(1, 24)
	sol, err := l.Solve(wtaBackend(t, "cpu"), X)
	if err != nil {
		t.Fatal(err)
	}
	var want []int
	for r := range 2 {
		for q := range 2 {
			best := -1
			for h := 2 * r; h < 2*r+2; h++ {
				for c := 3 * q; c < 3*q+3; c++ {
					if best < 0 || X[h*6+c] > X[best] {
						best = h*6 + c
					}
				}
			}
			want = append(want, best)
		}
	}
	slices.Sort(want)
	if got := l.Winners(sol, 0); !slices.Equal(got, want) {
		t.Errorf("winners %v, want %v", got, want)
	}
}

// TestWtaOnline: added to a graph, the layer follows an input that
// changes every tick: one unit alone (Alpha = Beta1 = 0) low-pass filters
// its input, x_t = x_{t-1} + eta (I_t - x_{t-1}), checked against that
// recursion in float64; and a circuit's winner changes when another unit's
// input becomes the largest.
func TestWtaOnline(t *testing.T) {
	cpu := wtaBackend(t, "cpu")
	one := layers.NewWta(1)
	one.Alpha, one.Beta1 = 0, 0
	g := graph.New(graph.Config{Dt: one.Dt})
	in := g.Add("in", &ops.Input{N: 1})
	one.Add(g, in.Out("out"), 1)
	prog, err := cpu.Compile(g)
	if err != nil {
		t.Fatal(err)
	}
	defer prog.Close()
	want, eta := 0.0, one.Dt.Seconds()/one.Tau.Seconds()
	got := make([]float32, 1)
	for tick := range 300 {
		v := float32(1 + math.Sin(float64(tick)/20))
		if err := errors.Join(prog.Write("in", []float32{v}), prog.Run(1), prog.Read("wta.x", got)); err != nil {
			t.Fatal(err)
		}
		want += eta * (float64(v) - want)
		if math.Abs(float64(got[0])-want) > 1e-5 {
			t.Fatalf("tick %d: x = %v, want %.6f", tick, got[0], want)
		}
	}

	l := layers.NewWta(3)
	g = graph.New(graph.Config{Dt: l.Dt})
	in = g.Add("in", &ops.Input{N: 3})
	l.Add(g, in.Out("out"), 1)
	if prog, err = cpu.Compile(g); err != nil {
		t.Fatal(err)
	}
	defer prog.Close()
	x := make([]float32, 3)
	for _, step := range []struct {
		in     []float32
		winner int
	}{{[]float32{1, 0.5, 0.2}, 0}, {[]float32{0.5, 1.5, 0.2}, 1}, {[]float32{0.2, 0.5, 2}, 2}} {
		if err := errors.Join(prog.Write("in", step.in), prog.Run(500), prog.Read("wta.x", x)); err != nil {
			t.Fatal(err)
		}
		for i, v := range x {
			if (v > 1e-6) != (i == step.winner) { // losers decay over hundreds of ticks
				t.Errorf("input %v: x = %v, want unit %d alone", step.in, x, step.winner)
				break
			}
		}
	}
}

// TestWtaErrors: bad parameters and shapes are errors naming the layer.
func TestWtaErrors(t *testing.T) {
	cpu := wtaBackend(t, "cpu")
	l := layers.NewWta(4)
	if _, err := l.Solve(cpu, make([]float32, 6)); !errors.Is(err, ops.ErrShape) || !strings.Contains(err.Error(), `wta "wta"`) {
		t.Errorf("6 values for maps of 4: %v", err)
	}
	l.Alpha, l.Name = 2.5, "w"
	if _, err := l.Solve(cpu, make([]float32, 8)); !errors.Is(err, ops.ErrParam) || !strings.Contains(err.Error(), `"w"`) {
		t.Errorf("Alpha = 2.5: %v", err)
	}
	l = layers.NewWta(4)
	l.MaxIter, l.Tau = 3, 100*time.Millisecond
	sol, err := l.Solve(cpu, wtaInputs(1, 4))
	if !errors.Is(err, layers.ErrNotConverged) || sol.Ticks != 3 || sol.Iters[0] != 3 {
		t.Errorf("3 iterations: %v, %d ticks, Iters %v", err, sol.Ticks, sol.Iters)
	}
}
