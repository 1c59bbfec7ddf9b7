// Package datasets will hold bundled, offline datasets (MNIST and others)
// behind one iterator API. It is empty in this release.
package datasets
