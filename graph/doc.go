// Package graph is spikeflow's intermediate representation: a network
// declared as a dataflow graph of ops.
//
// A Graph holds Nodes, each an op from package ops with a unique name, a
// cluster (and so a clock), and its inputs bound to the outputs of other
// nodes. Building never fails half-way: mistakes made while building
// (unknown port names, inputs bound twice) are recorded and reported by
// Validate together with every parameter, shape, cycle and clock problem,
// each as an *Error naming the node.
//
//	g := graph.New(graph.Config{Dt: 100 * time.Microsecond, Seed: 1})
//	src := g.Add("input", &ops.Poisson{N: 100, Rate: []float64{20}})
//	syn := g.Add("syn", &ops.Dense{Pre: 100, Post: 10, W: w, Delay: 1})
//	lif := g.Add("lif", &ops.LIF{N: 10, ...})
//	g.Connect(src.Out("spikes"), syn.In("pre"))
//	g.Connect(syn.Out("post"), lif.In("exc"))
//	if err := g.Validate(); err != nil { ... }
package graph
