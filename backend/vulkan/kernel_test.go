//go:build cgo

package vulkan

import (
	"math"
	"testing"

	"github.com/spikeflow/spikeflow/backend/vulkan/internal/gpu"
	"github.com/spikeflow/spikeflow/rng"
)

// TestKernelArithmetic checks the helpers every kernel shares against the
// host: tick modulo a ring size and ring slots for ticks around 2^32 and
// near 2^64 (the tick is two 32-bit words on the device), and Philox words
// and their conversion to [0, 1).
func TestKernelArithmetic(t *testing.T) {
	b := Backend{Device: -1}
	if err := b.Capabilities().Available; err != nil {
		skipOrFail(t, err)
	}
	dev, err := b.device()
	if err != nil {
		t.Fatal(err)
	}
	pool, err := dev.NewPool()
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Release()
	moduli := []uint32{1, 2, 3, 7, 64, 4097, 65535}
	key := rng.NewKey(0x1234_5678_9abc_def0)
	const stream = 0xdeadbeef
	p := &program{dev: dev, pool: pool}
	defer p.Close()
	clock, err := p.newBuffer(8, gpu.DeviceLocal)
	if err != nil {
		t.Fatal(err)
	}
	p.clock = clock
	rs, err := p.newBuffer(4*len(moduli), gpu.DeviceLocal)
	if err != nil {
		t.Fatal(err)
	}
	out, err := p.newBuffer(32*len(moduli), gpu.DeviceLocal)
	if err != nil {
		t.Fatal(err)
	}
	n := &node{p: p}
	k, err := n.kernel("probe", 3, 5)
	if err != nil {
		t.Fatal(err)
	}
	set, err := n.bind(k, rs, out)
	if err != nil {
		t.Fatal(err)
	}
	if err := upload(p, rs, moduli); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		base   uint64
		offset uint32
	}{{0, 0}, {5, 3}, {1<<32 - 2, 1}, {1<<32 - 1, 1}, {1<<32 - 3, 1000}, {1 << 40, 7}, {math.MaxUint64 - 5, 5}} {
		if err := upload(p, clock, []uint32{uint32(tc.base), uint32(tc.base >> 32)}); err != nil {
			t.Fatal(err)
		}
		if err := p.transfer(func(c *gpu.Commands) {
			c.Dispatch(k, set, []uint32{tc.offset, uint32(len(moduli)), key[0], key[1], stream}, 1, 1)
			c.Barrier()
		}); err != nil {
			t.Fatal(err)
		}
		got := make([]float32, 8*len(moduli))
		if err := p.download(got, out, 0); err != nil {
			t.Fatal(err)
		}
		tick := tc.base + uint64(tc.offset)
		for i, r := range moduli {
			w := key.Block(stream, tick, uint32(i))
			prev := (tick%uint64(r) + uint64(r) - 1) % uint64(r)
			if r == 1 {
				prev = 0
			}
			want := []uint32{uint32(tick % uint64(r)), uint32(prev), w[0], w[1], w[2], w[3],
				math.Float32bits(rng.ToFloat32(w[0])), uint32(tick >> 32)}
			for j, v := range want {
				if g := math.Float32bits(got[8*i+j]); g != v {
					t.Errorf("tick %d, r = %d, word %d: kernel %#x, host %#x", tick, r, j, g, v)
				}
			}
		}
	}
}
