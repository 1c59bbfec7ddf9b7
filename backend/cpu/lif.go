package cpu

import "github.com/spikeflow/spikeflow/ops"

func init() { register(ops.KindLIF, newLIF) }

type lifKernel struct {
	spiker
	f        ops.LIFFactors
	v        []float32 // the output "v" is the state
	ge, gi   []float32
	ref      []float32
	exc, inh *buffer // nil where unbound
	zeros    []float32
	excData  []float32 // this tick's inputs, read once per tick
	inhData  []float32
}

func newLIF(n *node) (kernel, error) {
	op := n.Op().(*ops.LIF)
	k := &lifKernel{f: op.Factors(n.env.Dt), v: n.out[1].data, exc: n.in[0], inh: n.in[1],
		ge: make([]float32, op.N), gi: make([]float32, op.N), ref: make([]float32, op.N)}
	for i := range k.v {
		k.v[i] = k.f.Rest
	}
	copy(k.v, op.V0)
	if k.exc == nil || k.inh == nil {
		k.zeros = make([]float32, op.N)
	}
	k.spiker = newSpiker(n.out[0], n.pool, k.chunk)
	return k, nil
}

func (k *lifKernel) state() [][]float32 { return [][]float32{k.ge, k.gi, k.ref} }

func (k *lifKernel) step(uint64) {
	k.excData, k.inhData = k.zeros, k.zeros
	if k.exc != nil {
		k.excData = k.exc.data
	}
	if k.inh != nil {
		k.inhData = k.inh.data
	}
	k.run()
}

// chunk is ops.LIF's reference step over one chunk, with the same float32
// operations in the same order (see ops.LIFFactors.Integrate); the slices
// are cut to one length so the compiler drops the bounds checks.
func (k *lifKernel) chunk(c int) {
	lo, hi := chunkRange(c, len(k.v))
	v, ge, gi, ref := k.v[lo:hi], k.ge[lo:hi], k.gi[lo:hi], k.ref[lo:hi]
	n := len(v)
	ge, gi, ref = ge[:n], gi[:n], ref[:n]
	exc, inh := k.excData[lo:hi][:n], k.inhData[lo:hi][:n]
	spikes := k.out.data[lo:hi][:n]
	f := &k.f
	rest, decayM, gainE, gainI := f.Rest, f.DecayM, f.GainE, f.GainI
	decayE, decayI, threshold := f.DecayE, f.DecayI, f.Threshold
	list := k.lists[c][:0]
	for i := range v {
		e := ge[i] + exc[i]
		h := gi[i] + inh[i]
		r := ref[i]
		if r > 0 {
			r--
		}
		if r == 0 {
			x := rest + float32((v[i]-rest)*decayM) + float32(e*gainE) + float32(h*gainI)
			if x > threshold {
				spikes[i] = 1
				list = append(list, int32(lo+i))
				x = f.Reset
				r = f.RefractoryTicks
			}
			v[i] = x
		}
		ref[i] = r
		ge[i] = e * decayE
		gi[i] = h * decayI
	}
	k.lists[c] = list
}
