package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/spikeflow/spikeflow/backend"
)

// WriteJSON writes r as one indented JSON document.
func (r Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes r as tables: the machine, one row per workload, and,
// when peers ran, one row per pair.
func (r Report) WriteText(w io.Writer) error {
	m := r.Machine
	fmt.Fprintf(w, "machine: %s, %d cores, GOMAXPROCS=%d, %s %s/%s\n", m.CPU, m.Cores, m.GOMAXPROCS, m.Go, m.OS, m.Arch)
	fmt.Fprintf(w, "backend: %s on %s", m.Backend, m.Device)
	if m.Notes != "" {
		fmt.Fprintf(w, " (%s)", m.Notes)
	}
	if m.LoadStart >= 0 {
		fmt.Fprintf(w, "\nload:    %.2f at the start, %.2f at the end (1-minute average; other processes on the machine skew times)", m.LoadStart, m.LoadEnd)
	}
	fmt.Fprintf(w, "\nruns:    %d timed after %d warm-up; times are median [min-max]; figures are medians\n\n", r.Runs, r.Warmup)

	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "WORKLOAD\tSTATUS\tWALL\tSETUP\tFIGURES")
	for _, res := range r.Workloads {
		if res.Status != StatusOK {
			fmt.Fprintf(tw, "%s\t%s\t\t\t%s\n", res.Name, res.Status, strings.TrimPrefix(res.Reason, res.Status+": "))
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s s\t%s\n", res.Name, res.Status, seconds(res.WallS), num(res.SetupS.Median), figures(res))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if r.Peers {
		return r.writePeers(w)
	}
	return nil
}

func (r Report) writePeers(w io.Writer) error {
	fmt.Fprintln(w, "\npeers: each run right after a spikeflow run (A B A B); ratio = peer time / spikeflow time, > 1 means spikeflow is faster;")
	fmt.Fprintln(w, "loop ratio: simulation loops; end-to-end: the peer's build + codegen/compile + run vs spikeflow's build + compile + loop")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "WORKLOAD\tPEER\tLOOP\tCOMPILE (FIRST)\tTOTAL\tLOOP RATIO\tEND-TO-END RATIO\tCHECK")
	cpuClock := false
	for _, res := range r.Workloads {
		for _, p := range res.Peers {
			name := strings.TrimSpace(p.Name + " " + p.Version)
			if p.Runs == 0 {
				fmt.Fprintf(tw, "%s\t%s\t\t\t\t\t\t%s: %s\n", res.Name, name, p.Status, p.Reason)
				continue
			}
			loop := seconds(p.LoopS)
			if p.LoopClock == "process-cpu" {
				loop += " (cpu)"
				cpuClock = true
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s s (%s s)\t%s s\t%s\t%s\t%s\n", res.Name, name, loop,
				num(p.CompileS.Median), num(p.FirstCompileS), num(p.TotalS.Median),
				ratio(p.RatioLoop), ratio(p.RatioTotal), p.verdict(res.Figures, p.Match))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if cpuClock {
		fmt.Fprintln(w, "(cpu): the peer times its loop in process CPU time (Brian2 standalone without OpenMP), equal to wall time unless the machine preempted it")
	}
	return nil
}

func seconds(s Stats) string {
	return fmt.Sprintf("%s s [%s-%s]", num(s.Median), num(s.Min), num(s.Max))
}

func ratio(s *Stats) string {
	if s == nil {
		return "-"
	}
	return fmt.Sprintf("%.3gx [%.3g-%.3g]", s.Median, s.Min, s.Max)
}

// num prints 4 significant digits, and counts (spikes, synapses) whole.
func num(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e12 {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.4g", v)
}

func figures(res Result) string {
	var b strings.Builder
	for i, name := range res.order {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s=%s", name, num(res.Figures[name]))
	}
	return b.String()
}

// List writes one line per workload: name, group, whether it runs on b
// here (or why not), its peers and what it measures.
func List(w io.Writer, ws []Workload, b backend.Backend) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "WORKLOAD\tGROUP\tSTATUS\tPEERS\tMEASURES")
	for _, wl := range ws {
		status := "available on " + b.Name()
		if wl.Backend != "" {
			status = "available on " + wl.Backend
		}
		if err := wl.Available(b); err != nil {
			status = err.Error()
		}
		var peers []string
		for _, p := range wl.Peers {
			peers = append(peers, p.Name)
		}
		ps := strings.Join(peers, ",")
		if ps == "" {
			ps = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", wl.Name, wl.Group, status, ps, wl.Summary)
	}
	return tw.Flush()
}
