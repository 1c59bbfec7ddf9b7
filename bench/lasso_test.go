package bench

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func TestLassoProblemFile(t *testing.T) {
	p := NewLassoProblem(4, 6, 3, 0.1, 7)
	var buf bytes.Buffer
	n, err := p.WriteTo(&buf)
	if err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if want := 8 + 3*4 + 8 + 4*(4*6+3*4); int(n) != want || len(b) != want {
		t.Fatalf("wrote %d bytes (reported %d), want %d", len(b), n, want)
	}
	if string(b[:8]) != "SFLASSO1" || binary.LittleEndian.Uint32(b[8:]) != 4 || binary.LittleEndian.Uint32(b[12:]) != 6 ||
		binary.LittleEndian.Uint32(b[16:]) != 3 || math.Float64frombits(binary.LittleEndian.Uint64(b[20:])) != 0.1 {
		t.Errorf("header % x", b[:28])
	}
	if got := math.Float32frombits(binary.LittleEndian.Uint32(b[28:])); got != p.Dict[0] {
		t.Errorf("first dictionary value %v, want %v", got, p.Dict[0])
	}
	for j := range p.K {
		var norm float64
		for i := range p.M {
			norm += float64(p.Dict[i*p.K+j]) * float64(p.Dict[i*p.K+j])
		}
		if math.Abs(norm-1) > 1e-6 {
			t.Errorf("column %d has norm^2 %v, want 1", j, norm)
		}
	}
	bad := p
	bad.Signals = bad.Signals[1:]
	if _, err := bad.WriteTo(&buf); err == nil {
		t.Error("a problem with a short signal slice was written")
	}
}

// TestLassoObjective checks one value by hand: with a zero code the
// objective is half the mean squared norm of the signals; with codes a
// (1 on atom 0) it adds lambda and the residual changes.
func TestLassoObjective(t *testing.T) {
	p := LassoProblem{M: 2, K: 2, N: 1, Lambda: 0.5, Dict: []float32{1, 0, 0, 1}, Signals: []float32{3, 4}}
	if got := p.Objective([]float32{0, 0}); got != 12.5 {
		t.Errorf("objective at 0 = %v, want 12.5", got)
	}
	// residual (2, 4): 0.5*20 + 0.5*1 = 10.5
	if got := p.Objective([]float32{1, 0}); got != 10.5 {
		t.Errorf("objective at (1, 0) = %v, want 10.5", got)
	}
}

// TestLassoPeerScript runs bench/peers/lasso_sklearn.py on a small problem
// and checks its objective against coordinate descent done here: proof that
// the script reads the file as Go writes it. It needs Debian's
// python3-sklearn and skips without it.
func TestLassoPeerScript(t *testing.T) {
	if err := exec.Command(DefaultPython, "-c", "import sklearn").Run(); err != nil {
		t.Skipf("%s cannot import sklearn (apt-get install python3-sklearn): %v", DefaultPython, err)
	}
	p := NewLassoProblem(8, 12, 5, 0.05, 3)
	peer := lassoPeer(func() LassoProblem { return p })
	dir := t.TempDir()
	args, err := peer.Prepare(dir)
	if err != nil {
		t.Fatal(err)
	}
	r := &peerRunner{peer: peer, python: DefaultPython, script: filepath.Join("peers", peer.Script), args: args}
	if err := r.installed(); err != nil {
		t.Fatal(err)
	}
	run, err := r.run()
	if err != nil {
		t.Fatal(err)
	}
	if run.Figures["m"] != 8 || run.Figures["k"] != 12 || run.Figures["n"] != 5 || run.Figures["lambda"] != 0.05 {
		t.Errorf("peer read m, k, n, lambda = %v, %v, %v, %v", run.Figures["m"], run.Figures["k"], run.Figures["n"], run.Figures["lambda"])
	}
	want := p.Objective(coordinateDescent(p, 2000))
	if err := peer.same(map[string]float64{"objective": want}, run.Figures); err != nil {
		t.Errorf("%v (reference objective %.9g)", err, want)
	}
	if run.LoopS <= 0 || run.TotalS < run.LoopS || run.Version == "" {
		t.Errorf("loop %v, total %v, version %q", run.LoopS, run.TotalS, run.Version)
	}
	if _, err := os.Stat(filepath.Join(dir, "problem.bin")); err != nil {
		t.Error(err)
	}
}

// coordinateDescent solves p by cyclic coordinate descent in float64: the
// textbook update a_j = S(d_j . r_j, lambda) for unit-norm atoms.
func coordinateDescent(p LassoProblem, sweeps int) []float32 {
	codes := make([]float32, p.N*p.K)
	for s := range p.N {
		a := make([]float64, p.K)
		r := make([]float64, p.M)
		for i := range r {
			r[i] = float64(p.Signals[s*p.M+i])
		}
		for range sweeps {
			for j := range p.K {
				var rho, norm float64
				for i := range p.M {
					d := float64(p.Dict[i*p.K+j])
					rho += d * (r[i] + d*a[j])
					norm += d * d
				}
				next := math.Copysign(math.Max(math.Abs(rho)-p.Lambda, 0), rho) / norm
				for i := range p.M {
					r[i] -= float64(p.Dict[i*p.K+j]) * (next - a[j])
				}
				a[j] = next
			}
		}
		for j := range a {
			codes[s*p.K+j] = float32(a[j])
		}
	}
	return codes
}

// TestTickOverhead runs the Vulkan overhead measurement on the CPU
// backend, so its code is exercised before a Vulkan backend exists.
func TestTickOverhead(t *testing.T) {
	m, err := tickOverhead(cpuBackend(t), 50, 500)
	if err != nil {
		t.Fatal(err)
	}
	call, _ := m.Figure("call_s")
	tick, _ := m.Figure("batched_tick_s")
	if _, ok := m.Figure("overhead_per_call_s"); !ok || call <= 0 || tick <= 0 || m.WallS <= 0 {
		t.Errorf("measurement %+v", m)
	}
}
