package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/datasets/mnist"
	"github.com/spikeflow/spikeflow/models/diehlcook"
)

// DiehlCookSummary is what `spikeflow train diehlcook` and `eval
// diehlcook` report, and print with -json.
type DiehlCookSummary struct {
	Neurons        int     `json:"neurons"`
	Backend        string  `json:"backend"`
	Seed           uint64  `json:"seed"`
	Epochs         int     `json:"epochs,omitempty"`
	TrainDigits    int     `json:"train_digits,omitempty"` // trained on in this run
	TrainS         float64 `json:"train_s,omitempty"`
	TrainPerS      float64 `json:"train_digits_per_s,omitempty"`
	RunningAcc     float64 `json:"running_accuracy,omitempty"` // on the last 1000 training digits
	LabelDigits    int     `json:"label_digits,omitempty"`
	LabelS         float64 `json:"label_s,omitempty"`
	TestDigits     int     `json:"test_digits"`
	TestCorrect    int     `json:"test_correct"`
	TestAccuracy   float64 `json:"test_accuracy"`
	TestS          float64 `json:"test_s"`
	Checkpoint     string  `json:"checkpoint"`
	ReceptiveField string  `json:"receptive_fields,omitempty"`
}

// TrainDiehlCook parses the flags of `spikeflow train diehlcook`, trains
// the network (resuming from -out with -resume), labels its neurons,
// saves it, draws its receptive fields and tests it.
func TrainDiehlCook(args []string, w, stderr io.Writer, onErr flag.ErrorHandling) error {
	fs := flag.NewFlagSet("train diehlcook", onErr)
	fs.SetOutput(w)
	name, device := BackendFlags(fs)
	neurons := fs.Int("neurons", 400, "excitatory neurons (the paper: 100, 400, 1600, 6400)")
	epochs := fs.Int("epochs", 1, "passes over the training digits")
	trainLimit := fs.Int("train-limit", 0, "train on the first N training digits only (0: all 60,000)")
	labelLimit := fs.Int("label-limit", 10000, "label the neurons on the first N training digits, learning off (0: all)")
	testLimit := fs.Int("test-limit", 0, "test on the first N test digits (0: all 10,000)")
	seed := fs.Uint64("seed", 1, "seed for the initial weights, input spikes and digit order")
	out := fs.String("out", "diehlcook.ckpt", "checkpoint file, written atomically every -checkpoint-every digits and at the end")
	inhibition := fs.Float64("inhibition", diehlcook.DefaultInhibition, "conductance by which each inhibitory neuron inhibits the other excitatory neurons (Diehl & Cook: 17)")
	lockout := fs.Duration("lockout", diehlcook.DefaultLockout, "after a spike, an excitatory neuron may not spike again for this long (Diehl & Cook's timer: 50ms; 5ms, the refractory period, for none)")
	every := fs.Int("checkpoint-every", 1000, "digits between checkpoints")
	resume := fs.Bool("resume", false, "resume training from -out if it exists")
	pngPath := fs.String("png", "", "receptive fields PNG (default: -out with .png)")
	asJSON := fs.Bool("json", false, "print the summary as one JSON object")
	fs.Usage = func() {
		fmt.Fprintln(w, "usage: spikeflow train diehlcook [flags]\n\nTrains Diehl & Cook's (2015) unsupervised MNIST network, labels its neurons and tests it.")
		fs.PrintDefaults()
	}
	if err := parse(fs, args); err != nil {
		return ignoreHelp(err)
	}
	b, err := Pick(*name, *device)
	if err != nil {
		return err
	}
	train, err := mnist.Train()
	if err != nil {
		return err
	}
	s, err := startState(*out, *resume, diehlcook.Config{Neurons: *neurons, Seed: *seed, CheckpointEvery: *every, Inhibition: *inhibition, Lockout: *lockout}, *epochs, *trainLimit)
	if err != nil {
		return err
	}
	sum := DiehlCookSummary{Neurons: s.Config.Neurons, Backend: b.Name(), Seed: s.Config.Seed, Epochs: s.Epochs, Checkpoint: *out}
	tr, err := diehlcook.NewTrainer(b, train, s)
	if err != nil {
		return err
	}
	bar := newBar(stderr, "train")
	first, t0 := s.Seen, time.Now()
	err = tr.Train(func(p diehlcook.Progress) {
		bar.show(p.Seen, p.Total, first, "running accuracy", p.Running)
	}, func(s *diehlcook.State) error { return s.Save(*out) })
	bar.done()
	if err != nil {
		return err
	}
	sum.TrainDigits, sum.TrainS = s.Seen-first, time.Since(t0).Seconds()
	sum.TrainPerS, sum.RunningAcc = float64(sum.TrainDigits)/sum.TrainS, s.RunningAccuracy()

	bar, t0 = newBar(stderr, "label"), time.Now()
	err = diehlcook.Label(b, s, train, *labelLimit, func(done, total int) { bar.show(done, total, 0, "", math.NaN()) })
	bar.done()
	if err != nil {
		return err
	}
	sum.LabelDigits, sum.LabelS = limitOf(*labelLimit, train.Len()), time.Since(t0).Seconds()
	if err := s.Save(*out); err != nil {
		return err
	}
	if *pngPath == "" {
		*pngPath = strings.TrimSuffix(*out, ".ckpt") + ".png"
	}
	if err := writeFields(s, *pngPath); err != nil {
		return err
	}
	sum.ReceptiveField = *pngPath
	if err := testDiehlCook(b, s, *testLimit, stderr, &sum); err != nil {
		return err
	}
	return printDiehlCook(w, sum, *asJSON)
}

// EvalDiehlCook parses the flags of `spikeflow eval diehlcook` and tests
// a trained checkpoint.
func EvalDiehlCook(args []string, w, stderr io.Writer, onErr flag.ErrorHandling) error {
	fs := flag.NewFlagSet("eval diehlcook", onErr)
	fs.SetOutput(w)
	name, device := BackendFlags(fs)
	in := fs.String("in", "", "checkpoint written by spikeflow train diehlcook (required)")
	labelLimit := fs.Int("label-limit", 10000, "with -relabel or a checkpoint without labels, label on the first N training digits (0: all)")
	relabel := fs.Bool("relabel", false, "label the neurons again (learning off) instead of using the checkpoint's labels")
	testLimit := fs.Int("test-limit", 0, "test on the first N test digits (0: all 10,000)")
	asJSON := fs.Bool("json", false, "print the summary as one JSON object")
	fs.Usage = func() {
		fmt.Fprintln(w, "usage: spikeflow eval diehlcook -in CHECKPOINT [flags]\n\nTests a trained Diehl & Cook network on the MNIST test digits, learning off.")
		fs.PrintDefaults()
	}
	if err := parse(fs, args); err != nil {
		return ignoreHelp(err)
	}
	if *in == "" {
		return fmt.Errorf("eval diehlcook: -in is required: the checkpoint to test")
	}
	b, err := Pick(*name, *device)
	if err != nil {
		return err
	}
	s, err := diehlcook.Load(*in)
	if err != nil {
		return err
	}
	sum := DiehlCookSummary{Neurons: s.Config.Neurons, Backend: b.Name(), Seed: s.Config.Seed, Checkpoint: *in}
	if s.Labels == nil || *relabel {
		train, err := mnist.Train()
		if err != nil {
			return err
		}
		bar, t0 := newBar(stderr, "label"), time.Now()
		err = diehlcook.Label(b, s, train, *labelLimit, func(done, total int) { bar.show(done, total, 0, "", math.NaN()) })
		bar.done()
		if err != nil {
			return err
		}
		sum.LabelDigits, sum.LabelS = limitOf(*labelLimit, train.Len()), time.Since(t0).Seconds()
	}
	if err := testDiehlCook(b, s, *testLimit, stderr, &sum); err != nil {
		return err
	}
	return printDiehlCook(w, sum, *asJSON)
}

// startState is a fresh state, or with resume the one saved at path if
// there is one, which must have been trained with the same settings.
func startState(path string, resume bool, c diehlcook.Config, epochs, trainLimit int) (*diehlcook.State, error) {
	if resume {
		s, err := diehlcook.Load(path)
		switch {
		case err == nil:
			got := s.Config
			if got.Neurons != c.Neurons || got.Seed != c.Seed || got.CheckpointEvery != c.CheckpointEvery || s.TrainLimit != trainLimit ||
				got.Inhibition != c.Inhibition || got.Lockout != c.Lockout {
				return nil, fmt.Errorf("-resume: %s was trained with -neurons=%d -seed=%d -checkpoint-every=%d -train-limit=%d -inhibition=%v -lockout=%v; give the same flags",
					path, got.Neurons, got.Seed, got.CheckpointEvery, s.TrainLimit, got.Inhibition, got.Lockout)
			}
			if epochs < s.Epoch {
				return nil, fmt.Errorf("-resume: %s has trained %d epochs already, more than -epochs=%d", path, s.Epoch, epochs)
			}
			s.Epochs = epochs
			return s, nil
		case !errors.Is(err, os.ErrNotExist):
			return nil, err
		}
	}
	return diehlcook.NewState(c, epochs, trainLimit)
}

func testDiehlCook(b backend.Backend, s *diehlcook.State, limit int, stderr io.Writer, sum *DiehlCookSummary) error {
	test, err := mnist.Test()
	if err != nil {
		return err
	}
	bar, t0 := newBar(stderr, "test"), time.Now()
	r, err := diehlcook.Evaluate(b, s, test, limit, func(done, total int, acc float64) { bar.show(done, total, 0, "accuracy", acc) })
	bar.done()
	if err != nil {
		return err
	}
	sum.TestDigits, sum.TestCorrect, sum.TestAccuracy, sum.TestS = r.Total, r.Correct, r.Accuracy, time.Since(t0).Seconds()
	return nil
}

func writeFields(s *diehlcook.State, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := s.WriteReceptiveFields(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func printDiehlCook(w io.Writer, s DiehlCookSummary, asJSON bool) error {
	if asJSON {
		return json.NewEncoder(w).Encode(s)
	}
	fmt.Fprintf(w, "Diehl & Cook: %d excitatory neurons, seed %d, on %s\n", s.Neurons, s.Seed, s.Backend)
	if s.TrainDigits > 0 {
		fmt.Fprintf(w, "trained:   %d digits in %.1f s (%.2f digits/s), running accuracy %.1f%% on the last 1000\n",
			s.TrainDigits, s.TrainS, s.TrainPerS, 100*s.RunningAcc)
	}
	if s.LabelDigits > 0 {
		fmt.Fprintf(w, "labelled:  on %d training digits in %.1f s\n", s.LabelDigits, s.LabelS)
	}
	fmt.Fprintf(w, "test:      %.2f%% (%d of %d digits) in %.1f s\n", 100*s.TestAccuracy, s.TestCorrect, s.TestDigits, s.TestS)
	fmt.Fprintf(w, "checkpoint: %s\n", s.Checkpoint)
	if s.ReceptiveField != "" {
		fmt.Fprintf(w, "receptive fields: %s\n", s.ReceptiveField)
	}
	return nil
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	return nil
}

func ignoreHelp(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}

func limitOf(limit, n int) int {
	if limit <= 0 || limit > n {
		return n
	}
	return limit
}

// bar is a progress bar on one line of stderr, redrawn at most 4 times a
// second.
type bar struct {
	w     io.Writer
	label string
	start time.Time
	last  time.Time
	drawn bool
}

func newBar(w io.Writer, label string) *bar { return &bar{w: w, label: label, start: time.Now()} }

// show draws done of total; first is where this run started (for the
// rate), and a non-NaN figure is shown as a percentage after name.
func (b *bar) show(done, total, first int, name string, figure float64) {
	now := time.Now()
	if done < total && now.Sub(b.last) < 250*time.Millisecond {
		return
	}
	b.last, b.drawn = now, true
	const width = 24
	frac := float64(done) / float64(max(total, 1))
	fill := int(frac * width)
	rate := float64(done-first) / now.Sub(b.start).Seconds()
	eta := "?"
	if rate > 0 {
		eta = (time.Duration(float64(total-done)/rate) * time.Second).Round(time.Second).String()
	}
	line := fmt.Sprintf("\r%-5s %6d/%d [%s%s] %5.1f%%  %6.1f digits/s  ETA %s", b.label, done, total,
		strings.Repeat("=", fill), strings.Repeat(" ", width-fill), 100*frac, rate, eta)
	if !math.IsNaN(figure) && name != "" {
		line += fmt.Sprintf("  %s %.1f%%", name, 100*figure)
	}
	fmt.Fprint(b.w, line+"  ")
}

func (b *bar) done() {
	if b.drawn {
		fmt.Fprintln(b.w)
	}
}
