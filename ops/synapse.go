package ops

import (
	"fmt"
	"math"
	"time"
)

// Dense is an all-to-all projection from Pre to Post neurons. The value it
// delivers at tick t is out[i] = sum over j of W[j*Post+i] * pre[j], where
// pre is its input as of tick t-Delay; the sum runs over j in increasing
// order. W is stored by presynaptic neuron (row j holds neuron j's outgoing
// weights), so that the rows of the neurons that spiked can be scattered.
type Dense struct {
	Pre, Post int
	W         []float32
	Delay     int // ticks, >= 1
}

func (*Dense) Kind() Kind       { return KindDense }
func (p *Dense) Inputs() []Port { return []Port{{Name: "pre", Delay: p.Delay}} }
func (*Dense) Outputs() []Port  { return []Port{{Name: "post"}} }
func (p *Dense) Infer(in []Shape) (Layout, error) {
	return Layout{Out: []Shape{Vec(p.Post)}}, expectVec(in, p.Inputs(), p.Pre)
}

func (p *Dense) Validate(time.Duration) error {
	var c checker
	c.size("Pre", p.Pre)
	c.size("Post", p.Post)
	checkDelay(&c, p.Delay)
	if p.Pre >= 0 && p.Post >= 0 {
		if p.Post > 0 && p.Pre > math.MaxInt/p.Post {
			c.fail("W would need Pre*Post = %d*%d elements, more than an int can count", p.Pre, p.Post)
		} else {
			c.length("W", len(p.W), p.Pre*p.Post)
		}
	}
	c.finiteAll("W", p.W)
	return c.err()
}

// MaxDelay bounds synaptic delays; backends keep one buffer per tick of
// delay.
const MaxDelay = 1 << 12

func checkDelay(c *checker, d int) {
	if d < 1 || d > MaxDelay {
		c.fail("Delay = %d ticks, must be in [1, %d]: spikes are delivered at least one tick after they are emitted", d, MaxDelay)
	}
}

func (p *Dense) Reference(Env) Reference { return &denseRef{p: p} }

type denseRef struct{ p *Dense }

func (r *denseRef) Step(_ uint64, in, out [][]float32) {
	post := out[0]
	clear(post)
	for j, s := range in[0] {
		row := r.p.W[j*r.p.Post : (j+1)*r.p.Post]
		for i, w := range row {
			post[i] += float32(w * s)
		}
	}
}

func (r *denseRef) State() [][]float32 { return nil }

// CSR is sparse connectivity stored by presynaptic neuron (compressed sparse
// rows): the synapses of neuron j are Target[RowPtr[j]:RowPtr[j+1]] with the
// matching Weight entries. Weight holds one weight per synapse, or a single
// weight shared by all (then a synapse costs 4 bytes instead of 8).
type CSR struct {
	Pre, Post int
	RowPtr    []int32 // Pre+1 offsets, RowPtr[0] = 0, nondecreasing
	Target    []int32 // postsynaptic index of each synapse, in [0, Post)
	Weight    []float32
}

// NNZ is the number of synapses.
func (m *CSR) NNZ() int { return len(m.Target) }

// W returns the weight of synapse k.
func (m *CSR) W(k int) float32 {
	if len(m.Weight) == 1 {
		return m.Weight[0]
	}
	return m.Weight[k]
}

// Bytes is the memory the connectivity occupies, row pointers included.
func (m *CSR) Bytes() int { return 4 * (len(m.RowPtr) + len(m.Target) + len(m.Weight)) }

// Check reports every structural problem of m.
func (m *CSR) Check() error {
	var c checker
	m.check(&c)
	return c.err()
}

func (m *CSR) check(c *checker) {
	c.size("Pre", m.Pre)
	c.size("Post", m.Post)
	if m.Pre < 0 || m.Post < 0 {
		return
	}
	if len(m.RowPtr) != m.Pre+1 {
		c.length("RowPtr", len(m.RowPtr), m.Pre+1)
		return
	}
	if len(m.Target) > math.MaxInt32 {
		c.fail("%d synapses, at most %d are supported", len(m.Target), math.MaxInt32)
		return
	}
	if m.RowPtr[0] != 0 || int(m.RowPtr[m.Pre]) != len(m.Target) {
		c.fail("RowPtr runs from %d to %d, want 0 to len(Target) = %d", m.RowPtr[0], m.RowPtr[m.Pre], len(m.Target))
	}
	for j := range m.Pre {
		if m.RowPtr[j+1] < m.RowPtr[j] {
			c.fail("RowPtr decreases at row %d (%d > %d)", j, m.RowPtr[j], m.RowPtr[j+1])
			break
		}
	}
	for k, t := range m.Target {
		if t < 0 || int(t) >= m.Post {
			c.fail("Target[%d] = %d, must be in [0, %d)", k, t, m.Post)
			break
		}
	}
	if len(m.Weight) != 1 {
		c.length("Weight", len(m.Weight), 1, len(m.Target))
	}
	c.finiteAll("Weight", m.Weight)
}

func (m *CSR) String() string {
	return fmt.Sprintf("CSR %dx%d, %d synapses", m.Pre, m.Post, m.NNZ())
}

// Sparse is a projection with CSR connectivity. The value it delivers at
// tick t is out[i] = sum of W_k * pre[j] over the synapses k from j to i,
// with pre as of tick t-Delay; the terms are added in the order j, then k.
type Sparse struct {
	CSR
	Delay int // ticks, >= 1
}

func (*Sparse) Kind() Kind       { return KindSparse }
func (p *Sparse) Inputs() []Port { return []Port{{Name: "pre", Delay: p.Delay}} }
func (*Sparse) Outputs() []Port  { return []Port{{Name: "post"}} }
func (p *Sparse) Infer(in []Shape) (Layout, error) {
	return Layout{Out: []Shape{Vec(p.Post)}}, expectVec(in, p.Inputs(), p.Pre)
}

func (p *Sparse) Validate(time.Duration) error {
	var c checker
	p.CSR.check(&c)
	checkDelay(&c, p.Delay)
	return c.err()
}

func (p *Sparse) Reference(Env) Reference { return &sparseRef{m: &p.CSR} }

type sparseRef struct{ m *CSR }

func (r *sparseRef) Step(_ uint64, in, out [][]float32) {
	post := out[0]
	clear(post)
	for j, s := range in[0] {
		for k := r.m.RowPtr[j]; k < r.m.RowPtr[j+1]; k++ {
			post[r.m.Target[k]] += float32(r.m.W(int(k)) * s)
		}
	}
}

func (r *sparseRef) State() [][]float32 { return nil }
