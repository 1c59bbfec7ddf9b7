package conformance_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/backend/cpu"
	"github.com/spikeflow/spikeflow/conformance"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

func TestULP(t *testing.T) {
	for _, c := range []struct {
		a, b float32
		want uint64
	}{{1, 1, 0}, {0, float32(negZero()), 0}, {1, 1.0000001, 1}, {-1, -1.0000001, 1}, {1e-45, -1e-45, 2}} {
		if got := conformance.ULP(c.a, c.b); got != c.want {
			t.Errorf("ULP(%v, %v) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func negZero() float64 { z := 0.0; return -z }

// unavailable is a backend that cannot run here.
type unavailable struct{}

func (unavailable) Name() string { return "absent" }
func (unavailable) Capabilities() backend.Capabilities {
	return backend.Capabilities{Available: errors.New("no device")}
}
func (unavailable) Compile(*graph.Graph) (backend.Program, error) {
	return nil, errors.New("no device")
}

func TestReportSkipsUnavailable(t *testing.T) {
	rows := conformance.Report(unavailable{})
	if len(rows) != 1 || rows[0].Status != "SKIPPED" || rows[0].Errors[0] != "no device" || conformance.Passed(rows) {
		t.Errorf("rows = %+v", rows)
	}
}

// lacking is the CPU backend without a kernel for SpikeCount.
type lacking struct{ cpu.Backend }

func (l lacking) Capabilities() backend.Capabilities {
	c := l.Backend.Capabilities()
	var kinds []ops.Kind
	for _, k := range c.Kinds {
		if k != ops.KindSpikeCount {
			kinds = append(kinds, k)
		}
	}
	c.Kinds = kinds
	return c
}

func TestReportMissingKernel(t *testing.T) {
	rows := conformance.Report(lacking{})
	if conformance.Passed(rows) {
		t.Fatal("a backend without a SpikeCount kernel passed")
	}
	if rows[0].Group != "coverage" || rows[0].Status != "FAIL" || !strings.Contains(strings.Join(rows[0].Errors, "\n"), "no kernel for op kind SpikeCount") {
		t.Errorf("coverage row = %+v", rows[0])
	}
}

// noClocks is the CPU backend claiming not to run clocks.
type noClocks struct{ cpu.Backend }

func (b noClocks) Capabilities() backend.Capabilities {
	c := b.Backend.Capabilities()
	c.Clocks = false
	return c
}

// Clock cases are skipped with the reason on a backend without clocks, in
// the table, not passed; the other cases still run.
func TestReportSkipsClocks(t *testing.T) {
	var cases []conformance.Case
	for _, c := range conformance.Cases() {
		if c.Name == "clocks/buffer" || c.Name == "input/spikes/N=7" {
			cases = append(cases, c)
		}
	}
	if len(cases) != 2 {
		t.Fatalf("found %d of the 2 cases", len(cases))
	}
	rows := conformance.ReportCases(noClocks{}, cases)
	var clocks, input *conformance.Row
	for i, r := range rows {
		switch r.Group {
		case "clocks":
			clocks = &rows[i]
		case "input/spikes":
			input = &rows[i]
		}
	}
	if clocks == nil || clocks.Status != "SKIPPED" || len(clocks.Errors) != 1 || !strings.Contains(clocks.Errors[0], "Capabilities.Clocks") {
		t.Errorf("clocks row = %+v, want SKIPPED with the reason", clocks)
	}
	if input == nil || input.Status != "PASS" || input.Cases != 1 {
		t.Errorf("input row = %+v, want one case passed", input)
	}
	for _, r := range rows {
		if r.Group == "kind/Dense" && r.Cases != 0 {
			t.Errorf("the skipped case counted in %+v", r)
		}
	}
}
