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
	MaxIter  int // LCA budgets run up to this (see Budgets)
	// WtaConv: windows of Window atoms (0: no WtaConv), its tolerance and
	// most iterations.
	Window     int
	WtaTol     float64
	WtaMaxIter int
	Seed       uint64
}

// DefaultConfig is the experiment the README reports.
func DefaultConfig() Config {
	var dfs []float64
	for df := 10.0; df <= 300; df += 10 {
		dfs = append(dfs, df)
	}
	return Config{Fs: 8000, F1: 1000, DFs: dfs, Lo: 500, Hi: 2000, Channels: 48, Grid: 10, Seconds: 1, Settle: 0.05,
		Win: 0.025, Hop: 0.0125, Noise: 0.01, Lambda: 0.03, Update: ops.UpdateAdam, MaxIter: 6400, Window: 5, WtaTol: 1e-4, WtaMaxIter: 5000, Seed: 1}
}

// Method is how one method did over the sweep.
type Method struct {
	Name string `json:"name"`
	// ResolvedDF is the smallest df of the sweep from which on every
	// larger df is resolved (see Resolved), at the smallest LCA budget
	// that reaches it; 0 if even the largest df is not resolved.
	ResolvedDF float64 `json:"resolved_df_hz"`
	Resolved   []bool  `json:"resolved"` // per df, at that budget
	// LCAIterations is that budget (0 for the raw spectrum); WTAIterations
	// the median and largest number of iterations WtaConv then took to
	// settle; Iterations their total (LCA and median WTA).
	LCAIterations int    `json:"lca_iterations"`
	WTAIterations [2]int `json:"wta_iterations"`
	Iterations    int    `json:"iterations"`
	// ByBudget is ResolvedDF after each LCA budget of Result.Budgets.
	ByBudget      []float64   `json:"resolved_df_by_budget_hz,omitempty"`
	Profiles      [][]float32 `json:"-"` // per df, at that budget
	Frequencies   []float64   `json:"-"` // of each profile entry, Hz
	ProfileLabels string      `json:"-"`
}

// Result is what Run returns.
type Result struct {
	Backend    string    `json:"backend"`
	WtaBackend string    `json:"wta_backend,omitempty"`
	F1         float64   `json:"f1_hz"`
	DFs        []float64 `json:"df_hz"`
	Channels   int       `json:"channels"`
	Atoms      int       `json:"atoms"`
	GridHz     float64   `json:"grid_hz"`
	Budgets    []int     `json:"lca_budgets"`
	Methods    []Method  `json:"methods"`
	// The spectrogram of the mixture the figures show, and its df.
	Example      dsp.Spectrogram `json:"-"`
	ExampleDF    float64         `json:"example_df_hz"`
	ExampleIndex int             `json:"-"`
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

// Run measures the raw spectrum, LCA, and WtaConv after LCA (unless
// c.Window is 0) on be. WtaConv runs on the cpu backend where be has no
// kernel for it (Result.WtaBackend says which ran it).
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
	res := Result{Backend: be.Name(), F1: c.F1, DFs: c.DFs, Channels: c.Channels, GridHz: c.Grid}
	spectra, err := mixtures(bank, c)
	if err != nil {
		return res, err
	}
	raw := score(Method{Name: "raw", Frequencies: centers, ProfileLabels: "channel power"}, spectra, c)
	res.Methods = append(res.Methods, raw)

	phi, grid := Dictionary(bank, c.Lo, c.Hi, c.Grid)
	res.Atoms = len(grid)
	byBudget, budgets, err := sharpen(be, c, phi, grid, spectra)
	if err != nil {
		return res, err
	}
	res.Budgets = budgets
	lca := Method{Name: "lca", Frequencies: grid, ProfileLabels: "LCA code"}
	var lcaRuns, wtaRuns []Method
	for k, codes := range byBudget {
		m := score(lca, codes, c)
		m.LCAIterations, m.Iterations = budgets[k], budgets[k]
		lcaRuns = append(lcaRuns, m)
	}
	res.Methods = append(res.Methods, best(lcaRuns))
	if c.Window > 0 {
		wbe := be
		if !be.Capabilities().Supports(ops.KindWta) {
			if wbe, err = backend.Get("cpu"); err != nil {
				return res, err
			}
		}
		res.WtaBackend = wbe.Name()
		wta := Method{Name: "wtaconv+lca", Frequencies: grid, ProfileLabels: "WtaConv of the LCA code"}
		for k, codes := range byBudget {
			x, iters, err := compete(wbe, c, codes)
			if err != nil {
				return res, err
			}
			m := score(wta, x, c)
			its := slices.Sorted(slices.Values(iters))
			m.LCAIterations, m.WTAIterations = budgets[k], [2]int{its[len(its)/2], its[len(its)-1]}
			m.Iterations = m.LCAIterations + m.WTAIterations[0]
			wtaRuns = append(wtaRuns, m)
		}
		res.Methods = append(res.Methods, best(wtaRuns))
	}
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

// best returns the run with the smallest resolved df, the earliest of
// equals, with every run's resolved df in ByBudget.
func best(runs []Method) Method {
	pick := 0
	for k, m := range runs {
		if m.ResolvedDF > 0 && (runs[pick].ResolvedDF == 0 || m.ResolvedDF < runs[pick].ResolvedDF) {
			pick = k
		}
	}
	m := runs[pick]
	for _, r := range runs {
		m.ByBudget = append(m.ByBudget, r.ResolvedDF)
	}
	return m
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

// sharpen codes every spectrum by non-negative LCA over phi, all the
// separations in one batch, and reads the codes after each budget of
// iterations of Budgets(MaxIter). It returns, per budget, the LCA codes as
// a method's profiles.
func sharpen(be backend.Backend, c Config, phi []float32, grid []float64, spectra [][]float32) ([][][]float32, []int, error) {
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
	l.NonNegative, l.Tol = true, 0 // every budget runs in full
	prog, b, err := l.Compile(be, slices.Concat(spectra...), false)
	if err != nil {
		return nil, nil, err
	}
	defer prog.Close()
	budgets := Budgets(c.MaxIter)
	var out [][][]float32
	ran := 0
	for _, k := range budgets {
		if err := prog.Run(k - ran); err != nil {
			return nil, nil, err
		}
		ran = k
		codes := make([]float32, b*n)
		if err := prog.Read("lca.a", codes); err != nil {
			return nil, nil, err
		}
		var profiles [][]float32
		for s := range b {
			profiles = append(profiles, codes[s*n:(s+1)*n])
		}
		out = append(out, profiles)
	}
	return out, budgets, nil
}

// Budgets is the schedule of LCA iterations after which the codes are
// read: 25, 50, 100, ... doubling, and max.
func Budgets(max int) []int {
	var b []int
	for k := 25; k < max; k *= 2 {
		b = append(b, k)
	}
	return append(b, max)
}

// compete runs WtaConv over each code (normalized to a largest value of
// 1): WTA circuits in every window of Window atoms, stride 1, so that of
// two neighbouring humps each keeps its top and the atoms around it fall
// silent. It returns the excitatory activities and the iterations each
// code took to settle.
func compete(be backend.Backend, c Config, codes [][]float32) ([][]float32, []int, error) {
	n := len(codes[0])
	w := layers.NewWtaConv(1, n, 1, c.Window, 1, 1)
	w.Tol, w.MaxIter = c.WtaTol, c.WtaMaxIter
	x := make([]float32, 0, len(codes)*n)
	for _, a := range codes {
		top := slices.Max(a)
		for _, v := range a {
			if top > 0 {
				v /= top
			}
			x = append(x, v)
		}
	}
	sol, err := w.Solve(be, x)
	if err != nil && !errors.Is(err, layers.ErrNotConverged) {
		return nil, nil, err
	}
	out := make([][]float32, len(codes))
	for s := range codes {
		out[s] = sol.Codes[s*n : (s+1)*n]
	}
	return out, sol.Iters, nil
}

// score returns m with profiles and which separations they resolve.
func score(m Method, profiles [][]float32, c Config) Method {
	m.Profiles = profiles
	m.Resolved = make([]bool, len(c.DFs))
	for i, df := range c.DFs {
		m.Resolved[i] = Resolved(profiles[i], m.Frequencies, c.F1, c.F1+df)
	}
	m.ResolvedDF = 0
	for i := len(c.DFs) - 1; i >= 0 && m.Resolved[i]; i-- {
		m.ResolvedDF = c.DFs[i]
	}
	return m
}

// Dip is the resolution criterion's depth: two tones are resolved when
// the profile dips between their peaks to at most Dip times the smaller
// peak, about Rayleigh's criterion for two equal lines (8/pi^2 = 0.81).
const Dip = 0.8

// Resolved reports whether profile y (over frequencies freq, increasing)
// shows the tones f1 < f2 as two peaks with a dip between them: y has
// exactly two significant local maxima (at least a quarter of its largest
// value; a comb of many would not be two lines), one within (f2 - f1)/2
// of each tone, and the smallest value strictly between them is at most
// Dip times the smaller.
func Resolved(y []float32, freq []float64, f1, f2 float64) bool {
	half := (f2 - f1) / 2
	floor := slices.Max(y) / 4
	var peaks []int
	for i := range y {
		left := i == 0 || y[i] >= y[i-1]
		right := i == len(y)-1 || y[i] > y[i+1]
		if y[i] > 0 && y[i] >= floor && left && right {
			peaks = append(peaks, i)
		}
	}
	if len(peaks) != 2 {
		return false
	}
	p1, p2 := peaks[0], peaks[1]
	if math.Abs(freq[p1]-f1) >= half || math.Abs(freq[p2]-f2) >= half || p2-p1 < 2 {
		return false
	}
	dip := slices.Min(y[p1+1 : p2])
	return dip <= Dip*min(y[p1], y[p2])
}
