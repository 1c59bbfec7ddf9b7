//go:build !cgo

package vulkan

import (
	"errors"
	"fmt"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/graph"
)

var errNoCgo = errors.New("spikeflow was built without cgo (CGO_ENABLED=0), which the Vulkan binding needs; " +
	"rebuild with CGO_ENABLED=1 and a C compiler, or use -backend=cpu")

func (Backend) Capabilities() backend.Capabilities {
	return backend.Capabilities{Available: errNoCgo, Device: "none"}
}

func (b Backend) Compile(*graph.Graph) (backend.Program, error) {
	return nil, fmt.Errorf("%w: vulkan: %v", backend.ErrUnavailable, errNoCgo)
}
