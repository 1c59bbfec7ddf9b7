#include "textflag.h"

// Offsets of the broadcast constants in lifArgs.consts (eight float32 each,
// in the order of newLIFConsts).
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
#define LOCKTICKS 320
#define EEXC 352
#define EINH 384
#define LO 416
#define HI 448
#define THETAPLUS 480
#define DECAYTHETA 512

// Bits of lifArgs.flags.
#define CONDUCTANCE 1
#define ADAPTIVE 2
#define LEARNING 4

// func lifAVX2(a *lifArgs)
//
// ops.LIF's and ops.AdaptiveLIF's step for a.n neurons (a multiple of 8),
// eight at a time, with the scalar kernel's float32 operations in its
// order: every product is rounded before it is added (VMULPS then VADDPS,
// never a fused multiply-add), and IEEE addition and multiplication are
// commutative, so the results are the scalar loop's bits. Per neuron:
//
//	e = ge + exc; h = gi + inh; ge = e*decayE; gi = h*decayI
//	if r > 0 { r = r - 1 }
//	th = theta; if learning { th = th*decayTheta; theta = th }  // adaptive
//	if r <= lockTicks {
//		if conductance { e = e*(eExc - v); h = h*(eInh - v) }
//		x = ((rest + (v-rest)*decayM) + e*gainE) + h*gainI
//		if conductance { x = clamp(x, min(v, lo), max(v, hi)) }
//		if r == 0 && x > threshold + th {
//			spike; x = reset; r = refTicks
//			if learning { theta = th + thetaPlus }
//		}
//		v = x
//	}
//
// The clamp is ops.Drive.Bound: VMINPS and VMAXPS return their second
// source operand (in Go's order, the first) when the comparison is false,
// which is Bound's "if v0 < lo { lo = v0 }" for NaN and signed zeros too.
// One byte of spike bits per eight neurons goes to a.masks.
TEXT ·lifAVX2(SB), NOSPLIT, $0-8
	MOVQ a+0(FP), AX
	MOVQ 0(AX), SI   // v
	MOVQ 8(AX), DI   // ge
	MOVQ 16(AX), R8  // gi
	MOVQ 24(AX), R9  // ref
	MOVQ 32(AX), R10 // exc
	MOVQ 40(AX), R11 // inh
	MOVQ 48(AX), R12 // masks, advanced a byte per eight neurons
	MOVQ 56(AX), CX  // n
	MOVQ 64(AX), DX  // constants
	MOVQ 80(AX), R13 // flags
	MOVQ 72(AX), AX  // theta (adaptive only)
	SHRQ $3, CX      // groups of eight
	XORQ BX, BX      // byte offset into the float arrays
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
	VCMPPS $0x02, LOCKTICKS(DX), Y3, Y4 // integrate = r <= lockTicks
	VCMPPS $0x00, Y0, Y3, Y9     // may spike = r == 0

	VMOVUPS THRESHOLD(DX), Y14   // threshold
	TESTQ $ADAPTIVE, R13
	JZ fixed
	VMOVUPS (AX)(BX*1), Y15      // th
	TESTQ $LEARNING, R13
	JZ frozen
	VMULPS DECAYTHETA(DX), Y15, Y15 // th = th * decayTheta (stored below)
frozen:
	VADDPS Y15, Y14, Y14         // threshold + th
fixed:

	VMOVUPS (SI)(BX*1), Y5       // v
	TESTQ $CONDUCTANCE, R13
	JZ currents
	VMOVUPS EEXC(DX), Y10
	VSUBPS Y5, Y10, Y10          // eExc - v
	VMULPS Y10, Y1, Y1           // e = e * (eExc - v)
	VMOVUPS EINH(DX), Y10
	VSUBPS Y5, Y10, Y10          // eInh - v
	VMULPS Y10, Y2, Y2           // h = h * (eInh - v)
currents:
	VSUBPS REST(DX), Y5, Y6      // v - rest
	VMULPS DECAYM(DX), Y6, Y6    // (v - rest) * decayM
	VADDPS REST(DX), Y6, Y6      // x = rest + that
	VMULPS GAINE(DX), Y1, Y7
	VADDPS Y7, Y6, Y6            // x += e * gainE
	VMULPS GAINI(DX), Y2, Y7
	VADDPS Y7, Y6, Y6            // x += h * gainI
	TESTQ $CONDUCTANCE, R13
	JZ bounded
	VMINPS LO(DX), Y5, Y12       // lo = v < Lo ? v : Lo
	VMAXPS HI(DX), Y5, Y13       // hi = v > Hi ? v : Hi
	VMAXPS Y6, Y12, Y6           // x = lo > x ? lo : x
	VMINPS Y6, Y13, Y6           // x = hi < x ? hi : x
bounded:

	VCMPPS $0x0E, Y14, Y6, Y8    // x > threshold
	VANDPS Y4, Y8, Y8
	VANDPS Y9, Y8, Y8            // spike = integrate && r == 0 && x > threshold
	VBLENDVPS Y8, RESET(DX), Y6, Y6     // x = spike ? reset : x
	VBLENDVPS Y8, REFTICKS(DX), Y3, Y3  // r = spike ? refTicks : r
	VMOVUPS Y3, (R9)(BX*1)
	VBLENDVPS Y4, Y6, Y5, Y5            // v = integrate ? x : v
	VMOVUPS Y5, (SI)(BX*1)
	VMOVMSKPS Y8, R14
	MOVB R14, (R12)

	MOVQ R13, R14
	ANDQ $(ADAPTIVE|LEARNING), R14
	CMPQ R14, $(ADAPTIVE|LEARNING)
	JNE next
	VADDPS THETAPLUS(DX), Y15, Y7
	VBLENDVPS Y8, Y7, Y15, Y15
	VMOVUPS Y15, (AX)(BX*1)      // theta = spike ? th + thetaPlus : th
next:
	ADDQ $32, BX
	INCQ R12
	DECQ CX
	JMP loop

done:
	VZEROUPPER
	RET
