// Package layers holds user-facing building blocks composed from ops:
// connectivity rules that generate CSR projections (FixedProbability), and
// sparse-coding layers (Lca, with NewLca, NewLcaRms and NewLcAdam) that
// run ops.LCA on any backend, either to a fixed point (Solve, SolveLasso)
// or online on a signal that changes every tick (Add with online set).
// Neuron-group presets, encoders, readouts and winner-take-all circuits
// follow.
package layers
