package layers

import (
	"cmp"
	"errors"
	"math"
	"runtime"
	"slices"
	"testing"

	"github.com/spikeflow/spikeflow/ops"
	"github.com/spikeflow/spikeflow/rng"
)

func TestGrid(t *testing.T) {
	p, err := Grid(2, 3, 4, 10)
	if err != nil {
		t.Fatal(err)
	}
	if p.Len() != 24 {
		t.Fatalf("Len = %d, want 24", p.Len())
	}
	// Neuron (x, y, z) = (1, 2, 3) has index (3*3 + 2)*2 + 1 = 23.
	if got, want := p.At(23), [3]float32{15, 25, 35}; got != want {
		t.Errorf("At(23) = %v, want %v", got, want)
	}
	if got, want := p.At(0), [3]float32{5, 5, 5}; got != want {
		t.Errorf("At(0) = %v, want %v", got, want)
	}
	if want := (Box{Max: [3]float64{20, 30, 40}}); p.Bounds != want {
		t.Errorf("Bounds = %v, want %v", p.Bounds, want)
	}
	if e, err := Grid(0, 5, 5, 1); err != nil || e.Len() != 0 {
		t.Errorf("empty grid: %d neurons, %v", e.Len(), err)
	}
}

func TestUniformBox(t *testing.T) {
	box := Box{Min: [3]float64{-1, 0, 2}, Max: [3]float64{1, 4, 2.5}}
	old := runtime.GOMAXPROCS(1)
	a, err := UniformBox(20000, box, 3)
	runtime.GOMAXPROCS(old)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := UniformBox(20000, box, 3)
	if !slices.Equal(a.X, b.X) || !slices.Equal(a.Y, b.Y) || !slices.Equal(a.Z, b.Z) {
		t.Fatal("same seed, different positions across GOMAXPROCS")
	}
	if a.Bounds != box {
		t.Errorf("Bounds = %v, want %v", a.Bounds, box)
	}
	// The points are those of the documented draws, renumbered: compare
	// the sorted lists of coordinates with the draws made here.
	key, stream := rng.NewKey(3), rng.Stream("layers.UniformBox")
	var want, got [][3]float32
	for i := range a.Len() {
		w := key.Block(stream, 0, uint32(i))
		var q [3]float32
		for ax := range 3 {
			q[ax] = float32(box.Min[ax] + rng.ToFloat64Open(w[ax])*(box.Max[ax]-box.Min[ax]))
		}
		want, got = append(want, q), append(got, a.At(i))
	}
	byCoords := func(p, q [3]float32) int {
		return cmp.Or(cmp.Compare(p[0], q[0]), cmp.Compare(p[1], q[1]), cmp.Compare(p[2], q[2]))
	}
	slices.SortFunc(want, byCoords)
	slices.SortFunc(got, byCoords)
	if !slices.Equal(want, got) {
		t.Fatal("positions are not the documented draws")
	}
	// Occupancy of a 4x4x4 partition of the box: 64 equally likely cells.
	obs, exp := make([]float64, 64), make([]float64, 64)
	for i := range a.Len() {
		c := 0
		for ax, x := range a.At(i) {
			f := (float64(x) - box.Min[ax]) / (box.Max[ax] - box.Min[ax])
			if f < 0 || f >= 1 {
				t.Fatalf("neuron %d at %v outside %v", i, a.At(i), box)
			}
			c = 4*c + int(f*4)
		}
		obs[c]++
	}
	for c := range exp {
		exp[c] = float64(a.Len()) / 64
	}
	chi2Test(t, "UniformBox occupancy", obs, exp, 63)
	// Morton numbering: consecutive neurons are near each other. Numbered
	// at random, neurons i and i+1 would be about 1.5 apart on average in
	// this box; along the curve they are 0.12 apart (neighbours 0.06).
	sum := 0.0
	for i := 1; i < a.Len(); i++ {
		sum += dist(a.At(i), a.At(i-1))
	}
	if mean := sum / float64(a.Len()-1); mean > 0.3 {
		t.Errorf("mean distance between consecutive neurons %.3f: not spatially ordered", mean)
	}
}

func dist(p, q [3]float32) float64 {
	dx, dy, dz := float64(p[0]-q[0]), float64(p[1]-q[1]), float64(p[2]-q[2])
	return math.Sqrt(dx*dx + dy*dy + dz*dz)
}

func TestSheets(t *testing.T) {
	p, first, err := Sheets(10, 20, 7,
		Sheet{Z: 0, Thickness: 0, Density: 1.5},
		Sheet{Z: -5, Thickness: 2, Density: 0.26}, // 52 neurons
		Sheet{Z: 3, Thickness: 1, Density: 0})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{0, 300, 352, 352}; !slices.Equal(first, want) {
		t.Fatalf("first = %v, want %v", first, want)
	}
	if want := (Box{Min: [3]float64{0, 0, -6}, Max: [3]float64{10, 20, 3.5}}); p.Bounds != want {
		t.Errorf("Bounds = %v, want %v", p.Bounds, want)
	}
	for i := range p.Len() {
		x, y, z := p.At(i)[0], p.At(i)[1], p.At(i)[2]
		inSheet := (i < 300 && z == 0) || (i >= 300 && z >= -6 && z < -4)
		if x < 0 || x >= 10 || y < 0 || y >= 20 || !inSheet {
			t.Fatalf("neuron %d at (%v, %v, %v) outside its sheet", i, x, y, z)
		}
	}
	// Adding a sheet does not move the others.
	q, _, _ := Sheets(10, 20, 7, Sheet{Z: 0, Thickness: 0, Density: 1.5})
	if !slices.Equal(q.X, p.X[:300]) {
		t.Error("sheet 0 moved when other sheets were added")
	}
}

func TestPlacementErrors(t *testing.T) {
	nan := math.NaN()
	errs := []error{}
	add := func(err error) { errs = append(errs, err) }
	_, err := Grid(-1, 2, 2, 1)
	add(err)
	_, err = Grid(2, 2, 2, 0)
	add(err)
	_, err = Grid(2, 2, 2, nan)
	add(err)
	_, err = Grid(1<<11, 1<<11, 1<<10, 1) // 2^32 neurons
	add(err)
	_, err = UniformBox(-5, Box{Max: [3]float64{1, 1, 1}}, 1)
	add(err)
	_, err = UniformBox(5, Box{Min: [3]float64{2, 0, 0}, Max: [3]float64{1, 1, 1}}, 1)
	add(err)
	_, err = UniformBox(5, Box{Max: [3]float64{nan, 1, 1}}, 1)
	add(err)
	_, _, err = Sheets(10, 10, 1, Sheet{Density: -1})
	add(err)
	_, _, err = Sheets(10, 10, 1, Sheet{Density: 1, Thickness: nan})
	add(err)
	_, _, err = Sheets(-10, 10, 1, Sheet{Density: 1})
	add(err)
	for i, err := range errs {
		if !errors.Is(err, ops.ErrParam) {
			t.Errorf("case %d: err = %v, want ErrParam", i, err)
		}
	}
}
