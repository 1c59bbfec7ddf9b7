package cortex3d_test

import (
	"encoding/json"
	"flag"
	"hash/fnv"
	"os"
	"path/filepath"
	"testing"

	"github.com/spikeflow/spikeflow/backend/cpu"
	"github.com/spikeflow/spikeflow/models/cortex3d"
	"github.com/spikeflow/spikeflow/ops"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden is the summary of a run kept under testdata: a change to the
// placement, the connectivity, the random streams or the clock semantics
// shows here even when every backend changes alike.
type golden struct {
	N, Ticks   int
	Seed       uint64
	Slow       [2]int // clock period, phase
	Synapses   int
	Spikes     [2]int
	RasterFNV  [2]uint64 // FNV-1a over (tick, index) of every event, per layer
	FirstTicks [2][]uint64
	FirstIndex [2][]int32
}

func rasterHash(rec ops.SpikeRecord) uint64 {
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
	return h.Sum64()
}

func TestGoldenRaster(t *testing.T) {
	const n, ticks, seed = 2000, 3000, 1
	cfg := cortex3d.Config{N: n, Seed: seed}.Defaults()
	recs, net, err := cortex3d.Raster(cpu.Backend{}, cfg, ticks)
	if err != nil {
		t.Fatal(err)
	}
	got := golden{N: n, Ticks: ticks, Seed: seed, Slow: [2]int{cfg.Slow.Period, cfg.Slow.Phase}, Synapses: net.Synapses}
	for l, rec := range recs {
		first := min(rec.Len(), 10)
		got.Spikes[l], got.RasterFNV[l] = rec.Len(), rasterHash(rec)
		got.FirstTicks[l], got.FirstIndex[l] = rec.Tick[:first], rec.Index[:first]
	}
	path := filepath.Join("testdata", "cortex3d_n2000_300ms.json")
	if *update {
		b, _ := json.MarshalIndent(got, "", "  ")
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
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
		t.Errorf("cortex3d raster changed (if on purpose, rerun with -update and explain why):\n got %s\nwant %s", gj, wj)
	}
}
