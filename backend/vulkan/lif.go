//go:build cgo

package vulkan

import (
	"github.com/spikeflow/spikeflow/backend/vulkan/internal/gpu"
	"github.com/spikeflow/spikeflow/ops"
)

func init() {
	register(ops.KindLIF, func(n *node) (kernel, error) { return newLIF(n, n.Op().(*ops.LIF), nil) })
	register(ops.KindAdaptiveLIF, func(n *node) (kernel, error) {
		op := n.Op().(*ops.AdaptiveLIF)
		return newLIF(n, &op.LIF, op)
	})
}

// lifKernel is ops.LIF's reference step, one neuron per invocation, or
// ops.AdaptiveLIF's (shaders/lif.glsl, compiled twice).
type lifKernel struct {
	d      dispatch
	ge, gi *gpu.Buffer
	ref    *gpu.Buffer
	theta  *gpu.Buffer // AdaptiveLIF only
	params []uint32
}

// newLIF compiles a LIF group, adaptive when a is not nil.
func newLIF(n *node, op *ops.LIF, a *ops.AdaptiveLIF) (kernel, error) {
	f := op.Factors(n.env().Dt)
	v0 := make([]float32, op.N)
	for i := range v0 {
		v0[i] = f.Rest
	}
	copy(v0, op.V0)
	v, err := data(n, v0)
	if err != nil {
		return nil, err
	}
	k := &lifKernel{}
	for _, b := range []**gpu.Buffer{&k.ge, &k.gi, &k.ref} {
		if *b, err = n.buffer(4 * op.N); err != nil {
			return nil, err
		}
	}
	exc, excSlots, excDelay := n.input(0)
	inh, inhSlots, inhDelay := n.input(1)
	bufs := []*gpu.Buffer{v, k.ge, k.gi, k.ref, exc, inh, n.out[0].buf, n.out[1].buf}
	flags := boolWord(n.in[0] != nil) | boolWord(n.in[1] != nil)<<1 | boolWord(f.Conductance)<<3
	k.params = []uint32{
		uint32(op.N), flags, excSlots, excDelay, inhSlots, inhDelay, uint32(n.out[0].slots), uint32(n.out[1].slots),
		f32(f.Rest), f32(f.DecayM), f32(f.GainE), f32(f.GainI), f32(f.Threshold), f32(f.Reset),
		f32(f.DecayE), f32(f.DecayI), f32(f.RefractoryTicks), f32(f.LockoutTicks), f32(f.EExc), f32(f.EInh), f32(f.Lo), f32(f.Hi),
	}
	name := "lif"
	if a != nil {
		name = "adaptive_lif"
		theta0 := make([]float32, op.N)
		copy(theta0, a.Theta0)
		if k.theta, err = data(n, theta0); err != nil {
			return nil, err
		}
		learn, learnSlots, _ := n.input(2)
		bufs = append(bufs, k.theta, learn)
		tf := a.ThetaFactors(n.env().Dt)
		k.params[1] |= boolWord(n.in[2] != nil) << 2
		k.params = append(k.params, learnSlots, f32(tf.Plus), f32(tf.Decay))
	}
	kern, err := n.kernel(name, 1+len(bufs), 1+len(k.params))
	if err != nil {
		return nil, err
	}
	set, err := n.bind(kern, bufs...)
	if err != nil {
		return nil, err
	}
	k.d, err = n.dispatch(kern, set, op.N)
	return k, err
}

func (k *lifKernel) record(c *gpu.Commands, offset uint32) { k.d.record(c, offset, k.params...) }

func (k *lifKernel) state(i int) *gpu.Buffer { return [...]*gpu.Buffer{k.ge, k.gi, k.ref, k.theta}[i] }
