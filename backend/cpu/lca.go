package cpu

import (
	"math"
	mathbits "math/bits"
	"sync/atomic"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"

	"github.com/spikeflow/spikeflow/internal/blasimpl"
	"github.com/spikeflow/spikeflow/ops"
)

func init() { register(ops.KindLCA, newLCA) }

// lcaSignals is the number of signals one task iterates. A signal's tick
// costs from a few microseconds (a handful of active neurons) to tens
// (all of them), so 16 signals make a task worth handing to a helper.
const lcaSignals = 16

// lcaKernel is ops.LCA's reference tick with the same float32 operations
// in the same order, made fast by what the order allows:
//
//   - b = Phi^T x is recomputed only for signals whose input changed, as
//     a sum of the rows of Phi scaled by the nonzero x[m], in increasing m;
//   - G a is a sum of the rows of G (G is symmetric) of the active neurons
//     only, in increasing j, so a tick costs O(N x active), not O(N^2);
//     the update lists the active neurons as it writes the codes;
//   - both sums round every product before adding it, as the reference
//     does: lcaGatherAVX2 keeps 64 columns of the sum in registers while
//     it adds the rows (exactAxpy without AVX2);
//   - the update (du, moments, step, threshold) runs eight neurons at a
//     time in lcaUpdateAVX2, which also adds the squared steps and codes
//     for the stopping rule one neuron after the other, in the
//     reference's order;
//   - done signals cost a comparison of their input, and signals are
//     split into fixed groups run on all cores.
//
// Results are bit-identical to the reference for any number of workers,
// unless Backend.BLAS hands the inhibition to sgemm (see step).
type lcaKernel struct {
	p       *ops.LCA
	f       ops.LCAFactors
	g       []float32
	x, a    *buffer
	u, m, v []float32
	seen    []float32
	iters   []float32
	done    []float32
	b       []float32 // Phi^T seen, per signal
	prior   *buffer   // the top-down prior, or nil
	heard   []float32 // the prior last seen, per signal; nil without one
	scratch []lcaScratch
	// act[s*N:s*N+nact[s]] lists, in increasing order, the neurons of
	// signal s whose code (the output) is nonzero: the rows of G that
	// the next tick's inhibition sums.
	act      []int32
	nact     []int32
	pool     *pool
	runChunk func(c int)
	// With Backend.BLAS, step restarts the signals whose input changed
	// (runPrepare); if the codes of the signals still running are dense
	// enough, it packs them into gemmA, multiplies them by G in one sgemm
	// into gemmC and iterates from there (runIterate); otherwise it takes
	// the exact sparse path.
	blas                   bool
	row                    []int32 // signal's row in gemmA, or -1
	gemmA, gemmC           []float32
	density                float64 // smallest fraction of nonzero codes for sgemm
	runPrepare, runIterate func(c int)
}

// lcaGemms counts the sgemm calls of BLAS kernels, so that a test can see
// the BLAS path taken.
var lcaGemms atomic.Int64

// lcaScratch is one task's working memory: the inhibition c = G a, b +
// Gamma prior, the coefficients of the rows it sums, the squared steps
// and the nonzero masks of the vector update, and its constants.
type lcaScratch struct {
	c, bp, coef, sq []float32
	rows            []int32
	masks           []uint8
	consts          lcaConsts
}

// lcaConsts holds the constants of lcaUpdateAVX2, eight lanes each; its
// layout is part of lca_amd64.s.
type lcaConsts struct {
	step, beta1, oneMinusBeta1, beta2, oneMinusBeta2, eps [8]float32
	lambda, negLambda, shrink, half, threeHalf            [8]float32
	magic                                                 [8]uint32
}

func newLCAConsts(f *ops.LCAFactors) lcaConsts {
	var c lcaConsts
	negLambda, shrink := -f.Lambda, float32(0)
	if f.NonNegative {
		negLambda = float32(math.Inf(-1))
	}
	if f.Soft {
		shrink = f.Lambda
	}
	for i := range 8 {
		c.beta1[i], c.oneMinusBeta1[i] = f.Beta1, f.OneMinusBeta1
		c.beta2[i], c.oneMinusBeta2[i] = f.Beta2, f.OneMinusBeta2
		c.eps[i], c.lambda[i], c.negLambda[i], c.shrink[i] = f.Eps, f.Lambda, negLambda, shrink
		c.half[i], c.threeHalf[i], c.magic[i] = 0.5, 1.5, 0x5f375a86
	}
	return c
}

func newLCA(n *node) (kernel, error) {
	p := n.Op().(*ops.LCA)
	k := &lcaKernel{p: p, f: p.Factors(n.env.Dt), g: p.Gram(), x: n.in[0], a: n.out[0], pool: n.pool,
		u: make([]float32, p.B*p.N), seen: make([]float32, p.B*p.M), iters: make([]float32, p.B),
		done: make([]float32, p.B), b: make([]float32, p.B*p.N)}
	if p.Update == ops.UpdateAdam {
		k.m = make([]float32, p.B*p.N)
	}
	if p.Update != ops.UpdatePlain {
		k.v = make([]float32, p.B*p.N)
	}
	k.act, k.nact = make([]int32, p.B*p.N), make([]int32, p.B)
	k.scratch = make([]lcaScratch, (p.B+lcaSignals-1)/lcaSignals)
	consts := newLCAConsts(&k.f)
	for i := range k.scratch {
		k.scratch[i] = lcaScratch{c: make([]float32, p.N), coef: make([]float32, max(p.N, p.M)),
			sq: make([]float32, 2*p.N), rows: make([]int32, p.M), masks: make([]uint8, p.N/8), consts: consts}
	}
	if n.in[1] != nil {
		k.prior, k.heard = n.in[1], make([]float32, p.B*p.N)
		for i := range k.scratch {
			k.scratch[i].bp = make([]float32, p.N)
		}
	}
	k.runChunk = k.chunk
	if n.blas {
		k.blas, k.gemmA, k.gemmC = true, make([]float32, p.B*p.N), make([]float32, p.B*p.N)
		k.row = make([]int32, p.B)
		k.runPrepare, k.runIterate = k.prepareChunk, k.iterateChunk
		// A dense product costs N^2 per signal, the sparse loop N per
		// active neuron; sgemm runs about 30 times faster than that loop
		// with OpenBLAS here, and at about its speed with gonum.
		k.density = 0.5
		if blasimpl.Optimized() {
			k.density = 1.0 / 16
		}
	}
	return k, nil
}

func (k *lcaKernel) readState(i int, dst []float32) {
	s := ops.LCAState{U: k.u, M: k.m, V: k.v, Seen: k.seen, Iters: k.iters, Done: k.done, Heard: k.heard}
	copy(dst, s.Arrays()[i])
}

func (k *lcaKernel) step(uint64) {
	if !k.blas {
		k.run(k.runChunk)
		return
	}
	k.run(k.runPrepare)
	rows := k.pack()
	if rows == 0 {
		k.run(k.runChunk) // inputs are seen already: the exact sparse path
		return
	}
	// C = A G for the packed codes: G is symmetric, so row r of C is G a.
	lcaGemms.Add(1)
	n := k.p.N
	blas32.Gemm(blas.NoTrans, blas.NoTrans, 1,
		blas32.General{Rows: rows, Cols: n, Stride: n, Data: k.gemmA},
		blas32.General{Rows: n, Cols: n, Stride: n, Data: k.g}, 0,
		blas32.General{Rows: rows, Cols: n, Stride: n, Data: k.gemmC})
	k.run(k.runIterate)
}

// pack copies the codes of the signals still running into consecutive
// rows of gemmA and returns how many, or 0 if they are too sparse for
// sgemm to pay.
func (k *lcaKernel) pack() int {
	var rows, nonzero int
	for s := range k.p.B {
		if k.done[s] == 0 {
			rows++
			nonzero += int(k.nact[s])
		}
	}
	if rows == 0 || k.p.N == 0 || float64(nonzero) < k.density*float64(rows*k.p.N) {
		return 0
	}
	n, r := k.p.N, 0
	for s := range k.p.B {
		k.row[s] = -1
		if k.done[s] == 0 {
			copy(k.gemmA[r*n:(r+1)*n], k.a.data[s*n:(s+1)*n])
			k.row[s] = int32(r)
			r++
		}
	}
	return rows
}

// run calls fn on every chunk of signals, on all cores if there are
// enough.
func (k *lcaKernel) run(fn func(c int)) {
	if len(k.scratch) < parallelChunks {
		for c := range k.scratch {
			fn(c)
		}
		return
	}
	k.pool.run(len(k.scratch), fn)
}

// prepareChunk and iterateChunk are the two halves of chunk, for BLAS.
func (k *lcaKernel) prepareChunk(c int) {
	M, N := k.p.M, k.p.N
	sc := &k.scratch[c]
	for s := c * lcaSignals; s < min((c+1)*lcaSignals, k.p.B); s++ {
		x, seen := k.x.data[s*M:(s+1)*M], k.seen[s*M:(s+1)*M]
		if !sameBits(x, seen) {
			k.restart(s, sc, x, seen, k.u[s*N:(s+1)*N], k.b[s*N:(s+1)*N])
		}
		k.hear(s)
	}
}

func (k *lcaKernel) iterateChunk(c int) {
	N := k.p.N
	sc := &k.scratch[c]
	for s := c * lcaSignals; s < min((c+1)*lcaSignals, k.p.B); s++ {
		if r := int(k.row[s]); r >= 0 {
			k.update(s, sc, k.drive(s, sc, k.b[s*N:(s+1)*N]), k.u[s*N:(s+1)*N], k.gemmC[r*N:(r+1)*N])
		}
	}
}

// chunk ticks signals [c*lcaSignals, (c+1)*lcaSignals).
func (k *lcaKernel) chunk(c int) {
	M, N := k.p.M, k.p.N
	sc := &k.scratch[c]
	for s := c * lcaSignals; s < min((c+1)*lcaSignals, k.p.B); s++ {
		x, seen := k.x.data[s*M:(s+1)*M], k.seen[s*M:(s+1)*M]
		u := k.u[s*N : (s+1)*N]
		b := k.b[s*N : (s+1)*N]
		if !sameBits(x, seen) {
			k.restart(s, sc, x, seen, u, b)
		}
		k.hear(s)
		if k.done[s] != 0 {
			continue // u, and so the output, are unchanged
		}
		k.iterate(s, sc, k.drive(s, sc, b), u)
	}
}

// restart is step 1 of the tick, and b = Phi^T x for the new input.
func (k *lcaKernel) restart(s int, sc *lcaScratch, x, seen, u, b []float32) {
	N := k.p.N
	copy(seen, x)
	k.done[s] = 0
	if !k.p.Online {
		clear(u)
		k.iters[s] = 0
		if k.m != nil {
			clear(k.m[s*N : (s+1)*N])
		}
		if k.v != nil {
			clear(k.v[s*N : (s+1)*N])
		}
		clear(k.a.data[s*N : (s+1)*N]) // T(0)
		k.nact[s] = 0
	}
	// The rows of Phi of the nonzero x[m], in increasing m.
	rows := sc.rows[:listNonzero(x, sc.rows)]
	sumRows(b, k.p.Phi, N, rows, x, sc.coef)
}

// sumRows sets dst to the sum of float32(src[r] * rows r of g) (rows of
// length len(dst), stride n) for r in rows, in their order, from +0: the
// reference's sum with its zero terms left out, which change nothing.
func sumRows(dst, g []float32, n int, rows []int32, src, coef []float32) {
	if !hasLCAVector || lcaScalar {
		clear(dst)
		for _, r := range rows {
			exactAxpy(src[r], g[int(r)*n:int(r)*n+len(dst)], dst)
		}
		return
	}
	coef = coef[:len(rows)]
	for t, r := range rows {
		coef[t] = src[r]
	}
	cols := len(dst) &^ 7
	if cols > 0 {
		var idx *int32
		var cf *float32
		if len(rows) > 0 {
			idx, cf = &rows[0], &coef[0]
		}
		lcaGatherAVX2(&dst[0], &g[0], n, cols, idx, cf, len(rows))
	}
	for col := cols; col < len(dst); col++ {
		var acc float32
		for t, r := range rows {
			acc += float32(coef[t] * g[int(r)*n+col])
		}
		dst[col] = acc
	}
}

// lcaScalar turns the AVX2 kernels off, for tests.
var lcaScalar = false

// listNonzero writes the indices of the nonzero xs to list, in increasing
// order, and returns how many.
func listNonzero(xs []float32, list []int32) int32 {
	var n int32
	for i, x := range xs {
		if x != 0 {
			list[n] = int32(i)
			n++
		}
	}
	return n
}

// hear is the prior's part of step 1: a prior that changed wakes signal s.
func (k *lcaKernel) hear(s int) {
	if k.prior == nil {
		return
	}
	N := k.p.N
	if p, heard := k.prior.data[s*N:(s+1)*N], k.heard[s*N:(s+1)*N]; !sameBits(p, heard) {
		copy(heard, p)
		k.done[s] = 0
	}
}

// drive returns b + Gamma prior for signal s (step 3), or b without a
// prior.
func (k *lcaKernel) drive(s int, sc *lcaScratch, b []float32) []float32 {
	if k.prior == nil {
		return b
	}
	N, gamma := k.p.N, k.f.Gamma
	p, bp := k.prior.data[s*N:(s+1)*N], sc.bp[:len(b)]
	for i, bi := range b {
		bp[i] = bi + float32(gamma*p[i])
	}
	return bp
}

// iterate is steps 3 to 7 of the tick for one signal: the inhibition c =
// G a over the active neurons, then update.
func (k *lcaKernel) iterate(s int, sc *lcaScratch, b, u []float32) {
	N := k.p.N
	// The output holds T(u) of the tick before (restart clears it with u),
	// and the active list its nonzeros.
	sumRows(sc.c, k.g, N, k.act[s*N:s*N+int(k.nact[s])], k.a.data[s*N:(s+1)*N], sc.coef)
	k.update(s, sc, b, u, sc.c)
}

// update is steps 5 to 7 of the tick for one signal, given c = G a. It
// runs lcaUpdateAVX2 on the first N &^ 7 neurons and the scalar loop on
// the rest, then adds the squared steps and codes in increasing neuron
// order, as the reference does.
func (k *lcaKernel) update(s int, sc *lcaScratch, b, u, c []float32) {
	N := k.p.N
	f := &k.f
	a := k.a.data[s*N : (s+1)*N]
	var m, v []float32
	if k.m != nil {
		m = k.m[s*N : (s+1)*N]
	}
	if k.v != nil {
		v = k.v[s*N : (s+1)*N]
	}
	it := int(k.iters[s]) + 1
	step := f.Eta
	if f.Update != ops.UpdatePlain {
		step = f.StepSize(it)
	}
	var ds, us float32
	act := k.act[s*N : (s+1)*N]
	var nact int32
	n8 := 0
	if hasLCAVector && !lcaScalar {
		n8 = N &^ 7
	}
	if n8 > 0 {
		sc.consts.step = [8]float32{step, step, step, step, step, step, step, step}
		args := lcaUpdateArgs{u: &u[0], b: &b[0], c: &c[0], a: &a[0], sq: &sc.sq[0],
			masks: &sc.masks[0], n: n8, mode: int(f.Update), consts: &sc.consts}
		if m != nil {
			args.m = &m[0]
		}
		if v != nil {
			args.v = &v[0]
		}
		lcaUpdateAVX2(&args)
		ds, us = args.ds, args.us
		for g, bits := range sc.masks[:n8/8] {
			for ; bits != 0; bits &= bits - 1 {
				act[nact] = int32(g*8 + mathbits.TrailingZeros8(bits))
				nact++
			}
		}
	}
	u, b, c, a = u[n8:], b[n8:], c[n8:], a[n8:]
	switch f.Update {
	case ops.UpdatePlain:
		ds, us = k.plain(u, b, c, a, step, ds, us)
	case ops.UpdateRMS:
		ds, us = k.rms(u, b, c, a, v[n8:], step, ds, us)
	case ops.UpdateAdam:
		ds, us = k.adam(u, b, c, a, m[n8:], v[n8:], step, ds, us)
	}
	k.nact[s] = nact + listNonzero(a, act[nact:])
	for i := nact; i < k.nact[s]; i++ {
		act[i] += int32(n8)
	}
	k.iters[s]++
	if f.Tol2 > 0 && ds <= float32(f.Tol2*us) {
		k.done[s] = 1
	}
}

// plain, rms and adam are step 5 and 7 for the neurons the vector kernel
// leaves (or all of them without it): du, the step, the new u, the sums of
// squares (continuing ds and us) and the output, in the reference's order.
// The slices are cut to one length so that the compiler drops bounds
// checks.
func (k *lcaKernel) plain(u, b, c, a []float32, eta, ds, us float32) (float32, float32) {
	f := k.f // a local copy: loads from k could alias the slices
	b, c, a = b[:len(u)], c[:len(u)], a[:len(u)]
	for i, ui := range u {
		du := float32(b[i]-ui) - c[i]
		s := float32(eta * du)
		ui += s
		u[i] = ui
		ds += float32(s * s)
		us += float32(ui * ui)
		a[i] = f.Activate(ui)
	}
	return ds, us
}

// rms and adam expand ops.LCAFactors.RMS and Adam, and ops.Rsqrt, by hand:
// the compiler does not inline them, and a call per neuron cost a third of
// the tick. The conformance suite checks them bit for bit.
func (k *lcaKernel) rms(u, b, c, a, v []float32, etaK, ds, us float32) (float32, float32) {
	f := k.f
	b2, c2, eps := f.Beta2, f.OneMinusBeta2, f.Eps
	b, c, a, v = b[:len(u)], c[:len(u)], a[:len(u)], v[:len(u)]
	for i, ui := range u {
		du := float32(b[i]-ui) - c[i]
		vi := float32(b2*v[i]) + float32(c2*float32(du*du))
		v[i] = vi
		s := float32(float32(etaK*du) * rsqrt(vi+eps))
		ui += s
		u[i] = ui
		ds += float32(s * s)
		us += float32(ui * ui)
		a[i] = f.Activate(ui)
	}
	return ds, us
}

func (k *lcaKernel) adam(u, b, c, a, m, v []float32, etaK, ds, us float32) (float32, float32) {
	f := k.f
	b1, c1, b2, c2, eps := f.Beta1, f.OneMinusBeta1, f.Beta2, f.OneMinusBeta2, f.Eps
	b, c, a, m, v = b[:len(u)], c[:len(u)], a[:len(u)], m[:len(u)], v[:len(u)]
	for i, ui := range u {
		du := float32(b[i]-ui) - c[i]
		mi := float32(b1*m[i]) + float32(c1*du)
		vi := float32(b2*v[i]) + float32(c2*float32(du*du))
		m[i], v[i] = mi, vi
		s := float32(float32(etaK*mi) * rsqrt(vi+eps))
		ui += s
		u[i] = ui
		ds += float32(s * s)
		us += float32(ui * ui)
		a[i] = f.Activate(ui)
	}
	return ds, us
}

// rsqrt is ops.Rsqrt.
func rsqrt(y float32) float32 {
	h := float32(0.5 * y)
	r := math.Float32frombits(0x5f375a86 - math.Float32bits(y)>>1)
	return float32(r * float32(1.5-float32(float32(h*r)*r)))
}

// sameBits reports whether a and b hold the same bits.
func sameBits(a, b []float32) bool {
	b = b[:len(a)]
	for i, v := range a {
		if math.Float32bits(v) != math.Float32bits(b[i]) {
			return false
		}
	}
	return true
}
