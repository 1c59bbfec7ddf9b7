package main

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/dsp"
	"github.com/spikeflow/spikeflow/layers"
	"github.com/spikeflow/spikeflow/ops"
)

// Config is one experiment: mixtures of two equal tones at F1 and F1 + df
// for every df of DFs, through a gammatone bank of Channels channels
// ERB-spaced over [Lo, Hi] Hz, sharpened by LCA over a dictionary of tone
// profiles every Grid Hz over [Lo, Hi].
type Config struct {
	Fs       float64   // sample rate, Hz
	F1       float64   // the fixed tone, Hz
	DFs      []float64 // separations to try, Hz, increasing
	Lo, Hi   float64   // band of the bank and of the dictionary, Hz
	Channels int
	Grid     float64 // dictionary step, Hz
	Seconds  float64 // length of each mixture
	Settle   float64 // seconds dropped before averaging the spectrum
	Win, Hop float64 // spectrogram frame and hop, seconds
	Noise    float64 // RMS of white noise added to the mixture (each tone has RMS 1/sqrt 2)
	Lambda   float64 // LCA sparsity (spectra are scaled to a largest channel of 1)
	Update   ops.Update
	Tol      float64
	MaxIter  int
	Seed     uint64
}

// DefaultConfig is the experiment the README reports.
func DefaultConfig() Config {
	var dfs []float64
	for df := 10.0; df <= 300; df += 10 {
		dfs = append(dfs, df)
	}
	return Config{Fs: 8000, F1: 1000, DFs: dfs, Lo: 500, Hi: 2000, Channels: 48, Grid: 5, Seconds: 1, Settle: 0.05,
		Win: 0.025, Hop: 0.0125, Noise: 0.01, Lambda: 0.01, Update: ops.UpdateAdam, Tol: 1e-4, MaxIter: 5000, Seed: 1}
}

// Method is how one method did over the sweep.
type Method struct {
	Name string `json:"name"`
	// ResolvedDF is the smallest df of the sweep from which on every
	// larger df is resolved (see Resolved); 0 if the largest is not.
	ResolvedDF float64 `json:"resolved_df_hz"`
	Resolved   []bool  `json:"resolved"` // per df
	// Iterations per df (0 for the raw spectrum), and their median and
	// largest.
	Iterations    []int `json:"iterations"`
	MedianIters   int   `json:"median_iterations"`
	MaxIters      int   `json:"max_iterations"`
	Profiles      [][]float32
	Frequencies   []float64 // of each profile entry, Hz
	ProfileLabels string
}

// Result is what Run returns.
type Result struct {
	Backend  string    `json:"backend"`
	F1       float64   `json:"f1_hz"`
	DFs      []float64 `json:"df_hz"`
	Channels int       `json:"channels"`
	Atoms    int       `json:"atoms"`
	Methods  []Method  `json:"methods"`
	// Spectrogram of the mixture at the df shown in the figures.
	Example      dsp.Spectrogram `json:"-"`
	ExampleDF    float64         `json:"example_df_hz"`
	ExampleIndex int             `json:"-"`
	Centers      []float64       `json:"-"`
}

func (c *Config) check() error {
	if len(c.DFs) == 0 || !slices.IsSorted(c.DFs) || c.DFs[0] <= 0 {
		return fmt.Errorf("df sweep %v: want increasing positive separations", c.DFs)
	}
	if c.F1 <= c.Lo || c.F1+c.DFs[len(c.DFs)-1] >= c.Hi {
		return fmt.Errorf("tones from %v to %v Hz do not lie inside the band (%v, %v) Hz", c.F1, c.F1+c.DFs[len(c.DFs)-1], c.Lo, c.Hi)
	}
	if c.Grid <= 0 || c.Channels < 2 || c.Seconds <= c.Settle+c.Win {
		return fmt.Errorf("grid %v Hz, %d channels, %v s with %v s settling and %v s frames: want a positive grid, 2 channels or more and a mixture longer than settling plus a frame",
			c.Grid, c.Channels, c.Seconds, c.Settle, c.Win)
	}
	return nil
}

// Run measures the raw spectrum and LCA on be.
func Run(be backend.Backend, c Config) (Result, error) {
	if err := c.check(); err != nil {
		return Result{}, err
	}
	centers, err := dsp.ERBSpace(c.Lo, c.Hi, c.Channels)
	if err != nil {
		return Result{}, err
	}
	bank, err := dsp.NewGammatoneBank(c.Fs, centers)
	if err != nil {
		return Result{}, err
	}
	res := Result{Backend: be.Name(), F1: c.F1, DFs: c.DFs, Channels: c.Channels, Centers: centers}
	spectra, err := mixtures(bank, c)
	if err != nil {
		return res, err
	}
	raw := Method{Name: "raw", Frequencies: centers, Iterations: make([]int, len(c.DFs)), Profiles: spectra,
		ProfileLabels: "channel power (normalized)"}
	res.Methods = append(res.Methods, score(raw, c))

	phi, grid := Dictionary(bank, c.Lo, c.Hi, c.Grid)
	res.Atoms = len(grid)
	lca, err := sharpen(be, c, phi, grid, spectra)
	if err != nil {
		return res, err
	}
	res.Methods = append(res.Methods, score(lca, c))
	// The figures show the smallest df that LCA resolves and the raw
	// spectrum does not (else the middle of the sweep).
	res.ExampleIndex = len(c.DFs) / 2
	for i := range c.DFs {
		if res.Methods[1].Resolved[i] && !res.Methods[0].Resolved[i] {
			res.ExampleIndex = i
			break
		}
	}
	res.ExampleDF = c.DFs[res.ExampleIndex]
	res.Example, err = bank.Spectrogram(mixture(c, res.ExampleDF), int(c.Win*c.Fs), int(c.Hop*c.Fs))
	return res, err
}

// mixture is the two tones df apart plus noise.
func mixture(c Config, df float64) []float32 {
	n := int(c.Seconds * c.Fs)
	noise := whiteNoise(c.Seed, n, c.Noise)
	x := dsp.Tone(c.Fs, c.F1, 1, 0, n)
	y := dsp.Tone(c.Fs, c.F1+df, 1, 0.5, n) // a phase offset, so the tones do not start together
	for k := range x {
		x[k] += y[k] + noise[k]
	}
	return x
}

// mixtures returns the power spectrum of each mixture over the frames
// after settling, normalized so that its largest channel is 1.
func mixtures(bank *dsp.Bank, c Config) ([][]float32, error) {
	win, hop := int(c.Win*c.Fs), int(c.Hop*c.Fs)
	settle := int(math.Ceil(c.Settle * c.Fs / float64(hop)))
	var out [][]float32
	for _, df := range c.DFs {
		s, err := bank.Spectrogram(mixture(c, df), win, hop)
		if err != nil {
			return nil, err
		}
		p := s.Power(settle)
		top := slices.Max(p)
		for k := range p {
			p[k] /= top
		}
		out = append(out, p)
	}
	return out, nil
}

// whiteNoise is n samples of Gaussian noise of RMS sigma from a seeded
// generator (xorshift and Box-Muller, so that runs repeat exactly).
func whiteNoise(seed uint64, n int, sigma float64) []float32 {
	state := seed*0x9E3779B97F4A7C15 + 1
	next := func() float64 {
		state ^= state << 13
		state ^= state >> 7
		state ^= state << 17
		return (float64(state>>11) + 0.5) / (1 << 53)
	}
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(sigma * math.Sqrt(-2*math.Log(next())) * math.Cos(2*math.Pi*next()))
	}
	return x
}

// Dictionary returns the bank's power response to pure tones every step Hz
// over [lo, hi] as unit-norm atoms (channels x atoms, row-major), and the
// atoms' frequencies: a mixture's power spectrum is a non-negative
// combination of them (dsp.Bank.ToneProfile), so coding it by LCA is a
// deconvolution.
func Dictionary(bank *dsp.Bank, lo, hi, step float64) ([]float32, []float64) {
	var grid []float64
	for f := lo; f <= hi+1e-9; f += step {
		grid = append(grid, f)
	}
	m, n := bank.Channels(), len(grid)
	phi := make([]float32, m*n)
	for j, f := range grid {
		p := bank.ToneProfile(f)
		norm := 0.0
		for _, v := range p {
			norm += v * v
		}
		for i, v := range p {
			phi[i*n+j] = float32(v / math.Sqrt(norm))
		}
	}
	return phi, grid
}

// sharpen codes every spectrum by non-negative LcAdam over phi, all the
// separations in one batch.
func sharpen(be backend.Backend, c Config, phi []float32, grid []float64, spectra [][]float32) (Method, error) {
	m, n := len(spectra[0]), len(grid)
	var l layers.Lca
	switch c.Update {
	case ops.UpdatePlain:
		l = layers.NewLca(phi, m, n, c.Lambda)
	case ops.UpdateRMS:
		l = layers.NewLcaRms(phi, m, n, c.Lambda)
	default:
		l = layers.NewLcAdam(phi, m, n, c.Lambda)
	}
	l.NonNegative, l.Tol, l.MaxIter = true, c.Tol, c.MaxIter
	x := slices.Concat(spectra...)
	sol, err := l.Solve(be, x)
	if err != nil && !errors.Is(err, layers.ErrNotConverged) {
		return Method{}, err
	}
	meth := Method{Name: "lca", Frequencies: grid, Iterations: sol.Iters, ProfileLabels: "LCA code"}
	for s := range spectra {
		meth.Profiles = append(meth.Profiles, sol.Codes[s*n:(s+1)*n])
	}
	return meth, nil
}

// score fills in which separations a method resolves.
func score(m Method, c Config) Method {
	m.Resolved = make([]bool, len(c.DFs))
	for i, df := range c.DFs {
		m.Resolved[i] = Resolved(m.Profiles[i], m.Frequencies, c.F1, c.F1+df)
	}
	m.ResolvedDF = 0
	for i := len(c.DFs) - 1; i >= 0 && m.Resolved[i]; i-- {
		m.ResolvedDF = c.DFs[i]
	}
	its := slices.Clone(m.Iterations)
	slices.Sort(its)
	m.MedianIters, m.MaxIters = its[len(its)/2], its[len(its)-1]
	return m
}

// Dip is the resolution criterion's depth: two tones are resolved when
// the profile dips between their peaks to at most Dip times the smaller
// peak, about Rayleigh's criterion for two equal lines (8/pi^2 = 0.81).
const Dip = 0.8

// Resolved reports whether profile y (over frequencies freq, increasing)
// shows the tones f1 < f2 as two peaks with a dip between them: each tone
// has a local maximum within (f2 - f1)/2 of it of at least a quarter of
// the profile's largest value (p1 and p2, the largest such for each), and
// the smallest value strictly between them is at most Dip min(y[p1],
// y[p2]).
func Resolved(y []float32, freq []float64, f1, f2 float64) bool {
	half := (f2 - f1) / 2
	floor := slices.Max(y) / 4
	p1, p2 := -1, -1
	for i := range y {
		left := i == 0 || y[i] >= y[i-1]
		right := i == len(y)-1 || y[i] > y[i+1]
		if y[i] <= 0 || y[i] < floor || !left || !right {
			continue
		}
		switch {
		case math.Abs(freq[i]-f1) < half && (p1 < 0 || y[i] > y[p1]):
			p1 = i
		case math.Abs(freq[i]-f2) < half && (p2 < 0 || y[i] > y[p2]):
			p2 = i
		}
	}
	if p1 < 0 || p2 < 0 || p2-p1 < 2 {
		return false
	}
	dip := slices.Min(y[p1+1 : p2])
	return dip <= Dip*min(y[p1], y[p2])
}
