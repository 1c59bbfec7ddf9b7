package layers

import (
	"runtime"
	"sync"
)

// rowBlock is how many rows a worker takes at a time: large enough that
// handing out blocks costs nothing next to generating them, small enough
// that two cores finish together.
const rowBlock = 1024

// parallelBlocks calls fn(b, lo, hi) for the blocks [lo, hi) of
// [first, last), numbered b = 0, 1, ..., on all cores. Which core runs a
// block is not fixed, so fn must write only what its block owns; then the
// result is the same for any GOMAXPROCS.
func parallelBlocks(first, last, block int, fn func(b, lo, hi int)) {
	parallelBlocksWith(first, last, block, func() struct{} { return struct{}{} },
		func(_ struct{}, b, lo, hi int) { fn(b, lo, hi) })
}

// parallelBlocksWith is parallelBlocks with scratch state made by
// newState once per worker and passed to each block the worker runs, so
// that buffers are reused rather than allocated per block. Results must
// not depend on what a previous block left in the state.
func parallelBlocksWith[S any](first, last, block int, newState func() S, fn func(s S, b, lo, hi int)) {
	if last <= first {
		return
	}
	n := (last - first + block - 1) / block
	run := func(s S, b int) {
		lo := first + b*block
		fn(s, b, lo, min(lo+block, last))
	}
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers == 1 {
		s := newState()
		for b := range n {
			run(s, b)
		}
		return
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Go(func() {
			s := newState()
			for b := range next {
				run(s, b)
			}
		})
	}
	for b := range n {
		next <- b
	}
	close(next)
	wg.Wait()
}

// parallelRows calls fn(j) for j in [lo, hi) on all cores.
func parallelRows(lo, hi int, fn func(j int)) {
	parallelBlocks(lo, hi, rowBlock, func(_, lo, hi int) {
		for j := lo; j < hi; j++ {
			fn(j)
		}
	})
}

// firstFailure remembers, among failures found in parallel, the one with
// the smallest index, so that an error message does not depend on which
// core got there first.
type firstFailure struct {
	mu    sync.Mutex
	index int
	err   error
}

func (f *firstFailure) report(index int, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err == nil || index < f.index {
		f.index, f.err = index, err
	}
}
