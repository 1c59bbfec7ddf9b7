package cuba_test

import (
	"encoding/json"
	"flag"
	"hash/fnv"
	"os"
	"path/filepath"
	"testing"

	"github.com/spikeflow/spikeflow/backend/cpu"
	"github.com/spikeflow/spikeflow/models/cuba"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden is the summary of a CUBA run kept under testdata: any change to
// the semantics (integration, thresholds, delays, random streams,
// connectivity) shows here even when every backend changes alike.
type golden struct {
	N, Ticks   int
	Seed       uint64
	Synapses   int
	Spikes     int
	RasterFNV  uint64   // FNV-1a over (tick, index) of every event
	FirstTicks []uint64 // the first events
	FirstIndex []int32
}

func TestGoldenRaster(t *testing.T) {
	const n, ticks, seed = 4000, 3000, 1
	rec, net, err := cuba.Raster(cpu.Backend{}, cuba.Config{N: n, Seed: seed}, ticks)
	if err != nil {
		t.Fatal(err)
	}
	h := fnv.New64a()
	var buf [12]byte
	for k := range rec.Len() {
		t, i := rec.Tick[k], uint32(rec.Index[k])
		for b := range 8 {
			buf[b] = byte(t >> (8 * b))
		}
		for b := range 4 {
			buf[8+b] = byte(i >> (8 * b))
		}
		h.Write(buf[:])
	}
	first := min(rec.Len(), 10)
	got := golden{N: n, Ticks: ticks, Seed: seed, Synapses: net.Synapses, Spikes: rec.Len(), RasterFNV: h.Sum64(),
		FirstTicks: rec.Tick[:first], FirstIndex: rec.Index[:first]}

	path := filepath.Join("testdata", "cuba_n4000_300ms.json")
	if *update {
		b, _ := json.MarshalIndent(got, "", "  ")
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	var want golden
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	gj, _ := json.Marshal(got)
	wj, _ := json.Marshal(want)
	if string(gj) != string(wj) {
		t.Errorf("CUBA raster changed (if on purpose, rerun with -update and explain why):\n got %s\nwant %s", gj, wj)
	}
}
