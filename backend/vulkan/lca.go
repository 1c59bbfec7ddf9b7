//go:build cgo

package vulkan

import (
	"github.com/spikeflow/spikeflow/backend/vulkan/internal/gpu"
	"github.com/spikeflow/spikeflow/ops"
)

func init() { register(ops.KindLCA, newLCA) }

// Option bits of the LCA kernels' push constants (shaders/lca_common.glsl).
const (
	lcaSoft = 1 << iota
	lcaNonNegative
	lcaOnline
	lcaRMS
	lcaAdam
	lcaPrior
)

// lcaKernel is ops.LCA's tick in four dispatches, separated by barriers:
// lca_prepare (one invocation per signal: has its input changed, does it
// iterate), lca_input (per signal and atom: restart, b = Phi^T x, T(u) of
// the tick before), lca_step (per signal and atom: the inhibition in the
// reference's order, the update, the output) and lca_done (per signal: the
// sums of squares in the reference's order and the stopping test).
//
// Square roots and divisions, which Vulkan lets drivers approximate, are
// replaced by ops.Rsqrt (multiplies and adds only). One difference can
// remain on some GPUs: Vulkan lets a device flush float32 denormals to
// zero, and a moment of a neuron whose du has vanished decays into them
// after a few hundred iterations; lavapipe keeps denormals, as the
// reference does.
type lcaKernel struct {
	prepare, input, step, done dispatch
	bufs                       []*gpu.Buffer // in the order of ops.LCA's Layout.State
	params                     []uint32
}

func newLCA(n *node) (kernel, error) {
	op := n.Op().(*ops.LCA)
	f := op.Factors(n.env().Dt)
	codes, signals := 4*op.B*op.N, 4*op.B
	k := &lcaKernel{}
	var u, m, v, seen, iters, done, flags, b, aPrev, sq *gpu.Buffer
	m, v = n.p.dummy, n.p.dummy
	var err error
	alloc := func(dst **gpu.Buffer, bytes int) {
		if err == nil {
			*dst, err = n.buffer(bytes)
		}
	}
	alloc(&u, codes)
	k.bufs = append(k.bufs, u)
	if op.Update == ops.UpdateAdam {
		alloc(&m, codes)
		k.bufs = append(k.bufs, m)
	}
	if op.Update != ops.UpdatePlain {
		alloc(&v, codes)
		k.bufs = append(k.bufs, v)
	}
	alloc(&seen, 4*op.B*op.M)
	alloc(&iters, signals)
	alloc(&done, signals)
	k.bufs = append(k.bufs, seen, iters, done)
	alloc(&flags, signals)
	alloc(&b, codes)
	alloc(&aPrev, codes)
	alloc(&sq, 2*codes)
	if err != nil {
		return nil, err
	}
	phi, err := data(n, op.Phi)
	if err != nil {
		return nil, err
	}
	g, err := data(n, op.Gram())
	if err != nil {
		return nil, err
	}
	table := f.EtaK
	if table == nil {
		table = []float32{0} // read by no invocation; a buffer to bind
	}
	etaK, err := data(n, table)
	if err != nil {
		return nil, err
	}
	x, xSlots, xDelay := n.input(0)
	prior, pSlots, pDelay := n.input(1)
	// With a prior, lca_input writes b + Gamma prior to drive, which
	// lca_step reads instead of b.
	heard, drive := n.p.dummy, b
	if n.in[1] != nil {
		alloc(&heard, codes)
		alloc(&drive, codes)
		if err != nil {
			return nil, err
		}
		k.bufs = append(k.bufs, heard)
	}
	a := n.out[0].buf
	type stage struct {
		d      *dispatch
		name   string
		bufs   []*gpu.Buffer
		thread int
	}
	for _, s := range []stage{
		{&k.prepare, "lca_prepare", []*gpu.Buffer{x, seen, iters, done, flags, prior, heard}, op.B},
		{&k.input, "lca_input", []*gpu.Buffer{x, phi, flags, b, u, m, v, aPrev, prior, drive}, op.B * op.N},
		{&k.step, "lca_step", []*gpu.Buffer{g, flags, drive, aPrev, iters, etaK, u, m, v, sq, a}, op.B * op.N},
		{&k.done, "lca_done", []*gpu.Buffer{flags, sq, done}, op.B},
	} {
		kern, err := n.kernel(s.name, len(s.bufs)+1, 20)
		if err != nil {
			return nil, err
		}
		set, err := n.bind(kern, s.bufs...)
		if err != nil {
			return nil, err
		}
		if *s.d, err = n.dispatch(kern, set, s.thread); err != nil {
			return nil, err
		}
	}
	opts := boolWord(f.Soft)*lcaSoft | boolWord(f.NonNegative)*lcaNonNegative | boolWord(op.Online)*lcaOnline |
		boolWord(op.Update == ops.UpdateRMS)*lcaRMS | boolWord(op.Update == ops.UpdateAdam)*lcaAdam |
		boolWord(n.in[1] != nil)*lcaPrior
	k.params = []uint32{
		uint32(op.B), uint32(op.M), uint32(op.N), xSlots, xDelay, uint32(n.out[0].slots), opts, uint32(len(table)),
		f32(f.Lambda), f32(f.Eta), f32(f.Beta1), f32(f.OneMinusBeta1), f32(f.Beta2), f32(f.OneMinusBeta2),
		f32(f.Eps), f32(f.Tol2), pSlots, pDelay, f32(f.Gamma),
	}
	return k, nil
}

func (k *lcaKernel) record(c *gpu.Commands, offset uint32) {
	k.prepare.record(c, offset, k.params...)
	c.Barrier()
	k.input.record(c, offset, k.params...)
	c.Barrier()
	k.step.record(c, offset, k.params...)
	c.Barrier()
	k.done.record(c, offset, k.params...)
}

func (k *lcaKernel) state(i int) *gpu.Buffer { return k.bufs[i] }
