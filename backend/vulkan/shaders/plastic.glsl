// Shared by the STDP kernels (stdp_*.comp, normalize_*.comp): their push
// constants and ops.STDPFactors' arithmetic, operation for operation.
// Included after common.glsl.

layout(push_constant) uniform Push {
	uint offset;
	uint pre;
	uint post;
	uint nnz;      // sparse: synapses
	uint preR;     // ring slots and delay of "pre"
	uint preDelay;
	uint postR;    // ring slots of "post_spikes" (read with delay 1)
	uint learnR;
	uint normR;
	uint outR;
	uint flags;    // see the F_ bits
	uint every;    // ticks between folds (deferred rules)
	uint normEvery; // ticks between normalizations; 0: only by input
	// ops.STDPFactors and the normalization target, as float32 bits
	uint decayPlus;
	uint decayMinus;
	uint decayX;
	uint decayY;
	uint a2Plus;
	uint a3Plus;
	uint a2Minus;
	uint a3Minus;
	uint wMin;
	uint wMax;
	uint invRange;
	uint target;
	uint mu;
} pc;

const uint F_LEARN = 1u;          // "learn" is bound
const uint F_NORMALIZE = 2u;      // "normalize" is bound
const uint F_TRIPLET = 4u;
const uint F_NEAREST = 8u;
const uint F_DEFERRED = 16u;
const uint F_MULTIPLICATIVE = 32u;
const uint F_POWER = 64u;         // PowerLaw: the multiplicative factors to the power mu

bool has(uint flag) { return (pc.flags & flag) != 0u; }
float param(uint bits) { return uintBitsToFloat(bits); }

// ops.STDPFactors.Bump
float bump(float x) {
	precise float b = x + 1.0;
	return has(F_NEAREST) ? 1.0 : b;
}

// ops.STDPFactors.PotentiationGain and DepressionGain
float potentiationGain(float o) {
	precise float p = param(pc.a3Plus) * o;
	precise float g = param(pc.a2Plus) + p;
	return g;
}

float depressionGain(float r) {
	precise float p = param(pc.a3Minus) * r;
	precise float g = param(pc.a2Minus) + p;
	return g;
}

// unit01 and clip compare instead of calling min and max, whose result
// for zeros of both signs is not what Go's is (see ops.STDPFactors.Clip).
float unit01(float x) {
	if (x < 0.0) {
		return 0.0;
	}
	if (x > 1.0) {
		return 1.0;
	}
	return x;
}

// ops.Pow01: x^mu for x in [0, 1] as exp2(mu log2 x), with the same
// polynomials and operations (the GLSL pow, exp2 and log2 are not
// correctly rounded).
const uint LOG2_COEF[10] = uint[10](0x3fb8aa3bu, 0xbf38aa38u, 0x3ef6384au, 0xbeb8ad3bu, 0x3e93bf4du,
	0xbe755eb2u, 0x3e517c2fu, 0xbe439c0du, 0x3e3ec899u, 0xbde1b160u);
const uint EXP2_COEF[8] = uint[8](0x3f800000u, 0x3f317218u, 0x3e75fde6u, 0x3d635984u,
	0x3c1d8217u, 0x3ab006f8u, 0x3915f0aau, 0x37b5a0bau);

float pow01(float x, float mu) {
	if (!(x >= uintBitsToFloat(0x00800000u))) { // 2^-126
		return 0.0;
	}
	uint bits = floatBitsToUint(x);
	int e = int(bits >> 23) - 127;
	precise float m = uintBitsToFloat((bits & 0x7FFFFFu) | 0x3F800000u);
	if (m > uintBitsToFloat(0x3FB504F3u)) { // 1.4142135, sqrt 2 rounded down
		m = m * 0.5;
		e = e + 1;
	}
	precise float t = m - 1.0;
	precise float q = 0.0;
	for (int k = 9; k >= 0; k--) {
		precise float qt = q * t;
		q = qt + uintBitsToFloat(LOG2_COEF[k]);
	}
	precise float qt = q * t;
	precise float l = float(e) + qt;
	precise float y = mu * l;
	float n = floor(y);
	if (n < -126.0) {
		return 0.0;
	}
	precise float fr = y - n;
	precise float p = 0.0;
	for (int k = 7; k >= 0; k--) {
		precise float pf = p * fr;
		p = pf + uintBitsToFloat(EXP2_COEF[k]);
	}
	precise float r = p * uintBitsToFloat(uint(int(n) + 127) << 23);
	return r;
}

// factor is ops.STDPFactors.factor: the weight dependence of a change from
// the distance to the bound it moves towards, as a fraction of the range.
float factor(float x) {
	if (has(F_POWER)) {
		return pow01(unit01(x), param(pc.mu));
	}
	return unit01(x);
}

// ops.STDPFactors.Potentiation and Depression
float potentiation(float w, float x, float gain) {
	precise float d = x * gain;
	if (has(F_MULTIPLICATIVE) || has(F_POWER)) {
		precise float room = param(pc.wMax) - w;
		precise float f = room * param(pc.invRange);
		d = d * factor(f);
	}
	return d;
}

float depression(float w, float y, float gain) {
	precise float d = y * gain;
	if (has(F_MULTIPLICATIVE) || has(F_POWER)) {
		precise float room = w - param(pc.wMin);
		precise float f = room * param(pc.invRange);
		d = d * factor(f);
	}
	return d;
}

float clip(float w) {
	if (w < param(pc.wMin)) {
		return param(pc.wMin);
	}
	if (w > param(pc.wMax)) {
		return param(pc.wMax);
	}
	return w;
}

// learningOn reads the 1-element "learn" input (always on if unbound).
bool learningOn(float learnValue) { return !has(F_LEARN) || learnValue != 0.0; }

// folds is ops.STDPFactors.Folds: (t+1) % every == 0.
bool folds(uvec2 t) { return has(F_DEFERRED) && tickMod(t, pc.every) == pc.every - 1u; }

// normalizes says whether tick t normalizes, periodically or by input.
bool normalizes(uvec2 t, float normValue) {
	bool periodic = pc.normEvery != 0u && tickMod(t, pc.normEvery) == pc.normEvery - 1u;
	return periodic || (has(F_NORMALIZE) && normValue != 0.0);
}

// reciprocal is ops.Reciprocal: 1/x from a guess in the bits of x and four
// Newton steps, with float32 multiplies and adds only (GPU division is not
// correctly rounded).
float reciprocal(float x) {
	precise float y = uintBitsToFloat(0x7EF311C7u - floatBitsToUint(x));
	for (int k = 0; k < 4; k++) {
		precise float xy = x * y;
		precise float e = 2.0 - xy;
		y = y * e;
	}
	return y;
}

// normScale is ops.Normalization.Scale; 1 leaves a column alone (w * 1 is w).
float normScale(float sum) {
	if (!(sum >= uintBitsToFloat(0x0D800000u) && sum <= uintBitsToFloat(0x71800000u))) { // 2^-100, 2^100
		return 1.0;
	}
	precise float s = param(pc.target) * reciprocal(sum);
	return s;
}

// The topology of a sparse plastic projection, one buffer of uints:
// RowPtr (pre+1), Target (nnz), ColPtr (post+1), Col (nnz), Src (nnz), as
// ops.CSR and ops.CSR.Columns define them.
uint rowPtrAt(uint j) { return j; }
uint targetAt(uint k) { return pc.pre + 1u + k; }
uint colPtrAt(uint i) { return pc.pre + 1u + pc.nnz + i; }
uint colAt(uint e) { return pc.pre + pc.post + 2u + pc.nnz + e; }
uint srcAt(uint k) { return pc.pre + pc.post + 2u + 2u * pc.nnz + k; }
