#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "plastic.glsl"

// ops.STDPDense, first half of a tick: one invocation per postsynaptic
// neuron i, which owns column i. It delivers the current (the sum over
// presynaptic j in increasing order, with the weights of the start of the
// tick), depresses w[j][i] for each pre spike j (steps 1 and 3 of the
// reference, which touch each synapse once, so doing them column by column
// keeps the reference's per-synapse order), decays its post traces, keeps
// the potentiation gain of its spike for stdp_dense_post.comp, and lets
// the traces take the spike. The pre slow trace r_j is decayed here from
// its start-of-tick value, as every invocation computes the same product;
// stdp_dense_post.comp stores it.
layout(std430, binding = 1) buffer W { float w[]; };
layout(std430, binding = 2) buffer Pending { float pending[]; };
layout(std430, binding = 3) readonly buffer R { float r[]; };
layout(std430, binding = 4) buffer Y { float y[]; };
layout(std430, binding = 5) buffer O { float o[]; };
layout(std430, binding = 6) writeonly buffer Gain { float gain[]; };
layout(std430, binding = 7) readonly buffer Pre { float pre_[]; };
layout(std430, binding = 8) readonly buffer PostSpikes { float postSpikes[]; };
layout(std430, binding = 9) readonly buffer Learn { float learn[]; };
layout(std430, binding = 10) writeonly buffer Out { float out_[]; };

void main() {
	uint i = gid();
	if (i >= pc.post) {
		return;
	}
	uvec2 t = tickAt(pc.offset);
	bool on = learningOn(learn[slot(t, pc.learnR, 0u)]);
	bool triplet = has(F_TRIPLET);
	precise float yi = y[i] * param(pc.decayMinus);
	precise float oi = 0.0;
	if (triplet) {
		oi = o[i] * param(pc.decayY);
	}
	uint base = slot(t, pc.preR, pc.preDelay) * pc.pre;
	precise float acc = 0.0;
	for (uint j = 0u; j < pc.pre; j++) {
		float s = pre_[base + j];
		if (s == 0.0) {
			continue;
		}
		uint k = j * pc.post + i;
		float wk = w[k];
		precise float term = wk * s;
		acc = acc + term;
		if (on) {
			precise float rj = 0.0;
			if (triplet) {
				rj = r[j] * param(pc.decayX);
			}
			float d = depression(wk, yi, depressionGain(rj));
			if (has(F_DEFERRED)) {
				precise float p = pending[k] - d;
				pending[k] = p;
			} else {
				precise float nw = wk - d;
				w[k] = clip(nw);
			}
		}
	}
	out_[slot(t, pc.outR, 0u) * pc.post + i] = acc;
	gain[i] = potentiationGain(oi);
	if (postSpikes[slot(t, pc.postR, 1u) * pc.post + i] != 0.0) {
		yi = bump(yi);
		oi = bump(oi);
	}
	y[i] = yi;
	if (triplet) {
		o[i] = oi;
	}
}
