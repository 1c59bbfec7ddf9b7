// Package ops is spikeflow's op catalogue: what every op means.
//
// Each op family has one file holding its parameters (an exported struct),
// its ports and shape rule, the state it owns, the validation of its
// parameters, and a plain scalar reference implementation. The reference
// implementations are the oracle that every backend is checked against by
// the conformance suite; they are written for clarity, not speed.
//
// # Time
//
// Time advances in ticks of dt. At tick t every op reads its state of tick
// t-1 and the values its inputs carry at tick t, and writes its state and
// outputs of tick t. An input port with a delay d >= 1 sees the value its
// producer had at tick t-d (zero before the first tick); spikes therefore
// reach their targets d ticks after they are emitted. Every cycle in a graph
// must pass through such a delay, so the order in which ops are evaluated
// within a tick cannot change the result.
//
// # Numbers
//
// Values are float32. Physical parameters (time constants, rates) are
// converted once, on the host and in float64, into per-tick float32 factors
// such as exp(-dt/tau); per-tick arithmetic then uses only float32 add,
// multiply and compare, with every product rounded explicitly (float32(a*b))
// so that no compiler may fuse it into an FMA. Random numbers come from the
// counter-based generator in package rng, keyed by (seed, stream, tick,
// index), where the stream is derived from the node's name. Where a kernel
// needs a quotient (the normalization of plastic weights), it computes the
// reciprocal with multiplies and adds (Reciprocal), because GPU division
// is not correctly rounded.
//
// # Rhythms and spike codes
//
// A Rhythm is a theta oscillation with nested gamma cycles in whole ticks;
// an Oscillator node outputs its phases, and the encoders Phase and
// WeightedPhase fire at phases of its gamma cycles (Latency at ticks of
// its own windows), all by integer arithmetic on the tick. A cluster with
// a local oscillation builds its Oscillator and its encoders from one
// Rhythm value. Multiplex sends one item of a vector per gamma cycle. The
// spikes of WeightedPhase carry weights (2^-(k+1) in phase k) rather than
// 1; synapses multiply them through like any presynaptic value. Package
// coding decodes what the encoders send.
//
// # Plasticity
//
// Plastic projections (STDPDense, STDPSparse, Hebbian) keep their weights
// as state, so Program.Read("node.w") follows learning tick by tick and the
// conformance suite compares weights bit for bit. Their rules' arithmetic
// (STDPFactors, HebbianChange) lives here and is called by the reference
// and the CPU kernels alike; the Vulkan kernels repeat it operation for
// operation. A 1-element "learn" input switches plasticity (and the
// adaptation of AdaptiveLIF) off and on without rebuilding the graph.
package ops
