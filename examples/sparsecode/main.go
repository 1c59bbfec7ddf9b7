// Command sparsecode learns a dictionary for the MNIST digits by sparse
// coding: LCA infers the codes of a batch (layers.NewLcAdam by default),
// a Hebbian rule updates the atoms (learn.Dictionary), and so on over the
// training images. It then codes held-out test digits, reports the
// sparsity of the codes and the reconstruction error, and draws the
// dictionary and a few reconstructions as PNG files.
//
//	go run ./examples/sparsecode -backend=cpu -out=/tmp/sparsecode
package main

import (
	"errors"
	"flag"
	"fmt"
	"image"
	"math"
	"os"
	"path/filepath"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/spikeflow/spikeflow/backend"
	_ "github.com/spikeflow/spikeflow/backend/cpu"    // registers "cpu"
	_ "github.com/spikeflow/spikeflow/backend/ref"    // registers "ref"
	_ "github.com/spikeflow/spikeflow/backend/vulkan" // registers "vulkan"
	"github.com/spikeflow/spikeflow/datasets"
	"github.com/spikeflow/spikeflow/datasets/mnist"
	"github.com/spikeflow/spikeflow/layers"
	"github.com/spikeflow/spikeflow/learn"
	"github.com/spikeflow/spikeflow/ops"
)

type config struct {
	backend        string
	atoms          int
	train, test    int
	epochs, batch  int
	lambda, eta    float64
	update         string
	out            string
	seed           uint64
	tol            float64
	maxIter, every int
}

func main() {
	var c config
	flag.StringVar(&c.backend, "backend", "cpu", "backend to run LCA on: cpu, vulkan or ref")
	flag.IntVar(&c.atoms, "atoms", 128, "dictionary atoms")
	flag.IntVar(&c.train, "train", 6000, "training images")
	flag.IntVar(&c.test, "test", 1000, "test images to code after training")
	flag.IntVar(&c.epochs, "epochs", 3, "passes over the training images")
	flag.IntVar(&c.batch, "batch", 200, "images coded together and per dictionary update")
	flag.Float64Var(&c.lambda, "lambda", 0.1, "sparsity penalty (images are scaled to unit norm)")
	flag.Float64Var(&c.eta, "eta", 20, "dictionary learning rate")
	flag.StringVar(&c.update, "update", "adam", "LCA update: plain, rms or adam")
	flag.Float64Var(&c.tol, "tol", 1e-3, "stop coding an image when its relative change per iteration is below this")
	flag.IntVar(&c.maxIter, "maxiter", 500, "most LCA iterations per batch")
	flag.StringVar(&c.out, "out", ".", "directory for dictionary.png and reconstructions.png")
	flag.Uint64Var(&c.seed, "seed", 1, "seed of the random part of the initial dictionary")
	flag.Parse()
	if err := run(c); err != nil {
		fmt.Fprintln(os.Stderr, "sparsecode:", err)
		os.Exit(1)
	}
}

func run(c config) error {
	be, err := backend.Get(c.backend)
	if err != nil {
		return err
	}
	train, err := mnist.Train()
	if err != nil {
		return err
	}
	test, err := mnist.Test()
	if err != nil {
		return err
	}
	xTrain, xTest := unitNorm(train.Limit(c.train)), unitNorm(test.Limit(c.test))
	const side = 28
	coder, err := newCoder(c, side*side)
	if err != nil {
		return err
	}
	dict, err := initial(xTrain, side*side, c.atoms, c.seed)
	if err != nil {
		return err
	}
	fmt.Printf("sparse coding of %d MNIST digits: %d atoms, lambda %g, LCA %v on %s; BLAS: %s\n",
		len(xTrain)/(side*side), c.atoms, c.lambda, coder.Update, be.Name(), learn.BLAS())
	for epoch := 1; epoch <= c.epochs; epoch++ {
		start := time.Now()
		st, err := dict.Learn(be, coder, xTrain, c.batch, c.eta)
		if err != nil {
			return err
		}
		fmt.Printf("epoch %d: ||x - Phi a||^2 / ||x||^2 = %.3f, %.1f active atoms per digit, %.0f LCA iterations, %.1f s\n",
			epoch, st.Residual/st.Energy, st.Active, st.Iters, time.Since(start).Seconds())
	}
	coder.M, coder.N, coder.Phi = dict.M, dict.N, dict.Phi
	start := time.Now()
	sol, err := coder.Solve(be, xTest)
	if err != nil && !errors.Is(err, layers.ErrNotConverged) {
		return err
	}
	recon := dict.Reconstruct(sol.Codes)
	active, relErr := summarize(xTest, recon, sol.Codes)
	count := len(xTest) / dict.M
	fmt.Printf("test: %d digits coded in %.2f s; %.1f of %d atoms active per digit (%.1f%%); ||x - Phi a||^2 / ||x||^2 = %.3f\n",
		count, time.Since(start).Seconds(), active, c.atoms, 100*active/float64(c.atoms), relErr)
	if err := os.MkdirAll(c.out, 0o755); err != nil {
		return err
	}
	tiles, err := dict.Tiles(side, side, int(math.Ceil(math.Sqrt(float64(c.atoms)))))
	if err != nil {
		return err
	}
	if err := savePNG(filepath.Join(c.out, "dictionary.png"), tiles, fmt.Sprintf("%d atoms learned from %d digits", c.atoms, len(xTrain)/dict.M)); err != nil {
		return err
	}
	pairs, err := reconstructions(xTest, recon, side, min(count, 10))
	if err != nil {
		return err
	}
	if err := savePNG(filepath.Join(c.out, "reconstructions.png"), pairs, "test digits (top) and their sparse codes' reconstructions"); err != nil {
		return err
	}
	fmt.Printf("wrote %s and %s\n", filepath.Join(c.out, "dictionary.png"), filepath.Join(c.out, "reconstructions.png"))
	return nil
}

func newCoder(c config, m int) (layers.Lca, error) {
	var l layers.Lca
	switch c.update {
	case ops.UpdatePlain.String():
		l = layers.NewLca(nil, m, c.atoms, c.lambda)
	case ops.UpdateRMS.String():
		l = layers.NewLcaRms(nil, m, c.atoms, c.lambda)
	case ops.UpdateAdam.String():
		l = layers.NewLcAdam(nil, m, c.atoms, c.lambda)
	default:
		return l, fmt.Errorf("-update=%q: want plain, rms or adam", c.update)
	}
	l.Tol, l.MaxIter, l.NonNegative = c.tol, c.maxIter, true
	return l, nil
}

// initial starts every atom from a distinct training digit plus a little
// noise (random atoms of norm 0.1): random atoms alone correlate with a digit by
// about 1/28, below any useful lambda, so no atom would ever be active and
// none would learn.
func initial(x []float32, m, n int, seed uint64) (*learn.Dictionary, error) {
	if len(x) < m*n {
		return nil, fmt.Errorf("%d atoms need at least as many training digits, have %d", n, len(x)/m)
	}
	d := learn.NewDictionary(m, n, seed)
	stride := len(x) / m / n
	for j := range n {
		digit := x[j*stride*m : (j*stride+1)*m]
		for i, v := range digit {
			d.Phi[i*n+j] = 0.1*d.Phi[i*n+j] + v
		}
	}
	d.Normalize()
	return d, nil
}

// unitNorm returns the images scaled to unit Euclidean norm, so that one
// lambda suits bold and thin digits alike.
func unitNorm(s *datasets.Set) []float32 {
	x := append([]float32(nil), s.Features()...)
	d := s.Dim()
	for i := 0; i < len(x); i += d {
		var n float64
		for _, v := range x[i : i+d] {
			n += float64(v) * float64(v)
		}
		if n > 0 {
			inv := 1 / math.Sqrt(n)
			for j := i; j < i+d; j++ {
				x[j] = float32(float64(x[j]) * inv)
			}
		}
	}
	return x
}

// summarize returns the mean number of active atoms per code and the
// squared reconstruction error relative to the squared norm of the digits.
func summarize(x, recon, codes []float32) (active, relErr float64) {
	count := 0
	for _, a := range codes {
		if a != 0 {
			count++
		}
	}
	var e, xx float64
	for i := range x {
		d := float64(x[i] - recon[i])
		e += d * d
		xx += float64(x[i]) * float64(x[i])
	}
	return float64(count) / float64(len(x)/784), e / xx
}

// reconstructions tiles k digits over their reconstructions.
func reconstructions(x, recon []float32, side, k int) (image.Image, error) {
	both := make([]float32, 0, 2*k*side*side)
	both = append(both, x[:k*side*side]...)
	both = append(both, recon[:k*side*side]...)
	// Tiles draws the columns of a dictionary; lay the images out as one.
	d := &learn.Dictionary{M: side * side, N: 2 * k, Phi: make([]float32, 2*k*side*side)}
	for j := range 2 * k {
		for m := range side * side {
			d.Phi[m*d.N+j] = both[j*side*side+m]
		}
	}
	return d.Tiles(side, side, k)
}

// savePNG draws img under a title with gonum/plot.
func savePNG(path string, img image.Image, title string) error {
	p := plot.New()
	p.Title.Text = title
	p.HideAxes()
	b := img.Bounds()
	p.Add(plotter.NewImage(img, 0, 0, float64(b.Dx()), float64(b.Dy())))
	scale := vg.Length(1.5) // points per pixel
	return p.Save(scale*vg.Length(b.Dx())+40, scale*vg.Length(b.Dy())+60, path)
}
