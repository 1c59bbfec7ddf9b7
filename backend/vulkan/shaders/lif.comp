#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

// ops.LIF, one neuron per invocation, with the reference's float32
// operations in the reference's order; precise keeps every product
// rounded before it is added (no fused multiply-add).
layout(push_constant) uniform Push {
	uint offset;
	uint n;
	uint flags; // bit 0: "exc" is bound; bit 1: "inh" is bound
	uint excR;
	uint excDelay;
	uint inhR;
	uint inhDelay;
	uint spikesR;
	uint vR;
	// ops.LIFFactors, as float32 bits
	uint rest;
	uint decayM;
	uint gainE;
	uint gainI;
	uint threshold;
	uint reset;
	uint decayE;
	uint decayI;
	uint refTicks;
} pc;

layout(std430, binding = 1) buffer V { float v[]; };
layout(std430, binding = 2) buffer GE { float ge_[]; };
layout(std430, binding = 3) buffer GI { float gi_[]; };
layout(std430, binding = 4) buffer Ref { float ref_[]; };
layout(std430, binding = 5) readonly buffer Exc { float exc[]; };
layout(std430, binding = 6) readonly buffer Inh { float inh[]; };
layout(std430, binding = 7) writeonly buffer Spikes { float spikes[]; };
layout(std430, binding = 8) writeonly buffer VOut { float vOut[]; };

void main() {
	uint i = gid();
	if (i >= pc.n) {
		return;
	}
	uvec2 t = tickAt(pc.offset);
	precise float ge = ge_[i];
	precise float gi = gi_[i];
	if ((pc.flags & 1u) != 0u) {
		ge = ge + exc[slot(t, pc.excR, pc.excDelay) * pc.n + i];
	}
	if ((pc.flags & 2u) != 0u) {
		gi = gi + inh[slot(t, pc.inhR, pc.inhDelay) * pc.n + i];
	}
	float spike = 0.0;
	precise float r = ref_[i];
	if (r > 0.0) {
		r = r - 1.0;
	}
	if (r == 0.0) {
		// ops.Subthreshold.Integrate
		float rest = uintBitsToFloat(pc.rest);
		precise float a = (v[i] - rest) * uintBitsToFloat(pc.decayM);
		precise float b = ge * uintBitsToFloat(pc.gainE);
		precise float c = gi * uintBitsToFloat(pc.gainI);
		precise float x = ((rest + a) + b) + c;
		if (x > uintBitsToFloat(pc.threshold)) {
			spike = 1.0;
			x = uintBitsToFloat(pc.reset);
			r = uintBitsToFloat(pc.refTicks);
		}
		v[i] = x;
	}
	ref_[i] = r;
	precise float decayedE = ge * uintBitsToFloat(pc.decayE);
	precise float decayedI = gi * uintBitsToFloat(pc.decayI);
	ge_[i] = decayedE;
	gi_[i] = decayedI;
	spikes[slot(t, pc.spikesR, 0u) * pc.n + i] = spike;
	vOut[slot(t, pc.vR, 0u) * pc.n + i] = v[i];
}
