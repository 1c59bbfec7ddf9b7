#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

// A test kernel, not an op: it evaluates the helpers of common.glsl so
// that a test can compare them with the host's arithmetic. For each
// modulus r[i]: the tick modulo r, the slot of tick t-1, and the four
// Philox words of counter (i, t, stream).
layout(push_constant) uniform Push {
	uint offset;
	uint m;
	uint key0;
	uint key1;
	uint stream;
} pc;

layout(std430, binding = 1) readonly buffer Moduli { uint r[]; };
layout(std430, binding = 2) writeonly buffer Out { uint out_[]; };

void main() {
	uint i = gid();
	if (i >= pc.m) {
		return;
	}
	uvec2 t = tickAt(pc.offset);
	uvec4 w = philox(uvec4(i, t.x, t.y, pc.stream), uvec2(pc.key0, pc.key1));
	out_[8u * i + 0u] = tickMod(t, r[i]);
	out_[8u * i + 1u] = slot(t, r[i], r[i] > 1u ? 1u : 0u);
	out_[8u * i + 2u] = w.x;
	out_[8u * i + 3u] = w.y;
	out_[8u * i + 4u] = w.z;
	out_[8u * i + 5u] = w.w;
	out_[8u * i + 6u] = floatBitsToUint(uniform01(w.x));
	out_[8u * i + 7u] = t.y;
}
