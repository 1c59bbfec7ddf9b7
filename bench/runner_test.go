package bench_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/backend/cpu"
	"github.com/spikeflow/spikeflow/bench"
)

// fake is a workload whose run i takes walls[i] seconds (the warm-up is
// run 0) and reports rate_hz; each run appends "A" to log, if set.
func fake(t *testing.T, walls []float64, rate float64, log string) bench.Workload {
	i := 0
	return bench.Workload{
		Name: "fake", Group: "fakes", Summary: "a scripted workload",
		Func: func(backend.Backend) (bench.Measurement, error) {
			if i >= len(walls) {
				t.Fatalf("run %d, only %d scripted", i, len(walls))
			}
			if log != "" {
				appendLine(t, log, "A")
			}
			wall := walls[i]
			i++
			return bench.Measurement{WallS: wall, SetupS: 0.1, Figures: []bench.Figure{
				{"rate_hz", rate}, {"runs_so_far", float64(i)},
			}}, nil
		},
	}
}

func appendLine(t *testing.T, path, line string) {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(line + "\n")
	f.Close()
}

func TestRunnerStatistics(t *testing.T) {
	// The warm-up (100 s) must not count; the timed runs are 5, 1, 4, 2, 3.
	w := fake(t, []float64{100, 5, 1, 4, 2, 3}, 6, "")
	rep, err := bench.Run([]bench.Workload{w}, cpu.Backend{}, bench.Options{Runs: 5})
	if err != nil {
		t.Fatal(err)
	}
	res := rep.Workloads[0]
	if res.Status != bench.StatusOK || res.Runs != 5 {
		t.Fatalf("status %q (%s), %d runs", res.Status, res.Reason, res.Runs)
	}
	if res.WallS != (bench.Stats{Median: 3, Min: 1, Max: 5}) {
		t.Errorf("wall %+v, want median 3, min 1, max 5", res.WallS)
	}
	if got := res.SamplesS; len(got) != 5 || got[0] != 5 || got[4] != 3 {
		t.Errorf("samples %v, want [5 1 4 2 3]", got)
	}
	// runs_so_far is 2..6 over the timed runs: median 4.
	if res.Figures["runs_so_far"] != 4 || res.Figures["rate_hz"] != 6 {
		t.Errorf("figures %v, want runs_so_far 4 and rate_hz 6", res.Figures)
	}
	if res.SetupS.Median != 0.1 || rep.Warmup != 1 || rep.Runs != 5 {
		t.Errorf("setup %+v, warmup %d, runs %d", res.SetupS, rep.Warmup, rep.Runs)
	}
}

func TestRunnerError(t *testing.T) {
	w := bench.Workload{Name: "broken", Func: func(backend.Backend) (bench.Measurement, error) {
		return bench.Measurement{}, errors.New("out of cheese")
	}}
	rep, err := bench.Run([]bench.Workload{w}, cpu.Backend{}, bench.Options{Runs: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res := rep.Workloads[0]; res.Status != bench.StatusError || !strings.Contains(res.Reason, "out of cheese") ||
		!strings.Contains(res.Reason, "broken") {
		t.Errorf("status %q, reason %q", res.Status, res.Reason)
	}
}

func TestSelect(t *testing.T) {
	all := bench.Workloads(bench.Config{})
	for _, c := range []struct {
		spec string
		want []string
	}{
		{"cuba", []string{"cuba-4k", "cuba-16k", "cuba-64k"}},
		{"cuba-16k", []string{"cuba-16k"}},
		{"lca-1000x64x256, cuba-4k", []string{"cuba-4k", "lca-1000x64x256"}}, // registry order
		{"cuba,cuba-4k", []string{"cuba-4k", "cuba-16k", "cuba-64k"}},        // no repeats
		{"diehlcook", []string{"diehlcook-100", "diehlcook-400"}},
	} {
		ws, err := bench.Select(all, c.spec)
		if err != nil {
			t.Errorf("Select(%q): %v", c.spec, err)
			continue
		}
		var got []string
		for _, w := range ws {
			got = append(got, w.Name)
		}
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("Select(%q) = %v, want %v", c.spec, got, c.want)
		}
	}
	for _, spec := range []string{"", "all"} {
		if ws, err := bench.Select(all, spec); err != nil || len(ws) != len(all) {
			t.Errorf("Select(%q) = %d workloads, %v; want all %d", spec, len(ws), err, len(all))
		}
	}
	_, err := bench.Select(all, "cuba-4k,cuba-8k")
	if err == nil {
		t.Fatal("unknown workload cuba-8k accepted")
	}
	for _, want := range []string{`"cuba-8k"`, "cuba-4k", "cuba-64k", "stdp-song", "vulkan-tick-overhead", "groups: cuba"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
}

// TestNotAvailable: a workload that cannot run here (the Vulkan one: this
// test binary registers no Vulkan backend) is listed, not run, with the
// reason, which names the missing backend.
func TestNotAvailable(t *testing.T) {
	ws, _ := bench.Select(bench.Workloads(bench.Config{}), "vulkan")
	rep, err := bench.Run(ws, cpu.Backend{}, bench.Options{Runs: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Workloads) != 1 {
		t.Fatalf("%d rows, want 1", len(rep.Workloads))
	}
	for _, res := range rep.Workloads {
		if res.Status != bench.StatusNotAvailable || res.Runs != 0 || !strings.HasPrefix(res.Reason, "not available: ") {
			t.Errorf("%s: status %q, %d runs, reason %q", res.Name, res.Status, res.Runs, res.Reason)
		}
		if res.Name == "vulkan-tick-overhead" && !strings.Contains(res.Reason, `"vulkan"`) {
			t.Errorf("vulkan reason %q does not name the backend", res.Reason)
		}
	}
	var out bytes.Buffer
	if err := rep.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "vulkan-tick-overhead") || !strings.Contains(out.String(), "not available") {
		t.Errorf("text report lacks the not-available row:\n%s", out.String())
	}
}

// TestJSONShape pins the field names that -json documents.
func TestJSONShape(t *testing.T) {
	w := fake(t, []float64{1, 2}, 6, "")
	rep, err := bench.Run([]bench.Workload{w}, cpu.Backend{}, bench.Options{Runs: 1})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := rep.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("not one JSON document: %v\n%s", err, buf.String())
	}
	hasKeys(t, "report", doc, "machine", "runs", "warmup", "peers", "workloads")
	hasKeys(t, "machine", doc["machine"].(map[string]any), "cpu", "cores", "gomaxprocs", "go", "os", "arch", "backend", "device", "load_start", "load_end")
	row := doc["workloads"].([]any)[0].(map[string]any)
	hasKeys(t, "workload", row, "name", "group", "summary", "status", "runs", "wall_s", "setup_s", "samples_s", "figures")
	hasKeys(t, "wall_s", row["wall_s"].(map[string]any), "median", "min", "max")
	if row["name"] != "fake" || row["status"] != "ok" || row["wall_s"].(map[string]any)["median"] != 2.0 {
		t.Errorf("row %v", row)
	}
	if _, ok := row["peers"]; ok {
		t.Error("peers present without -peers")
	}
}

func hasKeys(t *testing.T, what string, m map[string]any, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			t.Errorf("%s has no %q: %v", what, k, m)
		}
	}
}

// fakePeer runs testdata/fake_peer.sh with /bin/sh as its interpreter.
func fakePeer(log string, args ...string) bench.Peer {
	return bench.Peer{Name: "fake-peer", Script: "fake_peer.sh", Args: append([]string{"--log=" + log}, args...),
		Match: "rate_hz", Tolerance: bench.RateTolerance}
}

func peerOptions(runs int) bench.Options {
	testdata, _ := filepath.Abs("testdata")
	return bench.Options{Runs: runs, Peers: true, Python: "/bin/sh", ScriptDir: testdata}
}

// TestPeerPairs: the peer runs after spikeflow's warm-up and after each
// timed run (A B A B), its rate is within 10%, so ratios are reported, each
// from one pair: loop 0.2 s against walls 0.1 and 0.2 s gives 2 and 1.
func TestPeerPairs(t *testing.T) {
	log := filepath.Join(t.TempDir(), "order")
	w := fake(t, []float64{9, 0.1, 0.2}, 6.0, log)
	w.Peers = []bench.Peer{fakePeer(log, "--rate=6.5", "--loop=0.2")}
	rep, err := bench.Run([]bench.Workload{w}, cpu.Backend{}, peerOptions(2))
	if err != nil {
		t.Fatal(err)
	}
	order, _ := os.ReadFile(log)
	if got := strings.Join(strings.Fields(string(order)), " "); got != "A B A B A B" {
		t.Errorf("run order %q, want warm-ups then pairs: A B A B A B", got)
	}
	p := rep.Workloads[0].Peers[0]
	if p.Status != bench.StatusOK || p.Runs != 2 || p.Version != "0.1" || p.Match != "rate_hz" {
		t.Fatalf("peer %+v", p)
	}
	if !near(p.RatioLoop, bench.Stats{Median: 1.5, Min: 1, Max: 2}) {
		t.Errorf("loop ratio %+v, want median 1.5 of the pairs 2 and 1 (not 0.2/0.15)", p.RatioLoop)
	}
	// total 3 s against setup + wall = 0.2 and 0.3 s.
	if !near(p.RatioTotal, bench.Stats{Median: 12.5, Min: 10, Max: 15}) {
		t.Errorf("end-to-end ratio %+v, want 15 and 10", p.RatioTotal)
	}
	if p.FirstCompileS != 1.5 || p.LoopS.Median != 0.2 || p.Figures["spikes"] != 42 {
		t.Errorf("first compile %v, loop %+v, figures %v", p.FirstCompileS, p.LoopS, p.Figures)
	}
	var out bytes.Buffer
	rep.WriteText(&out)
	for _, want := range []string{"fake-peer 0.1", "1.5x [1-2]", "rate_hz 6.5 vs 6 (+8.3%)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("text report lacks %q:\n%s", want, out.String())
		}
	}
}

func near(got *bench.Stats, want bench.Stats) bool {
	close := func(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Abs(b) }
	return got != nil && close(got.Median, want.Median) && close(got.Min, want.Min) && close(got.Max, want.Max)
}

// TestPeerMismatch: a peer whose rate is 20% off computed another network;
// its times are shown, a ratio is not.
func TestPeerMismatch(t *testing.T) {
	log := filepath.Join(t.TempDir(), "order")
	w := fake(t, []float64{1, 1, 1}, 6.0, log)
	w.Peers = []bench.Peer{fakePeer(log, "--rate=7.2")}
	rep, err := bench.Run([]bench.Workload{w}, cpu.Backend{}, peerOptions(2))
	if err != nil {
		t.Fatal(err)
	}
	p := rep.Workloads[0].Peers[0]
	if p.Status != bench.StatusMismatch || p.RatioLoop != nil || p.RatioTotal != nil {
		t.Errorf("status %q, ratios %v %v; want a mismatch and no ratio", p.Status, p.RatioLoop, p.RatioTotal)
	}
	if !strings.Contains(p.Reason, "rate_hz 7.2 vs spikeflow's 6") || !strings.Contains(p.Reason, "20% apart") {
		t.Errorf("reason %q", p.Reason)
	}
	if p.LoopS.Median != 0.2 {
		t.Errorf("loop %+v: the times should still be there", p.LoopS)
	}
}

func TestPeerNotInstalledOrFailing(t *testing.T) {
	log := filepath.Join(t.TempDir(), "order")
	w := fake(t, []float64{1, 1}, 6.0, log)
	missing := fakePeer(log)
	missing.Name, missing.Module, missing.Package = "missing", "spikeflow_no_such_module", "python3-nothing"
	failing := fakePeer(log, "--fail")
	failing.Name = "failing"
	w.Peers = []bench.Peer{missing, failing}
	rep, err := bench.Run([]bench.Workload{w}, cpu.Backend{}, peerOptions(1))
	if err != nil {
		t.Fatal(err)
	}
	ps := rep.Workloads[0].Peers
	if ps[0].Status != bench.StatusNotInstalled || !strings.HasPrefix(ps[0].Reason, "peer not installed: apt-get install python3-nothing") {
		t.Errorf("missing peer: %q, %q", ps[0].Status, ps[0].Reason)
	}
	if ps[1].Status != bench.StatusError || !strings.Contains(ps[1].Reason, "asked to fail") {
		t.Errorf("failing peer: %q, %q", ps[1].Status, ps[1].Reason)
	}
	// Neither peer ran (the failing one died in its warm-up): spikeflow's
	// two runs only.
	if order, _ := os.ReadFile(log); strings.Join(strings.Fields(string(order)), " ") != "A A" {
		t.Errorf("run order %q, want A A", order)
	}
}

// TestPeerBlocked: a peer of a workload that cannot run is not run, and is
// reported as blocked by the workload alone.
func TestPeerBlocked(t *testing.T) {
	log := filepath.Join(t.TempDir(), "order")
	w := bench.Workload{Name: "later", Peers: []bench.Peer{fakePeer(log)},
		Check: func(backend.Backend) error {
			return fmt.Errorf("%w: the feature has not landed", bench.ErrNotAvailable)
		}}
	rep, err := bench.Run([]bench.Workload{w}, cpu.Backend{}, peerOptions(1))
	if err != nil {
		t.Fatal(err)
	}
	res := rep.Workloads[0]
	if res.Status != bench.StatusNotAvailable || len(res.Peers) != 1 {
		t.Fatalf("status %q, peers %+v", res.Status, res.Peers)
	}
	if p := res.Peers[0]; p.Status != bench.StatusBlocked || p.Reason != "installed; waiting for the workload: the feature has not landed" {
		t.Errorf("peer %q: %q", p.Status, p.Reason)
	}
	if _, err := os.Stat(log); err == nil {
		t.Error("the peer of an unavailable workload ran")
	}
}

// TestLandedWorkloads runs the STDP and LCA workloads once, shortened, and
// checks that each reports what it measures: the LCA codes reach the
// objective scikit-learn is compared on, and the STDP network delivers
// input spikes.
func TestLandedWorkloads(t *testing.T) {
	ws, err := bench.Select(bench.Workloads(bench.Config{Duration: 200 * time.Millisecond}), "stdp-song,lca")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := bench.Run(ws, cpu.Backend{}, bench.Options{Runs: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, res := range rep.Workloads {
		if res.Status != bench.StatusOK {
			t.Fatalf("%s: %s %s", res.Name, res.Status, res.Reason)
		}
	}
	stdp, lca := rep.Workloads[0].Figures, rep.Workloads[1].Figures
	if stdp["syn_events_per_s"] <= 0 || stdp["output_rate_hz"] <= 0 {
		t.Errorf("stdp-song figures %v", stdp)
	}
	// About 10 atoms per signal plus noise, lambda 0.1: the objective is
	// below half the signals' energy (0.5 ||x||^2 is about 5) and above 0.
	if obj := lca["objective"]; !(obj > 0.3 && obj < 2.5) || lca["nonzero"] < 5 {
		t.Errorf("lca figures %v", lca)
	}
}
