// Package layers holds user-facing building blocks composed from ops:
// placing neurons in space and the connectivity rules that build the CSR
// projections of ops.Sparse, fast enough for a million neurons and a
// hundred million synapses; lateral inhibition within a group
// (LateralInhibition); PhaseCoded, which gives a neuron group a
// phase-coded output; and sparse-coding layers (Lca, with NewLca,
// NewLcaRms and NewLcAdam) that run ops.LCA on any backend, either to a
// fixed point (Solve, SolveLasso) or online on a signal that changes every
// tick (Add with online set); hierarchical sparse coding (LcaStack: two
// Lca layers, the second coding the first's code and feeding its
// reconstruction back as the first's prior, solved to their joint fixed
// point); and winner-take-all circuits (Wta, with
// NewWta, NewKWta and NewWtaConv) that run ops.Wta the same two ways.
// Neuron-group presets and readouts follow.
//
// # Winner-take-all
//
// A Wta layer is a map of excitatory units with self-excitation Alpha,
// grouped into windows that each have an inhibitory unit (Rutishauser,
// Douglas & Slotine 2011). NewWta is one circuit over n units, with the
// paper's Alpha = 1.2, Beta1 = 3, Beta2 = 0.25: the largest input wins and
// is amplified 1.82 times, the others go to 0. NewKWta(n, k) keeps the k
// largest. NewWtaConv(h, w, kh, kw, sh, sw) is WtaConv, circuits in every
// kh x kw window of an h x w map with stride sh x sw: with stride 1 each
// window keeps its local maximum, which sharpens a smeared map such as a
// spectrogram (frequency by time), before or after an Lca. Its time
// constant is set from the overlap, because winners that share windows
// add up their inhibition and a forward-Euler step that is stable for one
// circuit rings for many. Solve runs a batch from rest to a fixed point;
// Winners lists a map's active units. Add puts the layer in a graph: the
// simulator steps it every tick and its activities follow a changing
// input with time constant Tau (online), behind an Lca for example.
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
