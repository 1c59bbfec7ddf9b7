#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "lca_common.glsl"

// ops.LCA, steps 5 and 7 of a tick, one (signal, atom) per invocation:
// the inhibition c = sum over active j of G[i][j] a_j in increasing j, du,
// the step of the update, the new u, the squares of the step and of u for
// lca_done, and the output a = T(u).
layout(std430, binding = 1) readonly buffer G { float g[]; };
layout(std430, binding = 2) readonly buffer Flags { uint flags[]; };
layout(std430, binding = 3) readonly buffer B { float b_[]; };
layout(std430, binding = 4) readonly buffer APrev { float aPrev[]; };
layout(std430, binding = 5) readonly buffer Iters { float iters[]; };
layout(std430, binding = 6) readonly buffer Table { float etaK[]; };
layout(std430, binding = 7) buffer U { float u[]; };
layout(std430, binding = 8) buffer M { float m_[]; };
layout(std430, binding = 9) buffer V { float v_[]; };
layout(std430, binding = 10) writeonly buffer Squares { float sq[]; };
layout(std430, binding = 11) writeonly buffer A { float a[]; };

void main() {
	uint e = gid();
	if (e >= pc.b * pc.n) {
		return;
	}
	uint s = e / pc.n;
	uint i = e - s * pc.n;
	precise float ui = u[e];
	if ((flags[s] & RUN) != 0u) {
		precise float c = 0.0;
		for (uint j = 0u; j < pc.n; j++) {
			float aj = aPrev[s * pc.n + j];
			if (aj != 0.0) {
				precise float term = g[i * pc.n + j] * aj;
				c = c + term;
			}
		}
		precise float bu = b_[e] - ui;
		precise float du = bu - c;
		precise float step;
		if ((pc.opts & (OPT_RMS | OPT_ADAM)) == 0u) {
			step = f32(pc.eta) * du;
		} else {
			// ops.LCAFactors.RMS and Adam
			uint k = min(uint(iters[s]), pc.tableLen - 1u);
			precise float dd = du * du;
			precise float v1 = f32(pc.beta2) * v_[e];
			precise float v2 = f32(pc.oneMinusBeta2) * dd;
			precise float vn = v1 + v2;
			v_[e] = vn;
			precise float grad = du;
			if ((pc.opts & OPT_ADAM) != 0u) {
				precise float m1 = f32(pc.beta1) * m_[e];
				precise float m2 = f32(pc.oneMinusBeta1) * du;
				grad = m1 + m2;
				m_[e] = grad;
			}
			precise float ve = vn + f32(pc.eps);
			precise float scaled = etaK[k] * grad;
			step = scaled * rsqrtLCA(ve);
		}
		ui = ui + step;
		u[e] = ui;
		precise float ss = step * step;
		precise float uu = ui * ui;
		sq[2u * e] = ss;
		sq[2u * e + 1u] = uu;
	}
	a[slot(tickAt(pc.offset), pc.aR, 0u) * pc.b * pc.n + e] = activate(ui);
}
