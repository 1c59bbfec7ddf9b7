//go:build cgo

package gpu

import (
	"errors"
	"fmt"
	"unsafe"

	vk "github.com/vulkan-go/vulkan"
)

// Pool owns what one program records and binds: a command pool, descriptor
// pools (grown as needed), fences and, when asked for, a timestamp query
// pool. A Pool is used by one goroutine at a time.
type Pool struct {
	d       *Device
	cmd     vk.CommandPool
	desc    []vk.DescriptorPool
	fence   *Fence // for Submit
	fences  []vk.Fence
	queries vk.QueryPool
	nquery  int
}

// setsPerPool and descriptorsPerSet size each descriptor pool.
const (
	setsPerPool       = 64
	descriptorsPerSet = 12
)

// NewPool creates a pool on d.
func (d *Device) NewPool() (*Pool, error) {
	p := &Pool{d: d}
	ci := &vk.CommandPoolCreateInfo{
		SType:            vk.StructureTypeCommandPoolCreateInfo,
		Flags:            vk.CommandPoolCreateFlags(vk.CommandPoolCreateResetCommandBufferBit),
		QueueFamilyIndex: d.family,
	}
	var cmd vk.CommandPool
	r := vk.CreateCommandPool(d.dev, ci, nil, &cmd)
	ci.Free()
	p.cmd = cmd
	if err := check(r, "vkCreateCommandPool"); err != nil {
		return nil, err
	}
	var err error
	if p.fence, err = p.NewFence(); err != nil {
		p.Release()
		return nil, err
	}
	return p, nil
}

// Release destroys everything the pool made. Its command buffers and sets
// become invalid.
func (p *Pool) Release() {
	dev := p.d.dev
	if p.cmd != nil {
		vk.DestroyCommandPool(dev, p.cmd, nil)
		p.cmd = nil
	}
	for _, dp := range p.desc {
		vk.DestroyDescriptorPool(dev, dp, nil)
	}
	p.desc = nil
	for _, f := range p.fences {
		vk.DestroyFence(dev, f, nil)
	}
	p.fences = nil
	if p.queries != nil {
		vk.DestroyQueryPool(dev, p.queries, nil)
		p.queries = nil
	}
}

func (p *Pool) growDescriptors() error {
	sizes := []vk.DescriptorPoolSize{{Type: vk.DescriptorTypeStorageBuffer, DescriptorCount: setsPerPool * descriptorsPerSet}}
	info := &vk.DescriptorPoolCreateInfo{
		SType:         vk.StructureTypeDescriptorPoolCreateInfo,
		MaxSets:       setsPerPool,
		PoolSizeCount: 1,
		PPoolSizes:    sizes,
	}
	var dp vk.DescriptorPool
	r := vk.CreateDescriptorPool(p.d.dev, info, nil, &dp)
	info.Free()
	if err := check(r, "vkCreateDescriptorPool"); err != nil {
		return err
	}
	p.desc = append(p.desc, dp)
	return nil
}

// Set binds buffers to a kernel's bindings.
type Set struct {
	set vk.DescriptorSet
}

// Bind makes a descriptor set for k with bufs at bindings 0, 1, ...
func (p *Pool) Bind(k *Kernel, bufs ...*Buffer) (Set, error) {
	if len(bufs) != k.Bindings {
		return Set{}, fmt.Errorf("kernel %s: %d buffers bound, it has %d bindings", k.Name, len(bufs), k.Bindings)
	}
	if k.Bindings > descriptorsPerSet {
		return Set{}, fmt.Errorf("kernel %s: %d bindings, at most %d are supported", k.Name, k.Bindings, descriptorsPerSet)
	}
	var set vk.DescriptorSet
	for attempt := 0; ; attempt++ {
		if len(p.desc) == 0 {
			if err := p.growDescriptors(); err != nil {
				return Set{}, err
			}
		}
		info := &vk.DescriptorSetAllocateInfo{
			SType:              vk.StructureTypeDescriptorSetAllocateInfo,
			DescriptorPool:     p.desc[len(p.desc)-1],
			DescriptorSetCount: 1,
			PSetLayouts:        []vk.DescriptorSetLayout{k.setLayout},
		}
		r := vk.AllocateDescriptorSets(p.d.dev, info, &set)
		info.Free()
		if r == vk.Success {
			break
		}
		if attempt > 0 || (r != vk.ErrorOutOfPoolMemory && r != vk.ErrorFragmentedPool) {
			return Set{}, check(r, "vkAllocateDescriptorSets")
		}
		if err := p.growDescriptors(); err != nil {
			return Set{}, err
		}
	}
	s := Set{set: set}
	writes := make([]vk.WriteDescriptorSet, len(bufs))
	for i, b := range bufs {
		writes[i] = vk.WriteDescriptorSet{
			SType:           vk.StructureTypeWriteDescriptorSet,
			DstSet:          s.set,
			DstBinding:      uint32(i),
			DescriptorCount: 1,
			DescriptorType:  vk.DescriptorTypeStorageBuffer,
			PBufferInfo:     []vk.DescriptorBufferInfo{{Buffer: b.buf, Range: vk.DeviceSize(b.size)}},
		}
	}
	vk.UpdateDescriptorSets(p.d.dev, uint32(len(writes)), writes, 0, nil)
	return s, nil
}

// Commands is a command buffer being recorded or ready to submit.
type Commands struct {
	p  *Pool
	cb vk.CommandBuffer
}

// Record begins a command buffer that may be submitted many times.
func (p *Pool) Record() (*Commands, error) {
	info := &vk.CommandBufferAllocateInfo{
		SType:              vk.StructureTypeCommandBufferAllocateInfo,
		CommandPool:        p.cmd,
		Level:              vk.CommandBufferLevelPrimary,
		CommandBufferCount: 1,
	}
	cbs := make([]vk.CommandBuffer, 1)
	r := vk.AllocateCommandBuffers(p.d.dev, info, cbs)
	info.Free()
	if err := check(r, "vkAllocateCommandBuffers"); err != nil {
		return nil, err
	}
	c := &Commands{p: p, cb: cbs[0]}
	begin := &vk.CommandBufferBeginInfo{SType: vk.StructureTypeCommandBufferBeginInfo}
	r = vk.BeginCommandBuffer(c.cb, begin)
	begin.Free()
	if err := check(r, "vkBeginCommandBuffer"); err != nil {
		c.Release()
		return nil, err
	}
	return c, nil
}

// Dispatch runs k over an x by y grid of workgroups with the given push
// constants (k.PushWords words).
func (c *Commands) Dispatch(k *Kernel, s Set, push []uint32, x, y uint32) {
	vk.CmdBindPipeline(c.cb, vk.PipelineBindPointCompute, k.pipe)
	vk.CmdBindDescriptorSets(c.cb, vk.PipelineBindPointCompute, k.layout, 0, 1, []vk.DescriptorSet{s.set}, 0, nil)
	if len(push) > 0 {
		// A []uint32 holds no Go pointers, so cgo may read it directly.
		vk.CmdPushConstants(c.cb, k.layout, vk.ShaderStageFlags(vk.ShaderStageComputeBit), 0, uint32(4*len(push)), unsafe.Pointer(&push[0]))
	}
	vk.CmdDispatch(c.cb, x, y, 1)
}

var everyAccess = vk.AccessFlags(vk.AccessShaderReadBit | vk.AccessShaderWriteBit | vk.AccessTransferReadBit | vk.AccessTransferWriteBit)

// Barrier orders every compute and transfer command before it against
// every one after it, memory included.
func (c *Commands) Barrier() {
	stages := vk.PipelineStageFlags(vk.PipelineStageComputeShaderBit | vk.PipelineStageTransferBit)
	vk.CmdPipelineBarrier(c.cb, stages, stages, 0,
		1, []vk.MemoryBarrier{{SType: vk.StructureTypeMemoryBarrier, SrcAccessMask: everyAccess, DstAccessMask: everyAccess}},
		0, nil, 0, nil)
}

// HostBarrier makes every write before it visible to host reads after the
// submission's fence.
func (c *Commands) HostBarrier() {
	vk.CmdPipelineBarrier(c.cb, vk.PipelineStageFlags(vk.PipelineStageComputeShaderBit|vk.PipelineStageTransferBit),
		vk.PipelineStageFlags(vk.PipelineStageHostBit), 0,
		1, []vk.MemoryBarrier{{SType: vk.StructureTypeMemoryBarrier, SrcAccessMask: everyAccess,
			DstAccessMask: vk.AccessFlags(vk.AccessHostReadBit)}},
		0, nil, 0, nil)
}

// Copy copies n bytes between buffers.
func (c *Commands) Copy(dst *Buffer, dstOff int, src *Buffer, srcOff, n int) {
	if n == 0 {
		return
	}
	vk.CmdCopyBuffer(c.cb, src.buf, dst.buf, 1, []vk.BufferCopy{{SrcOffset: vk.DeviceSize(srcOff), DstOffset: vk.DeviceSize(dstOff), Size: vk.DeviceSize(n)}})
}

// Fill sets n bytes (a multiple of 4) of dst from off to the word v.
func (c *Commands) Fill(dst *Buffer, off, n int, v uint32) {
	if n == 0 {
		return
	}
	vk.CmdFillBuffer(c.cb, dst.buf, vk.DeviceSize(off), vk.DeviceSize(n), v)
}

// End finishes recording.
func (c *Commands) End() error { return check(vk.EndCommandBuffer(c.cb), "vkEndCommandBuffer") }

// Release frees the command buffer.
func (c *Commands) Release() {
	if c.cb != nil {
		vk.FreeCommandBuffers(c.p.d.dev, c.p.cmd, 1, []vk.CommandBuffer{c.cb})
		c.cb = nil
	}
}

// Fence tells when a submission has finished.
type Fence struct {
	p       *Pool
	f       vk.Fence
	pending bool
}

// NewFence makes a fence, released with the pool.
func (p *Pool) NewFence() (*Fence, error) {
	fi := &vk.FenceCreateInfo{SType: vk.StructureTypeFenceCreateInfo}
	var f vk.Fence
	r := vk.CreateFence(p.d.dev, fi, nil, &f)
	fi.Free()
	if err := check(r, "vkCreateFence"); err != nil {
		return nil, err
	}
	p.fences = append(p.fences, f)
	return &Fence{p: p, f: f}, nil
}

// Pending reports whether the fence's submission may still be running.
func (f *Fence) Pending() bool { return f.pending }

// SubmitAsync queues command buffers, in order, in one submission that
// signals f; it does not wait. The queue runs submissions in order, and
// a barrier at the start of a command buffer orders it after everything
// submitted before it.
func (p *Pool) SubmitAsync(f *Fence, cs ...*Commands) error {
	if f.pending {
		return errors.New("gpu: fence submitted again before Wait")
	}
	cbs := make([]vk.CommandBuffer, len(cs))
	for i, c := range cs {
		cbs[i] = c.cb
	}
	d := p.d
	if err := check(vk.ResetFences(d.dev, 1, []vk.Fence{f.f}), "vkResetFences"); err != nil {
		return err
	}
	submit := []vk.SubmitInfo{{SType: vk.StructureTypeSubmitInfo, CommandBufferCount: uint32(len(cbs)), PCommandBuffers: cbs}}
	d.queueMu.Lock()
	r := vk.QueueSubmit(d.queue, 1, submit, f.f)
	d.queueMu.Unlock()
	if err := check(r, "vkQueueSubmit"); err != nil {
		return err
	}
	f.pending = true
	return nil
}

// Wait blocks until the fence's submission has finished. A device that
// does not finish within SubmitTimeout, or reports itself lost, gives an
// error wrapping ErrDeviceLost.
func (f *Fence) Wait() error {
	if !f.pending {
		return nil
	}
	d := f.p.d
	r := vk.WaitForFences(d.dev, 1, []vk.Fence{f.f}, vk.True, uint64(SubmitTimeout.Nanoseconds()))
	if r == vk.Timeout {
		return fmt.Errorf("%w: %s did not finish within %v", ErrDeviceLost, d.info.Name, SubmitTimeout)
	}
	f.pending = false
	return check(r, "vkWaitForFences")
}

// Submit runs command buffers in order, in one submission, and waits for
// them.
func (p *Pool) Submit(cs ...*Commands) error {
	if err := p.SubmitAsync(p.fence, cs...); err != nil {
		return err
	}
	return p.fence.Wait()
}

// Timestamps prepares n timestamp queries; ReadTimestamps reads them.
func (p *Pool) Timestamps(n int) error {
	if p.queries != nil {
		return errors.New("timestamps already prepared")
	}
	info := &vk.QueryPoolCreateInfo{SType: vk.StructureTypeQueryPoolCreateInfo, QueryType: vk.QueryTypeTimestamp, QueryCount: uint32(n)}
	var qp vk.QueryPool
	r := vk.CreateQueryPool(p.d.dev, info, nil, &qp)
	info.Free()
	p.queries = qp
	p.nquery = n
	return check(r, "vkCreateQueryPool")
}

// ResetTimestamps resets the queries; record it before writing them.
func (c *Commands) ResetTimestamps() {
	vk.CmdResetQueryPool(c.cb, c.p.queries, 0, uint32(c.p.nquery))
}

// Timestamp records the time when every command before it has finished.
func (c *Commands) Timestamp(i int) {
	vk.CmdWriteTimestamp(c.cb, vk.PipelineStageBottomOfPipeBit, c.p.queries, uint32(i))
}

// ReadTimestamps returns the recorded timestamps in nanoseconds.
func (p *Pool) ReadTimestamps() ([]float64, error) {
	raw := make([]uint64, p.nquery)
	r := vk.GetQueryPoolResults(p.d.dev, p.queries, 0, uint32(p.nquery), uint(8*p.nquery), unsafe.Pointer(&raw[0]), 8,
		vk.QueryResultFlags(vk.QueryResult64Bit|vk.QueryResultWaitBit))
	if err := check(r, "vkGetQueryPoolResults"); err != nil {
		return nil, err
	}
	ns := make([]float64, len(raw))
	for i, t := range raw {
		ns[i] = float64(t) * float64(p.d.info.TimestampPeriodNs)
	}
	return ns, nil
}
