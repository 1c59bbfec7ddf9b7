package ops

//go:generate go run golang.org/x/tools/cmd/stringer@v0.39.0 -type=Kind -trimprefix=Kind -output=kind_string.go

// Kind identifies an op family. Backends register one kernel per Kind; the
// conformance suite enumerates Kinds and fails on any without a case.
type Kind uint8

const (
	KindInvalid Kind = iota
	KindInput
	KindPoisson
	KindLIF
	KindDense
	KindSparse
	KindSpikeCount
	KindSpikeMonitor
	KindStateMonitor
	KindOscillator
	KindMultiplex
	KindLatency
	KindPhase
	KindWeightedPhase
	KindLCA
	KindAdaptiveLIF
	KindSTDPDense
	KindSTDPSparse
	KindHebbian
	KindWta

	numKinds
)

// Kinds returns every valid Kind in declaration order.
func Kinds() []Kind {
	ks := make([]Kind, 0, numKinds-1)
	for k := KindInvalid + 1; k < numKinds; k++ {
		ks = append(ks, k)
	}
	return ks
}
