// Package backend defines how a validated graph becomes a running program:
// the Backend and Program interfaces, a registry of backends by name, and
// the Plan every backend starts from (evaluation order within a tick, one
// buffer per value, and the clock schedule: which node steps on which tick,
// with which dt, and over which window of past ticks each input is read;
// see Plan). Backends whose Capabilities.Clocks is false refuse clusters
// whose clock does not fire every tick.
//
// Backends register themselves from an init function, so a program selects
// one with a blank import and a name:
//
//	import _ "github.com/spikeflow/spikeflow/backend/cpu"
//	b, err := backend.Get("cpu")
package backend

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/spikeflow/spikeflow/graph"
	"github.com/spikeflow/spikeflow/ops"
)

// Backend compiles graphs for one kind of hardware.
type Backend interface {
	Name() string
	// Capabilities says what the backend can run here; Available is nil
	// when it can run at all.
	Capabilities() Capabilities
	// Compile validates g and prepares it to run. The program owns its
	// state, but may share large read-only parameters (weights,
	// connectivity, rates) with the ops of g, to avoid copying them: do not
	// modify those while the program is in use.
	Compile(g *graph.Graph) (Program, error)
}

// Capabilities describes a backend on this machine.
type Capabilities struct {
	Available error      // nil if the backend can run; else why not
	Device    string     // what it runs on
	Kinds     []ops.Kind // op kinds with a kernel
	Clocks    bool       // runs clusters whose clock does not fire every tick
	Notes     string     // anything else worth knowing (threads, BLAS, ...)
	// Devices describes, one per line, every device the backend can see
	// (its type, memory and limits), for backends that can choose one.
	Devices []string
}

// Supports reports whether the backend has a kernel for k.
func (c Capabilities) Supports(k ops.Kind) bool { return slices.Contains(c.Kinds, k) }

// Program is a compiled graph with its state.
type Program interface {
	// Run advances the simulation by n ticks.
	Run(n int) error
	// Tick is the number of ticks run so far; the next tick to run.
	Tick() uint64
	// Write sets the value of an Input node, held from the next tick on.
	Write(input string, data []float32) error
	// Read copies a value or a piece of state into dst: "node.port" for an
	// output, "node.var" for state, as of the last tick run. Outputs read
	// before the first tick are zeros; state is its initial value.
	Read(name string, dst []float32) error
	// Spikes returns the events recorded by a SpikeMonitor node.
	Spikes(monitor string) (ops.SpikeRecord, error)
	// Trace returns what a StateMonitor node recorded.
	Trace(monitor string) (ops.TraceRecord, error)
	// Close releases the program's resources.
	Close() error
}

// ErrUnavailable is returned when a backend cannot run on this machine.
var ErrUnavailable = errors.New("backend unavailable")

var (
	mu       sync.RWMutex
	registry = map[string]Backend{}
)

// Register makes a backend available by name. It panics if the name is
// taken, as registering twice is a programming error.
func Register(b Backend) {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := registry[b.Name()]; dup {
		panic("backend: Register called twice for " + b.Name())
	}
	registry[b.Name()] = b
}

// Get returns the backend registered under name. It does not check that the
// backend is available; Compile does.
func Get(name string) (Backend, error) {
	mu.RLock()
	defer mu.RUnlock()
	if b, ok := registry[name]; ok {
		return b, nil
	}
	return nil, fmt.Errorf("backend %q is not registered (registered: %s)", name, strings.Join(namesLocked(), ", "))
}

// List returns the registered backends sorted by name.
func List() []Backend {
	mu.RLock()
	defer mu.RUnlock()
	bs := make([]Backend, 0, len(registry))
	for _, n := range namesLocked() {
		bs = append(bs, registry[n])
	}
	return bs
}

func namesLocked() []string {
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
