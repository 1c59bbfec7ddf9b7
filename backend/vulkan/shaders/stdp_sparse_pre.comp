#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "plastic.glsl"

// ops.STDPSparse, first half of a tick: stdp_dense_pre.comp over the
// synapses onto postsynaptic neuron i, in the order of ops.CSR.Columns
// (presynaptic neuron, then synapse): the order in which the reference
// adds the current. Each synapse has one target, so each is touched by one
// invocation.
layout(std430, binding = 1) buffer W { float w[]; };
layout(std430, binding = 2) buffer Pending { float pending[]; };
layout(std430, binding = 3) readonly buffer Topology { uint topo[]; };
layout(std430, binding = 4) readonly buffer R { float r[]; };
layout(std430, binding = 5) buffer Y { float y[]; };
layout(std430, binding = 6) buffer O { float o[]; };
layout(std430, binding = 7) writeonly buffer Gain { float gain[]; };
layout(std430, binding = 8) readonly buffer Pre { float pre_[]; };
layout(std430, binding = 9) readonly buffer PostSpikes { float postSpikes[]; };
layout(std430, binding = 10) readonly buffer Learn { float learn[]; };
layout(std430, binding = 11) writeonly buffer Out { float out_[]; };

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
	uint end = topo[colPtrAt(i + 1u)];
	for (uint e = topo[colPtrAt(i)]; e < end; e++) {
		uint k = topo[colAt(e)];
		uint j = topo[srcAt(k)];
		float s = pre_[base + j];
		if (s == 0.0) {
			continue;
		}
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
