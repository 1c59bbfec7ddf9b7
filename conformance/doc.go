// Package conformance proves that a backend computes what the reference
// semantics (package ops, run by the ref backend) say.
//
// Run executes a table of cases, each a small graph with host inputs, on
// the reference backend and on the backend under test, tick by tick, and
// compares every output and every piece of state after every tick: spike
// rasters must be identical and float state bit-identical (the bound this
// version documents for every op: 0 ULP). A disagreement is reported with
// the case, the value, the tick, the element, both values and their
// distance in ULPs. Each case is also run twice on the backend under test
// to check that it is deterministic, and most cases check one value
// computed by hand, so that the oracle itself is checked too.
//
// A backend's test file is a few lines:
//
//	func TestConformance(t *testing.T) { conformance.Run(t, cpu.Backend{}) }
package conformance
