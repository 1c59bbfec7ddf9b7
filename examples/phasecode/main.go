// Command phasecode measures how much a spike says under four codes: rate
// (Poisson), latency (time to first spike), phase (relative to a gamma
// cycle) and weighted phase (Kim et al. 2018). Random values are sent
// through each code with the same time window, one gamma cycle of a theta
// rhythm per value (8 Hz theta, 5 gamma cycles of 25 ms at dt = 1 ms, so
// each neuron sends a vector of 5 values per theta cycle, as in
// theta-gamma coding), decoded, and scored: reconstruction error, the
// mutual information between value and decoded value, and bits per spike.
// A spike budget sweep shows how each code's error falls as it spends more
// spikes per value.
//
//	go run ./examples/phasecode -backend=cpu -seed=1 -out=examples/phasecode/phasecode.png
//	go run ./examples/phasecode -json
//
// Values are drawn uniformly from 1024 levels, v = (q + 1/2)/1024, so the
// information a code carries is a property of discrete variables: I(Q;
// decoded) is estimated by counting, H(Q) + H(D) - H(Q, D), with the
// Miller-Madow correction of each entropy (Miller 1955; Panzeri & Treves
// 1996 on the bias of the plug-in estimate). It cannot exceed log2(1024) =
// 10 bits per value. The same estimator applied to shuffled pairs, which
// carry no information, shows the bias that remains.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/spikeflow/spikeflow/backend"
	_ "github.com/spikeflow/spikeflow/backend/cpu"
	_ "github.com/spikeflow/spikeflow/backend/ref"
	_ "github.com/spikeflow/spikeflow/backend/vulkan"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "phasecode:", err)
		os.Exit(1)
	}
}

// Report is the -json output.
type Report struct {
	Backend      string   `json:"backend"`
	Device       string   `json:"device"`
	Seed         uint64   `json:"seed"`
	DtMs         float64  `json:"dt_ms"`
	ThetaTicks   int      `json:"theta_ticks"`
	GammaCycles  int      `json:"gamma_cycles_per_theta"`
	WindowTicks  int      `json:"window_ticks_per_value"`
	Values       int      `json:"values"`
	Levels       int      `json:"levels"`
	Estimator    string   `json:"estimator"`
	EqualBudget  []Result `json:"equal_budget"`
	Sweep        []Result `json:"sweep"`
	Plot         string   `json:"plot,omitempty"`
	RhythmReport string   `json:"rhythm"`
}

const estimator = "plug-in mutual information between value level and decoded value, each entropy Miller-Madow corrected " +
	"(Miller 1955); at most log2(levels) bits; shuffled_bits_per_item is the same estimate on shuffled pairs (its residual bias)"

func run(args []string, w io.Writer) error {
	fs := flag.NewFlagSet("phasecode", flag.ContinueOnError)
	fs.SetOutput(w)
	name := fs.String("backend", "cpu", "backend to run on: cpu, vulkan or ref")
	seed := fs.Uint64("seed", 1, "seed of the values and of the rate code's spikes")
	asJSON := fs.Bool("json", false, "print one JSON object instead of tables")
	out := fs.String("out", "", "write a PNG plot of error against spike budget to this file")
	values := fs.Int("values", 1<<18, "values sent per configuration (rounded up to whole theta cycles)")
	levels := fs.Int("levels", 1024, "levels the values are drawn from; the information estimate cannot exceed log2(levels)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *values < 1 || *levels < 2 {
		return fmt.Errorf("-values=%d -levels=%d: want at least 1 value and 2 levels", *values, *levels)
	}
	b, err := backend.Get(*name)
	if err != nil {
		return err
	}
	s, rnd, err := newSetup(*values, *levels, *seed)
	if err != nil {
		return err
	}
	rep := Report{Backend: b.Name(), Device: b.Capabilities().Device, Seed: *seed, DtMs: s.dt.Seconds() * 1e3,
		ThetaTicks: s.rhythm.Theta, GammaCycles: s.rhythm.Gamma, WindowTicks: s.rhythm.GammaTicks(),
		Values: len(s.q), Levels: s.levels, Estimator: estimator, Plot: *out, RhythmReport: rnd.String()}
	if rep.Sweep, err = measureAll(s, b, sweep(s)); err != nil {
		return err
	}
	if rep.EqualBudget, err = measureAll(s, b, equalBudget(s)); err != nil {
		return err
	}
	if *out != "" {
		if err := plotSweep(*out, rep); err != nil {
			return err
		}
	}
	if *asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	printReport(w, rep)
	return nil
}

// equalBudget is one configuration per code at about one spike per value:
// the rate code with n = 2 (v n spikes, 1 on average), latency and phase
// with one spike at the clock's resolution (25 levels), weighted phase with
// K = 2 (a spike per set bit of a 2-bit code, 1 on average), and the phase
// code at a coarser precision of 8 bins.
func equalBudget(s *setup) []code {
	tg := s.rhythm.GammaTicks()
	return []code{rateCode(s, 2), latencyCode(s, 1), phaseCode(s, tg, 1), weightedCode(s, 2), phaseCode(s, 8, 1)}
}

// sweep spends more spikes per value: a higher rate; K bits for weighted
// phase; a population of neurons with dithered values for the one-spike
// codes.
func sweep(s *setup) []code {
	var cs []code
	for _, n := range []int{1, 2, 4, 8, 16, 25} {
		cs = append(cs, rateCode(s, n))
	}
	for _, pop := range []int{1, 2, 4, 8} {
		cs = append(cs, latencyCode(s, pop))
	}
	for _, pop := range []int{1, 2, 4, 8} {
		cs = append(cs, phaseCode(s, s.rhythm.GammaTicks(), pop))
	}
	for _, k := range []int{1, 2, 3, 4, 6, 8, 10, 12} {
		cs = append(cs, weightedCode(s, k))
	}
	return cs
}

func measureAll(s *setup, b backend.Backend, cs []code) ([]Result, error) {
	rs := make([]Result, len(cs))
	for i, c := range cs {
		r, err := s.measure(b, c)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", c.name, c.param, err)
		}
		rs[i] = r
	}
	return rs, nil
}

func printReport(w io.Writer, rep Report) {
	fmt.Fprintf(w, "phasecode on %s (%s), seed %d\n", rep.Backend, rep.Device, rep.Seed)
	fmt.Fprintf(w, "window: one gamma cycle of %d ticks of %g ms per value, %d values per theta cycle of %d ticks (%s)\n",
		rep.WindowTicks, rep.DtMs, rep.GammaCycles, rep.ThetaTicks, rep.RhythmReport)
	fmt.Fprintf(w, "%d values from %d levels; information: %s\n\n", rep.Values, rep.Levels, rep.Estimator)
	fmt.Fprintln(w, "about one spike per value:")
	table(w, rep.EqualBudget)
	fmt.Fprintln(w, "\nspike budget sweep:")
	table(w, rep.Sweep)
}

func table(w io.Writer, rs []Result) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "code\tparam\tneurons/value\tspikes/value\tRMSE\tmax error\tpromised\tbits/value\tshuffled\tbits/spike\t")
	for _, r := range rs {
		promised := "-"
		if r.PromisedMax > 0 {
			promised = fmt.Sprintf("%.4f", r.PromisedMax)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%.3f\t%.4f\t%.4f\t%s\t%.3f\t%.3f\t%.3f\t\n", r.Code, r.Param, r.NeuronsPerItem,
			r.SpikesPerItem, r.RMSE, r.MaxError, promised, r.Bits, r.ShuffledBits, r.BitsPerSpike)
	}
	tw.Flush()
}
