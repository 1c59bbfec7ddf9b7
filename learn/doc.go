// Package learn will hold plasticity rules (pair and triplet STDP with
// traces and deferred application, Hebbian and Oja rules, normalization,
// homeostasis) as ops with reference semantics and kernels on every
// backend. It is empty in this release.
package learn
