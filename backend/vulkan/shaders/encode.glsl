// Shared by the encoder kernels (latency, phase, weighted_phase) and the
// rhythm kernels (oscillator, multiplex). Included after common.glsl.

// cycleTick is (t + start) mod period for start < period <= 65535:
// ops.Rhythm.At and ops.Latency.At.
uint cycleTick(uvec2 t, uint period, uint start) {
	return (tickMod(t, period) + start) % period;
}

// unitValue is ops.Unit: (x - lo) * scale clamped to [0, 1], NaN to 0.
float unitValue(float x, float lo, float scale) {
	precise float v = (x - lo) * scale;
	if (v > 1.0) {
		return 1.0;
	}
	if (v >= 0.0) {
		return v;
	}
	return 0.0;
}

// roundLevel is ops.roundLevel: floor(float32(v * m) + 0.5), every
// operation rounded to float32 (precise: no fused multiply-add).
uint roundLevel(float v, float m) {
	precise float y = v * m;
	precise float z = y + 0.5;
	return uint(floor(z));
}
