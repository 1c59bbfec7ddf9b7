// Package digits bundles scikit-learn's 8x8 handwritten digits: 1,797
// images of the digits 0 to 9, each 8x8 counts in 0..16.
//
// Each image comes from a 32x32 bitmap of a handwritten digit (NIST
// preprocessing), divided into 4x4 blocks whose "on" pixels were counted:
// the data is the test set of the UCI "Optical Recognition of Handwritten
// Digits" dataset (E. Alpaydin and C. Kaynak, 1998). The table is the one
// scikit-learn ships (sklearn/datasets/data/digits.csv.gz, embedded unchanged
// from Debian's python3-sklearn 1.2.1, 57 kB). Load decodes it once and
// shares the Set.
//
// Features are the raw counts: Max is 16.
//
// The table is distributed under scikit-learn's BSD-3-Clause licence; see
// the NOTICE file beside this package and Citation.
package digits
