//go:build cgo

package vulkan

import (
	"github.com/spikeflow/spikeflow/backend/vulkan/internal/gpu"
	"github.com/spikeflow/spikeflow/ops"
)

func init() { register(ops.KindWta, newWta) }

// wtaKernel is ops.Wta's tick in three dispatches, separated by barriers:
// wta_excite (per map and unit: the new x, from x and y of the tick
// before, into the output ring), wta_inhibit (per map and window: the new
// y, from x of the tick before, into the output ring) and wta_commit
// (copies both into the state the next tick reads). The state cannot be
// updated in place before wta_inhibit has read the whole window, and y
// cannot be before wta_excite has read every window of a unit, hence the
// third dispatch. The window geometry is uploaded once as lists: each
// unit's windows (CSR, increasing), each window's first unit and the
// offsets of a window's units from it (row-major), which fix the order of
// every sum as the reference has it.
type wtaKernel struct {
	excite, inhibit, commit dispatch
	params                  []uint32
}

func newWta(n *node) (kernel, error) {
	op := n.Op().(*ops.Wta)
	f := op.Factors(n.env().Dt)
	_, cols, nw := op.Windows()
	units := op.H * op.W
	var x, y, on *gpu.Buffer
	var err error
	alloc := func(dst **gpu.Buffer, bytes int) {
		if err == nil {
			*dst, err = n.buffer(max(bytes, 4))
		}
	}
	alloc(&x, 4*op.B*units)
	alloc(&y, 4*op.B*nw)
	alloc(&on, 4*op.B*units)
	if err != nil {
		return nil, err
	}
	ptr, win := op.UnitWindows()
	offsets := []int32{0}
	first := []int32{0}
	if nw > 0 {
		offsets = op.WindowUnits(0)
		first = make([]int32, nw)
		for w := range nw {
			first[w] = int32(w/cols*op.SH*op.W + w%cols*op.SW)
		}
	}
	if len(win) == 0 {
		win = []int32{0} // read by no invocation; a buffer to bind
	}
	var bufs [4]*gpu.Buffer
	for i, d := range [][]int32{ptr, win, first, offsets} {
		if bufs[i], err = data(n, d); err != nil {
			return nil, err
		}
	}
	in, inSlots, inDelay := n.input(0)
	xOut, yOut := n.out[0].buf, n.out[1].buf
	k := &wtaKernel{}
	type stage struct {
		d       *dispatch
		name    string
		bufs    []*gpu.Buffer
		threads int
	}
	for _, s := range []stage{
		{&k.excite, "wta_excite", []*gpu.Buffer{in, x, y, bufs[0], bufs[1], xOut, on}, op.B * units},
		{&k.inhibit, "wta_inhibit", []*gpu.Buffer{x, y, on, bufs[2], bufs[3], yOut}, op.B * nw},
		{&k.commit, "wta_commit", []*gpu.Buffer{x, y, xOut, yOut}, op.B * max(units, nw)},
	} {
		kern, err := n.kernel(s.name, len(s.bufs)+1, 17)
		if err != nil {
			return nil, err
		}
		set, err := n.bind(kern, s.bufs...)
		if err != nil {
			return nil, err
		}
		if *s.d, err = n.dispatch(kern, set, s.threads); err != nil {
			return nil, err
		}
	}
	k.params = []uint32{
		uint32(op.B), uint32(units), uint32(nw), uint32(op.K), inSlots, inDelay,
		uint32(n.out[0].slots), uint32(n.out[1].slots), uint32(len(offsets)),
		f32(f.Eta), f32(f.Alpha), f32(f.Beta1), f32(f.Beta2), f32(f.TExc), f32(f.TInh), f32(f.EtaBeta2),
	}
	if nw == 0 {
		k.params[8] = 0
	}
	return k, nil
}

func (k *wtaKernel) record(c *gpu.Commands, offset uint32) {
	k.excite.record(c, offset, k.params...)
	c.Barrier()
	k.inhibit.record(c, offset, k.params...)
	c.Barrier()
	k.commit.record(c, offset, k.params...)
}
