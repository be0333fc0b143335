"""Tests of the Python module (python3 -m unittest discover -s python/tests).

The environment names what to test: RONDO_LIBRARY (librondo.so.0) and
RONDO_PROGRAM (the `rondo` binary, for the plans the CLI gives); without
them the build tree's build/release is used. Plans are checked with the
outside checkers in ../shared/tools when they are there. No network."""

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(SRC, "python"))
os.environ.setdefault("RONDO_LIBRARY", os.path.join(SRC, "build", "release", "librondo.so.0"))
PROGRAM = os.environ.get("RONDO_PROGRAM", os.path.join(SRC, "build", "release", "rondo"))
TOOLS = os.path.normpath(os.path.join(SRC, "..", "shared", "tools"))

import rondo  # noqa: E402

CITY = os.path.join(SRC, "instances", "city-example.json")
VRP = os.path.join(SRC, "instances", "X-n101-k25.vrp")
SOLOMON = os.path.join(SRC, "instances", "C101.txt")


def cli(*args):
    return subprocess.run([PROGRAM, *args], check=True, capture_output=True, text=True).stdout


def routes_of_sol(text):
    return [line for line in text.splitlines() if line.startswith("Route #")]


def strip_times(answer):
    """An answer without its wall-clock figures (computing_times)."""
    a = json.loads(json.dumps(answer))
    a["summary"].pop("computing_times", None)
    return a


class SolveTest(unittest.TestCase):
    def test_city_same_as_cli(self):
        answer = rondo.solve(CITY, iterations=40, seed=4, threads=2)
        self.assertEqual(answer["code"], 0)
        self.assertGreater(len(answer["routes"]), 0)
        out = json.loads(cli("solve", CITY, "--iterations", "40", "--seed", "4", "-t", "2", "-q"))
        self.assertEqual(strip_times(answer), strip_times(out))

    def test_overloaded_city_checked(self):
        """A generated city with matrices whose fleet cannot serve every stop:
        the plan is the CLI's and the outside checker accepts it."""
        with tempfile.TemporaryDirectory() as d:
            inp = os.path.join(d, "city.json")
            cli("generate", "--stations", "60", "--tradeins", "20", "--trucks", "1", "--vans", "1",
                "--seed", "5", "--matrix", "--no-reloads", "-o", inp)
            answer = rondo.solve(inp, iterations=30, seed=2)
            self.assertGreater(len(answer["unassigned"]), 0)
            for u in answer["unassigned"]:
                self.assertTrue(u["reason"])
            out = json.loads(cli("solve", inp, "--iterations", "30", "--seed", "2", "-q"))
            self.assertEqual(strip_times(answer), strip_times(out))
            checker = os.path.join(TOOLS, "check_plan.py")
            if os.path.exists(checker):
                plan = os.path.join(d, "plan.json")
                with open(plan, "w") as f:
                    json.dump(answer, f)
                v = subprocess.run([sys.executable, checker, inp, plan], capture_output=True,
                                   text=True)
                self.assertTrue(v.stdout.startswith("OK"), v.stdout + v.stderr)

    def test_dict_and_string_inputs(self):
        with open(CITY) as f:
            problem = json.load(f)
        a = rondo.solve(problem, iterations=10, seed=2)
        b = rondo.solve(json.dumps(problem), iterations=10, seed=2)
        self.assertEqual(strip_times(a), strip_times(b))
        jobs = sum(1 for r in a["routes"] for s in r["steps"] if s["type"] == "job")
        self.assertEqual(jobs + len(a["unassigned"]), len(problem["jobs"]))

    def test_vrp_same_as_cli(self):
        answer = rondo.solve(VRP, iterations=60, seed=7)
        sol = cli("solve", VRP, "--iterations", "60", "--seed", "7", "-q")
        self.assertEqual(routes_of_sol(answer["sol"]), routes_of_sol(sol))
        self.assertIn("Cost %d" % answer["summary"]["cost"], sol)
        # the JSON routes are the .sol's routes
        lines = ["Route #%d: %s" % (k + 1, " ".join(str(s["id"]) for s in r["steps"]
                                                    if s["type"] == "job"))
                 for k, r in enumerate(answer["routes"])]
        self.assertEqual(lines, routes_of_sol(sol))
        if os.path.exists(os.path.join(TOOLS, "check_solution.py")):
            with tempfile.NamedTemporaryFile("w", suffix=".sol", delete=False) as f:
                f.write(answer["sol"])
            try:
                v = subprocess.run([sys.executable, os.path.join(TOOLS, "check_solution.py"),
                                    VRP, f.name], capture_output=True, text=True)
                self.assertTrue(v.stdout.startswith("OK"), v.stdout + v.stderr)
            finally:
                os.unlink(f.name)

    def test_read_then_solve_twice(self):
        with rondo.read(SOLOMON) as p:
            a = p.solve(iterations=20, seed=1)
            b = p.solve(iterations=20, seed=1)
        self.assertEqual(a["summary"], b["summary"])
        self.assertEqual(a["summary"]["unassigned"], 0)

    def test_version(self):
        self.assertEqual(rondo.version(), cli("--version").split()[1])


class ErrorTest(unittest.TestCase):
    def test_bad_field_named(self):
        bad = {"vehicles": [{"id": 1, "start_index": 0, "capacity": [-4]}],
               "jobs": [{"id": 1, "location_index": 1}],
               "matrices": {"car": {"durations": [[0, 1], [1, 0]]}}}
        with self.assertRaises(rondo.InputError) as cm:
            rondo.solve(bad)
        self.assertIn("vehicles[0].capacity", str(cm.exception))
        self.assertEqual(cm.exception.code, 2)

    def test_time_window_ends_before_start(self):
        bad = {"vehicles": [{"id": 1, "start_index": 0}],
               "jobs": [{"id": 7, "location_index": 1, "time_windows": [[50, 10]]}],
               "matrices": {"car": {"durations": [[0, 1], [1, 0]]}}}
        with self.assertRaises(rondo.InputError) as cm:
            rondo.solve(bad)
        self.assertIn("jobs[0].time_windows[0]", str(cm.exception))

    def test_truncated_vrp_names_file(self):
        path = os.path.join(SRC, "tests", "fixtures", "truncated.vrp")
        with self.assertRaises(rondo.InputError) as cm:
            rondo.read(path)
        self.assertIn("truncated.vrp", str(cm.exception))

    def test_missing_file(self):
        with self.assertRaises(rondo.InputError):
            rondo.solve("/nonexistent/problem.vrp")

    def test_bad_option(self):
        with self.assertRaises(ValueError):
            rondo.solve(VRP, time_limit=-1)
        with self.assertRaises(TypeError):
            rondo.solve(42)


class InterruptTest(unittest.TestCase):
    def test_ctrl_c_returns_best_plan(self):
        """SIGINT during a 60 s solve: the plan so far, flagged interrupted."""
        timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
        t0 = time.monotonic()
        timer.start()
        try:
            answer = rondo.solve(VRP, time_limit=60, threads=2)
        finally:
            timer.cancel()
        self.assertLess(time.monotonic() - t0, 10)
        self.assertTrue(answer.get("interrupted"))
        self.assertEqual(answer["summary"]["unassigned"], 0)
        self.assertIn("Cost ", answer["sol"])


if __name__ == "__main__":
    unittest.main()
