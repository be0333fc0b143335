#!/usr/bin/env python3
"""Summarises the set-partitioning lines that `rondo bench` writes on stderr.

usage: sp_summary.py BENCH_STDERR...

Per file: instances, ILP calls, calls that improved the incumbent and by how
much in all (mean over instances, % of the final cost), the ILP's
share of the time (min/median/max over instances), pool sizes and routes
offered (min-max), and search rounds in total.
"""
import re
import statistics
import sys

LINE = re.compile(
    r"bench (\S+): (\d+) rounds; set partitioning: (\d+) calls, (\d+) improved"
    r"(?: \(by (\d+) = ([\d.]+)% in all\))?, "
    r"([\d.]+) s \((\d+)%\), pool (\d+) routes of (\d+) offered"
)


def main(paths):
    for path in paths:
        rows = []
        logged = False  # older logs have no gain
        with open(path, encoding="utf-8") as f:
            for line in f:
                m = LINE.search(line)
                if m:
                    logged = logged or m.group(5) is not None
                    rows.append([m.group(1)] + [float(x or 0) for x in m.groups()[1:]])
        if not rows:
            print(f"{path}: no set-partitioning lines")
            continue
        calls = sum(r[2] for r in rows)
        improved = sum(r[3] for r in rows)
        gain = [r[5] for r in rows]  # % of the final cost (0: not logged)
        share = [r[7] for r in rows]
        pool = [r[8] for r in rows]
        offered = [r[9] for r in rows]
        took = (
            f"taking {statistics.mean(gain):.3f} % off the final cost per instance on average"
            if logged
            else "gain not logged"
        )
        print(
            f"{path}: {len(rows)} instances, {calls:.0f} calls, {improved:.0f} improved "
            f"({100 * improved / calls if calls else 0:.0f} %), {took}, time share "
            f"{min(share):.0f}/{statistics.median(share):.0f}/{max(share):.0f} % (min/median/max), "
            f"pool {min(pool):.0f}-{max(pool):.0f} routes of {min(offered):.0f}-{max(offered):.0f} "
            f"offered, {sum(r[1] for r in rows):.0f} rounds"
        )


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
