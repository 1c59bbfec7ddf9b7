#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

// ops.SpikeCount: count[i] += 1 on every tick the input is nonzero.
layout(push_constant) uniform Push {
	uint offset;
	uint n;
	uint inR;
	uint delay;
} pc;

layout(std430, binding = 1) readonly buffer In { float in_[]; };
layout(std430, binding = 2) buffer Count { float count[]; };

void main() {
	uint i = gid();
	if (i >= pc.n) {
		return;
	}
	if (in_[slot(tickAt(pc.offset), pc.inR, pc.delay) * pc.n + i] != 0.0) {
		count[i] = count[i] + 1.0;
	}
}
