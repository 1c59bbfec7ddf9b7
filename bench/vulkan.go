package bench

import (
	"fmt"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

// VulkanName is the backend the per-tick overhead workload measures. It
// is looked up by name so that this package does not depend on the Vulkan
// binding.
const VulkanName = "vulkan"

// vulkanTickOverhead measures what one Program.Run call costs on the
// Vulkan backend beyond the ticks it runs: recording and submitting a
// command buffer and waiting for it. It runs on the Vulkan backend
// whatever -backend says, as soon as one is registered and available.
func vulkanTickOverhead() Workload {
	return Workload{
		Name: "vulkan-tick-overhead", Group: "vulkan", Backend: VulkanName,
		Summary: "Vulkan per-call overhead: one tick per Run call vs 10000 ticks in one call, on a 1-neuron network",
		Check: func(backend.Backend) error {
			vk, err := backend.Get(VulkanName)
			if err != nil {
				return fmt.Errorf("%w: no backend named %q is registered (import github.com/spikeflow/spikeflow/backend/vulkan)", ErrNotAvailable, VulkanName)
			}
			if err := vk.Capabilities().Available; err != nil {
				return fmt.Errorf("%w: the Vulkan backend cannot run here: %v", ErrNotAvailable, err)
			}
			return nil
		},
		Func: func(backend.Backend) (Measurement, error) {
			vk, err := backend.Get(VulkanName)
			if err != nil {
				return Measurement{}, err
			}
			return tickOverhead(vk, 1000, 10000)
		},
	}
}

// tickOverhead compiles a network of one LIF neuron on b, so that the
// ticks themselves cost next to nothing, then times calls of Run(1) and
// one Run(batch): the difference per tick is the overhead of a call.
func tickOverhead(b backend.Backend, calls, batch int) (Measurement, error) {
	g := graph.New(graph.Config{Dt: 100 * time.Microsecond, Seed: 1})
	in := g.Add("drive", &ops.Input{N: 1, Value: []float32{20}})
	g.Add("lif", &ops.LIF{N: 1, TauM: 20 * time.Millisecond, TauE: 5 * time.Millisecond, TauI: 10 * time.Millisecond,
		VRest: -60, VThreshold: -50, VReset: -60, Refractory: 2 * time.Millisecond},
		graph.In("exc", in.Out("out")))
	t0 := time.Now()
	p, err := b.Compile(g)
	if err != nil {
		return Measurement{}, fmt.Errorf("tick overhead: %w", err)
	}
	defer p.Close()
	t1 := time.Now()
	for range calls {
		if err := p.Run(1); err != nil {
			return Measurement{}, fmt.Errorf("tick overhead: %w", err)
		}
	}
	t2 := time.Now()
	if err := p.Run(batch); err != nil {
		return Measurement{}, fmt.Errorf("tick overhead: %w", err)
	}
	t3 := time.Now()
	perCall := t2.Sub(t1).Seconds() / float64(calls)
	perTick := t3.Sub(t2).Seconds() / float64(batch)
	return Measurement{
		WallS:  t2.Sub(t1).Seconds(),
		SetupS: t1.Sub(t0).Seconds(),
		Figures: []Figure{
			{"call_s", perCall},
			{"batched_tick_s", perTick},
			{"overhead_per_call_s", perCall - perTick},
		},
	}, nil
}
