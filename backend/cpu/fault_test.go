package cpu

import (
	"math"
	"strings"
	"testing"

	"github.com/spikeflow/spikeflow/conformance"
)

// withFault runs the conformance cases named in names on the CPU backend
// with a faulty LIF kernel and returns the report.
func withFault(t *testing.T, fault func(t uint64, lo int, v []float32, spikes []int32) []int32, names ...string) []conformance.Row {
	t.Helper()
	var cases []conformance.Case
	for _, c := range conformance.Cases() {
		for _, n := range names {
			if c.Name == n {
				cases = append(cases, c)
			}
		}
	}
	if len(cases) != len(names) {
		t.Fatalf("found %d of the cases %q", len(cases), names)
	}
	lifFault = fault
	defer func() { lifFault = nil }()
	return conformance.ReportCases(Backend{}, cases)
}

func failed(rows []conformance.Row, group string) (conformance.Row, bool) {
	for _, r := range rows {
		if r.Group == group {
			return r, r.Status == "FAIL"
		}
	}
	return conformance.Row{}, false
}

// TestSuiteCatchesOneULP: v of one neuron one ULP off at one tick fails
// the suite, and the report names the value, tick, neuron and distance.
func TestSuiteCatchesOneULP(t *testing.T) {
	rows := withFault(t, func(tick uint64, lo int, v []float32, spikes []int32) []int32 {
		if tick == 17 && lo == 0 && len(v) > 3 {
			v[3] = math.Nextafter32(v[3], float32(math.Inf(1)))
		}
		return spikes
	}, "lif/N=7")
	r, ok := failed(rows, "lif")
	if !ok || r.MaxULP != 1 || !r.SpikesIdentical {
		t.Fatalf("lif row = %+v; want FAIL with max ULP 1 and identical spikes", r)
	}
	if msg := strings.Join(r.Errors, "\n"); !strings.Contains(msg, "lif.v (LIF) at tick 17, element 3") || !strings.Contains(msg, "1 ULP apart") {
		t.Errorf("error does not locate the fault: %s", msg)
	}
	if kr, ok := failed(rows, "kind/LIF"); !ok || kr.Cases != 1 {
		t.Errorf("kind/LIF row = %+v; want the failing case counted", kr)
	}
	if conformance.Passed(rows) {
		t.Error("Passed is true")
	}
}

// TestSuiteCatchesDroppedSpike: one spike lost fails
// the suite as a spike disagreement.
func TestSuiteCatchesDroppedSpike(t *testing.T) {
	dropped := false
	rows := withFault(t, func(tick uint64, lo int, v []float32, spikes []int32) []int32 {
		if !dropped && tick >= 10 && len(spikes) > 0 {
			dropped = true
			return spikes[1:]
		}
		return spikes
	}, "lif/refractory=2")
	r, ok := failed(rows, "lif")
	if !ok || r.SpikesIdentical || !dropped {
		t.Fatalf("lif row = %+v (dropped: %v); want FAIL with spikes not identical", r, dropped)
	}
	if msg := strings.Join(r.Errors, "\n"); !strings.Contains(msg, "lif.spikes (LIF)") {
		t.Errorf("error does not name lif.spikes: %s", msg)
	}
}

// TestSuiteCatchesOneULPWeight: one weight of a plastic projection one ULP
// off at one tick fails the suite, which names the weight, tick and
// element.
func TestSuiteCatchesOneULPWeight(t *testing.T) {
	var cases []conformance.Case
	for _, c := range conformance.Cases() {
		if c.Name == "stdp/dense/additive-13x11" {
			cases = append(cases, c)
		}
	}
	if len(cases) != 1 {
		t.Fatal("case stdp/dense/additive-13x11 not found")
	}
	stdpFault = func(tick uint64, w []float32) {
		if tick == 17 {
			w[3] = math.Nextafter32(w[3], float32(math.Inf(1)))
		}
	}
	defer func() { stdpFault = nil }()
	rows := conformance.ReportCases(Backend{}, cases)
	r, ok := failed(rows, "stdp/dense")
	if !ok || r.MaxULP != 1 {
		t.Fatalf("row = %+v; want FAIL with max ULP 1", r)
	}
	if msg := strings.Join(r.Errors, "\n"); !strings.Contains(msg, "syn.w (STDPDense) at tick 17, element 3") {
		t.Errorf("error does not locate the fault: %s", msg)
	}
}
