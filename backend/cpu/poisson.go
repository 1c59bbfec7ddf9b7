package cpu

import (
	"github.com/spikeflow/spikeflow/ops"
	"github.com/spikeflow/spikeflow/rng"
)

func init() { register(ops.KindPoisson, newPoisson) }

type poissonKernel struct {
	spiker
	key    rng.Key
	stream uint32
	prob   []float32
	dt     float32
	rate   *buffer // optional input
	t      uint64
}

func newPoisson(n *node) (kernel, error) {
	op := n.Op().(*ops.Poisson)
	k := &poissonKernel{key: n.env.Key, stream: n.env.Stream, prob: op.Probabilities(n.env.Dt),
		dt: ops.DtSeconds(n.env.Dt), rate: n.in[0]}
	k.spiker = newSpiker(n.out[0], n.pool, k.chunk)
	return k, nil
}

func (k *poissonKernel) step(t uint64) {
	k.t = t
	k.run()
}

func (k *poissonKernel) chunk(c int) {
	lo, hi := chunkRange(c, len(k.out.data))
	spikes := k.out.data[lo:hi]
	list := k.lists[c][:0]
	for i := range spikes {
		p := k.prob[lo+i]
		if k.rate != nil {
			p = ops.ClampProb(float32(k.rate.data[lo+i] * k.dt))
		}
		// A uniform number in [0, 1) is never below p <= 0: skipping the
		// generator for silent neurons (black pixels, rest between
		// samples) changes no spike.
		if p > 0 && ops.PoissonFires(k.key, k.stream, k.t, lo+i, p) {
			spikes[i] = 1
			list = append(list, int32(lo+i))
		}
	}
	k.lists[c] = list
}
