package layers

import (
	"math/bits"
	"runtime"

	"github.com/spikeflow/spikeflow/ops"
	"github.com/spikeflow/spikeflow/rng"
)

// FixedOutDegree connects each neuron of Pre to exactly K distinct neurons
// of Post, every K-subset equally likely (with NoAutapses, which needs
// Pre == Post, never to itself). In-degrees then follow Binomial(Pre, K/Post),
// as in NEST's fixed_outdegree without multapses.
//
// Row j is drawn by Floyd's algorithm (Bentley & Floyd, "Programming
// pearls: a sample of brilliance", CACM 30(9), 1987): K draws, the d-th
// from (Seed, Stream(Name), j, d), so the cost grows with K, not with
// Post, and the result does not depend on the number of cores. Rows list
// their targets in increasing order.
type FixedOutDegree struct {
	Pre, Post  int
	K          int
	NoAutapses bool
	Weight     Dist // nil: Constant(1)
	Seed       uint64
	Name       string // keys the random streams
}

// Build generates the connectivity.
func (c FixedOutDegree) Build() (ops.CSR, error) {
	if err := checkDegree("FixedOutDegree", c.Name, c.Pre, c.Post, c.K, c.NoAutapses, "Post", c.Weight); err != nil {
		return ops.CSR{}, err
	}
	m := ops.CSR{Pre: c.Pre, Post: c.Post, RowPtr: make([]int32, c.Pre+1), Target: make([]int32, c.Pre*c.K)}
	key, stream := rng.NewKey(c.Seed), rng.Stream(c.Name)
	parallelBlocksWith(0, c.Pre, rowBlock, newSampler, func(s *sampler, _, lo, hi int) {
		for j := lo; j < hi; j++ {
			m.RowPtr[j+1] = int32((j + 1) * c.K)
			row := m.Target[j*c.K : (j+1)*c.K]
			s.sample(row, c.Post, excluded(c.NoAutapses, j), key, stream, j)
			s.sort = sortTargets(row, s.sort)
		}
	})
	return m, sampleWeights(&m, c.Weight, c.Seed, c.Name, "FixedOutDegree")
}

// FixedInDegree connects exactly K distinct neurons of Pre to each neuron
// of Post, every K-subset equally likely (with NoAutapses, which needs
// Pre == Post, never a neuron to itself). Out-degrees then follow
// Binomial(Post, K/Pre), as in NEST's fixed_indegree without multapses.
//
// The sources of target i are drawn like the targets of FixedOutDegree's
// rows, from (Seed, Stream(Name), i, d). The result is still CSR by
// source: the lists are transposed by a counting sort, in parallel over
// ranges of targets, and each row lists its targets in increasing order.
type FixedInDegree struct {
	Pre, Post  int
	K          int
	NoAutapses bool
	Weight     Dist // nil: Constant(1); drawn per synapse of the CSR by source
	Seed       uint64
	Name       string // keys the random streams
}

// Build generates the connectivity.
func (c FixedInDegree) Build() (ops.CSR, error) {
	if err := checkDegree("FixedInDegree", c.Name, c.Pre, c.Post, c.K, c.NoAutapses, "Pre", c.Weight); err != nil {
		return ops.CSR{}, err
	}
	src := make([]int32, c.Post*c.K) // the sources of target i at [i*K, (i+1)*K)
	key, stream := rng.NewKey(c.Seed), rng.Stream(c.Name)
	parallelBlocksWith(0, c.Post, rowBlock, newSampler, func(s *sampler, _, lo, hi int) {
		for i := lo; i < hi; i++ {
			s.sample(src[i*c.K:(i+1)*c.K], c.Pre, excluded(c.NoAutapses, i), key, stream, i)
		}
	})
	m := transposeFixed(src, c.K, c.Pre, c.Post)
	return m, sampleWeights(&m, c.Weight, c.Seed, c.Name, "FixedInDegree")
}

// checkDegree validates a fixed-degree rule that chooses K neurons of the
// population named from (Pre or Post) for each neuron of the other.
func checkDegree(rule, name string, pre, post, k int, noAutapses bool, from string, w Dist) error {
	ck := newCheck(rule, name)
	okPre, okPost := ck.size("Pre", pre), ck.size("Post", post)
	if ck.size("K", k) && okPre && okPost {
		n, rows := post, pre
		if from == "Pre" {
			n, rows = pre, post
		}
		other := ""
		if noAutapses {
			n, other = max(n-1, 0), "other "
		}
		if k > n {
			ck.failf("K = %d, more than the %d %sneurons of %s to choose from without replacement", k, n, other, from)
		}
		ck.synapses(float64(k) * float64(rows))
	}
	if noAutapses && pre != post {
		ck.failf("NoAutapses needs Pre == Post, got %d and %d", pre, post)
	}
	ck.weight(w)
	return ck.err()
}

// excluded is the index a row may not choose, or -1.
func excluded(noAutapses bool, j int) int {
	if noAutapses {
		return j
	}
	return -1
}

// sampler draws K distinct integers by Floyd's algorithm, with an
// open-addressing hash set sized for K, so that memory and cache traffic
// scale with K rather than with the population drawn from.
type sampler struct {
	set  []int32 // value+1, 0 for an empty slot
	sort []int32 // scratch for sortTargets
}

func newSampler() *sampler { return &sampler{} }

// sample fills dst with len(dst) distinct integers from [0, n) \ {skip},
// skip < 0 meaning none, uniformly over subsets. Draw d is the 64-bit
// word d%2 of Block(stream, row, d/2), mapped to [0, t] by multiply-shift
// (bias below 2^-32, since t < 2^31).
func (s *sampler) sample(dst []int32, n, skip int, key rng.Key, stream uint32, row int) {
	k := len(dst)
	if k == 0 {
		return
	}
	if skip >= 0 {
		n-- // draw from n-1 values, then step over skip
	}
	size := 1 << bits.Len(uint(2*k)) // load factor <= 1/2
	if cap(s.set) < size {
		s.set = make([]int32, size)
	}
	set := s.set[:size]
	clear(set)
	shift := 64 - bits.Len(uint(size-1))
	var block [4]uint32
	for d, t := 0, n-k; t < n; d, t = d+1, t+1 {
		if d&1 == 0 {
			block = key.Block(stream, uint64(row), uint32(d>>1))
		}
		word := uint64(block[2*(d&1)]) | uint64(block[2*(d&1)+1])<<32
		r, _ := bits.Mul64(word, uint64(t)+1)
		v := int32(r)
		if !insert(set, shift, v) {
			v = int32(t)
			insert(set, shift, v) // t is new: every earlier draw was < t
		}
		dst[d] = v
	}
	if skip >= 0 {
		for d, v := range dst {
			if int(v) >= skip {
				dst[d] = v + 1
			}
		}
	}
}

// insert adds v to the set and reports whether it was absent.
func insert(set []int32, shift int, v int32) bool {
	mask := len(set) - 1
	for h := int((uint64(v)*0x9E3779B97F4A7C15)>>shift) & mask; ; h = (h + 1) & mask {
		switch set[h] {
		case 0:
			set[h] = v + 1
			return true
		case v + 1:
			return false
		}
	}
}

// transposeFixed turns per-target source lists, K per target, into CSR by
// source. Targets are split into contiguous chunks; each chunk counts its
// sources, the counts give every (chunk, row) its slot, and each chunk
// writes its targets in increasing order: rows come out sorted, and the
// same for any number of chunks.
func transposeFixed(src []int32, k, pre, post int) ops.CSR {
	m := ops.CSR{Pre: pre, Post: post, RowPtr: make([]int32, pre+1), Target: make([]int32, len(src))}
	if len(src) == 0 {
		return m
	}
	// More chunks than cores gain nothing, and each costs pre counters.
	chunks := max(1, min(runtime.GOMAXPROCS(0), post/rowBlock, len(src)/max(pre, 1)))
	per := (post + chunks - 1) / chunks
	cursor := make([][]int32, chunks)
	parallelBlocks(0, post, per, func(c, lo, hi int) {
		cursor[c] = make([]int32, pre)
		for _, j := range src[lo*k : hi*k] {
			cursor[c][j]++
		}
	})
	total := int32(0)
	for j := range pre {
		for c := range cursor {
			n := cursor[c][j]
			cursor[c][j] = total
			total += n
		}
		m.RowPtr[j+1] = total
	}
	parallelBlocks(0, post, per, func(c, lo, hi int) {
		at := cursor[c]
		for i := lo; i < hi; i++ {
			for _, j := range src[i*k : (i+1)*k] {
				m.Target[at[j]] = int32(i)
				at[j]++
			}
		}
	})
	return m
}
