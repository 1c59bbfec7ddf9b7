// Package env holds environments that a spiking agent acts in: the
// Environment interface and a multi-armed bandit. Observations are values
// in [0, 1], ready for an encoder (ops.Phase, ops.Latency, ...), and every
// random outcome comes from the counter-based generator, so an episode is
// a pure function of the seed and the actions taken.
package env

import (
	"fmt"

	"github.com/spikeflow/spikeflow/rng"
)

// Observation is what an environment shows its agent, each value in [0, 1].
type Observation []float32

// Environment is a task an agent acts in, episode by episode.
type Environment interface {
	// Reset starts a new episode and returns its first observation.
	Reset() Observation
	// Step takes an action in [0, Actions()) and returns the next
	// observation, the reward and whether the episode is over. The
	// observation may be reused by the next call.
	Step(action int) (obs Observation, reward float64, done bool)
	// Actions is the number of actions; ObservationSize the length of
	// every observation.
	Actions() int
	ObservationSize() int
}

// Bandit is a Bernoulli multi-armed bandit (Sutton & Barto 2018, ch. 2):
// arm a pays 1 with probability P[a], drawn uniformly from [0, 1) once from
// the seed, and 0 otherwise; an episode is Horizon pulls. Its observation
// is the last arm pulled (one-hot, Arms values), the last reward, and a
// constant 1 that gives an agent input even before its first pull.
type Bandit struct {
	P       []float64
	horizon int
	key     rng.Key
	episode uint64 // the current episode, counted from 0
	step    int
	obs     Observation
	started bool
	rewards uint32 // the stream of the reward draws
}

// NewBandit returns a bandit with arms arms and episodes of horizon pulls.
func NewBandit(arms, horizon int, seed uint64) (*Bandit, error) {
	if arms < 1 || horizon < 1 {
		return nil, fmt.Errorf("bandit: %d arms and a horizon of %d pulls; want at least 1 of each", arms, horizon)
	}
	b := &Bandit{P: make([]float64, arms), horizon: horizon, key: rng.NewKey(seed),
		obs: make(Observation, arms+2), rewards: rng.Stream("bandit/reward")}
	for a := range b.P {
		b.P[a] = float64(b.key.Float32(rng.Stream("bandit/arms"), 0, uint32(a)))
	}
	return b, nil
}

func (b *Bandit) Actions() int         { return len(b.P) }
func (b *Bandit) ObservationSize() int { return len(b.P) + 2 }

// Best is the arm with the highest payoff probability.
func (b *Bandit) Best() int {
	best := 0
	for a, p := range b.P {
		if p > b.P[best] {
			best = a
		}
	}
	return best
}

func (b *Bandit) Reset() Observation {
	if b.started {
		b.episode++
	}
	b.started, b.step = true, 0
	clear(b.obs)
	b.obs[len(b.obs)-1] = 1
	return b.obs
}

// Step pulls arm action. The reward of pull s of episode e is decided by
// the generator's word for (e, s), so it does not depend on earlier
// pulls. It panics on an arm out of range or a call before Reset; after
// the horizon it keeps returning done.
func (b *Bandit) Step(action int) (Observation, float64, bool) {
	if action < 0 || action >= len(b.P) || !b.started {
		panic(fmt.Sprintf("bandit: Step(%d) with %d arms, started: %v", action, len(b.P), b.started))
	}
	if b.step >= b.horizon {
		return b.obs, 0, true
	}
	reward := 0.0
	if float64(b.key.Float32(b.rewards, b.episode, uint32(b.step))) < b.P[action] {
		reward = 1
	}
	b.step++
	clear(b.obs)
	b.obs[action] = 1
	b.obs[len(b.P)] = float32(reward)
	b.obs[len(b.P)+1] = 1
	return b.obs, reward, b.step == b.horizon
}
