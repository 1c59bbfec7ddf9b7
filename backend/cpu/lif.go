package cpu

import (
	"math/bits"

	"github.com/spikeflow/spikeflow/ops"
)

func init() {
	register(ops.KindLIF, newLIF)
	register(ops.KindAdaptiveLIF, newAdaptiveLIF)
}

type lifKernel struct {
	spiker
	f           ops.LIFFactors
	consts      lifConsts
	v           []float32 // the output "v" is the state
	ge, gi, ref []float32 // the rest of the state
	masks       [][]uint8 // per chunk: spike bits of each eight neurons
	exc, inh    *buffer   // nil where unbound
	zeros       []float32
	excData     []float32 // this tick's inputs, read once per tick
	inhData     []float32
	tick        uint64

	// AdaptiveLIF only: theta, its factors, and whether it adapts this
	// tick ("learn").
	theta    []float32
	adapt    ops.ThetaFactors
	learn    *buffer
	learning bool
}

func newLIF(n *node) (kernel, error) { return newLIFKernel(n, n.Op().(*ops.LIF)), nil }

// newAdaptiveLIF is the LIF kernel with a threshold that adapts.
func newAdaptiveLIF(n *node) (kernel, error) {
	op := n.Op().(*ops.AdaptiveLIF)
	k := newLIFKernel(n, &op.LIF)
	k.theta = make([]float32, op.N)
	copy(k.theta, op.Theta0)
	k.adapt = op.ThetaFactors(n.env.Dt)
	k.consts = newLIFConsts(k.f, k.adapt)
	k.learn = n.in[2]
	return k, nil
}

func newLIFKernel(n *node, op *ops.LIF) *lifKernel {
	k := &lifKernel{f: op.Factors(n.env.Dt), v: n.out[1].data, exc: n.in[0], inh: n.in[1],
		ge: make([]float32, op.N), gi: make([]float32, op.N), ref: make([]float32, op.N)}
	k.consts = newLIFConsts(k.f, ops.ThetaFactors{})
	for i := range k.v {
		k.v[i] = k.f.Rest
	}
	copy(k.v, op.V0)
	if k.exc == nil || k.inh == nil {
		k.zeros = make([]float32, op.N)
	}
	k.spiker = newSpiker(n.out[0], n.pool, k.chunk)
	k.masks = make([][]uint8, len(k.lists))
	for c := range k.masks {
		k.masks[c] = make([]uint8, (cap(k.lists[c])+7)/8)
	}
	return k
}

// lifConsts are the factors broadcast eight times each, as lifAVX2 reads
// them (the order is part of lif_amd64.s).
type lifConsts [17][8]float32

func newLIFConsts(f ops.LIFFactors, a ops.ThetaFactors) lifConsts {
	var c lifConsts
	for i, x := range [...]float32{f.Rest, f.DecayM, f.GainE, f.GainI, f.Threshold, f.Reset, f.DecayE, f.DecayI,
		f.RefractoryTicks, 1, f.LockoutTicks, f.EExc, f.EInh, f.Lo, f.Hi, a.Plus, a.Decay} {
		for j := range c[i] {
			c[i][j] = x
		}
	}
	return c
}

// lifFlags say which variant of the step lifAVX2 runs.
type lifFlags uint64

const (
	lifConductance lifFlags = 1 << iota // ops.LIF.Reversal is set
	lifAdaptive                         // ops.AdaptiveLIF: theta
	lifLearning                         // theta adapts this tick
)

func (k *lifKernel) readState(i int, dst []float32) {
	if i == 3 {
		copy(dst, k.theta)
		return
	}
	copy(dst, [...][]float32{k.ge, k.gi, k.ref}[i])
}

// lifScalar, set only by tests, keeps the vector kernel from running, so
// that both paths are compared with the reference.
var lifScalar bool

// lifFault, set only by tests, corrupts a chunk's result after it is
// computed (v and its spike list at tick t), to prove that the conformance
// suite catches a faulty kernel. One nil check per chunk costs nothing.
var lifFault func(t uint64, lo int, v []float32, spikes []int32) []int32

func (k *lifKernel) step(t uint64) {
	k.tick = t
	k.excData, k.inhData = k.zeros, k.zeros
	if k.exc != nil {
		k.excData = k.exc.data
	}
	if k.inh != nil {
		k.inhData = k.inh.data
	}
	k.learning = k.learn == nil || k.learn.data[0] != 0
	k.run()
}

// chunk is ops.LIF's (and ops.AdaptiveLIF's) reference step over one
// chunk, with the same float32 operations in the same order: eight neurons
// at a time with AVX2 where the CPU has it (lif_amd64.s), the rest by
// scalar, whose v is integrated by ops.Subthreshold and ops.Drive
// themselves, so the meaning stays in ops.
func (k *lifKernel) chunk(c int) {
	lo, hi := chunkRange(c, len(k.v))
	list := k.lists[c][:0]
	var theta []float32
	if k.theta != nil {
		theta = k.theta[lo:hi]
	}
	done := 0
	if hasLIFVector && !lifScalar {
		masks := k.masks[c]
		done = lifVector(k.v[lo:hi], k.ge[lo:hi], k.gi[lo:hi], k.ref[lo:hi], k.excData[lo:hi], k.inhData[lo:hi], theta,
			masks, &k.consts, k.flags())
		for b, m := range masks[:done/8] {
			for m != 0 {
				list = append(list, int32(lo+8*b+bits.TrailingZeros8(m)))
				m &= m - 1
			}
		}
	}
	list = k.scalar(lo+done, hi, list)
	v := k.v[lo:hi]
	if lifFault != nil {
		list = lifFault(k.tick, lo, v, list)
	}
	spikes := k.out.data
	for _, i := range list {
		spikes[i] = 1
	}
	k.lists[c] = list
}

// flags are the variant of the step this tick.
func (k *lifKernel) flags() lifFlags {
	var f lifFlags
	if k.f.Conductance {
		f |= lifConductance
	}
	if k.theta != nil {
		f |= lifAdaptive
		if k.learning {
			f |= lifLearning
		}
	}
	return f
}

// scalar steps neurons [lo, hi), appending the spiking ones to list: for
// ops.AdaptiveLIF, theta decays (while learning) before the threshold
// test, which compares v with V_t + theta, and a spike raises theta (while
// learning). The loop keeps few slices live, so that the compiler can hold
// them in registers, and cuts them to one length so it drops the bounds
// checks.
func (k *lifKernel) scalar(lo, hi int, list []int32) []int32 {
	v := k.v[lo:hi]
	ge, gi, ref := k.ge[lo:hi][:len(v)], k.gi[lo:hi][:len(v)], k.ref[lo:hi][:len(v)]
	exc, inh := k.excData[lo:hi][:len(v)], k.inhData[lo:hi][:len(v)]
	var theta []float32
	if k.theta != nil {
		theta = k.theta[lo:hi][:len(v)]
	}
	f := &k.f
	sub := f.Subthreshold // a local copy, held in registers
	threshold, decayE, decayI, reset, refTicks, lockTicks := f.Threshold, f.DecayE, f.DecayI, f.Reset, f.RefractoryTicks, f.LockoutTicks
	drive := f.Drive
	plus, decayTheta, learning := k.adapt.Plus, k.adapt.Decay, k.learning
	for i := range v {
		e := ge[i] + exc[i]
		h := gi[i] + inh[i]
		ge[i] = e * decayE
		gi[i] = h * decayI
		var th float32
		if theta != nil {
			th = theta[i]
			if learning {
				th = float32(th * decayTheta)
				theta[i] = th
			}
		}
		r := ref[i]
		if r > 0 {
			r--
			ref[i] = r
			if r > lockTicks {
				continue // still refractory: v is held
			}
		}
		ie, ih := drive.Currents(v[i], e, h)
		x := drive.Bound(v[i], sub.Integrate(v[i], ie, ih))
		t := threshold
		if theta != nil {
			t += th
		}
		if r == 0 && x > t {
			list = append(list, int32(lo+i))
			x = reset
			ref[i] = refTicks
			if theta != nil && learning {
				theta[i] = th + plus
			}
		}
		v[i] = x
	}
	return list
}
