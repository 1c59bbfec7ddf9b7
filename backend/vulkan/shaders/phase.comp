#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "encode.glsl"

// ops.Phase, one neuron per invocation: at the first tick of each gamma
// cycle the input is sampled and its bin's starting tick held; the neuron
// fires on the tick of the cycle that equals it.
layout(push_constant) uniform Push {
	uint offset;
	uint n;
	uint theta; // ticks per theta cycle
	uint start; // the rhythm's offset, ticks
	uint tg;    // ticks per gamma cycle
	uint bins;
	uint inR;
	uint inDelay;
	uint outR;
	uint lo;    // float32 bits, ops.ValueRange.Factors
	uint scale; // float32 bits
} pc;

layout(std430, binding = 1) readonly buffer Value { float value[]; };
layout(std430, binding = 2) buffer Held { float held[]; };
layout(std430, binding = 3) writeonly buffer Out { float out_[]; };

void main() {
	uint i = gid();
	if (i >= pc.n) {
		return;
	}
	uvec2 t = tickAt(pc.offset);
	uint j = cycleTick(t, pc.theta, pc.start) % pc.tg;
	float h = held[i];
	if (j == 0u) {
		float v = unitValue(value[slot(t, pc.inR, pc.inDelay) * pc.n + i], uintBitsToFloat(pc.lo), uintBitsToFloat(pc.scale));
		uint b = roundLevel(v, float(pc.bins - 1u));
		h = float(b * pc.tg / pc.bins); // ops.PhaseTick
		held[i] = h;
	}
	out_[slot(t, pc.outR, 0u) * pc.n + i] = h == float(j) ? 1.0 : 0.0;
}
