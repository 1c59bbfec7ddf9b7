//go:build cgo

package vulkan

import (
	"testing"

	"github.com/spikeflow/spikeflow/conformance"
)

func TestConformance(t *testing.T) {
	conformance.Run(t, Backend{Device: -1})
}
