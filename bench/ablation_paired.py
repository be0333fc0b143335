#!/usr/bin/env python3
"""Paired comparison of `rondo bench` tables: two configurations, same seeds.

usage: ablation_paired.py A1 B1 [A2 B2 ...]

Each pair is the table of configuration A and of configuration B for one
seed (the stdout of `rondo bench`). For every instance in both tables of a
pair the difference of the gaps (B - A, in points) is one observation;
prints the number of pairs, their mean, standard deviation, standard error
and t (mean / standard error), and how often B was better, worse or equal.
A |t| well under 2 means the difference is not measured.
"""
import statistics
import sys


def gaps(path):
    """Instance -> gap in % (recomputed from cost and BKS)."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.split()
            if len(fields) < 6 or fields[0] == "instance":
                continue
            try:
                cost, bks = float(fields[2]), float(fields[3])
            except ValueError:
                continue  # an ERROR line or the summary
            if bks > 0:
                out[fields[0]] = 100.0 * (cost - bks) / bks
    return out


def main(paths):
    if len(paths) < 2 or len(paths) % 2:
        sys.exit(__doc__)
    diffs = []
    for a_path, b_path in zip(paths[0::2], paths[1::2]):
        a, b = gaps(a_path), gaps(b_path)
        diffs += [b[k] - a[k] for k in a if k in b]
    if len(diffs) < 2:
        sys.exit("fewer than two instances in common")
    mean = statistics.mean(diffs)
    sd = statistics.stdev(diffs)
    se = sd / len(diffs) ** 0.5
    t = mean / se if se > 0 else float("inf") if mean else 0.0
    print(
        f"{len(diffs)} pairs: mean difference (B - A) {mean:+.4f} points, sd {sd:.3f}, "
        f"standard error {se:.4f}, t {t:+.2f}; B better in {sum(d < 0 for d in diffs)}, "
        f"worse in {sum(d > 0 for d in diffs)}, equal in {sum(d == 0 for d in diffs)}"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
