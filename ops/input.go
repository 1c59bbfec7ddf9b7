package ops

import (
	"fmt"
	"time"
)

// Input is a value fed by the host. It holds the last value written (see
// CheckData) for every following tick; before the first write it holds
// Value, or zeros if Value is nil, so an Input that is never written is a
// constant.
type Input struct {
	N      int
	Spikes bool      // the value is a spike vector: every element 0 or 1
	Value  []float32 // initial value: nil or N elements
}

func (*Input) Kind() Kind        { return KindInput }
func (*Input) Inputs() []Port    { return nil }
func (p *Input) Outputs() []Port { return []Port{{Name: "out", Spikes: p.Spikes}} }
func (p *Input) Infer([]Shape) (Layout, error) {
	return Layout{Out: []Shape{Vec(p.N)}, State: []Var{{"value", Vec(p.N)}}}, nil
}

func (p *Input) Validate(time.Duration) error {
	var c checker
	c.size("N", p.N)
	if p.Value != nil {
		c.length("Value", len(p.Value), p.N)
		if err := p.CheckData(p.Value); err != nil && len(p.Value) == p.N {
			c.fail("Value: %v", err)
		}
	}
	return c.err()
}

// CheckData reports whether data may be written to this input: N finite
// elements, each 0 or 1 for a spike input. Backends call it before every
// write, so bad host data never enters a simulation.
func (p *Input) CheckData(data []float32) error {
	if len(data) != p.N {
		return fmt.Errorf("%w: %d elements, want %d", ErrValue, len(data), p.N)
	}
	if i, n := firstNonFinite(data); n > 0 {
		return fmt.Errorf("%w: element %d is %v (%d non-finite elements)", ErrValue, i, data[i], n)
	}
	if p.Spikes {
		for i, v := range data {
			if v != 0 && v != 1 {
				return fmt.Errorf("%w: element %d is %v, a spike input takes 0 or 1", ErrValue, i, v)
			}
		}
	}
	return nil
}

func (p *Input) Reference(Env) Reference {
	r := &inputRef{value: make([]float32, p.N)}
	copy(r.value, p.Value)
	return r
}

type inputRef struct{ value []float32 }

func (r *inputRef) Step(_ uint64, _, out [][]float32) { copy(out[0], r.value) }
func (r *inputRef) State() [][]float32                { return [][]float32{r.value} }
