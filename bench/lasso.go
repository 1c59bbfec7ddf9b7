package bench

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"

	"github.com/spikeflow/spikeflow/rng"
)

// LassoProblem is a batch of sparse-coding problems sharing a dictionary:
// for each signal s, minimize 1/2 ||s - D a||^2 + Lambda ||a||_1. It is
// what LCA settles to, and what scikit-learn's Lasso solves as the peer.
type LassoProblem struct {
	M, K, N int       // signal length, atoms, signals
	Lambda  float64   // sparsity penalty
	Dict    []float32 // M x K, row-major; unit-norm columns
	Signals []float32 // N x M, one signal after another
}

// LCAProblem is the LCA workload's problem: 1000 signals of length 64 over
// a 256-atom dictionary, lambda 0.1.
func LCAProblem(seed uint64) LassoProblem { return NewLassoProblem(64, 256, 1000, 0.1, seed) }

// NewLassoProblem draws a Gaussian dictionary with unit-norm columns and
// signals that are each a combination of 10 atoms plus 1% noise (the
// problem of issue 9), from the
// counter-based generator, so the same seed gives the same problem on any
// machine.
func NewLassoProblem(m, k, n int, lambda float64, seed uint64) LassoProblem {
	key := rng.NewKey(seed)
	dictStream, sigStream := rng.Stream("bench/lasso/dict"), rng.Stream("bench/lasso/signals")
	p := LassoProblem{M: m, K: k, N: n, Lambda: lambda, Dict: make([]float32, m*k), Signals: make([]float32, n*m)}
	for j := range k {
		var norm float64
		col := make([]float64, m)
		for i := range col {
			col[i] = normal(key, dictStream, uint64(j), uint32(i))
			norm += col[i] * col[i]
		}
		for i := range col {
			p.Dict[i*k+j] = float32(col[i] / math.Sqrt(norm))
		}
	}
	const atoms, noise = 10, 0.01
	for s := range n {
		sig := p.Signals[s*m : (s+1)*m]
		for a := range min(atoms, k) {
			w := key.Block(sigStream, uint64(s), uint32(a))
			j := int(w[0] % uint32(k))
			c := normal(key, sigStream, uint64(s), uint32(atoms+a))
			for i := range sig {
				sig[i] += float32(c * float64(p.Dict[i*k+j]))
			}
		}
		for i := range sig {
			sig[i] += float32(noise * normal(key, sigStream, uint64(s), uint32(2*atoms+i)))
		}
	}
	return p
}

// normal is a standard normal deviate from two words of one block
// (Box-Muller); host-side generation only.
func normal(key rng.Key, stream uint32, tick uint64, index uint32) float64 {
	w := key.Block(stream, tick, index)
	u1, u2 := rng.ToFloat64Open(w[0]), rng.ToFloat64Open(w[1])
	return math.Sqrt(-2*math.Log(u1)) * math.Cos(2*math.Pi*u2)
}

// Objective is the mean over signals of 1/2 ||s - D a||^2 + Lambda ||a||_1
// for codes a (N x K): the figure "objective" an LCA workload reports, and
// the one its peer is checked by.
func (p LassoProblem) Objective(codes []float32) float64 {
	var sum float64
	for s := range p.N {
		a := codes[s*p.K : (s+1)*p.K]
		var res, l1 float64
		for i := range p.M {
			r := float64(p.Signals[s*p.M+i])
			for j, c := range a {
				r -= float64(p.Dict[i*p.K+j]) * float64(c)
			}
			res += r * r
		}
		for _, c := range a {
			l1 += math.Abs(float64(c))
		}
		sum += 0.5*res + p.Lambda*l1
	}
	return sum / float64(max(p.N, 1))
}

// lassoMagic opens a problem file; bench/peers/lasso_sklearn.py checks it.
const lassoMagic = "SFLASSO1"

// WriteTo writes p in the format bench/peers/lasso_sklearn.py reads, all
// little-endian: the 8 bytes "SFLASSO1"; M, K and N as uint32; Lambda as
// float64; Dict (M x K, row-major) and Signals (N x M) as float32.
func (p LassoProblem) WriteTo(w io.Writer) (int64, error) {
	if len(p.Dict) != p.M*p.K || len(p.Signals) != p.N*p.M {
		return 0, fmt.Errorf("lasso problem: %d dictionary and %d signal values, want %d and %d",
			len(p.Dict), len(p.Signals), p.M*p.K, p.N*p.M)
	}
	bw := bufio.NewWriter(w)
	cw := &countWriter{w: bw}
	cw.Write([]byte(lassoMagic))
	for _, v := range []any{uint32(p.M), uint32(p.K), uint32(p.N), p.Lambda, p.Dict, p.Signals} {
		if err := binary.Write(cw, binary.LittleEndian, v); err != nil {
			return cw.n, fmt.Errorf("lasso problem: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return cw.n, fmt.Errorf("lasso problem: %w", err)
	}
	return cw.n, cw.err
}

type countWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countWriter) Write(b []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(b)
	c.n += int64(n)
	c.err = err
	return n, err
}

// lassoPeer solves the problem with scikit-learn's coordinate-descent Lasso. It is
// attached to the LCA workload, so that only LCA's absence blocks the
// pair: once LCA lands and reports "objective", the pair runs.
func lassoPeer(problem func() LassoProblem) Peer {
	return Peer{
		Name: "sklearn-lasso", Module: "sklearn", Package: "python3-sklearn", Script: "lasso_sklearn.py",
		Prepare: func(dir string) ([]string, error) {
			path := filepath.Join(dir, "problem.bin")
			if err := writeFile(path, problem()); err != nil {
				return nil, err
			}
			return []string{"--problem=" + path}, nil
		},
		Match:     "objective",
		Tolerance: 1e-4,
	}
}

func writeFile(path string, wt io.WriterTo) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := wt.WriteTo(f); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}
