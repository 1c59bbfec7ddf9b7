#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

// The event-driven half of ops.Sparse for one shared weight and 0/1
// spikes: each presynaptic neuron that spiked adds one to the count of
// each of its targets. Every term of a target's sum is then the same
// float32(w * 1) = w, so the sum depends only on how many there are, and
// integer atomics (whose result does not depend on their order) give the
// reference's bits; sparse_sum.comp adds them up.
layout(push_constant) uniform Push {
	uint offset;
	uint pre;
	uint preR;
	uint delay;
} pc;

layout(std430, binding = 1) readonly buffer RowPtr { uint rowPtr[]; }; // pre+1 offsets
layout(std430, binding = 2) readonly buffer Target { uint target[]; };
layout(std430, binding = 3) readonly buffer Pre { float pre_[]; };
layout(std430, binding = 4) buffer Count { uint count[]; };

void main() {
	uint j = gid();
	if (j >= pc.pre) {
		return;
	}
	uvec2 t = tickAt(pc.offset);
	if (pre_[slot(t, pc.preR, pc.delay) * pc.pre + j] == 0.0) {
		return;
	}
	for (uint k = rowPtr[j]; k < rowPtr[j + 1u]; k++) {
		atomicAdd(count[target[k]], 1u);
	}
}
