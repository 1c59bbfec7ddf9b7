package cpu

import "github.com/spikeflow/spikeflow/ops"

func init() {
	register(ops.KindLatency, newLatency)
	register(ops.KindPhase, newPhase)
	register(ops.KindWeightedPhase, newWeightedPhase)
}

// encoder is what the three encoders share: the input they sample at the
// start of each cycle, the state they hold through it, and this tick's
// position in the cycle, set by step before the chunks run.
type encoder struct {
	spiker
	in        *buffer
	held      []float32
	lo, scale float32
	j         int // tick within the cycle
}

func newEncoder(n *node, r ops.ValueRange) encoder {
	e := encoder{in: n.in[0], held: make([]float32, len(n.out[0].data))}
	for i := range e.held {
		e.held[i] = -1
	}
	e.lo, e.scale = r.Factors()
	return e
}

func (e *encoder) readState(_ int, dst []float32) { copy(dst, e.held) }

// sampled returns chunk c's range, its held state and its input, sampling
// the input into the held state with code at a cycle's first tick.
func (e *encoder) sampled(c int, code func(v float32) float32) (lo int, held []float32) {
	lo, hi := chunkRange(c, len(e.held))
	held = e.held[lo:hi]
	if e.j == 0 {
		x := e.in.data[lo:hi]
		x = x[:len(held)]
		for i := range held {
			held[i] = code(ops.Unit(x[i], e.lo, e.scale))
		}
	}
	return lo, held
}

// fireAt lists, and sets to 1, the neurons of chunk c whose held tick is j.
func (e *encoder) fireAt(c, lo int, held []float32) {
	j := float32(e.j)
	list := e.lists[c][:0]
	for i, h := range held {
		if h == j {
			list = append(list, int32(lo+i))
		}
	}
	spikes := e.out.data
	for _, i := range list {
		spikes[i] = 1
	}
	e.lists[c] = list
}

type latencyKernel struct {
	encoder
	p *ops.Latency
}

func newLatency(n *node) (kernel, error) {
	op := n.Op().(*ops.Latency)
	k := &latencyKernel{encoder: newEncoder(n, op.Range), p: op}
	k.spiker = newSpiker(n.out[0], n.pool, k.chunk)
	return k, nil
}

func (k *latencyKernel) step(t uint64) {
	k.j = k.p.At(t)
	k.run()
}

func (k *latencyKernel) chunk(c int) {
	lo, held := k.sampled(c, func(v float32) float32 { return float32(ops.LatencyTick(v, k.p.Window)) })
	k.fireAt(c, lo, held)
}

type phaseKernel struct {
	encoder
	p  *ops.Phase
	tg int
}

func newPhase(n *node) (kernel, error) {
	op := n.Op().(*ops.Phase)
	k := &phaseKernel{encoder: newEncoder(n, op.Range), p: op, tg: op.Rhythm.GammaTicks()}
	k.spiker = newSpiker(n.out[0], n.pool, k.chunk)
	return k, nil
}

func (k *phaseKernel) step(t uint64) {
	k.j = k.p.Rhythm.InGamma(t)
	k.run()
}

func (k *phaseKernel) chunk(c int) {
	lo, held := k.sampled(c, func(v float32) float32 {
		return float32(ops.PhaseTick(ops.PhaseBin(v, k.p.Bins), k.p.Bins, k.tg))
	})
	k.fireAt(c, lo, held)
}

type weightedKernel struct {
	encoder
	p  *ops.WeightedPhase
	tg int
	k  int // the phase starting this tick, or -1
}

func newWeightedPhase(n *node) (kernel, error) {
	op := n.Op().(*ops.WeightedPhase)
	k := &weightedKernel{encoder: newEncoder(n, op.Range), p: op, tg: op.Rhythm.GammaTicks()}
	k.spiker = newSpiker(n.out[0], n.pool, k.chunk)
	return k, nil
}

func (k *weightedKernel) step(t uint64) {
	k.j = k.p.Rhythm.InGamma(t)
	k.k = ops.PhaseOf(k.j, k.p.Phases, k.tg)
	k.run()
}

// chunk fires, with the phase's weight, the neurons whose code has the
// phase's bit set; on ticks where no phase starts there is nothing to do
// after sampling.
func (k *weightedKernel) chunk(c int) {
	lo, held := k.sampled(c, func(v float32) float32 { return float32(ops.WeightedCode(v, k.p.Phases)) })
	list := k.lists[c][:0]
	if k.k >= 0 {
		bit := uint(k.p.Phases - 1 - k.k)
		for i, q := range held {
			if q >= 0 && int(q)>>bit&1 == 1 {
				list = append(list, int32(lo+i))
			}
		}
		w, spikes := ops.PhaseWeight(k.k), k.out.data
		for _, i := range list {
			spikes[i] = w
		}
	}
	k.lists[c] = list
}
