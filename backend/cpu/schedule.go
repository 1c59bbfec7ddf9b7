package cpu

import (
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/graph"
)

// The schedule runs graphs with clocks that skip ticks, or with several
// clusters, by the rules of backend.Plan:
//
//   - A node steps only on its clock's ticks; on the first tick after a
//     step that it does not step, its spike outputs are cleared (an Input is
//     told, so that it publishes its value again at its next step); its
//     other outputs hold.
//   - An input that is not read as the producer's buffer of the same tick
//     reads a view over a history of the producer's buffer: the sum of a
//     window of past ticks for spikes read by a slower clock, or one past
//     tick for an input of another execution unit.
//   - Synapses (absorbers) take in their delayed inputs only on the ticks
//     whose delivery falls on a step (see delayRing and spikeDelay).
//
// Execution units are the clusters joined by delay-0 edges. With two or
// more, each runs on its own goroutine, tick by tick, and a unit absorbs
// the delayed inputs it reads from other units lag ticks late (lag being
// the least delay of the absorber's inputs), from the producers' histories.
// It may then run tick t once every producer has completed t-lag, and a
// producer may run tick t only while t is less than slack ticks ahead of
// what its consumers completed, so that its history rings (of lag+window-1
// +slack ticks) are never overwritten before they are read. The unit with
// the fewest completed ticks can always go on, so this never deadlocks;
// every kernel reads exactly the values it reads in sequential order, so
// results are bit-identical for any GOMAXPROCS.

// gate says on which ticks a kernel steps: those t with t % p == phase. The
// zero gate steps every tick.
type gate struct{ p, phase uint64 }

func gateOf(c graph.Clock) gate { return gate{p: uint64(c.Period), phase: uint64(c.Phase)} }

// period is the number of ticks between two steps.
func (g gate) period() int { return int(max(g.p, 1)) }

func (g gate) on(t uint64) bool { return g.p <= 1 || t%g.p == g.phase }

// idler is a kernel that must know when an idle tick cleared its spike
// output.
type idler interface{ idle() }

// history keeps the last len(slots) ticks of a buffer: slot t % len(slots)
// holds tick t, with its spike list for spike values.
type history struct {
	src   *buffer
	slots []histSlot
	zero  histSlot // what ticks before 0 read
	need  int      // ticks its readers look back, the current one included
	cross bool     // read by another unit
}

type histSlot struct {
	data []float32
	list []int32
}

func newHistory(src *buffer) *history {
	return &history{src: src, zero: histSlot{data: make([]float32, len(src.data))}, need: 1}
}

// slack is how many ticks a producer may run ahead of a consumer in
// another unit, besides what the consumer reads: up to 64, less for large
// values, so that a ring holds at most about 16 MiB of slack.
func (h *history) slack() int { return max(2, min(64, (1<<22)/max(len(h.src.data), 1))) }

func (h *history) alloc() {
	n := h.need
	if h.cross {
		n += h.slack()
	}
	h.slots = make([]histSlot, n)
	for i := range h.slots {
		h.slots[i].data = make([]float32, len(h.src.data))
		if h.src.spikes {
			h.slots[i].list = make([]int32, 0, len(h.src.data))
		}
	}
}

// record copies tick t of the buffer into its slot: the spikes only, for
// spike values, whose slots are zero elsewhere.
func (h *history) record(t uint64) {
	s := &h.slots[t%uint64(len(h.slots))]
	if !h.src.spikes {
		copy(s.data, h.src.data)
		return
	}
	for _, i := range s.list {
		s.data[i] = 0
	}
	s.list = append(s.list[:0], h.src.list...)
	for _, i := range s.list {
		s.data[i] = h.src.data[i]
	}
}

func (h *history) at(t int64) *histSlot {
	if t < 0 {
		return &h.zero
	}
	return &h.slots[uint64(t)%uint64(len(h.slots))]
}

// view is the input buffer a kernel reads in place of a producer's: the
// producer's value at one past tick (window 1), or the sum of its spikes
// over window ticks.
type view struct {
	buf    *buffer
	h      *history
	window int
	idx    []int32
}

func newView(h *history, window int) *view {
	v := &view{h: h, window: window}
	if window == 1 {
		v.buf = &buffer{data: h.zero.data, spikes: h.src.spikes}
	} else {
		v.buf = newBuffer(len(h.src.data), h.src.spikes)
	}
	return v
}

// refresh makes the view show the window ending at tick end: the sum of
// ticks end-window+1 ... end added oldest first from +0, as the reference
// adds them (the zeros it adds besides change nothing: x + +0 is x for any
// x a sum from +0 can reach).
func (v *view) refresh(end int64) {
	b := v.buf
	if v.window == 1 {
		s := v.h.at(end)
		b.data, b.list = s.data, s.list
		return
	}
	for _, i := range v.idx {
		b.data[i] = 0
	}
	idx := v.idx[:0]
	for u := end - int64(v.window) + 1; u <= end; u++ {
		idx = append(idx, v.h.at(u).list...)
	}
	slices.Sort(idx)
	idx = slices.Compact(idx)
	for u := end - int64(v.window) + 1; u <= end; u++ {
		s := v.h.at(u)
		for _, i := range s.list {
			b.data[i] += s.data[i]
		}
	}
	list := b.list[:0]
	for _, i := range idx {
		if b.data[i] != 0 {
			list = append(list, i)
		}
	}
	b.list, v.idx = list, idx
}

// stepper is a node as the schedule runs it.
type stepper struct {
	k       kernel
	gate    gate
	views   []*view   // delay-0 windowed inputs, refreshed before a step
	spikes  []*buffer // spike outputs, cleared on idle ticks
	idler   idler
	cleared bool       // the spike outputs are zero since the last step
	hist    []*history // of its outputs, recorded every tick
	// unborn holds the arrays of the outputs that read as zeros until the
	// first step (those of a clock with a phase, which may live in the
	// kernel's state, like a LIF group's v), and restores them at it.
	unborn []unborn
}

type unborn struct {
	b    *buffer
	data []float32
}

// absorbing is an absorber as the schedule runs it: absorb(t) is called at
// the end of tick t+lag (lag 0) or at the start of tick t+lag (lag >= 1),
// when some delivery of tick t falls on a step.
type absorbing struct {
	a      absorber
	lag    uint64
	delays []uint64 // of its bound delayed inputs
	gate   gate
	views  []*view
}

func (a *absorbing) run(t uint64) {
	needed := len(a.delays) == 0
	for _, d := range a.delays {
		needed = needed || a.gate.on(t+d)
	}
	if !needed {
		return
	}
	for _, v := range a.views {
		v.refresh(int64(t))
	}
	a.a.absorb(t)
}

// unit is an execution unit: clusters run together, in tick order.
type unit struct {
	done     atomic.Uint64 // ticks completed
	_        [56]byte      // keeps done on a cache line of its own
	parked   atomic.Bool   // waiting on wake for a neighbour to progress
	wake     chan struct{}
	watchers []*unit // the units whose readiness depends on this one's progress
	spin     bool    // poll for up to spinWait before parking (not on one core)
	nodes    []stepper
	lagged   []absorbing
	ending   []absorbing
	after    []link // producers in other units
	ahead    []link // consumers in other units
}

// link is another unit and a number of ticks: the lag with which this unit
// reads a producer, or the slack it may run ahead of a consumer.
type link struct {
	u *unit
	n uint64
}

func (u *unit) tick(t uint64) {
	for i := range u.lagged {
		if a := &u.lagged[i]; t >= a.lag {
			a.run(t - a.lag)
		}
	}
	for i := range u.nodes {
		n := &u.nodes[i]
		switch {
		case n.gate.on(t):
			for _, v := range n.views {
				v.refresh(int64(t))
			}
			for _, o := range n.unborn {
				o.b.data = o.data
			}
			n.unborn = nil
			n.k.step(t)
			n.cleared = false
		case !n.cleared:
			for _, b := range n.spikes {
				for _, j := range b.list {
					b.data[j] = 0
				}
				b.list = b.list[:0]
			}
			if n.idler != nil {
				n.idler.idle()
			}
			n.cleared = true
		}
		for _, h := range n.hist {
			h.record(t)
		}
	}
	for i := range u.ending {
		u.ending[i].run(t)
	}
}

// ready reports whether the unit may run tick t.
func (u *unit) ready(t uint64) bool {
	for _, l := range u.after {
		if l.u.done.Load()+l.n <= t { // the producer has not completed t-lag
			return false
		}
	}
	for _, l := range u.ahead {
		if t >= l.u.done.Load()+l.n { // too far ahead of the consumer
			return false
		}
	}
	return true
}

// spinWait is how long a unit polls its neighbours before it parks. A
// tick of a unit takes microseconds to tens of them, so most waits end
// while it spins, and waking a parked goroutine costs about as much as a
// tick (with 1000 polls instead, two 12000-neuron clusters 2 ticks apart
// ran no faster on two cores than on one; BenchmarkClusters);
// parking frees the core for the unit it waits for when there are fewer
// cores than units (GOMAXPROCS=1, or a busy machine).
const spinWait = 50 * time.Microsecond

func (u *unit) run(from, to uint64) {
	for t := from; t < to; t++ {
		u.await(t)
		u.tick(t)
		u.done.Store(t + 1)
		for _, w := range u.watchers {
			if w.parked.Load() && w.parked.CompareAndSwap(true, false) {
				w.wake <- struct{}{}
			}
		}
	}
}

// await returns when the unit may run tick t. A unit parks after
// announcing it, then looks once more: a neighbour that progressed before
// seeing parked = true will not wake it, and one that saw it sends exactly
// one wake, which is taken here.
func (u *unit) await(t uint64) {
	var since time.Time
	for i := 0; !u.ready(t); i++ {
		if u.spin {
			if i == 0 {
				since = time.Now()
			}
			if i&63 != 63 || time.Since(since) < spinWait {
				continue
			}
		}
		u.parked.Store(true)
		if u.ready(t) {
			if !u.parked.CompareAndSwap(true, false) {
				<-u.wake
			}
			return
		}
		<-u.wake
		i = -1 // spin again from now
	}
}

func (p *program) runUnits(n int) {
	from, to := p.tick, p.tick+uint64(n)
	if len(p.units) == 1 {
		u := p.units[0]
		for t := from; t < to; t++ {
			u.tick(t)
		}
		u.done.Store(to)
	} else {
		// On one core, a unit that waits cannot be caught up with while
		// it spins.
		spin := runtime.GOMAXPROCS(0) > 1
		for _, u := range p.units {
			u.spin = spin
		}
		var wg sync.WaitGroup
		for _, u := range p.units[1:] {
			wg.Add(1)
			go func() {
				defer wg.Done()
				u.run(from, to)
			}()
		}
		p.units[0].run(from, to)
		wg.Wait()
	}
	p.tick = to
}

// splitUnits groups the nodes, in tick order, into execution units: the
// clusters joined by a delay-0 edge in either direction share one.
func splitUnits(plan *backend.Plan) [][]*graph.Node {
	parent := make([]int, len(plan.Graph.Clusters()))
	for i := range parent {
		parent[i] = i
	}
	find := func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, n := range plan.Graph.Nodes() {
		for _, e := range plan.In[n.ID()] {
			if e.Buffer < 0 || e.Delay > 0 {
				continue
			}
			a, b := find(plan.Buffers[e.Buffer].Node.Cluster().ID()), find(n.Cluster().ID())
			parent[max(a, b)] = min(a, b)
		}
	}
	index := map[int]int{}
	var units [][]*graph.Node
	for _, n := range plan.Order {
		r := find(n.Cluster().ID())
		u, ok := index[r]
		if !ok {
			u = len(units)
			index[r] = u
			units = append(units, nil)
		}
		units[u] = append(units[u], n)
	}
	return units
}

// schedule compiles the nodes into units, with the views and histories
// their inputs need.
func (p *program) schedule(b Backend, groups [][]*graph.Node) error {
	plan := p.plan
	unitOf := make([]int, len(plan.Graph.Nodes()))
	for u, nodes := range groups {
		for _, n := range nodes {
			unitOf[n.ID()] = u
		}
	}
	hists := make([]*history, len(plan.Buffers))
	type pair struct{ from, to int }
	lags := map[pair]uint64{}
	crossing := map[pair][]*history{}
	p.units = make([]*unit, len(groups))
	for ui, nodes := range groups {
		u := &unit{}
		p.units[ui] = u
		for _, gn := range nodes {
			id := gn.ID()
			edges := plan.In[id]
			// An absorber reading another unit takes its delayed inputs in
			// lag ticks late, all of them from histories.
			var lag uint64
			cross := false
			for _, e := range edges {
				if e.Buffer >= 0 && e.Delay > 0 {
					cross = cross || unitOf[plan.Buffers[e.Buffer].Node.ID()] != ui
					if lag == 0 || uint64(e.Delay) < lag {
						lag = uint64(e.Delay)
					}
				}
			}
			if !cross {
				lag = 0
			}
			in := make([]*buffer, len(edges))
			var stepViews, absorbViews []*view
			var delays []uint64
			for i, e := range edges {
				if e.Buffer < 0 {
					continue
				}
				if e.Delay > 0 {
					delays = append(delays, uint64(e.Delay))
				}
				if e.Window == 1 && (e.Delay == 0 || lag == 0) {
					in[i] = p.bufs[e.Buffer]
					continue
				}
				h := hists[e.Buffer]
				if h == nil {
					h = newHistory(p.bufs[e.Buffer])
					hists[e.Buffer] = h
				}
				h.need = max(h.need, e.Window+int(lag))
				v := newView(h, e.Window)
				in[i] = v.buf
				if e.Delay == 0 {
					stepViews = append(stepViews, v)
				} else {
					absorbViews = append(absorbViews, v)
				}
				if from := unitOf[plan.Buffers[e.Buffer].Node.ID()]; from != ui {
					h.cross = true
					pr := pair{from, ui}
					crossing[pr] = append(crossing[pr], h)
					if l, ok := lags[pr]; !ok || lag < l {
						lags[pr] = lag
					}
				}
			}
			k, err := p.build(b, gn, in)
			if err != nil {
				return err
			}
			s := stepper{k: k, gate: gateOf(plan.Clock[id]), views: stepViews}
			for _, bi := range plan.Out[id] {
				if p.bufs[bi].spikes {
					s.spikes = append(s.spikes, p.bufs[bi])
				}
			}
			s.idler, _ = k.(idler)
			if plan.Clock[id].Phase > 0 {
				for _, bi := range plan.Out[id] {
					if b := p.bufs[bi]; !b.spikes {
						s.unborn = append(s.unborn, unborn{b: b, data: b.data})
						b.data = make([]float32, len(b.data))
					}
				}
			}
			u.nodes = append(u.nodes, s)
			a, ok := k.(absorber)
			switch {
			case ok:
				ab := absorbing{a: a, lag: lag, delays: delays, gate: s.gate, views: absorbViews}
				if lag > 0 {
					u.lagged = append(u.lagged, ab)
				} else {
					u.ending = append(u.ending, ab)
				}
			case len(delays) > 0:
				return fmt.Errorf("cpu: node %v reads an input with a delay, but its kernel takes in nothing", gn)
			}
		}
	}
	// Histories are recorded by their producer, after its every tick.
	pos := make([]*stepper, len(unitOf))
	for ui, nodes := range groups {
		for i, n := range nodes {
			pos[n.ID()] = &p.units[ui].nodes[i]
		}
	}
	for bi, h := range hists {
		if h != nil {
			h.alloc()
			s := pos[plan.Buffers[bi].Node.ID()]
			s.hist = append(s.hist, h)
		}
	}
	// Links, in a fixed order.
	pairs := make([]pair, 0, len(lags))
	for pr := range lags {
		pairs = append(pairs, pr)
	}
	slices.SortFunc(pairs, func(a, b pair) int { return (a.from-b.from)*len(groups) + a.to - b.to })
	for _, pr := range pairs {
		slack := 0
		for _, h := range crossing[pr] {
			if slack == 0 || h.slack() < slack {
				slack = h.slack()
			}
		}
		from, to := p.units[pr.from], p.units[pr.to]
		to.after = append(to.after, link{u: from, n: lags[pr]})
		from.ahead = append(from.ahead, link{u: to, n: uint64(slack)})
		// Each waits for the other's progress: the consumer for its
		// inputs, the producer for room in its rings.
		for _, w := range [][2]*unit{{from, to}, {to, from}} {
			if !slices.Contains(w[0].watchers, w[1]) {
				w[0].watchers = append(w[0].watchers, w[1])
			}
		}
	}
	for _, u := range p.units {
		u.wake = make(chan struct{}, 1)
	}
	return nil
}
