#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "encode.glsl"

// ops.WeightedPhase, one neuron per invocation: at the first tick of each
// gamma cycle the input is sampled and its K-bit code held; on the first
// tick of phase k the neuron fires, with the weight 2^-(k+1), if bit K-1-k
// of the code is set. The weight is built from its exponent bits, exactly
// as math.Ldexp(1, -(k+1)) gives it on the host.
layout(push_constant) uniform Push {
	uint offset;
	uint n;
	uint theta; // ticks per theta cycle
	uint start; // the rhythm's offset, ticks
	uint tg;    // ticks per gamma cycle
	uint phases;
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
	float q = held[i];
	if (j == 0u) {
		float v = unitValue(value[slot(t, pc.inR, pc.inDelay) * pc.n + i], uintBitsToFloat(pc.lo), uintBitsToFloat(pc.scale));
		q = float(roundLevel(v, float((1u << pc.phases) - 1u))); // ops.WeightedCode
		held[i] = q;
	}
	float s = 0.0;
	uint k = (j * pc.phases + pc.tg - 1u) / pc.tg; // ops.PhaseOf
	if (k < pc.phases && k * pc.tg / pc.phases == j && q >= 0.0 && ((uint(q) >> (pc.phases - 1u - k)) & 1u) == 1u) {
		s = uintBitsToFloat((126u - k) << 23);
	}
	out_[slot(t, pc.outR, 0u) * pc.n + i] = s;
}
