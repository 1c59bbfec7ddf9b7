#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "plastic.glsl"

// ops.Normalization of a sparse plastic projection: normalize_dense.comp
// over the synapses onto neuron i, in the order of ops.CSR.Columns.
layout(std430, binding = 1) buffer W { float w[]; };
layout(std430, binding = 2) readonly buffer Topology { uint topo[]; };
layout(std430, binding = 3) readonly buffer Learn { float learn[]; };
layout(std430, binding = 4) readonly buffer Normalize { float norm[]; };

void main() {
	uint i = gid();
	if (i >= pc.post) {
		return;
	}
	uvec2 t = tickAt(pc.offset);
	if (!learningOn(learn[slot(t, pc.learnR, 0u)]) || !normalizes(t, norm[slot(t, pc.normR, 0u)])) {
		return;
	}
	uint lo = topo[colPtrAt(i)], hi = topo[colPtrAt(i + 1u)];
	precise float sum = 0.0;
	for (uint e = lo; e < hi; e++) {
		sum = sum + w[topo[colAt(e)]];
	}
	float s = normScale(sum);
	for (uint e = lo; e < hi; e++) {
		uint k = topo[colAt(e)];
		precise float nw = w[k] * s;
		w[k] = nw;
	}
}
