#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

// The second half of the shared-weight ops.Sparse (see sparse_count.comp):
// post[i] is w added count[i] times, in float32, starting from +0, as the
// reference's loop adds it; the count is reset for the next tick.
layout(push_constant) uniform Push {
	uint offset;
	uint post;
	uint outR;
} pc;

layout(std430, binding = 1) buffer Count { uint count[]; };
layout(std430, binding = 2) readonly buffer W { float w[]; };
layout(std430, binding = 3) writeonly buffer Out { float out_[]; };

void main() {
	uint i = gid();
	if (i >= pc.post) {
		return;
	}
	uint c = count[i];
	count[i] = 0u;
	float weight = w[0];
	precise float acc = 0.0;
	for (uint k = 0u; k < c; k++) {
		acc = acc + weight;
	}
	out_[slot(tickAt(pc.offset), pc.outR, 0u) * pc.post + i] = acc;
}
