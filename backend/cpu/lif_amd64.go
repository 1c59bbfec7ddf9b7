package cpu

import "golang.org/x/sys/cpu"

// lifArgs is what lifAVX2 reads; its layout is part of lif_amd64.s.
type lifArgs struct {
	v, ge, gi, ref, exc, inh *float32
	masks                    *uint8
	n                        int
	consts                   *lifConsts
	theta                    *float32 // AdaptiveLIF only
	flags                    lifFlags
}

//go:noescape
func lifAVX2(a *lifArgs)

// hasLIFVector reports whether lifVector may run: AVX2 and the OS saving
// the YMM registers (x/sys/cpu checks both).
var hasLIFVector = cpu.X86.HasAVX2

// lifVector runs lifAVX2 on the first len(v) &^ 7 neurons and returns how
// many it did; the spike bits of each eight go to masks. theta is nil
// unless flags has lifAdaptive.
func lifVector(v, ge, gi, ref, exc, inh, theta []float32, masks []uint8, c *lifConsts, flags lifFlags) int {
	n := len(v) &^ 7
	if n == 0 {
		return 0
	}
	a := lifArgs{v: &v[0], ge: &ge[0], gi: &gi[0], ref: &ref[0], exc: &exc[0], inh: &inh[0],
		masks: &masks[0], n: n, consts: c, flags: flags}
	if flags&lifAdaptive != 0 {
		a.theta = &theta[0]
	}
	lifAVX2(&a)
	return n
}
