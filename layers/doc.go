// Package layers holds user-facing building blocks composed from ops:
// connectivity rules that generate CSR projections (FixedProbability);
// lateral inhibition within a group (LateralInhibition); PhaseCoded, which
// gives a neuron group a phase-coded output; and sparse-coding layers (Lca,
// with NewLca, NewLcaRms and NewLcAdam) that run ops.LCA on any backend,
// either to a fixed point (Solve, SolveLasso) or online on a signal that
// changes every tick (Add with online set). Neuron-group presets, readouts
// and winner-take-all circuits follow.
package layers
