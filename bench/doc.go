// Package bench measures spikeflow on the workloads researchers compare
// simulators by, and, with peers, measures Brian2 and scikit-learn on the
// same problems in the same run. `spikeflow bench` is its command line.
//
// # Method
//
// Each workload runs once untimed (warm-up: caches, page faults, the CPU's
// clock), then Options.Runs times (5 by default). A report gives the
// median, minimum and maximum of the wall time and the median of each
// figure of merit. Absolute times drift on a shared machine, so peers are
// interleaved with spikeflow, A B A B: each peer run follows a spikeflow
// run, and each ratio is taken from such a pair; a report gives the median
// and range of the pairwise ratios. A ratio is only reported after
// checking that the peer computed the same thing: the same mean rate
// within RateTolerance (CUBA; the simulators draw different random
// networks, so statistics, not rasters, are compared), the same Lasso
// objective within 1e-4 (LCA).
//
// The CUBA workloads call models/cuba's Run, as models/cuba's BenchmarkCUBA
// and this package's BenchmarkWorkloads do, so `go test -bench` and
// `spikeflow bench` time the same code. A workload whose feature has not
// landed is listed as not available, with the reason; none is faked.
//
// # Peers
//
// The scripts in bench/peers are embedded in this package and run with
// Debian's /usr/bin/python3 (apt-get install python3-brian python3-sklearn):
//
//   - cuba_brian2.py builds the CUBA network of models/cuba in Brian2 and
//     runs it with the runtime target "cython" and with "cpp_standalone",
//     reporting the simulation loop apart from code generation and
//     compilation. Each bench run gives it a fresh build directory (the
//     standalone project and the Cython cache), so the warm-up run pays
//     the full compile (first_compile_s) and the timed runs reuse it.
//   - lasso_sklearn.py solves LassoProblem files (see LassoProblem.WriteTo
//     for the format) with scikit-learn's coordinate descent on a
//     precomputed Gram matrix.
//
// A peer that is not installed is reported as "peer not installed:
// apt-get install PACKAGE", not as a failure.
//
// # JSON
//
// `spikeflow bench -json` prints one document, a Report. Its field names
// are stable:
//
//	machine      cpu, cores, gomaxprocs, go, os, arch, backend, device, notes,
//	             load_start, load_end (1-minute load average; -1 if unknown)
//	runs         timed runs per workload; warmup: untimed runs before them (1)
//	peers        whether peers were asked for
//	workloads[]  one per selected workload, in registry order:
//	  name, group, summary
//	  status     "ok", "not available" or "error"; reason says why when not ok
//	  runs       timed runs made
//	  wall_s     {median, min, max} of the timed part, seconds (CUBA: the simulation loop)
//	  setup_s    {median, min, max} of the work before it (CUBA: build + compile)
//	  samples_s  the timed part of every run, in order
//	  figures    name -> median; names carry their unit. CUBA: syn_events_per_s,
//	             realtime_factor, rate_hz, spikes, synapses, bytes_per_synapse,
//	             build_s, compile_s, duration_s. cortex3d: ticks_per_s, build_s,
//	             compile_s, realtime_factor, rate_fast_hz, rate_slow_hz, synapses,
//	             bytes_per_synapse, duration_s. clusters-2x: speedup, ticks_per_s_1,
//	             ticks_per_s_2 (the fastest of three runs at GOMAXPROCS 1 and 2),
//	             build_s, duration_s
//	  peers[]    with -peers:
//	    name, script, version
//	    status   "ok", "not installed", "mismatch", "error", or "blocked" (installed,
//	             but the workload is not available); reason says why
//	    runs     timed runs made (after one warm-up)
//	    match    the figure checked against spikeflow's (rate_hz, objective)
//	    loop_s, compile_s, total_s   {median, min, max}, seconds: the loop as
//	             the peer times it; code generation and compilation; everything
//	             after importing the simulator (build, compile, run)
//	    loop_clock        "wall", or "process-cpu" where the peer's own timer
//	                      counts CPU time (Brian2 standalone without OpenMP)
//	    first_compile_s   compile time of the warm-up run, from a cold cache
//	    figures           name -> median of what the peer printed (rate_hz, spikes, ...)
//	    ratio_loop        {median, min, max} of peer loop_s / spikeflow wall_s, pair by pair;
//	                      absent unless status is "ok"
//	    ratio_total       the same for peer total_s / spikeflow (setup + wall)
package bench
