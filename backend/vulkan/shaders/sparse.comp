#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

// ops.Sparse, one postsynaptic element per invocation, gathering over its
// incoming synapses. The host transposes the CSR so that each element's
// synapses are listed by presynaptic neuron, then by synapse: the order in
// which the reference adds them. No atomics, so the sum is reproducible.
layout(push_constant) uniform Push {
	uint offset;
	uint pre;
	uint post;
	uint preR;
	uint delay;
	uint outR;
	uint sharedWeight; // 1: w[0] is every synapse's weight
} pc;

layout(std430, binding = 1) readonly buffer ColPtr { uint colPtr[]; }; // post+1 offsets
layout(std430, binding = 2) readonly buffer Src { uint src[]; };       // presynaptic neuron of each entry
layout(std430, binding = 3) readonly buffer W { float w[]; };          // weight of each entry, or one
layout(std430, binding = 4) readonly buffer Pre { float pre_[]; };
layout(std430, binding = 5) writeonly buffer Out { float out_[]; };

void main() {
	uint i = gid();
	if (i >= pc.post) {
		return;
	}
	uvec2 t = tickAt(pc.offset);
	uint base = slot(t, pc.preR, pc.delay) * pc.pre;
	precise float acc = 0.0;
	for (uint e = colPtr[i]; e < colPtr[i + 1u]; e++) {
		float s = pre_[base + src[e]];
		if (s != 0.0) {
			precise float term = w[pc.sharedWeight != 0u ? 0u : e] * s;
			acc = acc + term;
		}
	}
	out_[slot(t, pc.outR, 0u) * pc.post + i] = acc;
}
