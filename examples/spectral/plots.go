package main

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// writePNGs draws the figures into dir and returns their paths:
// spectrogram.png, the bank's output for the example mixture (before);
// spectrum.png, its raw spectrum against each method's sharpened one
// (after); sweep.png, every df's profile per method as rows of an image.
func writePNGs(dir string, res Result) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	files := []string{filepath.Join(dir, "spectrogram.png"), filepath.Join(dir, "spectrum.png"), filepath.Join(dir, "sweep.png")}
	if err := spectrogramPNG(files[0], res); err != nil {
		return nil, err
	}
	if err := spectrumPNG(files[1], res); err != nil {
		return nil, err
	}
	if err := sweepPNG(files[2], res); err != nil {
		return nil, err
	}
	return files, nil
}

// gray maps v in [0, top] to black..white.
func gray(v, top float32) color.Gray {
	if top <= 0 {
		return color.Gray{}
	}
	return color.Gray{Y: uint8(math.Round(255 * float64(min(max(v/top, 0), 1))))}
}

func spectrogramPNG(path string, res Result) error {
	s := res.Example
	img := image.NewGray(image.Rect(0, 0, s.Frames, s.Channels))
	top := slices.Max(s.Data)
	for c := range s.Channels {
		for t := range s.Frames {
			img.SetGray(t, s.Channels-1-c, gray(s.At(c, t), top)) // low channels at the bottom
		}
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("gammatone spectrogram (frame RMS): tones at %g and %g Hz", res.F1, res.F1+res.ExampleDF)
	p.X.Label.Text = "frame"
	p.Y.Label.Text = "channel"
	p.Add(plotter.NewImage(img, 0, 0, float64(s.Frames), float64(s.Channels)))
	return p.Save(16*vg.Centimeter, 10*vg.Centimeter, path)
}

func spectrumPNG(path string, res Result) error {
	p := plot.New()
	i := res.ExampleIndex
	p.Title.Text = fmt.Sprintf("tones at %g and %g Hz: raw spectrum and sharpened", res.F1, res.F1+res.ExampleDF)
	p.X.Label.Text = "frequency (Hz)"
	p.Y.Label.Text = "normalized"
	p.Legend.Top = true
	for k, m := range res.Methods {
		y := m.Profiles[i]
		top := slices.Max(y)
		pts := make(plotter.XYs, len(y))
		for j := range y {
			pts[j].X = m.Frequencies[j]
			if top > 0 {
				pts[j].Y = float64(y[j] / top)
			}
		}
		line, err := plotter.NewLine(pts)
		if err != nil {
			return err
		}
		line.Color = plotColor(k)
		line.Width = vg.Points(1.5)
		p.Add(line)
		p.Legend.Add(fmt.Sprintf("%s (%s)", m.Name, m.ProfileLabels), line)
	}
	for _, f := range []float64{res.F1, res.F1 + res.ExampleDF} {
		tone, err := plotter.NewLine(plotter.XYs{{X: f, Y: 0}, {X: f, Y: 1.05}})
		if err != nil {
			return err
		}
		tone.Dashes = []vg.Length{vg.Points(3), vg.Points(3)}
		p.Add(tone)
	}
	f0, f1 := res.F1-4*res.ExampleDF-50, res.F1+5*res.ExampleDF+50
	p.X.Min, p.X.Max = f0, f1
	return p.Save(16*vg.Centimeter, 10*vg.Centimeter, path)
}

func plotColor(k int) color.Color {
	return []color.Color{color.RGBA{R: 120, G: 120, B: 120, A: 255}, color.RGBA{R: 200, A: 255}, color.RGBA{B: 200, A: 255}}[k%3]
}

// sweepPNG draws one panel per method side by side: row r is df number r
// (smallest at the bottom), each row scaled to its own maximum.
func sweepPNG(path string, res Result) error {
	rows := len(res.DFs)
	const width = 200
	img := image.NewGray(image.Rect(0, 0, len(res.Methods)*(width+10), rows*4))
	for k := range img.Pix {
		img.Pix[k] = 64
	}
	lo, hi := res.F1-150, res.F1+res.DFs[rows-1]+150
	for k, m := range res.Methods {
		for r := range rows {
			y := m.Profiles[r]
			top := slices.Max(y)
			for x := range width {
				f := lo + (hi-lo)*float64(x)/(width-1)
				v := y[nearest(m.Frequencies, f)]
				for dy := range 4 {
					img.SetGray(k*(width+10)+x, (rows-1-r)*4+dy, gray(v, top))
				}
			}
		}
	}
	p := plot.New()
	title := "df sweep, rows df = %g..%g Hz (bottom to top), %g..%g Hz across; panels:"
	for _, m := range res.Methods {
		title += " " + m.Name
	}
	p.Title.Text = fmt.Sprintf(title, res.DFs[0], res.DFs[rows-1], lo, hi)
	p.HideAxes()
	b := img.Bounds()
	p.Add(plotter.NewImage(img, 0, 0, float64(b.Dx()), float64(b.Dy())))
	return p.Save(vg.Length(2*b.Dx())+40, vg.Length(2*b.Dy())+60, path)
}

// nearest is the index of the frequency in freq (increasing) nearest to f.
func nearest(freq []float64, f float64) int {
	i, _ := slices.BinarySearch(freq, f)
	switch {
	case i == 0:
		return 0
	case i == len(freq):
		return len(freq) - 1
	case f-freq[i-1] < freq[i]-f:
		return i - 1
	}
	return i
}
