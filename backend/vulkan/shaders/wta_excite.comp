#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "wta_common.glsl"

// ops.Wta, step 1 of a tick, one (map, unit) per invocation: the drive z_i
// from x and y of the tick before (the inhibition summed over the unit's
// windows in increasing order), the new x_i into the output ring (wta_commit
// copies it into the state once wta_inhibit has read the old x), and, for
// a k-WTA, whether z_i > 0.
layout(std430, binding = 1) readonly buffer In { float in_[]; };
layout(std430, binding = 2) readonly buffer X { float x[]; };
layout(std430, binding = 3) readonly buffer Y { float y[]; };
layout(std430, binding = 4) readonly buffer Ptr { int ptr[]; };
layout(std430, binding = 5) readonly buffer Win { int win[]; };
layout(std430, binding = 6) writeonly buffer XOut { float xOut[]; };
layout(std430, binding = 7) writeonly buffer On { uint on_[]; };

void main() {
	uint e = gid();
	if (e >= pc.b * pc.n) {
		return;
	}
	uint s = e / pc.n;
	uint i = e - s * pc.n;
	uvec2 t = tickAt(pc.offset);
	float I = in_[slot(t, pc.inR, pc.inDelay) * pc.b * pc.n + e];
	float xi = x[e];
	precise float inh = 0.0;
	for (int k = ptr[i]; k < ptr[i + 1]; k++) {
		inh = inh + y[s * pc.nw + uint(win[k])];
	}
	precise float ax = f32(pc.alpha) * xi;
	precise float u = I + ax;
	precise float bc = f32(pc.beta1) * inh;
	precise float v = u - bc;
	precise float z = v - f32(pc.texc);
	float a = z > 0.0 ? z : 0.0;
	precise float d = a - xi;
	precise float st = f32(pc.eta) * d;
	precise float xn = xi + st;
	xOut[slot(t, pc.xR, 0u) * pc.b * pc.n + e] = flush(xn);
	if (pc.k > 0u) {
		on_[e] = z > 0.0 ? 1u : 0u;
	}
}
