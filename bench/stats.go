package bench

import (
	"slices"
)

// Stats summarizes repeated measurements. The median, not the mean: on a
// shared machine a run that another process preempted is an outlier to
// ignore, not to average in; min and max show the spread.
type Stats struct {
	Median float64 `json:"median"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

// Summarize returns the median (the mean of the two middle values for an
// even count), the minimum and the maximum of xs; zeros for none.
func Summarize(xs []float64) Stats {
	if len(xs) == 0 {
		return Stats{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	med := s[n/2]
	if n%2 == 0 {
		med = (s[n/2-1] + s[n/2]) / 2
	}
	return Stats{Median: med, Min: s[0], Max: s[n-1]}
}

// medianFigures returns, for each figure name in the measurements, the
// median of its values, and the names in the order the first measurement
// lists them.
func medianFigures(ms []Measurement) (map[string]float64, []string) {
	values := map[string][]float64{}
	var order []string
	for _, m := range ms {
		for _, f := range m.Figures {
			if _, seen := values[f.Name]; !seen {
				order = append(order, f.Name)
			}
			values[f.Name] = append(values[f.Name], f.Value)
		}
	}
	med := make(map[string]float64, len(values))
	for name, v := range values {
		med[name] = Summarize(v).Median
	}
	return med, order
}

// medianPeerFigures is medianFigures for a peer's runs.
func medianPeerFigures(runs []PeerRun) map[string]float64 {
	values := map[string][]float64{}
	for _, r := range runs {
		for name, v := range r.Figures {
			values[name] = append(values[name], v)
		}
	}
	med := make(map[string]float64, len(values))
	for name, v := range values {
		med[name] = Summarize(v).Median
	}
	return med
}
