// Package layers holds user-facing building blocks composed from ops:
// connectivity rules that generate CSR projections (FixedProbability) and
// lateral inhibition within a group (LateralInhibition). Neuron-group
// presets, encoders, readouts and the neurodynamical layers follow.
package layers
