// Package layers holds user-facing building blocks composed from ops:
// placing neurons in space and the connectivity rules that build the CSR
// projections of ops.Sparse, fast enough for a million neurons and a
// hundred million synapses; lateral inhibition within a group
// (LateralInhibition); PhaseCoded, which gives a neuron group a
// phase-coded output; and sparse-coding layers (Lca, with NewLca,
// NewLcaRms and NewLcAdam) that run ops.LCA on any backend, either to a
// fixed point (Solve, SolveLasso) or online on a signal that changes every
// tick (Add with online set). Neuron-group presets, readouts and
// winner-take-all circuits follow.
//
// # Placement
//
// Positions holds one float32 per axis per neuron (X, Y, Z), and the box
// they were placed in. Grid places neurons on a lattice, UniformBox
// uniformly in a box (numbered along a Z-order curve, so neighbours in
// space are neighbours in index), Sheets in layers parallel to the xy
// plane.
//
// # Rules
//
// Each rule is a struct of parameters whose Build returns an ops.CSR by
// source, every row's targets in increasing order:
//
//	AllToAll, OneToOne     deterministic
//	FixedProbability       each pair independently with probability P
//	FixedOutDegree         exactly K distinct targets per source
//	FixedInDegree          exactly K distinct sources per target
//	Conv2D                 a shared kernel slid over an H x W x C map
//	Local3D                P0 exp(-d^2 / 2 Sigma^2) within a cutoff radius
//
// Build checks every parameter first and reports all that are wrong in one
// error naming the rule and its Name, each wrapping ops.ErrParam.
//
// # Randomness
//
// Every random choice is a pure function of (Seed, Stream(Name), row,
// draw), computed by the counter-based generator in package rng: rows are
// generated in parallel, yet the network is the same for any number of
// cores, and two rules with different Names draw independent streams.
// Weights and delays use streams of their own (Name+"/weight",
// Name+"/delay"), so choosing another weight distribution does not change
// which synapses exist.
//
// # Weights, delays and memory
//
// A rule's Weight is a Dist (Constant, Uniform, Normal, TruncNormal,
// LogNormal, or any gonum distribution with a quantile function). A
// Constant is stored once for the whole projection, so a synapse costs its
// 4-byte target; otherwise it also costs a 4-byte float32 weight. Row
// pointers add 4 bytes per presynaptic neuron; BytesPerSynapse reports the
// total per synapse. Delays are one per projection, the Delay of the
// ops.Sparse that carries it; SplitByDelay draws a delay per synapse and
// returns one projection per distinct delay, so that heterogeneous delays
// run on the existing ops.
package layers
