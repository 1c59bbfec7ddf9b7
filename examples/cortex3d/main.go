// Command cortex3d builds a layered 3D sheet of cortex with two clusters on
// their own clocks (see models/cortex3d): a fast, Poisson-driven input
// layer and a slower layer above it, each 80% excitatory and 20%
// inhibitory, connected to their neighbours in 3D. It prints the build
// time, the run time and ticks per second, the rate of each layer and of
// its excitatory and inhibitory neurons, the synapse count and bytes per
// synapse, and writes a spike raster as a PNG, coloured by cluster.
//
//	go run ./examples/cortex3d -backend=cpu -neurons=100000 -duration=1s -png=cortex3d.png
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/internal/cli" // registers the backends
	"github.com/spikeflow/spikeflow/models/cortex3d"
	"github.com/spikeflow/spikeflow/ops"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "cortex3d:", err)
		os.Exit(1)
	}
}

func run(args []string, w, stderr io.Writer) error {
	fs := flag.NewFlagSet("cortex3d", flag.ContinueOnError)
	fs.SetOutput(stderr)
	name, device := cli.BackendFlags(fs)
	n := fs.Int("neurons", 100_000, "neurons in both layers (half each, 80% excitatory)")
	duration := fs.Duration("duration", time.Second, "simulated time")
	seed := fs.Uint64("seed", 1, "seed for placement, connectivity, initial potentials and Poisson input")
	slowPeriod := fs.Int("slow-period", cortex3d.DefaultSlow.Period, "clock period of the slow layer, in ticks of 0.1 ms")
	slowPhase := fs.Int("slow-phase", cortex3d.DefaultSlow.Phase, "clock phase of the slow layer, in ticks")
	theta := fs.Float64("theta", 0, "if > 0, gate the fast layer's Poisson drive by a theta rhythm of this frequency, Hz")
	asJSON := fs.Bool("json", false, "print one JSON object")
	pngPath := fs.String("png", "", "PNG file for the spike raster; empty: none (recording spikes costs time)")
	rows := fs.Int("png-neurons", 400, "neurons of each layer drawn in the raster")
	if done, err := cli.Parse(fs, args); done || err != nil {
		return err
	}
	if *duration < 0 {
		return fmt.Errorf("-duration=%v: must be >= 0", *duration)
	}
	if *slowPeriod < 1 {
		return fmt.Errorf("-slow-period=%d: must be >= 1", *slowPeriod)
	}
	if *rows < 1 {
		return fmt.Errorf("-png-neurons=%d: must be >= 1", *rows)
	}
	b, err := cli.Pick(*name, *device)
	if err != nil {
		return err
	}
	cfg := cortex3d.Config{N: *n, Seed: *seed, Slow: graph.Clock{Period: *slowPeriod, Phase: *slowPhase}, ThetaHz: *theta,
		Monitor: *pngPath != "", Progress: cli.Progress(stderr)}
	t0 := time.Now()
	net, err := cortex3d.Build(cfg)
	if err != nil {
		return err
	}
	build := time.Since(t0).Seconds()
	res, recs, err := net.Simulate(b, *duration)
	if err != nil {
		return err
	}
	res.BuildS = build
	if *pngPath != "" {
		if err := writePNG(*pngPath, net, recs, res.Ticks, *rows); err != nil {
			return err
		}
	}
	if *asJSON {
		return json.NewEncoder(w).Encode(res)
	}
	fmt.Fprintf(w, "cortex3d: %d neurons in two layers of a %.0f x %.0f µm sheet, %v simulated on %s\n",
		res.N, res.SideUM, res.SideUM, *duration, res.Backend)
	if res.ThetaHz > 0 {
		fmt.Fprintf(w, "drive:      gated by a %g Hz theta rhythm\n", res.ThetaHz)
	}
	fmt.Fprintf(w, "synapses:   %d (%.2f bytes/synapse)\n", res.Synapses, res.BytesPerSynapse)
	fmt.Fprintf(w, "build time: %.3f s, compile %.3f s\n", res.BuildS, res.CompileS)
	fmt.Fprintf(w, "run time:   %.3f s, %.0f ticks/s (%.3gx real time)\n", res.WallS, res.TicksPerS, res.RealtimeFactor)
	for _, l := range res.Layers {
		fmt.Fprintf(w, "%-5s clock %d/%d: %7d neurons, rate %6.2f Hz (E %.2f, I %.2f); inputs per neuron: %.1f E, %.1f I, %.1f feed-forward\n",
			l.Name, l.Period, l.Phase, l.N, l.RateHz, l.RateExcHz, l.RateInhHz, l.InDegree[0], l.InDegree[1], l.InDegree[2])
	}
	if *pngPath != "" {
		fmt.Fprintf(w, "raster written to %s\n", *pngPath)
	}
	return nil
}

func writePNG(path string, net *cortex3d.Network, recs [2]ops.SpikeRecord, ticks, rows int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	err = cortex3d.WriteRaster(bw, net, recs, ticks, rows)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
