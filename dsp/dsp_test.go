package dsp

import (
	"errors"
	"math"
	"math/cmplx"
	"strings"
	"testing"
)

const fs = 16000.0

// measured is the DTFT at f of the filter's float32 impulse response
// (n samples, long enough for it to decay below float32 resolution).
func measured(f *Filter, freq float64, n int) complex128 {
	x := make([]float32, n)
	x[0] = 1
	f.Apply(x, x)
	var h complex128
	for i, v := range x {
		h += complex(float64(v), 0) * cmplx.Exp(complex(0, -2*math.Pi*freq*float64(i)/fs))
	}
	return h
}

func db(h complex128) float64 { return 20 * math.Log10(cmplx.Abs(h)) }

// TestBandPass: the cookbook band-pass has 0 dB at f0 and -3 dB at the
// edges of a band of about f0/Q, both in its design and in the impulse
// response Apply computes.
func TestBandPass(t *testing.T) {
	for _, c := range []struct{ f0, q float64 }{{1000, 5}, {250, 2}, {3000, 10}} {
		f, err := BandPassFilter(fs, c.f0, c.q)
		if err != nil {
			t.Fatal(err)
		}
		if g := db(measured(&f, c.f0, 1<<14)); math.Abs(g) > 0.01 {
			t.Errorf("f0 %v, Q %v: impulse response at f0 is %.4f dB, want 0", c.f0, c.q, g)
		}
		// The cookbook's bandwidth in octaves between the -3 dB points,
		// warping included: 1/Q = 2 sinh(ln(2)/2 BW w0/sin(w0)).
		lo, hi := f.Bandwidth(fs)
		w0 := 2 * math.Pi * c.f0 / fs
		want := 2 / math.Ln2 * math.Asinh(1/(2*c.q)) * math.Sin(w0) / w0
		if bw := math.Log2(hi / lo); math.Abs(bw/want-1) > 0.01 {
			t.Errorf("f0 %v, Q %v: -3 dB band [%.2f, %.2f] Hz, %.4f octaves, want %.4f within 1%%", c.f0, c.q, lo, hi, bw, want)
		}
		if bw := hi - lo; c.f0 < fs/8 && math.Abs(bw/(c.f0/c.q)-1) > 0.03 {
			t.Errorf("f0 %v, Q %v: -3 dB bandwidth %.2f Hz, want about f0/Q = %.2f", c.f0, c.q, bw, c.f0/c.q)
		}
		for _, e := range []float64{lo, hi} {
			if g := db(measured(&f, e, 1<<14)); math.Abs(g+3.0103) > 0.01 {
				t.Errorf("f0 %v, Q %v: impulse response at the band edge %.1f Hz is %.4f dB, want -3.01", c.f0, c.q, e, g)
			}
		}
	}
}

// TestGammatone: 0 dB at the centre, the peak of the measured response
// within 1% of it, and a -3 dB bandwidth of 0.887 ERB (2 b sqrt(2^(1/4) -
// 1) for b = 1.019 ERB) within 3%.
func TestGammatone(t *testing.T) {
	for _, f0 := range []float64{200, 1000, 3000} {
		f, err := Gammatone(fs, f0)
		if err != nil {
			t.Fatal(err)
		}
		if g := db(measured(&f, f0, 1<<14)); math.Abs(g) > 0.01 {
			t.Errorf("f0 %v: impulse response at f0 is %.4f dB, want 0", f0, g)
		}
		best, at := -1.0, 0.0
		for x := 0.9 * f0; x <= 1.1*f0; x += f0 / 2000 {
			if a := cmplx.Abs(measured(&f, x, 1<<13)); a > best {
				best, at = a, x
			}
		}
		if math.Abs(at/f0-1) > 0.01 {
			t.Errorf("f0 %v: measured response peaks at %.1f Hz", f0, at)
		}
		lo, hi := f.Bandwidth(fs)
		want := 2 * 1.019 * ERB(f0) * math.Sqrt(math.Pow(2, 0.25)-1)
		if math.Abs((hi-lo)/want-1) > 0.03 {
			t.Errorf("f0 %v: -3 dB bandwidth %.2f Hz, want 0.887 ERB = %.2f within 3%%", f0, hi-lo, want)
		}
		t.Logf("f0 %v Hz: ERB %.1f Hz, -3 dB band [%.1f, %.1f] (%.3f ERB)", f0, ERB(f0), lo, hi, (hi-lo)/ERB(f0))
	}
}

// TestERB: the formula's values by hand, and ERBRate inverts.
func TestERB(t *testing.T) {
	// ERB(1000) = 24.7 * 5.37; ERBRate(1000) = 21.4 log10(5.37).
	if e := ERB(1000); math.Abs(e-132.639) > 1e-3 {
		t.Errorf("ERB(1000) = %v, want 132.639", e)
	}
	if r := ERBRate(1000); math.Abs(r-15.6224) > 1e-3 {
		t.Errorf("ERBRate(1000) = %v, want 15.622", r)
	}
	for _, f := range []float64{50, 440, 8000} {
		if g := InvERBRate(ERBRate(f)); math.Abs(g-f) > 1e-9*f {
			t.Errorf("InvERBRate(ERBRate(%v)) = %v", f, g)
		}
	}
	c, err := ERBSpace(100, 4000, 5)
	if err != nil {
		t.Fatal(err)
	}
	if c[0] != 100 || c[4] != 4000 {
		t.Errorf("ERBSpace ends %v", c)
	}
	for i := 1; i < 5; i++ {
		step := ERBRate(c[i]) - ERBRate(c[i-1])
		if math.Abs(step-(ERBRate(4000)-ERBRate(100))/4) > 1e-9 {
			t.Errorf("ERB step %d = %v", i, step)
		}
	}
	l, _ := LogSpace(100, 1600, 5)
	for i, want := range []float64{100, 200, 400, 800, 1600} {
		if math.Abs(l[i]-want) > 1e-9 {
			t.Errorf("LogSpace[%d] = %v, want %v", i, l[i], want)
		}
	}
}

// TestBankTone: a pure tone peaks in the channel whose centre is nearest
// to it on the ERB scale, for gammatone and band-pass banks, and a tone at
// a channel's centre has RMS amp/sqrt(2) there (the filter's gain is 1).
func TestBankTone(t *testing.T) {
	centers, _ := ERBSpace(200, 4000, 32)
	gt, err := NewGammatoneBank(fs, centers)
	if err != nil {
		t.Fatal(err)
	}
	bp, err := NewBandPassBank(fs, centers, 8)
	if err != nil {
		t.Fatal(err)
	}
	for name, bank := range map[string]*Bank{"gammatone": gt, "band-pass": bp} {
		for _, f := range []float64{220, 523.25, 1000, 1234, 3500} {
			s, err := bank.Spectrogram(Tone(fs, f, 0.5, 0, 8000), 1600, 800)
			if err != nil {
				t.Fatal(err)
			}
			p := s.Power(2) // frames after 100 ms
			got := argmax(p)
			near := 0
			for c := range centers {
				if math.Abs(ERBRate(centers[c])-ERBRate(f)) < math.Abs(ERBRate(centers[near])-ERBRate(f)) {
					near = c
				}
			}
			if got != near {
				t.Errorf("%s: a tone at %v Hz peaks in channel %d (%.1f Hz), want %d (%.1f Hz)", name, f, got, centers[got], near, centers[near])
			}
		}
		c := 20
		s, _ := bank.Spectrogram(Tone(fs, centers[c], 0.5, 0, 8000), 1600, 800)
		if rms := s.At(c, s.Frames-1); math.Abs(float64(rms)-0.5/math.Sqrt2) > 2e-3 {
			t.Errorf("%s: tone at channel %d's centre: RMS %v, want %v", name, c, rms, 0.5/math.Sqrt2)
		}
	}
}

func argmax(p []float32) int {
	best := 0
	for i, v := range p {
		if v > p[best] {
			best = i
		}
	}
	return best
}

// TestDspErrors: bad parameters name what is wrong and wrap ErrParam.
func TestDspErrors(t *testing.T) {
	_, e1 := BandPass(0, 100, 1)
	_, e2 := BandPass(fs, 9000, 1)
	_, e3 := BandPass(fs, 1000, -1)
	_, e4 := Gammatone(fs, math.NaN())
	_, e5 := NewGammatoneBank(fs, []float64{1000, 500})
	_, e6 := ERBSpace(100, 50, 4)
	bank, _ := NewGammatoneBank(fs, []float64{1000})
	_, e7 := bank.Spectrogram([]float32{0, float32(math.Inf(1))}, 1, 1)
	_, e8 := bank.Spectrogram([]float32{0}, 0, 1)
	for i, c := range []struct {
		err  error
		want string
	}{{e1, "sample rate 0"}, {e2, "centre frequency 9000"}, {e3, "Q = -1"}, {e4, "centre frequency NaN"},
		{e5, "channel 1 at 500 Hz after 1000 Hz"}, {e6, "band [100, 50]"}, {e7, "sample 1 is +Inf"}, {e8, "frame of 0 samples"}} {
		if c.err == nil || !errors.Is(c.err, ErrParam) || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("case %d: %v, want an ErrParam mentioning %q", i, c.err, c.want)
		}
	}
}

// TestToneProfile: what a spectrum coder assumes. The mean power of every
// channel for a unit tone is ToneProfile's |H|^2/2, and for two tones 100
// Hz apart the powers add (the beat averages out over whole frames), both
// within 1% of the largest channel.
func TestToneProfile(t *testing.T) {
	centers, _ := ERBSpace(500, 2000, 24)
	bank, err := NewGammatoneBank(fs, centers)
	if err != nil {
		t.Fatal(err)
	}
	const n = 16000
	x := Tone(fs, 1000, 1, 0, n)
	y := Tone(fs, 1100, 1, 1, n)
	for k := range x {
		y[k] += x[k]
	}
	p1, p2 := bank.ToneProfile(1000), bank.ToneProfile(1100)
	for _, c := range []struct {
		name string
		sig  []float32
		want func(int) float64
	}{
		{"one tone", x, func(i int) float64 { return p1[i] }},
		{"two tones", y, func(i int) float64 { return p1[i] + p2[i] }},
	} {
		s, err := bank.Spectrogram(c.sig, 1600, 1600) // 100 ms frames: 10 beats of 100 Hz each
		if err != nil {
			t.Fatal(err)
		}
		got := s.Power(1)
		top := 0.0
		for i := range got {
			top = max(top, c.want(i))
		}
		for i := range got {
			if d := math.Abs(float64(got[i]) - c.want(i)); d > 0.01*top {
				t.Errorf("%s: channel %d (%.0f Hz): power %.5f, profile %.5f", c.name, i, centers[i], got[i], c.want(i))
			}
		}
	}
}
