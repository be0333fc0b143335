#!/usr/bin/env python3
"""Matrix building time (issue #7): N locations offline (PROJ geodesics) and
through the loopback routing server (tests/router_server.py) in blocks.

For each N it writes a problem with one vehicle and N - 1 jobs at coordinates
scattered around the server's road grid (each within 0.002 degrees of a grid
node, so every one snaps to a road), runs

    rondo solve P.json --iterations 1 -t 1 -q                       (offline)
    rondo solve P.json -r API -a 127.0.0.1 -p PORT --iterations 1 -t 1 -q

and reports the answer's computing_times.loading (reading the input and
building the matrices, milliseconds) and the process's wall time.

usage: bench/matrix_time.py RONDO [N ...] [--api osrm|valhalla|ors] [--table-limit L]
       (default N: 1000 5000; run from the repository root)
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = os.path.join(HERE, "..", "tests", "router_server.py")
LON0, LAT0, STEP, W, H = 4.30, 50.80, 0.01, 6, 5  # tests/router_server.py's grid


def problem(n, seed):
    rng = random.Random(seed)

    def point():
        x, y = rng.randrange(W), rng.randrange(H)
        return [round(LON0 + STEP * x + rng.uniform(-0.002, 0.002), 6),
                round(LAT0 + STEP * y + rng.uniform(-0.002, 0.002), 6)]

    return {"vehicles": [{"id": 1, "start": [LON0, LAT0], "end": [LON0, LAT0]}],
            "jobs": [{"id": i + 1, "location": point()} for i in range(n - 1)]}


def run(cmd):
    t0 = time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - t0
    if p.returncode != 0:
        sys.exit("failed (exit %d): %s\n%s" % (p.returncode, " ".join(cmd), p.stderr[-2000:]))
    ans = json.loads(p.stdout)
    return ans["summary"]["computing_times"]["loading"], wall


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rondo")
    ap.add_argument("n", nargs="*", type=int, default=[1000, 5000])
    ap.add_argument("--api", default="osrm", choices=["osrm", "valhalla", "ors"])
    ap.add_argument("--table-limit", type=int, default=100)
    ap.add_argument("--connections", type=int, default=4)
    a = ap.parse_args()
    srv = subprocess.Popen([sys.executable, SERVER, "--exit-on-eof"], stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE, text=True)
    port = srv.stdout.readline().strip()
    print("| locations | offline loading (ms) | offline wall (s) | %s, limit %d, %d connections: loading (ms) | wall (s) | blocks |"
          % (a.api, a.table_limit, a.connections))
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in a.n:
            path = os.path.join(tmp, "p%d.json" % n)
            with open(path, "w") as f:
                json.dump(problem(n, n), f)
            base = [a.rondo, "solve", path, "--iterations", "1", "-t", "1", "-q"]
            off_ms, off_wall = run(base)
            on_ms, on_wall = run(base + ["-r", a.api, "-a", "127.0.0.1", "-p", port,
                                            "--table-limit", str(a.table_limit),
                                            "--router-connections", str(a.connections)])
            half = max(a.table_limit // 2, 1)
            blocks = ((n + half - 1) // half) ** 2 if n > a.table_limit else 1
            print("| %d | %d | %.2f | %d | %.2f | %d |" % (n, off_ms, off_wall, on_ms, on_wall, blocks))
            sys.stdout.flush()
    srv.stdin.close()
    srv.wait()


if __name__ == "__main__":
    main()
