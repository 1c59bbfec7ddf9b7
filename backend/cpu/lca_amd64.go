package cpu

import "golang.org/x/sys/cpu"

// hasLCAVector reports whether the AVX2 LCA kernels may run (x/sys/cpu
// checks that the OS saves the YMM registers too).
var hasLCAVector = cpu.X86.HasAVX2

// lcaGatherAVX2 sets c[col] to the sum over t < k, in increasing t, of
// float32(coef[t] * rows[idx[t]*stride+col]) for col < cols (a multiple of
// 8), starting from +0: exactAxpy of each row in turn, with c kept in
// registers.
//
//go:noescape
func lcaGatherAVX2(c, rows *float32, stride, cols int, idx *int32, coef *float32, k int)

// lcaUpdateArgs is what lcaUpdateAVX2 reads; its layout is part of
// lca_amd64.s.
type lcaUpdateArgs struct {
	u, b, c, a, m, v, sq *float32
	masks                *uint8
	n                    int // a multiple of 8
	mode                 int // 0 plain, 1 rms, 2 adam
	consts               *lcaConsts
	ds, us               float32 // out: the sums of s*s and u*u
}

//go:noescape
func lcaUpdateAVX2(a *lcaUpdateArgs)
