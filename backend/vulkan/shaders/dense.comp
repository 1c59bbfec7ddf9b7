#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

// ops.Dense, one postsynaptic element per invocation: the sum over
// presynaptic j in increasing order of float32(W[j][i] * pre[j]), as the
// reference adds it. Terms with pre[j] == 0 are skipped: they add a zero
// to a sum that starts at +0 and so can never be -0, which leaves it
// unchanged.
layout(push_constant) uniform Push {
	uint offset;
	uint pre;
	uint post;
	uint preR;
	uint delay;
	uint outR;
} pc;

layout(std430, binding = 1) readonly buffer W { float w[]; };
layout(std430, binding = 2) readonly buffer Pre { float pre_[]; };
layout(std430, binding = 3) writeonly buffer Out { float out_[]; };

void main() {
	uint i = gid();
	if (i >= pc.post) {
		return;
	}
	uvec2 t = tickAt(pc.offset);
	uint base = slot(t, pc.preR, pc.delay) * pc.pre;
	precise float acc = 0.0;
	for (uint j = 0u; j < pc.pre; j++) {
		float s = pre_[base + j];
		if (s != 0.0) {
			precise float term = w[j * pc.post + i] * s;
			acc = acc + term;
		}
	}
	out_[slot(t, pc.outR, 0u) * pc.post + i] = acc;
}
