#!/usr/bin/python3
"""CUBA on Brian2: the peer of spikeflow's models/cuba for `spikeflow bench -peers`.

Builds the same network as models/cuba (Brette et al. 2007, after Vogels &
Abbott 2005): N LIF neurons, 80% excitatory, exponential current-based
synapses, tau_m 20 ms, tau_e 5 ms, tau_i 10 ms, V_t -50 mV, V_r -60 mV,
E_l -49 mV, refractory 5 ms, w_e = 60*0.27/10 mV, w_i = -20*4.5/10 mV,
connection probability p (80/N when 0), v0 uniform in [V_r, V_t], dt 0.1 ms.
The random numbers differ from spikeflow's (another generator), so the
harness compares network statistics (mean rate), not rasters.

Synaptic delay: Brian2's default (delay 0) applies `ge += w_e` in the same
step as the threshold, after the state update, so the spike first moves v
on the next step: one tick, as spikeflow's Delay: 1.

Prints ONE JSON line on stdout (everything else goes to stderr):
  loop_s      the simulation loop alone, as Brian2 times it (see below)
  loop_clock  "wall" or "process-cpu": what loop_s measures
  compile_s   code generation and compilation (or loading compiled code
              from the cache), never the loop
  build_s     building the network in Python (for the runtime target this
              includes generating, compiling and running connect())
  run_s       cpp_standalone: wall time of the compiled binary (connect,
              initialization, loop, writing results)
  total_s     everything after `import brian2`: build + compile + run
  import_s    `import brian2` itself
  spikes, rate_hz, n, p, synapses, duration_s, seed, target
  peer ("brian2"), version (Brian2's)

Usage: cuba_brian2.py --target=cython|cpp_standalone|numpy [--n=4000]
       [--p=0] [--duration=1] [--seed=1] --build-dir=DIR
--build-dir holds the standalone project and the Cython cache, so the first
run in a fresh directory pays the full compile and later runs reuse it.
"""
import argparse
import json
import os
import sys
import time

t_import = time.perf_counter()
import brian2 as b2  # noqa: E402
from brian2 import ms, mV, second  # noqa: E402
import_s = time.perf_counter() - t_import


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--target", required=True, choices=["cython", "cpp_standalone", "numpy"])
    ap.add_argument("--n", type=int, default=4000)
    ap.add_argument("--p", type=float, default=0.0)
    ap.add_argument("--duration", type=float, default=1.0, help="simulated seconds")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--build-dir", required=True)
    return ap.parse_args()


def build(n, p):
    """The CUBA network and the namespace its equations use."""
    ns = dict(taum=20 * ms, taue=5 * ms, taui=10 * ms, Vt=-50 * mV, Vr=-60 * mV, El=-49 * mV,
              we=60 * 0.27 / 10 * mV, wi=-20 * 4.5 / 10 * mV, n_exc=n * 4 // 5)
    eqs = """
    dv/dt  = (ge + gi - (v - El)) / taum : volt (unless refractory)
    dge/dt = -ge / taue : volt
    dgi/dt = -gi / taui : volt
    """
    group = b2.NeuronGroup(n, eqs, threshold="v > Vt", reset="v = Vr", refractory=5 * ms,
                           method="exact", namespace=ns)
    group.v = "Vr + rand() * (Vt - Vr)"
    group.ge = 0 * mV
    group.gi = 0 * mV
    exc = b2.Synapses(group, group, on_pre="ge += we", namespace=ns)
    inh = b2.Synapses(group, group, on_pre="gi += wi", namespace=ns)
    # Self-connections included, as spikeflow's FixedProbability.
    exc.connect("i < n_exc", p=p)
    inh.connect("i >= n_exc", p=p)
    # record=False counts spikes without storing them, as spikeflow's
    # SpikeCount op does.
    mon = b2.SpikeMonitor(group, record=False)
    return b2.Network(group, exc, inh, mon), mon, (exc, inh), ns


def run_runtime(args, p):
    """cython or numpy: code is generated and compiled inside net.run."""
    cache = os.path.join(args.build_dir, "cython_cache")
    os.makedirs(cache, exist_ok=True)
    b2.prefs.codegen.target = args.target
    b2.prefs.codegen.runtime.cython.cache_dir = cache
    b2.defaultclock.dt = 0.1 * ms
    b2.seed(args.seed)
    t0 = time.perf_counter()
    net, mon, syns, ns = build(args.n, p)
    t1 = time.perf_counter()
    net.run(args.duration * second, namespace=ns)
    t2 = time.perf_counter()
    # Network.run times its loop with time.time() around the loop alone and
    # stores it in device._last_run_time; what else run() did is before_run
    # (code generation, Cython compilation or cache loading) and after_run.
    loop = b2.get_device()._last_run_time
    return dict(loop_s=loop, loop_clock="wall", compile_s=(t2 - t1) - loop, build_s=t1 - t0,
                total_s=t2 - t0, spikes=int(mon.num_spikes), synapses=sum(len(s) for s in syns))


def run_standalone(args, p):
    """cpp_standalone: net.run only records; device.build generates and
    compiles the project without running it (run=False), so compile_s is
    code generation + make alone; then device.run executes the binary."""
    project = os.path.join(args.build_dir, "cpp_standalone")
    b2.set_device("cpp_standalone", build_on_run=False, directory=project)
    b2.defaultclock.dt = 0.1 * ms
    b2.seed(args.seed)
    t0 = time.perf_counter()
    net, mon, syns, ns = build(args.n, p)
    net.run(args.duration * second, namespace=ns)
    t1 = time.perf_counter()
    # clean=False: make rebuilds only what changed, and Brian2 rewrites only
    # the files whose content changed, so runs after the first reuse the
    # objects; the first run in a fresh --build-dir pays the full compile.
    b2.device.build(directory=project, compile=True, run=False, clean=False)
    t2 = time.perf_counter()
    b2.device.run(directory=project, with_output=False, run_args=[])
    t3 = time.perf_counter()
    # The binary's Network::run times the loop alone (connect and
    # initialization come before it) and writes it to
    # results/last_run_info.txt, read back as device._last_run_time. Without
    # OpenMP (the default), Brian2 2.5 measures it with std::clock(): the
    # process's CPU time, which equals wall time for this single-threaded
    # loop unless the machine preempts it (then it is lower than wall time).
    # run_s is the binary's wall time, an upper bound on the loop.
    loop = b2.device._last_run_time
    return dict(loop_s=loop, loop_clock="process-cpu", compile_s=t2 - t1, build_s=t1 - t0,
                run_s=t3 - t2, total_s=t3 - t0, spikes=int(mon.num_spikes),
                synapses=sum(int(len(s)) for s in syns))


def main():
    args = parse_args()
    os.makedirs(args.build_dir, exist_ok=True)
    p = args.p if args.p > 0 else min(1.0, 80.0 / args.n)
    if args.target == "cpp_standalone":
        out = run_standalone(args, p)
    else:
        out = run_runtime(args, p)
    rate = out["spikes"] / args.n / args.duration if args.n and args.duration else 0.0
    out.update(rate_hz=rate, n=args.n, p=p, duration_s=args.duration, seed=args.seed,
               target=args.target, peer="brian2", version=b2.__version__, import_s=import_s)
    sys.stdout.write(json.dumps(out, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
