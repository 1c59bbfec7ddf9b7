package cpu

// spiker runs a spike-producing kernel chunk by chunk, on all cores when
// the group spans several chunks, and gathers the chunks' spike lists in
// chunk order, so the list is in increasing index order whatever ran where.
type spiker struct {
	out   *buffer
	lists [][]int32 // per chunk; capacity the chunk's size
	pool  *pool
	fn    func(chunk int)
}

func newSpiker(out *buffer, p *pool, fn func(chunk int)) spiker {
	n := len(out.data)
	s := spiker{out: out, pool: p, fn: fn, lists: make([][]int32, chunks(n))}
	for c := range s.lists {
		lo, hi := chunkRange(c, n)
		s.lists[c] = make([]int32, 0, hi-lo)
	}
	return s
}

// run zeroes last tick's spikes, runs every chunk and gathers the lists.
func (s *spiker) run() {
	for _, i := range s.out.list {
		s.out.data[i] = 0
	}
	s.pool.run(len(s.lists), s.fn)
	list := s.out.list[:0]
	for _, l := range s.lists {
		list = append(list, l...)
	}
	s.out.list = list
}
