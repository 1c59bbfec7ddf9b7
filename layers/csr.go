package layers

import "github.com/spikeflow/spikeflow/ops"

// BytesPerSynapse is the memory of one or more projections (row pointers,
// targets and weights; what ops.CSR.Bytes counts) divided by their
// synapses: 4 plus a little with one shared weight, 8 plus a little with a
// weight per synapse, the little being the row pointers' 4 bytes per
// presynaptic neuron spread over its synapses. Pass every part of a
// SplitByDelay to see what the split costs. It is 0 when there are no
// synapses.
func BytesPerSynapse(ms ...ops.CSR) float64 {
	bytes, synapses := 0, 0
	for i := range ms {
		bytes += ms[i].Bytes()
		synapses += ms[i].NNZ()
	}
	if synapses == 0 {
		return 0
	}
	return float64(bytes) / float64(synapses)
}
