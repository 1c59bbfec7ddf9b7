package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestRunCUBAJSON(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run([]string{"run", "cuba", "-n=1000", "-duration=200ms", "-seed=3", "-json"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	var res map[string]any
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatalf("output is not one JSON object: %v\n%s", err, out.String())
	}
	for _, key := range []string{"backend", "n", "duration_s", "spikes", "rate_hz", "synapses", "wall_s"} {
		if _, ok := res[key]; !ok {
			t.Errorf("JSON has no %q: %s", key, out.String())
		}
	}
	if res["backend"] != "cpu" || res["n"] != 1000.0 || res["duration_s"] != 0.2 {
		t.Errorf("backend, n, duration_s = %v, %v, %v", res["backend"], res["n"], res["duration_s"])
	}
}

func TestBackends(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"backends"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"cpu", "ref", "available"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("backends output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestErrors(t *testing.T) {
	for _, args := range [][]string{
		nil,
		{"frobnicate"},
		{"run"},
		{"run", "nope"},
		{"run", "cuba", "-backend=nope"},
		{"run", "cuba", "-n=-3"},
		{"run", "cuba", "-duration=banana"},
	} {
		var out bytes.Buffer
		if err := run(args, &out, &out); err == nil {
			t.Errorf("spikeflow %q succeeded", args)
		}
	}
}

func TestConformanceJSON(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"conformance", "-backend=cpu", "-json"}, &out, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	var res struct {
		Backend string
		Passed  bool
		Rows    []struct {
			Group  string
			Cases  int
			Status string
		}
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	groups := map[string]bool{}
	for _, r := range res.Rows {
		groups[r.Group] = r.Status == "PASS" && r.Cases > 0
	}
	for _, g := range []string{"coverage", "lif", "poisson", "dense", "network/cuba", "statistics/poisson"} {
		if !groups[g] {
			t.Errorf("group %q missing or not passing: %+v", g, res.Rows)
		}
	}
	if res.Backend != "cpu" || !res.Passed {
		t.Errorf("backend %q, passed %v", res.Backend, res.Passed)
	}
}

// TestBenchJSON runs the CUBA 4k workload once after its warm-up, with the
// simulated time shortened by the hidden -duration flag, and checks the
// figures the issue asks for: wall time and synaptic events per second.
func TestBenchJSON(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run([]string{"bench", "-workloads=cuba-4k", "-runs=1", "-json", "-duration=100ms"}, &out, &errOut); err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	var doc struct {
		Machine struct {
			CPU        string
			Cores      int
			GOMAXPROCS int
			Backend    string
		}
		Runs      int
		Workloads []struct {
			Name    string
			Status  string
			Runs    int
			WallS   struct{ Median, Min, Max float64 } `json:"wall_s"`
			Figures map[string]float64
		}
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("not one JSON document: %v\n%s", err, out.String())
	}
	if doc.Machine.Backend != "cpu" || doc.Machine.Cores < 1 || doc.Machine.GOMAXPROCS < 1 || doc.Machine.CPU == "" || doc.Runs != 1 {
		t.Errorf("machine %+v, runs %d", doc.Machine, doc.Runs)
	}
	if len(doc.Workloads) != 1 {
		t.Fatalf("%d workloads, want cuba-4k alone", len(doc.Workloads))
	}
	w := doc.Workloads[0]
	if w.Name != "cuba-4k" || w.Status != "ok" || w.Runs != 1 || w.WallS.Median <= 0 || w.WallS.Min != w.WallS.Max {
		t.Errorf("row %+v", w)
	}
	if w.Figures["syn_events_per_s"] <= 0 || w.Figures["duration_s"] != 0.1 || w.Figures["synapses"] < 300000 {
		t.Errorf("figures %v", w.Figures)
	}
	if !strings.Contains(errOut.String(), "cuba-4k: run 1/1") {
		t.Errorf("no progress on stderr: %q", errOut.String())
	}
}

// TestBenchPeersNotInstalled: with no usable Python the Brian2 peers are
// reported with what to install, and the command still succeeds.
func TestBenchPeersNotInstalled(t *testing.T) {
	var out, errOut bytes.Buffer
	err := run([]string{"bench", "-workloads=cuba-4k", "-runs=1", "-duration=20ms", "-peers", "-python=/nonexistent/python3"}, &out, &errOut)
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	for _, want := range []string{"brian2-cython", "brian2-cpp_standalone", "peer not installed: apt-get install python3-brian"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestBenchListAndErrors(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"bench", "-list"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"cuba-64k", "available on cpu", "stdp-song", "diehlcook-400", "build-local3d-1e6", "available on vulkan", "sklearn-lasso"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("-list lacks %q:\n%s", want, out.String())
		}
	}
	for _, args := range [][]string{
		{"bench", "-workloads=cuba-8k"},
		{"bench", "-runs=0"},
		{"bench", "-backend=nope"},
		{"bench", "extra"},
	} {
		out.Reset()
		if err := run(args, &out, &out); err == nil {
			t.Errorf("spikeflow %q succeeded", args)
		}
	}
	out.Reset()
	err := run([]string{"bench", "-workloads=cuba-8k"}, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "cuba-4k, cuba-16k, cuba-64k") {
		t.Errorf("unknown workload error %v does not list the valid ones", err)
	}
}
