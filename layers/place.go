package layers

import (
	"fmt"
	"math"
	"slices"

	"github.com/spikeflow/spikeflow/rng"
)

// Box is the axis-aligned box [Min, Max) in 3D space, in whatever length
// unit the model uses (µm, say); coordinates are x, y, z.
type Box struct{ Min, Max [3]float64 }

// Size returns the box's extent along each axis.
func (b Box) Size() [3]float64 {
	return [3]float64{b.Max[0] - b.Min[0], b.Max[1] - b.Min[1], b.Max[2] - b.Min[2]}
}

// Positions places a population's neurons in space: neuron i is at
// (X[i], Y[i], Z[i]). Coordinates are float32, like all of spikeflow's
// state, and are kept by axis so that a plot takes X and Y as they are and
// the distance scan of Local3D reads them without gathering.
type Positions struct {
	X, Y, Z []float32
	// Bounds is the box the neurons were placed in (it may be larger than
	// the points' own extent). Periodic boundaries in Local3D wrap it.
	// The placement functions set it; set it by hand for positions made
	// otherwise.
	Bounds Box
}

// Len is the number of neurons.
func (p Positions) Len() int { return len(p.X) }

// At returns neuron i's coordinates.
func (p Positions) At(i int) [3]float32 { return [3]float32{p.X[i], p.Y[i], p.Z[i]} }

// check reports unequal axis lengths, non-finite coordinates and a
// population too large for int32 synapse targets.
func (p Positions) check(c *paramCheck, field string) {
	if len(p.Y) != len(p.X) || len(p.Z) != len(p.X) {
		c.failf("%s: len(X), len(Y), len(Z) = %d, %d, %d, must be equal", field, len(p.X), len(p.Y), len(p.Z))
		return
	}
	if len(p.X) > math.MaxInt32 {
		c.failf("%s: %d neurons, at most %d can be indexed by int32 targets", field, len(p.X), math.MaxInt32)
	}
	for a, xs := range [3][]float32{p.X, p.Y, p.Z} {
		if i, n := firstNonFinite32(xs); n > 0 {
			c.failf("%s.%c[%d] = %v, must be finite (%d non-finite coordinates)", field, "XYZ"[a], i, xs[i], n)
		}
	}
}

func firstNonFinite32(xs []float32) (first, count int) {
	first = -1
	for i, x := range xs {
		if !finite32(x) {
			if first < 0 {
				first = i
			}
			count++
		}
	}
	return first, count
}

// Grid places nx*ny*nz neurons on a regular grid with the given spacing,
// at the centres of the cells of Bounds = [0, n*spacing) along each axis,
// so that under periodic boundaries the last neuron of a line is one
// spacing from the first. Neuron (x, y, z) has index (z*ny + y)*nx + x.
func Grid(nx, ny, nz int, spacing float64) (Positions, error) {
	c := newCheck("Grid", "")
	c.size("nx", nx)
	c.size("ny", ny)
	c.size("nz", nz)
	c.positive("spacing", spacing)
	if n := float64(nx) * float64(ny) * float64(nz); n > math.MaxInt32 {
		c.failf("%d x %d x %d = %.4g neurons, at most %d can be indexed by int32 targets", nx, ny, nz, n, math.MaxInt32)
	}
	if err := c.err(); err != nil {
		return Positions{}, err
	}
	n := nx * ny * nz
	p := Positions{X: make([]float32, n), Y: make([]float32, n), Z: make([]float32, n)}
	p.Bounds.Max = [3]float64{float64(nx) * spacing, float64(ny) * spacing, float64(nz) * spacing}
	parallelRows(0, n, func(i int) {
		x, y, z := i%nx, (i/nx)%ny, i/(nx*ny)
		p.X[i] = float32((float64(x) + 0.5) * spacing)
		p.Y[i] = float32((float64(y) + 0.5) * spacing)
		p.Z[i] = float32((float64(z) + 0.5) * spacing)
	})
	return p, nil
}

// UniformBox places n neurons independently and uniformly in box. The
// coordinates of point i come from one Philox block keyed by (seed,
// Stream("layers.UniformBox"), 0, i); give different populations different
// seeds.
//
// The points are then numbered along a Z-order (Morton) curve, so that
// neurons close in space have close indices. The set of positions is
// still that of n independent uniform points, but a neuron's synapses to
// its neighbours now land in a few runs of nearby indices: fewer cache
// lines touched when a spike is delivered, and when Local3D builds them.
func UniformBox(n int, box Box, seed uint64) (Positions, error) {
	c := newCheck("UniformBox", "")
	if c.size("n", n) && n > math.MaxInt32 {
		c.failf("n = %d, at most %d neurons can be indexed by int32 targets", n, math.MaxInt32)
	}
	checkBox(c, "box", box)
	if err := c.err(); err != nil {
		return Positions{}, err
	}
	p := uniformPoints(n, box, rng.NewKey(seed), rng.Stream("layers.UniformBox"), 0)
	p.Bounds = box
	return p, nil
}

func checkBox(c *paramCheck, field string, b Box) {
	for a := range 3 {
		lo, hi := b.Min[a], b.Max[a]
		if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || lo > hi {
			c.failf("%s: %c range [%v, %v), must be finite with Min <= Max", field, "xyz"[a], lo, hi)
		}
	}
}

// uniformPoints draws n points uniformly in box from (key, stream, tick)
// and numbers them in Morton order.
func uniformPoints(n int, box Box, key rng.Key, stream uint32, tick uint64) Positions {
	var axes [3][]float32
	size := box.Size()
	for a := range axes {
		axes[a] = make([]float32, n)
	}
	parallelRows(0, n, func(i int) {
		w := key.Block(stream, tick, uint32(i))
		for a := range axes {
			axes[a][i] = inBox(box.Min[a]+rng.ToFloat64Open(w[a])*size[a], box.Min[a], box.Max[a])
		}
	})
	order := mortonOrder(axes, box)
	var p Positions
	for a, dst := range []*[]float32{&p.X, &p.Y, &p.Z} {
		*dst = make([]float32, n)
		parallelRows(0, n, func(i int) { (*dst)[i] = axes[a][order[i]] })
	}
	return p
}

// inBox rounds x to float32 and keeps it below hi: rounding to float32
// may otherwise reach the open bound.
func inBox(x, lo, hi float64) float32 {
	f := float32(x)
	if float64(f) >= hi && hi > lo {
		f = math.Nextafter32(float32(hi), float32(math.Inf(-1)))
	}
	return f
}

// mortonOrder returns the indices of the points sorted by their Z-order
// code at 10 bits per axis (a 1024^3 lattice over box), ties by index.
// Code and index share one uint64 key, so the sort compares integers.
func mortonOrder(axes [3][]float32, box Box) []int32 {
	n := len(axes[0])
	keys := make([]uint64, n)
	size := box.Size()
	parallelRows(0, n, func(i int) {
		var code uint64
		for a := range 3 {
			q := uint64(0)
			if size[a] > 0 {
				q = uint64(min(max((float64(axes[a][i])-box.Min[a])/size[a], 0)*1024, 1023))
			}
			code |= spread3(q) << a
		}
		keys[i] = code<<32 | uint64(i)
	})
	slices.Sort(keys)
	order := make([]int32, n)
	for i, k := range keys {
		order[i] = int32(uint32(k))
	}
	return order
}

// spread3 moves the 10 low bits of v to every third bit.
func spread3(v uint64) uint64 {
	v &= 0x3ff
	v = (v | v<<16) & 0x030000ff
	v = (v | v<<8) & 0x0300f00f
	v = (v | v<<4) & 0x030c30c3
	v = (v | v<<2) & 0x09249249
	return v
}

// Sheet is one layer of neurons parallel to the xy plane: Density neurons
// per unit area, uniform in z over [Z - Thickness/2, Z + Thickness/2]
// (Thickness 0: a flat sheet at Z).
type Sheet struct {
	Z, Thickness float64
	Density      float64
}

// Sheets places layered sheets over the area [0, width) x [0, length),
// e.g. the layers of a cortical column. Sheet s holds round(Density *
// width * length) neurons, placed like UniformBox (keyed by tick s, so
// adding a sheet does not move the others) and numbered after the neurons
// of the sheets before it; first[s] is the index of its first neuron and
// first[len(sheets)] the total.
func Sheets(width, length float64, seed uint64, sheets ...Sheet) (p Positions, first []int, err error) {
	c := newCheck("Sheets", "")
	c.positive("width", width)
	c.positive("length", length)
	first = make([]int, len(sheets)+1)
	total := 0.0
	for s, sh := range sheets {
		field := fmt.Sprintf("sheets[%d]", s)
		if math.IsNaN(sh.Z) || math.IsInf(sh.Z, 0) {
			c.failf("%s.Z = %v, must be finite", field, sh.Z)
		}
		if !(sh.Thickness >= 0) || math.IsInf(sh.Thickness, 0) {
			c.failf("%s.Thickness = %v, must be finite and >= 0", field, sh.Thickness)
		}
		if !(sh.Density >= 0) || math.IsInf(sh.Density, 0) {
			c.failf("%s.Density = %v, must be finite and >= 0", field, sh.Density)
		}
		total += math.Round(sh.Density * width * length)
	}
	if total > math.MaxInt32 {
		c.failf("%.4g neurons, at most %d can be indexed by int32 targets", total, math.MaxInt32)
	}
	if err := c.err(); err != nil {
		return Positions{}, nil, err
	}
	key, stream := rng.NewKey(seed), rng.Stream("layers.Sheets")
	p.Bounds = Box{Min: [3]float64{0, 0, math.Inf(1)}, Max: [3]float64{width, length, math.Inf(-1)}}
	for s, sh := range sheets {
		n := int(math.Round(sh.Density * width * length))
		first[s+1] = first[s] + n
		box := Box{Min: [3]float64{0, 0, sh.Z - sh.Thickness/2}, Max: [3]float64{width, length, sh.Z + sh.Thickness/2}}
		q := uniformPoints(n, box, key, stream, uint64(s))
		p.X, p.Y, p.Z = append(p.X, q.X...), append(p.Y, q.Y...), append(p.Z, q.Z...)
		p.Bounds.Min[2] = math.Min(p.Bounds.Min[2], box.Min[2])
		p.Bounds.Max[2] = math.Max(p.Bounds.Max[2], box.Max[2])
	}
	if len(sheets) == 0 {
		p.Bounds.Min[2], p.Bounds.Max[2] = 0, 0
	}
	return p, first, nil
}
