#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "lca_common.glsl"

// ops.LCA, step 6 of a tick, one signal per invocation: the sums of the
// squares of the steps and of u in increasing order of atom, and the
// stopping test.
layout(std430, binding = 1) readonly buffer Flags { uint flags[]; };
layout(std430, binding = 2) readonly buffer Squares { float sq[]; };
layout(std430, binding = 3) buffer Done { float done[]; };

void main() {
	uint s = gid();
	if (s >= pc.b || (flags[s] & RUN) == 0u) {
		return;
	}
	float tol2 = f32(pc.tol2);
	if (tol2 <= 0.0) {
		return;
	}
	precise float ds = 0.0;
	precise float us = 0.0;
	for (uint i = 0u; i < pc.n; i++) {
		ds = ds + sq[2u * (s * pc.n + i)];
		us = us + sq[2u * (s * pc.n + i) + 1u];
	}
	precise float bound = tol2 * us;
	if (ds <= bound) {
		done[s] = 1.0;
	}
}
