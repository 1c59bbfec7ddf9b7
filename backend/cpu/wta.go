package cpu

import "github.com/spikeflow/spikeflow/ops"

func init() { register(ops.KindWta, newWta) }

// wtaKernel is ops.Wta's reference tick with the same float32 operations
// in the same order. The window geometry is turned once into lists: the
// offsets of a window's units from its first (row-major, the order of the
// sum e_w), each window's first unit, and the windows of each unit in CSR
// form (increasing, the order of the sum c_i). The outputs hold the state:
// every x_i depends on its own x_i only, so the excitatory pass updates x
// in place; y(t) goes to a scratch array until the excitatory pass, which
// reads y(t-1), is done (for K = 0, whose y reads x(t-1), the inhibitory
// pass runs first). Each pass is split into fixed ranges of units or
// windows over all the maps of the batch and run on all cores; every
// element is computed on its own, so the result does not depend on the
// number of workers.
type wtaKernel struct {
	f          ops.WtaFactors
	n, nw      int     // units and windows per map
	in         *buffer // I
	x, y       []float32
	yn         []float32 // y(t), for K = 0
	on         []bool    // z_i > 0, for K > 0
	offsets    []int32   // window units, from the window's first
	first      []int32   // each window's first unit
	ptr, win   []int32   // windows of each unit
	unitChunks int
	winChunk   int // windows per chunk
	winChunks  int
	pool       *pool
	excite     func(c int)
	inhibit    func(c int)
}

func newWta(n *node) (kernel, error) {
	op := n.Op().(*ops.Wta)
	_, cols, nw := op.Windows()
	units := op.H * op.W
	k := &wtaKernel{f: op.Factors(n.env.Dt), n: units, nw: nw, in: n.in[0], x: n.out[0].data, y: n.out[1].data,
		pool: n.pool}
	k.ptr, k.win = op.UnitWindows()
	if nw > 0 {
		k.offsets = op.WindowUnits(0)
		k.first = make([]int32, nw)
		for w := range nw {
			k.first[w] = int32(w/cols*op.SH*op.W + w%cols*op.SW)
		}
	}
	if op.K > 0 {
		k.on = make([]bool, op.B*units)
	} else {
		k.yn = make([]float32, op.B*nw)
	}
	k.unitChunks = chunks(op.B * units)
	k.winChunk = max(chunkSize/max(len(k.offsets), 1), 1)
	k.winChunks = (op.B*nw + k.winChunk - 1) / k.winChunk
	k.excite, k.inhibit = k.exciteChunk, k.inhibitChunk
	return k, nil
}

func (k *wtaKernel) step(uint64) {
	if k.f.K > 0 {
		k.pool.run(k.unitChunks, k.excite)
		k.pool.run(k.winChunks, k.inhibit)
		return
	}
	k.pool.run(k.winChunks, k.inhibit)
	k.pool.run(k.unitChunks, k.excite)
	copy(k.y, k.yn)
}

// exciteChunk is step 1 of the tick for units [c*chunkSize, ...) of the
// batch, in place, a map at a time.
func (k *wtaKernel) exciteChunk(c int) {
	lo, hi := chunkRange(c, len(k.x))
	for lo < hi {
		s := lo / k.n
		end := min(hi, (s+1)*k.n)
		k.excite1(s, lo-s*k.n, end-s*k.n)
		lo = end
	}
}

// excite1 is step 1 for units [i0, i1) of map s.
func (k *wtaKernel) excite1(s, i0, i1 int) {
	f := k.f // a local copy: loads from k could alias the slices
	base := s * k.n
	x, in := k.x[base+i0:base+i1], k.in.data[base+i0:base+i1]
	in = in[:len(x)]
	y := k.y[s*k.nw : (s+1)*k.nw]
	ptr := k.ptr[i0 : i1+1]
	var on []bool
	if k.on != nil {
		on = k.on[base+i0 : base+i1]
	}
	for e, xi := range x {
		var inh float32
		for _, w := range k.win[ptr[e]:ptr[e+1]] {
			inh += y[w]
		}
		z := float32(float32(in[e]+float32(f.Alpha*xi))-float32(f.Beta1*inh)) - f.TExc
		var a float32
		if z > 0 {
			a = z
		}
		if on != nil {
			on[e] = z > 0
		}
		xi += float32(f.Eta * float32(a-xi))
		if xi < ops.MinActivity {
			xi = 0
		}
		x[e] = xi
	}
}

// inhibitChunk is step 2 of the tick for windows [c*winChunk, ...) of the
// batch, a map at a time.
func (k *wtaKernel) inhibitChunk(c int) {
	lo, hi := c*k.winChunk, min((c+1)*k.winChunk, len(k.y))
	for lo < hi {
		s := lo / k.nw
		end := min(hi, (s+1)*k.nw)
		if k.f.K > 0 {
			k.count1(s, lo-s*k.nw, end-s*k.nw)
		} else {
			k.inhibit1(s, lo-s*k.nw, end-s*k.nw)
		}
		lo = end
	}
}

// inhibit1 is step 2 (WTA) for windows [w0, w1) of map s.
func (k *wtaKernel) inhibit1(s, w0, w1 int) {
	f := k.f
	x := k.x[s*k.n : (s+1)*k.n]
	y, yn := k.y[s*k.nw+w0:s*k.nw+w1], k.yn[s*k.nw+w0:s*k.nw+w1]
	yn = yn[:len(y)]
	first := k.first[w0:w1]
	first = first[:len(y)]
	for e, v := range y {
		win := x[first[e]:]
		var sum float32
		for _, o := range k.offsets {
			sum += win[o]
		}
		z := float32(f.Beta2*sum) - f.TInh
		var a float32
		if z > 0 {
			a = z
		}
		v += float32(f.Eta * float32(a-v))
		if v < ops.MinActivity {
			v = 0
		}
		yn[e] = v
	}
}

// count1 is step 2 (k-WTA) for windows [w0, w1) of map s, in place.
func (k *wtaKernel) count1(s, w0, w1 int) {
	f := k.f
	on := k.on[s*k.n : (s+1)*k.n]
	y := k.y[s*k.nw+w0 : s*k.nw+w1]
	first := k.first[w0:w1]
	first = first[:len(y)]
	for e, v := range y {
		win := on[first[e]:]
		count := 0
		for _, o := range k.offsets {
			if win[o] {
				count++
			}
		}
		v += float32(f.EtaBeta2 * float32(count-f.K))
		if v < ops.MinActivity {
			v = 0
		}
		y[e] = v
	}
}
