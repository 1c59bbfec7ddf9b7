package conformance

import (
	"errors"
	"fmt"
	"testing"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/backend/ref"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

// Case is one conformance case: a graph, the host inputs it is fed, and a
// check of values computed by hand.
type Case struct {
	Name  string
	Kinds []ops.Kind // the op kinds the case exists to exercise
	Ticks int
	Build func() (*graph.Graph, error)
	// Feed, if set, is called before every tick to write host inputs.
	Feed func(tick uint64, p backend.Program) error
	// Check, if set, tests values computed by hand; it runs on the
	// reference too, so that the oracle is checked as well.
	Check func(p backend.Program) error
	// CompareEvery, for long cases without Feed, compares outputs and
	// state every CompareEvery ticks instead of after every tick (0 or 1).
	// Monitors still record, and are compared, event by event.
	CompareEvery int
	// Clocks marks cases with clusters whose clocks do not fire every
	// tick; a backend whose Capabilities.Clocks is false skips them, with
	// that reason.
	Clocks bool
	// Long cases (whole networks for a second of biological time) are
	// skipped, visibly, under go test -short; the race detector's run
	// uses that, the plain test run never does.
	Long bool
}

// Run checks backend b against the reference on every case. It fails if
// some op kind has no case or b has no kernel for it.
func Run(t *testing.T, b backend.Backend) {
	t.Helper()
	caps := b.Capabilities()
	if caps.Available != nil {
		t.Skipf("backend %s is not available here: %v", b.Name(), caps.Available)
	}
	cases := Cases()
	covered := map[ops.Kind]bool{}
	for _, c := range cases {
		for _, k := range c.Kinds {
			covered[k] = true
		}
	}
	for _, k := range ops.Kinds() {
		if !covered[k] {
			t.Errorf("op kind %v has no conformance case", k)
		}
		if !caps.Supports(k) {
			t.Errorf("backend %s has no kernel for op kind %v", b.Name(), k)
		}
	}
	t.Run("statistics/poisson", func(t *testing.T) {
		if err := PoissonStats(b, 5); err != nil {
			t.Fatal(err)
		}
	})
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			if c.Long && testing.Short() {
				t.Skip("a whole network for 1 s; runs without -short")
			}
			if reason := c.skip(caps); reason != "" {
				t.Skip(reason)
			}
			if err := RunCase(c, b); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// skip returns why a backend with caps cannot run c, or "".
func (c Case) skip(caps backend.Capabilities) string {
	if c.Clocks && !caps.Clocks {
		return "the backend does not run clocks that skip ticks (Capabilities.Clocks is false)"
	}
	return ""
}

// RunCase runs one case on the reference and twice on b, comparing after
// every tick, then checks the monitors and the hand-computed values.
func RunCase(c Case, b backend.Backend) error {
	compile := func(be backend.Backend) (backend.Program, *graph.Graph, error) {
		g, err := c.Build()
		if err != nil {
			return nil, nil, err
		}
		p, err := be.Compile(g)
		return p, g, err
	}
	want, g, err := compile(ref.Backend{})
	if err != nil {
		return fmt.Errorf("reference: %w", err)
	}
	defer want.Close()
	got, _, err := compile(b)
	if err != nil {
		return fmt.Errorf("%s: %w", b.Name(), err)
	}
	defer got.Close()
	again, _, err := compile(b)
	if err != nil {
		return fmt.Errorf("%s (second run): %w", b.Name(), err)
	}
	defer again.Close()

	progs := []backend.Program{want, got, again}
	names, sizes, kinds := readables(g)
	step := uint64(max(c.CompareEvery, 1))
	if c.Feed != nil {
		step = 1
	}
	for start := uint64(0); start < uint64(c.Ticks); start += step {
		n := min(step, uint64(c.Ticks)-start)
		tick := start + n - 1 // the last tick run, whose values are compared
		snaps := make([][][]float32, len(progs))
		for i, p := range progs {
			if c.Feed != nil {
				if err := c.Feed(tick, p); err != nil {
					return fmt.Errorf("feeding tick %d: %w", tick, err)
				}
			}
			if err := p.Run(int(n)); err != nil {
				return err
			}
			if snaps[i], err = snapshot(p, names, sizes); err != nil {
				return err
			}
		}
		if m := diff(snaps[0], snaps[1], names, kinds, tick); m != nil {
			return fmt.Errorf("%s disagrees with the reference: %w", b.Name(), m)
		}
		if m := diff(snaps[1], snaps[2], names, kinds, tick); m != nil {
			return fmt.Errorf("%s is not deterministic: two runs differ: %w", b.Name(), m)
		}
	}
	if err := sameRecords(g, want, got); err != nil {
		return fmt.Errorf("%s disagrees with the reference: %w", b.Name(), err)
	}
	if err := sameRecords(g, got, again); err != nil {
		return fmt.Errorf("%s is not deterministic: %w", b.Name(), err)
	}
	if c.Check != nil {
		if err := c.Check(want); err != nil {
			return fmt.Errorf("reference fails the hand-computed check: %w", err)
		}
		if err := c.Check(got); err != nil {
			return fmt.Errorf("%s fails the hand-computed check: %w", b.Name(), err)
		}
	}
	return nil
}

// sameRecords compares what every monitor of g recorded in two programs.
func sameRecords(g *graph.Graph, a, b backend.Program) error {
	var errs []error
	for _, n := range g.Nodes() {
		switch n.Op().Kind() {
		case ops.KindSpikeMonitor:
			ra, err1 := a.Spikes(n.Name())
			rb, err2 := b.Spikes(n.Name())
			if err := errors.Join(err1, err2); err != nil {
				return err
			}
			errs = append(errs, sameSpikes(n.Name(), ra, rb))
		case ops.KindStateMonitor:
			ra, err1 := a.Trace(n.Name())
			rb, err2 := b.Trace(n.Name())
			if err := errors.Join(err1, err2); err != nil {
				return err
			}
			errs = append(errs, sameTrace(n.Name(), ra, rb))
		}
	}
	return errors.Join(errs...)
}
