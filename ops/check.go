package ops

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Sentinel errors; every validation error wraps one of them.
var (
	ErrParam = errors.New("invalid parameter")
	ErrShape = errors.New("shape mismatch")
	ErrValue = errors.New("invalid value")
)

// checker collects every parameter problem instead of stopping at the first.
type checker struct{ errs []error }

func (c *checker) fail(format string, args ...any) {
	c.errs = append(c.errs, fmt.Errorf("%w: "+format, append([]any{ErrParam}, args...)...))
}

// add records the problems of a (possibly joined) error.
func (c *checker) add(err error) {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		c.errs = append(c.errs, j.Unwrap()...)
	} else if err != nil {
		c.errs = append(c.errs, err)
	}
}

func (c *checker) size(name string, n int) {
	if n < 0 {
		c.fail("%s = %d, must be >= 0", name, n)
	}
}

func (c *checker) positiveDuration(name string, d time.Duration) {
	if d <= 0 {
		c.fail("%s = %v, must be > 0", name, d)
	}
}

func (c *checker) nonNegativeDuration(name string, d time.Duration) {
	if d < 0 {
		c.fail("%s = %v, must be >= 0", name, d)
	}
}

func (c *checker) finite(name string, v float64) bool {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		c.fail("%s = %v, must be finite", name, v)
		return false
	}
	return true
}

// finiteAll reports the first non-finite element of vs and how many there are.
func (c *checker) finiteAll(name string, vs []float32) {
	if i, n := firstNonFinite(vs); n > 0 {
		c.fail("%s[%d] = %v, must be finite (%d non-finite elements)", name, i, vs[i], n)
	}
}

func (c *checker) length(name string, got int, want ...int) {
	for _, w := range want {
		if got == w {
			return
		}
	}
	if len(want) == 1 {
		c.fail("len(%s) = %d, want %d", name, got, want[0])
		return
	}
	c.fail("len(%s) = %d, want one of %v", name, got, want)
}

func (c *checker) err() error { return joinErrs(c.errs) }

func firstNonFinite(vs []float32) (first, count int) {
	first = -1
	for i, v := range vs {
		if f := float64(v); math.IsNaN(f) || math.IsInf(f, 0) {
			if first < 0 {
				first = i
			}
			count++
		}
	}
	return first, count
}

func joinErrs(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	return errors.Join(errs...)
}

// ticks converts a duration to a whole number of ticks, rounding to nearest.
func ticks(d, dt time.Duration) int {
	return int((d + dt/2) / dt)
}

func shapeErrf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrShape}, args...)...)
}
