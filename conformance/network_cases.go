package conformance

import (
	"fmt"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/layers"
	"github.com/spikeflow/spikeflow/models/cuba"
	"github.com/spikeflow/spikeflow/ops"
)

// networkTicks is one second of biological time at dt.
const networkTicks = int(time.Second / dt)

// cubaCase is the CUBA benchmark network, 4000 neurons for 1 s, compared
// spike by spike and in full state every 100 ticks.
func cubaCase() Case {
	return Case{
		Name:         "network/cuba/N=4000",
		Kinds:        []ops.Kind{ops.KindLIF, ops.KindSparse, ops.KindSpikeCount, ops.KindSpikeMonitor},
		Ticks:        networkTicks,
		CompareEvery: 100,
		Long:         true,
		Build: func() (*graph.Graph, error) {
			net, err := cuba.Build(cuba.Config{N: 4000, Seed: 1, Monitor: true})
			if err != nil {
				return nil, err
			}
			return net.Graph, nil
		},
		Check: func(p backend.Program) error {
			rec, err := p.Spikes(cuba.Monitor)
			if err != nil {
				return err
			}
			// The mean rate other simulators report for this network:
			// about 5 Hz, a little more while it settles.
			if rate := float64(rec.Len()) / 4000; rate < 2 || rate > 15 {
				return fmt.Errorf("mean rate %.2f Hz outside [2, 15]", rate)
			}
			return nil
		},
	}
}

// feedForwardCase is a Poisson-driven feed-forward network for 1 s: 200
// Poisson inputs at 20 Hz, a sparse projection with per-synapse weights
// onto 100 LIF neurons, and a dense projection with a delay of 2 ticks onto
// 10 more. The check recomputes, from the hidden layer's raster, every
// value the dense projection delivered: the sum over the hidden neurons
// that spiked two ticks earlier of their weights, in increasing order.
func feedForwardCase() Case {
	const nIn, nHid, nOut, delay = 200, 100, 10, 2
	w := uniform("ff-dense", 0, nHid*nOut, -2, 10)
	lif := func(n int) *ops.LIF {
		return &ops.LIF{N: n, TauM: 20 * time.Millisecond, TauE: 5 * time.Millisecond, TauI: 10 * time.Millisecond,
			VRest: -65, VThreshold: -50, VReset: -65, Refractory: 2 * time.Millisecond}
	}
	outputs := make([]int32, nOut)
	for i := range outputs {
		outputs[i] = int32(i)
	}
	return Case{
		Name:         "network/feedforward",
		Kinds:        []ops.Kind{ops.KindPoisson, ops.KindSparse, ops.KindLIF, ops.KindDense, ops.KindSpikeMonitor, ops.KindStateMonitor},
		Ticks:        networkTicks,
		CompareEvery: 50,
		Long:         true,
		Build: func() (*graph.Graph, error) {
			m, err := layers.FixedProbability{Pre: nIn, Post: nHid, P: 0.1, Seed: 4, Name: "ff"}.Build()
			if err != nil {
				return nil, err
			}
			m.Weight = uniform("ff-sparse", 0, m.NNZ(), 2, 14)
			g := newGraph()
			src := g.Add("input", &ops.Poisson{N: nIn, Rate: []float64{20}})
			s1 := g.Add("s1", &ops.Sparse{CSR: m, Delay: 1}, graph.In("pre", src.Out("spikes")))
			hid := g.Add("hidden", lif(nHid), graph.In("exc", s1.Out("post")))
			s2 := g.Add("s2", &ops.Dense{Pre: nHid, Post: nOut, W: w, Delay: delay}, graph.In("pre", hid.Out("spikes")))
			out := g.Add("output", lif(nOut), graph.In("exc", s2.Out("post")))
			g.Add("mon-hidden", &ops.SpikeMonitor{}, graph.In("spikes", hid.Out("spikes")))
			g.Add("mon-output", &ops.SpikeMonitor{}, graph.In("spikes", out.Out("spikes")))
			g.Add("delivered", &ops.StateMonitor{Index: outputs}, graph.In("x", s2.Out("post")))
			return validated(g)
		},
		Check: func(p backend.Program) error {
			hid, err := p.Spikes("mon-hidden")
			if err != nil {
				return err
			}
			out, err := p.Spikes("mon-output")
			if err != nil {
				return err
			}
			if hid.Len() == 0 || out.Len() == 0 {
				return fmt.Errorf("%d hidden and %d output spikes; the network should be active", hid.Len(), out.Len())
			}
			tr, err := p.Trace("delivered")
			if err != nil {
				return err
			}
			want := make([][nOut]float32, networkTicks)
			for k, t := range hid.Tick {
				if at := int(t) + delay; at < networkTicks {
					for i := range nOut {
						want[at][i] += w[int(hid.Index[k])*nOut+i]
					}
				}
			}
			for k, t := range tr.Tick {
				for i := range nOut {
					if got := tr.At(k, i); got != want[t][i] {
						return fmt.Errorf("s2.post[%d] at tick %d = %v, want %v from the hidden raster", i, t, got, want[t][i])
					}
				}
			}
			return nil
		},
	}
}
