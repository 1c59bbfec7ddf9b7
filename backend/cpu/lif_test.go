package cpu

import (
	"math"
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/conformance"
	"github.com/spikeflow/spikeflow/ops"
	"github.com/spikeflow/spikeflow/rng"
)

// TestConformanceScalarLIF runs the conformance suite with the vector LIF
// kernel switched off, so that the scalar path, which CPUs without AVX2
// and every group's last few neurons take, is proven too.
func TestConformanceScalarLIF(t *testing.T) {
	lifScalar = true
	defer func() { lifScalar = false }()
	conformance.Run(t, Backend{Workers: 1})
}

// TestLIFVectorMatchesScalar steps the vector and the scalar kernel from
// the same states, chosen to hit every branch (refractory counts 0 to 3,
// v exactly at threshold, subnormal and negative-zero currents), and
// compares every bit of the state and the spikes.
func TestLIFVectorMatchesScalar(t *testing.T) {
	if !hasLIFVector {
		t.Skip("no AVX2 on this CPU: only the scalar kernel runs here, and the conformance suite covers it")
	}
	const n = 4096 + 40
	op := &ops.LIF{N: n, TauM: 20 * time.Millisecond, TauE: 5 * time.Millisecond, TauI: 10 * time.Millisecond,
		VRest: -49, VThreshold: -50, VReset: -60, Refractory: 300 * time.Microsecond}
	key, s := rng.NewKey(3), rng.Stream("lif-vector")
	u := func(tick uint64, i, j int) float32 { return key.Float32(s, tick, uint32(4*i+j)) }
	mk := func() *lifKernel {
		k := &lifKernel{f: op.Factors(100 * time.Microsecond), v: make([]float32, n),
			ge: make([]float32, n), gi: make([]float32, n), ref: make([]float32, n),
			excData: make([]float32, n), inhData: make([]float32, n)}
		k.consts = newLIFConsts(k.f)
		return k
	}
	vec, sca := mk(), mk()
	masks := make([]uint8, n/8)
	for tick := range uint64(50) {
		for i := range n {
			v := -62 + 14*u(tick, i, 0)
			switch i % 17 {
			case 0:
				v = -50 // exactly at threshold: no spike unless inputs push it
			case 1:
				sca.ge[i] = math.SmallestNonzeroFloat32
			case 2:
				sca.gi[i] = float32(math.Copysign(0, -1))
			}
			if tick == 0 {
				sca.v[i] = v
				sca.ref[i] = float32(i % 4)
			}
			sca.excData[i] = 2 * u(tick, i, 1)
			sca.inhData[i] = -u(tick, i, 2)
		}
		copy(vec.v, sca.v)
		copy(vec.ge, sca.ge)
		copy(vec.gi, sca.gi)
		copy(vec.ref, sca.ref)
		copy(vec.excData, sca.excData)
		copy(vec.inhData, sca.inhData)
		want := sca.scalar(0, n, nil)
		done := lifVector(vec.v, vec.ge, vec.gi, vec.ref, vec.excData, vec.inhData, masks, &vec.consts)
		var got []int32
		for b, m := range masks[:done/8] {
			for j := range 8 {
				if m&(1<<j) != 0 {
					got = append(got, int32(8*b+j))
				}
			}
		}
		got = vec.scalar(done, n, got)
		if len(got) != len(want) {
			t.Fatalf("tick %d: %d spikes, scalar %d", tick, len(got), len(want))
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("tick %d: spike %d is neuron %d, scalar %d", tick, i, got[i], want[i])
			}
		}
		for name, pair := range map[string][2][]float32{"v": {vec.v, sca.v}, "ge": {vec.ge, sca.ge}, "gi": {vec.gi, sca.gi}, "ref": {vec.ref, sca.ref}} {
			for i := range n {
				if math.Float32bits(pair[0][i]) != math.Float32bits(pair[1][i]) {
					t.Fatalf("tick %d: %s[%d] = %v (%#x), scalar %v (%#x)", tick, name, i, pair[0][i],
						math.Float32bits(pair[0][i]), pair[1][i], math.Float32bits(pair[1][i]))
				}
			}
		}
		if len(want) == 0 || len(want) == n {
			t.Fatalf("tick %d: %d of %d neurons spiked; the test should exercise both outcomes", tick, len(want), n)
		}
	}
}
