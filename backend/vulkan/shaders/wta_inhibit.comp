#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "wta_common.glsl"

// ops.Wta, step 2 of a tick, one (map, window) per invocation: the new y_w
// into the output ring, from x of the tick before summed over the window's
// units in row-major order (WTA), or from the count of its units whose
// drive is positive (k-WTA).
layout(std430, binding = 1) readonly buffer X { float x[]; };
layout(std430, binding = 2) readonly buffer Y { float y[]; };
layout(std430, binding = 3) readonly buffer On { uint on_[]; };
layout(std430, binding = 4) readonly buffer First { int first[]; };
layout(std430, binding = 5) readonly buffer Offsets { int offsets[]; };
layout(std430, binding = 6) writeonly buffer YOut { float yOut[]; };

void main() {
	uint e = gid();
	if (e >= pc.b * pc.nw) {
		return;
	}
	uint s = e / pc.nw;
	uint w = e - s * pc.nw;
	uint base = s * pc.n + uint(first[w]);
	float yw = y[e];
	float yn;
	if (pc.k > 0u) {
		int count = 0;
		for (uint k = 0u; k < pc.ksize; k++) {
			if (on_[base + uint(offsets[k])] != 0u) {
				count++;
			}
		}
		precise float st = f32(pc.etaBeta2) * float(count - int(pc.k));
		precise float v = yw + st;
		yn = v;
	} else {
		precise float sum = 0.0;
		for (uint k = 0u; k < pc.ksize; k++) {
			sum = sum + x[base + uint(offsets[k])];
		}
		precise float p = f32(pc.beta2) * sum;
		precise float z = p - f32(pc.tinh);
		float a = z > 0.0 ? z : 0.0;
		precise float d = a - yw;
		precise float st = f32(pc.eta) * d;
		precise float v = yw + st;
		yn = v;
	}
	yOut[slot(tickAt(pc.offset), pc.yR, 0u) * pc.b * pc.nw + e] = flush(yn);
}
