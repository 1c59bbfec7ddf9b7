package cpu

import "github.com/spikeflow/spikeflow/ops"

func init() {
	register(ops.KindLIF, newLIF)
	register(ops.KindAdaptiveLIF, newAdaptiveLIF)
}

type lifKernel struct {
	spiker
	f        ops.LIFFactors
	v        []float32 // the output "v" is the state
	syn      []lifSyn  // the rest of the state, interleaved
	exc, inh *buffer   // nil where unbound
	zeros    []float32
	excData  []float32 // this tick's inputs, read once per tick
	inhData  []float32
	tick     uint64

	// AdaptiveLIF only: theta, its factors, and whether it adapts this
	// tick ("learn").
	theta    []float32
	adapt    ops.ThetaFactors
	learn    *buffer
	learning bool
}

func newLIF(n *node) (kernel, error) { return newLIFKernel(n, n.Op().(*ops.LIF)), nil }

// newAdaptiveLIF is the LIF kernel with a threshold that adapts (see
// adaptiveChunk).
func newAdaptiveLIF(n *node) (kernel, error) {
	op := n.Op().(*ops.AdaptiveLIF)
	k := newLIFKernel(n, &op.LIF)
	k.theta = make([]float32, op.N)
	copy(k.theta, op.Theta0)
	k.adapt = op.ThetaFactors(n.env.Dt)
	k.learn = n.in[2]
	k.spiker = newSpiker(n.out[0], n.pool, k.adaptiveChunk)
	return k, nil
}

func newLIFKernel(n *node, op *ops.LIF) *lifKernel {
	k := &lifKernel{f: op.Factors(n.env.Dt), v: n.out[1].data, exc: n.in[0], inh: n.in[1],
		syn: make([]lifSyn, op.N)}
	for i := range k.v {
		k.v[i] = k.f.Rest
	}
	copy(k.v, op.V0)
	if k.exc == nil || k.inh == nil {
		k.zeros = make([]float32, op.N)
	}
	k.spiker = newSpiker(n.out[0], n.pool, k.chunk)
	return k
}

// lifSyn is one neuron's currents and refractory countdown.
type lifSyn struct{ ge, gi, ref float32 }

func (k *lifKernel) readState(i int, dst []float32) {
	if i == 3 {
		copy(dst, k.theta)
		return
	}
	for j, s := range k.syn {
		dst[j] = [...]float32{s.ge, s.gi, s.ref}[i]
	}
}

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

// chunk is ops.LIF's reference step over one chunk, with the same float32
// operations in the same order; v is integrated by ops.Subthreshold itself,
// so the meaning stays in ops. The loop
// keeps few slices live, so that the compiler can hold them all in
// registers, and cuts them to one length so it drops the bounds checks.
func (k *lifKernel) chunk(c int) {
	lo, hi := chunkRange(c, len(k.v))
	v, syn := k.v[lo:hi], k.syn[lo:hi]
	syn = syn[:len(v)]
	exc, inh := k.excData[lo:hi][:len(v)], k.inhData[lo:hi][:len(v)]
	f := &k.f
	sub := f.Subthreshold // a local copy, held in registers
	threshold, decayE, decayI, reset, refTicks := f.Threshold, f.DecayE, f.DecayI, f.Reset, f.RefractoryTicks
	list := k.lists[c][:0]
	for i := range v {
		s := &syn[i]
		e := s.ge + exc[i]
		h := s.gi + inh[i]
		s.ge = e * decayE
		s.gi = h * decayI
		if r := s.ref; r > 0 {
			s.ref = r - 1
			if r > 1 {
				continue // still refractory: v is held
			}
		}
		x := sub.Integrate(v[i], e, h)
		if x > threshold {
			list = append(list, int32(lo+i))
			x = reset
			s.ref = refTicks
		}
		v[i] = x
	}
	if lifFault != nil {
		list = lifFault(k.tick, lo, v, list)
	}
	spikes := k.out.data
	for _, i := range list {
		spikes[i] = 1
	}
	k.lists[c] = list
}

// adaptiveChunk is chunk for ops.AdaptiveLIF: theta decays (while
// learning) before the threshold test, which compares v with V_t + theta,
// and a spike raises theta (while learning), as the reference does.
func (k *lifKernel) adaptiveChunk(c int) {
	lo, hi := chunkRange(c, len(k.v))
	v, syn, theta := k.v[lo:hi], k.syn[lo:hi], k.theta[lo:hi]
	syn, theta = syn[:len(v)], theta[:len(v)]
	exc, inh := k.excData[lo:hi][:len(v)], k.inhData[lo:hi][:len(v)]
	f := &k.f
	sub := f.Subthreshold
	threshold, decayE, decayI, reset, refTicks := f.Threshold, f.DecayE, f.DecayI, f.Reset, f.RefractoryTicks
	plus, decayTheta, learning := k.adapt.Plus, k.adapt.Decay, k.learning
	list := k.lists[c][:0]
	for i := range v {
		s := &syn[i]
		e := s.ge + exc[i]
		h := s.gi + inh[i]
		s.ge = e * decayE
		s.gi = h * decayI
		th := theta[i]
		if learning {
			th = float32(th * decayTheta)
			theta[i] = th
		}
		if r := s.ref; r > 0 {
			s.ref = r - 1
			if r > 1 {
				continue
			}
		}
		x := sub.Integrate(v[i], e, h)
		if x > threshold+th {
			list = append(list, int32(lo+i))
			x = reset
			s.ref = refTicks
			if learning {
				theta[i] = th + plus
			}
		}
		v[i] = x
	}
	spikes := k.out.data
	for _, i := range list {
		spikes[i] = 1
	}
	k.lists[c] = list
}
