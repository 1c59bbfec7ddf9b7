//go:build cgo

// Package gpu is the only code in spikeflow that calls Vulkan. It wraps
// github.com/vulkan-go/vulkan in the few things a compute backend needs:
// an instance and its devices, buffers, compute kernels with their
// descriptor sets, command buffers, fences and timestamp queries.
//
// The binding has sharp edges, each handled here once (see the Vulkan
// backend issue for how they were found):
//   - the loader is found with SetDefaultGetInstanceProcAddr and Init, and
//     every instance needs InitInstance before its devices are listed;
//   - strings passed in must end in "\x00";
//   - a create-info struct passed by pointer caches a C copy of itself: each
//     one here is built fresh and freed right after the call;
//   - structs it returns are read only after Deref (nested ones too);
//   - push constants and mapped memory are passed as pointer-free buffers.
package gpu

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"unsafe"

	vk "github.com/vulkan-go/vulkan"
)

// ErrNoVulkan is returned when no Vulkan loader or driver can be used.
var ErrNoVulkan = errors.New("no usable Vulkan")

// ErrDeviceLost is returned when a device stops answering.
var ErrDeviceLost = errors.New("Vulkan device lost")

// installHint says how to get a Vulkan driver or avoid needing one.
const installHint = "install the Vulkan loader and a driver (Debian/Ubuntu: apt-get install libvulkan-dev mesa-vulkan-drivers " +
	"for lavapipe, the CPU driver) or use -backend=cpu"

var (
	loadOnce sync.Once
	loadErr  error
)

// load finds libvulkan.so and its global entry points, once per process.
func load() error {
	loadOnce.Do(func() {
		if err := vk.SetDefaultGetInstanceProcAddr(); err != nil {
			loadErr = fmt.Errorf("%w: cannot load libvulkan.so (%v); %s", ErrNoVulkan, err, installHint)
			return
		}
		if err := vk.Init(); err != nil {
			loadErr = fmt.Errorf("%w: %v; %s", ErrNoVulkan, err, installHint)
		}
	})
	return loadErr
}

// cstr terminates s for the binding.
func cstr(s string) string { return s + "\x00" }

// check turns a failed Result into an error naming the call.
func check(r vk.Result, call string) error {
	if r == vk.Success {
		return nil
	}
	if r == vk.ErrorDeviceLost {
		return fmt.Errorf("%s: %w", call, ErrDeviceLost)
	}
	return fmt.Errorf("%s: %w", call, vk.Error(r))
}

// Options configure an instance.
type Options struct {
	// Validation enables the Khronos validation layer; its messages are
	// collected and returned by Instance.Messages.
	Validation bool
}

// Instance is a Vulkan instance and the devices it sees.
type Instance struct {
	inst    vk.Instance
	phys    []vk.PhysicalDevice
	infos   []DeviceInfo
	debug   vk.DebugReportCallback
	hasDbg  bool
	msgMu   sync.Mutex
	msgs    []string
	closeMu sync.Mutex
}

const validationLayer = "VK_LAYER_KHRONOS_validation"

// NewInstance creates an instance and lists its devices.
func NewInstance(opts Options) (*Instance, error) {
	if err := load(); err != nil {
		return nil, err
	}
	var layers, exts []string
	if opts.Validation {
		if !hasInstanceLayer(validationLayer) {
			return nil, fmt.Errorf("%w: the validation layer %s is not installed (Debian: apt-get install vulkan-validationlayers)",
				ErrNoVulkan, validationLayer)
		}
		layers = append(layers, cstr(validationLayer))
		exts = append(exts, cstr("VK_EXT_debug_report"))
	}
	app := &vk.ApplicationInfo{
		SType:            vk.StructureTypeApplicationInfo,
		PApplicationName: cstr("spikeflow"),
		PEngineName:      cstr("spikeflow"),
		ApiVersion:       vk.MakeVersion(1, 1, 0),
	}
	info := &vk.InstanceCreateInfo{
		SType:                   vk.StructureTypeInstanceCreateInfo,
		PApplicationInfo:        app,
		EnabledLayerCount:       uint32(len(layers)),
		PpEnabledLayerNames:     layers,
		EnabledExtensionCount:   uint32(len(exts)),
		PpEnabledExtensionNames: exts,
	}
	var inst vk.Instance
	r := vk.CreateInstance(info, nil, &inst)
	info.Free()
	app.Free()
	if r != vk.Success {
		return nil, fmt.Errorf("%w: vkCreateInstance: %v; %s", ErrNoVulkan, vk.Error(r), installHint)
	}
	if err := vk.InitInstance(inst); err != nil {
		vk.DestroyInstance(inst, nil)
		return nil, fmt.Errorf("%w: %v", ErrNoVulkan, err)
	}
	in := &Instance{inst: inst}
	if opts.Validation {
		if err := in.listen(); err != nil {
			in.Close()
			return nil, err
		}
	}
	if err := in.enumerate(); err != nil {
		in.Close()
		return nil, err
	}
	return in, nil
}

func hasInstanceLayer(name string) bool {
	var n uint32
	if vk.EnumerateInstanceLayerProperties(&n, nil) != vk.Success || n == 0 {
		return false
	}
	props := make([]vk.LayerProperties, n)
	if vk.EnumerateInstanceLayerProperties(&n, props) != vk.Success {
		return false
	}
	for i := range props[:n] {
		props[i].Deref()
		if vk.ToString(props[i].LayerName[:]) == name {
			return true
		}
	}
	return false
}

// listen registers a debug report callback that collects validation
// errors, warnings and performance warnings.
func (in *Instance) listen() error {
	info := &vk.DebugReportCallbackCreateInfo{
		SType: vk.StructureTypeDebugReportCallbackCreateInfo,
		Flags: vk.DebugReportFlags(vk.DebugReportErrorBit | vk.DebugReportWarningBit | vk.DebugReportPerformanceWarningBit),
		PfnCallback: func(flags vk.DebugReportFlags, _ vk.DebugReportObjectType, _ uint64, _ uint, code int32,
			prefix, msg string, _ unsafe.Pointer) vk.Bool32 {
			in.msgMu.Lock()
			in.msgs = append(in.msgs, fmt.Sprintf("%s (flags %#x, code %d): %s", prefix, flags, code, msg))
			in.msgMu.Unlock()
			return vk.False
		},
	}
	var cb vk.DebugReportCallback
	r := vk.CreateDebugReportCallback(in.inst, info, nil, &cb)
	info.Free()
	in.debug = cb
	if err := check(r, "vkCreateDebugReportCallbackEXT"); err != nil {
		return err
	}
	in.hasDbg = true
	return nil
}

// Messages returns the validation messages reported so far.
func (in *Instance) Messages() []string {
	in.msgMu.Lock()
	defer in.msgMu.Unlock()
	return append([]string(nil), in.msgs...)
}

func (in *Instance) enumerate() error {
	var n uint32
	if err := check(vk.EnumeratePhysicalDevices(in.inst, &n, nil), "vkEnumeratePhysicalDevices"); err != nil {
		return err
	}
	in.phys = make([]vk.PhysicalDevice, n)
	if n > 0 {
		if err := check(vk.EnumeratePhysicalDevices(in.inst, &n, in.phys), "vkEnumeratePhysicalDevices"); err != nil {
			return err
		}
	}
	in.phys = in.phys[:n]
	for i, p := range in.phys {
		info := describe(i, p)
		if info.FloatControls {
			info.Floats = queryFloatControls(in.inst, p)
		}
		in.infos = append(in.infos, info)
	}
	return nil
}

// Devices describes every physical device, in the driver's order.
func (in *Instance) Devices() []DeviceInfo { return in.infos }

// Close destroys the instance. Devices opened from it must be closed first.
func (in *Instance) Close() {
	in.closeMu.Lock()
	defer in.closeMu.Unlock()
	if in.inst == nil {
		return
	}
	if in.hasDbg {
		vk.DestroyDebugReportCallback(in.inst, in.debug, nil)
	}
	vk.DestroyInstance(in.inst, nil)
	in.inst = nil
}

// DeviceType is the kind of a physical device, in order of preference.
type DeviceType int

const (
	Discrete DeviceType = iota
	Integrated
	Virtual
	CPU
	Other
)

func (t DeviceType) String() string {
	return [...]string{"discrete GPU", "integrated GPU", "virtual GPU", "CPU", "other"}[t]
}

// DeviceInfo is what spikeflow needs to know of a physical device.
type DeviceInfo struct {
	Index                   int
	Name                    string
	Type                    DeviceType
	API                     string // Vulkan version, e.g. "1.3.230"
	DeviceLocalBytes        uint64 // the largest device-local heap
	MaxStorageBufferRange   uint64 // the largest storage buffer a kernel may bind
	MaxWorkGroupInvocations uint32
	MaxWorkGroupCount       [3]uint32
	MaxPushConstantsSize    uint32
	TimestampPeriodNs       float32
	Compute                 bool // has a queue family with compute
	FloatControls           bool // VK_KHR_shader_float_controls or Vulkan >= 1.2
	Floats                  FloatControls
}

func (d DeviceInfo) String() string {
	floats := "float controls unknown"
	if d.Floats.Known {
		floats = fmt.Sprintf("signed zeros kept: %v, denormals kept: %v", d.Floats.SignedZeroInfNanPreserve32, d.Floats.DenormPreserve32)
	}
	return fmt.Sprintf("#%d %s (%v, Vulkan %s, %.1f GiB, max storage buffer %d MiB, max workgroup %d, %s)",
		d.Index, d.Name, d.Type, d.API, float64(d.DeviceLocalBytes)/(1<<30), d.MaxStorageBufferRange>>20,
		d.MaxWorkGroupInvocations, floats)
}

func describe(index int, p vk.PhysicalDevice) DeviceInfo {
	var props vk.PhysicalDeviceProperties
	vk.GetPhysicalDeviceProperties(p, &props)
	props.Deref()
	props.Limits.Deref()
	lim := props.Limits
	info := DeviceInfo{
		Index:                   index,
		Name:                    vk.ToString(props.DeviceName[:]),
		API:                     vk.Version(props.ApiVersion).String(),
		MaxStorageBufferRange:   uint64(lim.MaxStorageBufferRange),
		MaxWorkGroupInvocations: lim.MaxComputeWorkGroupInvocations,
		MaxWorkGroupCount:       lim.MaxComputeWorkGroupCount,
		MaxPushConstantsSize:    lim.MaxPushConstantsSize,
		TimestampPeriodNs:       lim.TimestampPeriod,
	}
	switch props.DeviceType {
	case vk.PhysicalDeviceTypeDiscreteGpu:
		info.Type = Discrete
	case vk.PhysicalDeviceTypeIntegratedGpu:
		info.Type = Integrated
	case vk.PhysicalDeviceTypeVirtualGpu:
		info.Type = Virtual
	case vk.PhysicalDeviceTypeCpu:
		info.Type = CPU
	default:
		info.Type = Other
	}
	var mem vk.PhysicalDeviceMemoryProperties
	vk.GetPhysicalDeviceMemoryProperties(p, &mem)
	mem.Deref()
	for i := range mem.MemoryHeapCount {
		h := mem.MemoryHeaps[i]
		h.Deref()
		if h.Flags&vk.MemoryHeapFlags(vk.MemoryHeapDeviceLocalBit) != 0 {
			info.DeviceLocalBytes = max(info.DeviceLocalBytes, uint64(h.Size))
		}
	}
	_, info.Compute = computeFamily(p)
	info.FloatControls = props.ApiVersion >= vk.MakeVersion(1, 2, 0) || hasDeviceExtension(p, floatControls)
	return info
}

const floatControls = "VK_KHR_shader_float_controls"

func hasDeviceExtension(p vk.PhysicalDevice, name string) bool {
	var n uint32
	if vk.EnumerateDeviceExtensionProperties(p, "", &n, nil) != vk.Success || n == 0 {
		return false
	}
	props := make([]vk.ExtensionProperties, n)
	if vk.EnumerateDeviceExtensionProperties(p, "", &n, props) != vk.Success {
		return false
	}
	for i := range props[:n] {
		props[i].Deref()
		if vk.ToString(props[i].ExtensionName[:]) == name {
			return true
		}
	}
	return false
}

// computeFamily returns the first queue family that supports compute.
func computeFamily(p vk.PhysicalDevice) (uint32, bool) {
	var n uint32
	vk.GetPhysicalDeviceQueueFamilyProperties(p, &n, nil)
	fams := make([]vk.QueueFamilyProperties, n)
	vk.GetPhysicalDeviceQueueFamilyProperties(p, &n, fams)
	for i := range fams[:n] {
		fams[i].Deref()
		if fams[i].QueueFlags&vk.QueueFlags(vk.QueueComputeBit) != 0 {
			return uint32(i), true
		}
	}
	return 0, false
}

// Preferred picks a device: a discrete GPU, then integrated, virtual, CPU
// (lavapipe), then anything else with compute; the first of a kind wins.
// It returns -1 when no device can compute.
func Preferred(devs []DeviceInfo) int {
	best := -1
	for i, d := range devs {
		if d.Compute && (best < 0 || d.Type < devs[best].Type) {
			best = i
		}
	}
	return best
}

// Describe lists devices, one per line, for error messages and CLIs.
func Describe(devs []DeviceInfo) string {
	var b strings.Builder
	for _, d := range devs {
		fmt.Fprintln(&b, d)
	}
	return strings.TrimRight(b.String(), "\n")
}

// HasValidationLayer reports whether the Khronos validation layer is
// installed.
func HasValidationLayer() bool { return load() == nil && hasInstanceLayer(validationLayer) }
