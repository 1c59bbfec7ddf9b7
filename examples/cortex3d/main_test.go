package main

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spikeflow/spikeflow/models/cortex3d"
)

// The command runs a short simulation, prints JSON with a rate per layer
// and writes a PNG that decodes.
func TestRun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "raster.png")
	var stdout, stderr bytes.Buffer
	if err := run([]string{"-neurons=2000", "-duration=300ms", "-json", "-png=" + out, "-seed=3"}, &stdout, &stderr); err != nil {
		t.Fatal(err, stderr.String())
	}
	var res cortex3d.Result
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		t.Fatalf("%v: %s", err, stdout.String())
	}
	if res.N != 2000 || res.Ticks != 3000 || len(res.Layers) != 2 || res.Synapses == 0 || res.BuildS <= 0 {
		t.Errorf("result %+v", res)
	}
	for _, l := range res.Layers {
		if l.Spikes == 0 || l.RateHz <= 0 {
			t.Errorf("layer %s silent: %+v", l.Name, l)
		}
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() < 200 || b.Dy() < 200 {
		t.Errorf("image of %v", b)
	}

	stdout.Reset()
	if err := run([]string{"-neurons=2000", "-duration=50ms"}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"build time:", "ticks/s", "bytes/synapse", "fast  clock 1/0:", "slow  clock"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, stdout.String())
		}
	}
}

// Bad flags are errors that name the flag.
func TestBadFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-neurons=10"}, "N = 10 neurons, must be >="},
		{[]string{"-duration=-1s"}, "-duration=-1s"},
		{[]string{"-slow-period=0"}, "-slow-period=0"},
		{[]string{"-slow-period=4", "-slow-phase=7"}, "Slow clock period 4, phase 7"},
		{[]string{"-png-neurons=0"}, "-png-neurons=0"},
		{[]string{"-theta=-8"}, "ThetaHz = -8"},
		{[]string{"-backend=nope"}, "nope"},
		{[]string{"-device=0"}, "-device=0"},
		{[]string{"extra"}, "unexpected arguments"},
		{[]string{"-neurons=x"}, "invalid value"},
	} {
		var stdout, stderr bytes.Buffer
		err := run(tc.args, &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v, want an error saying %q", tc.args, err, tc.want)
		}
	}
}
