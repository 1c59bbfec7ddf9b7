package conformance

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/ops"
)

// Row summarizes the cases of one group (an op family, a network, a
// statistical check) for the conformance table.
type Row struct {
	Group           string   `json:"group"`
	Cases           int      `json:"cases"`
	Failed          int      `json:"failed"`
	MaxULP          uint64   `json:"max_ulp"`          // largest disagreement of float state found (first per case)
	SpikesIdentical bool     `json:"spikes_identical"` // no spike value or event differed
	Status          string   `json:"status"`           // PASS, FAIL or SKIPPED (by capability, with the reason in Errors)
	Errors          []string `json:"errors,omitempty"`
}

// Report runs every case and check on b and summarizes them: a coverage
// row, one row per op kind (the cases that exercise it), then one per
// group of cases, in the order of Cases. A backend that is not available
// here yields one SKIPPED row with the reason.
func Report(b backend.Backend) []Row { return ReportCases(b, Cases()) }

// ReportCases is Report over a chosen list of cases.
func ReportCases(b backend.Backend, cases []Case) []Row {
	caps := b.Capabilities()
	if caps.Available != nil {
		return []Row{{Group: "backend " + b.Name(), Status: "SKIPPED", Errors: []string{caps.Available.Error()}}}
	}
	var rows []*Row
	index := map[string]*Row{}
	row := func(group string) *Row {
		r, ok := index[group]
		if !ok {
			r = &Row{Group: group, SpikesIdentical: true, Status: "PASS"}
			index[group] = r
			rows = append(rows, r)
		}
		return r
	}
	fail := func(r *Row, err error) {
		r.Failed++
		r.Status = "FAIL"
		r.Errors = append(r.Errors, err.Error())
		var m *Mismatch
		if errors.As(err, &m) {
			if strings.HasSuffix(m.Value, ".spikes") || m.Kind == ops.KindSpikeCount {
				r.SpikesIdentical = false // a spike is 0 or 1: no ULP distance
			} else {
				r.MaxULP = max(r.MaxULP, m.ULP)
			}
		} else if strings.Contains(err.Error(), "event") {
			r.SpikesIdentical = false
		}
	}

	covered := map[ops.Kind]bool{}
	for _, c := range cases {
		for _, k := range c.Kinds {
			covered[k] = true
		}
	}
	cov := row("coverage")
	for _, k := range ops.Kinds() {
		cov.Cases++
		switch {
		case !covered[k]:
			fail(cov, fmt.Errorf("op kind %v has no conformance case", k))
		case !caps.Supports(k):
			fail(cov, fmt.Errorf("backend %s has no kernel for op kind %v", b.Name(), k))
		}
	}
	for _, k := range ops.Kinds() {
		row("kind/" + k.String())
	}
	stats := row("statistics/poisson")
	stats.Cases++
	if err := PoissonStats(b, 5); err != nil {
		fail(stats, err)
	}
	for _, c := range cases {
		r := row(group(c.Name))
		r.Cases++
		if reason := c.skip(caps); reason != "" {
			if r.Status == "PASS" && r.Failed == 0 {
				r.Status = "SKIPPED"
			}
			if len(r.Errors) == 0 {
				r.Errors = append(r.Errors, reason)
			}
			continue
		}
		err := RunCase(c, b)
		if err != nil {
			err = fmt.Errorf("%s: %w", c.Name, err)
			fail(r, err)
		}
		for _, k := range c.Kinds {
			kr := row("kind/" + k.String())
			kr.Cases++
			if err != nil {
				fail(kr, err)
			}
		}
	}
	for _, k := range ops.Kinds() {
		if kr := row("kind/" + k.String()); kr.Cases == 0 {
			fail(kr, fmt.Errorf("op kind %v has no conformance case", k))
		}
	}
	out := make([]Row, len(rows))
	for i, r := range rows {
		out[i] = *r
	}
	return out
}

// group is a case name without its last path element ("lif/N=7" -> "lif",
// "network/cuba/N=2000" -> "network/cuba").
func group(name string) string {
	if i := strings.LastIndexByte(name, '/'); i > 0 {
		return name[:i]
	}
	return name
}

// Passed reports whether no row failed and the backend ran: rows of
// cases skipped for a capability the backend lacks (SKIPPED, with the
// reason) do not fail it, a backend that is not available does.
func Passed(rows []Row) bool {
	for _, r := range rows {
		if r.Status == "FAIL" || (r.Status == "SKIPPED" && strings.HasPrefix(r.Group, "backend ")) {
			return false
		}
	}
	return true
}
