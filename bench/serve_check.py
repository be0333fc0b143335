#!/usr/bin/env python3
"""Checks the answers of `rondo serve` to a stream made by serve_gen.py.

usage: serve_check.py STREAM EXPECT ANSWERS [--check-plan PATH] [--every N]

ANSWERS must hold exactly one line per expected answer (EXPECT, one line per
non-blank request line of STREAM), in order, and nothing else. Each answer
must be one JSON object on its line; its "id" must be the request's (absent
when EXPECT says "-"), its "code" the expected one; an error answer has
exactly the members id (optional), code and a non-empty error string; a code
0 answer has summary, unassigned and routes, and with --check-plan the
checker (../shared/tools/check_plan.py) must say OK for it against its
request (every N-th valid answer with --every N, default every one).

Prints one line per malformed kind (`kind: N tried, N error answers`) and
`answers: A valid, B errors, C checked by check_plan.py`; the last line is
`OK` or `FAIL <first problems>`. Exit status 0 when everything matched.
"""
import argparse
import collections
import contextlib
import importlib.util
import io
import json
import os
import sys
import tempfile


def load_checker(path):
    spec = importlib.util.spec_from_file_location("check_plan", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("stream")
    ap.add_argument("expect")
    ap.add_argument("answers")
    ap.add_argument("--check-plan")
    ap.add_argument("--every", type=int, default=1)
    a = ap.parse_args()
    with open(a.stream, "rb") as f:
        requests = [l for l in f.read().split(b"\n") if l.strip(b" \t\r")]
    expect = [l.split(" ", 2) for l in open(a.expect).read().splitlines()]
    with open(a.answers, "rb") as f:
        raw = f.read()
    problems = []
    if raw and not raw.endswith(b"\n"):
        problems.append("the last answer does not end with a newline")
    answers = raw.split(b"\n")[:-1] if raw.endswith(b"\n") else raw.split(b"\n")
    if len(requests) != len(expect):
        problems.append(f"the stream has {len(requests)} requests, EXPECT {len(expect)}")
    if len(answers) != len(expect):
        problems.append(f"{len(answers)} answers for {len(expect)} requests")
    checker = load_checker(a.check_plan) if a.check_plan else None
    tried = collections.Counter()
    answered = collections.Counter()
    n_valid = n_err = n_checked = 0
    tmp = tempfile.mkdtemp()
    for i, (exp, ans) in enumerate(zip(expect, answers)):
        kind, code, shown = exp[0], int(exp[1]), exp[2]
        where = f"answer {i + 1} ({kind})"
        try:
            d = json.loads(ans)
        except ValueError as e:
            problems.append(f"{where}: not JSON ({e}): {ans[:120]!r}")
            continue
        if not isinstance(d, dict):
            problems.append(f"{where}: not an object")
            continue
        if shown == "-":
            if "id" in d:
                problems.append(f"{where}: has id {d['id']!r}, none expected")
        elif "id" not in d or json.dumps(d["id"]) != json.dumps(json.loads(shown)):
            problems.append(f"{where}: id {d.get('id', '(none)')!r}, want {shown}")
        if d.get("code") != code:
            problems.append(f"{where}: code {d.get('code')!r}, want {code}: {ans[:200]!r}")
            continue
        if kind != "valid":
            tried[kind] += 1
            if set(d) - {"id"} == {"code", "error"} and isinstance(d["error"], str) and d["error"]:
                answered[kind] += 1
                n_err += 1
            else:
                problems.append(f"{where}: not an error answer: {ans[:200]!r}")
            continue
        if not all(k in d for k in ("summary", "unassigned", "routes")):
            problems.append(f"{where}: no summary/unassigned/routes")
            continue
        n_valid += 1
        if checker and (n_valid - 1) % a.every == 0:
            rin, rout = os.path.join(tmp, "in.json"), os.path.join(tmp, "out.json")
            with open(rin, "wb") as f:
                f.write(requests[i])
            with open(rout, "wb") as f:
                f.write(ans)
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                rc = checker.main([rin, rout])
            n_checked += 1
            if rc != 0:
                problems.append(f"{where}: check_plan.py: {out.getvalue().strip()[:300]}")
    for kind in sorted(tried):
        print(f"{kind}: {tried[kind]} tried, {answered[kind]} error answers")
    print(f"answers: {n_valid} valid, {n_err} errors, {n_checked} checked by check_plan.py")
    if problems:
        print("FAIL " + " | ".join(problems[:10]) + (f" | (+{len(problems) - 10} more)"
                                                      if len(problems) > 10 else ""))
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
