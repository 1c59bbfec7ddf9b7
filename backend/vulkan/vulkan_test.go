//go:build cgo

package vulkan

import (
	"flag"
	"fmt"
	"os"
	"testing"

	"github.com/spikeflow/spikeflow/backend/vulkan/internal/gpu"
	"github.com/spikeflow/spikeflow/conformance"
)

// envRequire, set to 1 (as CI does), turns "no Vulkan here" from a skip
// into a failure, so that a CI machine without lavapipe cannot pass.
const envRequire = "SPIKEFLOW_REQUIRE_VULKAN"

// TestMain runs the tests under the Khronos validation layer when it is
// installed (unless SPIKEFLOW_VULKAN_VALIDATION=0, or benchmarks run: the
// layer's checks would be timed too) and fails the run if the layer
// reported anything.
func TestMain(m *testing.M) {
	flag.Parse()
	benchmarking := flag.Lookup("test.bench").Value.String() != ""
	if _, set := os.LookupEnv(envValidation); !set && !benchmarking && gpu.HasValidationLayer() {
		os.Setenv(envValidation, "1")
	}
	code := m.Run()
	if msgs := validationMessages(); len(msgs) > 0 {
		fmt.Fprintf(os.Stderr, "FAIL: the Vulkan validation layer reported %d messages:\n", len(msgs))
		for _, msg := range msgs {
			fmt.Fprintln(os.Stderr, " ", msg)
		}
		code = 1
	}
	if os.Getenv(envValidation) == "1" {
		fmt.Fprintln(os.Stderr, "vulkan tests ran under the Khronos validation layer; it reported nothing")
	}
	os.Exit(code)
}

func skipOrFail(t *testing.T, err error) {
	t.Helper()
	if os.Getenv(envRequire) == "1" {
		t.Fatalf("%s=1 but the Vulkan backend is unavailable: %v", envRequire, err)
	}
	t.Skipf("the Vulkan backend is unavailable here: %v", err)
}

func TestConformance(t *testing.T) {
	b := Backend{Device: -1}
	if err := b.Capabilities().Available; err != nil {
		skipOrFail(t, err)
	}
	conformance.Run(t, b)
}
