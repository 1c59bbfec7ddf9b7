package layers

import (
	"errors"
	"fmt"
	"math"

	"github.com/spikeflow/spikeflow/ops"
)

// paramCheck collects every invalid parameter of one rule, so that a Build
// reports all of them at once. Each error names the rule and its Name and
// wraps ops.ErrParam, e.g. `Local3D "cortex": invalid parameter: Sigma =
// -1, must be finite and > 0`.
type paramCheck struct {
	rule, name string
	errs       []error
}

func newCheck(rule, name string) *paramCheck { return &paramCheck{rule: rule, name: name} }

func (c *paramCheck) failf(format string, args ...any) {
	c.errs = append(c.errs, fmt.Errorf("%s: %w: %s", c.who(), ops.ErrParam, fmt.Sprintf(format, args...)))
}

// who names the rule, and its Name if it has one (placement functions
// have none).
func (c *paramCheck) who() string {
	if c.name == "" {
		return c.rule
	}
	return fmt.Sprintf("%s %q", c.rule, c.name)
}

// wrap adds an error found by another check (one that already wraps an
// ops sentinel), prefixed with the rule and what was checked.
func (c *paramCheck) wrap(what string, err error) {
	if err != nil {
		c.errs = append(c.errs, fmt.Errorf("%s: %s: %w", c.who(), what, err))
	}
}

func (c *paramCheck) err() error { return errors.Join(c.errs...) }

// size checks a population size or count.
func (c *paramCheck) size(field string, n int) bool {
	if n < 0 {
		c.failf("%s = %d, must be >= 0", field, n)
		return false
	}
	return true
}

// prob checks a probability; NaN fails the comparison and is reported.
func (c *paramCheck) prob(field string, p float64) {
	if !(p >= 0 && p <= 1) {
		c.failf("%s = %v, must be in [0, 1]", field, p)
	}
}

// positive checks a finite value > 0, such as a length scale.
func (c *paramCheck) positive(field string, v float64) {
	if !(v > 0) || math.IsInf(v, 1) {
		c.failf("%s = %v, must be finite and > 0", field, v)
	}
}

// dist checks a weight or delay distribution. Nil is allowed where the
// rule gives it a default; distributions with a Validate method (every
// distribution in this package) are validated, and the samples of any
// other (gonum's distuv, say) are checked for finiteness when drawn.
func (c *paramCheck) dist(field string, d Dist) {
	if v, ok := d.(interface{ Validate() error }); ok {
		if err := v.Validate(); err != nil {
			c.failf("%s: %v", field, err)
		}
	}
}

// synapses rejects projections whose synapse count does not fit the int32
// row pointers of ops.CSR.
func (c *paramCheck) synapses(n float64) bool {
	if n > math.MaxInt32 {
		c.failf("%.4g synapses, at most %d fit in a CSR with int32 row pointers", n, math.MaxInt32)
		return false
	}
	return true
}

// weight checks a rule's Weight: nil (meaning Constant(1)) or a valid
// distribution; a Constant must also fit in float32, as it is stored once.
func (c *paramCheck) weight(w Dist) {
	c.dist("Weight", w)
	if v, ok := w.(Constant); ok && !math.IsInf(float64(v), 0) && !finite32(float32(v)) {
		c.failf("Weight = Constant(%v) overflows float32", float64(v))
	}
}
