package datasets_test

import (
	"fmt"
	"log"

	"github.com/spikeflow/spikeflow/datasets"
	"github.com/spikeflow/spikeflow/datasets/iris"
)

// Example walks the iris data in shuffled batches of 64, two epochs. The
// order depends only on the seed and the epoch, so this output is the same
// on every machine (testdata/shuffle_ref.py, written from Shuffle's
// documentation alone, gives the same first samples).
func Example() {
	set, err := iris.Load()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(set)
	classes := set.Classes()

	it := set.Iter(datasets.Options{Shuffle: true, Seed: 7, BatchSize: 64})
	for epoch := 0; epoch < 2; epoch++ {
		for it.Next() {
			b := it.Batch()
			x := b.X[:set.Dim()] // the batch's first sample
			fmt.Printf("epoch %d: %2d samples, first #%-3d %-10s petal length %.1f cm (%.2f of Max)\n",
				it.Epoch(), b.Len(), b.Index[0], classes[b.Y[0]], x[2], x[2]/set.Max())
		}
		it.Reset() // the next epoch, in a new order
	}
	if err := it.Err(); err != nil {
		log.Fatal(err)
	}
	// Output:
	// iris: 150 samples of [4] in [0, 7.9], 3 classes
	// epoch 0: 64 samples, first #48  setosa     petal length 1.5 cm (0.19 of Max)
	// epoch 0: 64 samples, first #50  versicolor petal length 4.7 cm (0.59 of Max)
	// epoch 0: 22 samples, first #117 virginica  petal length 6.7 cm (0.85 of Max)
	// epoch 1: 64 samples, first #110 virginica  petal length 5.1 cm (0.65 of Max)
	// epoch 1: 64 samples, first #95  versicolor petal length 4.2 cm (0.53 of Max)
	// epoch 1: 22 samples, first #28  setosa     petal length 1.4 cm (0.18 of Max)
}
