#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

// ops.Poisson: neuron i spikes at tick t when the generator's word for
// (seed, stream, t, i), as a float in [0, 1), is below its probability:
// the host-computed prob[i] (or prob[0] for all), or, with a rate input,
// float32(rate) * float32(dt) clamped to [0, 1] (ops.ClampProb).
layout(push_constant) uniform Push {
	uint offset;
	uint n;
	uint outR;
	uint sharedProb; // 1: prob[0] applies to every neuron
	uint hasRate;
	uint rateR;
	uint rateDelay;
	uint key0;
	uint key1;
	uint stream;
	uint dtBits; // dt in seconds, float32 bits
} pc;

layout(std430, binding = 1) readonly buffer Prob { float prob[]; };
layout(std430, binding = 2) readonly buffer Rate { float rate[]; };
layout(std430, binding = 3) writeonly buffer Out { float out_[]; };

void main() {
	uint i = gid();
	if (i >= pc.n) {
		return;
	}
	uvec2 t = tickAt(pc.offset);
	precise float p;
	if (pc.hasRate != 0u) {
		p = rate[slot(t, pc.rateR, pc.rateDelay) * pc.n + i] * uintBitsToFloat(pc.dtBits);
		if (p > 1.0) {
			p = 1.0;
		} else if (!(p >= 0.0)) { // negative or NaN
			p = 0.0;
		}
	} else {
		p = prob[pc.sharedProb != 0u ? 0u : i];
	}
	float u = uniform01(philox(uvec4(i, t.x, t.y, pc.stream), uvec2(pc.key0, pc.key1)).x);
	out_[slot(t, pc.outR, 0u) * pc.n + i] = u < p ? 1.0 : 0.0;
}
