package bench

import "fmt"

// peerState follows one peer through a workload's rounds.
type peerState struct {
	runner  *peerRunner
	res     PeerResult
	stopped bool
	// runs[i] pairs with spikeflow's timed run i: a peer runs after every
	// spikeflow run until it fails, and then no more.
	runs []PeerRun
}

// stop takes the peer out of the remaining rounds with a status and why.
func (p *peerState) stop(status string, err error) {
	p.stopped = true
	p.res.Status, p.res.Reason = status, err.Error()
}

// warmUp runs the peer once untimed; its compile time is what a first
// run costs, before any cache holds the compiled code.
func (p *peerState) warmUp(r *runner, workload string) {
	if p.stopped {
		return
	}
	r.progress("%s: %s warm-up (the first run compiles)", workload, p.res.Name)
	run, err := p.runner.run()
	if err != nil {
		p.stop(StatusError, err)
		return
	}
	p.res.FirstCompileS = run.CompileS
	p.res.Version, p.res.LoopClock = run.Version, run.LoopClock
}

// round runs the peer right after spikeflow's timed run i.
func (p *peerState) round(r *runner, workload string, i int) {
	if p.stopped {
		return
	}
	run, err := p.runner.run()
	if err != nil {
		p.stop(StatusError, err)
		return
	}
	p.runs = append(p.runs, run)
	r.progress("%s: %s run %d/%d: loop %.4g s, compile %.4g s, total %.4g s",
		workload, p.res.Name, i+1, r.opt.Runs, run.LoopS, run.CompileS, run.TotalS)
}

// finish summarizes the peer's runs, checks that it computed the same
// thing as spikeflow (whose figures' medians are sf), and only then takes
// the ratios, each from a peer run and the spikeflow run just before it.
func (p *peerState) finish(ms []Measurement, sf map[string]float64) PeerResult {
	res := p.res
	res.Runs = len(p.runs)
	if len(p.runs) == 0 {
		return res
	}
	var loops, compiles, totals, rLoop, rTotal []float64
	for i, run := range p.runs {
		m := ms[i]
		loops, compiles, totals = append(loops, run.LoopS), append(compiles, run.CompileS), append(totals, run.TotalS)
		if m.WallS > 0 {
			rLoop = append(rLoop, run.LoopS/m.WallS)
		}
		if m.WallS+m.SetupS > 0 {
			rTotal = append(rTotal, run.TotalS/(m.SetupS+m.WallS))
		}
	}
	res.LoopS, res.CompileS, res.TotalS = Summarize(loops), Summarize(compiles), Summarize(totals)
	res.Figures = medianPeerFigures(p.runs)
	if res.Status != StatusOK {
		return res // a run failed: the figures so far, no ratio
	}
	if err := p.runner.peer.same(sf, res.Figures); err != nil {
		res.Status, res.Reason = StatusMismatch, err.Error()
		return res
	}
	if len(rLoop) > 0 {
		s := Summarize(rLoop)
		res.RatioLoop = &s
	}
	if len(rTotal) > 0 {
		s := Summarize(rTotal)
		res.RatioTotal = &s
	}
	return res
}

// verdict is the pair's check, in a few words, for the text report.
func (res PeerResult) verdict(sf map[string]float64, match string) string {
	switch {
	case res.Status != StatusOK:
		return res.Reason
	case match == "":
		return "not checked"
	}
	a, b := sf[match], res.Figures[match]
	return fmt.Sprintf("%s %.4g vs %.4g (%+.1f%%)", match, b, a, 100*(b-a)/a)
}
