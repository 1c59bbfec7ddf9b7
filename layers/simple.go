package layers

import (
	"github.com/spikeflow/spikeflow/ops"
)

// AllToAll connects every neuron of Pre to every neuron of Post; with
// NoAutapses (which needs Pre == Post), every neuron to every other.
//
// A full projection stored sparsely costs 4 or 8 bytes per synapse plus
// the row pointers; ops.Dense stores the same weights in 4 bytes each and
// multiplies them without indices, so it is the better op when most
// presynaptic neurons are active. AllToAll is for full projections that
// should stay sparse in form: to be pruned, split by delay or learned
// synapse by synapse.
type AllToAll struct {
	Pre, Post  int
	NoAutapses bool
	Weight     Dist   // nil: Constant(1)
	Seed       uint64 // keys the weights, when they are random
	Name       string
}

// Build generates the connectivity.
func (c AllToAll) Build() (ops.CSR, error) {
	ck := newCheck("AllToAll", c.Name)
	ck.size("Pre", c.Pre)
	ck.size("Post", c.Post)
	if c.NoAutapses && c.Pre != c.Post {
		ck.failf("NoAutapses needs Pre == Post, got %d and %d", c.Pre, c.Post)
	}
	ck.weight(c.Weight)
	deg := c.Post
	if c.NoAutapses {
		deg = max(c.Post-1, 0)
	}
	ck.synapses(float64(c.Pre) * float64(deg))
	if err := ck.err(); err != nil {
		return ops.CSR{}, err
	}
	m := ops.CSR{Pre: c.Pre, Post: c.Post, RowPtr: make([]int32, c.Pre+1), Target: make([]int32, c.Pre*deg)}
	parallelRows(0, c.Pre, func(j int) {
		m.RowPtr[j+1] = int32((j + 1) * deg)
		row := m.Target[j*deg : (j+1)*deg]
		for i := range row {
			row[i] = int32(i)
			if c.NoAutapses && i >= j {
				row[i]++ // skip j itself
			}
		}
	})
	return m, sampleWeights(&m, c.Weight, c.Seed, c.Name, "AllToAll")
}

// OneToOne connects neuron i of one population to neuron i of another of
// the same size N.
type OneToOne struct {
	N      int
	Weight Dist   // nil: Constant(1)
	Seed   uint64 // keys the weights, when they are random
	Name   string
}

// Build generates the connectivity.
func (c OneToOne) Build() (ops.CSR, error) {
	ck := newCheck("OneToOne", c.Name)
	if ck.size("N", c.N) {
		ck.synapses(float64(c.N))
	}
	ck.weight(c.Weight)
	if err := ck.err(); err != nil {
		return ops.CSR{}, err
	}
	m := ops.CSR{Pre: c.N, Post: c.N, RowPtr: make([]int32, c.N+1), Target: make([]int32, c.N)}
	parallelRows(0, c.N, func(i int) {
		m.RowPtr[i+1] = int32(i + 1)
		m.Target[i] = int32(i)
	})
	return m, sampleWeights(&m, c.Weight, c.Seed, c.Name, "OneToOne")
}
