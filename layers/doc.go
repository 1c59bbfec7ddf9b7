// Package layers holds user-facing building blocks composed from ops. For
// now: connectivity rules that generate CSR projections. Neuron-group
// presets, encoders, readouts and the neurodynamical layers follow.
package layers
