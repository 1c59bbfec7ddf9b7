#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "plastic.glsl"

// ops.STDPSparse, second half of a tick: stdp_dense_post.comp over the
// synapses of presynaptic neuron j (its CSR row), which it owns.
layout(std430, binding = 1) buffer W { float w[]; };
layout(std430, binding = 2) buffer Pending { float pending[]; };
layout(std430, binding = 3) readonly buffer Topology { uint topo[]; };
layout(std430, binding = 4) buffer X { float x[]; };
layout(std430, binding = 5) buffer R { float r[]; };
layout(std430, binding = 6) readonly buffer Gain { float gain[]; };
layout(std430, binding = 7) readonly buffer Pre { float pre_[]; };
layout(std430, binding = 8) readonly buffer PostSpikes { float postSpikes[]; };
layout(std430, binding = 9) readonly buffer Learn { float learn[]; };

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
	uint lo = topo[rowPtrAt(j)], hi = topo[rowPtrAt(j + 1u)];
	uint posts = slot(t, pc.postR, 1u) * pc.post;
	for (uint k = lo; k < hi; k++) {
		uint i = topo[targetAt(k)];
		if (postSpikes[posts + i] == 0.0) {
			continue;
		}
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
		for (uint k = lo; k < hi; k++) {
			precise float nw = w[k] + pending[k];
			w[k] = clip(nw);
			pending[k] = 0.0;
		}
	}
}
