// Package datasets is the one API of spikeflow's datasets: a Set holds a
// labelled dataset in memory, an Iterator walks it in batches, shuffled the
// same way on every platform.
//
// The datasets themselves live in sub-packages, each returning *Set:
//
//   - datasets/mnist: the 70,000 MNIST digits, embedded (about 11 MB of gzip).
//   - datasets/digits: scikit-learn's 1,797 8x8 digits, embedded.
//   - datasets/iris: Fisher's 150 irises, embedded.
//   - datasets/fashionmnist: Fashion-MNIST, read from Debian's
//     dataset-fashion-mnist package when it is installed.
//
// Nothing is downloaded: a bundled set works offline, and a set that is not
// bundled says which package provides it (ErrNotInstalled).
//
// # Samples
//
// A Set stores N samples of Dim features as one []float32, row-major, with
// one int32 label each. Features keep their raw units (MNIST pixels 0..255,
// digits counts 0..16, iris centimetres); Max bounds them, so x/Max lies in
// [0, 1]. Sets are immutable and may be shared, which is how the bundled
// sub-packages hand out one decoded copy per split.
//
// # Iteration
//
// Set.Iter takes Options (Shuffle, Seed, Limit, BatchSize, DropLast) and
// returns an Iterator in the style of bufio.Scanner: Next, Batch, Err, and
// Reset for the next epoch. A Batch reuses the iterator's buffers, so the
// loop allocates nothing after Iter. The shuffled order is a pure function
// of (Seed, epoch, number of samples): Shuffle documents the algorithm, a
// Fisher-Yates shuffle driven by the Philox generator of package rng, so a
// run is reproducible on any machine.
//
// # Files
//
// ReadIDX reads the IDX format of MNIST-like datasets, plain or gzipped, and
// FromIDX turns an image file and a label file into a Set. Truncated,
// oversized or malformed files are errors wrapping ErrCorrupt that say what
// is wrong; readers never panic on bad input and never return part of a set.
package datasets
