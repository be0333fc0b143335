"""rondo: route optimisation for collection rounds, from Python.

A thin, pure-Python wrapper (ctypes) over librondo, the C library of the
`rondo` program (rondo.h): nothing is compiled when it is installed.

    import rondo
    answer = rondo.solve("city.json", time_limit=10, threads=2, seed=1)
    print(answer["summary"]["cost"], len(answer["routes"]))

`problem` is a dict in VROOM's JSON schema (with rondo's extensions), a JSON
string, or the path of a file: VROOM JSON, CVRPLIB/VRPLIB .vrp or Solomon
.txt (recognised from the content). The answer is VROOM's JSON answer as a
dict; for a benchmark file a dict of the same shape in the instance's units,
with the CVRPLIB .sol text under "sol".

Errors raise rondo.Error (subclasses InputError, RoutingError) carrying
rondo's message, which names the field or line at fault, and `code`, the
exit code the `rondo` program gives for the same failure (2 for a bad input).

Ctrl-C (KeyboardInterrupt) during solve() stops the search and returns the
best plan found so far: its dict has "interrupted": True. A second Ctrl-C
while the search winds down raises KeyboardInterrupt.

The library is found through the environment variable RONDO_LIBRARY (a path
to librondo.so.0), else next to this package (a build tree's copy), else in
the system's library path (the Debian package puts it in /usr/lib).
"""

import ctypes
import json
import os
import threading

__all__ = ["solve", "read", "Problem", "Error", "InputError", "RoutingError", "version"]


class Error(Exception):
    """A failure reported by librondo: `code` is rondo's exit code (1 internal,
    2 input, 3 routing), `status` the C API's rondo_status."""

    def __init__(self, message, code=1, status=1):
        super().__init__(message)
        self.code = code
        self.status = status


class InputError(Error, ValueError):
    """The problem is malformed or inconsistent (rondo's exit code 2)."""


class RoutingError(Error):
    """Travel times could not be obtained (rondo's exit code 3)."""


_OK, _INTERNAL, _INPUT, _ROUTING, _NOMEM, _USAGE = range(6)
_ERR_RUNNING = -1  # (the wrapper's own: a second Ctrl-C left the search running)


def _find_library():
    env = os.environ.get("RONDO_LIBRARY")
    if env:
        return env
    here = os.path.dirname(os.path.abspath(__file__))
    for cand in (os.path.join(here, "librondo.so.0"),
                 os.path.join(here, "..", "..", "build", "release", "librondo.so.0")):
        if os.path.exists(cand):
            return cand
    return "librondo.so.0"


_lib = None
_lock = threading.Lock()


def _load():
    global _lib
    with _lock:
        if _lib is not None:
            return _lib
        lib = ctypes.CDLL(_find_library())
        P = ctypes.c_void_p
        sigs = {
            "rondo_version": (ctypes.c_char_p, []),
            "rondo_strerror": (ctypes.c_char_p, [ctypes.c_int]),
            "rondo_problem_from_json": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t,
                                                       ctypes.POINTER(P)]),
            "rondo_problem_from_file": (ctypes.c_int, [ctypes.c_char_p, ctypes.POINTER(P)]),
            "rondo_problem_free": (None, [P]),
            "rondo_errmsg": (ctypes.c_char_p, [P]),
            "rondo_set_time_limit": (ctypes.c_int, [P, ctypes.c_double]),
            "rondo_set_iterations": (ctypes.c_int, [P, ctypes.c_int64]),
            "rondo_set_threads": (ctypes.c_int, [P, ctypes.c_int]),
            "rondo_set_seed": (ctypes.c_int, [P, ctypes.c_uint64]),
            "rondo_set_exact": (ctypes.c_int, [P, ctypes.c_int]),
            "rondo_set_bound": (ctypes.c_int, [P, ctypes.c_int, ctypes.c_double]),
            "rondo_solve": (ctypes.c_int, [P]),
            "rondo_cancel": (None, [P]),
            "rondo_answer_json": (ctypes.c_char_p, [P]),
            "rondo_answer_text": (ctypes.c_char_p, [P]),
        }
        for name, (res, args) in sigs.items():
            fn = getattr(lib, name)
            fn.restype = res
            fn.argtypes = args
        _lib = lib
        return lib


def version():
    """The library's version string."""
    return _load().rondo_version().decode()


def _raise(lib, status, handle):
    msg = lib.rondo_errmsg(handle).decode("utf-8", "replace") if handle else "out of memory"
    if status == _INPUT:
        raise InputError(msg, 2, status)
    if status == _ROUTING:
        raise RoutingError(msg, 3, status)
    if status == _USAGE:
        raise ValueError(msg)
    raise Error(msg, 1, status)


def _create(lib, problem):
    """A problem handle for a dict, a JSON string, a path (str or PathLike)."""
    handle = ctypes.c_void_p()
    if isinstance(problem, dict):
        data = json.dumps(problem).encode()
        st = lib.rondo_problem_from_json(data, len(data), ctypes.byref(handle))
    elif isinstance(problem, (bytes, str)) and str(problem if isinstance(problem, str)
                                                   else problem.decode("utf-8", "replace")
                                                   ).lstrip().startswith("{"):
        data = problem.encode() if isinstance(problem, str) else problem
        st = lib.rondo_problem_from_json(data, len(data), ctypes.byref(handle))
    elif isinstance(problem, (str, bytes, os.PathLike)):
        st = lib.rondo_problem_from_file(os.fsencode(problem), ctypes.byref(handle))
    else:
        raise TypeError("problem must be a dict, a JSON string or a file path, not %s"
                        % type(problem).__name__)
    if st != _OK:
        try:
            _raise(lib, st, handle)
        finally:
            lib.rondo_problem_free(handle)
    return handle


def _set(lib, handle, fn, value):
    st = fn(handle, value)
    if st != _OK:
        _raise(lib, st, handle)


def _solve_interruptible(lib, handle):
    """rondo_solve on a worker thread; the calling thread waits and turns a
    KeyboardInterrupt into rondo_cancel (the plan so far is then returned).
    Returns (status, cancelled, finished): finished is False only when a
    second interruption ended the wait while the search still winds down
    (the handle must then be left alone: never freed)."""
    result = {}
    done = threading.Event()  # (not Thread.join: an interrupted join can report a live thread dead)

    def work():
        try:
            result["status"] = lib.rondo_solve(handle)  # ctypes releases the GIL
        finally:
            done.set()

    threading.Thread(target=work, name="rondo-solve", daemon=True).start()
    cancelled = False
    try:
        while not done.wait(0.05):
            pass
    except BaseException as e:
        lib.rondo_cancel(handle)
        cancelled = True
        try:
            while not done.wait(0.05):
                pass
        except BaseException:
            return _ERR_RUNNING, True, False
        if not isinstance(e, KeyboardInterrupt):
            raise
    return result.get("status", _INTERNAL), cancelled, True


class Problem:
    """A problem read and checked by librondo (rondo.read). It can be solved
    several times (other seeds, budgets); close() or a `with` block frees it."""

    def __init__(self, problem):
        self._lib = _load()
        self._handle = _create(self._lib, problem)
        self._busy = threading.Lock()

    def solve(self, time_limit=None, iterations=None, threads=None, seed=None, exact=False,
              bound=False):
        """As rondo.solve, on this problem. Not from two threads at once."""
        lib, handle = self._lib, self._handle
        if handle is None:
            raise ValueError("the problem is closed")
        with self._busy:
            if time_limit is not None:
                _set(lib, handle, lib.rondo_set_time_limit, float(time_limit))
            if iterations is not None:
                _set(lib, handle, lib.rondo_set_iterations, int(iterations))
            if threads is not None:
                _set(lib, handle, lib.rondo_set_threads, int(threads))
            if seed is not None:
                _set(lib, handle, lib.rondo_set_seed, int(seed))
            _set(lib, handle, lib.rondo_set_exact, 1 if exact else 0)
            st = lib.rondo_set_bound(handle, 1 if bound else 0, 0.0)
            if st != _OK:
                _raise(lib, st, handle)
            st, cancelled, finished = _solve_interruptible(lib, handle)
            if not finished:
                self._handle = None  # the search still runs on it: leaked, never freed
                raise KeyboardInterrupt
            if st != _OK:
                _raise(lib, st, handle)
            answer = json.loads(lib.rondo_answer_json(handle).decode())
            text = lib.rondo_answer_text(handle).decode()
        if not text.lstrip().startswith("{"):
            answer["sol"] = text
        if cancelled:
            answer["interrupted"] = True
        return answer

    def close(self):
        if self._handle is not None:
            self._lib.rondo_problem_free(self._handle)
            self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass


def solve(problem, time_limit=None, iterations=None, threads=None, seed=None, exact=False,
          bound=False):
    """Solves `problem` (a dict, a JSON string, a file path or a Problem) and
    returns the answer dict. time_limit: seconds (float); iterations: rounds
    per search slot (a deterministic budget: with it and no time limit the
    plan depends only on the problem, the seed and the iterations, and equals
    `rondo solve --iterations N --seed S`'s); threads: 0 or None for one per
    core; seed: int (default 1); exact: prove optimality and report a lower
    bound (problems of up to about 20 stops); bound: after the search, a lower
    bound by column generation in half the time limit (summary's lower_bound
    and gap). Options left at None take the
    problem's own "options", else rondo's defaults (2000 iterations)."""
    if isinstance(problem, Problem):
        return problem.solve(time_limit, iterations, threads, seed, exact, bound)
    with Problem(problem) as p:
        return p.solve(time_limit, iterations, threads, seed, exact, bound)


def read(path):
    """Reads and checks a problem file (VROOM JSON, CVRPLIB .vrp, Solomon
    .txt): returns a Problem to solve, or raises InputError naming the line
    or field at fault."""
    return Problem(os.fspath(path))
