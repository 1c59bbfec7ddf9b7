package cpu

import "github.com/spikeflow/spikeflow/ops"

func init() { register(ops.KindHebbian, newHebbian) }

// hebbianKernel is ops.Hebbian. The forward pass adds the rows scaled by
// x_j in increasing j (skipping zero inputs, which would add signed zeros
// to sums that cannot be -0); the update walks the weights row by row,
// each weight's change depending only on its own row and column.
type hebbianKernel struct {
	rule        ops.HebbianRule
	eta         float32
	w           []float32
	x, y, learn *buffer
	out         []float32
	c           []float32 // eta y_i, per tick
	nPost       int
}

func newHebbian(n *node) (kernel, error) {
	op := n.Op().(*ops.Hebbian)
	return &hebbianKernel{rule: op.Rule, eta: float32(op.Eta), w: append([]float32(nil), op.W...),
		x: n.in[0], y: n.in[1], learn: n.in[2], out: n.out[0].data, c: make([]float32, op.Post), nPost: op.Post}, nil
}

func (k *hebbianKernel) step(uint64) {
	n := k.nPost
	out := k.out[:n]
	clear(out)
	for j, a := range k.x.data {
		if a == 0 {
			continue
		}
		for i, w := range k.w[j*n : (j+1)*n][:n] {
			out[i] += float32(w * a)
		}
	}
	if k.learn != nil && k.learn.data[0] == 0 {
		return
	}
	y := out
	if k.y != nil {
		y = k.y.data[:n]
	}
	c := k.c[:n]
	for i, v := range y {
		c[i] = float32(k.eta * v)
	}
	for j, a := range k.x.data {
		row := k.w[j*n : (j+1)*n][:n]
		for i, w := range row {
			row[i] = w + ops.HebbianChange(k.rule, c[i], a, y[i], w)
		}
	}
}

func (k *hebbianKernel) readState(_ int, dst []float32) { copy(dst, k.w) }
