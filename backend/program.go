package backend

import (
	"fmt"

	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

// Helpers that give every backend's Program the same checks and messages.

// InputTarget finds the Input node a Program.Write names and checks data.
func (p *Plan) InputTarget(name string, data []float32) (*graph.Node, error) {
	n := p.Graph.Node(name)
	if n == nil {
		return nil, fmt.Errorf("write %q: %w: no such node", name, graph.ErrName)
	}
	in, ok := n.Op().(*ops.Input)
	if !ok {
		return nil, fmt.Errorf("write %q: node %v is not an Input", name, n)
	}
	if err := in.CheckData(data); err != nil {
		return nil, fmt.Errorf("write %q: %w", name, err)
	}
	return n, nil
}

// ReadTarget resolves a Program.Read name and checks the destination size.
func (p *Plan) ReadTarget(name string, dst []float32) (Target, error) {
	t, err := p.Resolve(name)
	if err != nil {
		return t, err
	}
	if want := t.Size(); len(dst) != want {
		return t, fmt.Errorf("read %q: %w: destination has %d elements, want %d", name, ops.ErrShape, len(dst), want)
	}
	return t, nil
}

// MonitorNode finds the node a Program.Spikes or Program.Trace names.
func (p *Plan) MonitorNode(name string, kind ops.Kind) (*graph.Node, error) {
	n := p.Graph.Node(name)
	if n == nil {
		return nil, fmt.Errorf("monitor %q: %w: no such node", name, graph.ErrName)
	}
	if n.Op().Kind() != kind {
		return nil, fmt.Errorf("monitor %q: node %v is not a %v", name, n, kind)
	}
	return n, nil
}

// CheckTicks refuses a negative tick count.
func CheckTicks(n int) error {
	if n < 0 {
		return fmt.Errorf("run: %d ticks, must be >= 0", n)
	}
	return nil
}

// RecordedSpikes implements Program.Spikes for a backend that keeps one
// instance (kernel, reference) per node, indexed by node ID; the monitor's
// instance must implement ops.SpikeRecorder.
func RecordedSpikes[T any](p *Plan, name string, instances []T) (ops.SpikeRecord, error) {
	n, err := p.MonitorNode(name, ops.KindSpikeMonitor)
	if err != nil {
		return ops.SpikeRecord{}, err
	}
	r, ok := any(instances[n.ID()]).(ops.SpikeRecorder)
	if !ok {
		return ops.SpikeRecord{}, fmt.Errorf("monitor %q: the backend's %T records no spikes", name, instances[n.ID()])
	}
	return r.Spikes(), nil
}

// RecordedTrace is RecordedSpikes for Program.Trace.
func RecordedTrace[T any](p *Plan, name string, instances []T) (ops.TraceRecord, error) {
	n, err := p.MonitorNode(name, ops.KindStateMonitor)
	if err != nil {
		return ops.TraceRecord{}, err
	}
	r, ok := any(instances[n.ID()]).(ops.TraceRecorder)
	if !ok {
		return ops.TraceRecord{}, fmt.Errorf("monitor %q: the backend's %T records no trace", name, instances[n.ID()])
	}
	return r.Trace(), nil
}
