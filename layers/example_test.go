package layers_test

import (
	"fmt"

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
