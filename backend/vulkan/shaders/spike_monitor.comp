#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

// ops.SpikeMonitor: one bit per element and tick of the batch, set when
// the input is nonzero; the host turns the bits into (tick, index) events
// in canonical order. atomicOr makes the result independent of the order
// in which invocations sharing a word run.
layout(push_constant) uniform Push {
	uint offset;
	uint n;
	uint inR;
	uint delay;
	uint words; // ceil(n / 32): words per tick
} pc;

layout(std430, binding = 1) readonly buffer In { float in_[]; };
layout(std430, binding = 2) buffer Record { uint bits[]; };

void main() {
	uint i = gid();
	if (i >= pc.n) {
		return;
	}
	if (in_[slot(tickAt(pc.offset), pc.inR, pc.delay) * pc.n + i] != 0.0) {
		atomicOr(bits[pc.offset * pc.words + i / 32u], 1u << (i % 32u));
	}
}
