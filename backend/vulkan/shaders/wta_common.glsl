// Shared by the ops.Wta kernels (wta_*.comp): push constants and the
// flush of activities below the smallest normal float32 (ops.MinActivity).
// Included after common.glsl.

layout(push_constant) uniform Push {
	uint offset;
	uint b; // maps
	uint n; // units per map
	uint nw; // windows per map
	uint k; // winners per window; 0: WTA
	uint inR; // ring slots of the input "in"
	uint inDelay;
	uint xR; // ring slots of the output "x"
	uint yR; // ring slots of the output "y"
	uint ksize; // units per window
	// ops.WtaFactors, as float32 bits
	uint eta;
	uint alpha;
	uint beta1;
	uint beta2;
	uint texc;
	uint tinh;
	uint etaBeta2;
} pc;

float f32(uint bits) {
	return uintBitsToFloat(bits);
}

// flush is ops.Wta's: +0 below 2^-126 (activities are never negative).
float flush(float v) {
	return v < uintBitsToFloat(0x00800000u) ? 0.0 : v;
}
