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
// the same states, chosen to hit every branch (refractory and lockout
// counts, v exactly at threshold, subnormal and negative-zero currents; v
// outside the reversal potentials and conductances large enough to
// overshoot them, which the bound clamps; theta adapting on some ticks and
// not on others), for each variant of the step, and compares every bit of
// the state and the spikes.
func TestLIFVectorMatchesScalar(t *testing.T) {
	if !hasLIFVector {
		t.Skip("no AVX2 on this CPU: only the scalar kernel runs here, and the conformance suite covers it")
	}
	const n = 4096 + 40
	dt := 100 * time.Microsecond
	current := ops.LIF{N: n, TauM: 20 * time.Millisecond, TauE: 5 * time.Millisecond, TauI: 10 * time.Millisecond,
		VRest: -49, VThreshold: -50, VReset: -60, Refractory: 300 * time.Microsecond}
	locked := current
	locked.Lockout = 700 * time.Microsecond
	conductance := ops.LIF{N: n, TauM: 2 * time.Millisecond, TauE: time.Millisecond, TauI: 2 * time.Millisecond,
		VRest: -65, VThreshold: -52, VReset: -65, Refractory: 200 * time.Microsecond,
		Reversal: &ops.Reversal{Exc: 0, Inh: -100}}
	condLocked := conductance
	condLocked.Lockout = time.Millisecond
	for _, tc := range []struct {
		name     string
		op       ops.LIF
		adaptive bool
	}{
		{"current", current, false},
		{"current/lockout", locked, false},
		{"current/adaptive", current, true},
		{"conductance", conductance, false},
		{"conductance/adaptive/lockout", condLocked, true},
	} {
		t.Run(tc.name, func(t *testing.T) { testLIFVector(t, &tc.op, tc.adaptive, dt) })
	}
}

func testLIFVector(t *testing.T, op *ops.LIF, adaptive bool, dt time.Duration) {
	n := op.N
	key, s := rng.NewKey(3), rng.Stream("lif-vector")
	u := func(tick uint64, i, j int) float32 { return key.Float32(s, tick, uint32(8*i+j)) }
	cond := op.Reversal != nil
	mk := func() *lifKernel {
		k := &lifKernel{f: op.Factors(dt), v: make([]float32, n),
			ge: make([]float32, n), gi: make([]float32, n), ref: make([]float32, n),
			excData: make([]float32, n), inhData: make([]float32, n)}
		if adaptive {
			k.adapt = ops.ThetaFactors{Plus: 0.5, Decay: 0.999}
			k.theta = make([]float32, n)
		}
		k.consts = newLIFConsts(k.f, k.adapt)
		return k
	}
	vec, sca := mk(), mk()
	threshold := float32(op.VThreshold)
	masks := make([]uint8, n/8)
	total := 0
	for tick := range uint64(60) {
		learning := tick%3 != 0
		vec.learning, sca.learning = learning, learning
		for i := range n {
			if tick == 0 {
				v := float32(op.VReset) - 2 + 16*u(tick, i, 0)
				switch i % 17 {
				case 0:
					v = threshold // exactly at threshold: no spike unless inputs push it
				case 3:
					if cond {
						v = -110 + 120*u(tick, i, 3) // below E_inh or above E_exc, sometimes
					}
				}
				sca.v[i] = v
				sca.ref[i] = float32(i % 9)
				if adaptive {
					sca.theta[i] = 4 * u(tick, i, 4)
				}
			}
			switch i % 17 {
			case 1:
				sca.ge[i] = math.SmallestNonzeroFloat32
			case 2:
				sca.gi[i] = float32(math.Copysign(0, -1))
			}
			if cond {
				sca.excData[i] = 0.3 * u(tick, i, 1)
				sca.inhData[i] = 0.2 * u(tick, i, 2)
				if i%13 == 5 {
					sca.excData[i] = 8 * u(tick, i, 5) // overshoots E_exc
				}
				if i%11 == 4 {
					sca.inhData[i] = 8 * u(tick, i, 6) // overshoots E_inh
				}
			} else {
				sca.excData[i] = 2 * u(tick, i, 1)
				sca.inhData[i] = -u(tick, i, 2)
			}
		}
		copy(vec.v, sca.v)
		copy(vec.ge, sca.ge)
		copy(vec.gi, sca.gi)
		copy(vec.ref, sca.ref)
		copy(vec.theta, sca.theta)
		copy(vec.excData, sca.excData)
		copy(vec.inhData, sca.inhData)
		want := sca.scalar(0, n, nil)
		done := lifVector(vec.v, vec.ge, vec.gi, vec.ref, vec.excData, vec.inhData, vec.theta, masks, &vec.consts, vec.flags())
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
		state := map[string][2][]float32{"v": {vec.v, sca.v}, "ge": {vec.ge, sca.ge}, "gi": {vec.gi, sca.gi}, "ref": {vec.ref, sca.ref}}
		if adaptive {
			state["theta"] = [2][]float32{vec.theta, sca.theta}
		}
		for name, pair := range state {
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
		total += len(want)
	}
	t.Logf("%d spikes in 60 ticks of %d neurons", total, n)
}
