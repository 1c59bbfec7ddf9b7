package vulkan

import "github.com/spikeflow/spikeflow/backend"

//go:generate bash shaders/build.sh

// Backend is the Vulkan backend.
type Backend struct {
	// Device is the index of the device to run on, as listed by
	// `spikeflow backends`; -1 picks the preferred one (see the package
	// documentation).
	Device int
}

// New returns a backend on device index (-1: the preferred one).
func New(device int) Backend { return Backend{Device: device} }

func init() { backend.Register(Backend{Device: -1}) }

func (Backend) Name() string { return "vulkan" }
