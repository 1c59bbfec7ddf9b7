package main

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// plotSweep draws RMSE against spikes per value, both on log axes, one
// line per code.
func plotSweep(path string, rep Report) error {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Error against spike budget (window %d ms per value, %s)", rep.WindowTicks, rep.Backend)
	p.X.Label.Text = "spikes per value"
	p.Y.Label.Text = "RMSE of the decoded value"
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.LogTicks{Prec: -1}, plot.LogTicks{Prec: -1}
	p.Add(plotter.NewGrid())
	p.Legend.Top = true
	p.X.Min, p.X.Max = 0.4, 16
	p.Y.Min, p.Y.Max = 5e-5, 1
	colors := []color.Color{
		color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff},
		color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff},
		color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff},
		color.RGBA{R: 0x94, G: 0x67, B: 0xbd, A: 0xff},
	}
	for i, name := range []string{"rate", "latency", "phase", "weighted-phase"} {
		var xy plotter.XYs
		for _, r := range rep.Sweep {
			if r.Code == name && r.SpikesPerItem > 0 && r.RMSE > 0 {
				xy = append(xy, plotter.XY{X: r.SpikesPerItem, Y: r.RMSE})
			}
		}
		line, points, err := plotter.NewLinePoints(xy)
		if err != nil {
			return err
		}
		line.Color, points.Color = colors[i], colors[i]
		line.Width = vg.Points(1.5)
		if name == "latency" { // it lies under phase: dash it
			line.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		}
		points.Shape = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.BoxGlyph{}, draw.TriangleGlyph{}, draw.PyramidGlyph{}}[i]
		p.Add(line, points)
		label := name
		if name == "latency" {
			label = "latency (dashed, under phase)"
		}
		p.Legend.Add(label, line, points)
	}
	return p.Save(7*vg.Inch, 4.5*vg.Inch, path)
}
