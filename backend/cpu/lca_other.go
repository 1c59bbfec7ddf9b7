//go:build !amd64

package cpu

const hasLCAVector = false

type lcaUpdateArgs struct {
	u, b, c, a, m, v, sq *float32
	masks                *uint8
	n                    int
	mode                 int
	consts               *lcaConsts
	ds, us               float32
}

func lcaGatherAVX2(c, rows *float32, stride, cols int, idx *int32, coef *float32, k int) {
	panic("cpu: lcaGatherAVX2 without amd64")
}

func lcaUpdateAVX2(a *lcaUpdateArgs) { panic("cpu: lcaUpdateAVX2 without amd64") }
