#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "wta_common.glsl"

// ops.Wta, the end of a tick: the new x and y, written to the output rings
// by wta_excite and wta_inhibit, become the state the next tick reads.
layout(std430, binding = 1) writeonly buffer X { float x[]; };
layout(std430, binding = 2) writeonly buffer Y { float y[]; };
layout(std430, binding = 3) readonly buffer XOut { float xOut[]; };
layout(std430, binding = 4) readonly buffer YOut { float yOut[]; };

void main() {
	uint e = gid();
	uvec2 t = tickAt(pc.offset);
	if (e < pc.b * pc.n) {
		x[e] = xOut[slot(t, pc.xR, 0u) * pc.b * pc.n + e];
	}
	if (e < pc.b * pc.nw) {
		y[e] = yOut[slot(t, pc.yR, 0u) * pc.b * pc.nw + e];
	}
}
