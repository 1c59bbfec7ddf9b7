// Command stdp-song reproduces Song, Miller & Abbott (2000): 1000 Poisson
// inputs at 15 Hz onto one LIF neuron, through synapses that learn by
// additive STDP, for 100 s of simulated time (see models/stdpsong). It
// prints the fraction of weights near 0 and near gmax, the 10-bin
// histogram (U-shaped: the end bins are the largest) and the wall time,
// and writes the histogram as a PNG.
//
//	go run ./examples/stdp-song -backend=cpu -duration=100s -out=weights.png
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"image/color"
	"io"
	"os"
	"strconv"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/spikeflow/spikeflow/internal/cli" // registers the backends
	"github.com/spikeflow/spikeflow/models/stdpsong"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "stdp-song:", err)
		os.Exit(1)
	}
}

func run(args []string, w, stderr io.Writer) error {
	fs := flag.NewFlagSet("stdp-song", flag.ContinueOnError)
	fs.SetOutput(stderr)
	name, device := cli.BackendFlags(fs)
	seed := fs.Uint64("seed", 1, "seed for the initial weights and the input spikes")
	duration := fs.Duration("duration", 100*time.Second, "simulated time")
	n := fs.Int("n", 1000, "Poisson inputs")
	rate := fs.Float64("rate", 15, "input rate, Hz")
	asJSON := fs.Bool("json", false, "print one JSON object")
	out := fs.String("out", "stdp-song.png", "PNG file for the weight histogram; empty: none")
	if done, err := cli.Parse(fs, args); done || err != nil {
		return err
	}
	b, err := cli.Pick(*name, *device)
	if err != nil {
		return err
	}
	cfg := stdpsong.Config{N: *n, Rate: *rate, Duration: *duration, Seed: *seed, Progress: cli.Progress(stderr)}
	res, err := stdpsong.Run(b, cfg)
	if err != nil {
		return err
	}
	if *out != "" {
		if err := writePNG(*out, res); err != nil {
			return err
		}
	}
	if *asJSON {
		return json.NewEncoder(w).Encode(res)
	}
	fmt.Fprintf(w, "STDP (Song, Miller & Abbott 2000): %d Poisson inputs at %g Hz, %v simulated on %s\n", res.N, res.RateHz, *duration, res.Backend)
	fmt.Fprintf(w, "weights below 0.1 gmax: %5.1f%%\nweights above 0.9 gmax: %5.1f%%\n", 100*res.Low, 100*res.High)
	fmt.Fprintf(w, "histogram (10 bins of gmax/10): %v (bimodal: %v)\n", res.Histogram, res.Bimodal())
	fmt.Fprintf(w, "output rate: %.1f Hz\nrun time:    %.1f s (%.2fx real time)\n", res.OutputRateHz, res.WallS, res.DurationS/res.WallS)
	if *out != "" {
		fmt.Fprintf(w, "histogram written to %s\n", *out)
	}
	return nil
}

// writePNG draws the weight histogram, bins of gmax/10 over [0, 1] gmax.
func writePNG(path string, res stdpsong.Result) error {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Song, Miller & Abbott (2000): weights after %g s", res.DurationS)
	p.X.Label.Text = "w / gmax"
	p.Y.Label.Text = "synapses"
	h, err := plotter.NewHist(plotter.Values{0, 1}, len(res.Histogram)) // bins [k/10, (k+1)/10)
	if err != nil {
		return err
	}
	for k, c := range res.Histogram {
		h.Bins[k].Weight = float64(c)
	}
	h.FillColor = color.RGBA{R: 70, G: 110, B: 180, A: 255}
	p.Add(h)
	p.X.Min, p.X.Max = 0, 1
	p.Y.Min = 0
	p.Y.Tick.Marker = wholeTicks{}
	if err := p.Save(12*vg.Centimeter, 8*vg.Centimeter, path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// wholeTicks labels an axis of counts without decimals.
type wholeTicks struct{}

func (wholeTicks) Ticks(lo, hi float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(lo, hi)
	for i, t := range ticks {
		if t.Label != "" {
			ticks[i].Label = strconv.FormatFloat(t.Value, 'f', -1, 64)
		}
	}
	return ticks
}
