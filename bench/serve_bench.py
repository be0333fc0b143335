#!/usr/bin/env python3
"""Measures `rondo serve`: latency, throughput, resident memory, malformed lines.

usage: serve_bench.py [--rondo BIN] [--sizes 20,100,500] [--requests 200,100,30]
                      [--iterations 20] [--threads N] [--mem-count 10000]
                      [--mem-stops 12] [--shared DIR] [--seed S]

1. Latency: for each size K (stops per request) one `rondo serve -q
   --iterations N` process gets the given number of distinct random requests
   (bench/serve_gen.py's problems, K jobs with a full matrix) one at a time:
   a request is written, then its answer read, so each latency is the time
   from the request's first byte to its answer's newline. Prints the median,
   95th percentile and maximum latency, requests per second (requests / total
   time), the request size, and the process's resident memory after the
   first and the last answer and 0.6 s later (idle: free memory given back).
   Every answer must have code 0 (the first of each size is also checked by
   check_plan.py).
2. Memory and malformed lines: a stream of --mem-count small requests
   (--mem-stops stops, 10% malformed of every kind of serve_gen.py, blank
   lines) is written through a pipe while a thread reads the answers; VmRSS
   of the process is read after 100, 1,000, 5,000 and the last answers. The
   answers are then checked by serve_check.py (one valid answer in 50 by
   check_plan.py) and the count of each malformed kind tried / answered with
   an error is printed.
"""
import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serve_gen  # noqa: E402


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, int(round(q * (len(xs) - 1)))))]


def latency(a, stops, n, checker):
    rng = random.Random(a.seed * 1000 + stops)
    reqs = []
    for i in range(n):
        d = serve_gen.problem(rng, stops, 0)
        reqs.append(serve_gen.compact({"id": i, **d}).encode() + b"\n")
    cmd = [a.rondo, "serve", "-q"] + (["--iterations", str(a.iterations)] if a.iterations else [])
    if a.threads:
        cmd += ["--threads", str(a.threads)]
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    lat, first = [], None
    t_all = time.perf_counter()
    for i, r in enumerate(reqs):
        t0 = time.perf_counter()
        p.stdin.write(r)
        p.stdin.flush()
        ans = p.stdout.readline()
        lat.append(time.perf_counter() - t0)
        d = json.loads(ans)
        if d.get("code") != 0 or d.get("id") != i:
            sys.exit(f"{stops} stops, request {i}: bad answer {ans[:200]!r}")
        if i == 0:
            first, rss0 = ans, rss_kb(p.pid)
    total = time.perf_counter() - t_all
    rss = rss_kb(p.pid)
    time.sleep(0.6)  # the service returns free memory after 200 ms without input
    rss_idle = rss_kb(p.pid)
    p.stdin.close()
    p.wait()
    verdict = "-"
    if checker:
        with tempfile.TemporaryDirectory() as t:
            fi, fo = os.path.join(t, "in.json"), os.path.join(t, "out.json")
            open(fi, "wb").write(reqs[0])
            open(fo, "wb").write(first)
            verdict = subprocess.run([sys.executable, checker, fi, fo], capture_output=True,
                                     text=True).stdout.split(" ")[0].strip()
    print(f"{stops:5d} stops  {n:4d} requests  {len(reqs[0]) / 1024:8.1f} KiB  "
          f"median {statistics.median(lat) * 1000:7.1f} ms  p95 {pct(lat, 0.95) * 1000:7.1f} ms  "
          f"max {max(lat) * 1000:7.1f} ms  {n / total:6.1f} req/s  "
          f"RSS after 1: {rss0 / 1024:5.1f} MiB, after {n}: {rss / 1024:5.1f} MiB, "
          f"idle: {rss_idle / 1024:5.1f} MiB  "
          f"check_plan {verdict}", flush=True)


def memory(a, checker):
    t = tempfile.mkdtemp()
    stream, expect, answers = (os.path.join(t, x) for x in ("stream", "expect", "answers"))
    subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "serve_gen.py"),
                    "--count", str(a.mem_count), "--stops", str(a.mem_stops), "--seed",
                    str(a.seed), "--max-line", "8192", "--out", stream, "--expect", expect],
                   check=True)
    n_exp = sum(1 for _ in open(expect))
    cmd = [a.rondo, "serve", "-q", "--max-line", "8192"]
    cmd += ["--iterations", str(a.iterations)] if a.iterations else []
    if a.threads:
        cmd += ["--threads", str(a.threads)]
    out = open(answers, "wb")
    err = open(os.path.join(t, "stderr"), "wb")
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err)
    marks = sorted({m for m in (100, 1000, 5000, n_exp - 1) if 0 < m < n_exp})
    samples = []

    def reader():
        k = 0
        for line in p.stdout:
            out.write(line)
            k += 1
            if marks and k == marks[0]:
                samples.append((k, rss_kb(p.pid)))
                marks.pop(0)

    th = threading.Thread(target=reader)
    th.start()
    t0 = time.perf_counter()
    with open(stream, "rb") as f:
        data = f.read()
    p.stdin.write(data)
    p.stdin.flush()
    # The last line has no newline: it is answered at end of input, so the
    # sample after n - 1 answers is taken while the process still runs.
    while marks and th.is_alive():
        time.sleep(0.01)
    p.stdin.close()
    th.join()
    rc = p.wait()
    total = time.perf_counter() - t0
    out.close()
    err.close()
    n_err = sum(1 for l in open(os.path.join(t, "stderr"), "rb") if l.startswith(b"rondo: error: "))
    print(f"memory: {a.mem_count} requests of {a.mem_stops} stops, exit {rc}, {total:.1f} s "
          f"({a.mem_count / total:.0f} req/s pipelined), {n_err} error lines on stderr")
    for k, kb in samples:
        print(f"  VmRSS after {k:6d} answers: {kb:7d} kB")
    cmd = [sys.executable, os.path.join(os.path.dirname(__file__), "serve_check.py"), stream,
           expect, answers, "--every", "50"]
    if checker:
        cmd += ["--check-plan", checker]
    r = subprocess.run(cmd, capture_output=True, text=True)
    print("  " + r.stdout.strip().replace("\n", "\n  "))
    return rc == 0 and r.returncode == 0


def main():
    ap = argparse.ArgumentParser()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--rondo", default=os.path.join(root, "build/release/rondo"))
    ap.add_argument("--sizes", default="20,100,500")
    ap.add_argument("--requests", default="200,100,30")
    ap.add_argument("--iterations", type=int, default=20, help="0: the service's default")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--mem-count", type=int, default=10000)
    ap.add_argument("--mem-stops", type=int, default=12)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--shared", default=os.path.join(root, "..", "shared"))
    a = ap.parse_args()
    checker = os.path.join(a.shared, "tools", "check_plan.py")
    checker = checker if os.path.exists(checker) else None
    sizes = [int(x) for x in a.sizes.split(",") if x]
    counts = [int(x) for x in a.requests.split(",") if x]
    for s, n in zip(sizes, counts):
        latency(a, s, n, checker)
    ok = memory(a, checker) if a.mem_count > 0 else True
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
