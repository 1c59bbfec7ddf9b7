package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/spikeflow/spikeflow/backend"
)

// The loop runs end to end and gives the same rewards, pulls and spike
// counts on every backend available here (the reference included).
func TestBanditBackendsAgree(t *testing.T) {
	var want string
	for _, name := range []string{"ref", "cpu", "vulkan"} {
		b, err := backend.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := b.Capabilities().Available; err != nil {
			t.Logf("%s is not available here, not compared: %v", name, err)
			continue
		}
		var out bytes.Buffer
		if err := run([]string{"-backend", name, "-episodes", "2", "-steps", "8", "-seed", "3"}, &out); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		_, episodes, _ := strings.Cut(out.String(), "per pull\n")
		if !strings.Contains(episodes, "episode 2: reward ") || !strings.Contains(episodes, "output spikes per pull") {
			t.Fatalf("%s printed:\n%s", name, out.String())
		}
		if want == "" {
			want = episodes
		} else if episodes != want {
			t.Errorf("%s printed\n%s\nthe reference printed\n%s", name, episodes, want)
		}
	}
}
