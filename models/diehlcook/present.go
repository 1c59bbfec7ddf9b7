package diehlcook

import "fmt"

// presenter shows digits to a compiled network.
type presenter struct {
	net          *network
	c            Config
	rates, zero  []float32
	count, prior []float32 // the SpikeCount state now and before the digit
}

func newPresenter(net *network, c Config) *presenter {
	return &presenter{net: net, c: c, rates: make([]float32, Inputs), zero: make([]float32, Inputs),
		count: make([]float32, c.Neurons), prior: make([]float32, c.Neurons)}
}

// present shows digit x (pixels in [0, max]) until it elicits MinSpikes
// excitatory spikes or MaxRetries re-presentations have been made, each
// presentation followed by the rest. It writes the spike counts of the
// last presentation into counts and returns the number of presentations.
// With learn, the input weights are normalized before each presentation,
// as the paper's code does.
func (p *presenter) present(x []float32, max float32, learn bool, counts []float32) (int, error) {
	show, rest := p.c.ticks(p.c.Show), p.c.ticks(p.c.Rest)
	prog := p.net.prog
	for try := 0; ; try++ {
		scale := float32(p.c.MaxRate+float64(try)*p.c.RateStep) / max
		for j, v := range x {
			p.rates[j] = v * scale
		}
		if err := prog.Write(nodeRates, p.rates); err != nil {
			return 0, err
		}
		// Normalization happens at the end of a tick whose "normalize"
		// input is set: the first tick of the presentation.
		first := 0
		if learn {
			if err := p.normalizeNextTick(); err != nil {
				return 0, err
			}
			first = 1
		}
		if err := prog.Run(show - first); err != nil {
			return 0, err
		}
		if err := prog.Read(nodeCount+".count", p.count); err != nil {
			return 0, err
		}
		var total float32
		for i, c := range p.count {
			counts[i] = c - p.prior[i]
			total += counts[i]
		}
		copy(p.prior, p.count)
		if err := prog.Write(nodeRates, p.zero); err != nil {
			return 0, err
		}
		if err := prog.Run(rest); err != nil {
			return 0, err
		}
		// Spikes during the rest are not the digit's; keep them out of
		// the next count.
		if err := prog.Read(nodeCount+".count", p.prior); err != nil {
			return 0, err
		}
		if total >= float32(p.c.MinSpikes) || try >= p.c.MaxRetries {
			return try + 1, nil
		}
	}
}

// normalizeNextTick runs one tick with the "normalize" input set.
func (p *presenter) normalizeNextTick() error {
	prog := p.net.prog
	if err := prog.Write(nodeNormalize, []float32{1}); err != nil {
		return err
	}
	if err := prog.Run(1); err != nil {
		return err
	}
	if err := prog.Write(nodeNormalize, []float32{0}); err != nil {
		return fmt.Errorf("diehlcook: %w", err)
	}
	return nil
}
