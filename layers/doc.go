// Package layers holds user-facing building blocks composed from ops. For
// now: connectivity rules that generate CSR projections, and PhaseCoded,
// which gives a neuron group a phase-coded output. Neuron-group presets,
// readouts and the neurodynamical layers follow.
package layers
