//go:build cgo

package gpu

import (
	"encoding/binary"
	"fmt"
	"runtime"
	"unsafe"

	vk "github.com/vulkan-go/vulkan"
)

// Kernel is a compute pipeline: a shader whose bindings 0..Bindings-1 are
// storage buffers, with PushWords 32-bit push constants, and whose
// workgroup size is specialization constant 0.
type Kernel struct {
	Name      string
	Bindings  int
	PushWords int
	Local     uint32 // workgroup size

	module    vk.ShaderModule
	setLayout vk.DescriptorSetLayout
	layout    vk.PipelineLayout
	pipe      vk.Pipeline
}

// Kernel returns the pipeline for a shader, creating it on first use.
func (d *Device) Kernel(name string, spirv []byte, bindings, pushWords int, local uint32) (*Kernel, error) {
	d.kernelMu.Lock()
	defer d.kernelMu.Unlock()
	if k, ok := d.kernels[name]; ok {
		if k.Bindings != bindings || k.PushWords != pushWords || k.Local != local {
			return nil, fmt.Errorf("kernel %s: asked for %d bindings, %d push words, workgroup %d; it was created with %d, %d, %d",
				name, bindings, pushWords, local, k.Bindings, k.PushWords, k.Local)
		}
		return k, nil
	}
	if 4*pushWords > int(d.info.MaxPushConstantsSize) {
		return nil, fmt.Errorf("kernel %s: %d bytes of push constants, the device allows %d", name, 4*pushWords, d.info.MaxPushConstantsSize)
	}
	k := &Kernel{Name: name, Bindings: bindings, PushWords: pushWords, Local: local}
	if err := k.create(d, spirv); err != nil {
		k.destroy(d.dev)
		return nil, fmt.Errorf("kernel %s: %w", name, err)
	}
	d.kernels[name] = k
	return k, nil
}

func (k *Kernel) create(d *Device, spirv []byte) error {
	if len(spirv) == 0 || len(spirv)%4 != 0 {
		return fmt.Errorf("SPIR-V of %d bytes is not a whole number of words", len(spirv))
	}
	code := make([]uint32, len(spirv)/4)
	for i := range code {
		code[i] = binary.LittleEndian.Uint32(spirv[4*i:])
	}
	mi := &vk.ShaderModuleCreateInfo{
		SType:    vk.StructureTypeShaderModuleCreateInfo,
		CodeSize: uint(len(spirv)),
		PCode:    code,
	}
	var module vk.ShaderModule
	r := vk.CreateShaderModule(d.dev, mi, nil, &module)
	mi.Free()
	k.module = module
	if err := check(r, "vkCreateShaderModule"); err != nil {
		return err
	}
	binds := make([]vk.DescriptorSetLayoutBinding, k.Bindings)
	for i := range binds {
		binds[i] = vk.DescriptorSetLayoutBinding{
			Binding:         uint32(i),
			DescriptorType:  vk.DescriptorTypeStorageBuffer,
			DescriptorCount: 1,
			StageFlags:      vk.ShaderStageFlags(vk.ShaderStageComputeBit),
		}
	}
	si := &vk.DescriptorSetLayoutCreateInfo{
		SType:        vk.StructureTypeDescriptorSetLayoutCreateInfo,
		BindingCount: uint32(len(binds)),
		PBindings:    binds,
	}
	var setLayout vk.DescriptorSetLayout
	r = vk.CreateDescriptorSetLayout(d.dev, si, nil, &setLayout)
	si.Free()
	k.setLayout = setLayout
	if err := check(r, "vkCreateDescriptorSetLayout"); err != nil {
		return err
	}
	li := &vk.PipelineLayoutCreateInfo{
		SType:          vk.StructureTypePipelineLayoutCreateInfo,
		SetLayoutCount: 1,
		PSetLayouts:    []vk.DescriptorSetLayout{k.setLayout},
	}
	if k.PushWords > 0 {
		li.PushConstantRangeCount = 1
		li.PPushConstantRanges = []vk.PushConstantRange{{
			StageFlags: vk.ShaderStageFlags(vk.ShaderStageComputeBit),
			Size:       uint32(4 * k.PushWords),
		}}
	}
	var layout vk.PipelineLayout
	r = vk.CreatePipelineLayout(d.dev, li, nil, &layout)
	li.Free()
	k.layout = layout
	if err := check(r, "vkCreatePipelineLayout"); err != nil {
		return err
	}
	return k.createPipeline(d)
}

// createPipeline specializes the workgroup size. The specialization data
// lives in C-visible, pointer-free memory: a one-word Go array pinned for
// the call.
func (k *Kernel) createPipeline(d *Device) error {
	local := new([1]uint32)
	local[0] = k.Local
	var pin runtime.Pinner
	pin.Pin(local)
	defer pin.Unpin()
	spec := vk.SpecializationInfo{
		MapEntryCount: 1,
		PMapEntries:   []vk.SpecializationMapEntry{{ConstantID: 0, Offset: 0, Size: 4}},
		DataSize:      4,
		PData:         unsafe.Pointer(local),
	}
	info := vk.ComputePipelineCreateInfo{
		SType: vk.StructureTypeComputePipelineCreateInfo,
		Stage: vk.PipelineShaderStageCreateInfo{
			SType:               vk.StructureTypePipelineShaderStageCreateInfo,
			Stage:               vk.ShaderStageComputeBit,
			Module:              k.module,
			PName:               cstr("main"),
			PSpecializationInfo: []vk.SpecializationInfo{spec},
		},
		Layout: k.layout,
	}
	pipes := make([]vk.Pipeline, 1)
	r := vk.CreateComputePipelines(d.dev, nil, 1, []vk.ComputePipelineCreateInfo{info}, nil, pipes)
	if err := check(r, "vkCreateComputePipelines"); err != nil {
		return err
	}
	k.pipe = pipes[0]
	return nil
}

func (k *Kernel) destroy(dev vk.Device) {
	if k.pipe != nil {
		vk.DestroyPipeline(dev, k.pipe, nil)
	}
	if k.layout != nil {
		vk.DestroyPipelineLayout(dev, k.layout, nil)
	}
	if k.setLayout != nil {
		vk.DestroyDescriptorSetLayout(dev, k.setLayout, nil)
	}
	if k.module != nil {
		vk.DestroyShaderModule(dev, k.module, nil)
	}
}

// Groups is the number of workgroups covering n invocations, as a 2D grid
// when one dimension would exceed the device's limit. Kernels compute
// their linear index as y * (groups.x * local) + x.
func (d *Device) Groups(k *Kernel, n int) (x, y uint32, err error) {
	groups := (n + int(k.Local) - 1) / int(k.Local)
	limX, limY := int(d.info.MaxWorkGroupCount[0]), int(d.info.MaxWorkGroupCount[1])
	if groups <= limX {
		return uint32(groups), 1, nil
	}
	rows := (groups + limX - 1) / limX
	if rows > limY {
		return 0, 0, fmt.Errorf("kernel %s: %d invocations exceed the device's %dx%d workgroups of %d", k.Name, n, limX, limY, k.Local)
	}
	return uint32(limX), uint32(rows), nil
}
