package diehlcook

// Classes is the number of digit classes.
const Classes = 10

// Responses accumulates the spike counts of each neuron per class: the
// mean response per class of Diehl & Cook, from which neurons get their
// labels.
type Responses struct {
	Sum   []float64 // Classes x Neurons: Sum[c*Neurons+i], spikes of neuron i on digits of class c
	Count []float64 // Classes: digits of each class
}

// NewResponses returns empty responses for n neurons.
func NewResponses(n int) Responses {
	return Responses{Sum: make([]float64, Classes*n), Count: make([]float64, Classes)}
}

// Add records the counts of one digit of class y.
func (r *Responses) Add(counts []float32, y int) {
	row := r.Sum[y*len(counts) : (y+1)*len(counts)]
	for i, c := range counts {
		row[i] += float64(c)
	}
	r.Count[y]++
}

// Decay multiplies everything by f, so that old digits weigh less.
func (r *Responses) Decay(f float64) {
	for k := range r.Sum {
		r.Sum[k] *= f
	}
	for k := range r.Count {
		r.Count[k] *= f
	}
}

// Labels assigns each neuron the class of its highest mean response
// (ties, and neurons that never fired, go to the lowest class).
func (r *Responses) Labels(labels []int32) {
	n := len(labels)
	for i := range n {
		best, bestMean := 0, -1.0
		for c := range Classes {
			if r.Count[c] == 0 {
				continue
			}
			if m := r.Sum[c*n+i] / r.Count[c]; m > bestMean {
				best, bestMean = c, m
			}
		}
		labels[i] = int32(best)
	}
}

// Predict classifies a digit from the excitatory spike counts it caused:
// the class whose labelled neurons fired most on average. A class without
// neurons is never predicted; -1 means no neuron has a label.
func Predict(counts []float32, labels []int32) int {
	var sum [Classes]float64
	var n [Classes]int
	for i, c := range counts {
		sum[labels[i]] += float64(c)
		n[labels[i]]++
	}
	best, bestMean := -1, -1.0
	for c := range Classes {
		if n[c] > 0 && sum[c]/float64(n[c]) > bestMean {
			best, bestMean = c, sum[c]/float64(n[c])
		}
	}
	return best
}
