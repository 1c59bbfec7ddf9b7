package layers

import (
	"errors"
	"math"
	"runtime"
	"slices"
	"testing"

	"github.com/spikeflow/spikeflow/ops"
)

// pairD2 is the squared distance from Pre neuron j to Post neuron i as
// Local3D computes it (float32, each product rounded), in the nearest
// image of i on periodic axes; ok is false when it exceeds Cutoff.
func pairD2(c Local3D, j, i int) (d2 float32, ok bool) {
	s, q := c.Pre.At(j), c.Post.At(i)
	for a := range 3 {
		shifts := []float64{0}
		if c.Periodic[a] {
			l := c.Post.Bounds.Max[a] - c.Post.Bounds.Min[a]
			shifts = []float64{-l, 0, l}
		}
		best := float32(math.Inf(1))
		for _, sh := range shifts {
			d := q[a] - float32(float64(s[a])-sh)
			best = min(best, float32(d*d))
		}
		d2 += best
	}
	return d2, d2 <= float32(c.Cutoff*c.Cutoff)
}

// TestLocal3DFindsEveryPair: with P0 = 1 and a Sigma so large that p = 1
// within Cutoff, Local3D must connect exactly the pairs within Cutoff,
// which a loop over all pairs finds independently of the grid. Cases
// cover open and periodic boxes (with few cells, so images meet), two
// populations whose extents differ, a flat sheet, and NoAutapses.
func TestLocal3DFindsEveryPair(t *testing.T) {
	box := func(n int, side float64, seed uint64) Positions {
		p, err := UniformBox(n, Box{Max: [3]float64{side, side, side}}, seed)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	sheet, _, err := Sheets(12, 9, 5, Sheet{Z: 1, Density: 8})
	if err != nil {
		t.Fatal(err)
	}
	wide, err := UniformBox(3000, Box{Min: [3]float64{-4, -4, -4}, Max: [3]float64{12, 12, 12}}, 6)
	if err != nil {
		t.Fatal(err)
	}
	b1, b2, sparse := box(1500, 8, 1), box(1200, 5.2, 2), box(6000, 30, 3)
	cases := map[string]Local3D{
		"open":        {Pre: b1, Post: b1, Cutoff: 1.7},
		"periodic":    {Pre: b1, Post: b1, Cutoff: 1.7, Periodic: [3]bool{true, true, true}},
		"few-cells":   {Pre: b2, Post: b2, Cutoff: 2.5, Periodic: [3]bool{true, false, true}},
		"two-pops":    {Pre: wide, Post: b1, Cutoff: 1.3},
		"sheet":       {Pre: sheet, Post: sheet, Cutoff: 1, Periodic: [3]bool{true, true, false}},
		"no-autapses": {Pre: b2, Post: b2, Cutoff: 1.1, NoAutapses: true},
		// 75^3 cells of Cutoff/2 would far outnumber the neurons: the
		// grid enlarges its cells.
		"few-neurons": {Pre: sparse, Post: sparse, Cutoff: 0.8, NoAutapses: true},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			c.P0, c.Sigma, c.Name = 1, 1e9, name
			m, err := c.Build()
			if err != nil {
				t.Fatal(err)
			}
			rows := rowsOf(t, m)
			checkRows(t, rows)
			check := c.Pre.Len()
			if testing.Short() {
				check = min(check, 300) // the loop over all pairs is slow under -race
			}
			for j := range check {
				var want []int32
				for i := range c.Post.Len() {
					if _, ok := pairD2(c, j, i); ok && !(c.NoAutapses && i == j) {
						want = append(want, int32(i))
					}
				}
				if !slices.Equal(rows[j], want) {
					t.Fatalf("row %d: %d targets %v, want %d %v", j, len(rows[j]), rows[j], len(want), want)
				}
			}
			if m.NNZ() < 1000 {
				t.Errorf("only %d synapses: the case tests little", m.NNZ())
			}
		})
	}
}

// TestLocal3DDistance: the fraction of pairs connected at distance d must
// be P0 exp(-d^2 / 2 Sigma^2). Given the positions, pairs connect
// independently, so the count O_b of connections among the pairs of
// distance bin b has mean E_b = sum of p and variance V_b = sum of p(1-p)
// over those pairs, and sum_b (O_b - E_b)^2 / V_b is chi-square with one
// degree of freedom per bin (tested at alpha). No pair beyond Cutoff may
// connect.
func TestLocal3DDistance(t *testing.T) {
	if testing.Short() {
		t.Skip("a loop over 25M pairs; runs without -short")
	}
	const n, bins = 5000, 12
	side := math.Cbrt(n) // density 1
	pos, err := UniformBox(n, Box{Max: [3]float64{side, side, side}}, 11)
	if err != nil {
		t.Fatal(err)
	}
	c := Local3D{Pre: pos, Post: pos, P0: 0.8, Sigma: 1, Cutoff: 3, Periodic: [3]bool{true, true, true}, Seed: 3, Name: "dist"}
	m, err := c.Build()
	if err != nil {
		t.Fatal(err)
	}
	var obs, exp, vr [bins]float64
	for j, row := range rowsOf(t, m) {
		for i := range n {
			d2, ok := pairD2(c, j, i)
			connected := len(row) > 0 && row[0] == int32(i)
			if connected {
				row = row[1:]
			}
			if !ok {
				if connected {
					t.Fatalf("pair (%d, %d) connected at distance %v > Cutoff", j, i, math.Sqrt(float64(d2)))
				}
				continue
			}
			p := c.P0 * math.Exp(-float64(d2)/(2*c.Sigma*c.Sigma))
			b := min(int(math.Sqrt(float64(d2))/c.Cutoff*bins), bins-1)
			exp[b] += p
			vr[b] += p * (1 - p)
			if connected {
				obs[b]++
			}
		}
	}
	chi2 := 0.0
	for b := range bins {
		chi2 += (obs[b] - exp[b]) * (obs[b] - exp[b]) / vr[b]
	}
	chi2Check(t, "Local3D connections by distance", chi2, bins)
	t.Logf("%d synapses; chi-square %.1f over %d distance bins", m.NNZ(), chi2, bins)
}

// TestLocal3DDegrees: on a periodic grid every neuron sees the same
// neighbours, so its out-degree is a sum of independent Bernoulli(p_i) over
// them, Poisson-binomial, and so is every in-degree. Chi-square at alpha
// for both, against the exact distribution computed from the offsets.
func TestLocal3DDegrees(t *testing.T) {
	pos, err := Grid(14, 14, 14, 1)
	if err != nil {
		t.Fatal(err)
	}
	c := Local3D{Pre: pos, Post: pos, P0: 0.9, Sigma: 1.2, Cutoff: 2.6, NoAutapses: true,
		Periodic: [3]bool{true, true, true}, Seed: 7, Name: "deg"}
	m, err := c.Build()
	if err != nil {
		t.Fatal(err)
	}
	pmf := []float64{1} // the Poisson-binomial law of neuron 0's degree, term by term
	for i := 1; i < pos.Len(); i++ {
		if d2, ok := pairD2(c, 0, i); ok {
			p := c.P0 * math.Exp(-float64(d2)/(2*c.Sigma*c.Sigma))
			next := make([]float64, len(pmf)+1)
			for k, q := range pmf {
				next[k] += q * (1 - p)
				next[k+1] += q * p
			}
			pmf = next
		}
	}
	out := make([]int, pos.Len())
	in := make([]int, pos.Len())
	for j, r := range rowsOf(t, m) {
		out[j] = len(r)
		for _, i := range r {
			in[i]++
		}
	}
	law := func(k int) float64 { return pmf[k] }
	pmfChi2(t, "Local3D out-degree", out, law, len(pmf)-1)
	pmfChi2(t, "Local3D in-degree", in, law, len(pmf)-1)
}

// TestLocal3DExpectedDegree: in a periodic box of uniform density, the mean
// out-degree must match ExpectedDegree (which counts other neurons only,
// hence NoAutapses). Not a hypothesis test: the
// tolerance, 2%, is about ten standard errors of the mean here.
func TestLocal3DExpectedDegree(t *testing.T) {
	const n, density = 20000, 2.0
	side := math.Cbrt(n / density)
	pos, err := UniformBox(n, Box{Max: [3]float64{side, side, side}}, 12)
	if err != nil {
		t.Fatal(err)
	}
	c := Local3D{Pre: pos, Post: pos, P0: 0.7, Sigma: 1.1, Cutoff: 2.5, NoAutapses: true,
		Periodic: [3]bool{true, true, true}, Name: "mean"}
	m, err := c.Build()
	if err != nil {
		t.Fatal(err)
	}
	mean, want := float64(m.NNZ())/n, c.ExpectedDegree(density)
	if math.Abs(mean/want-1) > 0.02 {
		t.Errorf("mean out-degree %.3f, ExpectedDegree %.3f", mean, want)
	}
}

func TestLocal3DDeterministic(t *testing.T) {
	pos, err := UniformBox(5000, Box{Max: [3]float64{17, 17, 17}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	c := Local3D{Pre: pos, Post: pos, P0: 0.5, Sigma: 1, Cutoff: 3, Weight: Normal{Mu: 1, Sigma: 0.1}, Seed: 1, Name: "det"}
	old := runtime.GOMAXPROCS(1)
	a, err1 := c.Build()
	runtime.GOMAXPROCS(2)
	b, err2 := c.Build()
	runtime.GOMAXPROCS(old)
	if err := errors.Join(err1, err2); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.RowPtr, b.RowPtr) || !slices.Equal(a.Target, b.Target) || !slices.Equal(a.Weight, b.Weight) {
		t.Fatal("same seed, different projection at GOMAXPROCS 1 and 2")
	}
	if len(a.Weight) != a.NNZ() {
		t.Errorf("%d weights for %d synapses", len(a.Weight), a.NNZ())
	}
	// NoAutapses removes j -> j and nothing else.
	c.NoAutapses = true
	d, err := c.Build()
	if err != nil {
		t.Fatal(err)
	}
	self := 0
	for j, r := range rowsOf(t, a) {
		want := slices.DeleteFunc(slices.Clone(r), func(i int32) bool { return int(i) == j })
		self += len(r) - len(want)
		if got := d.Target[d.RowPtr[j]:d.RowPtr[j+1]]; !slices.Equal(got, want) {
			t.Fatalf("NoAutapses row %d = %v, want %v", j, got, want)
		}
	}
	if self < 1000 { // P0 = 0.5: about half the neurons connect to themselves
		t.Errorf("only %d autapses without NoAutapses", self)
	}
	c.NoAutapses, c.Seed = false, 2
	if e, _ := c.Build(); slices.Equal(a.Target, e.Target) {
		t.Error("another seed gives the same connectivity")
	}
}

func TestLocal3DEdges(t *testing.T) {
	pos, _ := Grid(3, 3, 3, 1)
	for name, c := range map[string]Local3D{
		"P0=0":       {Pre: pos, Post: pos, P0: 0, Sigma: 1, Cutoff: 2},
		"empty pre":  {Post: pos, P0: 1, Sigma: 1, Cutoff: 2},
		"empty post": {Pre: pos, P0: 1, Sigma: 1, Cutoff: 2, Weight: Uniform{Min: 0, Max: 1}},
	} {
		m, err := c.Build()
		if err != nil || m.NNZ() != 0 || m.Pre != c.Pre.Len() || m.Check() != nil {
			t.Errorf("%s: %v, %v", name, m, err)
		}
	}
	// Far-apart populations: no synapse, and no overflow in the cell range.
	far := Positions{X: []float32{1e30}, Y: []float32{-1e30}, Z: []float32{0}}
	if m, err := (Local3D{Pre: far, Post: pos, P0: 1, Sigma: 1, Cutoff: 2}).Build(); err != nil || m.NNZ() != 0 {
		t.Errorf("far source: %v, %v", m, err)
	}
}

func TestLocal3DErrors(t *testing.T) {
	pos, _ := Grid(4, 4, 4, 1)
	small, _ := Grid(2, 2, 2, 1)
	nanPos := Positions{X: []float32{0, float32(math.NaN())}, Y: []float32{0, 0}, Z: []float32{0, 0}}
	ragged := Positions{X: []float32{0, 1}, Y: []float32{0}, Z: []float32{0, 0}}
	outside := pos
	outside.Bounds.Max[0] = 3 // neurons at x = 3.5 lie outside
	ok := Local3D{Pre: pos, Post: pos, P0: 0.5, Sigma: 1, Cutoff: 1.5}
	for name, mod := range map[string]func(*Local3D){
		"P0>1":          func(c *Local3D) { c.P0 = 1.5 },
		"P0 NaN":        func(c *Local3D) { c.P0 = math.NaN() },
		"Sigma=0":       func(c *Local3D) { c.Sigma = 0 },
		"Sigma<0":       func(c *Local3D) { c.Sigma = -1 },
		"Sigma NaN":     func(c *Local3D) { c.Sigma = math.NaN() },
		"Cutoff<0":      func(c *Local3D) { c.Cutoff = -1 },
		"Cutoff=0":      func(c *Local3D) { c.Cutoff = 0 },
		"Cutoff=Inf":    func(c *Local3D) { c.Cutoff = math.Inf(1) },
		"NaN position":  func(c *Local3D) { c.Post = nanPos },
		"ragged":        func(c *Local3D) { c.Pre = ragged },
		"NoAutapses":    func(c *Local3D) { c.Post, c.NoAutapses = small, true },
		"short period":  func(c *Local3D) { c.Cutoff, c.Periodic = 2, [3]bool{false, true, false} },
		"outside box":   func(c *Local3D) { c.Post, c.Periodic = outside, [3]bool{true, false, false} },
		"bad weight":    func(c *Local3D) { c.Weight = TruncNormal{Mu: 0, Sigma: 1, Min: 2, Max: 1} },
		"float32 range": func(c *Local3D) { c.Weight = Constant(1e300) },
	} {
		c := ok
		mod(&c)
		c.Name = name
		_, err := c.Build()
		if !errors.Is(err, ops.ErrParam) {
			t.Errorf("%s: err = %v, want ErrParam", name, err)
		}
	}
	if _, err := ok.Build(); err != nil {
		t.Errorf("valid rule: %v", err)
	}
}
