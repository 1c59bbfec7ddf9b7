#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

// ops.StateMonitor: copies the selected elements of the input into this
// tick's row of the batch's record; the host keeps the rows of the ticks
// the monitor records.
layout(push_constant) uniform Push {
	uint offset;
	uint n; // input size
	uint inR;
	uint delay;
	uint m; // selected elements
} pc;

layout(std430, binding = 1) readonly buffer In { float in_[]; };
layout(std430, binding = 2) readonly buffer Index { uint index[]; };
layout(std430, binding = 3) writeonly buffer Record { float rec[]; };

void main() {
	uint k = gid();
	if (k >= pc.m) {
		return;
	}
	rec[pc.offset * pc.m + k] = in_[slot(tickAt(pc.offset), pc.inR, pc.delay) * pc.n + index[k]];
}
