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
