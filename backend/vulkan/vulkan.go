//go:build cgo

package vulkan

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/backend/vulkan/internal/gpu"
	"github.com/spikeflow/spikeflow/ops"
)

// Environment variables read once, when the backend is first used.
const (
	envValidation = "SPIKEFLOW_VULKAN_VALIDATION" // "1": Khronos validation layer on
	envDevice     = "SPIKEFLOW_VULKAN_DEVICE"     // device index for Backend{Device: -1}
)

// workgroup is the workgroup size of every kernel (a specialization
// constant: one SPIR-V file serves any size). 64 is a multiple of every
// vendor's SIMD width and small enough for lavapipe.
const workgroup = 64

// shared is the process's one Vulkan instance and the logical devices
// opened on it. Devices live as long as the process: creating one costs
// milliseconds to seconds, and programs are compiled often.
var shared struct {
	once sync.Once
	in   *gpu.Instance
	err  error

	mu   sync.Mutex
	devs map[int]*gpu.Device
}

func instance() (*gpu.Instance, error) {
	shared.once.Do(func() {
		shared.in, shared.err = gpu.NewInstance(gpu.Options{Validation: os.Getenv(envValidation) == "1"})
		shared.devs = map[int]*gpu.Device{}
	})
	return shared.in, shared.err
}

// validationMessages returns what the validation layer reported so far.
func validationMessages() []string {
	if in, err := instance(); err == nil {
		return in.Messages()
	}
	return nil
}

// pick resolves the backend's device index.
func (b Backend) pick() (int, []gpu.DeviceInfo, error) {
	in, err := instance()
	if err != nil {
		return -1, nil, err
	}
	devs := in.Devices()
	idx := b.Device
	if idx < 0 {
		if s := os.Getenv(envDevice); s != "" {
			if idx, err = strconv.Atoi(s); err != nil {
				return -1, devs, fmt.Errorf("%s=%q is not a device index", envDevice, s)
			}
		} else {
			idx = gpu.Preferred(devs)
		}
	}
	switch {
	case len(devs) == 0:
		return -1, devs, fmt.Errorf("%w: the Vulkan loader found no device; install a driver (Debian: apt-get install mesa-vulkan-drivers for lavapipe) or use -backend=cpu", gpu.ErrNoVulkan)
	case idx < 0:
		return -1, devs, fmt.Errorf("%w: no Vulkan device can compute; the devices are:\n%s", gpu.ErrNoVulkan, gpu.Describe(devs))
	case idx >= len(devs):
		return -1, devs, fmt.Errorf("%w: there is no Vulkan device #%d; the devices are:\n%s", gpu.ErrNoVulkan, idx, gpu.Describe(devs))
	case !devs[idx].Compute:
		return -1, devs, fmt.Errorf("%w: device %v has no compute queue", gpu.ErrNoVulkan, devs[idx])
	case !devs[idx].FloatControls:
		return -1, devs, fmt.Errorf("%w: device %v lacks VK_KHR_shader_float_controls, which the kernels need to keep IEEE zeros, infinities and NaNs",
			gpu.ErrNoVulkan, devs[idx])
	case devs[idx].Floats.Known && !devs[idx].Floats.SignedZeroInfNanPreserve32:
		return -1, devs, fmt.Errorf("%w: device %v cannot keep the sign of zero, infinities and NaNs in float32 (shaderSignedZeroInfNanPreserveFloat32), "+
			"so it cannot reproduce the reference; use -backend=cpu", gpu.ErrNoVulkan, devs[idx])
	}
	return idx, devs, nil
}

// device opens (once) the backend's device.
func (b Backend) device() (*gpu.Device, error) {
	idx, _, err := b.pick()
	if err != nil {
		return nil, err
	}
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if d, ok := shared.devs[idx]; ok {
		return d, nil
	}
	d, err := shared.in.Open(idx)
	if err != nil {
		return nil, err
	}
	shared.devs[idx] = d
	return d, nil
}

func (b Backend) Capabilities() backend.Capabilities {
	caps := backend.Capabilities{Kinds: kinds(), Clocks: true}
	idx, devs, err := b.pick()
	for _, d := range devs {
		caps.Devices = append(caps.Devices, d.String())
	}
	if err != nil {
		caps.Available = err
		caps.Device = "none"
		return caps
	}
	d := devs[idx]
	caps.Device = fmt.Sprintf("%s (%v, Vulkan %s)", d.Name, d.Type, d.API)
	validation := "off"
	if os.Getenv(envValidation) == "1" {
		validation = "on"
	}
	denormals := "kept (DenormPreserve)"
	if !d.Floats.DenormPreserve32 {
		denormals = "driver default (may flush subnormal floats to zero; conformance tells)"
	}
	caps.Notes = fmt.Sprintf("device #%d of %d; workgroup %d; max storage buffer %d MiB; denormals %s; validation layer %s",
		idx, len(devs), workgroup, d.MaxStorageBufferRange>>20, denormals, validation)
	return caps
}

// builder compiles one node into a kernel.
type builder func(n *node) (kernel, error)

var builders = map[ops.Kind]builder{}

func register(k ops.Kind, b builder) { builders[k] = b }

func kinds() []ops.Kind {
	var ks []ops.Kind
	for _, k := range ops.Kinds() {
		if builders[k] != nil {
			ks = append(ks, k)
		}
	}
	return ks
}

// errTooLarge marks a buffer larger than the device lets a kernel bind.
var errTooLarge = errors.New("buffer too large for the device")
