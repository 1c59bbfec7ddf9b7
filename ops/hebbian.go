package ops

import (
	"fmt"
	"math"
	"time"
)

// HebbianRule picks the update of a Hebbian layer.
type HebbianRule uint8

const (
	// Hebb: dW_ji = eta y_i x_j. Unbounded: weights grow without limit
	// unless the inputs are centred or the layer is normalized elsewhere.
	Hebb HebbianRule = iota
	// Oja: dW_ji = eta y_i (x_j - y_i W_ji) (Oja 1982); for a linear neuron
	// the weight vector converges to the unit-norm principal eigenvector of
	// the input's correlation matrix.
	Oja
)

func (r HebbianRule) String() string {
	switch r {
	case Hebb:
		return "Hebb"
	case Oja:
		return "Oja"
	}
	return fmt.Sprintf("HebbianRule(%d)", uint8(r))
}

// Hebbian is a rate-based dense layer that learns by Hebb's or Oja's rule.
// Its weights are state ("w", Pre x Post by presynaptic neuron, as
// Dense.W, starting from W).
//
// Ports: input "x" (Pre analog values, e.g. rates, of the same tick);
// optional input "y" (Post values, of the same tick: the postsynaptic
// rates the rule uses; unconnected, y is the layer's own output, a linear
// neuron); optional input "learn" (1 element; see STDPDense); output
// "out" = W x.
//
// A tick: out_i = sum over j, in increasing order, of float32(W_ji x_j),
// with the weights of the start of the tick; then, while learning, every
// weight changes by, with c_i = float32(Eta y_i),
//
//	Hebb: float32(c_i x_j)
//	Oja:  float32(c_i float32(x_j - float32(y_i W_ji)))
//
// Each weight's change depends only on its own row and column, so the
// order in which weights are updated does not matter.
type Hebbian struct {
	Pre, Post int
	W         []float32
	Rule      HebbianRule
	Eta       float64 // learning rate per tick
}

func (*Hebbian) Kind() Kind { return KindHebbian }
func (*Hebbian) Inputs() []Port {
	return []Port{{Name: "x"}, {Name: "y", Optional: true}, {Name: "learn", Optional: true}}
}
func (*Hebbian) Outputs() []Port { return []Port{{Name: "out"}} }

func (p *Hebbian) Infer(in []Shape) (Layout, error) {
	return Layout{Out: []Shape{Vec(p.Post)}, State: []Var{{"w", Shape{p.Pre, p.Post}}}},
		expectVec(in, p.Inputs(), p.Pre, p.Post, 1)
}

func (p *Hebbian) Validate(time.Duration) error {
	var c checker
	c.size("Pre", p.Pre)
	c.size("Post", p.Post)
	if p.Pre >= 0 && p.Post >= 0 {
		if p.Post > 0 && p.Pre > math.MaxInt32/p.Post {
			c.fail("W would need Pre*Post = %d*%d elements, more than %d", p.Pre, p.Post, math.MaxInt32)
		} else {
			c.length("W", len(p.W), p.Pre*p.Post)
		}
	}
	c.finiteAll("W", p.W)
	c.finite("Eta", p.Eta)
	if p.Rule > Oja {
		c.fail("Rule = %v, want Hebb or Oja", p.Rule)
	}
	return c.err()
}

// HebbianChange is the change of weight w between x and y for c =
// float32(Eta y): the rule's arithmetic, shared by every backend.
func HebbianChange(rule HebbianRule, c, x, y, w float32) float32 {
	if rule == Oja {
		return float32(c * float32(x-float32(y*w)))
	}
	return float32(c * x)
}

func (p *Hebbian) Reference(Env) Reference {
	return &hebbianRef{p: p, w: append([]float32(nil), p.W...)}
}

type hebbianRef struct {
	p *Hebbian
	w []float32
}

func (r *hebbianRef) Step(_ uint64, in, out [][]float32) {
	x, post := in[0], r.p.Post
	y := out[0]
	clear(y)
	for j, a := range x {
		for i := range post {
			y[i] += float32(r.w[j*post+i] * a)
		}
	}
	if in[1] != nil {
		y = in[1]
	}
	if !flagOn(in[2], true) {
		return
	}
	eta := float32(r.p.Eta)
	for i := range post {
		c := float32(eta * y[i])
		for j, a := range x {
			k := j*post + i
			r.w[k] += HebbianChange(r.p.Rule, c, a, y[i], r.w[k])
		}
	}
}

func (r *hebbianRef) State() [][]float32 { return [][]float32{r.w} }
