package cpu_test

import (
	"testing"

	"github.com/spikeflow/spikeflow/backend/cpu"
	"github.com/spikeflow/spikeflow/conformance"
)

func TestConformance(t *testing.T) { conformance.Run(t, cpu.Backend{}) }

func TestConformanceOneWorker(t *testing.T) { conformance.Run(t, cpu.Backend{Workers: 1}) }
