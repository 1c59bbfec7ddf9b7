package cpu

import (
	"os"
	"runtime"
	"strings"
	"sync/atomic"
)

// chunkSize is the number of neurons one task updates. Groups larger than
// a chunk are split into chunks run on all cores. A chunk of LIF neurons
// takes a few microseconds, well above the cost of handing it to a spinning
// helper (a fraction of a microsecond).
const chunkSize = 2048

// parallelChunks is the smallest number of chunks worth handing to helpers.
// On the 2-core machine this was tuned on, splitting the 2 chunks of a
// 4000-neuron group was slower than running them on one core (helpers
// spinning beside the main goroutine cost more than the halved loop saved),
// while groups of 16k neurons and more gained about 10%.
const parallelChunks = 8

// chunks is the number of chunks covering n elements.
func chunks(n int) int { return (n + chunkSize - 1) / chunkSize }

// chunkRange is the half-open range of chunk c of n elements.
func chunkRange(c, n int) (lo, hi int) { return c * chunkSize, min((c+1)*chunkSize, n) }

// spinLimit is how many times an idle helper polls for new work before it
// parks. Kernels are dispatched every few microseconds while a program
// runs, so helpers stay awake during Run and sleep soon after it returns.
const spinLimit = 1 << 16

// pool runs the chunks of a kernel on helper goroutines and the calling
// goroutine. Dispatch is an atomic generation counter that idle helpers
// poll for a while before parking, so handing out work costs far less than
// waking a goroutine. Nothing is allocated per dispatch: fn is a method
// value bound once at compile time.
type pool struct {
	helpers int
	gen     atomic.Uint64 // bumped once per dispatch
	pending atomic.Int64  // helpers not yet done with the current dispatch
	next    atomic.Int64  // next chunk to take
	n       int
	fn      func(chunk int)
	closed  atomic.Bool
	sleeper []helper
}

// helper is the parking state of one helper goroutine.
type helper struct {
	asleep atomic.Bool
	wake   chan struct{}
}

func newPool(workers int) *pool {
	p := &pool{helpers: max(workers-1, 0)}
	p.sleeper = make([]helper, p.helpers)
	for i := range p.sleeper {
		p.sleeper[i].wake = make(chan struct{}, 1)
		go p.loop(&p.sleeper[i], p.gen.Load())
	}
	return p
}

// run calls fn(c) for every c in [0, n) and returns when all are done.
func (p *pool) run(n int, fn func(chunk int)) {
	if n < parallelChunks || p.helpers == 0 {
		for c := range n {
			fn(c)
		}
		return
	}
	p.fn, p.n = fn, n
	p.next.Store(0)
	p.pending.Store(int64(p.helpers))
	p.gen.Add(1) // publishes fn, n and next to the helpers
	p.wakeAll()
	p.work()
	for i := 0; p.pending.Load() > 0; i++ {
		if i > spinLimit {
			runtime.Gosched()
		}
	}
}

func (p *pool) wakeAll() {
	for i := range p.sleeper {
		h := &p.sleeper[i]
		if h.asleep.CompareAndSwap(true, false) {
			h.wake <- struct{}{}
		}
	}
}

func (p *pool) work() {
	for {
		c := int(p.next.Add(1)) - 1
		if c >= p.n {
			return
		}
		p.fn(c)
	}
}

// loop is a helper goroutine: wait for a new generation (spinning, then
// parked), work, report done.
// seen is the generation at creation: reading it in the goroutine could
// miss a dispatch made before the goroutine first ran.
func (p *pool) loop(h *helper, seen uint64) {
	for {
		for i := 0; p.gen.Load() == seen; i++ {
			if i < spinLimit {
				continue
			}
			// Park. Announce it, then look once more: a dispatcher that
			// bumped gen before seeing asleep = true will not wake us.
			h.asleep.Store(true)
			if p.gen.Load() != seen && h.asleep.CompareAndSwap(true, false) {
				break
			}
			<-h.wake
			i = 0
		}
		if p.closed.Load() {
			return
		}
		seen = p.gen.Load()
		p.work()
		p.pending.Add(-1)
	}
}

// close stops the helpers.
func (p *pool) close() {
	if p.closed.Swap(true) {
		return
	}
	p.gen.Add(1)
	p.wakeAll()
}

// cpuModel names the processor, for Capabilities.
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if name, ok := strings.CutPrefix(line, "model name"); ok {
				return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
			}
		}
	}
	return "CPU"
}
