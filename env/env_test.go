package env

import (
	"math"
	"testing"
)

var _ Environment = (*Bandit)(nil)

// Each arm pays at its probability: over 4000 pulls of every arm the
// frequency lies within 4 standard errors of P[a].
func TestBanditPayoff(t *testing.T) {
	b, err := NewBandit(4, 1000, 3)
	if err != nil {
		t.Fatal(err)
	}
	for a, p := range b.P {
		wins, pulls := 0.0, 0
		for range 4 {
			b.Reset()
			for done := false; !done; pulls++ {
				var r float64
				_, r, done = b.Step(a)
				wins += r
			}
		}
		if se := math.Sqrt(p * (1 - p) / float64(pulls)); math.Abs(wins/float64(pulls)-p) > 4*se+1e-9 {
			t.Errorf("arm %d: paid %.4f of %d pulls, want %.4f within 4 SE (%.4f)", a, wins/float64(pulls), pulls, p, se)
		}
	}
}

func TestBanditEpisode(t *testing.T) {
	b, _ := NewBandit(3, 2, 1)
	obs := b.Reset()
	if len(obs) != b.ObservationSize() || obs[0] != 0 || obs[4] != 1 {
		t.Fatalf("first observation %v", obs)
	}
	obs, r, done := b.Step(1)
	if done || obs[1] != 1 || obs[0] != 0 || obs[3] != float32(r) || obs[4] != 1 {
		t.Errorf("after pulling arm 1: %v, reward %v, done %v", obs, r, done)
	}
	if _, _, done = b.Step(2); !done {
		t.Error("not done after the horizon")
	}
	if _, r, done = b.Step(0); !done || r != 0 {
		t.Errorf("past the horizon: reward %v, done %v", r, done)
	}
	// Same seed, same episode, same actions: same rewards.
	c, _ := NewBandit(3, 2, 1)
	c.Reset()
	_, r1, _ := c.Step(1)
	b.Reset()
	b.episode = 0
	_, r2, _ := b.Step(1)
	if r1 != r2 {
		t.Errorf("rewards differ: %v, %v", r1, r2)
	}
	if _, err := NewBandit(0, 5, 1); err == nil {
		t.Error("a bandit with no arms")
	}
}
