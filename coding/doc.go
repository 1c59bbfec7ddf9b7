// Package coding holds what runs on the host around spike codes: decoders
// that invert the encoders of package ops (Latency, Phase, WeightedPhase,
// and Poisson driven through Multiplex for a rate code), an estimate of the
// mutual information between values and their decoded values, and a
// readout that turns the spike counts of an output group into action
// probabilities and samples an action.
//
// Decoders read a SpikeRecord through a Frame, which says which ticks carry
// which item: with a multiplexed code neuron i sends one item per gamma
// cycle, so its item k is carried by the k-th gamma cycle from the frame's
// start. Each decoder recovers a value within the resolution its encoder
// promises, exactly (the tests check it on the reference backend):
//
//	code           spikes per item        levels      max error
//	rate           Poisson, about v n     n+1         statistical
//	latency        1                      L (window)  1/(2(L-1))
//	phase          1                      P (bins)    1/(2(P-1))
//	weighted phase popcount of the code   2^K         1/(2(2^K-1))
package coding
