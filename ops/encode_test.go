package ops

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

func TestNewRhythm(t *testing.T) {
	// 8 Hz at 1 ms: 125 ticks, 5 gamma cycles of 25 ticks (40 Hz), exact.
	r, rnd, err := NewRhythm(8, 5, 3*time.Millisecond, time.Millisecond)
	if err != nil || r != (Rhythm{Theta: 125, Gamma: 5, Offset: 3}) || rnd.ThetaHzGot != 8 || rnd.GammaHzGot != 40 {
		t.Fatalf("NewRhythm(8 Hz, 5) = %+v, %v, %v", r, rnd, err)
	}
	// 10 Hz at 0.1 ms with 7 gamma cycles: 1000 ticks is not a multiple of
	// 7; 143 * 7 = 1001 ticks is the nearest, 9.99 Hz.
	r, rnd, err = NewRhythm(10, 7, 0, 100*time.Microsecond)
	if err != nil || r.Theta != 1001 || math.Abs(rnd.ThetaHzGot-1e4/1001) > 1e-12 {
		t.Fatalf("NewRhythm(10 Hz, 7) = %+v, %v, %v", r, rnd, err)
	}
	if !strings.Contains(rnd.String(), "theta 10 Hz -> 9.99 Hz") {
		t.Errorf("rounding reads %q", rnd)
	}
	if _, _, err := NewRhythm(-1, 0, 0, 0); !errors.Is(err, ErrParam) || strings.Count(err.Error(), "\n") != 2 {
		t.Errorf("bad arguments: %v; want three errors", err)
	}
}

func TestRhythm(t *testing.T) {
	r := Rhythm{Theta: 24, Gamma: 3, Offset: 5}
	// At tick 3 the rhythm is at tick 8: gamma cycle 1 starts.
	if r.At(3) != 8 || r.Cycle(3) != 1 || r.InGamma(3) != 0 || r.InGamma(2) != 7 || r.NextTheta(0) != 19 || r.NextTheta(19) != 19 {
		t.Errorf("At(3) = %d, Cycle(3) = %d, InGamma(3, 2) = %d, %d, NextTheta(0, 19) = %d, %d",
			r.At(3), r.Cycle(3), r.InGamma(3), r.InGamma(2), r.NextTheta(0), r.NextTheta(19))
	}
	for _, bad := range []Rhythm{{Theta: 0, Gamma: 1}, {Theta: MaxPeriod + 1, Gamma: 1}, {Theta: 10, Gamma: 3},
		{Theta: 10, Gamma: 0}, {Theta: 10, Gamma: 2, Offset: 10}, {Theta: 10, Gamma: 2, Offset: -1}} {
		if err := bad.Check(); !errors.Is(err, ErrParam) {
			t.Errorf("%+v: Check = %v", bad, err)
		}
	}
}

func TestOscillatorTable(t *testing.T) {
	tab := (&Oscillator{Rhythm{Theta: 12, Gamma: 3}}).Table()
	// Rhythm tick 2: theta phase 1/6, gamma cycle 0, gamma phase 1/2,
	// sin(pi/3), cos(pi/3); tick 9: cycle 2, gamma phase 1/4, sin(3 pi/2).
	for _, c := range []struct {
		k    int
		want [5]float32
	}{
		{2, [5]float32{1.0 / 6, 0, 0.5, float32(math.Sqrt(3) / 2), 0.5}},
		{9, [5]float32{0.75, 2, 0.25, -1, float32(math.Cos(1.5 * math.Pi))}},
	} {
		for o, w := range c.want {
			if got := tab[5*c.k+o]; got != w {
				t.Errorf("Table[tick %d][%d] = %v, want %v", c.k, o, got, w)
			}
		}
	}
}

// The examples of the encoders' documentation, by hand.
func TestEncoderLevels(t *testing.T) {
	if b := PhaseBin(0.5, 8); b != 4 { // 0.5 * 7 = 3.5: the tie rounds up
		t.Errorf("PhaseBin(0.5, 8) = %d, want 4", b)
	}
	if tk := PhaseTick(4, 8, 16); tk != 8 {
		t.Errorf("PhaseTick(4, 8, 16) = %d, want 8", tk)
	}
	if tk := LatencyTick(0.25, 9); tk != 6 {
		t.Errorf("LatencyTick(0.25, 9) = %d, want 6", tk)
	}
	if q := WeightedCode(0.7, 4); q != 11 || !Fires(q, 0, 4) || Fires(q, 1, 4) || !Fires(q, 3, 4) {
		t.Errorf("WeightedCode(0.7, 4) = %d (0b%b), want 11 = 0b1011", q, q)
	}
	if WeightedCode(1, MaxPhases) != 1<<MaxPhases-1 || PhaseWeight(0) != 0.5 || PhaseWeight(15) != 1.0/65536 {
		t.Errorf("WeightedCode(1, %d) = %d, PhaseWeight(0, 15) = %v, %v", MaxPhases, WeightedCode(1, MaxPhases), PhaseWeight(0), PhaseWeight(15))
	}
	lo, scale := ValueRange{Lo: -50, Hi: -60}.Factors()
	for _, c := range []struct{ x, want float32 }{{-55, 0.5}, {-50, 0}, {-40, 0}, {-65, 1}, {float32(math.NaN()), 0}} {
		if got := Unit(c.x, lo, scale); got != c.want {
			t.Errorf("Unit(%v) over [-50, -60] = %v, want %v", c.x, got, c.want)
		}
	}
}

// PhaseOf inverts PhaseTick for every bin count up to the cycle length,
// and names no bin on the other ticks.
func TestPhaseOf(t *testing.T) {
	for tg := 1; tg <= 40; tg++ {
		for bins := 1; bins <= tg; bins++ {
			starts := 0
			for j := range tg {
				if b := PhaseOf(j, bins, tg); b >= 0 {
					starts++
					if PhaseTick(b, bins, tg) != j {
						t.Fatalf("tg %d, bins %d: PhaseOf(%d) = %d, which starts at %d", tg, bins, j, b, PhaseTick(b, bins, tg))
					}
				}
			}
			if starts != bins {
				t.Fatalf("tg %d, bins %d: %d ticks start a bin", tg, bins, starts)
			}
		}
	}
}

func TestEncoderValidate(t *testing.T) {
	r := Rhythm{Theta: 24, Gamma: 3}
	for _, c := range []struct {
		op   Op
		want string
	}{
		{&Phase{N: 1, Rhythm: r, Bins: 9}, "Bins = 9, must be in [1, 8]"},
		{&Phase{N: 1, Rhythm: Rhythm{Theta: 10, Gamma: 3}, Bins: 2}, "not divisible"},
		{&WeightedPhase{N: 1, Rhythm: Rhythm{Theta: 200, Gamma: 2}, Phases: 17}, "Phases = 17, must be in [1, 16]"},
		{&Latency{N: 1, Window: 5, Offset: 5}, "Offset = 5 ticks"},
		{&Latency{N: -1, Window: 0}, "Window = 0"},
		{&Phase{N: 1, Rhythm: r, Bins: 2, Range: ValueRange{Lo: 3, Hi: 3}}, "empty value range"},
		{&Multiplex{N: 1, Rhythm: r, Gain: 1e300}, "overflows float32"},
	} {
		err := c.op.Validate(time.Millisecond)
		if !errors.Is(err, ErrParam) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%T: Validate = %v, want %q", c.op, err, c.want)
		}
	}
	if _, err := (&Multiplex{N: 4, Rhythm: r}).Infer([]Shape{Vec(4)}); !errors.Is(err, ErrShape) {
		t.Errorf("Multiplex of 4 neurons with 4 items: %v, want a shape error (12 items)", err)
	}
}
