#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

// An output of a node whose clock does not fire on this tick: a spike
// output reads as zeros, any other output holds the value of the node's
// last step, copied forward from the tick before (rings of one slot hold
// it already and get no dispatch).
layout(push_constant) uniform Push {
	uint offset;
	uint n;
	uint outR;
	uint hold; // 1: copy the tick before; 0: zeros
} pc;

layout(std430, binding = 1) buffer Out { float out_[]; };

void main() {
	uint i = gid();
	if (i >= pc.n) {
		return;
	}
	uvec2 t = tickAt(pc.offset);
	float v = 0.0;
	if (pc.hold != 0u) {
		v = out_[slot(t, pc.outR, 1u) * pc.n + i];
	}
	out_[slot(t, pc.outR, 0u) * pc.n + i] = v;
}
