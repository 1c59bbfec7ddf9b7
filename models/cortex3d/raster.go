package cortex3d

import (
	"fmt"
	"image/color"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/spikeflow/spikeflow/ops"
)

// Raster colours: a hue per cluster, dark for excitatory neurons and light
// for inhibitory ones.
var rasterColors = [2][2]color.RGBA{
	{{R: 31, G: 80, B: 160, A: 255}, {R: 120, G: 170, B: 235, A: 255}}, // fast: blue
	{{R: 190, G: 70, B: 20, A: 255}, {R: 245, G: 165, B: 90, A: 255}},  // slow: orange
}

// WriteRaster draws the spikes of recs (one record per layer, as Simulate
// and Raster return them) over ticks ticks as a PNG raster: time in ms across, neurons up,
// the fast layer below the slow one, each layer's excitatory neurons below
// its inhibitory ones. At most perLayer neurons of each layer are drawn
// (every k-th excitatory and inhibitory neuron, in the 4:1 proportion), so
// that a large network gives a readable plot.
func WriteRaster(w io.Writer, net *Network, recs [2]ops.SpikeRecord, ticks, perLayer int) error {
	if perLayer < 1 {
		return fmt.Errorf("cortex3d: %w: raster of %d neurons per layer, must be >= 1", ops.ErrParam, perLayer)
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("cortex3d: %d neurons, clocks fast %d/%d, slow %d/%d ticks",
		net.Config.N, net.Layers[0].Clock.Period, net.Layers[0].Clock.Phase, net.Layers[1].Clock.Period, net.Layers[1].Clock.Phase)
	if net.Config.ThetaHz > 0 {
		p.Title.Text += fmt.Sprintf(", drive gated at %g Hz", net.Config.ThetaHz)
	}
	p.X.Label.Text = "time (ms)"
	p.Y.Label.Text = "neuron (drawn)"
	ms := net.Config.Dt.Seconds() * 1000
	row := 0.0
	for l, layer := range net.Layers {
		// Draw neuron i at row base + rank, keeping every step-th one.
		step := max(1, (layer.N+perLayer-1)/perLayer)
		groups := [2]struct{ lo, hi int }{{0, layer.NExc}, {layer.NExc, layer.N}}
		for e, grp := range groups {
			var pts plotter.XYs
			for k, i := range recs[l].Index {
				if int(i) >= grp.lo && int(i) < grp.hi && (int(i)-grp.lo)%step == 0 {
					pts = append(pts, plotter.XY{X: float64(recs[l].Tick[k]) * ms, Y: row + float64((int(i)-grp.lo)/step)})
				}
			}
			s, err := plotter.NewScatter(pts)
			if err != nil {
				return err
			}
			s.GlyphStyle = draw.GlyphStyle{Color: rasterColors[l][e], Radius: vg.Points(0.8), Shape: draw.BoxGlyph{}}
			p.Add(s)
			p.Legend.Add(fmt.Sprintf("%s %s (P=%d)", layer.Name, [2]string{"E", "I"}[e], layer.Clock.Period), s)
			row += float64((grp.hi - grp.lo + step - 1) / step)
		}
	}
	p.Legend.Top = true
	p.Legend.ThumbnailWidth = vg.Points(12)
	p.X.Min, p.X.Max = 0, float64(ticks)*ms
	p.Y.Min, p.Y.Max = 0, row
	c := vgimg.PngCanvas{Canvas: vgimg.New(24*vg.Centimeter, 14*vg.Centimeter)}
	p.Draw(draw.New(c))
	_, err := c.WriteTo(w)
	return err
}
