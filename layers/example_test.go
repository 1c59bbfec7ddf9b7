package layers_test

import (
	"fmt"
	"log"
	"math"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/layers"
)

// Sparse codes with LCA: two orthogonal atoms and a third that is their
// normalized sum. The signal 2 e_0 is coded by atom 0 alone, shrunk by
// lambda as the LASSO solution is.
func ExampleLca_Solve() {
	const s = 0.70710677 // 1/sqrt(2)
	// 2 x 3, row-major: atom j is column j.
	phi := []float32{
		1, 0, s,
		0, 1, s,
	}
	l := layers.NewLcAdam(phi, 2, 3, 0.25)
	cpu, _ := backend.Get("cpu")
	sol, err := l.Solve(cpu, []float32{2, 0})
	if err != nil {
		panic(err)
	}
	fmt.Printf("codes %.3f after %d iterations\n", sol.Codes, sol.Iters[0])
	// Output: codes [1.750 0.000 0.000] after 96 iterations
}

// A thousand neurons on a 10x10x10 grid with unit spacing and periodic
// boundaries, each connected to its neighbours with probability
// 0.5 exp(-d^2 / 2), up to distance 2.5, with positive weights.
func ExampleLocal3D() {
	pos, err := layers.Grid(10, 10, 10, 1)
	if err != nil {
		log.Fatal(err)
	}
	c := layers.Local3D{
		Pre: pos, Post: pos, P0: 0.5, Sigma: 1, Cutoff: 2.5,
		NoAutapses: true, Periodic: [3]bool{true, true, true},
		Weight: layers.TruncNormal{Mu: 0.5, Sigma: 0.2, Min: 0, Max: math.Inf(1)},
		Seed:   1, Name: "l4",
	}
	m, err := c.Build()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d synapses, %.1f per neuron (%.1f at uniform density), %.2f bytes each\n",
		m.NNZ(), float64(m.NNZ())/float64(pos.Len()), c.ExpectedDegree(1), layers.BytesPerSynapse(m))
	// Output: 6800 synapses, 6.8 per neuron (7.1 at uniform density), 8.59 bytes each
}

// Delays drawn per synapse become one Sparse projection per distinct
// delay, each an op of its own in a graph.
func ExampleSplitByDelay() {
	m, err := layers.FixedOutDegree{Pre: 1000, Post: 1000, K: 50, NoAutapses: true,
		Weight: layers.Constant(0.2), Seed: 1, Name: "rec"}.Build()
	if err != nil {
		log.Fatal(err)
	}
	parts, err := layers.SplitByDelay(m, layers.Uniform{Min: 1, Max: 2}, 250*time.Microsecond, 1, "rec")
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range parts {
		fmt.Printf("delay %d ticks: %d synapses\n", p.Delay, p.NNZ())
	}
	// Output:
	// delay 4 ticks: 6311 synapses
	// delay 5 ticks: 12619 synapses
	// delay 6 ticks: 12572 synapses
	// delay 7 ticks: 12339 synapses
	// delay 8 ticks: 6159 synapses
}

// A winner-take-all circuit over five units: the unit with the largest
// input is amplified, by 1/(1 - Alpha + Beta1 Beta2) = 1.82 with the
// defaults, and the others are silenced. With K = 2, the two largest
// inputs stay active.
func ExampleWta_Solve() {
	cpu, _ := backend.Get("cpu")
	in := []float32{0.3, 0.9, 0.5, 0.7, 0.1}
	wta := layers.NewWta(5)
	sol, err := wta.Solve(cpu, in)
	if err != nil {
		panic(err)
	}
	fmt.Printf("winners %v, x = %.3f\n", wta.Winners(sol, 0), sol.Codes[1])
	kwta := layers.NewKWta(5, 2)
	sol, err = kwta.Solve(cpu, in)
	if err != nil {
		panic(err)
	}
	fmt.Printf("2-WTA winners %v\n", kwta.Winners(sol, 0))
	// Output:
	// winners [1], x = 1.636
	// 2-WTA winners [1 3]
}

// A two-layer stack on one signal: layer 1 codes x = (1, 0.6) with the
// identity, layer 2 codes layer 1's code with the single atom (1, 1)/sqrt 2.
// Without feedback layer 1 is a plain soft threshold of x; with it, layer
// 2's reconstruction pulls the two coefficients towards each other, the
// pattern layer 2 knows. The joint optimum by hand, for gamma = 1: with
// m the mean of a1, a2 = sqrt2 m - 0.1 and 2 a1 = x - 0.1 + (m - 0.1/sqrt2),
// so m = 0.6293, a1 = (0.729, 0.529), a2 = 0.790.
func ExampleLcaStack() {
	s := float32(1 / math.Sqrt2)
	x := []float32{1, 0.6}
	cpu, _ := backend.Get("cpu")
	for _, gamma := range []float64{0, 1} {
		stack := layers.NewLcaStack([]float32{1, 0, 0, 1}, 2, 2, 0.1, []float32{s, s}, 1, 0.1, gamma)
		stack.L1.Tol, stack.L2.Tol = 1e-6, 1e-6
		sol, err := stack.Solve(cpu, x)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("gamma %g: a1 = (%.3f, %.3f), a2 = %.3f\n", gamma, sol.A1[0], sol.A1[1], sol.A2[0])
	}
	// Output:
	// gamma 0: a1 = (0.900, 0.500), a2 = 0.890
	// gamma 1: a1 = (0.729, 0.529), a2 = 0.790
}
