package bench

import (
	"fmt"
	"os"
	"runtime"
	"strings"

	"github.com/spikeflow/spikeflow/backend"
)

// Machine is what a report's figures were measured on.
type Machine struct {
	CPU        string `json:"cpu"`   // model name from /proc/cpuinfo
	Cores      int    `json:"cores"` // logical CPUs
	GOMAXPROCS int    `json:"gomaxprocs"`
	Go         string `json:"go"`
	OS         string `json:"os"`
	Arch       string `json:"arch"`
	Backend    string `json:"backend"`
	Device     string `json:"device"`
	Notes      string `json:"notes,omitempty"` // the backend's (threads, BLAS...)
	// LoadStart and LoadEnd are the 1-minute load average (/proc/loadavg)
	// when the run started and ended; -1 where unknown. A load near the
	// core count before a run means other processes share the machine,
	// which slows a program that uses every core most.
	LoadStart float64 `json:"load_start"`
	LoadEnd   float64 `json:"load_end"`
}

// Describe returns the machine b runs on.
func Describe(b backend.Backend) Machine {
	c := b.Capabilities()
	return Machine{
		CPU: cpuModel("/proc/cpuinfo"), Cores: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0),
		Go: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH,
		Backend: b.Name(), Device: c.Device, Notes: c.Notes, LoadStart: loadAvg("/proc/loadavg"), LoadEnd: -1,
	}
}

// loadAvg reads the 1-minute load average; -1 where there is none.
func loadAvg(path string) float64 {
	b, err := os.ReadFile(path)
	if err != nil {
		return -1
	}
	var l float64
	if _, err := fmt.Sscan(string(b), &l); err != nil {
		return -1
	}
	return l
}

// cpuModel reads the first "model name" of a cpuinfo file; "unknown" where
// there is none (not Linux, or an architecture that names it otherwise).
func cpuModel(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return "unknown"
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if key, val, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(key) == "model name" {
			return strings.TrimSpace(val)
		}
	}
	return "unknown"
}
