#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "lca_common.glsl"

// ops.LCA, steps 1 and 3 to 4 of a tick, one (signal, atom) per
// invocation: clear a restarted signal's state, recompute b = Phi^T x
// where the input changed (the sum over m in increasing order, skipping
// zeros, which leaves it unchanged), and keep T(u) of the tick before for
// the inhibition, which lca_step reads while it overwrites u. With a
// prior connected, the drive b + Gamma prior, which lca_step reads instead
// of b.
layout(std430, binding = 1) readonly buffer X { float x[]; };
layout(std430, binding = 2) readonly buffer Phi { float phi[]; };
layout(std430, binding = 3) readonly buffer Flags { uint flags[]; };
layout(std430, binding = 4) buffer B { float b_[]; };
layout(std430, binding = 5) buffer U { float u[]; };
layout(std430, binding = 6) buffer M { float m_[]; };
layout(std430, binding = 7) buffer V { float v_[]; };
layout(std430, binding = 8) writeonly buffer APrev { float aPrev[]; };
layout(std430, binding = 9) readonly buffer Prior { float prior[]; };
layout(std430, binding = 10) writeonly buffer Drive { float drive[]; };

void main() {
	uint e = gid();
	if (e >= pc.b * pc.n) {
		return;
	}
	uint s = e / pc.n;
	uint i = e - s * pc.n;
	uint f = flags[s];
	if ((f & RESTART) != 0u) {
		u[e] = 0.0;
		if ((pc.opts & OPT_ADAM) != 0u) {
			m_[e] = 0.0;
		}
		if ((pc.opts & (OPT_RMS | OPT_ADAM)) != 0u) {
			v_[e] = 0.0;
		}
	}
	if ((f & CHANGED) != 0u) {
		uint base = slot(tickAt(pc.offset), pc.xR, pc.xDelay) * pc.b * pc.m + s * pc.m;
		precise float acc = 0.0;
		for (uint k = 0u; k < pc.m; k++) {
			float xk = x[base + k];
			if (xk != 0.0) {
				precise float term = phi[k * pc.n + i] * xk;
				acc = acc + term;
			}
		}
		b_[e] = acc;
	}
	if ((pc.opts & OPT_PRIOR) != 0u) {
		uint pe = slot(tickAt(pc.offset), pc.pR, pc.pDelay) * pc.b * pc.n + e;
		precise float gp = f32(pc.gamma) * prior[pe];
		precise float bp = b_[e] + gp;
		drive[e] = bp;
	}
	aPrev[e] = activate(u[e]);
}
