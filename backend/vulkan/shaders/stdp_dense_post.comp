#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "plastic.glsl"

// ops.STDPDense, second half of a tick: one invocation per presynaptic
// neuron j, which owns row j. Its pre traces decay and take its spike;
// then, for each post spike i in increasing order, w[j][i] is potentiated
// with the gain stdp_dense_pre.comp kept (step 4 of the reference); a
// deferred rule folds the row on its ticks (step 5).
layout(std430, binding = 1) buffer W { float w[]; };
layout(std430, binding = 2) buffer Pending { float pending[]; };
layout(std430, binding = 3) buffer X { float x[]; };
layout(std430, binding = 4) buffer R { float r[]; };
layout(std430, binding = 5) readonly buffer Gain { float gain[]; };
layout(std430, binding = 6) readonly buffer Pre { float pre_[]; };
layout(std430, binding = 7) readonly buffer PostSpikes { float postSpikes[]; };
layout(std430, binding = 8) readonly buffer Learn { float learn[]; };

void main() {
	uint j = gid();
	if (j >= pc.pre) {
		return;
	}
	uvec2 t = tickAt(pc.offset);
	bool on = learningOn(learn[slot(t, pc.learnR, 0u)]);
	bool triplet = has(F_TRIPLET);
	precise float xj = x[j] * param(pc.decayPlus);
	precise float rj = 0.0;
	if (triplet) {
		rj = r[j] * param(pc.decayX);
	}
	if (pre_[slot(t, pc.preR, pc.preDelay) * pc.pre + j] != 0.0) {
		xj = bump(xj);
		rj = bump(rj);
	}
	x[j] = xj;
	if (triplet) {
		r[j] = rj;
	}
	if (!on) {
		return;
	}
	uint row = j * pc.post;
	uint posts = slot(t, pc.postR, 1u) * pc.post;
	for (uint i = 0u; i < pc.post; i++) {
		if (postSpikes[posts + i] == 0.0) {
			continue;
		}
		uint k = row + i;
		float d = potentiation(w[k], xj, gain[i]);
		if (has(F_DEFERRED)) {
			precise float p = pending[k] + d;
			pending[k] = p;
		} else {
			precise float nw = w[k] + d;
			w[k] = clip(nw);
		}
	}
	if (folds(t)) {
		for (uint i = 0u; i < pc.post; i++) {
			precise float nw = w[row + i] + pending[row + i];
			w[row + i] = clip(nw);
			pending[row + i] = 0.0;
		}
	}
}
