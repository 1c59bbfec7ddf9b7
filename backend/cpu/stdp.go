package cpu

import "github.com/spikeflow/spikeflow/ops"

func init() {
	register(ops.KindSTDPDense, newSTDPDense)
	register(ops.KindSTDPSparse, newSTDPSparse)
}

// spikeDelay delays a spike input by d ticks as a ring of d+1 spike lists
// (index and value of each nonzero element): slot t % (d+1) holds what is
// seen at tick t, and at the end of tick t the input's spikes go into slot
// (t+d) % (d+1), the one seen last at tick t-1. Plastic synapses need the
// spikes themselves, not a current scattered in advance, because their
// weights change while spikes are in flight. On a clock that does not fire
// every tick, only the ticks t with a step at t+d are taken in.
type spikeDelay struct {
	in      *buffer
	d       uint64
	gate    gate
	idx     [][]int32
	val     [][]float32
	scratch []int32
}

func newSpikeDelay(in *buffer, d int, g gate) spikeDelay {
	s := spikeDelay{in: in, d: uint64(d), gate: g, idx: make([][]int32, d+1), val: make([][]float32, d+1)}
	n := len(in.data)
	for k := range s.idx {
		s.idx[k] = make([]int32, 0, n)
		s.val[k] = make([]float32, 0, n)
	}
	if !in.spikes {
		s.scratch = make([]int32, 0, n)
	}
	return s
}

// at returns the spikes seen at tick t, in increasing index order.
func (s *spikeDelay) at(t uint64) ([]int32, []float32) {
	k := t % (s.d + 1)
	return s.idx[k], s.val[k]
}

func (s *spikeDelay) absorb(t uint64) {
	if !s.gate.on(t + s.d) {
		return
	}
	k := (t + s.d) % (s.d + 1)
	idx := append(s.idx[k][:0], s.in.active(s.scratch)...)
	val := s.val[k][:0]
	for _, j := range idx {
		val = append(val, s.in.data[j])
	}
	s.idx[k], s.val[k] = idx, val
}

// plastic is what the dense and sparse STDP kernels share: ops.STDPDense's
// tick, whose steps each kernel walks over its own connectivity. Work is
// event-driven: a pre spike costs one row, a post spike one column, and
// traces decay by host-computed factors, O(pre + post) per tick.
type plastic struct {
	f          ops.STDPFactors
	norm       ops.Normalization
	pre, post  spikeDelay
	learn      *buffer // nil: always on
	normalize  *buffer // nil: only periodic
	out        []float32
	w, pending []float32 // pending is nil for immediate rules
	x, y, r, o []float32 // traces; r and o are nil for the pair rule
	sums       []float32 // normalization: one sum per column
}

func newPlastic(n *node, w []float32, nPre, nPost int, rule *ops.STDPRule, norm ops.Normalization, delay int) plastic {
	p := plastic{f: rule.Factors(n.env.Dt), norm: norm, pre: newSpikeDelay(n.in[0], delay, n.gate), post: newSpikeDelay(n.in[1], 1, n.gate),
		learn: n.in[2], normalize: n.in[3], out: n.out[0].data, w: w,
		x: make([]float32, nPre), y: make([]float32, nPost), sums: make([]float32, nPost)}
	if p.f.Triplet {
		p.r, p.o = make([]float32, nPre), make([]float32, nPost)
	}
	if rule.Deferred() {
		p.pending = make([]float32, len(w))
	}
	return p
}

func (p *plastic) absorb(t uint64) {
	p.pre.absorb(t)
	p.post.absorb(t)
}

func (p *plastic) readState(i int, dst []float32) {
	st := [][]float32{p.w, p.x, p.y}
	if p.r != nil {
		st = append(st, p.r, p.o)
	}
	if p.pending != nil {
		st = append(st, p.pending)
	}
	copy(dst, st[i])
}

// begin starts tick t: it clears the output, decays the traces and says
// whether plasticity is on.
func (p *plastic) begin() bool {
	clear(p.out)
	f := &p.f
	scale(p.x, f.DecayPlus)
	scale(p.y, f.DecayMinus)
	if p.r != nil {
		scale(p.r, f.DecayX)
		scale(p.o, f.DecayY)
	}
	return p.learn == nil || p.learn.data[0] != 0
}

// bumpPre and bumpPost make the traces of neuron j or i take its spike.
func (p *plastic) bumpPre(j int32) {
	p.x[j] = p.f.Bump(p.x[j])
	if p.r != nil {
		p.r[j] = p.f.Bump(p.r[j])
	}
}

func (p *plastic) bumpPost(i int32) {
	p.y[i] = p.f.Bump(p.y[i])
	if p.o != nil {
		p.o[i] = p.f.Bump(p.o[i])
	}
}

// depGain and potGain are the gains of a spike of pre neuron j or post
// neuron i, from the slow traces before the spike (0 for the pair rule).
func (p *plastic) depGain(j int32) float32 {
	if p.r == nil {
		return p.f.DepressionGain(0)
	}
	return p.f.DepressionGain(p.r[j])
}

func (p *plastic) potGain(i int32) float32 {
	if p.o == nil {
		return p.f.PotentiationGain(0)
	}
	return p.f.PotentiationGain(p.o[i])
}

// fold applies the pending changes on the rule's ticks.
func (p *plastic) fold(t uint64) {
	if p.pending == nil || !p.f.Folds(t) {
		return
	}
	f := &p.f
	pending := p.pending[:len(p.w)]
	for k, d := range pending {
		p.w[k] = f.Clip(p.w[k] + d)
	}
	clear(pending)
}

// normalizes reports whether tick t normalizes the columns.
func (p *plastic) normalizes(t uint64) bool {
	return p.norm.Target > 0 && (p.norm.Periodic(t) || (p.normalize != nil && p.normalize.data[0] != 0))
}

func scale(x []float32, d float32) {
	for i := range x {
		x[i] = float32(x[i] * d)
	}
}

// stdpDense is ops.STDPDense. Rows are contiguous, so a pre spike's
// delivery and depression are one pass over its row; a post spike walks
// its column with a stride of Post.
type stdpDense struct {
	plastic
	nPre, nPost int
}

func newSTDPDense(n *node) (kernel, error) {
	op := n.Op().(*ops.STDPDense)
	w := append([]float32(nil), op.W...)
	return &stdpDense{plastic: newPlastic(n, w, op.Pre, op.Post, &op.Rule, op.Normalize, op.Delay), nPre: op.Pre, nPost: op.Post}, nil
}

// stdpFault, set only by tests, corrupts the weights of a dense plastic
// projection after tick t, to prove that the conformance suite catches a
// faulty plastic kernel.
var stdpFault func(t uint64, w []float32)

func (k *stdpDense) step(t uint64) {
	if stdpFault != nil {
		defer stdpFault(t, k.w)
	}
	learning := k.begin()
	preIdx, preVal := k.pre.at(t)
	postIdx, _ := k.post.at(t)
	f, n := &k.f, k.nPost
	out := k.out[:n]
	for e, j := range preIdx {
		row := k.w[int(j)*n : (int(j)+1)*n][:n]
		a := preVal[e]
		for i, w := range row {
			out[i] += float32(w * a)
		}
		if learning {
			gain := k.depGain(j)
			y := k.y[:n]
			if k.pending == nil {
				for i, w := range row {
					row[i] = f.Clip(w - f.Depression(w, y[i], gain))
				}
			} else {
				pend := k.pending[int(j)*n : (int(j)+1)*n][:n]
				for i, w := range row {
					pend[i] -= f.Depression(w, y[i], gain)
				}
			}
		}
		k.bumpPre(j)
	}
	for _, i := range postIdx {
		if learning {
			gain := k.potGain(i)
			for j, x := range k.x {
				s := j*n + int(i)
				d := f.Potentiation(k.w[s], x, gain)
				if k.pending == nil {
					k.w[s] = f.Clip(k.w[s] + d)
				} else {
					k.pending[s] += d
				}
			}
		}
		k.bumpPost(i)
	}
	if learning {
		k.fold(t)
		if k.normalizes(t) {
			k.normalizeDense()
		}
	}
}

// normalizeDense sums the columns row by row, which adds each column's
// weights in increasing presynaptic order, as the reference does.
func (k *stdpDense) normalizeDense() {
	n := k.nPost
	sums := k.sums[:n]
	clear(sums)
	for j := range k.nPre {
		for i, w := range k.w[j*n : (j+1)*n][:n] {
			sums[i] += w
		}
	}
	for i, s := range sums {
		scale, ok := k.norm.Scale(s)
		if !ok {
			scale = 1 // w * 1 is w: the column keeps its bits
		}
		sums[i] = scale
	}
	for j := range k.nPre {
		row := k.w[j*n : (j+1)*n][:n]
		for i, s := range sums {
			row[i] = float32(row[i] * s)
		}
	}
}

// stdpSparse is ops.STDPSparse: rows from the CSR, columns from its
// transpose (ops.CSR.Columns), both in the reference's order.
type stdpSparse struct {
	plastic
	rowPtr, target []int32
	colPtr, col    []int32
	src            []int32
}

func newSTDPSparse(n *node) (kernel, error) {
	op := n.Op().(*ops.STDPSparse)
	k := &stdpSparse{plastic: newPlastic(n, op.InitialWeights(), op.Pre, op.Post, &op.Rule, op.Normalize, op.Delay),
		rowPtr: op.RowPtr, target: op.Target, src: make([]int32, op.NNZ())}
	k.colPtr, k.col = op.Columns()
	for j := range op.Pre {
		for s := op.RowPtr[j]; s < op.RowPtr[j+1]; s++ {
			k.src[s] = int32(j)
		}
	}
	return k, nil
}

func (k *stdpSparse) step(t uint64) {
	learning := k.begin()
	preIdx, preVal := k.pre.at(t)
	postIdx, _ := k.post.at(t)
	f := &k.f
	for e, j := range preIdx {
		lo, hi := k.rowPtr[j], k.rowPtr[j+1]
		targets, row := k.target[lo:hi], k.w[lo:hi]
		row = row[:len(targets)]
		a := preVal[e]
		for s, i := range targets {
			k.out[i] += float32(row[s] * a)
		}
		if learning {
			gain := k.depGain(j)
			for s, i := range targets {
				d := f.Depression(row[s], k.y[i], gain)
				if k.pending == nil {
					row[s] = f.Clip(row[s] - d)
				} else {
					k.pending[int(lo)+s] -= d
				}
			}
		}
		k.bumpPre(j)
	}
	for _, i := range postIdx {
		if learning {
			gain := k.potGain(i)
			for _, s := range k.col[k.colPtr[i]:k.colPtr[i+1]] {
				d := f.Potentiation(k.w[s], k.x[k.src[s]], gain)
				if k.pending == nil {
					k.w[s] = f.Clip(k.w[s] + d)
				} else {
					k.pending[s] += d
				}
			}
		}
		k.bumpPost(i)
	}
	if learning {
		k.fold(t)
		if k.normalizes(t) {
			k.normalizeSparse()
		}
	}
}

func (k *stdpSparse) normalizeSparse() {
	for i := range len(k.colPtr) - 1 {
		col := k.col[k.colPtr[i]:k.colPtr[i+1]]
		var sum float32
		for _, s := range col {
			sum += k.w[s]
		}
		if scale, ok := k.norm.Scale(sum); ok {
			for _, s := range col {
				k.w[s] = float32(k.w[s] * scale)
			}
		}
	}
}
