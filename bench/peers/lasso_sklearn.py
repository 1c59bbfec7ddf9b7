#!/usr/bin/env python3
"""scikit-learn peer for BenchmarkLCA: LASSO codes of a batch of signals.

Reads the problem that `go test ./layers -bench=LCA` writes when
SPIKEFLOW_LASSO_DATA names a directory (phi.f32: M x N float32 row-major,
x.f32: B x M float32 row-major, meta.json: B, M, N, lambda), or draws one
of the same kind (1000 signals of 10 atoms + 0.01 noise, 64 x 256 unit-norm
dictionary, lambda 0.1) when no directory is given. For each solver it
prints one JSON line: wall and CPU seconds, the mean objective
0.5 ||x - Phi a||^2 + lambda ||a||_1 and its relative gap to the tightest
solution.

    /usr/bin/python3 bench/peers/lasso_sklearn.py [DIR]

Run it with Debian's python3 (python3-sklearn). scikit-learn's Lasso
minimizes 1/(2 n) ||y - X w||^2 + alpha ||w||_1 with n = M samples, so
alpha = lambda / M gives the same minimizer.
"""
import json
import os
import sys
import time

import numpy as np
from sklearn.decomposition import sparse_encode
from sklearn.linear_model import Lasso


def load(path):
    meta = json.load(open(os.path.join(path, "meta.json")))
    b, m, n = meta["B"], meta["M"], meta["N"]
    phi = np.fromfile(os.path.join(path, "phi.f32"), dtype="<f4").reshape(m, n).astype(np.float64)
    x = np.fromfile(os.path.join(path, "x.f32"), dtype="<f4").reshape(b, m).astype(np.float64)
    return phi, x, meta["lambda"]


def draw(seed=0, b=1000, m=64, n=256, k=10, noise=0.01, lam=0.1):
    rng = np.random.default_rng(seed)
    phi = rng.standard_normal((m, n))
    phi /= np.linalg.norm(phi, axis=0)
    a = np.zeros((b, n))
    for s in range(b):
        a[s, rng.choice(n, k, replace=False)] = rng.standard_normal(k)
    return phi, a @ phi.T + noise * rng.standard_normal((b, m)), lam


def objective(phi, x, a, lam):
    r = x - a @ phi.T
    return 0.5 * (r * r).sum(axis=1) + lam * np.abs(a).sum(axis=1)


def timed(fn):
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w, time.process_time() - c


def main():
    phi, x, lam = load(sys.argv[1]) if len(sys.argv) > 1 else draw()
    m = phi.shape[0]
    gram = phi.T @ phi
    solvers = {
        "sklearn Lasso, precomputed Gram, tol 1e-12": lambda: Lasso(
            alpha=lam / m, fit_intercept=False, precompute=gram, tol=1e-12, max_iter=100000).fit(phi, x.T).coef_,
        "sklearn Lasso, precomputed Gram, default tol": lambda: Lasso(
            alpha=lam / m, fit_intercept=False, precompute=gram).fit(phi, x.T).coef_,
        "sklearn sparse_encode, defaults (lasso_lars)": lambda: sparse_encode(x, phi.T, alpha=lam),
    }
    runs = {name: timed(fn) for name, fn in solvers.items()}
    best = min((objective(phi, x, a, lam) for a, _, _ in runs.values()), key=lambda f: f.sum())
    for name, (a, wall, cpu) in runs.items():
        f = objective(phi, x, a, lam)
        print(json.dumps({"peer": name, "signals": len(x), "wall_s": round(wall, 4), "cpu_s": round(cpu, 4),
                          "objective_mean": round(float(f.mean()), 6),
                          "gap_mean": float((f.sum() - best.sum()) / best.sum()),
                          "gap_max": float(((f - best) / best).max())}))


if __name__ == "__main__":
    main()
