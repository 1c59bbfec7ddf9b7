// Package learn holds learning rules and what a training loop needs around
// them: dictionary learning for sparse coding (Dictionary: the Hebbian
// update Phi += eta (x - Phi a) a^T with atoms renormalized, alternating
// with LCA inference from package layers), published parameter sets for
// the plasticity ops of package ops, and a switch that turns learning off
// for evaluation and on again without rebuilding the graph.
//
// The rules themselves are ops, with reference semantics and kernels on
// every backend:
//
//   - ops.STDPDense and ops.STDPSparse: pair and triplet STDP with traces
//     (additive, multiplicative soft-bound or power-law weight dependence,
//     all-to-all or nearest-spike pairing, hard bounds), applied at once or folded every N ticks,
//     with optional normalization of the weights onto each neuron;
//   - ops.Hebbian: Hebb's and Oja's rules for rate-based layers;
//   - ops.AdaptiveLIF: LIF neurons with a homeostatic threshold.
//
// Lateral inhibition between the neurons of a group is built from a Dense
// projection by layers.LateralInhibition.
package learn
