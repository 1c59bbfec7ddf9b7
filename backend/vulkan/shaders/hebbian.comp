#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

// ops.Hebbian, one invocation per output i, which owns column i: out_i =
// sum over j in increasing order of float32(W[j][i] x_j), with the weights
// of the start of the tick (zero inputs skipped: they would add signed
// zeros to a sum that cannot be -0), then, while learning, each W[j][i]
// changes by ops.HebbianChange.
layout(push_constant) uniform Push {
	uint offset;
	uint pre;
	uint post;
	uint xR;
	uint yR;
	uint learnR;
	uint outR;
	uint flags; // bit 0: "y" is bound; bit 1: "learn" is bound; bit 2: Oja's rule
	uint eta;   // float32 bits
} pc;

layout(std430, binding = 1) buffer W { float w[]; };
layout(std430, binding = 2) readonly buffer X { float x[]; };
layout(std430, binding = 3) readonly buffer Y { float yIn[]; };
layout(std430, binding = 4) readonly buffer Learn { float learn[]; };
layout(std430, binding = 5) writeonly buffer Out { float out_[]; };

void main() {
	uint i = gid();
	if (i >= pc.post) {
		return;
	}
	uvec2 t = tickAt(pc.offset);
	uint xb = slot(t, pc.xR, 0u) * pc.pre;
	precise float acc = 0.0;
	for (uint j = 0u; j < pc.pre; j++) {
		float a = x[xb + j];
		if (a != 0.0) {
			precise float term = w[j * pc.post + i] * a;
			acc = acc + term;
		}
	}
	out_[slot(t, pc.outR, 0u) * pc.post + i] = acc;
	if ((pc.flags & 2u) != 0u && learn[slot(t, pc.learnR, 0u)] == 0.0) {
		return;
	}
	float y = acc;
	if ((pc.flags & 1u) != 0u) {
		y = yIn[slot(t, pc.yR, 0u) * pc.post + i];
	}
	precise float c = uintBitsToFloat(pc.eta) * y;
	bool oja = (pc.flags & 4u) != 0u;
	for (uint j = 0u; j < pc.pre; j++) {
		uint k = j * pc.post + i;
		float wk = w[k];
		precise float d = c * x[xb + j];
		if (oja) {
			precise float yw = y * wk;
			precise float diff = x[xb + j] - yw;
			d = c * diff;
		}
		precise float nw = wk + d;
		w[k] = nw;
	}
}
