#!/usr/bin/env python3
"""Matrix-given twin of a coordinates-only VROOM input, computed independently
of rondo (for tests/cli/geo.sh).

usage: geo_twin.py IN.json OUT.json

Numbers the distinct coordinates as VROOM does (vehicles' start then end in
input order, then jobs, then shipments' pickup and delivery; rondo's
extensions: stations after the jobs, facilities last, in the order the
vehicles' reload_facilities name them; equal
coordinates share an index), computes geodesic distances on the WGS84
ellipsoid with Vincenty's inverse formula (accurate to about 0.1 mm, against
rondo's PROJ/Karney), and writes the same input with `location_index`,
`start_index`, `end_index` and `matrices` {profile: {durations, distances}}:
distance = round(d), duration = round(d * detour / speed), rounding half up,
with rondo's documented default speeds and detour unless `options` gives them.
check_plan.py can then check rondo's plan of the coordinates-only input.
"""
import json
import math
import sys

DEFAULT_SPEEDS = {"car": 8.3, "van": 7.5, "truck": 6.9, "bike": 4.2, "foot": 1.4}
DEFAULT_DETOUR = 1.3


def vincenty(lon1, lat1, lon2, lat2):
    a, f = 6378137.0, 1 / 298.257223563
    b = a * (1 - f)
    if lon1 == lon2 and lat1 == lat2:
        return 0.0
    L = math.radians(lon2 - lon1)
    U1 = math.atan((1 - f) * math.tan(math.radians(lat1)))
    U2 = math.atan((1 - f) * math.tan(math.radians(lat2)))
    sU1, cU1, sU2, cU2 = math.sin(U1), math.cos(U1), math.sin(U2), math.cos(U2)
    lam = L
    for _ in range(200):
        sl, cl = math.sin(lam), math.cos(lam)
        ss = math.hypot(cU2 * sl, cU1 * sU2 - sU1 * cU2 * cl)
        cs = sU1 * sU2 + cU1 * cU2 * cl
        sigma = math.atan2(ss, cs)
        sa = cU1 * cU2 * sl / ss
        c2a = 1 - sa * sa
        c2sm = cs - 2 * sU1 * sU2 / c2a if c2a else 0.0
        C = f / 16 * c2a * (4 + f * (4 - 3 * c2a))
        prev = lam
        lam = L + (1 - C) * f * sa * (sigma + C * ss * (c2sm + C * cs * (-1 + 2 * c2sm * c2sm)))
        if abs(lam - prev) < 1e-13:
            break
    u2 = c2a * (a * a - b * b) / (b * b)
    A = 1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)))
    B = u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2)))
    ds = B * ss * (c2sm + B / 4 * (cs * (-1 + 2 * c2sm * c2sm)
                                   - B / 6 * c2sm * (-3 + 4 * ss * ss) * (-3 + 4 * c2sm * c2sm)))
    return b * A * (sigma - ds)


def main():
    doc = json.load(open(sys.argv[1]))
    locs, index = [], {}

    def place(obj, lkey, ikey):
        if lkey not in obj:
            return
        c = tuple(obj[lkey])
        if c not in index:
            index[c] = len(locs)
            locs.append(c)
        obj[ikey] = index[c]

    for v in doc["vehicles"]:
        place(v, "start", "start_index")
        place(v, "end", "end_index")
    for j in doc.get("jobs", []):
        place(j, "location", "location_index")
    for st in doc.get("stations", []):  # station jobs come after the jobs
        place(st, "location", "location_index")
    for s in doc.get("shipments", []):
        place(s["pickup"], "location", "location_index")
        place(s["delivery"], "location", "location_index")
    # facilities: as each vehicle's reload stops (vehicles in order, their
    # reload_facilities in order), then those no vehicle uses
    fac = {f["id"]: f for f in doc.get("facilities", [])}
    for v in doc["vehicles"]:
        for fid in v.get("reload_facilities", []):
            place(fac[fid], "location", "location_index")
    for f in doc.get("facilities", []):
        place(f, "location", "location_index")
    opts = doc.get("options", {})
    speeds = dict(DEFAULT_SPEEDS, **opts.get("speeds", {}))
    detour = opts.get("detour", DEFAULT_DETOUR)
    n = len(locs)
    d = [[vincenty(*locs[i], *locs[j]) for j in range(n)] for i in range(n)]
    dist = [[int(d[i][j] + 0.5) for j in range(n)] for i in range(n)]
    mats = {}
    for v in doc["vehicles"]:
        p = v.get("profile", "car")
        mats[p] = {"distances": dist,
                   "durations": [[int(d[i][j] * detour / speeds[p] + 0.5) for j in range(n)]
                                 for i in range(n)]}
    doc["matrices"] = mats
    json.dump(doc, open(sys.argv[2], "w"))


if __name__ == "__main__":
    main()
