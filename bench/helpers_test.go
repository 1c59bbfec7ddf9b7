package bench

import (
	"testing"

	"github.com/spikeflow/spikeflow/backend"
	_ "github.com/spikeflow/spikeflow/backend/cpu" // registers "cpu"
)

func cpuBackend(t *testing.T) backend.Backend {
	b, err := backend.Get("cpu")
	if err != nil {
		t.Fatal(err)
	}
	return b
}
