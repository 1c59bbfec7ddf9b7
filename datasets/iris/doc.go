// Package iris bundles Fisher's iris data: 150 flowers of three species
// (setosa, versicolor, virginica; 50 each), four measurements each, in
// centimetres: sepal length, sepal width, petal length, petal width.
//
// The data is the table scikit-learn ships (sklearn/datasets/data/iris.csv,
// embedded unchanged from Debian's python3-sklearn 1.2.1): the values of
// Fisher's paper, as in R, which differ from the UCI repository's copy in
// two wrong data points. Load decodes it once and shares the Set.
//
// Features keep their units; Max is 7.9, the largest value (a sepal length),
// so x/Max lies in [0, 1] but does not spread each feature over that range.
//
// The table is distributed under scikit-learn's BSD-3-Clause licence; the
// data is R. A. Fisher's (1936), from the UCI Machine Learning Repository.
// See the NOTICE file beside this package and Citation.
package iris
