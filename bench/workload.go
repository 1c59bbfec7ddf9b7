package bench

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spikeflow/spikeflow/backend"
)

// ErrNotAvailable marks a workload that cannot run: its feature has not
// landed, or it needs a backend that is not here. The runner lists such a
// workload with the reason instead of measuring it.
var ErrNotAvailable = errors.New("not available")

// Workload is one benchmark: something spikeflow runs, timed, with the
// figures of merit a researcher compares simulators by.
type Workload struct {
	Name    string // unique, e.g. "cuba-4k"
	Group   string // what -workloads also accepts to select a family, e.g. "cuba"
	Summary string // one line: what runs and what is reported
	// Check, if set, says why the workload cannot run on b (an error
	// wrapping ErrNotAvailable); nil means it can.
	Check func(b backend.Backend) error
	// Func runs the workload once. Nil means the workload is listed but
	// cannot run (Check says why).
	Func func(b backend.Backend) (Measurement, error)
	// Peers are other simulators' versions of the same workload, run by
	// -peers interleaved with this one.
	Peers []Peer
	// Backend, if set, is the backend the workload always runs on,
	// whatever -backend says.
	Backend string
}

// Available reports whether w can run on b: nil, or an error wrapping
// ErrNotAvailable that says why not.
func (w Workload) Available(b backend.Backend) error {
	if err := b.Capabilities().Available; err != nil {
		return fmt.Errorf("%w: backend %s: %v", ErrNotAvailable, b.Name(), err)
	}
	if w.Check != nil {
		if err := w.Check(b); err != nil {
			return err
		}
	}
	if w.Func == nil {
		return fmt.Errorf("%w: %s has nothing to run", ErrNotAvailable, w.Name)
	}
	return nil
}

// Run checks that w is available on b and runs it once.
func (w Workload) Run(b backend.Backend) (Measurement, error) {
	if err := w.Available(b); err != nil {
		return Measurement{}, err
	}
	m, err := w.Func(b)
	if err != nil {
		return Measurement{}, fmt.Errorf("workload %s on %s: %w", w.Name, b.Name(), err)
	}
	return m, nil
}

// Measurement is what one run of a workload yields.
type Measurement struct {
	// WallS is the timed part, in wall-clock seconds: the simulation loop,
	// the solve, the construction; what the workload is about.
	WallS float64
	// SetupS is the work before it that a user also waits for (building
	// the network, compiling it for the backend): end to end is
	// SetupS + WallS.
	SetupS float64
	// Figures are the workload's figures of merit, in the order a report
	// shows them. Names carry their unit (syn_events_per_s, rate_hz).
	Figures []Figure
}

// Figure is a named figure of merit.
type Figure struct {
	Name  string
	Value float64
}

// Figure returns the value of the named figure.
func (m Measurement) Figure(name string) (float64, bool) {
	for _, f := range m.Figures {
		if f.Name == name {
			return f.Value, true
		}
	}
	return 0, false
}

// Config adjusts the registry's workloads.
type Config struct {
	// Duration overrides the simulated time of the workloads that simulate
	// (CUBA: 1 s). Tests shorten it; figures measured with another
	// duration are not the benchmark's.
	Duration time.Duration
	// Seed is the seed of every workload's connectivity and random
	// numbers; 0 means 1. Fixed so that runs and commits compare.
	Seed uint64
}

func (c Config) seed() uint64 {
	if c.Seed == 0 {
		return 1
	}
	return c.Seed
}

func (c Config) duration(def time.Duration) time.Duration {
	if c.Duration > 0 {
		return c.Duration
	}
	return def
}

// Workloads returns every workload in the order reports list them.
func Workloads(cfg Config) []Workload {
	ws := cubaWorkloads(cfg)
	ws = append(ws, stdpWorkload(cfg), lcaWorkload(cfg))
	ws = append(ws, diehlCookWorkloads(cfg)...)
	ws = append(ws, buildWorkload(cfg))
	ws = append(ws, cortex3dWorkloads(cfg)...)
	return append(ws, vulkanTickOverhead())
}

// Select picks workloads from all by a comma-separated list of names and
// groups, keeping all's order and dropping repeats; "" and "all" select
// everything. An unknown name is an error that lists the valid ones.
func Select(all []Workload, spec string) ([]Workload, error) {
	spec = strings.TrimSpace(spec)
	if spec == "" || spec == "all" {
		return all, nil
	}
	want := map[string]bool{}
	for _, tok := range strings.Split(spec, ",") {
		tok = strings.TrimSpace(tok)
		if tok == "" {
			continue
		}
		if !slices.ContainsFunc(all, func(w Workload) bool { return w.Name == tok || w.Group == tok }) {
			return nil, fmt.Errorf("unknown workload %q (workloads: %s; groups: %s; or all)",
				tok, strings.Join(names(all), ", "), strings.Join(groups(all), ", "))
		}
		want[tok] = true
	}
	var out []Workload
	for _, w := range all {
		if want[w.Name] || want[w.Group] {
			out = append(out, w)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no workload selected by %q", spec)
	}
	return out, nil
}

func names(ws []Workload) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.Name
	}
	return out
}

// groups returns the groups that hold more than one workload; a group of
// one is just its workload's other name.
func groups(ws []Workload) []string {
	count := map[string]int{}
	var out []string
	for _, w := range ws {
		if count[w.Group]++; count[w.Group] == 2 {
			out = append(out, w.Group)
		}
	}
	return out
}
