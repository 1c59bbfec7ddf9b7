package ref_test

import (
	"testing"

	"github.com/spikeflow/spikeflow/backend/ref"
	"github.com/spikeflow/spikeflow/conformance"
)

// The reference against itself: checks determinism and, through every
// case's hand-computed values, the oracle.
func TestConformance(t *testing.T) { conformance.Run(t, ref.Backend{}) }
