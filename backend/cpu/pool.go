package cpu

import (
	"os"
	"strings"
	"sync"
	"sync/atomic"
)

// chunkSize is the number of neurons one task updates. Large groups are
// split into chunks of this size; groups of at most one chunk run on the
// calling goroutine, since waking workers costs more than it saves.
const chunkSize = 8192

// chunks is the number of chunks covering n elements.
func chunks(n int) int { return (n + chunkSize - 1) / chunkSize }

// chunkRange is the half-open range of chunk c of n elements.
func chunkRange(c, n int) (lo, hi int) { return c * chunkSize, min((c+1)*chunkSize, n) }

// pool runs the chunks of one kernel on a fixed set of goroutines. The
// calling goroutine works too. Nothing is allocated per call: fn is a
// method value bound once at compile time.
type pool struct {
	helpers int
	wake    chan struct{}
	wg      sync.WaitGroup
	next    atomic.Int64
	n       int
	fn      func(chunk int)
	once    sync.Once
}

func newPool(workers int) *pool {
	p := &pool{helpers: workers - 1, wake: make(chan struct{})}
	for range p.helpers {
		go func() {
			for range p.wake {
				p.work()
				p.wg.Done()
			}
		}()
	}
	return p
}

// run calls fn(c) for every c in [0, n) and returns when all are done.
func (p *pool) run(n int, fn func(chunk int)) {
	if n <= 1 || p.helpers == 0 {
		for c := range n {
			fn(c)
		}
		return
	}
	p.fn, p.n = fn, n
	p.next.Store(0)
	h := min(p.helpers, n-1)
	p.wg.Add(h)
	for range h {
		p.wake <- struct{}{}
	}
	p.work()
	p.wg.Wait()
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

func (p *pool) close() { p.once.Do(func() { close(p.wake) }) }

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
