// Package diehlcook is the unsupervised MNIST network of Diehl & Cook
// (2015), "Unsupervised learning of digit recognition using
// spike-timing-dependent plasticity", Front. Comput. Neurosci. 9:99, with
// the parameters of their Brian code (github.com/peter-u-diehl/stdp-mnist):
//
//   - 784 Poisson inputs firing at pixel intensity / 4 Hz (0-63.75 Hz), for
//     350 ms per digit followed by 150 ms of silence, at dt = 0.5 ms;
//   - input -> excitatory weights, all to all, learning by their rule
//     (learn.DiehlCook: nearest-spike triplet STDP, nu_pre 1e-4, nu_post
//     1e-2, traces of 20, 20 and 40 ms, weights in [0, 1]) and normalized
//     before every digit so that each neuron's 784 weights sum to 78;
//     initial weights uniform in [0, 0.3);
//   - N excitatory conductance-based LIF neurons (tau_m 100 ms, rest and
//     reset -65 mV, threshold -52 mV, refractory 5 ms and no spike for
//     50 ms after each (their threshold condition, timer > 5 ms on a timer
//     that runs at a tenth of real time: ops.LIF.Lockout); excitatory and
//     inhibitory conductances decaying with 1 ms and 2 ms, reversal
//     potentials 0 mV and -100 mV) with an adaptive threshold theta
//     (+0.05 mV per spike, tau_theta 10^7 ms) that starts at 20 mV above a
//     threshold of -72 mV, as in their code (ThetaOffset): theta decays
//     towards 0, so the threshold of a neuron that never fires sinks until
//     it does;
//   - N inhibitory conductance-based LIF neurons (tau_m 10 ms, rest
//     -60 mV, reset -45 mV, threshold -40 mV, refractory 2 ms), each
//     excited one to one by its excitatory partner (conductance 10.4) and
//     inhibiting every other excitatory neuron (conductance 17): a soft
//     winner-take-all;
//   - a digit that makes fewer than 5 excitatory spikes is shown again,
//     after the rest, with the input rates raised by 32 Hz at full
//     intensity (their input_intensity += 1).
//
// Conductances are in units of the leak conductance, as in their code
// (tau_m dv/dt = (v_rest - v) + g_e (E_exc - v) + g_i (E_inh - v)); see
// ops.LIF for how a tick integrates it. The differences from their
// simulation are numerical (their Brian 1 integrates every equation by
// forward Euler; ops.LIF holds only the driving force over a tick, see
// there) and in the input synapses: theirs have random delays of 0 to
// 10 ms, ours one tick. The implementation choices (labelling,
// checkpoints) are documented on Trainer. Checkpoints of the
// current-based model of earlier versions (format version 1) are refused;
// those of format version 2 load as networks without the lockout, as they
// were trained.
//
// Neurons are labelled by the class for which their mean spike count per
// digit is highest, over a labelling pass with learning off, and a digit
// is classified as the class whose labelled neurons fire most on average
// (the paper's "mean response per class").
package diehlcook
