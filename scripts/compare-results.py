#!/usr/bin/env python3
"""How close two or more outputs of one experiment are: for each NAME in DIR with NAME.cuda-a,
NAME.cuda-b and NAME.cpu (scripts/gpu-check's quick runs), whether the two GPU runs' results.csv are
byte-identical, the largest differences between them and from the CPU's, and whether claims.csv
gives the same verdicts. An experiment that refused the GPU is listed with its reason.
Usage: python3 scripts/compare-results.py DIR"""
import csv
import math
import os
import sys


def results(folder):
    path = os.path.join(folder, "results.csv")
    if not os.path.exists(path):
        return None
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return {tuple(r[:4]): float(r[4]) for r in rows[1:] if len(r) > 4}


def verdicts(folder):
    path = os.path.join(folder, "claims.csv")
    if not os.path.exists(path):
        return {}
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    key = next((k for k in ("verdict", "holds") if rows and k in rows[0]), None)
    return {i: r[key] for i, r in enumerate(rows)} if key else {}


def differences(a, b):
    """(keys only in one, values differing, largest absolute difference, largest relative difference)."""
    keys = set(a) | set(b)
    missing = sum(1 for k in keys if k not in a or k not in b)
    differ, abs_max, rel_max = 0, 0.0, 0.0
    for k in set(a) & set(b):
        x, y = a[k], b[k]
        if x == y or (math.isnan(x) and math.isnan(y)):
            continue
        differ += 1
        d = abs(x - y)
        if math.isfinite(d):
            abs_max = max(abs_max, d)
            rel_max = max(rel_max, d / max(abs(x), abs(y), 1e-12))
        else:
            abs_max = rel_max = math.inf
    return missing, differ, abs_max, rel_max


def main(root):
    names = open(os.path.join(root, "experiments")).read().split()
    for name in names:
        a_dir, b_dir, cpu_dir = (os.path.join(root, f"{name}.{tag}") for tag in ("cuda-a", "cuda-b", "cpu"))
        a = results(a_dir)
        if a is None:
            log = os.path.join(root, f"{name}.cuda-a.log")
            last = open(log).read().strip().splitlines()[-1:] if os.path.exists(log) else ["no log"]
            print(f"{name}: no GPU result: {last[0] if last else ''}")
            continue
        finite = sum(1 for v in a.values() if math.isfinite(v))
        line = f"{name}: {len(a)} values on cuda ({len(a) - finite} not finite)"
        b = results(b_dir)
        if b is not None:
            identical = open(os.path.join(a_dir, "results.csv"), "rb").read() == open(os.path.join(b_dir, "results.csv"), "rb").read()
            missing, differ, abs_max, rel_max = differences(a, b)
            line += "; cuda twice: " + ("byte-identical" if identical else
                                         f"{differ} values differ (largest {abs_max:.3g} absolute, {rel_max:.3g} relative), {missing} rows in one only")
        cpu = results(cpu_dir)
        if cpu is not None:
            missing, differ, abs_max, rel_max = differences(a, cpu)
            line += (f"; vs CPU: {len(a) - differ - missing} of {len(a)} values equal, largest difference {abs_max:.3g} "
                     f"absolute, {rel_max:.3g} relative, {missing} rows in one only")
            va, vc = verdicts(a_dir), verdicts(cpu_dir)
            if va and vc:
                same = sum(1 for i in va if vc.get(i) == va[i])
                line += f"; claims: {same} of {len(va)} verdicts as on the CPU"
        print(line)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
