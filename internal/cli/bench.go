package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/bench"
)

// hiddenBenchFlags are for tests; usage does not list them, since figures
// measured with them are not the benchmark's.
var hiddenBenchFlags = map[string]bool{"duration": true}

// Bench runs the benchmark workloads, and with -peers their Brian2 and
// scikit-learn equivalents, and prints a table or one JSON document.
// Progress goes to stderr. It fails when a workload or a peer fails, not
// when one is not available or not installed.
func Bench(args []string, w, stderr io.Writer, onErr flag.ErrorHandling) error {
	fs := flag.NewFlagSet("bench", onErr)
	fs.SetOutput(w)
	name := fs.String("backend", DefaultBackend, "backend to measure (cpu, vulkan); spikeflow backends lists them")
	spec := fs.String("workloads", "all", "comma-separated workloads or groups (cuba = cuba-4k,cuba-16k,cuba-64k); -list shows them")
	runs := fs.Int("runs", bench.DefaultRuns, "timed runs per workload, after one warm-up")
	asJSON := fs.Bool("json", false, "print one JSON document (fields: go doc ./bench)")
	peers := fs.Bool("peers", false, "also run Brian2 / scikit-learn on the same problems, interleaved, and print ratios")
	python := fs.String("python", bench.DefaultPython, "Python with python3-brian and python3-sklearn, for -peers")
	list := fs.Bool("list", false, "list the workloads, whether each runs here, and exit")
	duration := fs.Duration("duration", 0, "override simulated time (testing only)")
	fs.Usage = func() {
		fmt.Fprintln(w, "usage: spikeflow bench [flags]\n\nRuns each workload once to warm up, then -runs times, and reports the median and\nrange of wall time and the workload's figures of merit.")
		fs.VisitAll(func(f *flag.Flag) {
			if hiddenBenchFlags[f.Name] {
				return
			}
			fmt.Fprintf(w, "  -%s\n    \t%s", f.Name, f.Usage)
			if f.DefValue != "false" && f.DefValue != "" {
				fmt.Fprintf(w, " (default %q)", f.DefValue)
			}
			fmt.Fprintln(w)
		})
	}
	if done, err := Parse(fs, args); done || err != nil {
		return err
	}
	if *runs < 1 {
		return fmt.Errorf("bench: -runs=%d, must be >= 1", *runs)
	}
	if *duration < 0 {
		return fmt.Errorf("bench: -duration=%v, must be >= 0", *duration)
	}
	b, err := backend.Get(*name)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	ws, err := bench.Select(bench.Workloads(bench.Config{Duration: *duration}), *spec)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	if *list {
		return bench.List(w, ws, b)
	}
	start := time.Now()
	rep, err := bench.Run(ws, b, bench.Options{Runs: *runs, Peers: *peers, Python: *python, Progress: stderr})
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "bench: done in %.1f s\n", time.Since(start).Seconds())
	if *asJSON {
		err = rep.WriteJSON(w)
	} else {
		err = rep.WriteText(w)
	}
	if err != nil {
		return err
	}
	return failures(rep)
}

// failures returns an error naming every workload or peer that failed.
func failures(rep bench.Report) error {
	var errs []error
	for _, res := range rep.Workloads {
		if res.Status == bench.StatusError {
			errs = append(errs, fmt.Errorf("%s: %s", res.Name, res.Reason))
		}
		for _, p := range res.Peers {
			if p.Status == bench.StatusError {
				errs = append(errs, fmt.Errorf("%s, peer %s: %s", res.Name, p.Name, p.Reason))
			}
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("bench: %w", errors.Join(errs...))
	}
	return nil
}
