// Command spectral sharpens a smeared spectrum. Mixtures of two equal
// tones, f1 fixed and f2 = f1 + df for a sweep of df, go through a
// gammatone filterbank (package dsp) whose overlapping channels smear
// them into one broad bump when df is below about an ERB. LCA then codes
// each power spectrum over a dictionary of the bank's responses to pure
// tones on a fine frequency grid, a non-negative sparse deconvolution that
// puts the two lines back. The command reports, for the raw spectrum and
// for LCA, the smallest df at which the two tones are resolved (two peaks
// with a dip to at most 0.8 of the smaller one between them, see
// Resolved) and the LCA iterations, and writes before/after PNGs.
//
//	go run ./examples/spectral -backend=cpu -out=/tmp/spectral
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spikeflow/spikeflow/internal/cli" // registers the backends
	"github.com/spikeflow/spikeflow/ops"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "spectral:", err)
		os.Exit(1)
	}
}

func run(args []string, w, stderr io.Writer) error {
	c := DefaultConfig()
	fs := flag.NewFlagSet("spectral", flag.ContinueOnError)
	fs.SetOutput(stderr)
	name, device := cli.BackendFlags(fs)
	fs.Float64Var(&c.F1, "f1", c.F1, "the fixed tone, Hz")
	fs.IntVar(&c.Channels, "channels", c.Channels, "gammatone channels, ERB-spaced over the band")
	fs.Float64Var(&c.Grid, "grid", c.Grid, "step of the dictionary's tone grid, Hz")
	fs.Float64Var(&c.Noise, "noise", c.Noise, "RMS of white noise added to each mixture")
	fs.Float64Var(&c.Lambda, "lambda", c.Lambda, "LCA sparsity penalty (spectra are scaled to a largest channel of 1)")
	fs.IntVar(&c.MaxIter, "maxiter", c.MaxIter, "most LCA iterations: codes are read after 25, 50, 100, ... and this many")
	fs.IntVar(&c.Window, "window", c.Window, "WtaConv window, atoms (0: LCA alone)")
	update := fs.String("update", c.Update.String(), "LCA update: plain, rms or adam")
	asJSON := fs.Bool("json", false, "print one JSON object")
	out := fs.String("out", ".", "directory for the PNGs; empty: none")
	if done, err := cli.Parse(fs, args); done || err != nil {
		return err
	}
	switch *update {
	case ops.UpdatePlain.String():
		c.Update = ops.UpdatePlain
	case ops.UpdateRMS.String():
		c.Update = ops.UpdateRMS
	case ops.UpdateAdam.String():
		c.Update = ops.UpdateAdam
	default:
		return fmt.Errorf("-update=%q: want plain, rms or adam", *update)
	}
	be, err := cli.Pick(*name, *device)
	if err != nil {
		return err
	}
	res, err := Run(be, c)
	if err != nil {
		return err
	}
	var files []string
	if *out != "" {
		if files, err = writePNGs(*out, res); err != nil {
			return err
		}
	}
	if *asJSON {
		return json.NewEncoder(w).Encode(res)
	}
	fmt.Fprintf(w, "two equal tones, f1 = %g Hz, f2 = f1 + df for df = %g..%g Hz, through %d gammatone channels (%g-%g Hz, ERB-spaced), on %s\n",
		c.F1, c.DFs[0], c.DFs[len(c.DFs)-1], c.Channels, c.Lo, c.Hi, res.Backend)
	fmt.Fprintf(w, "resolved: two peaks, one within df/2 of each tone, with a dip to <= %.1f of the smaller between them\n", Dip)
	fmt.Fprintf(w, "LCA (%v, lambda %g) over %d tone profiles every %g Hz, codes read after %v iterations", c.Update, c.Lambda, res.Atoms, res.GridHz, res.Budgets)
	if res.WtaBackend != "" {
		fmt.Fprintf(w, "; WtaConv with windows of %d atoms on %s", c.Window, res.WtaBackend)
	}
	fmt.Fprintf(w, "\n%-12s %17s %11s %21s %11s\n", "method", "smallest df (Hz)", "LCA iters", "WTA iters (med, max)", "total iters")
	for _, m := range res.Methods {
		df := "not resolved"
		if m.ResolvedDF > 0 {
			df = fmt.Sprintf("%g", m.ResolvedDF)
		}
		wta := "-"
		if m.WTAIterations[1] > 0 {
			wta = fmt.Sprintf("%d, %d", m.WTAIterations[0], m.WTAIterations[1])
		}
		fmt.Fprintf(w, "%-12s %17s %11d %21s %11d\n", m.Name, df, m.LCAIterations, wta, m.Iterations)
	}
	for _, m := range res.Methods[1:] {
		fmt.Fprintf(w, "%s: smallest df resolved after each budget: %v\n", m.Name, m.ByBudget)
	}
	for _, f := range files {
		fmt.Fprintf(w, "wrote %s\n", filepath.Clean(f))
	}
	return nil
}
