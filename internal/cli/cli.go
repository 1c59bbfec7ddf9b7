// Package cli holds the command-line front ends shared by cmd/spikeflow and
// the examples, so that `spikeflow run cuba` and `go run ./examples/cuba`
// take the same flags and print the same thing.
package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"text/tabwriter"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	_ "github.com/spikeflow/spikeflow/backend/cpu"  // registers "cpu"
	_ "github.com/spikeflow/spikeflow/backend/ref"  // registers "ref"
	"github.com/spikeflow/spikeflow/backend/vulkan" // registers "vulkan"
	"github.com/spikeflow/spikeflow/models/cuba"
)

// DefaultBackend is the backend used when -backend is not given.
const DefaultBackend = "cpu"

// RunCUBA parses CUBA flags from args and runs the network.
func RunCUBA(args []string, w, stderr io.Writer, onErr flag.ErrorHandling) error {
	fs := flag.NewFlagSet("cuba", onErr)
	fs.SetOutput(w)
	name, device := BackendFlags(fs)
	n := fs.Int("n", 4000, "number of neurons (80% excitatory)")
	p := fs.Float64("p", 0, "connection probability (0: 80/n, i.e. 0.02 for n=4000)")
	duration := fs.Duration("duration", time.Second, "simulated time")
	seed := fs.Uint64("seed", 1, "seed for connectivity, initial potentials and all random numbers")
	asJSON := fs.Bool("json", false, "print one JSON object")
	fs.Usage = func() {
		fmt.Fprintln(w, "usage: spikeflow run cuba [flags]\n\nRuns the CUBA benchmark network (Brette et al. 2007) and reports spikes, mean rate and time.")
		fs.PrintDefaults()
	}
	if done, err := Parse(fs, args); done || err != nil {
		return err
	}
	b, err := Pick(*name, *device)
	if err != nil {
		return err
	}
	res, err := cuba.Run(b, cuba.Config{N: *n, P: *p, Seed: *seed, Progress: Progress(stderr)}, *duration)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(w)
		return enc.Encode(res)
	}
	fmt.Fprintf(w, "CUBA: %d neurons, %d synapses (%.2f bytes/synapse), %v simulated on %s\n",
		res.N, res.Synapses, res.BytesPerSynapse, *duration, res.Backend)
	fmt.Fprintf(w, "spikes:     %d\nmean rate:  %.3f Hz\n", res.Spikes, res.RateHz)
	fmt.Fprintf(w, "run time:   %.4f s (%.1fx real time, %.3g synaptic events/s)\n", res.WallS, res.RealtimeFactor, res.SynEventsPerS)
	fmt.Fprintf(w, "build time: %.4f s, compile %.4f s\n", res.BuildS, res.CompileS)
	return nil
}

// BackendFlags adds -backend and -device to fs.
func BackendFlags(fs *flag.FlagSet) (name *string, device *int) {
	name = fs.String("backend", DefaultBackend, "backend to run on: cpu, vulkan or ref; spikeflow backends lists them")
	device = fs.Int("device", -1, "with -backend=vulkan, the device to run on, as numbered by spikeflow backends (-1: prefer a discrete GPU)")
	return name, device
}

// Pick returns the backend a -backend and -device pair name.
func Pick(name string, device int) (backend.Backend, error) {
	b, err := backend.Get(name)
	if err != nil || device < 0 {
		return b, err
	}
	if name != "vulkan" {
		return nil, fmt.Errorf("-device=%d: only -backend=vulkan chooses a device", device)
	}
	return vulkan.New(device), nil
}

// Backends prints every registered backend, whether it can run here, and
// on what.
func Backends(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tSTATUS\tDEVICE\tNOTES")
	var why []string
	for _, b := range backend.List() {
		c := b.Capabilities()
		status := "available"
		if c.Available != nil {
			status = "unavailable (see below)"
			why = append(why, fmt.Sprintf("%s: %v", b.Name(), c.Available))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", b.Name(), status, c.Device, c.Notes)
		for _, d := range c.Devices {
			fmt.Fprintf(tw, "\t\t  device %s\t\n", d)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, reason := range why {
		fmt.Fprintln(w, reason)
	}
	_, err := fmt.Fprintf(w, "\n(%s/%s, %d CPUs, GOMAXPROCS=%d)\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0))
	return err
}

// Progress returns a callback that, once a run has taken more than two
// seconds, reports on stderr how far it is, at most twice a second.
func Progress(stderr io.Writer) func(done, total int) {
	start := time.Now()
	var last time.Time
	return func(done, total int) {
		now := time.Now()
		if now.Sub(start) < 2*time.Second || (now.Sub(last) < 500*time.Millisecond && done < total) {
			return
		}
		last = now
		fmt.Fprintf(stderr, "\r%5.1f%% of %d ticks, %.1f s", 100*float64(done)/float64(total), total, now.Sub(start).Seconds())
		if done == total {
			fmt.Fprintln(stderr)
		}
	}
}

// Parse parses a command's flags from args. done is true when the user
// asked for -help (the usage is printed; the command should return nil);
// err names a bad flag or an argument that is not a flag.
func Parse(fs *flag.FlagSet, args []string) (done bool, err error) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return true, nil
		}
		return false, err
	}
	if fs.NArg() > 0 {
		return false, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	return false, nil
}
