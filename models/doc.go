// Package models holds reference networks shared by the examples, the CLI,
// the benchmarks and the conformance suite, so that each is defined once.
package models
