#!/usr/bin/env python3
"""Request streams for `rondo serve` (tests/cli/serve.sh, bench/serve_bench.py).

usage: serve_gen.py [--count N] [--stops K] [--malformed F] [--seed S]
                    [--iterations N] [--blank F] [--max-line BYTES]
                    [--out STREAM] [--expect FILE]

Writes N request lines (newline-delimited JSON) to STREAM (default stdout):
random VROOM problems of K stops (jobs; a duration and a distance matrix over
K + 1 locations, every vehicle at location 0, capacities, time windows on
about half the jobs), each with a top-level "id" (integers, strings, a float,
true/false, null and some repeated ids, so that echoing is tested with every
scalar) or without one. With --iterations the requests carry
"options": {"iterations": N}.

A share F of the lines (default 0.1) is malformed, cycling through the kinds
in KINDS below (truncated JSON, not an object, missing vehicles, wrong type,
negative amount, unknown location_index, time window end < start, over-size
line, invalid UTF-8 / binary garbage, empty object, duplicate job ids,
duplicate keys, an id that is not a scalar, bad options, nothing to do, an
unsupported key); a share --blank of blank lines (whitespace only) is mixed
in; they get no answer. The over-size kind is --max-line + 1000 bytes of an
otherwise valid request (padding in a description), so the stream must be
served with `--max-line BYTES`.

--expect FILE gets one line per expected answer, in order:
"<kind> <code> <id as compact JSON, or -: no id in the answer>"
(kind "valid" for the good requests). The generator is deterministic for a
given seed.
"""
import argparse
import json
import math
import random
import sys

KINDS = [
    "truncated",       # a valid request cut short: JSON syntax error, no id
    "not_object",      # a JSON array, number or string: no id
    "no_vehicles",     # "vehicles" missing
    "wrong_type",      # vehicles[0].capacity is a string
    "negative_amount",  # jobs[0].delivery[0] < 0
    "unknown_location",  # jobs[0].location_index beyond the matrix
    "tw_reversed",     # jobs[0].time_windows[0] end < start
    "oversize",        # longer than --max-line: no id
    "garbage",         # invalid UTF-8 and binary bytes (NUL included): no id
    "empty_object",    # {}
    "duplicate_job_id",  # two jobs with the same id
    "duplicate_key",   # "jobs" twice in the top-level object: a syntax error, no id
    "bad_id",          # "id" is an array: refused, not echoed
    "bad_options",     # options.iterations = 0
    "nothing_to_do",   # no jobs, no shipments
    "unsupported",     # vehicles[0].reload_facilities: not supported yet
]


def problem(rng, stops, iterations):
    """A random valid VROOM problem with `stops` jobs (location 0 is the depot)."""
    pts = [(rng.uniform(0, 20000), rng.uniform(0, 20000)) for _ in range(stops + 1)]
    dist = [[int(math.hypot(a[0] - b[0], a[1] - b[1])) for b in pts] for a in pts]
    dur = [[d // 10 for d in row] for row in dist]  # 10 m/s
    n_veh = max(2, math.ceil(stops / 8))
    vehicles = [{"id": k + 1, "start_index": 0, "end_index": 0, "capacity": [20, 40],
                 "time_window": [0, 10 * 3600]} for k in range(n_veh)]
    jobs = []
    for i in range(1, stops + 1):
        j = {"id": 1000 + i, "location_index": i, "service": rng.choice((60, 120, 300)),
             "delivery": [rng.randint(0, 3), rng.randint(0, 5)],
             "pickup": [rng.randint(0, 3), rng.randint(0, 5)]}
        if rng.random() < 0.5:
            a = rng.randint(0, 7 * 3600)
            j["time_windows"] = [[a, a + rng.choice((3600, 7200))]]
        jobs.append(j)
    d = {"vehicles": vehicles, "jobs": jobs,
         "matrices": {"car": {"durations": dur, "distances": dist}}}
    if iterations:
        d["options"] = {"iterations": iterations}
    return d


def request_id(rng, i):
    """Some id (any JSON scalar), or None for a request without one."""
    r = i % 9
    if r == 0:
        return ("none",)
    if r == 1:
        return f"req-{i}"
    if r == 2:
        return 1.5 + i
    if r == 3:
        return i % 2 == 0
    if r == 4:
        return None  # "id": null
    if r == 5 and i > 20:
        return 100000 + i - 7  # also the id of an earlier integer request: repeated ids
    return 100000 + i


def compact(v):
    return json.dumps(v, separators=(",", ":"), ensure_ascii=False)


def malformed(rng, kind, base, rid, max_line):
    """The line (bytes) of a malformed request, and whether its id is echoed."""
    d = json.loads(json.dumps(base))
    if rid != ("none",):
        d = {"id": rid, **d}
    echo = True
    if kind == "truncated":
        s = compact(d).encode()
        return s[: len(s) // 2], False
    if kind == "not_object":
        return rng.choice([b"[1, 2, 3]", b"42", b'"vehicles"', b"null", b"true"]), False
    if kind == "no_vehicles":
        del d["vehicles"]
    elif kind == "wrong_type":
        d["vehicles"][0]["capacity"] = "lots"
    elif kind == "negative_amount":
        d["jobs"][0]["delivery"] = [-2, 1]
    elif kind == "unknown_location":
        d["jobs"][0]["location_index"] = len(d["matrices"]["car"]["durations"]) + 5
    elif kind == "tw_reversed":
        d["jobs"][0]["time_windows"] = [[5000, 4000]]
    elif kind == "oversize":
        d["jobs"][0]["description"] = "x" * (max_line + 1000)
        echo = False
    elif kind == "garbage":
        return bytes([0xFF, 0xFE, 0x00, 0x7B, 0x22, 0xC3, 0x28, 0x80]) + bytes(
            rng.randrange(1, 256) for _ in range(200)).replace(b"\n", b"\x01"), False
    elif kind == "empty_object":
        d = {"id": rid} if rid != ("none",) else {}
    elif kind == "duplicate_job_id":
        d["jobs"][1]["id"] = d["jobs"][0]["id"]
    elif kind == "duplicate_key":
        s = compact(d)
        return (s[:-1] + ',"jobs":[]}').encode(), False  # refused by the parser: no id
    elif kind == "bad_id":
        d["id"] = [1, 2]
        echo = False
    elif kind == "bad_options":
        d["options"] = {"iterations": 0}
    elif kind == "nothing_to_do":
        del d["jobs"]
    elif kind == "unsupported":
        d["vehicles"][0]["reload_facilities"] = [1]
    return compact(d).encode(), echo


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--stops", type=int, default=12)
    ap.add_argument("--malformed", type=float, default=0.1)
    ap.add_argument("--blank", type=float, default=0.02)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--iterations", type=int, default=0)
    ap.add_argument("--max-line", type=int, default=65536)
    ap.add_argument("--out")
    ap.add_argument("--expect")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    out = open(a.out, "wb") if a.out else sys.stdout.buffer
    exp = open(a.expect, "w") if a.expect else None
    # A few problems reused (the expensive part is the matrix), varied by the id.
    bases = [problem(rng, a.stops, a.iterations) for _ in range(8)]
    n_bad = 0
    for i in range(a.count):
        if rng.random() < a.blank:
            out.write(rng.choice([b"", b"   ", b"\t", b" \r"]) + b"\n")
        rid = request_id(rng, i)
        base = bases[i % len(bases)]
        # malformed lines at a steady rate: line i is bad when the running share falls behind
        if n_bad < a.malformed * (i + 1) - 0.5:
            kind = KINDS[n_bad % len(KINDS)]
            n_bad += 1
            line, echo = malformed(rng, kind, base, rid, a.max_line)
            code = 2
            shown = compact(rid) if echo and rid != ("none",) else "-"
        else:
            kind, code = "valid", 0
            d = dict(base) if rid == ("none",) else {"id": rid, **base}
            line = compact(d).encode()
            shown = compact(rid) if rid != ("none",) else "-"
        out.write(line + b"\n" if i + 1 < a.count else line)  # the last line: no newline
        if exp:
            exp.write(f"{kind} {code} {shown}\n")
    out.flush()
    if exp:
        exp.close()


if __name__ == "__main__":
    main()
