// Package fashionmnist reads Fashion-MNIST: 60,000 training and 10,000 test
// 28x28 grey images of ten kinds of clothing (Zalando's article images),
// a drop-in replacement for MNIST that is harder to classify.
//
// The data is not bundled (it is 30 MB compressed). It is read from the
// directory Dir names, by default /usr/share/datasets/fashion-mnist, where
// Debian's dataset-fashion-mnist package installs the four IDX files:
//
//	apt-get install dataset-fashion-mnist
//
// The environment variable SPIKEFLOW_FASHION_MNIST_DIR overrides the
// directory; there, each file may be gzip-compressed (name.gz, preferred)
// or not (name). When the files are missing, the error wraps
// datasets.ErrNotInstalled and says how to install them.
//
// Pixels keep their raw values, 0 (background) to 255: Max is 255.
//
// Fashion-MNIST is by Han Xiao, Kashif Rasul and Roland Vollgraf (Zalando
// Research, 2017), https://github.com/zalandoresearch/fashion-mnist, under
// the MIT licence; see Citation.
package fashionmnist
