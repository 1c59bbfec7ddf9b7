package main

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/spikeflow/spikeflow/backend"
)

// smallConfig is the experiment at a size a test can afford: 0.3 s
// mixtures, 32 channels, df = 20..200 Hz, at most 400 LCA iterations.
func smallConfig() Config {
	c := DefaultConfig()
	c.DFs = nil
	for df := 20.0; df <= 200; df += 20 {
		c.DFs = append(c.DFs, df)
	}
	c.Channels, c.Seconds, c.MaxIter = 32, 0.3, 400
	return c
}

// TestSharpening: LCA resolves two tones closer together than the raw
// filterbank spectrum does, and so does WtaConv after LCA.
func TestSharpening(t *testing.T) {
	be, err := backend.Get("cpu")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(be, smallConfig())
	if err != nil {
		t.Fatal(err)
	}
	raw, lca, wta := res.Methods[0], res.Methods[1], res.Methods[2]
	t.Logf("smallest df resolved: raw %g Hz, LCA %g Hz (%d iterations), WtaConv+LCA %g Hz (%d + %d iterations)",
		raw.ResolvedDF, lca.ResolvedDF, lca.LCAIterations, wta.ResolvedDF, wta.LCAIterations, wta.WTAIterations[0])
	if raw.ResolvedDF == 0 || lca.ResolvedDF == 0 || lca.ResolvedDF >= raw.ResolvedDF {
		t.Errorf("LCA resolves from %g Hz, the raw spectrum from %g Hz: want LCA smaller (0: never)", lca.ResolvedDF, raw.ResolvedDF)
	}
	if wta.ResolvedDF == 0 || wta.ResolvedDF >= raw.ResolvedDF {
		t.Errorf("WtaConv+LCA resolves from %g Hz, the raw spectrum from %g Hz: want it smaller", wta.ResolvedDF, raw.ResolvedDF)
	}
	if raw.Resolved[0] {
		t.Errorf("the raw spectrum resolves tones %g Hz apart, a fraction of an ERB", res.DFs[0])
	}
}

// TestResolved: the criterion by hand.
func TestResolved(t *testing.T) {
	freq := []float64{0, 10, 20, 30, 40, 50, 60}
	for _, c := range []struct {
		y    []float32
		want bool
	}{
		{[]float32{0, 1, 0.5, 0.9, 0, 0, 0}, true},    // peaks at 10 and 30, dip 0.5 <= 0.8*0.9
		{[]float32{0, 1, 0.8, 0.9, 0, 0, 0}, false},   // dip 0.8 > 0.72
		{[]float32{0, 1, 1, 1, 0, 0, 0}, false},       // one flat peak
		{[]float32{0, 1, 0, 1, 0, 1, 0}, false},       // a comb of three
		{[]float32{0, 1, 0.1, 0.2, 0, 0, 0}, false},   // second peak below a quarter
		{[]float32{1, 0.5, 0, 0, 0.5, 1, 0.2}, false}, // peaks at 0 and 50: not within 10 Hz of the tones
	} {
		if got := Resolved(c.y, freq, 10, 30); got != c.want {
			t.Errorf("Resolved(%v, tones 10 and 30 Hz) = %v, want %v", c.y, got, c.want)
		}
	}
}

// TestCommand: the command prints JSON and writes PNGs that decode.
func TestCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the default sweep for a few seconds")
	}
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if err := run([]string{"-json", "-out=" + dir, "-maxiter=200"}, &stdout, &stderr); err != nil {
		t.Fatal(err, stderr.String())
	}
	var res Result
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		t.Fatalf("%v: %s", err, stdout.String())
	}
	if len(res.Methods) != 3 || res.Atoms != 151 || len(res.Budgets) != 4 {
		t.Errorf("result %+v", res)
	}
	for _, name := range []string{"spectrogram.png", "spectrum.png", "sweep.png"} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := png.Decode(f); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		f.Close()
	}
	if err := run([]string{"-update=fast"}, &stdout, &stderr); err == nil {
		t.Error("-update=fast was accepted")
	}
}
