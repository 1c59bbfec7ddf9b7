package ops

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spikeflow/spikeflow/rng"
)

// Shape is the extent of a value along each axis. Every value is stored as a
// dense float32 array in row-major order.
type Shape []int

// Vec is the shape of a vector of n elements.
func Vec(n int) Shape { return Shape{n} }

// Size is the number of elements of a value of this shape.
func (s Shape) Size() int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}

// Equal reports whether two shapes are identical.
func (s Shape) Equal(o Shape) bool {
	if len(s) != len(o) {
		return false
	}
	for i := range s {
		if s[i] != o[i] {
			return false
		}
	}
	return true
}

func (s Shape) String() string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = strconv.Itoa(d)
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// Port describes one input or output of an op.
type Port struct {
	Name string
	// Spikes marks a value that holds spikes: 0 or 1 per element (or a
	// spike's weight, for weighted spikes), zero almost everywhere. Backends
	// may keep a list of the nonzero elements beside the dense array.
	Spikes bool
	// Delay, for inputs, is the number of ticks between the producer writing
	// a value and this op reading it (0: the same tick).
	Delay int
	// Optional inputs may stay unconnected; the op then reads zeros.
	Optional bool
}

// Var names a piece of state an op owns.
type Var struct {
	Name  string
	Shape Shape
}

// Layout is what an op's shape rule derives from its input shapes.
type Layout struct {
	Out   []Shape // one per output port
	State []Var
}

// Env is what an op instance needs besides its own parameters.
type Env struct {
	Dt     time.Duration
	Key    rng.Key
	Stream uint32  // keys the node's random numbers; rng.Stream(node name)
	In     []Shape // shape of each input port; nil where unconnected
}

// Op is one op family's parameters together with its meaning.
type Op interface {
	Kind() Kind
	// Inputs and Outputs list the op's ports. Names are unique across
	// inputs, outputs and state.
	Inputs() []Port
	Outputs() []Port
	// Validate checks the parameters for a tick of dt and returns every
	// problem found, each wrapping ErrParam.
	Validate(dt time.Duration) error
	// Infer is the shape rule: given the shape of each input (nil where an
	// optional input is unconnected) it returns output and state shapes, or
	// an error wrapping ErrShape.
	Infer(in []Shape) (Layout, error)
	// Reference returns a new instance of the scalar reference
	// implementation with freshly initialized state. It is called only on
	// parameters that passed Validate and shapes that passed Infer.
	Reference(env Env) Reference
}

// Reference is an instance of an op's reference implementation.
type Reference interface {
	// Step computes tick t. in[i] holds input i as seen at tick t (already
	// delayed by the port's delay; nil if unconnected); Step must write
	// every element of every out[i].
	Step(t uint64, in, out [][]float32)
	// State returns the live state arrays, in the order of Layout.State.
	State() [][]float32
}

// SpikeRecorder is implemented by references and kernels that record spike
// events.
type SpikeRecorder interface {
	Spikes() SpikeRecord
}

// TraceRecorder is implemented by references and kernels that record traces
// of a value.
type TraceRecorder interface {
	Trace() TraceRecord
}

// SpikeRecord is a list of spike events in canonical order: by tick, then by
// neuron index.
type SpikeRecord struct {
	Tick  []uint64
	Index []int32
}

// Len is the number of events.
func (r SpikeRecord) Len() int { return len(r.Tick) }

// TraceRecord holds the values of selected elements at selected ticks.
type TraceRecord struct {
	Index  []int32   // which elements were recorded
	Tick   []uint64  // when
	Values []float32 // row-major: Values[k*len(Index)+j] is element Index[j] at Tick[k]
}

// At returns the recorded value of the j-th selected element at the k-th
// recorded tick.
func (r TraceRecord) At(k, j int) float32 { return r.Values[k*len(r.Index)+j] }

// PortIndex returns the index of the named port, or -1.
func PortIndex(ports []Port, name string) int {
	for i, p := range ports {
		if p.Name == name {
			return i
		}
	}
	return -1
}

// PortNames lists port names, for error messages.
func PortNames(ports []Port) string {
	names := make([]string, len(ports))
	for i, p := range ports {
		names[i] = p.Name
	}
	return strings.Join(names, ", ")
}

// expectVec is the shape rule shared by ops whose inputs are vectors of a
// size fixed by their parameters.
func expectVec(in []Shape, ports []Port, sizes ...int) error {
	var errs []error
	for i, s := range in {
		if s == nil {
			continue
		}
		if !s.Equal(Vec(sizes[i])) {
			errs = append(errs, fmt.Errorf("%w: input %q has shape %v, want %v", ErrShape, ports[i].Name, s, Vec(sizes[i])))
		}
	}
	return joinErrs(errs)
}
