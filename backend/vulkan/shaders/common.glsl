// Shared by every spikeflow kernel: float controls, the workgroup size, the
// linear invocation index, the tick, ring slots and the Philox generator.
// Included by each kernel after "#version 450".

#extension GL_EXT_spirv_intrinsics : require

// SignedZeroInfNanPreserve (SPIR-V execution mode 4461, capability 4466)
// for 32-bit floats: without it a driver may ignore the sign of zero and
// assume no NaN or infinity, and results would differ from the reference.
spirv_execution_mode(extensions = ["SPV_KHR_float_controls"], capabilities = [4466], 4461, 32);

// DenormPreserve (execution mode 4459, capability 4464) for 32-bit floats,
// in the *.denorm.spv variants, for devices that support it
// (shaderDenormPreserveFloat32): without it a driver may flush subnormal
// results to zero, where the reference keeps them.
#ifdef DENORM_PRESERVE
spirv_execution_mode(extensions = ["SPV_KHR_float_controls"], capabilities = [4464], 4459, 32);
#endif

// The workgroup size is specialization constant 0.
layout(local_size_x_id = 0) in;

// Binding 0 of every kernel: the tick at which the current batch started.
layout(std430, set = 0, binding = 0) readonly buffer Clock {
	uint tick_lo;
	uint tick_hi;
} clock_;

// gid is the linear index of this invocation over a 1D or 2D grid.
uint gid() {
	return gl_GlobalInvocationID.y * gl_NumWorkGroups.x * gl_WorkGroupSize.x + gl_GlobalInvocationID.x;
}

// tickAt is the tick of a dispatch recorded offset ticks into the batch,
// as (low word, high word).
uvec2 tickAt(uint offset) {
	uint lo = clock_.tick_lo + offset;
	return uvec2(lo, clock_.tick_hi + (lo < offset ? 1u : 0u));
}

// tickMod is t mod r for r <= 65535, in 32-bit arithmetic:
// t = hi 2^32 + lo, so t mod r = ((hi mod r)(2^32 mod r) + lo mod r) mod r.
uint tickMod(uvec2 t, uint r) {
	uint wrap = (0xFFFFFFFFu % r + 1u) % r;
	return ((t.y % r) * wrap + t.x % r) % r;
}

// slot is where a value of tick t - delay lives in a ring of r slots
// (r > delay). Before the first tick it names a slot not yet written,
// which holds zeros, as the reference's "nothing emitted yet".
uint slot(uvec2 t, uint r, uint delay) {
	return (tickMod(t, r) + r - delay) % r;
}

// philox is Philox4x32-10 (Salmon et al. 2011), the same bijection as
// rng.Philox4x32 on the host.
uvec4 philox(uvec4 c, uvec2 k) {
	for (int i = 0; i < 10; i++) {
		uint hi0, lo0, hi1, lo1;
		umulExtended(0xD2511F53u, c.x, hi0, lo0);
		umulExtended(0xCD9E8D57u, c.z, hi1, lo1);
		c = uvec4(hi1 ^ c.y ^ k.x, lo1, hi0 ^ c.w ^ k.y, lo0);
		k += uvec2(0x9E3779B9u, 0xBB67AE85u);
	}
	return c;
}

// uniform01 is rng.ToFloat32: the top 24 bits as an exact multiple of 2^-24.
float uniform01(uint u) {
	return float(u >> 8) * (1.0 / 16777216.0);
}
