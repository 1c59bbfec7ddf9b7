#!/usr/bin/python3
"""Lasso on scikit-learn: the peer of spikeflow's LCA workload for
`spikeflow bench -peers`.

LCA (Rozell et al. 2007) settles to the minimizer of, for each signal s,
    E(a) = 1/2 ||s - D a||^2 + lambda ||a||_1
so the same problems solved by coordinate descent give both a reference
objective and a time to compare with. scikit-learn's Lasso minimizes
    1/(2 m) ||y - X w||^2 + alpha ||w||_1
over m samples; with X = D (m x k), y = s and alpha = lambda / m it is E/m,
the same minimizer. The Gram matrix D^T D is computed once and passed in
(precompute=Gram), as LCA's inhibition matrix is.

Problem file (written by Go, bench.WriteLassoProblem), little-endian:
    8 bytes   magic "SFLASSO1"
    uint32    m, signal length (dictionary rows)
    uint32    k, atoms (dictionary columns)
    uint32    n, signals
    float64   lambda
    float32   D, m x k, row-major
    float32   S, n x m, one signal after another

Prints ONE JSON line on stdout:
    loop_s     the coordinate-descent fits alone (all n signals)
    compile_s  0: nothing is compiled
    total_s    reading the file, the Gram matrix, the fits and the objective
    objective  the mean of E over the signals at the solution
    nonzero    the mean number of nonzero coefficients
    m, k, n, lambda, tol, peer ("sklearn"), version (scikit-learn's)

Usage: lasso_sklearn.py --problem=FILE [--tol=1e-10]
"""
import argparse
import json
import struct
import sys
import time

import numpy as np
import sklearn
from sklearn.linear_model import Lasso

MAGIC = b"SFLASSO1"
HEADER = struct.Struct("<8sIIId")


def read_problem(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < HEADER.size:
        raise ValueError(f"{path}: {len(data)} bytes, shorter than the {HEADER.size}-byte header")
    magic, m, k, n, lam = HEADER.unpack_from(data)
    if magic != MAGIC:
        raise ValueError(f"{path}: magic {magic!r}, want {MAGIC!r}")
    want = HEADER.size + 4 * (m * k + n * m)
    if len(data) != want:
        raise ValueError(f"{path}: {len(data)} bytes, want {want} for m={m} k={k} n={n}")
    body = np.frombuffer(data, dtype="<f4", offset=HEADER.size)
    d = body[: m * k].reshape(m, k).astype(np.float64)
    s = body[m * k:].reshape(n, m).astype(np.float64)
    return d, s, lam


def objective(d, s, a, lam):
    """Mean over signals of 1/2 ||s - D a||^2 + lambda ||a||_1; a is n x k."""
    r = s - a @ d.T
    return float(np.mean(0.5 * np.sum(r * r, axis=1) + lam * np.sum(np.abs(a), axis=1)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--problem", required=True)
    # The dual-gap tolerance, relative to ||y||^2 / m: tight enough that
    # the objective is within 1e-4 of the optimum, the bar LCA is held to.
    ap.add_argument("--tol", type=float, default=1e-10)
    args = ap.parse_args()

    t0 = time.perf_counter()
    d, s, lam = read_problem(args.problem)
    m, k = d.shape
    n = s.shape[0]
    gram = d.T @ d
    model = Lasso(alpha=lam / m, fit_intercept=False, precompute=gram, tol=args.tol,
                  max_iter=100000, selection="cyclic")
    t1 = time.perf_counter()
    # y as m x n: scikit-learn fits the n targets one after another with
    # the same Gram matrix; coef_ comes back n x k.
    model.fit(d, s.T)
    t2 = time.perf_counter()
    a = np.atleast_2d(model.coef_)
    obj = objective(d, s, a, lam)
    t3 = time.perf_counter()
    out = dict(loop_s=t2 - t1, compile_s=0.0, total_s=t3 - t0, objective=obj,
               nonzero=float(np.mean(np.count_nonzero(a, axis=1))), m=m, k=k, n=n,
               tol=args.tol, peer="sklearn", version=sklearn.__version__)
    out["lambda"] = lam
    sys.stdout.write(json.dumps(out, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
