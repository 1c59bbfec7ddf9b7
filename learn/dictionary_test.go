package learn

import (
	"math"
	"testing"

	"github.com/spikeflow/spikeflow/backend"
	_ "github.com/spikeflow/spikeflow/backend/cpu" // registers "cpu"
	"github.com/spikeflow/spikeflow/layers"
	"github.com/spikeflow/spikeflow/rng"
)

// TestUpdateByHand: one atom (1, 0), x = (1, 1), a = 1: r = (0, 1), so
// Phi becomes (1, eta) / sqrt(1 + eta^2), and the residual is 1.
func TestUpdateByHand(t *testing.T) {
	d := &Dictionary{M: 2, N: 1, Phi: []float32{1, 0}}
	res, err := d.Update([]float32{1, 1}, []float32{1}, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{1 / math.Sqrt(1.25), 0.5 / math.Sqrt(1.25)}
	if res != 1 || math.Abs(float64(d.Phi[0])-want[0]) > 1e-7 || math.Abs(float64(d.Phi[1])-want[1]) > 1e-7 {
		t.Errorf("residual %v, Phi %v; want 1, %v", res, d.Phi, want)
	}
	if _, err := d.Update([]float32{1, 1, 1}, []float32{1}, 0.5); err == nil {
		t.Error("no error for a signal of 3 values and M = 2")
	}
}

func TestNewDictionaryUnitNorm(t *testing.T) {
	d := NewDictionary(5, 7, 1)
	for j := range d.N {
		var s float64
		for m := range d.M {
			s += float64(d.Phi[m*d.N+j]) * float64(d.Phi[m*d.N+j])
		}
		if math.Abs(s-1) > 1e-6 {
			t.Errorf("atom %d has squared norm %v", j, s)
		}
	}
	if r := d.Reconstruct([]float32{0, 0, 1, 0, 0, 0, 0}); r[3] != d.Phi[3*7+2] {
		t.Errorf("Reconstruct(e_2) = %v, want atom 2", r)
	}
}

// TestLearnRecovers: signals made of 2 atoms of a random 16 x 24
// dictionary; learning from another random dictionary recovers the atoms
// (|cosine| > 0.95 for 90% of them) and the residual falls threefold.
func TestLearnRecovers(t *testing.T) {
	const m, n, count, k = 16, 24, 2000, 2
	truth := NewDictionary(m, n, 7)
	key := rng.NewKey(8)
	X := make([]float32, count*m)
	for s := range count {
		for t := range k {
			j := int(key.Uint32(1, uint64(s), uint32(t)) % n)
			amp := 0.5 + key.Float32(2, uint64(s), uint32(t))
			for r := range m {
				X[s*m+r] += amp * truth.Phi[r*n+j]
			}
		}
	}
	be, err := backend.Get("cpu")
	if err != nil {
		t.Fatal(err)
	}
	d := NewDictionary(m, n, 99)
	coder := layers.NewLcAdam(nil, m, n, 0.2)
	coder.Tol, coder.MaxIter = 1e-3, 300
	var first, last EpochStats
	for epoch := range 30 {
		st, err := d.Learn(be, coder, X, 100, 2)
		if err != nil {
			t.Fatal(err)
		}
		if epoch == 0 {
			first = st
		}
		last = st
	}
	t.Logf("residual %.4f -> %.4f of energy %.3f; %.2f active, %.0f iterations per signal", first.Residual, last.Residual, last.Energy, last.Active, last.Iters)
	// The LASSO codes shrink every coefficient by lambda, so the residual
	// cannot vanish: about k lambda^2 = 0.08 remains with the true atoms.
	if last.Residual > first.Residual/3 || last.Residual > 0.15 {
		t.Errorf("residual %.4f after 30 epochs, %.4f after 1: want a threefold fall, to below 0.15", last.Residual, first.Residual)
	}
	found := 0
	for j := range n {
		best := 0.0
		for i := range n {
			var c float64
			for r := range m {
				c += float64(truth.Phi[r*n+j]) * float64(d.Phi[r*n+i])
			}
			best = math.Max(best, math.Abs(c))
		}
		if best > 0.95 {
			found++
		}
	}
	if found < 9*n/10 {
		t.Errorf("%d of %d atoms recovered with |cosine| > 0.95, want 90%%", found, n)
	}
}

func TestTiles(t *testing.T) {
	d := &Dictionary{M: 4, N: 3, Phi: []float32{1, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0}}
	img, err := d.Tiles(2, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	// 2 atoms per row, 2 rows: (2*3+1) x (2*3+1) pixels. Atom 0 is
	// (1, -1, 0, 0): white, black, then mid-gray.
	if b := img.Bounds(); b.Dx() != 7 || b.Dy() != 7 {
		t.Fatalf("bounds %v", b)
	}
	if img.GrayAt(1, 1).Y != 255 || img.GrayAt(2, 1).Y != 0 || img.GrayAt(1, 2).Y != 128 {
		t.Errorf("atom 0 pixels %v %v %v", img.GrayAt(1, 1), img.GrayAt(2, 1), img.GrayAt(1, 2))
	}
	if _, err := d.Tiles(3, 3, 2); err == nil {
		t.Error("no error for 3 x 3 tiles of 4 values")
	}
}
