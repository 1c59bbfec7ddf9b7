package spikeflow_test

import (
	"fmt"
	"log"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	_ "github.com/spikeflow/spikeflow/backend/cpu" // registers "cpu"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

// Twenty Poisson inputs at 50 Hz drive five LIF neurons through a dense
// projection with a one-tick delay; a monitor records the output spikes.
func Example() {
	g := graph.New(graph.Config{Dt: 100 * time.Microsecond, Seed: 1})

	inputs := g.Add("inputs", &ops.Poisson{N: 20, Rate: []float64{50}})
	w := make([]float32, 20*5)
	for i := range w {
		w[i] = 4 // mV added to the excitatory current per input spike
	}
	syn := g.Add("syn", &ops.Dense{Pre: 20, Post: 5, W: w, Delay: 1},
		graph.In("pre", inputs.Out("spikes")))
	neurons := g.Add("neurons", &ops.LIF{
		N: 5, TauM: 20 * time.Millisecond, TauE: 5 * time.Millisecond, TauI: 10 * time.Millisecond,
		VRest: -65, VThreshold: -50, VReset: -65, Refractory: 2 * time.Millisecond,
	}, graph.In("exc", syn.Out("post")))
	g.Add("spikes", &ops.SpikeMonitor{}, graph.In("spikes", neurons.Out("spikes")))

	cpu, err := backend.Get("cpu")
	if err != nil {
		log.Fatal(err)
	}
	prog, err := cpu.Compile(g) // validates the graph first
	if err != nil {
		log.Fatal(err)
	}
	defer prog.Close()
	if err := prog.Run(10_000); err != nil { // 1 s
		log.Fatal(err)
	}
	rec, err := prog.Spikes("spikes")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d spikes in 1 s; first at tick %d by neuron %d\n", rec.Len(), rec.Tick[0], rec.Index[0])
	// Output:
	// 155 spikes in 1 s; first at tick 328 by neuron 0
}

// Validation reports every mistake at once, each naming its node.
func Example_validation() {
	g := graph.New(graph.Config{Dt: 100 * time.Microsecond})
	src := g.Add("src", &ops.Poisson{N: 10, Rate: []float64{-5}})
	lif := g.Add("lif", &ops.LIF{N: 4, TauM: -time.Millisecond, TauE: time.Millisecond, TauI: time.Millisecond})
	g.Connect(src.Out("spikes"), lif.In("exc"))
	fmt.Println(g.Validate())
	// Output:
	// node "src" (Poisson): invalid parameter: Rate[0] = -5 Hz gives a spike probability of -0.0005 per tick of 100µs, must be in [0, 1]
	// node "lif" (LIF): invalid parameter: TauM = -1ms, must be > 0
	// node "lif" (LIF): shape mismatch: input "exc" has shape [10], want [4]
}
