// Shared by the ops.LCA kernels (lca_*.comp): push constants, per-signal
// flags and the op's float32 functions. Included after common.glsl.

layout(push_constant) uniform Push {
	uint offset;
	uint b; // signals
	uint m; // signal length
	uint n; // atoms
	uint xR; // ring slots of the input "x"
	uint xDelay;
	uint aR; // ring slots of the output "a"
	uint opts; // OPT_* bits
	uint tableLen; // entries of the step-size table
	// ops.LCAFactors, as float32 bits
	uint lambda;
	uint eta;
	uint beta1;
	uint oneMinusBeta1;
	uint beta2;
	uint oneMinusBeta2;
	uint eps;
	uint tol2;
	uint pR; // ring slots of the input "prior"
	uint pDelay;
	uint gamma;
} pc;

const uint OPT_SOFT = 1u;
const uint OPT_NONNEGATIVE = 2u;
const uint OPT_ONLINE = 4u;
const uint OPT_RMS = 8u;
const uint OPT_ADAM = 16u;
const uint OPT_PRIOR = 32u; // the input "prior" is connected

// Per-signal flags written by lca_prepare for the tick.
const uint RUN = 1u; // the signal iterates this tick
const uint CHANGED = 2u; // its input changed: recompute b
const uint RESTART = 4u; // and start again from u = 0

float f32(uint bits) {
	return uintBitsToFloat(bits);
}

// ops.LCAFactors.Activate
float activate(float u) {
	float lambda = f32(pc.lambda);
	bool soft = (pc.opts & OPT_SOFT) != 0u;
	if (u > lambda) {
		precise float a = u - lambda;
		return soft ? a : u;
	}
	if (u < -lambda && (pc.opts & OPT_NONNEGATIVE) == 0u) {
		precise float a = u + lambda;
		return soft ? a : u;
	}
	return 0.0;
}

// ops.Rsqrt: an integer seed and one Newton step, every product rounded.
float rsqrtLCA(float y) {
	precise float h = 0.5 * y;
	float r = uintBitsToFloat(0x5f375a86u - (floatBitsToUint(y) >> 1));
	precise float hr = h * r;
	precise float hrr = hr * r;
	precise float w = 1.5 - hrr;
	precise float out_ = r * w;
	return out_;
}
