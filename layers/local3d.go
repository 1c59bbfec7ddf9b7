package layers

import (
	"math"
	"slices"
	"sync/atomic"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/spikeflow/spikeflow/ops"
	"github.com/spikeflow/spikeflow/rng"
)

// Local3D connects neurons placed in space to their neighbours: neuron j
// of Pre connects to neuron i of Post with probability
//
//	p(d) = P0 * exp(-d^2 / (2 Sigma^2))   for d <= Cutoff, 0 beyond,
//
// d being the Euclidean distance between them (the minimum-image distance
// on Periodic axes, which wrap Post.Bounds). This is the Gaussian kernel
// of NEST's spatial connections and of Brian2's
// connect(p='p0*exp(-d**2/(2*sigma**2))'), with the cutoff that makes
// construction local: pairs are found through a spatial grid (grid.go),
// so the cost grows with the number of synapses, not with Pre x Post.
//
// Randomness: source j draws one 32-bit uniform per candidate (a Post
// neuron within Cutoff), keyed by (Seed, Stream(Name), j, candidate
// number), the candidates numbered in the order the grid scan meets them
// (the layout is in gaussAccept). A candidate is a synapse when its
// uniform is below p(d). The network therefore depends only on the
// parameters and the positions, not on the number of cores. Rows list
// their targets in increasing order.
type Local3D struct {
	Pre, Post Positions
	P0        float64 // connection probability at distance 0, in [0, 1]
	Sigma     float64 // width of the Gaussian, > 0, in the positions' unit
	Cutoff    float64 // no synapse beyond this distance, > 0; 3 Sigma keeps 97% of the kernel's mass
	// NoAutapses drops the synapse from neuron j to neuron j; it is for
	// recurrent projections (Pre and Post the same population) and needs
	// Pre and Post of the same size. Whether j would have connected to
	// itself is still drawn, so the flag changes nothing else.
	NoAutapses bool
	// Periodic wraps distances along x, y, z around Post.Bounds, which
	// must then hold every neuron of Pre and Post and be longer than 2
	// Cutoff on that axis, so each pair is within Cutoff in at most one
	// image.
	Periodic [3]bool
	Weight   Dist // nil: Constant(1)
	Seed     uint64
	Name     string // keys the random streams
}

// cellsPerCutoff sets the grid's cell edge to Cutoff/cellsPerCutoff.
// Cells of edge Cutoff (27 scanned) test 27 Cutoff^3 worth of points for
// a ball of 4.2 Cutoff^3; halving the edge and scanning only the cells
// the ball touches, one x-run per (y, z) row, tests about half as many
// points, and building was measured 1.25x faster. Thirds and quarters
// test fewer points still but in more, shorter runs, and were no faster.
const cellsPerCutoff = 2

// acceptBins is the resolution of the table that spares most candidates
// an exp(): 1024 bins of d^2 over [0, Cutoff^2] leave about 0.5% of
// candidates undecided by the table's bounds.
const acceptBins = 1024

// Build generates the connectivity.
func (c Local3D) Build() (ops.CSR, error) {
	if err := c.validate(); err != nil {
		return ops.CSR{}, err
	}
	pre, post := c.Pre.Len(), c.Post.Len()
	if c.P0 == 0 || pre == 0 || post == 0 {
		m := ops.CSR{Pre: pre, Post: post, RowPtr: make([]int32, pre+1), Target: []int32{}}
		return m, sampleWeights(&m, c.Weight, c.Seed, c.Name, "Local3D")
	}
	grid := newCellGrid(c.Post, c.Cutoff/cellsPerCutoff, c.Periodic, c.Post.Bounds)
	acc := newGaussAccept(c.P0, c.Sigma, c.Cutoff)
	key, stream := rng.NewKey(c.Seed), rng.Stream(c.Name)
	// The scan radius carries slack for rounding: the cell bounds are
	// float64, the decisive d^2 <= Cutoff^2 test is float32 (coordinates
	// good to 6e-8 of their magnitude), and scanning a little more only
	// tests a few more points.
	scan := c.Cutoff * (1 + 1e-5)
	postScale := maxAbs(c.Post)

	periodic := c.Periodic != [3]bool{}
	rows := newBlockRows(pre)
	var total atomic.Int64
	parallelBlocksWith(0, pre, rowBlock, newLocal3DScratch, func(w *local3DScratch, b, lo, hi int) {
		if total.Load() > math.MaxInt32 {
			return // too many synapses: stop early, Build reports it
		}
		buf := make([]int32, 0, 64*(hi-lo))
		for j := lo; j < hi; j++ {
			s := [3]float64{float64(c.Pre.X[j]), float64(c.Pre.Y[j]), float64(c.Pre.Z[j])}
			slack := 1e-6 * (max(math.Abs(s[0]), math.Abs(s[1]), math.Abs(s[2])) + postScale)
			w.runs = grid.runs(w.runs[:0], s, scan+slack)
			w.cand = acc.gather(w.cand[:0], grid.pts, w.runs)
			n0 := len(buf)
			buf, w.slow = acc.decide(buf, w.slow, w.cand, key, stream, j)
			row := buf[n0:]
			w.sort = sortTargets(row, w.sort)
			if periodic {
				// Two images of a neuron can both lie within Cutoff only
				// when the box is 2 Cutoff long to float32 precision; the
				// neuron is still one target.
				row = slices.Compact(row)
				buf = buf[:n0+len(row)]
			}
			if k, self := slices.BinarySearch(row, int32(j)); self && c.NoAutapses {
				buf = slices.Delete(buf, n0+k, n0+k+1)
			}
			rows.count[j] = int32(len(buf) - n0)
		}
		rows.blocks[b] = buf
		total.Add(int64(len(buf)))
	})
	if total.Load() > math.MaxInt32 {
		ck := newCheck("Local3D", c.Name)
		ck.synapses(float64(total.Load()))
		return ops.CSR{}, ck.err()
	}
	m, _ := rows.assemble(post)
	return m, sampleWeights(&m, c.Weight, c.Seed, c.Name, "Local3D")
}

// local3DScratch is a worker's reusable buffers.
type local3DScratch struct {
	runs []cellRun
	cand []candidate
	slow []int32
	sort []int32
}

func newLocal3DScratch() *local3DScratch { return &local3DScratch{} }

func (c Local3D) validate() error {
	ck := newCheck("Local3D", c.Name)
	c.Pre.check(ck, "Pre")
	c.Post.check(ck, "Post")
	ck.prob("P0", c.P0)
	ck.positive("Sigma", c.Sigma)
	ck.positive("Cutoff", c.Cutoff)
	if c.NoAutapses && c.Pre.Len() != c.Post.Len() {
		ck.failf("NoAutapses needs Pre and Post of the same size, got %d and %d", c.Pre.Len(), c.Post.Len())
	}
	ck.weight(c.Weight)
	if err := ck.err(); err != nil {
		return err // the checks below assume well-formed positions
	}
	for a, wrap := range c.Periodic {
		if !wrap {
			continue
		}
		lo, hi := c.Post.Bounds.Min[a], c.Post.Bounds.Max[a]
		if !(hi-lo > 2*c.Cutoff) || math.IsInf(hi-lo, 0) {
			ck.failf("Periodic along %c: Post.Bounds [%v, %v) must be finite and longer than 2 Cutoff = %v",
				"xyz"[a], lo, hi, 2*c.Cutoff)
			continue
		}
		for _, p := range []struct {
			name string
			xs   []float32
		}{{"Pre", c.Pre.axis(a)}, {"Post", c.Post.axis(a)}} {
			for i, x := range p.xs {
				if float64(x) < lo || float64(x) > hi {
					ck.failf("Periodic along %c: %s neuron %d at %v lies outside Post.Bounds [%v, %v)", "xyz"[a], p.name, i, x, lo, hi)
					break
				}
			}
		}
	}
	return ck.err()
}

// ExpectedDegree is the mean out-degree of a neuron deep inside a
// population of uniform density (neurons per unit volume), or everywhere
// under periodic boundaries: density * P0 * (2 pi Sigma^2)^(3/2) *
// P(chi^2_3 <= (Cutoff/Sigma)^2), the Gaussian's integral over the ball of
// radius Cutoff. It counts other neurons only: a recurrent projection
// without NoAutapses adds P0, the chance of the synapse onto itself. It
// helps choose Sigma and P0 for a wanted degree.
func (c Local3D) ExpectedDegree(density float64) float64 {
	mass := distuv.ChiSquared{K: 3}.CDF(c.Cutoff * c.Cutoff / (c.Sigma * c.Sigma))
	return density * c.P0 * math.Pow(2*math.Pi*c.Sigma*c.Sigma, 1.5) * mass
}

func (p Positions) axis(a int) []float32 { return [3][]float32{p.X, p.Y, p.Z}[a] }

// maxAbs is the largest magnitude of a coordinate of p or of its Bounds.
func maxAbs(p Positions) float64 {
	m := 0.0
	for a := range 3 {
		for _, x := range p.axis(a) {
			m = math.Max(m, math.Abs(float64(x)))
		}
		m = math.Max(m, math.Max(math.Abs(p.Bounds.Min[a]), math.Abs(p.Bounds.Max[a])))
	}
	return m
}

// gaussAccept decides which candidates of a source become synapses.
//
// Candidate k of source j (k counts, in scan order, the Post neurons
// within Cutoff) carries the 32-bit uniform word
//
//	W = byte k%16 of Block(stream, j, k/16) << 24 | word 0 of Block(stream, j, 2^31+k) >> 8
//
// (byte b of a block is bits 8(b%4) to 8(b%4)+7 of its word b/4), and is a
// synapse when (W + 0.5) / 2^32 < p(d). That is one exact 32-bit uniform
// per candidate, but the low 24 bits only matter when the top byte ties
// with the threshold's, 1 time in 256: sixteen candidates share a Philox
// block, a quarter of what one word each would cost.
//
// exp costs more than the rest of a candidate's test, so a table holds,
// for each bin of d^2, the top byte of bounds on the threshold over the
// bin (widened by one bin on each side, so rounding in the bin index
// cannot put d^2 outside them). A top byte below the lower bound accepts,
// one above the upper bound rejects, and only in between (about 1% of
// candidates) is exp evaluated. Either way the decision is exactly the
// formula's.
type gaussAccept struct {
	c2      float32                 // Cutoff^2
	perD2   float32                 // table bins per unit of d^2
	bounds  *[acceptBins + 1]uint32 // per bin: top byte of the lower bound | upper bound's << 16
	p0      float64
	inv2sig float64 // 1 / (2 Sigma^2)
}

func newGaussAccept(p0, sigma, cutoff float64) *gaussAccept {
	c2 := cutoff * cutoff
	a := &gaussAccept{c2: float32(c2), perD2: float32(acceptBins / c2), bounds: new([acceptBins + 1]uint32),
		p0: p0, inv2sig: 1 / (2 * sigma * sigma)}
	threshold := func(bin int) uint64 { // at the lower edge of bin
		return a.threshold(float64(max(bin, 0)) / float64(a.perD2))
	}
	for b := range a.bounds {
		a.bounds[b] = uint32(threshold(b+2)>>24) | uint32(threshold(b-1)>>24)<<16
	}
	return a
}

// threshold is the number of words W with (W + 0.5)/2^32 < p(d), for d^2
// = d2: a candidate is a synapse iff W < threshold.
func (a *gaussAccept) threshold(d2 float64) uint64 {
	p := a.p0 * math.Exp(-d2*a.inv2sig)
	return uint64(max(0, math.Ceil(math.Ldexp(p, 32)-0.5)))
}

// candidate is a Post neuron within Cutoff of the source.
type candidate struct {
	d2 float32
	i  int32
}

// gather appends to cand the points of runs within Cutoff, in scan order.
// It is the inner loop of Local3D: subtract, square, compare. The point is
// stored whether or not it is within Cutoff, and the count advances only
// if it is, so there is no branch for the processor to mispredict: about
// half the points scanned lie outside the ball.
func (a *gaussAccept) gather(cand []candidate, pts []gridPoint, runs []cellRun) []candidate {
	need := len(cand)
	for _, r := range runs {
		need += int(r.hi - r.lo)
	}
	cand = slices.Grow(cand, need-len(cand))[:need]
	n := 0
	c2 := a.c2
	for _, r := range runs {
		x, y, z := r.at[0], r.at[1], r.at[2]
		for _, q := range pts[r.lo:r.hi] {
			dx, dy, dz := q.x-x, q.y-y, q.z-z
			// Each product is rounded before the sum, so no platform fuses
			// it into an FMA and the test is the same everywhere.
			d2 := float32(dx*dx) + float32(dy*dy) + float32(dz*dz)
			cand[n] = candidate{d2, q.i}
			// c2 - d2 >= 0, never -0, exactly when d2 <= c2: its sign bit
			// is the rejection.
			n += 1 - int(math.Float32bits(c2-d2)>>31)
		}
	}
	return cand[:n]
}

// decide appends to buf the candidates of source j that become synapses,
// in no particular order (rows are sorted afterwards). The loop has no
// data-dependent branch and no call: a candidate the table cannot decide
// is set aside in slow, and settled by exact after the loop.
func (a *gaussAccept) decide(buf []int32, slow []int32, cand []candidate, key rng.Key, stream uint32, j int) (_, _ []int32) {
	out := len(buf)
	buf = slices.Grow(buf, len(cand))[:out+len(cand)]
	slow = slices.Grow(slow[:0], len(cand))[:len(cand)]
	ns := 0
	perD2, bounds := a.perD2, a.bounds
	for k0 := 0; k0 < len(cand); k0 += 16 {
		block := key.Block(stream, uint64(j), uint32(k0>>4))
		for half := range 2 { // eight one-byte lanes per 64 bits
			lanes := uint64(block[2*half]) | uint64(block[2*half+1])<<32
			lo := k0 + 8*half
			for k, c := range cand[min(lo, len(cand)):min(lo+8, len(cand))] {
				top := uint32(lanes>>(8*k)) & 0xff
				b := bounds[min(int(c.d2*perD2), acceptBins)]
				below, width := top-b&0xffff, b>>16-b&0xffff // top - lower bound (wraps if top < it)
				buf[out] = c.i
				out += int(below >> 31)  // top < lower bound: a synapse
				slow[ns] = int32(lo + k) // lower <= top <= upper: undecided
				ns += int((uint64(width)-uint64(below))>>63 ^ 1)
			}
		}
	}
	for _, k := range slow[:ns] {
		c := cand[k]
		if a.exact(c.d2, key, stream, j, int(k)) {
			buf[out] = c.i
			out++
		}
	}
	return buf[:out], slow
}

// exact decides candidate k, at squared distance d2, from p(d).
func (a *gaussAccept) exact(d2 float32, key rng.Key, stream uint32, j, k int) bool {
	block := key.Block(stream, uint64(j), uint32(k>>4))
	top := uint64(block[k>>2&3] >> (8 * (k & 3)) & 0xff)
	t := a.threshold(float64(d2))
	if top != t>>24 {
		return top < t>>24
	}
	low := uint64(key.Block(stream, uint64(j), 1<<31|uint32(k))[0] >> 8)
	return top<<24|low < t
}
