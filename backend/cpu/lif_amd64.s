#include "textflag.h"

// Offsets of the broadcast constants in lifArgs.consts (eight float32 each).
#define REST 0
#define DECAYM 32
#define GAINE 64
#define GAINI 96
#define THRESHOLD 128
#define RESET 160
#define DECAYE 192
#define DECAYI 224
#define REFTICKS 256
#define ONE 288

// func lifAVX2(a *lifArgs)
//
// ops.LIF's step for a.n neurons (a multiple of 8), eight at a time, with
// the scalar kernel's float32 operations in its order: every product is
// rounded before it is added (VMULPS then VADDPS, never a fused
// multiply-add), and IEEE addition and multiplication are commutative, so
// the results are the scalar loop's bits. Per neuron:
//
//	e = ge + exc; h = gi + inh; ge = e*decayE; gi = h*decayI
//	if r > 0 { r = r - 1 }
//	if r == 0 {
//		x = ((rest + (v-rest)*decayM) + e*gainE) + h*gainI
//		if x > threshold { spike; x = reset; r = refTicks }
//		v = x
//	}
//
// One byte of spike bits per eight neurons goes to a.masks.
TEXT ·lifAVX2(SB), NOSPLIT, $0-8
	MOVQ a+0(FP), AX
	MOVQ 0(AX), SI   // v
	MOVQ 8(AX), DI   // ge
	MOVQ 16(AX), R8  // gi
	MOVQ 24(AX), R9  // ref
	MOVQ 32(AX), R10 // exc
	MOVQ 40(AX), R11 // inh
	MOVQ 48(AX), R12 // masks
	MOVQ 56(AX), CX  // n
	MOVQ 64(AX), DX  // constants
	SHRQ $3, CX      // groups of eight
	XORQ BX, BX      // byte offset into the float arrays
	XORQ R13, R13    // index into masks
	VXORPS Y0, Y0, Y0

loop:
	TESTQ CX, CX
	JZ done
	VMOVUPS (DI)(BX*1), Y1
	VADDPS (R10)(BX*1), Y1, Y1   // e = ge + exc
	VMOVUPS (R8)(BX*1), Y2
	VADDPS (R11)(BX*1), Y2, Y2   // h = gi + inh
	VMULPS DECAYE(DX), Y1, Y7
	VMOVUPS Y7, (DI)(BX*1)       // ge = e * decayE
	VMULPS DECAYI(DX), Y2, Y7
	VMOVUPS Y7, (R8)(BX*1)       // gi = h * decayI

	VMOVUPS (R9)(BX*1), Y3       // r
	VCMPPS $0x0E, Y0, Y3, Y4     // r > 0
	VSUBPS ONE(DX), Y3, Y7       // r - 1
	VBLENDVPS Y4, Y7, Y3, Y3     // r = r > 0 ? r - 1 : r
	VCMPPS $0x00, Y0, Y3, Y4     // integrate = r == 0

	VMOVUPS (SI)(BX*1), Y5       // v
	VSUBPS REST(DX), Y5, Y6      // v - rest
	VMULPS DECAYM(DX), Y6, Y6    // (v - rest) * decayM
	VADDPS REST(DX), Y6, Y6      // x = rest + that
	VMULPS GAINE(DX), Y1, Y7
	VADDPS Y7, Y6, Y6            // x += e * gainE
	VMULPS GAINI(DX), Y2, Y7
	VADDPS Y7, Y6, Y6            // x += h * gainI

	VCMPPS $0x0E, THRESHOLD(DX), Y6, Y8 // x > threshold
	VANDPS Y4, Y8, Y8                   // spike = integrate && x > threshold
	VBLENDVPS Y8, RESET(DX), Y6, Y6     // x = spike ? reset : x
	VBLENDVPS Y8, REFTICKS(DX), Y3, Y3  // r = spike ? refTicks : r
	VMOVUPS Y3, (R9)(BX*1)
	VBLENDVPS Y4, Y6, Y5, Y5            // v = integrate ? x : v
	VMOVUPS Y5, (SI)(BX*1)
	VMOVMSKPS Y8, R14
	MOVB R14, (R12)(R13*1)

	ADDQ $32, BX
	INCQ R13
	DECQ CX
	JMP loop

done:
	VZEROUPPER
	RET
