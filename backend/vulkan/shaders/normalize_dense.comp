#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "plastic.glsl"

// ops.Normalization of a dense plastic projection (step 6): one invocation
// per postsynaptic neuron i sums column i in increasing presynaptic order
// and scales it to the target.
layout(std430, binding = 1) buffer W { float w[]; };
layout(std430, binding = 2) readonly buffer Learn { float learn[]; };
layout(std430, binding = 3) readonly buffer Normalize { float norm[]; };

void main() {
	uint i = gid();
	if (i >= pc.post) {
		return;
	}
	uvec2 t = tickAt(pc.offset);
	if (!learningOn(learn[slot(t, pc.learnR, 0u)]) || !normalizes(t, norm[slot(t, pc.normR, 0u)])) {
		return;
	}
	precise float sum = 0.0;
	for (uint j = 0u; j < pc.pre; j++) {
		sum = sum + w[j * pc.post + i];
	}
	float s = normScale(sum);
	for (uint j = 0u; j < pc.pre; j++) {
		precise float nw = w[j * pc.post + i] * s;
		w[j * pc.post + i] = nw;
	}
}
