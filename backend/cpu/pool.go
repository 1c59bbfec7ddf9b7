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
// goroutine. A dispatch publishes one atomic word, (generation, chunks,
// chunks taken), that idle helpers poll for a while before parking, so
// handing out work costs far less than waking a goroutine. Whoever takes a
// chunk (helper or caller) does so by compare-and-swap on that word, and
// the caller waits only for the chunks taken, never for a helper that has
// not woken up: on a machine where another process holds a core, a
// descheduled helper does not hold up the tick. Nothing is allocated per
// dispatch: fn is a method value bound once at compile time.
type pool struct {
	helpers int
	state   atomic.Uint64 // generation << 40 | chunks << 20 | taken
	done    atomic.Int64  // chunks of the current dispatch finished
	fn      func(chunk int)
	closed  atomic.Bool
	sleeper []helper
}

// The dispatch word: 24 bits of generation (wrapping), 20 of chunk count
// and 20 of chunks taken. A dispatch has at most 2^20 - 1 chunks (2^31
// neurons at 2048 per chunk), far more than a slice can index.
const (
	countBits = 20
	countMask = 1<<countBits - 1
)

func genOf(s uint64) uint64         { return s >> (2 * countBits) }
func chunksOf(s uint64) int         { return int(s >> countBits & countMask) }
func takenOf(s uint64) int          { return int(s & countMask) }
func pack(gen uint64, n int) uint64 { return gen<<(2*countBits) | uint64(n)<<countBits }

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
		go p.loop(&p.sleeper[i], genOf(p.state.Load()))
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
	p.fn = fn
	p.done.Store(0)
	gen := (genOf(p.state.Load()) + 1) & (1<<(64-2*countBits) - 1)
	p.state.Store(pack(gen, n)) // publishes fn to whoever takes a chunk
	p.wakeAll()
	p.work(gen)
	for i := 0; p.done.Load() < int64(n); i++ {
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

// work takes chunks of dispatch gen until none is left. A helper late for
// a dispatch finds its generation gone or its chunks taken and touches
// nothing; one that takes a chunk reads p.fn, which the caller does not
// change before that chunk is done.
func (p *pool) work(gen uint64) {
	for {
		s := p.state.Load()
		if genOf(s) != gen || takenOf(s) >= chunksOf(s) {
			return
		}
		if p.state.CompareAndSwap(s, s+1) {
			p.fn(takenOf(s))
			p.done.Add(1)
		}
	}
}

// loop is a helper goroutine: wait for a new generation (spinning, then
// parked), work, repeat.
// seen is the generation at creation: reading it in the goroutine could
// miss a dispatch made before the goroutine first ran.
func (p *pool) loop(h *helper, seen uint64) {
	for {
		for i := 0; genOf(p.state.Load()) == seen; i++ {
			if i < spinLimit {
				continue
			}
			// Park. Announce it, then look once more: a dispatcher that
			// published before seeing asleep = true will not wake us.
			h.asleep.Store(true)
			if genOf(p.state.Load()) != seen && h.asleep.CompareAndSwap(true, false) {
				break
			}
			<-h.wake
			i = 0
		}
		if p.closed.Load() {
			return
		}
		seen = genOf(p.state.Load())
		p.work(seen)
	}
}

// close stops the helpers.
func (p *pool) close() {
	if p.closed.Swap(true) {
		return
	}
	p.state.Store(pack((genOf(p.state.Load())+1)&(1<<(64-2*countBits)-1), 0))
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
