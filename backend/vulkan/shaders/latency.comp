#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "encode.glsl"

// ops.Latency, one neuron per invocation: at the first tick of each window
// the input is sampled and its latency held; the neuron fires on the tick
// of the window that equals it.
layout(push_constant) uniform Push {
	uint offset;
	uint n;
	uint window; // ticks
	uint start;  // the window's offset, ticks
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
	uint j = cycleTick(t, pc.window, pc.start);
	float h = held[i];
	if (j == 0u) {
		float v = unitValue(value[slot(t, pc.inR, pc.inDelay) * pc.n + i], uintBitsToFloat(pc.lo), uintBitsToFloat(pc.scale));
		precise float u = 1.0 - v;
		h = float(roundLevel(u, float(pc.window - 1u))); // ops.LatencyTick
		held[i] = h;
	}
	out_[slot(t, pc.outR, 0u) * pc.n + i] = h == float(j) ? 1.0 : 0.0;
}
