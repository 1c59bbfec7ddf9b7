package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/spikeflow/spikeflow/backend"
)

// runJSON runs the experiment and decodes its report.
func runJSON(t *testing.T, values string, args ...string) Report {
	t.Helper()
	var out bytes.Buffer
	if err := run(append([]string{"-json", "-values", values, "-seed", "5"}, args...), &out); err != nil {
		t.Fatal(err)
	}
	var rep Report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("%v in %s", err, out.String())
	}
	return rep
}

// Every timing code keeps the error its resolution promises, and at one
// spike per value the phase and weighted-phase codes carry several times
// the bits per spike of the rate code, in the same window. With 20,000
// values (about 20 per level) the estimates are close to those with many
// more (0.249 bits per value for the rate code with n = 2, against 0.240
// with 262,144 values); the residual bias favours the rate code.
func TestPhasecodeClaims(t *testing.T) {
	dir := t.TempDir()
	png := filepath.Join(dir, "plot.png")
	rep := runJSON(t, "20000", "-backend", "ref", "-out", png)
	if info, err := os.Stat(png); err != nil || info.Size() < 10_000 {
		t.Errorf("plot: %v, %v", info, err)
	}
	by := map[string]Result{}
	for _, r := range rep.EqualBudget {
		by[r.Code+" "+r.Param] = r
	}
	for _, r := range append(rep.EqualBudget, rep.Sweep...) {
		if r.PromisedMax > 0 && r.MaxError > r.PromisedMax*(1+1e-6) {
			t.Errorf("%s %s: max error %v above the promised %v", r.Code, r.Param, r.MaxError, r.PromisedMax)
		}
		if r.SpikesPerItem > 0 && r.Bits > 0 && r.BitsPerSpike <= 0 {
			t.Errorf("%s %s: %+v", r.Code, r.Param, r)
		}
	}
	rate, phase, weighted := by["rate n=2"], by["phase P=25"], by["weighted-phase K=2"]
	if rate.SpikesPerItem < 0.9 || rate.SpikesPerItem > 1.1 || phase.SpikesPerItem != 1 || weighted.SpikesPerItem < 0.9 || weighted.SpikesPerItem > 1.1 {
		t.Errorf("spikes per value: rate %v, phase %v, weighted phase %v; want about 1 each",
			rate.SpikesPerItem, phase.SpikesPerItem, weighted.SpikesPerItem)
	}
	if phase.BitsPerSpike < 3*rate.BitsPerSpike || weighted.BitsPerSpike < 3*rate.BitsPerSpike {
		t.Errorf("bits per spike: rate %.3f, phase %.3f, weighted phase %.3f", rate.BitsPerSpike, phase.BitsPerSpike, weighted.BitsPerSpike)
	}
}

// The numbers are the same on every backend available here.
func TestPhasecodeBackendsAgree(t *testing.T) {
	want := runJSON(t, "2000", "-backend", "ref")
	for _, name := range []string{"cpu", "vulkan"} {
		b, err := backend.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := b.Capabilities().Available; err != nil {
			t.Logf("%s is not available here, not compared: %v", name, err)
			continue
		}
		got := runJSON(t, "2000", "-backend", name)
		w, _ := json.Marshal(append(want.EqualBudget, want.Sweep...))
		g, _ := json.Marshal(append(got.EqualBudget, got.Sweep...))
		if !bytes.Equal(w, g) {
			t.Errorf("%s:\n%s\nreference:\n%s", name, g, w)
		}
	}
}
