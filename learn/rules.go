package learn

import (
	"time"

	"github.com/spikeflow/spikeflow/ops"
)

// SongMillerAbbott is the additive pair rule of Song, Miller & Abbott
// (2000) with hard bounds [0, gmax]: A+ = 0.01 gmax, A- = 1.05 A+ (slightly
// more depression than potentiation, which makes the synapses compete),
// tau+ = tau- = 20 ms, all-to-all pairing, as in Brian2's example of that
// paper.
func SongMillerAbbott(gmax float64) ops.STDPRule {
	return ops.STDPRule{
		APlus: 0.01 * gmax, AMinus: 0.0105 * gmax,
		TauPlus: 20 * time.Millisecond, TauMinus: 20 * time.Millisecond,
		WMin: 0, WMax: gmax,
	}
}

// PfisterGerstner is the minimal all-to-all triplet model of Pfister &
// Gerstner (2006) fitted to visual cortex data (Sjöström et al. 2001):
// tau+ = 16.8 ms, tau- = 33.7 ms, tau_y = 114 ms, A2+ = 0, A3+ = 6.5e-3,
// A2- = 7.1e-3, A3- = 0, with weights bounded to [0, wmax].
func PfisterGerstner(wmax float64) ops.STDPRule {
	return ops.STDPRule{
		AMinus: 7.1e-3, A3Plus: 6.5e-3,
		TauPlus: 16800 * time.Microsecond, TauMinus: 33700 * time.Microsecond, TauY: 114 * time.Millisecond,
		WMin: 0, WMax: wmax,
	}
}

// DiehlCook is the rule of Diehl & Cook (2015) for the input-to-excitatory
// weights: every trace is set to 1 by a spike (nearest-spike pairing); a
// pre spike subtracts nu_pre y (nu_pre = 1e-4, y the post trace, 20 ms);
// a post spike adds nu_post x o (nu_post = 1e-2, x the pre trace, 20 ms, o
// a second post trace, 40 ms, before the spike). That is the triplet rule
// with A2- = 1e-4, A3+ = 1e-2 and no pair potentiation; weights stay in
// [0, 1].
func DiehlCook() ops.STDPRule {
	return ops.STDPRule{
		AMinus: 1e-4, A3Plus: 1e-2,
		TauPlus: 20 * time.Millisecond, TauMinus: 20 * time.Millisecond, TauY: 40 * time.Millisecond,
		WMin: 0, WMax: 1, Pairing: ops.Nearest,
	}
}
