// Package learn holds learning rules. For now: dictionary learning for
// sparse coding (Dictionary), the Hebbian update Phi += eta (x - Phi a) a^T
// with atoms renormalized, alternating with LCA inference (package layers).
// Plasticity rules for spiking networks (STDP with traces, Hebbian and Oja
// rules, homeostasis) follow.
package learn
