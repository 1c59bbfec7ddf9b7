package cortex3d

import (
	"fmt"
	"time"

	"github.com/spikeflow/spikeflow/backend"
	"github.com/spikeflow/spikeflow/ops"
)

// LayerResult is what one layer did.
type LayerResult struct {
	Name      string     `json:"name"`
	N         int        `json:"n"`
	NExc      int        `json:"n_exc"`
	Period    int        `json:"period"` // its clock, in global ticks
	Phase     int        `json:"phase"`
	Spikes    int64      `json:"spikes"`
	RateHz    float64    `json:"rate_hz"`     // mean over the layer
	RateExcHz float64    `json:"rate_exc_hz"` // its excitatory neurons
	RateInhHz float64    `json:"rate_inh_hz"` // its inhibitory neurons
	InDegree  [3]float64 `json:"in_degree"`   // recurrent excitatory, recurrent inhibitory, feed-forward
}

// Result summarizes one run, in the fields the example's -json prints.
type Result struct {
	Backend         string        `json:"backend"`
	N               int           `json:"n"`
	Seed            uint64        `json:"seed"`
	DtS             float64       `json:"dt_s"`
	DurationS       float64       `json:"duration_s"`
	Ticks           int           `json:"ticks"`
	SideUM          float64       `json:"side_um"`            // the sheet is side x side µm
	ThetaHz         float64       `json:"theta_hz,omitempty"` // the drive's theta gate, 0 if none
	Layers          []LayerResult `json:"layers"`
	Synapses        int           `json:"synapses"`
	BytesPerSynapse float64       `json:"bytes_per_synapse"`
	BuildS          float64       `json:"build_s"` // placement, connectivity and graph
	CompileS        float64       `json:"compile_s"`
	WallS           float64       `json:"wall_s"` // the simulation loop
	TicksPerS       float64       `json:"ticks_per_s"`
	RealtimeFactor  float64       `json:"realtime_factor"` // simulated / wall time
}

// Run builds the network, compiles it on b and simulates duration of
// biological time.
func Run(b backend.Backend, cfg Config, duration time.Duration) (Result, error) {
	cfg = cfg.Defaults()
	if duration < 0 {
		return Result{}, fmt.Errorf("cortex3d: %w: duration %v, must be >= 0", ops.ErrParam, duration)
	}
	t0 := time.Now()
	net, err := Build(cfg)
	if err != nil {
		return Result{}, err
	}
	res, _, err := net.Simulate(b, duration)
	res.BuildS = time.Since(t0).Seconds() - res.CompileS - res.WallS
	return res, err
}

// Simulate compiles the network on b, runs it for duration and returns
// the result (BuildS left 0) with, if the network has monitors, every
// spike of each layer.
func (net *Network) Simulate(b backend.Backend, duration time.Duration) (Result, [2]ops.SpikeRecord, error) {
	var recs [2]ops.SpikeRecord
	cfg := net.Config
	if duration < 0 {
		return Result{}, recs, fmt.Errorf("cortex3d: %w: duration %v, must be >= 0", ops.ErrParam, duration)
	}
	ticks := int(duration / cfg.Dt)
	t0 := time.Now()
	prog, err := b.Compile(net.Graph)
	if err != nil {
		return Result{}, recs, err
	}
	defer prog.Close()
	t1 := time.Now()
	for done := 0; done < ticks; {
		n := min(ProgressTicks, ticks-done)
		if err := prog.Run(n); err != nil {
			return Result{}, recs, err
		}
		done += n
		if cfg.Progress != nil {
			cfg.Progress(done, ticks)
		}
	}
	t2 := time.Now()
	res := Result{
		Backend: b.Name(), N: cfg.N, Seed: cfg.Seed, DtS: cfg.Dt.Seconds(), Ticks: ticks,
		DurationS: float64(ticks) * cfg.Dt.Seconds(), SideUM: net.Side, ThetaHz: cfg.ThetaHz, Synapses: net.Synapses,
		CompileS: t1.Sub(t0).Seconds(), WallS: t2.Sub(t1).Seconds(),
	}
	if net.Synapses > 0 {
		res.BytesPerSynapse = float64(net.Bytes) / float64(net.Synapses)
	}
	if res.WallS > 0 {
		res.TicksPerS = float64(ticks) / res.WallS
		res.RealtimeFactor = res.DurationS / res.WallS
	}
	for l, layer := range net.Layers {
		counts := make([]float32, layer.N)
		if err := prog.Read(layer.Count+".count", counts); err != nil {
			return Result{}, recs, err
		}
		lr := LayerResult{Name: layer.Name, N: layer.N, NExc: layer.NExc, Period: layer.Clock.Period,
			Phase: layer.Clock.Phase, InDegree: net.InDegree[l]}
		var exc, inh int64
		for i, c := range counts {
			if i < layer.NExc {
				exc += int64(c)
			} else {
				inh += int64(c)
			}
		}
		lr.Spikes = exc + inh
		lr.RateHz = rate(lr.Spikes, layer.N, res.DurationS)
		lr.RateExcHz = rate(exc, layer.NExc, res.DurationS)
		lr.RateInhHz = rate(inh, layer.N-layer.NExc, res.DurationS)
		res.Layers = append(res.Layers, lr)
		if layer.Monitor != "" {
			if recs[l], err = prog.Spikes(layer.Monitor); err != nil {
				return Result{}, recs, err
			}
		}
	}
	return res, recs, nil
}

func rate(spikes int64, n int, seconds float64) float64 {
	if n == 0 || seconds == 0 {
		return 0
	}
	return float64(spikes) / float64(n) / seconds
}

// Raster builds the network with monitors, simulates ticks ticks on b and
// returns every spike of each layer.
func Raster(b backend.Backend, cfg Config, ticks int) ([2]ops.SpikeRecord, *Network, error) {
	cfg = cfg.Defaults()
	cfg.Monitor = true
	net, err := Build(cfg)
	if err != nil {
		return [2]ops.SpikeRecord{}, nil, err
	}
	_, recs, err := net.Simulate(b, time.Duration(ticks)*cfg.Dt)
	return recs, net, err
}
