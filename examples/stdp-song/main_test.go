package main

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/spikeflow/spikeflow/models/stdpsong"
)

// The command runs a short simulation, prints JSON and writes a PNG that
// decodes.
func TestRun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "w.png")
	var stdout, stderr bytes.Buffer
	if err := run([]string{"-duration=200ms", "-n=100", "-json", "-out=" + out, "-seed=3"}, &stdout, &stderr); err != nil {
		t.Fatal(err, stderr.String())
	}
	var res stdpsong.Result
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		t.Fatalf("%v: %s", err, stdout.String())
	}
	sum := 0
	for _, c := range res.Histogram {
		sum += c
	}
	if res.N != 100 || res.Ticks != 2000 || sum != 100 || len(res.Histogram) != 10 {
		t.Errorf("result %+v", res)
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
	if b := img.Bounds(); b.Dx() < 100 || b.Dy() < 100 {
		t.Errorf("image of %v", b)
	}
	if err := run([]string{"-device=0"}, &stdout, &stderr); err == nil {
		t.Error("-device without -backend=vulkan was accepted")
	}
}
