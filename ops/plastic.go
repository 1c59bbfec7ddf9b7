package ops

import "time"

// synapses is the connectivity a plastic reference walks. The synapses of
// presynaptic neuron j are k in [RowPtr[j], RowPtr[j+1]), onto Target[k];
// the synapses onto postsynaptic neuron i are Col[ColPtr[i]:ColPtr[i+1]],
// listed by presynaptic neuron, then synapse: the order in which a sum
// over them is taken. Src[k] is the presynaptic neuron of synapse k.
type synapses struct {
	Pre, Post      int
	RowPtr, Target []int32
	ColPtr, Col    []int32
	Src            []int32
}

// denseSynapses lists all-to-all connectivity with synapse k = j*post + i,
// the layout of Dense.W.
func denseSynapses(pre, post int) synapses {
	m := CSR{Pre: pre, Post: post, RowPtr: make([]int32, pre+1), Target: make([]int32, pre*post)}
	for j := range pre {
		m.RowPtr[j+1] = int32((j + 1) * post)
		for i := range post {
			m.Target[j*post+i] = int32(i)
		}
	}
	return csrSynapses(&m)
}

func csrSynapses(m *CSR) synapses {
	s := synapses{Pre: m.Pre, Post: m.Post, RowPtr: m.RowPtr, Target: m.Target, Src: make([]int32, m.NNZ())}
	for j := range m.Pre {
		for k := m.RowPtr[j]; k < m.RowPtr[j+1]; k++ {
			s.Src[k] = int32(j)
		}
	}
	s.ColPtr, s.Col = m.Columns()
	return s
}

// Columns lists the synapses onto each postsynaptic neuron: those onto i
// are col[colPtr[i]:colPtr[i+1]], in increasing presynaptic neuron, then
// synapse, order (the order in which the reference adds them up).
func (m *CSR) Columns() (colPtr, col []int32) {
	colPtr = make([]int32, m.Post+1)
	for _, t := range m.Target {
		colPtr[t+1]++
	}
	for i := range m.Post {
		colPtr[i+1] += colPtr[i]
	}
	next := append([]int32(nil), colPtr[:m.Post]...)
	col = make([]int32, m.NNZ())
	for k, t := range m.Target { // k increases with j, so each column is in order
		col[next[t]] = int32(k)
		next[t]++
	}
	return colPtr, col
}

// plasticRef is the reference of the STDP projections (see STDPDense for
// the order of a tick). It is written for clarity: it visits every
// presynaptic element to find the spikes, and dense connectivity as a CSR.
type plasticRef struct {
	f    STDPFactors
	norm Normalization
	s    synapses
	w    []float32
	// Traces: x (pre, TauPlus), y (post, TauMinus), and for the triplet
	// rule r (pre, TauX) and o (post, TauY); nil for the pair rule.
	x, y, r, o []float32
	pending    []float32 // nil for immediate rules
}

func newPlasticRef(s synapses, w0 []float32, rule *STDPRule, norm Normalization, dt time.Duration) *plasticRef {
	r := &plasticRef{f: rule.Factors(dt), norm: norm, s: s, w: append([]float32(nil), w0...),
		x: make([]float32, s.Pre), y: make([]float32, s.Post)}
	if r.f.Triplet {
		r.r, r.o = make([]float32, s.Pre), make([]float32, s.Post)
	}
	if rule.Deferred() {
		r.pending = make([]float32, len(w0))
	}
	return r
}

func (r *plasticRef) State() [][]float32 {
	st := [][]float32{r.w, r.x, r.y}
	if r.f.Triplet {
		st = append(st, r.r, r.o)
	}
	if r.pending != nil {
		st = append(st, r.pending)
	}
	return st
}

// flagOn reads a 1-element control input: true where it is nonzero, def if it
// is unconnected.
func flagOn(in []float32, def bool) bool {
	if in == nil {
		return def
	}
	return in[0] != 0
}

func (r *plasticRef) Step(t uint64, in, out [][]float32) {
	pre, post := in[0], in[1]
	learning := flagOn(in[2], true)
	s, f := &r.s, &r.f

	// 1. Deliver, with the weights of the start of the tick.
	cur := out[0]
	clear(cur)
	for j, a := range pre {
		for k := s.RowPtr[j]; k < s.RowPtr[j+1]; k++ {
			cur[s.Target[k]] += float32(r.w[k] * a)
		}
	}
	// 2. Decay.
	decay(r.x, f.DecayPlus)
	decay(r.y, f.DecayMinus)
	decay(r.r, f.DecayX)
	decay(r.o, f.DecayY)
	// 3. Pre spikes: depression, then the pre traces take the spike.
	for j, a := range pre {
		if a == 0 {
			continue
		}
		if learning {
			gain := f.DepressionGain(at(r.r, j))
			for k := s.RowPtr[j]; k < s.RowPtr[j+1]; k++ {
				r.change(k, -f.Depression(r.w[k], r.y[s.Target[k]], gain))
			}
		}
		r.x[j] = f.Bump(r.x[j])
		if r.r != nil {
			r.r[j] = f.Bump(r.r[j])
		}
	}
	// 4. Post spikes: potentiation, then the post traces take the spike.
	for i, a := range post {
		if a == 0 {
			continue
		}
		if learning {
			gain := f.PotentiationGain(at(r.o, i))
			for _, k := range s.Col[s.ColPtr[i]:s.ColPtr[i+1]] {
				r.change(k, f.Potentiation(r.w[k], r.x[s.Src[k]], gain))
			}
		}
		r.y[i] = f.Bump(r.y[i])
		if r.o != nil {
			r.o[i] = f.Bump(r.o[i])
		}
	}
	if !learning {
		return
	}
	// 5. Fold.
	if r.pending != nil && f.Folds(t) {
		for k, d := range r.pending {
			r.w[k] = f.Clip(r.w[k] + d)
			r.pending[k] = 0
		}
	}
	// 6. Normalize.
	if r.norm.Target > 0 && (r.norm.Periodic(t) || flagOn(in[3], false)) {
		for i := range s.Post {
			col := s.Col[s.ColPtr[i]:s.ColPtr[i+1]]
			var sum float32
			for _, k := range col {
				sum += r.w[k]
			}
			if scale, ok := r.norm.Scale(sum); ok {
				for _, k := range col {
					r.w[k] = float32(r.w[k] * scale)
				}
			}
		}
	}
}

// change applies dw to synapse k, or adds it to its pending change.
func (r *plasticRef) change(k int32, dw float32) {
	if r.pending != nil {
		r.pending[k] += dw
		return
	}
	r.w[k] = r.f.Clip(r.w[k] + dw)
}

func decay(x []float32, d float32) {
	for i := range x {
		x[i] = float32(x[i] * d)
	}
}

// at is x[i], or 0 for a trace the rule does not keep.
func at(x []float32, i int) float32 {
	if x == nil {
		return 0
	}
	return x[i]
}
