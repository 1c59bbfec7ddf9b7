#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "encode.glsl"

// ops.Oscillator, one invocation: copies the row of the host-computed table
// (ops.Oscillator.Table) for this tick of the rhythm into the five outputs.
layout(push_constant) uniform Push {
	uint offset;
	uint theta; // ticks per theta cycle
	uint start; // the rhythm's offset, ticks
	uint thetaR;
	uint cycleR;
	uint gammaR;
	uint sinR;
	uint cosR;
} pc;

layout(std430, binding = 1) readonly buffer Table { float tab[]; };
layout(std430, binding = 2) writeonly buffer Theta { float theta_[]; };
layout(std430, binding = 3) writeonly buffer Cycle { float cycle_[]; };
layout(std430, binding = 4) writeonly buffer Gamma { float gamma_[]; };
layout(std430, binding = 5) writeonly buffer Sin { float sin_[]; };
layout(std430, binding = 6) writeonly buffer Cos { float cos_[]; };

void main() {
	if (gid() != 0u) {
		return;
	}
	uvec2 t = tickAt(pc.offset);
	uint row = 5u * cycleTick(t, pc.theta, pc.start);
	theta_[slot(t, pc.thetaR, 0u)] = tab[row];
	cycle_[slot(t, pc.cycleR, 0u)] = tab[row + 1u];
	gamma_[slot(t, pc.gammaR, 0u)] = tab[row + 2u];
	sin_[slot(t, pc.sinR, 0u)] = tab[row + 3u];
	cos_[slot(t, pc.cosR, 0u)] = tab[row + 4u];
}
