#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "lca_common.glsl"

// ops.LCA, step 1 of a tick, one signal per invocation: compare the input
// with the one last seen; on a change keep it, wake the signal and, unless
// online, start it again. Likewise a prior that changed is kept and wakes
// the signal. A signal that is not done iterates this tick and counts the
// iteration.
layout(std430, binding = 1) readonly buffer X { float x[]; };
layout(std430, binding = 2) buffer Seen { float seen[]; };
layout(std430, binding = 3) buffer Iters { float iters[]; };
layout(std430, binding = 4) buffer Done { float done[]; };
layout(std430, binding = 5) writeonly buffer Flags { uint flags[]; };
layout(std430, binding = 6) readonly buffer Prior { float prior[]; };
layout(std430, binding = 7) buffer Heard { float heard[]; };

void main() {
	uint s = gid();
	if (s >= pc.b) {
		return;
	}
	uint base = slot(tickAt(pc.offset), pc.xR, pc.xDelay) * pc.b * pc.m + s * pc.m;
	bool changed = false;
	for (uint k = 0u; k < pc.m; k++) {
		if (floatBitsToUint(x[base + k]) != floatBitsToUint(seen[s * pc.m + k])) {
			changed = true;
			break;
		}
	}
	uint f = 0u;
	if (changed) {
		for (uint k = 0u; k < pc.m; k++) {
			seen[s * pc.m + k] = x[base + k];
		}
		done[s] = 0.0;
		f |= CHANGED;
		if ((pc.opts & OPT_ONLINE) == 0u) {
			iters[s] = 0.0;
			f |= RESTART;
		}
	}
	if ((pc.opts & OPT_PRIOR) != 0u) {
		uint pb = slot(tickAt(pc.offset), pc.pR, pc.pDelay) * pc.b * pc.n + s * pc.n;
		bool heardChanged = false;
		for (uint k = 0u; k < pc.n; k++) {
			if (floatBitsToUint(prior[pb + k]) != floatBitsToUint(heard[s * pc.n + k])) {
				heardChanged = true;
				break;
			}
		}
		if (heardChanged) {
			for (uint k = 0u; k < pc.n; k++) {
				heard[s * pc.n + k] = prior[pb + k];
			}
			done[s] = 0.0;
		}
	}
	if (done[s] == 0.0) {
		f |= RUN;
		precise float it = iters[s] + 1.0;
		iters[s] = it;
	}
	flags[s] = f;
}
