package layers

// sortTargets sorts a row of targets (non-negative int32) in place, using
// tmp as scratch and returning it, grown if it had to be, for the next row.
//
// Rules that find a row's targets out of index order (Local3D meets them
// cell by cell) sort about a hundred targets per row, a million times. A
// comparison sort spends most of that on mispredicted branches; an LSD
// radix sort on bytes has no data-dependent branch, and skips the high
// bytes, in which the targets of a row, being neighbours, mostly agree.
// Measured on Local3D: 13% less CPU for the whole build than slices.Sort.
func sortTargets(row, tmp []int32) []int32 {
	if len(row) < 32 {
		insertionSort(row)
		return tmp
	}
	lo, hi := row[0], row[0]
	for _, v := range row {
		lo, hi = min(lo, v), max(hi, v)
	}
	if cap(tmp) < len(row) {
		tmp = make([]int32, len(row), 2*len(row))
	}
	src, dst := row, tmp[:len(row)]
	for shift, diff := 0, uint32(lo^hi); shift < 32 && diff>>shift != 0; shift += 8 {
		var start [257]int32
		for _, v := range src {
			start[uint32(v)>>shift&0xff+1]++
		}
		for b := 1; b < len(start); b++ {
			start[b] += start[b-1]
		}
		for _, v := range src {
			b := uint32(v) >> shift & 0xff
			dst[start[b]] = v
			start[b]++
		}
		src, dst = dst, src
	}
	if &src[0] != &row[0] {
		copy(row, src)
	}
	return tmp
}

func insertionSort(a []int32) {
	for i := 1; i < len(a); i++ {
		v, k := a[i], i
		for ; k > 0 && a[k-1] > v; k-- {
			a[k] = a[k-1]
		}
		a[k] = v
	}
}
