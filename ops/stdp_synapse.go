package ops

import (
	"math"
	"time"
)

// STDPDense is a Dense projection whose weights learn by an STDPRule. The
// weights are state ("w", Pre x Post, by presynaptic neuron as Dense.W,
// starting from W), so Program.Read("node.w") follows them tick by tick.
// It means exactly what STDPSparse means with all-to-all connectivity.
//
// Ports:
//   - input "pre": presynaptic spikes, Delay >= 1 ticks after they are
//     emitted (Delay 1 is Brian2's delay 0: a spike emitted at tick t moves
//     the postsynaptic current at t+1). A nonzero element is one spike for
//     the rule; the delivered current is weighted by its value.
//   - input "post_spikes": the spikes of the postsynaptic group, one tick
//     after they are emitted. The group is usually driven by this synapse,
//     so the delay breaks the cycle. With Delay 1 the synapse at tick t
//     sees pre and post spikes of tick t-1 together, which is what Brian2's
//     on_pre and on_post pathways see in one time step: the same pairs at
//     the same intervals. (The name differs from the output "post" because
//     port names are unique.)
//   - input "learn" (optional, 1 element): plasticity is on at ticks where
//     it is nonzero, always on if unconnected. While it is off, w and
//     pending do not change; traces keep running, so learning can resume.
//   - input "normalize" (optional, 1 element): see Normalization.
//   - output "post": the current delivered at tick t, exactly as Dense:
//     sum over j, in increasing order, of float32(w[j][i] * pre[j]), with
//     the weights at the start of tick t (before tick t's changes).
//
// A tick t, in this order (the reference is the definition):
//  1. deliver "post" with the weights as they are;
//  2. decay every trace by its factor;
//  3. for each pre spike j, in increasing j: every synapse of j is
//     depressed, using the post traces y (which do not yet hold this
//     tick's post spikes) and r_j; then x_j and r_j take the spike;
//  4. for each post spike i, in increasing i: every synapse onto i is
//     potentiated, using the pre traces x (which hold this tick's pre
//     spikes: a pre and a post spike in one tick count as pre before post,
//     as in Brian2, which runs the pre pathway before the post pathway)
//     and o_i; then y_i and o_i take the spike;
//  5. deferred rules fold pending into w on their ticks;
//  6. normalization, on its ticks.
//
// Each change is clipped at once (immediate rules) or at the fold. Steps 3
// and 4 touch each synapse at most once each, so any backend that keeps
// this order per synapse gives the reference's bits.
type STDPDense struct {
	Pre, Post int
	W         []float32 // initial weights, W[j*Post+i], in [Rule.WMin, Rule.WMax]
	Delay     int       // ticks, >= 1
	Rule      STDPRule
	Normalize Normalization
}

func (*STDPDense) Kind() Kind       { return KindSTDPDense }
func (p *STDPDense) Inputs() []Port { return plasticInputs(p.Delay) }
func (*STDPDense) Outputs() []Port  { return []Port{{Name: "post"}} }
func (p *STDPDense) Infer(in []Shape) (Layout, error) {
	return plasticLayout(p.Pre, p.Post, Shape{p.Pre, p.Post}, &p.Rule), expectVec(in, p.Inputs(), p.Pre, p.Post, 1, 1)
}

func (p *STDPDense) Validate(time.Duration) error {
	var c checker
	c.size("Pre", p.Pre)
	c.size("Post", p.Post)
	checkDelay(&c, p.Delay)
	p.Rule.check(&c)
	p.Normalize.check(&c)
	if p.Pre >= 0 && p.Post >= 0 {
		if p.Post > 0 && p.Pre > math.MaxInt32/p.Post {
			c.fail("W would need Pre*Post = %d*%d elements, more than %d", p.Pre, p.Post, math.MaxInt32)
		} else {
			c.length("W", len(p.W), p.Pre*p.Post)
		}
	}
	c.finiteAll("W", p.W)
	p.Rule.checkWeights(&c, "W", p.W)
	return c.err()
}

func (p *STDPDense) Reference(env Env) Reference {
	return newPlasticRef(denseSynapses(p.Pre, p.Post), p.W, &p.Rule, p.Normalize, env.Dt)
}

// STDPSparse is a Sparse projection (CSR by presynaptic neuron) whose
// weights learn by an STDPRule: one weight per synapse, state "w" in CSR
// order, starting from Weight (one per synapse, or one for all). Ports,
// state and the order of a tick are those of STDPDense; "post" is summed
// as Sparse sums it (presynaptic neuron, then synapse), and the synapses
// onto a neuron are visited, for potentiation and normalization, in the
// same order.
type STDPSparse struct {
	CSR
	Delay     int // ticks, >= 1
	Rule      STDPRule
	Normalize Normalization
}

func (*STDPSparse) Kind() Kind       { return KindSTDPSparse }
func (p *STDPSparse) Inputs() []Port { return plasticInputs(p.Delay) }
func (*STDPSparse) Outputs() []Port  { return []Port{{Name: "post"}} }
func (p *STDPSparse) Infer(in []Shape) (Layout, error) {
	return plasticLayout(p.Pre, p.Post, Vec(p.NNZ()), &p.Rule), expectVec(in, p.Inputs(), p.Pre, p.Post, 1, 1)
}

func (p *STDPSparse) Validate(time.Duration) error {
	var c checker
	p.CSR.check(&c)
	checkDelay(&c, p.Delay)
	p.Rule.check(&c)
	p.Normalize.check(&c)
	p.Rule.checkWeights(&c, "Weight", p.Weight)
	return c.err()
}

// InitialWeights returns one weight per synapse.
func (p *STDPSparse) InitialWeights() []float32 {
	w := make([]float32, p.NNZ())
	for k := range w {
		w[k] = p.W(k)
	}
	return w
}

func (p *STDPSparse) Reference(env Env) Reference {
	return newPlasticRef(csrSynapses(&p.CSR), p.InitialWeights(), &p.Rule, p.Normalize, env.Dt)
}

func plasticInputs(delay int) []Port {
	return []Port{
		{Name: "pre", Spikes: true, Delay: delay},
		{Name: "post_spikes", Spikes: true, Delay: 1},
		{Name: "learn", Optional: true},
		{Name: "normalize", Optional: true},
	}
}

// plasticLayout lists the state of a plastic projection, in the order its
// Reference.State returns it.
func plasticLayout(pre, post int, w Shape, r *STDPRule) Layout {
	state := []Var{{"w", w}, {"xpre", Vec(pre)}, {"xpost", Vec(post)}}
	if r.Triplet() {
		state = append(state, Var{"xpre_slow", Vec(pre)}, Var{"xpost_slow", Vec(post)})
	}
	if r.Deferred() {
		state = append(state, Var{"pending", w})
	}
	return Layout{Out: []Shape{Vec(post)}, State: state}
}
