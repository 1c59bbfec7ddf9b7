#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

// ops.Input: every tick, the held value becomes the output.
layout(push_constant) uniform Push {
	uint offset; // tick within the batch
	uint n;
	uint outR; // ring slots of the output
} pc;

layout(std430, binding = 1) readonly buffer Value { float value[]; };
layout(std430, binding = 2) writeonly buffer Out { float out_[]; };

void main() {
	uint i = gid();
	if (i >= pc.n) {
		return;
	}
	out_[slot(tickAt(pc.offset), pc.outR, 0u) * pc.n + i] = value[i];
}
