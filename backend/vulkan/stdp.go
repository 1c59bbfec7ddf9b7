//go:build cgo

package vulkan

import (
	"github.com/spikeflow/spikeflow/backend/vulkan/internal/gpu"
	"github.com/spikeflow/spikeflow/ops"
)

func init() {
	register(ops.KindSTDPDense, newSTDPDense)
	register(ops.KindSTDPSparse, newSTDPSparse)
}

// stdpKernel is a plastic projection: a dispatch per postsynaptic neuron
// (delivery, depression, post traces), a barrier, a dispatch per
// presynaptic neuron (pre traces, potentiation, fold), and, if the
// projection is normalized, a barrier and a dispatch per postsynaptic
// neuron. Each synapse is written by one invocation of each dispatch, in
// the reference's order, and no dispatch reads what another invocation of
// it writes: no atomics.
type stdpKernel struct {
	pre, post, norm dispatch
	params          []uint32
	states          []*gpu.Buffer // in the order of ops.Layout.State
}

func (k *stdpKernel) record(c *gpu.Commands, offset uint32) {
	k.pre.record(c, offset, k.params...)
	c.Barrier()
	k.post.record(c, offset, k.params...)
	if k.norm.k != nil {
		c.Barrier()
		k.norm.record(c, offset, k.params...)
	}
}

func (k *stdpKernel) state(i int) *gpu.Buffer { return k.states[i] }

// plasticBuffers are a plastic projection's device buffers; those the rule
// does not use are the program's dummy, which the kernels never touch.
type plasticBuffers struct {
	w, pending, x, y, r, o, gain *gpu.Buffer
	state                        []*gpu.Buffer
}

func newPlasticBuffers(n *node, w0 []float32, nPre, nPost int, rule *ops.STDPRule) (*plasticBuffers, error) {
	b := &plasticBuffers{pending: n.p.dummy, r: n.p.dummy, o: n.p.dummy}
	var err error
	if b.w, err = data(n, w0); err != nil {
		return nil, err
	}
	alloc := func(dst **gpu.Buffer, size int) {
		if err == nil {
			*dst, err = n.buffer(4 * size)
		}
	}
	alloc(&b.x, nPre)
	alloc(&b.y, nPost)
	alloc(&b.gain, nPost)
	b.state = []*gpu.Buffer{b.w, b.x, b.y}
	if rule.Triplet() {
		alloc(&b.r, nPre)
		alloc(&b.o, nPost)
		b.state = append(b.state, b.r, b.o)
	}
	if rule.Deferred() {
		alloc(&b.pending, len(w0))
		b.state = append(b.state, b.pending)
	}
	return b, err
}

// plasticParams are the push constants of shaders/plastic.glsl.
func plasticParams(n *node, nPre, nPost, nnz int, rule *ops.STDPRule, norm ops.Normalization) []uint32 {
	f := rule.Factors(n.env().Dt)
	_, preR, preDelay := n.input(0)
	_, postR, _ := n.input(1)
	_, learnR, _ := n.input(2)
	_, normR, _ := n.input(3)
	flags := boolWord(n.in[2] != nil) | boolWord(n.in[3] != nil)<<1 | boolWord(f.Triplet)<<2 | boolWord(f.Nearest)<<3 |
		boolWord(rule.Deferred())<<4 | boolWord(f.Dependence == ops.Multiplicative)<<5 | boolWord(f.Dependence == ops.PowerLaw)<<6
	return []uint32{
		uint32(nPre), uint32(nPost), uint32(nnz), preR, preDelay, postR, learnR, normR, uint32(n.out[0].slots),
		flags, f.Every, uint32(norm.Every),
		f32(f.DecayPlus), f32(f.DecayMinus), f32(f.DecayX), f32(f.DecayY),
		f32(f.A2Plus), f32(f.A3Plus), f32(f.A2Minus), f32(f.A3Minus),
		f32(f.WMin), f32(f.WMax), f32(f.InvRange), f32(float32(norm.Target)), f32(f.Mu),
	}
}

const plasticPushWords = 26

func newSTDPDense(n *node) (kernel, error) {
	op := n.Op().(*ops.STDPDense)
	b, err := newPlasticBuffers(n, op.W, op.Pre, op.Post, &op.Rule)
	if err != nil {
		return nil, err
	}
	pre, _, _ := n.input(0)
	post, _, _ := n.input(1)
	learn, _, _ := n.input(2)
	k := &stdpKernel{params: plasticParams(n, op.Pre, op.Post, 0, &op.Rule, op.Normalize), states: b.state}
	if k.pre, err = n.plasticDispatch("stdp_dense_pre", op.Post, b.w, b.pending, b.r, b.y, b.o, b.gain, pre, post, learn, n.out[0].buf); err != nil {
		return nil, err
	}
	if k.post, err = n.plasticDispatch("stdp_dense_post", op.Pre, b.w, b.pending, b.x, b.r, b.gain, pre, post, learn); err != nil {
		return nil, err
	}
	if op.Normalize.Target > 0 {
		norm, _, _ := n.input(3)
		k.norm, err = n.plasticDispatch("normalize_dense", op.Post, b.w, learn, norm)
	}
	return k, err
}

func newSTDPSparse(n *node) (kernel, error) {
	op := n.Op().(*ops.STDPSparse)
	b, err := newPlasticBuffers(n, op.InitialWeights(), op.Pre, op.Post, &op.Rule)
	if err != nil {
		return nil, err
	}
	topo, err := data(n, topology(&op.CSR))
	if err != nil {
		return nil, err
	}
	pre, _, _ := n.input(0)
	post, _, _ := n.input(1)
	learn, _, _ := n.input(2)
	k := &stdpKernel{params: plasticParams(n, op.Pre, op.Post, op.NNZ(), &op.Rule, op.Normalize), states: b.state}
	if k.pre, err = n.plasticDispatch("stdp_sparse_pre", op.Post, b.w, b.pending, topo, b.r, b.y, b.o, b.gain, pre, post, learn, n.out[0].buf); err != nil {
		return nil, err
	}
	if k.post, err = n.plasticDispatch("stdp_sparse_post", op.Pre, b.w, b.pending, topo, b.x, b.r, b.gain, pre, post, learn); err != nil {
		return nil, err
	}
	if op.Normalize.Target > 0 {
		norm, _, _ := n.input(3)
		k.norm, err = n.plasticDispatch("normalize_sparse", op.Post, b.w, topo, learn, norm)
	}
	return k, err
}

// plasticDispatch binds bufs (after the clock) to the named STDP kernel,
// run over threads invocations.
func (n *node) plasticDispatch(name string, threads int, bufs ...*gpu.Buffer) (dispatch, error) {
	k, err := n.kernel(name, 1+len(bufs), plasticPushWords)
	if err != nil {
		return dispatch{}, err
	}
	set, err := n.bind(k, bufs...)
	if err != nil {
		return dispatch{}, err
	}
	return n.dispatch(k, set, threads)
}

// topology packs a CSR for shaders/plastic.glsl: RowPtr, Target, then the
// transpose (ops.CSR.Columns) and the presynaptic neuron of each synapse.
func topology(m *ops.CSR) []int32 {
	colPtr, col := m.Columns()
	out := make([]int32, 0, m.Pre+m.Post+2+3*m.NNZ())
	out = append(out, m.RowPtr...)
	out = append(out, m.Target...)
	out = append(out, colPtr...)
	out = append(out, col...)
	for j := range m.Pre {
		for k := m.RowPtr[j]; k < m.RowPtr[j+1]; k++ {
			out = append(out, int32(j))
		}
	}
	return out
}
