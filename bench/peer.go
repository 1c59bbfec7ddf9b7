package bench

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// DefaultPython is the interpreter peers run with: Debian's, where apt
// installs python3-brian and python3-sklearn, not whatever python3 comes
// first on PATH (a pyenv or venv interpreter does not see those packages).
const DefaultPython = "/usr/bin/python3"

// PeerTimeout bounds one peer run; Brian2's first cpp_standalone compile
// takes about 40 s on two cores.
const PeerTimeout = 10 * time.Minute

//go:embed peers/*.py
var peerScripts embed.FS

// Peer is another simulator's version of a workload: a script run as
// `python SCRIPT ARGS...` that prints one JSON object on a line of stdout
// with at least loop_s and total_s (seconds), and optionally compile_s,
// loop_clock, version and any numeric figures (rate_hz, objective...).
type Peer struct {
	Name    string   // e.g. "brian2-cython"
	Module  string   // Python module whose import proves the peer is installed; "" skips the check
	Package string   // the Debian package that provides Module
	Script  string   // file name under bench/peers (or Options.ScriptDir)
	Args    []string // arguments after the script
	// Prepare, if set, gets a work directory private to this peer for the
	// whole bench run, writes any input the script reads there, and
	// returns more arguments.
	Prepare func(dir string) ([]string, error)
	// Match names the figure both sides must report, and Tolerance how
	// far apart, relative to spikeflow's value, the medians may be for the
	// peer to count as having computed the same thing; no ratio is
	// reported otherwise. "" accepts any result.
	Match     string
	Tolerance float64
}

// PeerRun is one run of a peer, as its script reported it.
type PeerRun struct {
	LoopS, CompileS, TotalS float64
	LoopClock               string // "wall" (default) or "process-cpu"
	Version                 string
	Figures                 map[string]float64 // every numeric field
}

// ErrMismatch says a peer computed something else than spikeflow.
var ErrMismatch = errors.New("peer computed something else")

// same checks that the peer's median of figure p.Match is within
// p.Tolerance, relative to spikeflow's, of spikeflow's.
func (p Peer) same(sf, peer map[string]float64) error {
	if p.Match == "" {
		return nil
	}
	a, okA := sf[p.Match]
	b, okB := peer[p.Match]
	if !okA || !okB {
		return fmt.Errorf("%w: %s missing (spikeflow reports it: %v, the peer: %v)", ErrMismatch, p.Match, okA, okB)
	}
	rel := math.Abs(b-a) / math.Max(math.Abs(a), math.SmallestNonzeroFloat64)
	if !(rel <= p.Tolerance) {
		return fmt.Errorf("%w: %s %.6g vs spikeflow's %.6g, %.3g%% apart, more than %.3g%%",
			ErrMismatch, p.Match, b, a, 100*rel, 100*p.Tolerance)
	}
	return nil
}

// peerRunner runs one peer: it holds the interpreter, the script's path
// and the arguments Prepare added.
type peerRunner struct {
	peer   Peer
	python string
	script string
	args   []string
}

// installed reports, as "peer not installed: apt-get install PACKAGE
// (...)", whether the interpreter can import the peer's module.
func (r *peerRunner) installed() error {
	if r.peer.Module == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, r.python, "-c", "import "+r.peer.Module).CombinedOutput()
	if err != nil {
		return fmt.Errorf("peer not installed: apt-get install %s (%s cannot import %s: %s)",
			r.peer.Package, r.python, r.peer.Module, lastLine(out, err))
	}
	return nil
}

// run runs the script once and parses its JSON line.
func (r *peerRunner) run() (PeerRun, error) {
	ctx, cancel := context.WithTimeout(context.Background(), PeerTimeout)
	defer cancel()
	args := append([]string{r.script}, r.peer.Args...)
	args = append(args, r.args...)
	cmd := exec.CommandContext(ctx, r.python, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return PeerRun{}, fmt.Errorf("peer %s: %s %s: %v: %s", r.peer.Name, r.python, strings.Join(args, " "), err, lastLine(stderr.Bytes(), err))
	}
	run, err := parsePeerLine(stdout.Bytes())
	if err != nil {
		return PeerRun{}, fmt.Errorf("peer %s: %w", r.peer.Name, err)
	}
	return run, nil
}

// parsePeerLine reads the last line of out that holds a JSON object; peers
// may print other things (warnings) before it.
func parsePeerLine(out []byte) (PeerRun, error) {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		line := strings.TrimSpace(lines[i])
		if !strings.HasPrefix(line, "{") {
			continue
		}
		var raw map[string]any
		if err := json.Unmarshal([]byte(line), &raw); err != nil {
			return PeerRun{}, fmt.Errorf("output line %q: %w", line, err)
		}
		run := PeerRun{Figures: map[string]float64{}, LoopClock: "wall"}
		for k, v := range raw {
			switch v := v.(type) {
			case float64:
				run.Figures[k] = v
			case string:
				switch k {
				case "version":
					run.Version = v
				case "loop_clock":
					run.LoopClock = v
				}
			}
		}
		loop, okL := run.Figures["loop_s"]
		total, okT := run.Figures["total_s"]
		if !okL || !okT {
			return PeerRun{}, fmt.Errorf("output %q lacks loop_s or total_s", line)
		}
		run.LoopS, run.TotalS, run.CompileS = loop, total, run.Figures["compile_s"]
		return run, nil
	}
	return PeerRun{}, fmt.Errorf("no JSON line in the output: %q", truncate(string(out), 300))
}

// writeScripts copies the embedded peer scripts into dir, so that a
// spikeflow binary run away from its source tree still has them.
func writeScripts(dir string) error {
	entries, err := peerScripts.ReadDir("peers")
	if err != nil {
		return err
	}
	for _, e := range entries {
		b, err := peerScripts.ReadFile("peers/" + e.Name())
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o755); err != nil {
			return fmt.Errorf("writing peer script: %w", err)
		}
	}
	return nil
}

func lastLine(out []byte, err error) string {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if l := strings.TrimSpace(lines[len(lines)-1]); l != "" {
		return truncate(l, 300)
	}
	return err.Error()
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
