package cuba

import (
	"fmt"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/ops"
)

// Result summarizes one run, in the fields `spikeflow run cuba -json`
// prints.
type Result struct {
	Backend         string  `json:"backend"`
	N               int     `json:"n"`
	DurationS       float64 `json:"duration_s"`
	Ticks           int     `json:"ticks"`
	Seed            uint64  `json:"seed"`
	Spikes          int64   `json:"spikes"`
	RateHz          float64 `json:"rate_hz"`
	Synapses        int     `json:"synapses"`
	BytesPerSynapse float64 `json:"bytes_per_synapse"`
	SynEvents       float64 `json:"syn_events"`       // spikes delivered to synapses
	SynEventsPerS   float64 `json:"syn_events_per_s"` // synaptic events per second of wall time
	RealtimeFactor  float64 `json:"realtime_factor"`  // simulated / wall time
	BuildS          float64 `json:"build_s"`          // connectivity and graph
	CompileS        float64 `json:"compile_s"`
	WallS           float64 `json:"wall_s"` // the simulation loop
}

// Run builds the network, compiles it on b and simulates duration of
// biological time.
func Run(b backend.Backend, cfg Config, duration time.Duration) (Result, error) {
	cfg = cfg.Defaults()
	if duration < 0 {
		return Result{}, fmt.Errorf("cuba: duration %v, must be >= 0", duration)
	}
	ticks := int(duration / cfg.Dt)
	t0 := time.Now()
	net, err := Build(cfg)
	if err != nil {
		return Result{}, err
	}
	t1 := time.Now()
	prog, err := b.Compile(net.Graph)
	if err != nil {
		return Result{}, err
	}
	defer prog.Close()
	t2 := time.Now()
	for done := 0; done < ticks; {
		n := min(ProgressTicks, ticks-done)
		if err := prog.Run(n); err != nil {
			return Result{}, err
		}
		done += n
		if cfg.Progress != nil {
			cfg.Progress(done, ticks)
		}
	}
	t3 := time.Now()
	counts := make([]float32, cfg.N)
	if err := prog.Read(Counter+".count", counts); err != nil {
		return Result{}, err
	}
	res := Result{
		Backend: b.Name(), N: cfg.N, DurationS: float64(ticks) * cfg.Dt.Seconds(), Ticks: ticks, Seed: cfg.Seed,
		Synapses: net.Synapses, BuildS: t1.Sub(t0).Seconds(), CompileS: t2.Sub(t1).Seconds(), WallS: t3.Sub(t2).Seconds(),
	}
	var events float64
	for j, c := range counts {
		res.Spikes += int64(c)
		events += float64(c) * float64(net.OutDegree[j])
	}
	if res.N > 0 && res.DurationS > 0 {
		res.RateHz = float64(res.Spikes) / float64(res.N) / res.DurationS
	}
	if net.Synapses > 0 {
		res.BytesPerSynapse = float64(net.Bytes) / float64(net.Synapses)
	}
	res.SynEvents = events
	if res.WallS > 0 {
		res.SynEventsPerS = events / res.WallS
		res.RealtimeFactor = res.DurationS / res.WallS
	}
	return res, nil
}

// Raster simulates ticks ticks of the network with a spike monitor on b
// and returns every spike.
func Raster(b backend.Backend, cfg Config, ticks int) (ops.SpikeRecord, *Network, error) {
	cfg.Monitor = true
	net, err := Build(cfg)
	if err != nil {
		return ops.SpikeRecord{}, nil, err
	}
	p, err := b.Compile(net.Graph)
	if err != nil {
		return ops.SpikeRecord{}, nil, err
	}
	defer p.Close()
	if err := p.Run(ticks); err != nil {
		return ops.SpikeRecord{}, nil, err
	}
	rec, err := p.Spikes(Monitor)
	return rec, net, err
}
