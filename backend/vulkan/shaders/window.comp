#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

// The spikes a node of period P reads through an input of delay d: the
// float32 sum of the producer's spike output at ticks t-d-P+1 .. t-d,
// added oldest first from +0 (the ticks its previous step did not see).
// Only the ticks the producer stepped at are added, the others being
// zeros: the host passes the newest of them (delay), the producer's period
// (stride) and how many there are (count), which depend only on the tick's
// phase in the hyperperiod. Ticks before the first name slots not yet
// written, which hold zeros. The consumer reads the sum from a buffer of
// one slot.
layout(push_constant) uniform Push {
	uint offset;
	uint n;
	uint inR;   // slots of the producer's ring, > delay + (count-1) stride
	uint delay; // of the newest tick added
	uint stride;
	uint count;
} pc;

layout(std430, binding = 1) readonly buffer In { float in_[]; };
layout(std430, binding = 2) writeonly buffer Out { float out_[]; };

void main() {
	uint i = gid();
	if (i >= pc.n) {
		return;
	}
	uvec2 t = tickAt(pc.offset);
	precise float acc = 0.0;
	for (uint k = pc.count; k > 0u; k--) {
		acc = acc + in_[slot(t, pc.inR, pc.delay + (k - 1u) * pc.stride) * pc.n + i];
	}
	out_[i] = acc;
}
