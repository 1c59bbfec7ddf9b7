#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "encode.glsl"

// ops.Multiplex, one neuron per invocation: its item for this tick's gamma
// cycle, times the gain.
layout(push_constant) uniform Push {
	uint offset;
	uint n;
	uint theta; // ticks per theta cycle
	uint start; // the rhythm's offset, ticks
	uint tg;    // ticks per gamma cycle
	uint gamma; // items per neuron
	uint inR;
	uint inDelay;
	uint outR;
	uint gain; // float32 bits
} pc;

layout(std430, binding = 1) readonly buffer Items { float items[]; };
layout(std430, binding = 2) writeonly buffer Out { float out_[]; };

void main() {
	uint i = gid();
	if (i >= pc.n) {
		return;
	}
	uvec2 t = tickAt(pc.offset);
	uint c = cycleTick(t, pc.theta, pc.start) / pc.tg;
	precise float x = items[slot(t, pc.inR, pc.inDelay) * pc.n * pc.gamma + i * pc.gamma + c] * uintBitsToFloat(pc.gain);
	out_[slot(t, pc.outR, 0u) * pc.n + i] = x;
}
