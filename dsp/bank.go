package dsp

import (
	"fmt"
	"math"
	"math/cmplx"
)

// ERBSpace returns n centre frequencies from lo to hi Hz (both included)
// equally spaced on the ERB-rate scale, so that neighbouring gammatone
// filters overlap alike across the band.
func ERBSpace(lo, hi float64, n int) ([]float64, error) {
	if err := checkSpace(lo, hi, n); err != nil {
		return nil, err
	}
	return spaced(lo, hi, ERBRate(lo), ERBRate(hi), n, InvERBRate), nil
}

// LogSpace returns n centre frequencies from lo to hi Hz (both included)
// equally spaced on a log scale (constant-Q banks).
func LogSpace(lo, hi float64, n int) ([]float64, error) {
	if err := checkSpace(lo, hi, n); err != nil {
		return nil, err
	}
	return spaced(lo, hi, math.Log(lo), math.Log(hi), n, math.Exp), nil
}

func checkSpace(lo, hi float64, n int) error {
	if !(lo > 0 && hi >= lo) || math.IsInf(hi, 0) {
		return fmt.Errorf("%w: band [%v, %v] Hz, want 0 < lo <= hi, finite", ErrParam, lo, hi)
	}
	if n < 1 || n > 1 && hi == lo {
		return fmt.Errorf("%w: %d channels in [%v, %v] Hz, want n >= 1 (1 if lo = hi)", ErrParam, n, lo, hi)
	}
	return nil
}

// spaced maps n points equally spaced over [a, b] back through inv; the
// ends are lo and hi exactly.
func spaced(lo, hi, a, b float64, n int, inv func(float64) float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = inv(a + (b-a)*float64(i)/float64(max(n-1, 1)))
	}
	out[0] = lo
	if n > 1 {
		out[n-1] = hi
	}
	return out
}

// Bank is a filterbank: one filter per channel, in increasing order of
// centre frequency, at sample rate Fs.
type Bank struct {
	Fs      float64
	Filters []Filter
}

// NewGammatoneBank is a bank of Gammatone filters centred on centers.
func NewGammatoneBank(fs float64, centers []float64) (*Bank, error) {
	return newBank(fs, centers, func(f float64) (Filter, error) { return Gammatone(fs, f) })
}

// NewBandPassBank is a bank of cookbook BandPass filters of quality q
// centred on centers.
func NewBandPassBank(fs float64, centers []float64, q float64) (*Bank, error) {
	return newBank(fs, centers, func(f float64) (Filter, error) { return BandPassFilter(fs, f, q) })
}

func newBank(fs float64, centers []float64, design func(float64) (Filter, error)) (*Bank, error) {
	b := &Bank{Fs: fs}
	for i, f := range centers {
		if i > 0 && !(f > centers[i-1]) {
			return nil, fmt.Errorf("%w: centre frequencies must increase: channel %d at %v Hz after %v Hz", ErrParam, i, f, centers[i-1])
		}
		flt, err := design(f)
		if err != nil {
			return nil, fmt.Errorf("channel %d: %w", i, err)
		}
		b.Filters = append(b.Filters, flt)
	}
	return b, nil
}

// Channels is the number of channels.
func (b *Bank) Channels() int { return len(b.Filters) }

// Centers returns the channels' centre frequencies.
func (b *Bank) Centers() []float64 {
	c := make([]float64, len(b.Filters))
	for i := range b.Filters {
		c[i] = b.Filters[i].Center
	}
	return c
}

// ToneProfile is the bank's steady-state power response to a pure tone of
// unit amplitude at f Hz: channel c's mean output power |H_c(f)|^2 / 2.
// For a sum of tones whose frequencies differ by well over the inverse of
// the averaging time, channel powers add, so a power spectrum is a
// non-negative combination of tone profiles.
func (b *Bank) ToneProfile(f float64) []float64 {
	p := make([]float64, len(b.Filters))
	for c := range b.Filters {
		h := cmplx.Abs(b.Filters[c].Response(f, b.Fs))
		p[c] = h * h / 2
	}
	return p
}

// Spectrogram is the frame-RMS envelope of a bank's outputs: Data[c*Frames
// + t] is the RMS of channel c over frame t (row-major, channels x
// frames).
type Spectrogram struct {
	Channels, Frames int
	Hop, Win         int // samples
	Data             []float32
}

// At is channel c's value in frame t.
func (s *Spectrogram) At(c, t int) float32 { return s.Data[c*s.Frames+t] }

// Spectrogram filters x through every channel and takes the RMS of each
// frame of win samples, one frame every hop samples (frames that would run
// past the end are dropped), accumulating in float64.
func (b *Bank) Spectrogram(x []float32, win, hop int) (Spectrogram, error) {
	if win < 1 || hop < 1 {
		return Spectrogram{}, fmt.Errorf("%w: frame of %d samples every %d, want both >= 1", ErrParam, win, hop)
	}
	if err := finite(x); err != nil {
		return Spectrogram{}, err
	}
	frames := 0
	if len(x) >= win {
		frames = (len(x)-win)/hop + 1
	}
	s := Spectrogram{Channels: len(b.Filters), Frames: frames, Hop: hop, Win: win, Data: make([]float32, len(b.Filters)*frames)}
	y := make([]float32, len(x))
	for c := range b.Filters {
		b.Filters[c].Apply(y, x)
		for t := range frames {
			sum := 0.0
			for _, v := range y[t*hop : t*hop+win] {
				sum += float64(v) * float64(v)
			}
			s.Data[c*frames+t] = float32(math.Sqrt(sum / float64(win)))
		}
	}
	return s, nil
}

// Power returns each channel's mean power (mean square of the RMS) over
// frames [from, Frames).
func (s *Spectrogram) Power(from int) []float32 {
	p := make([]float32, s.Channels)
	n := s.Frames - from
	if n <= 0 {
		return p
	}
	for c := range p {
		sum := 0.0
		for t := from; t < s.Frames; t++ {
			v := float64(s.At(c, t))
			sum += v * v
		}
		p[c] = float32(sum / float64(n))
	}
	return p
}

func finite(x []float32) error {
	for i, v := range x {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return fmt.Errorf("%w: sample %d is %v", ErrParam, i, v)
		}
	}
	return nil
}

// Tone returns n samples of amp sin(2 pi f t + phase) at sample rate fs,
// computed in float64.
func Tone(fs, f, amp, phase float64, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(amp * math.Sin(2*math.Pi*f*float64(i)/fs+phase))
	}
	return x
}
