package bench

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spikeflow/spikeflow/backend"
)

// DefaultRuns is the number of timed runs after the warm-up.
const DefaultRuns = 5

// Statuses of a workload or a peer in a Report.
const (
	StatusOK           = "ok"
	StatusNotAvailable = "not available" // the workload cannot run here; Reason says why
	StatusNotInstalled = "not installed" // a peer's simulator is missing; Reason says what to install
	StatusMismatch     = "mismatch"      // a peer computed something else; no ratio
	StatusBlocked      = "blocked"       // a peer is installed but its workload is not available
	StatusError        = "error"
)

// Options control a bench run.
type Options struct {
	Runs  int  // timed runs after one warm-up; 0 means DefaultRuns
	Peers bool // also run each workload's peers, interleaved
	// Python runs the peer scripts; "" means DefaultPython.
	Python string
	// ScriptDir holds the peer scripts; "" means the ones embedded in
	// this package, written to a temporary directory.
	ScriptDir string
	// Progress, if set, receives a line per run (stderr in the CLI).
	Progress io.Writer
}

// Report is what a bench run measured; its JSON is what `spikeflow bench
// -json` prints (see the package documentation for the fields).
type Report struct {
	Machine   Machine  `json:"machine"`
	Runs      int      `json:"runs"`
	Warmup    int      `json:"warmup"`
	Peers     bool     `json:"peers"`
	Workloads []Result `json:"workloads"`
}

// Result is one workload's line in a Report.
type Result struct {
	Name     string             `json:"name"`
	Group    string             `json:"group"`
	Summary  string             `json:"summary"`
	Status   string             `json:"status"`
	Reason   string             `json:"reason,omitempty"`
	Runs     int                `json:"runs"`
	WallS    Stats              `json:"wall_s"`
	SetupS   Stats              `json:"setup_s"`
	SamplesS []float64          `json:"samples_s"`
	Figures  map[string]float64 `json:"figures"`
	Peers    []PeerResult       `json:"peers,omitempty"`
	order    []string           // figure names in the workload's order
}

// PeerResult is one peer of a workload in a Report.
type PeerResult struct {
	Name          string             `json:"name"`
	Script        string             `json:"script"`
	Version       string             `json:"version,omitempty"`
	Status        string             `json:"status"`
	Reason        string             `json:"reason,omitempty"`
	Runs          int                `json:"runs"`
	Match         string             `json:"match,omitempty"`
	LoopClock     string             `json:"loop_clock,omitempty"`
	LoopS         Stats              `json:"loop_s"`
	CompileS      Stats              `json:"compile_s"`
	FirstCompileS float64            `json:"first_compile_s"`
	TotalS        Stats              `json:"total_s"`
	Figures       map[string]float64 `json:"figures,omitempty"`
	RatioLoop     *Stats             `json:"ratio_loop,omitempty"`
	RatioTotal    *Stats             `json:"ratio_total,omitempty"`
}

// Run measures each workload on b: a warm-up run, then opt.Runs timed
// runs. With opt.Peers, each installed peer runs once after spikeflow's
// warm-up and once after each timed run (A B A B), so that both sides of a
// pair see the same machine state, and ratios are taken pair by pair.
func Run(ws []Workload, b backend.Backend, opt Options) (Report, error) {
	if opt.Runs <= 0 {
		opt.Runs = DefaultRuns
	}
	if opt.Python == "" {
		opt.Python = DefaultPython
	}
	r := &runner{b: b, opt: opt}
	if opt.Peers {
		dir, err := os.MkdirTemp("", "spikeflow-bench-")
		if err != nil {
			return Report{}, fmt.Errorf("bench: peer work directory: %w", err)
		}
		defer os.RemoveAll(dir)
		r.workDir = dir
		if r.opt.ScriptDir == "" {
			r.opt.ScriptDir = filepath.Join(dir, "scripts")
			if err := os.Mkdir(r.opt.ScriptDir, 0o755); err != nil {
				return Report{}, fmt.Errorf("bench: %w", err)
			}
			if err := writeScripts(r.opt.ScriptDir); err != nil {
				return Report{}, fmt.Errorf("bench: %w", err)
			}
		}
	}
	rep := Report{Machine: Describe(b), Runs: opt.Runs, Warmup: 1, Peers: opt.Peers}
	for _, w := range ws {
		rep.Workloads = append(rep.Workloads, r.workload(w))
	}
	rep.Machine.LoadEnd = loadAvg("/proc/loadavg")
	return rep, nil
}

type runner struct {
	b       backend.Backend
	opt     Options
	workDir string
}

func (r *runner) progress(format string, args ...any) {
	if r.opt.Progress != nil {
		fmt.Fprintf(r.opt.Progress, format+"\n", args...)
	}
}

func (r *runner) workload(w Workload) Result {
	res := Result{Name: w.Name, Group: w.Group, Summary: w.Summary, Status: StatusOK}
	if err := w.Available(r.b); err != nil {
		res.Status, res.Reason = StatusNotAvailable, err.Error()
		res.Peers = r.blockedPeers(w, err)
		return res
	}
	peers := r.startPeers(w)
	fail := func(err error) Result {
		res.Status, res.Reason = StatusError, err.Error()
		return res
	}
	r.progress("%s: warm-up", w.Name)
	if _, err := w.Run(r.b); err != nil {
		return fail(err)
	}
	for _, p := range peers {
		p.warmUp(r, w.Name)
	}
	var ms []Measurement
	for i := range r.opt.Runs {
		m, err := w.Run(r.b)
		if err != nil {
			return fail(err)
		}
		ms = append(ms, m)
		r.progress("%s: run %d/%d: %.4g s", w.Name, i+1, r.opt.Runs, m.WallS)
		for _, p := range peers {
			p.round(r, w.Name, i)
		}
	}
	res.summarize(ms)
	for _, p := range peers {
		res.Peers = append(res.Peers, p.finish(ms, res.Figures))
	}
	return res
}

func (res *Result) summarize(ms []Measurement) {
	res.Runs = len(ms)
	walls, setups := make([]float64, len(ms)), make([]float64, len(ms))
	for i, m := range ms {
		walls[i], setups[i] = m.WallS, m.SetupS
	}
	res.SamplesS = walls
	res.WallS, res.SetupS = Summarize(walls), Summarize(setups)
	res.Figures, res.order = medianFigures(ms)
}

// Order returns the workload's figure names in the order it reports them.
func (res Result) Order() []string { return res.order }

// blockedPeers reports, for a workload that cannot run, whether each peer
// is installed: then the workload is all that blocks the pair.
func (r *runner) blockedPeers(w Workload, why error) []PeerResult {
	if !r.opt.Peers {
		return nil
	}
	var out []PeerResult
	for _, p := range w.Peers {
		res := PeerResult{Name: p.Name, Script: p.Script, Match: p.Match, Status: StatusBlocked,
			Reason: "installed; waiting for the workload: " + strings.TrimPrefix(why.Error(), StatusNotAvailable+": ")}
		pr := &peerRunner{peer: p, python: r.opt.Python}
		if err := pr.installed(); err != nil {
			res.Status, res.Reason = StatusNotInstalled, err.Error()
		}
		out = append(out, res)
	}
	return out
}

// startPeers prepares w's peers; those not installed go straight into
// their PeerResult with the reason and take no further part.
func (r *runner) startPeers(w Workload) []*peerState {
	if !r.opt.Peers {
		return nil
	}
	var out []*peerState
	for i, p := range w.Peers {
		ps := &peerState{res: PeerResult{Name: p.Name, Script: p.Script, Status: StatusOK, Match: p.Match}}
		out = append(out, ps)
		ps.runner = &peerRunner{peer: p, python: r.opt.Python, script: filepath.Join(r.opt.ScriptDir, p.Script)}
		if err := ps.runner.installed(); err != nil {
			ps.stop(StatusNotInstalled, err)
			continue
		}
		if p.Prepare != nil {
			dir := filepath.Join(r.workDir, fmt.Sprintf("%s-%d-%s", w.Name, i, p.Name))
			if err := os.MkdirAll(dir, 0o755); err != nil {
				ps.stop(StatusError, fmt.Errorf("peer %s: %w", p.Name, err))
				continue
			}
			args, err := p.Prepare(dir)
			if err != nil {
				ps.stop(StatusError, fmt.Errorf("peer %s: preparing: %w", p.Name, err))
				continue
			}
			ps.runner.args = args
		}
	}
	return out
}
