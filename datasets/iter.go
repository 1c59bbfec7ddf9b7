package datasets

import "fmt"

// Options control an iteration over a Set. The zero value visits every
// sample once, in order, one sample per batch.
type Options struct {
	// Shuffle visits the samples in the order of Shuffle(seed, epoch), a new
	// order each epoch, the same on every platform.
	Shuffle bool
	// Seed keys the shuffle; ignored without Shuffle.
	Seed uint64
	// Limit restricts the iteration to the first Limit samples of the set
	// (0: all of them; more than Len: all of them). With Shuffle, the same
	// Limit samples are visited every epoch, in a new order.
	Limit int
	// BatchSize is the number of samples per batch; 0 and 1 both mean one.
	BatchSize int
	// DropLast skips the final batch of an epoch when it is smaller than
	// BatchSize, so that every batch has the same size.
	DropLast bool
}

// Validate reports options that are out of range, wrapping ErrInvalid.
func (o Options) Validate() error {
	if o.Limit < 0 {
		return fmt.Errorf("%w: Options.Limit = %d, must be >= 0 (0: no limit)", ErrInvalid, o.Limit)
	}
	if o.BatchSize < 0 {
		return fmt.Errorf("%w: Options.BatchSize = %d, must be >= 0 (0 or 1: one sample per batch)", ErrInvalid, o.BatchSize)
	}
	return nil
}

// Batch is a group of samples. Its slices belong to the Iterator that
// returned it and are overwritten by the next call to Next: copy what must
// outlive the step.
type Batch struct {
	Index []int     // the samples' indexes in the Set
	X     []float32 // their features, Len()*Dim values, row-major
	Y     []int32   // their labels
}

// Len returns the number of samples in the batch.
func (b Batch) Len() int { return len(b.Index) }

// Iterator walks a Set batch by batch, one epoch at a time:
//
//	it := set.Iter(datasets.Options{Shuffle: true, Seed: 1, BatchSize: 32})
//	for it.Next() {
//		b := it.Batch()
//		...
//	}
//	if err := it.Err(); err != nil { ... }
//	it.Reset() // the next epoch, in a new order
//
// Its buffers are allocated once, so a step allocates nothing. An Iterator
// is not safe for concurrent use; several may walk one Set at once.
type Iterator struct {
	set   *Set
	opts  Options
	err   error
	epoch uint64
	order []int // the epoch's visiting order
	pos   int   // next position in order
	buf   Batch // full-size buffers
	cur   Batch // the current batch, a prefix of buf
}

// Iter returns an iterator over the samples of s at epoch 0. Invalid options
// yield an iterator whose Next returns false and whose Err says why.
func (s *Set) Iter(opts Options) *Iterator {
	it := &Iterator{set: s, opts: opts}
	if err := opts.Validate(); err != nil {
		it.err = fmt.Errorf("dataset %q: %w", s.meta.Name, err)
		return it
	}
	n := s.Len()
	if opts.Limit > 0 && opts.Limit < n {
		n = opts.Limit
	}
	it.opts.BatchSize = max(opts.BatchSize, 1)
	size := min(it.opts.BatchSize, n)
	it.order = make([]int, n)
	it.buf = Batch{Index: make([]int, size), X: make([]float32, size*s.dim), Y: make([]int32, size)}
	it.arrange()
	return it
}

// arrange sets the visiting order of the current epoch and rewinds.
func (it *Iterator) arrange() {
	for i := range it.order {
		it.order[i] = i
	}
	if it.opts.Shuffle {
		Shuffle(it.order, it.opts.Seed, it.epoch)
	}
	it.pos = 0
	it.cur = Batch{}
}

// Next advances to the next batch of the epoch and reports whether there is
// one.
func (it *Iterator) Next() bool {
	rest := len(it.order) - it.pos
	if it.err != nil || rest <= 0 || (it.opts.DropLast && rest < it.opts.BatchSize) {
		it.pos = len(it.order)
		it.cur = Batch{}
		return false
	}
	size := min(it.opts.BatchSize, rest)
	dim, s := it.set.dim, it.set
	b := Batch{Index: it.buf.Index[:size], X: it.buf.X[:size*dim], Y: it.buf.Y[:size]}
	for k, i := range it.order[it.pos : it.pos+size] {
		b.Index[k] = i
		copy(b.X[k*dim:(k+1)*dim], s.x[i*dim:(i+1)*dim])
		b.Y[k] = s.y[i]
	}
	it.pos += size
	it.cur = b
	return true
}

// Batch returns the current batch: empty before the first Next and after
// Next has returned false.
func (it *Iterator) Batch() Batch { return it.cur }

// Err returns the reason the iterator cannot run (invalid options), or nil.
func (it *Iterator) Err() error { return it.err }

// Epoch returns the current epoch, 0 for a new iterator.
func (it *Iterator) Epoch() uint64 { return it.epoch }

// Reset starts the next epoch from its first batch, whether or not the
// current one was finished. With Shuffle, the new order is Shuffle(Seed,
// epoch): deterministic, yet different from the previous epoch's.
func (it *Iterator) Reset() {
	if it.err != nil {
		return
	}
	it.epoch++
	it.arrange()
}
