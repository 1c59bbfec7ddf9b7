package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDiehlCookTrainEval trains on 20 digits, then tests the checkpoint
// with eval; both must report the same accuracy on the same test digits,
// and train must leave a checkpoint, a PNG and a progress bar.
func TestDiehlCookTrainEval(t *testing.T) {
	dir := t.TempDir()
	ckpt := filepath.Join(dir, "dc.ckpt")
	var out, errOut bytes.Buffer
	err := run([]string{"train", "diehlcook", "-backend=cpu", "-neurons=20", "-train-limit=20", "-label-limit=20",
		"-test-limit=20", "-seed=2", "-checkpoint-every=8", "-out=" + ckpt, "-json"}, &out, &errOut)
	if err != nil {
		t.Fatal(err)
	}
	var train map[string]any
	if err := json.Unmarshal(out.Bytes(), &train); err != nil {
		t.Fatalf("train output is not one JSON object: %v\n%s", err, out.String())
	}
	if train["train_digits"] != 20.0 || train["test_digits"] != 20.0 || train["label_digits"] != 20.0 || train["neurons"] != 20.0 {
		t.Errorf("train summary: %s", out.String())
	}
	if !strings.Contains(errOut.String(), "20/20") || !strings.Contains(errOut.String(), "digits/s") {
		t.Errorf("no progress bar on stderr: %q", errOut.String())
	}
	if png, err := os.ReadFile(filepath.Join(dir, "dc.png")); err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Errorf("receptive fields PNG: %v", err)
	}

	err = run([]string{"train", "diehlcook", "-resume", "-neurons=30", "-train-limit=20", "-out=" + ckpt}, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "was trained with -neurons=20") {
		t.Errorf("-resume with other flags: %v, want an error naming the checkpoint's flags", err)
	}

	out.Reset()
	if err := run([]string{"eval", "diehlcook", "-in", ckpt, "-test-limit=20", "-json"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	var eval map[string]any
	if err := json.Unmarshal(out.Bytes(), &eval); err != nil {
		t.Fatalf("eval output is not one JSON object: %v\n%s", err, out.String())
	}
	if eval["test_accuracy"] != train["test_accuracy"] || eval["test_digits"] != 20.0 {
		t.Errorf("eval accuracy %v on %v digits, train reported %v", eval["test_accuracy"], eval["test_digits"], train["test_accuracy"])
	}
	if _, ok := eval["label_digits"]; ok {
		t.Errorf("eval labelled again without -relabel: %s", out.String())
	}

	out.Reset()
	if err := run([]string{"eval", "diehlcook", "-in", ckpt, "-relabel", "-label-limit=20", "-test-limit=20", "-json"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(out.Bytes(), &eval); err != nil {
		t.Fatal(err)
	}
	// The same 20 digits label the same network alike.
	if eval["label_digits"] != 20.0 || eval["test_accuracy"] != train["test_accuracy"] {
		t.Errorf("-relabel: %s", out.String())
	}
}

func TestDiehlCookErrors(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.ckpt")
	if err := os.WriteFile(junk, []byte("not a checkpoint"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"train"}, "name a network"},
		{[]string{"eval", "cuba"}, "name a network"},
		{[]string{"eval", "diehlcook"}, "-in is required"},
		{[]string{"eval", "diehlcook", "-in", junk}, "not a Diehl & Cook checkpoint"},
		{[]string{"eval", "diehlcook", "-in", filepath.Join(dir, "missing.ckpt")}, "no such file"},
		{[]string{"train", "diehlcook", "-neurons=0", "-out", filepath.Join(dir, "x.ckpt")}, "Neurons = 0"},
		{[]string{"train", "diehlcook", "-resume", "-out", junk}, "not a Diehl & Cook checkpoint"},
	} {
		var out bytes.Buffer
		err := run(tc.args, &out, &out)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want one saying %q", tc.args, err, tc.want)
		}
	}
}
