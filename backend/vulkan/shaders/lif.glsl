// ops.LIF, one neuron per invocation, with the reference's float32
// operations in the reference's order; precise keeps every product
// rounded before it is added (no fused multiply-add). Included by lif.comp
// and, with ADAPTIVE defined, by adaptive_lif.comp (ops.AdaptiveLIF: a
// threshold raised by theta, which adapts while "learn" is nonzero). Flag
// bit 3 makes the synapses conductance-based (ops.LIF.Reversal).
layout(push_constant) uniform Push {
	uint offset;
	uint n;
	uint flags; // bit 0: "exc" is bound; bit 1: "inh" is bound; bit 2: "learn" is bound; bit 3: conductance-based
	uint excR;
	uint excDelay;
	uint inhR;
	uint inhDelay;
	uint spikesR;
	uint vR;
	// ops.LIFFactors, as float32 bits
	uint rest;
	uint decayM;
	uint gainE;
	uint gainI;
	uint threshold;
	uint reset;
	uint decayE;
	uint decayI;
	uint refTicks;
	uint lockTicks;
	uint eExc;
	uint eInh;
	uint lo;
	uint hi;
#ifdef ADAPTIVE
	uint learnR;
	uint thetaPlus;
	uint decayTheta;
#endif
} pc;

layout(std430, binding = 1) buffer V { float v[]; };
layout(std430, binding = 2) buffer GE { float ge_[]; };
layout(std430, binding = 3) buffer GI { float gi_[]; };
layout(std430, binding = 4) buffer Ref { float ref_[]; };
layout(std430, binding = 5) readonly buffer Exc { float exc[]; };
layout(std430, binding = 6) readonly buffer Inh { float inh[]; };
layout(std430, binding = 7) writeonly buffer Spikes { float spikes[]; };
layout(std430, binding = 8) writeonly buffer VOut { float vOut[]; };
#ifdef ADAPTIVE
layout(std430, binding = 9) buffer Theta { float theta[]; };
layout(std430, binding = 10) readonly buffer Learn { float learn[]; };
#endif

void main() {
	uint i = gid();
	if (i >= pc.n) {
		return;
	}
	uvec2 t = tickAt(pc.offset);
	precise float ge = ge_[i];
	precise float gi = gi_[i];
	if ((pc.flags & 1u) != 0u) {
		ge = ge + exc[slot(t, pc.excR, pc.excDelay) * pc.n + i];
	}
	if ((pc.flags & 2u) != 0u) {
		gi = gi + inh[slot(t, pc.inhR, pc.inhDelay) * pc.n + i];
	}
	float spike = 0.0;
	precise float r = ref_[i];
	if (r > 0.0) {
		r = r - 1.0;
	}
	precise float threshold = uintBitsToFloat(pc.threshold);
#ifdef ADAPTIVE
	bool learning = (pc.flags & 4u) == 0u || learn[slot(t, pc.learnR, 0u)] != 0.0;
	precise float th = theta[i];
	if (learning) {
		th = th * uintBitsToFloat(pc.decayTheta);
	}
	threshold = threshold + th;
#endif
	if (r <= uintBitsToFloat(pc.lockTicks)) {
		// ops.Drive.Currents
		precise float ie = ge;
		precise float ii = gi;
		if ((pc.flags & 8u) != 0u) {
			precise float de = uintBitsToFloat(pc.eExc) - v[i];
			precise float di = uintBitsToFloat(pc.eInh) - v[i];
			ie = ge * de;
			ii = gi * di;
		}
		// ops.Subthreshold.Integrate
		float rest = uintBitsToFloat(pc.rest);
		precise float a = (v[i] - rest) * uintBitsToFloat(pc.decayM);
		precise float b = ie * uintBitsToFloat(pc.gainE);
		precise float c = ii * uintBitsToFloat(pc.gainI);
		precise float x = ((rest + a) + b) + c;
		if ((pc.flags & 8u) != 0u) {
			// ops.Drive.Bound
			float lo = uintBitsToFloat(pc.lo);
			float hi = uintBitsToFloat(pc.hi);
			if (v[i] < lo) {
				lo = v[i];
			}
			if (v[i] > hi) {
				hi = v[i];
			}
			if (x < lo) {
				x = lo;
			} else if (x > hi) {
				x = hi;
			}
		}
		if (r == 0.0 && x > threshold) {
			spike = 1.0;
			x = uintBitsToFloat(pc.reset);
			r = uintBitsToFloat(pc.refTicks);
#ifdef ADAPTIVE
			if (learning) {
				th = th + uintBitsToFloat(pc.thetaPlus);
			}
#endif
		}
		v[i] = x;
	}
	ref_[i] = r;
#ifdef ADAPTIVE
	theta[i] = th;
#endif
	precise float decayedE = ge * uintBitsToFloat(pc.decayE);
	precise float decayedI = gi * uintBitsToFloat(pc.decayI);
	ge_[i] = decayedE;
	gi_[i] = decayedI;
	spikes[slot(t, pc.spikesR, 0u) * pc.n + i] = spike;
	vOut[slot(t, pc.vR, 0u) * pc.n + i] = v[i];
}
