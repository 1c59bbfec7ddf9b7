package graph

import (
	"fmt"
	"math"
	"time"
)

// Clock says on which ticks the nodes of a cluster step: those t with
// t % Period == Phase. What it means, identically on every backend that
// runs clocks (see backend.Plan):
//
//   - A node steps only on its clock's ticks, with a step of Period*dt: its
//     op is validated and instantiated for that step (decay factors,
//     refractory ticks, rates per step), and it receives the global tick.
//   - On the other ticks its state is unchanged; its spike outputs read as
//     zeros and its other outputs hold the value of its last step (zeros
//     before the first).
//   - At a step t, an input with delay d reads, for a spike value, the
//     float32 sum, oldest first from +0, of the value at ticks
//     t-d-Period+1 ... t-d: the spikes delivered since the previous step,
//     each exactly once; for any other value, the value at t-d (zero-order
//     hold). Ticks before 0 read zeros.
//   - Monitors record on their own cluster's ticks by the same rules.
type Clock struct {
	Period int // ticks, >= 1
	Phase  int // ticks, in [0, Period)
}

// Fires reports whether the clock fires at tick t.
func (c Clock) Fires(t uint64) bool { return t%uint64(c.Period) == uint64(c.Phase) }

// Trivial reports whether the clock fires on every tick.
func (c Clock) Trivial() bool { return c.Period == 1 && c.Phase == 0 }

func (c Clock) check() error {
	if c.Period < 1 {
		return fmt.Errorf("%w: period %d ticks, must be >= 1", ErrClock, c.Period)
	}
	if c.Phase < 0 || c.Phase >= c.Period {
		return fmt.Errorf("%w: phase %d ticks, must be in [0, %d)", ErrClock, c.Phase, c.Period)
	}
	return nil
}

// Cluster is a set of nodes sharing a clock.
type Cluster struct {
	g     *Graph
	id    int
	name  string
	clock Clock
}

// NewCluster adds a cluster with its own clock.
func (g *Graph) NewCluster(name string, clk Clock) *Cluster {
	c := &Cluster{g: g, id: len(g.clusters), name: name, clock: clk}
	g.clusters = append(g.clusters, c)
	return c
}

// Dt is the length of one step of the cluster's nodes, Period*dt, and
// whether it is valid (a period >= 1 whose step fits in a time.Duration).
func (c *Cluster) Dt(dt time.Duration) (time.Duration, bool) {
	p := c.clock.Period
	if p < 1 || (dt > 0 && int64(p) > math.MaxInt64/int64(dt)) {
		return 0, false
	}
	return dt * time.Duration(p), true
}

func (c *Cluster) Name() string { return c.name }
func (c *Cluster) Clock() Clock { return c.clock }
func (c *Cluster) ID() int      { return c.id }
