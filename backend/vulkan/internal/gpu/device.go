//go:build cgo

package gpu

import (
	"fmt"
	"sync"
	"time"
	"unsafe"

	vk "github.com/vulkan-go/vulkan"
)

// Device is a logical device with one compute queue. Kernels (pipelines)
// are created once per device and cached by name. A Device may be shared
// by several programs: submissions are serialized on its queue.
type Device struct {
	in     *Instance
	info   DeviceInfo
	phys   vk.PhysicalDevice
	dev    vk.Device
	queue  vk.Queue
	family uint32
	mem    vk.PhysicalDeviceMemoryProperties

	queueMu sync.Mutex // vkQueueSubmit needs external synchronization

	kernelMu sync.Mutex
	kernels  map[string]*Kernel
}

// SubmitTimeout bounds the wait for one submission; a device that takes
// longer is reported lost rather than waited on forever.
var SubmitTimeout = 10 * time.Minute

// Open creates a logical device on physical device index.
func (in *Instance) Open(index int) (*Device, error) {
	if index < 0 || index >= len(in.phys) {
		return nil, fmt.Errorf("%w: no Vulkan device #%d; the devices are:\n%s", ErrNoVulkan, index, Describe(in.infos))
	}
	p := in.phys[index]
	family, ok := computeFamily(p)
	if !ok {
		return nil, fmt.Errorf("%w: device %s has no compute queue", ErrNoVulkan, in.infos[index].Name)
	}
	var exts []string
	if hasDeviceExtension(p, floatControls) {
		exts = append(exts, cstr(floatControls))
	}
	queue := vk.DeviceQueueCreateInfo{
		SType:            vk.StructureTypeDeviceQueueCreateInfo,
		QueueFamilyIndex: family,
		QueueCount:       1,
		PQueuePriorities: []float32{1},
	}
	info := &vk.DeviceCreateInfo{
		SType:                   vk.StructureTypeDeviceCreateInfo,
		QueueCreateInfoCount:    1,
		PQueueCreateInfos:       []vk.DeviceQueueCreateInfo{queue},
		EnabledExtensionCount:   uint32(len(exts)),
		PpEnabledExtensionNames: exts,
	}
	var dev vk.Device
	r := vk.CreateDevice(p, info, nil, &dev)
	info.Free()
	if err := check(r, "vkCreateDevice"); err != nil {
		return nil, err
	}
	d := &Device{in: in, info: in.infos[index], phys: p, dev: dev, family: family, kernels: map[string]*Kernel{}}
	var q vk.Queue
	vk.GetDeviceQueue(dev, family, 0, &q)
	d.queue = q
	var mem vk.PhysicalDeviceMemoryProperties
	vk.GetPhysicalDeviceMemoryProperties(p, &mem)
	mem.Deref()
	d.mem = mem
	for i := range d.mem.MemoryTypeCount {
		d.mem.MemoryTypes[i].Deref()
	}
	return d, nil
}

// Info describes the device.
func (d *Device) Info() DeviceInfo { return d.info }

// Close destroys the device and its kernels; every buffer, pool and
// command buffer made from it must be released first.
func (d *Device) Close() {
	if d.dev == nil {
		return
	}
	vk.DeviceWaitIdle(d.dev)
	for _, k := range d.kernels {
		k.destroy(d.dev)
	}
	vk.DestroyDevice(d.dev, nil)
	d.dev = nil
}

// Memory says where a buffer lives.
type Memory int

const (
	// DeviceLocal memory is fastest for kernels; the host reaches it only
	// through copies.
	DeviceLocal Memory = iota
	// Host memory is mapped for the host to read and write (coherent, and
	// cached when the device offers it): staging for uploads and readback.
	Host
)

// Buffer is a storage buffer with its own memory.
type Buffer struct {
	d      *Device
	buf    vk.Buffer
	mem    vk.DeviceMemory
	size   int
	mapped unsafe.Pointer
}

// NewBuffer allocates size bytes (at least 4: Vulkan has no empty buffers).
// Device-local buffers are zeroed by the caller (Commands.Fill) if needed;
// host buffers are zeroed here.
func (d *Device) NewBuffer(size int, where Memory) (*Buffer, error) {
	size = max(size, 4)
	size = (size + 3) &^ 3
	info := &vk.BufferCreateInfo{
		SType: vk.StructureTypeBufferCreateInfo,
		Size:  vk.DeviceSize(size),
		Usage: vk.BufferUsageFlags(vk.BufferUsageStorageBufferBit | vk.BufferUsageTransferSrcBit |
			vk.BufferUsageTransferDstBit),
		SharingMode: vk.SharingModeExclusive,
	}
	b := &Buffer{d: d, size: size}
	var buf vk.Buffer
	r := vk.CreateBuffer(d.dev, info, nil, &buf)
	info.Free()
	b.buf = buf
	if err := check(r, "vkCreateBuffer"); err != nil {
		return nil, fmt.Errorf("buffer of %d bytes: %w", size, err)
	}
	var req vk.MemoryRequirements
	vk.GetBufferMemoryRequirements(d.dev, b.buf, &req)
	req.Deref()
	want := vk.MemoryPropertyFlags(vk.MemoryPropertyDeviceLocalBit)
	if where == Host {
		want = vk.MemoryPropertyFlags(vk.MemoryPropertyHostVisibleBit | vk.MemoryPropertyHostCoherentBit)
	}
	typ, ok := d.memoryType(req.MemoryTypeBits, want, where == Host)
	if !ok {
		vk.DestroyBuffer(d.dev, b.buf, nil)
		return nil, fmt.Errorf("buffer of %d bytes: the device has no memory type with flags %#x", size, want)
	}
	alloc := &vk.MemoryAllocateInfo{
		SType:           vk.StructureTypeMemoryAllocateInfo,
		AllocationSize:  req.Size,
		MemoryTypeIndex: typ,
	}
	var mem vk.DeviceMemory
	r = vk.AllocateMemory(d.dev, alloc, nil, &mem)
	alloc.Free()
	b.mem = mem
	if err := check(r, "vkAllocateMemory"); err != nil {
		vk.DestroyBuffer(d.dev, b.buf, nil)
		return nil, fmt.Errorf("buffer of %d bytes (%.1f MiB): %w", size, float64(size)/(1<<20), err)
	}
	if err := check(vk.BindBufferMemory(d.dev, b.buf, b.mem, 0), "vkBindBufferMemory"); err != nil {
		b.Release()
		return nil, err
	}
	if where == Host {
		var p unsafe.Pointer
		if err := check(vk.MapMemory(d.dev, b.mem, 0, vk.DeviceSize(size), 0, &p), "vkMapMemory"); err != nil {
			b.Release()
			return nil, err
		}
		b.mapped = p
		clear(b.Bytes())
	}
	return b, nil
}

// memoryType picks the first memory type allowed by bits with all of want,
// preferring host-cached types for host buffers (readback is much faster).
func (d *Device) memoryType(bits uint32, want vk.MemoryPropertyFlags, preferCached bool) (uint32, bool) {
	found, best := false, uint32(0)
	for i := range d.mem.MemoryTypeCount {
		flags := d.mem.MemoryTypes[i].PropertyFlags
		if bits&(1<<i) == 0 || flags&want != want {
			continue
		}
		cached := flags&vk.MemoryPropertyFlags(vk.MemoryPropertyHostCachedBit) != 0
		if !found || (preferCached && cached) {
			best, found = i, true
			if !preferCached || cached {
				break
			}
		}
	}
	return best, found
}

// Size is the buffer's size in bytes.
func (b *Buffer) Size() int { return b.size }

// Bytes is the mapped memory of a host buffer; nil for a device buffer.
func (b *Buffer) Bytes() []byte {
	if b.mapped == nil {
		return nil
	}
	return unsafe.Slice((*byte)(b.mapped), b.size)
}

// Words views a host buffer as float32 or uint32 words.
func (b *Buffer) Floats() []float32 {
	if b.mapped == nil {
		return nil
	}
	return unsafe.Slice((*float32)(b.mapped), b.size/4)
}

// Uints views a host buffer as uint32 words.
func (b *Buffer) Uints() []uint32 {
	if b.mapped == nil {
		return nil
	}
	return unsafe.Slice((*uint32)(b.mapped), b.size/4)
}

// Release frees the buffer and its memory.
func (b *Buffer) Release() {
	if b == nil || b.buf == nil {
		return
	}
	if b.mapped != nil {
		vk.UnmapMemory(b.d.dev, b.mem)
		b.mapped = nil
	}
	vk.DestroyBuffer(b.d.dev, b.buf, nil)
	vk.FreeMemory(b.d.dev, b.mem, nil)
	b.buf = nil
}
