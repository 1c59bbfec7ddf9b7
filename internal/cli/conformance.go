package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spikeflow/spikeflow/conformance"
)

// Conformance runs the conformance suite on one backend and prints a
// table, or JSON; it fails on any failure, and on a backend that cannot run
// here unless -allow-skip is given.
func Conformance(args []string, w io.Writer, onErr flag.ErrorHandling) error {
	fs := flag.NewFlagSet("conformance", onErr)
	fs.SetOutput(w)
	name, device := BackendFlags(fs)
	asJSON := fs.Bool("json", false, "print one JSON object")
	allowSkip := fs.Bool("allow-skip", false, "exit 0 when the backend is not available here")
	fs.Usage = func() {
		fmt.Fprintln(w, "usage: spikeflow conformance [flags]\n\nRuns every op and network case on a backend and on the reference, compares them\ntick by tick, and prints one row per op family or network.")
		fs.PrintDefaults()
	}
	if done, err := Parse(fs, args); done || err != nil {
		return err
	}
	b, err := Pick(*name, *device)
	if err != nil {
		return err
	}
	rows := conformance.Report(b)
	skipped := len(rows) == 1 && rows[0].Status == "SKIPPED"
	if *asJSON {
		out := struct {
			Backend string            `json:"backend"`
			Device  string            `json:"device"`
			Passed  bool              `json:"passed"`
			Rows    []conformance.Row `json:"rows"`
		}{b.Name(), b.Capabilities().Device, conformance.Passed(rows), rows}
		if err := json.NewEncoder(w).Encode(out); err != nil {
			return err
		}
	} else {
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "OP OR NETWORK\tCASES\tMAX ULP\tSPIKES IDENTICAL\tSTATUS")
		for _, r := range rows {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%v\t%s\n", r.Group, r.Cases, r.MaxULP, r.SpikesIdentical, r.Status)
		}
		tw.Flush()
		for _, r := range rows {
			for _, e := range r.Errors {
				fmt.Fprintf(w, "%s: %s\n", r.Status, e)
			}
		}
	}
	switch {
	case skipped && *allowSkip:
		return nil
	case skipped:
		return fmt.Errorf("backend %s skipped: %s (use -allow-skip to accept)", b.Name(), rows[0].Errors[0])
	case !conformance.Passed(rows):
		return fmt.Errorf("backend %s fails conformance", b.Name())
	}
	return nil
}
