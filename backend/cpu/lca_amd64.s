#include "textflag.h"

// func lcaGatherAVX2(c, rows *float32, stride, cols int, idx *int32, coef *float32, k int)
//
// Sixty-four columns at a time (then eight), c = sum over t of
// coef[t] * g[idx[t]][col], each product rounded before it is added
// (VMULPS then VADDPS, never fused) in increasing t: exactAxpy's
// arithmetic row after row, bit for bit, with c in eight registers.
TEXT ·lcaGatherAVX2(SB), NOSPLIT, $0-56
	MOVQ c+0(FP), DI
	MOVQ rows+8(FP), SI
	MOVQ stride+16(FP), R8
	MOVQ cols+24(FP), CX
	MOVQ idx+32(FP), R9
	MOVQ coef+40(FP), R10
	MOVQ k+48(FP), R11
	SHLQ $2, R8 // row stride in bytes
	SHLQ $2, CX // columns in bytes
	XORQ BX, BX // column offset in bytes

block64:
	LEAQ 256(BX), AX
	CMPQ AX, CX
	JGT block8
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	XORQ R12, R12

rows64:
	CMPQ R12, R11
	JGE store64
	MOVLQSX (R9)(R12*4), R13
	IMULQ R8, R13
	ADDQ SI, R13
	ADDQ BX, R13
	VBROADCASTSS (R10)(R12*4), Y8
	VMULPS (R13), Y8, Y9
	VADDPS Y9, Y0, Y0
	VMULPS 32(R13), Y8, Y10
	VADDPS Y10, Y1, Y1
	VMULPS 64(R13), Y8, Y11
	VADDPS Y11, Y2, Y2
	VMULPS 96(R13), Y8, Y12
	VADDPS Y12, Y3, Y3
	VMULPS 128(R13), Y8, Y9
	VADDPS Y9, Y4, Y4
	VMULPS 160(R13), Y8, Y10
	VADDPS Y10, Y5, Y5
	VMULPS 192(R13), Y8, Y11
	VADDPS Y11, Y6, Y6
	VMULPS 224(R13), Y8, Y12
	VADDPS Y12, Y7, Y7
	INCQ R12
	JMP rows64

store64:
	VMOVUPS Y0, (DI)(BX*1)
	VMOVUPS Y1, 32(DI)(BX*1)
	VMOVUPS Y2, 64(DI)(BX*1)
	VMOVUPS Y3, 96(DI)(BX*1)
	VMOVUPS Y4, 128(DI)(BX*1)
	VMOVUPS Y5, 160(DI)(BX*1)
	VMOVUPS Y6, 192(DI)(BX*1)
	VMOVUPS Y7, 224(DI)(BX*1)
	ADDQ $256, BX
	JMP block64

block8:
	LEAQ 32(BX), AX
	CMPQ AX, CX
	JGT done
	VXORPS Y0, Y0, Y0
	XORQ R12, R12

rows8:
	CMPQ R12, R11
	JGE store8
	MOVLQSX (R9)(R12*4), R13
	IMULQ R8, R13
	ADDQ SI, R13
	ADDQ BX, R13
	VBROADCASTSS (R10)(R12*4), Y4
	VMULPS (R13), Y4, Y5
	VADDPS Y5, Y0, Y0
	INCQ R12
	JMP rows8

store8:
	VMOVUPS Y0, (DI)(BX*1)
	ADDQ $32, BX
	JMP block8

done:
	VZEROUPPER
	RET

// Offsets of the constants in lcaConsts (eight lanes of 4 bytes each).
#define STEP 0
#define BETA1 32
#define ONEMB1 64
#define BETA2 96
#define ONEMB2 128
#define EPS 160
#define LAMBDA 192
#define NEGLAMBDA 224
#define SHRINK 256
#define HALF 288
#define THREEHALF 320
#define MAGIC 352

// func lcaUpdateAVX2(a *lcaUpdateArgs)
//
// Steps 5 to 7 of ops.LCA's tick for a.n neurons (a multiple of 8), eight
// at a time, with the float32 operations of lcaKernel.plain, rms and adam
// (each rounded, none fused; IEEE addition and multiplication commute):
//
//	du = (b - u) - c
//	plain: s = step*du
//	rms:   v = beta2*v + oneMinusBeta2*(du*du); s = (step*du)*rsqrt(v+eps)
//	adam:  m = beta1*m + oneMinusBeta1*du, v as rms; s = (step*m)*rsqrt(v+eps)
//	rsqrt(y) = r*(1.5 - (0.5y*r)*r), r = magic - bits(y)>>1 (ops.Rsqrt)
//	u = u + s
//	ds += s*s; us += u*u, one neuron after the other
//	a = u > lambda ? u - shrink : u < negLambda ? u + shrink : 0
//
// where shrink is lambda for the soft threshold and 0 for the hard one,
// and negLambda is -Inf for non-negative codes. One byte per eight
// neurons goes to a.masks: bit i set where a is nonzero. a.sq is scratch
// for 2n floats.
TEXT ·lcaUpdateAVX2(SB), NOSPLIT, $0-8
	MOVQ a+0(FP), AX
	MOVQ 0(AX), SI   // u
	MOVQ 8(AX), DI   // b
	MOVQ 16(AX), R8  // c
	MOVQ 24(AX), R9  // a
	MOVQ 32(AX), R10 // m
	MOVQ 40(AX), R11 // v
	MOVQ 48(AX), R12 // sq
	MOVQ 56(AX), R14 // masks
	MOVQ 64(AX), CX  // n
	MOVQ 80(AX), DX  // constants
	SHRQ $3, CX
	XORQ BX, BX
	VMOVUPS THREEHALF(DX), Y15
	VMOVUPS MAGIC(DX), Y14
	VMOVUPS LAMBDA(DX), Y13
	VMOVUPS NEGLAMBDA(DX), Y12
	VMOVUPS SHRINK(DX), Y10
	VXORPS Y11, Y11, Y11
	VXORPS Y8, Y8, Y8          // ds
	VXORPS Y9, Y9, Y9          // us

loop:
	TESTQ CX, CX
	JZ done
	VMOVUPS (SI)(BX*1), Y0     // u
	VMOVUPS (DI)(BX*1), Y1
	VSUBPS Y0, Y1, Y1          // b - u
	VSUBPS (R8)(BX*1), Y1, Y1  // du
	CMPQ 72(AX), $0
	JEQ plain
	VMULPS Y1, Y1, Y2
	VMULPS ONEMB2(DX), Y2, Y2
	VMOVUPS (R11)(BX*1), Y3
	VMULPS BETA2(DX), Y3, Y3
	VADDPS Y2, Y3, Y3          // v
	VMOVUPS Y3, (R11)(BX*1)
	VADDPS EPS(DX), Y3, Y3     // y = v + eps
	VMULPS HALF(DX), Y3, Y4    // h = 0.5y
	VPSRLD $1, Y3, Y5
	VPSUBD Y5, Y14, Y5         // r
	VMULPS Y5, Y4, Y4
	VMULPS Y5, Y4, Y4          // (h*r)*r
	VSUBPS Y4, Y15, Y4         // 1.5 - (h*r)*r
	VMULPS Y4, Y5, Y5          // rsqrt(y)
	CMPQ 72(AX), $2
	JNE rms
	VMOVUPS (R10)(BX*1), Y6
	VMULPS BETA1(DX), Y6, Y6
	VMULPS ONEMB1(DX), Y1, Y7
	VADDPS Y7, Y6, Y6          // m
	VMOVUPS Y6, (R10)(BX*1)
	VMULPS STEP(DX), Y6, Y6
	VMULPS Y5, Y6, Y2          // s
	JMP apply

rms:
	VMULPS STEP(DX), Y1, Y6
	VMULPS Y5, Y6, Y2          // s
	JMP apply

plain:
	VMULPS STEP(DX), Y1, Y2    // s

apply:
	VADDPS Y2, Y0, Y0          // u + s
	VMOVUPS Y0, (SI)(BX*1)
	VMULPS Y2, Y2, Y3
	VMOVUPS Y3, (R12)(BX*2)    // s*s
	VMULPS Y0, Y0, Y3
	VMOVUPS Y3, 32(R12)(BX*2)  // u*u
	VADDSS (R12)(BX*2), X8, X8 // ds, us: add the eight lanes in order
	VADDSS 32(R12)(BX*2), X9, X9
	VADDSS 4(R12)(BX*2), X8, X8
	VADDSS 36(R12)(BX*2), X9, X9
	VADDSS 8(R12)(BX*2), X8, X8
	VADDSS 40(R12)(BX*2), X9, X9
	VADDSS 12(R12)(BX*2), X8, X8
	VADDSS 44(R12)(BX*2), X9, X9
	VADDSS 16(R12)(BX*2), X8, X8
	VADDSS 48(R12)(BX*2), X9, X9
	VADDSS 20(R12)(BX*2), X8, X8
	VADDSS 52(R12)(BX*2), X9, X9
	VADDSS 24(R12)(BX*2), X8, X8
	VADDSS 56(R12)(BX*2), X9, X9
	VADDSS 28(R12)(BX*2), X8, X8
	VADDSS 60(R12)(BX*2), X9, X9
	VCMPPS $0x0E, Y13, Y0, Y4  // u > lambda
	VCMPPS $0x01, Y12, Y0, Y5  // u < negLambda
	VSUBPS Y10, Y0, Y6
	VADDPS Y10, Y0, Y7
	VANDPS Y4, Y6, Y6
	VANDPS Y5, Y7, Y7
	VORPS Y7, Y6, Y6           // a
	VMOVUPS Y6, (R9)(BX*1)
	VCMPPS $0x04, Y11, Y6, Y7  // a != 0
	VMOVMSKPS Y7, R13
	MOVB R13B, (R14)
	INCQ R14
	ADDQ $32, BX
	DECQ CX
	JMP loop

done:
	VMOVSS X8, 88(AX)
	VMOVSS X9, 92(AX)
	VZEROUPPER
	RET
