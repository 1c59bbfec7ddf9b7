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
