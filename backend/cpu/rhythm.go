package cpu

import "github.com/spikeflow/spikeflow/ops"

func init() {
	register(ops.KindOscillator, newOscillator)
	register(ops.KindMultiplex, newMultiplex)
}

// oscKernel copies the row of the host-computed table for this tick of the
// rhythm into its five one-element outputs.
type oscKernel struct {
	r   ops.Rhythm
	tab []float32
	out []*buffer
}

func newOscillator(n *node) (kernel, error) {
	op := n.Op().(*ops.Oscillator)
	return &oscKernel{r: op.Rhythm, tab: op.Table(), out: n.out}, nil
}

func (k *oscKernel) step(t uint64) {
	row := k.tab[len(k.out)*k.r.At(t):]
	for o, b := range k.out {
		b.data[0] = row[o]
	}
}

// muxKernel selects each neuron's item for this tick's gamma cycle.
type muxKernel struct {
	r    ops.Rhythm
	gain float32
	in   *buffer
	out  *buffer
}

func newMultiplex(n *node) (kernel, error) {
	op := n.Op().(*ops.Multiplex)
	return &muxKernel{r: op.Rhythm, gain: op.GainFactor(), in: n.in[0], out: n.out[0]}, nil
}

func (k *muxKernel) step(t uint64) {
	c, g := k.r.Cycle(t), k.r.Gamma
	items, out := k.in.data, k.out.data
	for i := range out {
		out[i] = items[i*g+c] * k.gain
	}
}
