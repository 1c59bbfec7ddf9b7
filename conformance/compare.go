package conformance

import (
	"fmt"
	"math"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

// ULP is the distance between two float32 values in units in the last
// place: the number of representable values between them. +0 and -0 are 0
// apart; NaN is infinitely far from anything.
func ULP(a, b float32) uint64 {
	if a == b {
		return 0
	}
	if a != a || b != b {
		return math.MaxUint64
	}
	ia, ib := ordered(a), ordered(b)
	if ia > ib {
		return uint64(ia - ib)
	}
	return uint64(ib - ia)
}

// ordered maps float32 bits to integers in the order of the values.
func ordered(f float32) int64 {
	u := math.Float32bits(f)
	if u&0x80000000 != 0 {
		return -int64(u & 0x7fffffff)
	}
	return int64(u)
}

// Mismatch is the first disagreement between two programs.
type Mismatch struct {
	Value     string // "node.port" or "node.var"
	Kind      ops.Kind
	Tick      uint64
	Index     int
	Want, Got float32
	ULP       uint64
}

func (m *Mismatch) Error() string {
	return fmt.Sprintf("%s (%v) at tick %d, element %d: reference %v (%#08x), got %v (%#08x), %d ULP apart",
		m.Value, m.Kind, m.Tick, m.Index, m.Want, math.Float32bits(m.Want), m.Got, math.Float32bits(m.Got), m.ULP)
}

// readables lists every output and state of g by the name Program.Read
// takes, with its size.
func readables(g *graph.Graph) (names []string, sizes []int, kinds []ops.Kind) {
	for _, n := range g.Nodes() {
		l := n.Layout()
		for i, p := range n.OutputPorts() {
			names = append(names, n.Name()+"."+p.Name)
			sizes = append(sizes, l.Out[i].Size())
			kinds = append(kinds, n.Op().Kind())
		}
		for _, v := range l.State {
			names = append(names, n.Name()+"."+v.Name)
			sizes = append(sizes, v.Shape.Size())
			kinds = append(kinds, n.Op().Kind())
		}
	}
	return names, sizes, kinds
}

// snapshot reads every readable value of p.
func snapshot(p backend.Program, names []string, sizes []int) ([][]float32, error) {
	out := make([][]float32, len(names))
	for i, name := range names {
		out[i] = make([]float32, sizes[i])
		if err := p.Read(name, out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// diff returns the first bitwise difference between two snapshots, or nil.
// The bound is 0 ULP for every op: equal bits (so -0 and +0 differ too).
func diff(want, got [][]float32, names []string, kinds []ops.Kind, tick uint64) *Mismatch {
	for v := range want {
		for i := range want[v] {
			a, b := want[v][i], got[v][i]
			if math.Float32bits(a) != math.Float32bits(b) {
				return &Mismatch{Value: names[v], Kind: kinds[v], Tick: tick, Index: i, Want: a, Got: b, ULP: ULP(a, b)}
			}
		}
	}
	return nil
}

// sameSpikes compares two spike records event by event.
func sameSpikes(name string, want, got ops.SpikeRecord) error {
	for k := range min(want.Len(), got.Len()) {
		if want.Tick[k] != got.Tick[k] || want.Index[k] != got.Index[k] {
			return fmt.Errorf("%s: event %d: reference (tick %d, neuron %d), got (tick %d, neuron %d)",
				name, k, want.Tick[k], want.Index[k], got.Tick[k], got.Index[k])
		}
	}
	if want.Len() != got.Len() {
		return fmt.Errorf("%s: reference recorded %d events, got %d", name, want.Len(), got.Len())
	}
	return nil
}

// sameTrace compares two traces bit for bit.
func sameTrace(name string, want, got ops.TraceRecord) error {
	if len(want.Tick) != len(got.Tick) || len(want.Values) != len(got.Values) {
		return fmt.Errorf("%s: reference recorded %d ticks (%d values), got %d (%d)",
			name, len(want.Tick), len(want.Values), len(got.Tick), len(got.Values))
	}
	for k := range want.Tick {
		if want.Tick[k] != got.Tick[k] {
			return fmt.Errorf("%s: recording %d: reference tick %d, got %d", name, k, want.Tick[k], got.Tick[k])
		}
	}
	for k := range want.Values {
		if math.Float32bits(want.Values[k]) != math.Float32bits(got.Values[k]) {
			return fmt.Errorf("%s: value %d: reference %v, got %v (%d ULP)", name, k, want.Values[k], got.Values[k], ULP(want.Values[k], got.Values[k]))
		}
	}
	return nil
}
