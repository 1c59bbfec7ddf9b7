package layers

import "math"

// cellGrid is a spatial hash: points binned into a uniform grid of
// box-shaped cells, so that the points within a radius r of any place are
// found by scanning the cells the ball of radius r overlaps, not all
// points. Within a cell, points keep increasing index order, and the cells
// of one x-row are adjacent in memory, so a scan reads a few contiguous
// runs.
type cellGrid struct {
	origin [3]float64
	h, inv [3]float64 // cell edge along each axis, and its inverse
	n      [3]int     // cells along each axis
	period [3]float64 // box extent on periodic axes, 0 on open ones
	start  []int32    // cell c holds pts[start[c]:start[c+1]], c = (cz*ny + cy)*nx + cx
	pts    []gridPoint
}

// gridPoint is a point with its index in the population: 16 bytes, so a
// distance test reads one aligned record.
type gridPoint struct {
	x, y, z float32
	i       int32
}

// cellRun is a contiguous run of grid points to scan for one query point,
// with the query point's coordinates in the run's image (minus the
// periodic shift of the run's cells), so the scan subtracts and squares.
type cellRun struct {
	lo, hi int32
	at     [3]float32
}

// newCellGrid bins p into cells with edges of at least h. On periodic
// axes the cells tile bounds exactly; on open axes they cover the points'
// extent. The number of cells is capped at about twice the number of
// points (by enlarging cells), so that a tiny h cannot exhaust memory;
// larger cells only mean more points tested.
func newCellGrid(p Positions, h float64, periodic [3]bool, bounds Box) *cellGrid {
	g := &cellGrid{}
	axes := [3][]float32{p.X, p.Y, p.Z}
	var extent [3]float64
	for a := range 3 {
		if periodic[a] {
			g.origin[a], extent[a] = bounds.Min[a], bounds.Max[a]-bounds.Min[a]
			g.period[a] = extent[a]
			continue
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, x := range axes[a] {
			lo, hi = math.Min(lo, float64(x)), math.Max(hi, float64(x))
		}
		if lo > hi {
			lo, hi = 0, 0
		}
		g.origin[a], extent[a] = lo, hi-lo
	}
	maxCells := 2*float64(p.Len()) + 64
	for {
		cells := 1.0
		for a := range 3 {
			cells *= math.Max(1, math.Floor(extent[a]/h))
		}
		if cells <= maxCells {
			break
		}
		h *= 1.01 * math.Cbrt(cells/maxCells)
	}
	for a := range 3 {
		g.n[a] = max(1, int(extent[a]/h))
		g.h[a] = math.Max(extent[a]/float64(g.n[a]), h)
		if g.period[a] > 0 {
			g.h[a] = extent[a] / float64(g.n[a]) // tile the box exactly
		}
		g.inv[a] = 1 / g.h[a]
	}
	g.bin(axes)
	return g
}

// bin sorts the points into their cells, stably (a counting sort), so
// that each cell lists its points by increasing index.
func (g *cellGrid) bin(axes [3][]float32) {
	n := len(axes[0])
	cell := make([]int32, n)
	parallelRows(0, n, func(i int) {
		c := 0
		for a := 2; a >= 0; a-- {
			k := int(math.Floor((float64(axes[a][i]) - g.origin[a]) * g.inv[a]))
			c = c*g.n[a] + min(max(k, 0), g.n[a]-1)
		}
		cell[i] = int32(c)
	})
	g.start = make([]int32, g.n[0]*g.n[1]*g.n[2]+1)
	for _, c := range cell {
		g.start[c+1]++
	}
	for c := 1; c < len(g.start); c++ {
		g.start[c] += g.start[c-1]
	}
	next := append([]int32(nil), g.start[:len(g.start)-1]...)
	g.pts = make([]gridPoint, n)
	for i, c := range cell {
		g.pts[next[c]] = gridPoint{axes[0][i], axes[1][i], axes[2][i], int32(i)}
		next[c]++
	}
}

// runs appends to dst the runs of points that may lie within r of s:
// every cell the ball overlaps, as seen from s, is in some run, each cell
// at most once per periodic image. Cells are visited in increasing z,
// then y, then x (unwrapped) order, which fixes the order in which a
// query meets its candidates. Callers pass r with some slack, as the
// bounds are computed in float64 and the final distance test in float32.
func (g *cellGrid) runs(dst []cellRun, s [3]float64, r float64) []cellRun {
	var lo, hi [3]int
	for a := range 3 {
		lo[a], hi[a] = g.span(a, s[a], r)
		if lo[a] > hi[a] {
			return dst
		}
	}
	r2 := r * r
	nx, ny := g.n[0], g.n[1]
	for kz := lo[2]; kz <= hi[2]; kz++ {
		gz := g.gap(2, kz, s[2])
		if gz > r2 {
			continue
		}
		cz, shz := g.wrap(2, kz)
		for ky := lo[1]; ky <= hi[1]; ky++ {
			rem := r2 - gz - g.gap(1, ky, s[1])
			if rem < 0 {
				continue
			}
			cy, shy := g.wrap(1, ky)
			row := (cz*ny + cy) * nx
			// Only the x cells the ball's chord through this (y, z) slab
			// overlaps; a wrap splits them into runs of different shifts.
			xlo, xhi := g.span(0, s[0], math.Sqrt(rem))
			for k := xlo; k <= xhi; {
				cx, shx := g.wrap(0, k)
				last := min(xhi, k+nx-1-cx)
				dst = append(dst, cellRun{
					lo: g.start[row+cx], hi: g.start[row+cx+last-k+1],
					at: [3]float32{float32(s[0] - shx), float32(s[1] - shy), float32(s[2] - shz)},
				})
				k = last + 1
			}
		}
	}
	return dst
}

// span returns the unwrapped cell indices along axis a that [x-r, x+r]
// overlaps, clipped to the grid on open axes (lo > hi: none).
func (g *cellGrid) span(a int, x, r float64) (lo, hi int) {
	flo := math.Floor((x - r - g.origin[a]) * g.inv[a])
	fhi := math.Floor((x + r - g.origin[a]) * g.inv[a])
	if g.period[a] == 0 {
		// Clip before converting: a far query would overflow an int.
		n := float64(g.n[a])
		flo, fhi = math.Min(math.Max(flo, 0), n), math.Max(math.Min(fhi, n-1), -1)
	}
	return int(flo), int(fhi)
}

// gap is the squared distance along axis a from x to unwrapped cell k.
func (g *cellGrid) gap(a, k int, x float64) float64 {
	lo := g.origin[a] + float64(k)*g.h[a]
	d := math.Max(0, math.Max(lo-x, x-(lo+g.h[a])))
	return d * d
}

// wrap maps unwrapped cell k along axis a to its cell and the shift that
// carries the cell's points into the image containing k.
func (g *cellGrid) wrap(a, k int) (cell int, shift float64) {
	n := g.n[a]
	w := k / n
	if k < 0 && k%n != 0 {
		w--
	}
	return k - w*n, float64(w) * g.period[a]
}
