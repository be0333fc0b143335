"""What the PyVRP-variant checkers (check_pcvrptw.py, check_mtvrptwr.py) read
alike: a VRPLIB file's specification and sections, a CVRPLIB-style .sol, and
the DIMACS distance in tenths. Nothing of rondo's: the checkers stay
independent of the code they check."""
import math
import sys


def read_sections(path):
    """(head, data): the `KEY : value` lines, and each *_SECTION's rows as
    lists of tokens."""
    head, sec, data = {}, None, {}
    for line in open(path):
        t = line.split()
        if not t:
            continue
        if t[0].endswith("_SECTION"):
            sec = t[0]
            data[sec] = []
            continue
        if t[0] == "EOF":
            break
        if ":" in line and sec is None:
            k, v = line.split(":", 1)
            head[k.strip()] = v.strip()
            continue
        if sec:
            data[sec].append(t)
    return head, data


def read_sol(path):
    """(routes, claimed): each "Route #k:" line's numbers, and the "Cost"
    line's last word (None without one)."""
    routes, claimed = [], None
    for line in open(path):
        if line.startswith("Route #"):
            routes.append([int(x) for x in line.split(":", 1)[1].split()])
        elif line.startswith("Cost"):
            claimed = line.split()[-1]
    return routes, claimed


def tenths(v):
    """A value of the file in tenths, rounded."""
    return int(round(float(v) * 10))


def dimacs_distance(xy, i, j):
    """Euclidean distance in tenths, truncated: floor(sqrt(100 (dx^2 + dy^2)))."""
    dx, dy = xy[i][0] - xy[j][0], xy[i][1] - xy[j][1]
    return math.isqrt(int(round(100 * (dx * dx + dy * dy))))


def read_args(argv, usage, read_vrp):
    """The checkers' start: (the instance as read_vrp returns it, routes,
    claimed cost) from argv's INSTANCE and SOLUTION, or None after printing
    UNREADABLE (the caller exits 2). A wrong argument count exits with the
    usage."""
    if len(argv) != 3:
        sys.exit(usage)
    try:
        inst = read_vrp(argv[1])
        routes, claimed = read_sol(argv[2])
    except (OSError, ValueError, KeyError, IndexError) as e:
        print("UNREADABLE", e)
        return None
    return inst, routes, claimed


def customers_and_fleet(n, depot, routes, nveh):
    """The customers in instance order (the .sol numbers them 1..n-1, the
    depot 0) and the problems list, started with a fleet overrun if any."""
    order = [i for i in range(n) if i != depot]
    problems = []
    if len(routes) > nveh:
        problems.append("%d routes, %d vehicles" % (len(routes), nveh))
    return order, problems
