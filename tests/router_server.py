#!/usr/bin/env python3
"""A routing server on loopback for rondo's tests (python3 standard library only).

Implements the matrix and route APIs of three routing engines over a small synthetic
road graph:
  OSRM      GET  /table/v1/{profile}/{lon,lat;...}[?sources=..&destinations=..&annotations=..]
            GET  /route/v1/{profile}/{lon,lat;...}[?overview=full&geometries=polyline|polyline6]
  Valhalla  POST /sources_to_targets   (also GET ?json=...)
            POST /route {"locations": [{"lon", "lat"}], "costing": ...}   (also GET ?json=...)
  ORS       POST /v2/matrix/{profile}
            POST /v2/directions/{profile} {"coordinates": [[lon, lat], ...]}
Any path prefix before the service is accepted (and recorded: -a car:host/prefix).
A route is the fastest path through the graph's nodes between consecutive snapped
stops (the same Dijkstra as the matrices), the path's node coordinates encoded as
each engine encodes them: OSRM's and ORS's routes[0].geometry at precision 5 (OSRM
polyline6 at 6; OSRM without overview=full gives only the snapped stops, as a
simplified overview would), Valhalla's trip.legs[k].shape at precision 6, one per leg,
each leg starting where the previous one ended. No path: OSRM NoRoute, Valhalla 442,
ORS 2009; more stops than the limit: OSRM TooBig, Valhalla 150, ORS 2004.
The graph is a 6 x 5 grid of nodes around Brussels (spacing 0.01 degrees) whose edges
have lengths (metres) and per-direction speeds, so durations are asymmetric; plus an
isolated "island" node no edge reaches. Each request coordinate snaps to its nearest
node within 1,500 m (farther: the API's snapping error); matrices hold the fastest path
(Dijkstra on duration) and its length, as real servers report the distance of the
fastest route. Values are formatted as each engine does: OSRM 1 decimal, ORS 2
decimals, Valhalla whole seconds and kilometres with 3 decimals; no route: null.

Control and ground truth (JSON over HTTP):
  GET  /nodes    {"nodes": [[lon, lat], ...], "island": [lon, lat], "far": [lon, lat],
                  "edges": [[a, b], ...]} (node indices; every road is two-way)
  POST /truth_route {"locations": [[lon, lat], ...]} -> {"points": [[lon, lat], ...]}:
                 the path a route request through those stops describes (null: none)
  POST /truth    {"api": "osrm"|"valhalla"|"ors", "locations": [[lon, lat], ...]}
                 -> {"durations": [[int|null]], "distances": [[int|null]]}: what a client
                 must make of that API's answer (rounded as VROOM rounds: floor(x + 0.5))
  POST /control  misbehaviour switches (all reset to the defaults first):
                 {"fail500": k, "n429": k, "retry_after": s, "truncate": k, "drop": k,
                  "slow_ms": ms, "limit": L, "concise": true, "only": "route"|"matrix"}:
                 the next k API requests (of that kind only with "only") answer 500 /
                 429 with Retry-After: s / a JSON text cut in half / a closed connection
                 without an answer; every answer waits slow_ms; a request with more than
                 L locations (sources and destinations together) gets the engine's
                 table-too-large error; concise: Valhalla answers as with "verbose": false
                 ({"sources_to_targets": {"durations": [[s]], "distances": [[km]]}}), as it
                 also does when the request says so. Counters are reset too.
  GET  /stats    {"requests": n, "max_concurrent": k, "log": [{"t": s, "status": code,
                  "path": p, "n": locations, "kind": "matrix"|"route"}, ...]}
The same switches exist as flags (--limit L, --fail500 k, ...). The port (ephemeral,
127.0.0.1) is printed on stdout when the server is ready; with --exit-on-eof the server
ends when its stdin closes (so it never outlives the test that started it).
"""
import argparse
import heapq
import json
import math
import os
import re
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LON0, LAT0, STEP, W, H = 4.30, 50.80, 0.01, 6, 5
SPEEDS = [8.3, 11.1, 13.9, 16.7]  # m/s
SNAP_RADIUS = 1500.0


def haversine(a, b):
    r = 6371008.8
    p1, p2 = math.radians(a[1]), math.radians(b[1])
    dp, dl = p2 - p1, math.radians(b[0] - a[0])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))


def build_graph():
    nodes = [(round(LON0 + STEP * x, 6), round(LAT0 + STEP * y, 6)) for y in range(H) for x in range(W)]
    adj = [[] for _ in nodes]
    for y in range(H):
        for x in range(W):
            a = y * W + x
            for b in ([a + 1] if x + 1 < W else []) + ([a + W] if y + 1 < H else []):
                length = haversine(nodes[a], nodes[b]) * (1.0 + 0.07 * ((a * 7 + b * 3) % 5))
                adj[a].append((b, length, length / SPEEDS[(a * 5 + b) % 4]))
                adj[b].append((a, length, length / SPEEDS[(b * 3 + a + 1) % 4]))
    island = (round(LON0 + STEP * 2.5, 6), round(LAT0 + STEP * 1.5, 6))
    nodes.append(island)
    adj.append([])
    return nodes, adj


NODES, ADJ = build_graph()
FAR = (LON0 + 1.0, LAT0 + 1.0)


def snap(loc):
    best, bd = -1, None
    for k, p in enumerate(NODES):
        d = haversine(loc, p)
        if bd is None or d < bd:
            best, bd = k, d
    return best if bd <= SNAP_RADIUS else -1


def dijkstra(s):
    """Fastest paths from node s: (duration, distance) per node, None when unreachable,
    and each node's predecessor on its path (None for s and the unreachable)."""
    best = [None] * len(NODES)
    pred = [None] * len(NODES)
    best[s] = (0.0, 0.0)
    heap = [(0.0, 0.0, s)]
    while heap:
        t, d, u = heapq.heappop(heap)
        if best[u] != (t, d):
            continue
        for v, length, dur in ADJ[u]:
            cand = (t + dur, d + length)
            if best[v] is None or cand < best[v]:
                best[v] = cand
                pred[v] = u
                heapq.heappush(heap, (cand[0], cand[1], v))
    return best, pred


SP, PRED = zip(*[dijkstra(s) for s in range(len(NODES))])
EDGES = sorted({(min(a, v), max(a, v)) for a in range(len(NODES)) for v, _, _ in ADJ[a]})


def path(a, b):
    """Node indices of the fastest path from node a to node b (both included), or None."""
    if SP[a][b] is None:
        return None
    out = [b]
    while out[-1] != a:
        out.append(PRED[a][out[-1]])
    return out[::-1]


def legs(ids):
    """The fastest path between each pair of consecutive nodes: a list of node lists,
    or None when one has no path."""
    out = [path(a, b) for a, b in zip(ids, ids[1:])]
    return None if any(p is None for p in out) else out


def joined(parts):
    """Leg node lists end to end, each joint once."""
    out = []
    for p in parts:
        out.extend(p[1:] if out else p)
    return out


def encode(points, precision):
    """Google's encoded polyline of [lon, lat] points (latitude first in the text)."""
    f, out, prev = 10 ** precision, [], (0, 0)
    for lon, lat in points:
        cur = (int(math.floor(lat * f + 0.5)), int(math.floor(lon * f + 0.5)))
        for v in (cur[0] - prev[0], cur[1] - prev[1]):
            v = ~(v << 1) if v < 0 else v << 1
            while v >= 0x20:
                out.append(chr((0x20 | (v & 0x1F)) + 63))
                v >>= 5
            out.append(chr(v + 63))
        prev = cur
    return "".join(out)


def leg_summary(p):
    """(duration s, distance m) along a node path."""
    t = d = 0.0
    for a, b in zip(p, p[1:]):
        for v, length, dur in ADJ[a]:
            if v == b:
                t, d = t + dur, d + length
                break
    return t, d


def raw_matrix(src, dst):
    """Rows of (duration, distance) or None from snapped node lists."""
    return [[SP[a][b] for b in dst] for a in src]


def fmt_osrm(v):
    return None if v is None else (round(v[0], 1), round(v[1], 1))


def fmt_ors(v):
    return None if v is None else (round(v[0], 2), round(v[1], 2))


def fmt_valhalla(v):
    return None if v is None else (int(round(v[0])), round(v[1] / 1000.0, 3))


FMT = {"osrm": fmt_osrm, "ors": fmt_ors, "valhalla": fmt_valhalla}


def truth(api, locations):
    ids = [snap(tuple(p)) for p in locations]
    out = {"durations": [], "distances": [], "snapped": ids}
    for a in ids:
        rd, rm = [], []
        for b in ids:
            v = FMT[api](SP[a][b]) if a >= 0 and b >= 0 else None
            if v is None:
                rd.append(None)
                rm.append(None)
            else:
                dist = v[1] * 1000.0 if api == "valhalla" else v[1]
                rd.append(math.floor(v[0] + 0.5))
                rm.append(math.floor(dist + 0.5))
        out["durations"].append(rd)
        out["distances"].append(rm)
    return out


class State:
    def __init__(self, defaults):
        self.lock = threading.Lock()
        self.defaults = defaults
        self.reset({})

    def reset(self, cfg):
        with self.lock:
            c = dict(self.defaults)
            c.update(cfg)
            self.fail500 = int(c.get("fail500", 0))
            self.n429 = int(c.get("n429", 0))
            self.retry_after = int(c.get("retry_after", 1))
            self.truncate = int(c.get("truncate", 0))
            self.drop = int(c.get("drop", 0))
            self.slow_ms = int(c.get("slow_ms", 0))
            self.limit = int(c.get("limit", 0))
            self.concise = bool(c.get("concise", False))
            self.only = c.get("only")  # None, "route" or "matrix": whom the switches hit
            self.requests = 0
            self.gen = getattr(self, "gen", 0) + 1  # requests of an older generation no longer count
            self.active = 0
            self.max_concurrent = 0
            self.log = []
            self.t0 = time.monotonic()


class Handler(BaseHTTPRequestHandler):
    server_version = "rondo-test-router/1"

    def log_message(self, *args):
        pass

    def send(self, code, obj, extra=None, cut=False):
        body = json.dumps(obj, separators=(",", ":")).encode()
        if cut:
            body = body[: len(body) // 2]
        self.leave()  # before the client can have the answer and send its next request
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def leave(self):
        """Ends this request's count in `active` (once)."""
        if getattr(self, "counted", False):
            self.counted = False
            st = self.server.state
            with st.lock:
                if self.gen == st.gen:
                    st.active -= 1

    def body_json(self):
        n = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(n) if n else b""
        return json.loads(data.decode() or "null")

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def route(self, method):
        st = self.server.state
        url = urllib.parse.urlsplit(self.path)
        path = url.path
        try:
            if path == "/nodes":
                return self.send(200, {"nodes": NODES[:-1], "island": NODES[-1], "far": FAR,
                                       "edges": EDGES})
            if path == "/truth_route" and method == "POST":
                ids = [snap(tuple(p)) for p in self.body_json()["locations"]]
                parts = legs(ids) if min(ids) >= 0 else None
                return self.send(200, {"points": None if parts is None else
                                       [list(NODES[k]) for k in joined(parts)]})
            if path == "/stats":
                with st.lock:
                    return self.send(200, {"requests": st.requests, "max_concurrent": st.max_concurrent,
                                           "log": st.log})
            if path == "/control" and method == "POST":
                st.reset(self.body_json() or {})
                return self.send(200, {"ok": True})
            if path == "/truth" and method == "POST":
                q = self.body_json()
                return self.send(200, truth(q["api"], q["locations"]))
        except (ValueError, KeyError, TypeError) as e:
            return self.send(400, {"error": str(e)})
        m = re.search(r"/table/v1/([^/]+)/([^/?]*)$", path)
        if m and method == "GET":
            return self.api("osrm", path, lambda: self.osrm(m.group(1), m.group(2), url.query))
        m = re.search(r"/route/v1/([^/]+)/([^/?]*)$", path)
        if m and method == "GET":
            return self.api("osrm", path, lambda: self.osrm_route(m.group(2), url.query), "route")
        if path.endswith("/sources_to_targets"):
            return self.api("valhalla", path, lambda: self.valhalla(method, url.query))
        if path.endswith("/route"):
            return self.api("valhalla", path, lambda: self.valhalla_route(method, url.query), "route")
        m = re.search(r"/v2/matrix/([^/]+)$", path)
        if m and method == "POST":
            return self.api("ors", path, lambda: self.ors(m.group(1)))
        m = re.search(r"/v2/directions/([^/]+)$", path)
        if m and method == "POST":
            return self.api("ors", path, lambda: self.ors_route(m.group(1)), "route")
        self.send(404, {"error": "no such service: %s %s" % (method, path)})

    def api(self, name, path, handler, kind="matrix"):
        st = self.server.state
        with st.lock:
            st.requests += 1
            st.active += 1
            st.max_concurrent = max(st.max_concurrent, st.active)
            self.counted = True
            self.gen = st.gen
            entry = {"t": round(time.monotonic() - st.t0, 4), "path": path, "status": 200, "n": 0,
                     "kind": kind}
            st.log.append(entry)
            action = None
            if st.only and st.only != kind:
                pass  # the switches are for the other kind of request
            elif st.drop > 0:
                st.drop -= 1
                action = "drop"
            elif st.fail500 > 0:
                st.fail500 -= 1
                action = "500"
            elif st.n429 > 0:
                st.n429 -= 1
                action = "429"
            elif st.truncate > 0:
                st.truncate -= 1
                action = "cut"
            slow, limit, retry_after = st.slow_ms, st.limit, st.retry_after
        try:
            if slow:
                time.sleep(slow / 1000.0)
            if action == "drop":
                entry["status"] = 0
                self.close_connection = True
                self.connection.shutdown(2)
                return
            if action == "500":
                entry["status"] = 500
                return self.send(500, {"error": "internal error (test switch)"})
            if action == "429":
                entry["status"] = 429
                return self.send(429, {"error": "Too Many Requests"}, {"Retry-After": str(retry_after)})
            try:
                code, obj, n = handler()
            except (ValueError, KeyError, TypeError, IndexError) as e:
                code, obj, n = 400, {"error": "bad request: %s" % e}, 0
            entry["n"] = n
            if limit and n > limit:
                code, obj = too_big(name, limit, kind)
            entry["status"] = code
            self.send(code, obj, cut=action == "cut")
        finally:
            self.leave()

    def osrm(self, profile, coords, query):
        locs = [tuple(float(v) for v in c.split(",")) for c in coords.split(";")]
        q = urllib.parse.parse_qs(query)
        src = [int(v) for v in q["sources"][0].split(";")] if "sources" in q else list(range(len(locs)))
        dst = [int(v) for v in q["destinations"][0].split(";")] if "destinations" in q else list(range(len(locs)))
        ann = q.get("annotations", ["duration"])[0].split(",")
        ids = [snap(p) for p in locs]
        for k, i in enumerate(ids):
            if i < 0:
                return 400, {"code": "NoSegment",
                             "message": "Could not find a matching segment for coordinate %d" % k}, len(locs)
        cells = [[fmt_osrm(v) for v in row] for row in raw_matrix([ids[s] for s in src], [ids[d] for d in dst])]
        out = {"code": "Ok",
               "sources": [{"location": list(NODES[ids[s]]), "name": "", "distance": 0} for s in src],
               "destinations": [{"location": list(NODES[ids[d]]), "name": "", "distance": 0} for d in dst]}
        if "duration" in ann:
            out["durations"] = [[None if c is None else c[0] for c in row] for row in cells]
        if "distance" in ann:
            out["distances"] = [[None if c is None else c[1] for c in row] for row in cells]
        return 200, out, len(locs)

    def valhalla(self, method, query):
        if method == "GET":
            req = json.loads(urllib.parse.parse_qs(query)["json"][0])
        else:
            req = self.body_json()
        if req.get("costing") not in ("auto", "bicycle", "pedestrian", "truck"):
            return 400, {"error_code": 125, "error": "No costing method found", "status_code": 400,
                         "status": "Bad Request"}, 0
        src = [(float(p["lon"]), float(p["lat"])) for p in req["sources"]]
        dst = [(float(p["lon"]), float(p["lat"])) for p in req["targets"]]
        n = len(set(src) | set(dst))  # distinct locations, as the other two count them
        si, di = [snap(p) for p in src], [snap(p) for p in dst]
        if min(si + di) < 0:
            return 400, {"error_code": 171, "error": "No suitable edges near location", "status_code": 400,
                         "status": "Bad Request"}, n
        if req.get("verbose") is False or self.server.state.concise:
            cells = [[fmt_valhalla(SP[a][b]) for b in di] for a in si]
            return 200, {"sources_to_targets": {
                "durations": [[None if c is None else c[0] for c in row] for row in cells],
                "distances": [[None if c is None else c[1] for c in row] for row in cells]},
                "units": "kilometers"}, n
        rows = []
        for i, a in enumerate(si):
            row = []
            for j, b in enumerate(di):
                c = fmt_valhalla(SP[a][b])
                row.append({"from_index": i, "to_index": j, "time": None if c is None else c[0],
                            "distance": None if c is None else c[1]})
            rows.append(row)
        return 200, {"sources_to_targets": rows, "units": "kilometers",
                     "sources": [[{"lon": p[0], "lat": p[1]}] for p in src],
                     "targets": [[{"lon": p[0], "lat": p[1]}] for p in dst]}, n

    def ors(self, profile):
        req = self.body_json()
        if profile not in ("driving-car", "driving-hgv", "cycling-regular", "foot-walking"):
            return 400, {"error": {"code": 6003, "message": "Parameter 'profile' has incorrect value"}}, 0
        locs = [(float(p[0]), float(p[1])) for p in req["locations"]]
        metrics = req.get("metrics", ["duration"])
        src = req.get("sources", list(range(len(locs))))
        dst = req.get("destinations", list(range(len(locs))))
        if src == ["all"]:
            src = list(range(len(locs)))
        if dst == ["all"]:
            dst = list(range(len(locs)))
        ids = [snap(p) for p in locs]
        for k, i in enumerate(ids):
            if i < 0:
                return 404, {"error": {"code": 6010, "message": "Could not find point %d: %.7f %.7f within a "
                                       "radius of %.1f meters." % (k, locs[k][1], locs[k][0], SNAP_RADIUS)}}, len(locs)
        cells = [[fmt_ors(v) for v in row] for row in raw_matrix([ids[s] for s in src], [ids[d] for d in dst])]
        out = {"metadata": {"service": "matrix", "query": {"profile": profile}},
               "sources": [{"location": list(NODES[ids[s]])} for s in src],
               "destinations": [{"location": list(NODES[ids[d]])} for d in dst]}
        if "duration" in metrics:
            out["durations"] = [[None if c is None else c[0] for c in row] for row in cells]
        if "distance" in metrics:
            out["distances"] = [[None if c is None else c[1] for c in row] for row in cells]
        return 200, out, len(locs)


    def osrm_route(self, coords, query):
        locs = [tuple(float(v) for v in c.split(",")) for c in coords.split(";")]
        q = urllib.parse.parse_qs(query)
        ids = [snap(p) for p in locs]
        for k, i in enumerate(ids):
            if i < 0:
                return 400, {"code": "NoSegment",
                             "message": "Could not find a matching segment for coordinate %d" % k}, len(locs)
        if len(locs) < 2:
            return 400, {"code": "InvalidQuery", "message": "Query string malformed close to position 0"}, len(locs)
        parts = legs(ids)
        if parts is None:
            return 400, {"code": "NoRoute", "message": "Impossible route between points"}, len(locs)
        full = q.get("overview", ["simplified"])[0] == "full"
        nodes = joined(parts) if full else ids
        geometries = q.get("geometries", ["polyline"])[0]
        points = [NODES[k] for k in nodes]
        if geometries == "geojson":
            geometry = {"type": "LineString", "coordinates": [list(p) for p in points]}
        else:
            geometry = encode(points, 6 if geometries == "polyline6" else 5)
        sums = [leg_summary(p) for p in parts]
        return 200, {"code": "Ok",
                     "routes": [{"geometry": geometry, "weight_name": "routability",
                                 "duration": round(sum(t for t, _ in sums), 1),
                                 "distance": round(sum(d for _, d in sums), 1),
                                 "legs": [{"duration": round(t, 1), "distance": round(d, 1), "steps": []}
                                          for t, d in sums]}],
                     "waypoints": [{"location": list(NODES[i]), "name": ""} for i in ids]}, len(locs)

    def valhalla_route(self, method, query):
        if method == "GET":
            req = json.loads(urllib.parse.parse_qs(query)["json"][0])
        else:
            req = self.body_json()
        if req.get("costing") not in ("auto", "bicycle", "pedestrian", "truck"):
            return 400, {"error_code": 125, "error": "No costing method found", "status_code": 400,
                         "status": "Bad Request"}, 0
        locs = [(float(p["lon"]), float(p["lat"])) for p in req["locations"]]
        ids = [snap(p) for p in locs]
        if len(locs) < 2:
            return 400, {"error_code": 120, "error": "Insufficient number of locations provided",
                         "status_code": 400, "status": "Bad Request"}, len(locs)
        if min(ids) < 0:
            return 400, {"error_code": 171, "error": "No suitable edges near location", "status_code": 400,
                         "status": "Bad Request"}, len(locs)
        parts = legs(ids)
        if parts is None:
            return 400, {"error_code": 442, "error": "No path could be found for input", "status_code": 400,
                         "status": "Bad Request"}, len(locs)
        out = []
        for p in parts:
            t, d = leg_summary(p)
            out.append({"summary": {"time": round(t, 3), "length": round(d / 1000.0, 3)},
                        "shape": encode([NODES[k] for k in p], 6)})
        return 200, {"trip": {"locations": [{"lon": p[0], "lat": p[1], "type": "break"} for p in locs],
                              "legs": out, "status": 0, "status_message": "Found route between points",
                              "units": "kilometers",
                              "summary": {"time": round(sum(leg["summary"]["time"] for leg in out), 3),
                                          "length": round(sum(leg["summary"]["length"] for leg in out), 3)}}
                     }, len(locs)

    def ors_route(self, profile):
        req = self.body_json()
        if profile not in ("driving-car", "driving-hgv", "cycling-regular", "foot-walking"):
            return 400, {"error": {"code": 2003, "message": "Parameter 'profile' has incorrect value"}}, 0
        locs = [(float(p[0]), float(p[1])) for p in req["coordinates"]]
        ids = [snap(p) for p in locs]
        for k, i in enumerate(ids):
            if i < 0:
                return 404, {"error": {"code": 2010, "message": "Could not find routable point within a radius "
                                       "of %.1f meters of specified coordinate %d: %.7f %.7f." %
                                       (SNAP_RADIUS, k, locs[k][0], locs[k][1])}}, len(locs)
        parts = legs(ids)
        if parts is None:
            return 404, {"error": {"code": 2009, "message": "Route could not be found - Unable to find a "
                                   "route between points 0 and %d." % (len(locs) - 1)}}, len(locs)
        nodes = joined(parts)
        sums = [leg_summary(p) for p in parts]
        way, at = [0], 0
        for p in parts:
            at += len(p) - 1
            way.append(at)
        return 200, {"routes": [{"summary": {"distance": round(sum(d for _, d in sums), 1),
                                             "duration": round(sum(t for t, _ in sums), 1)},
                                 "segments": [{"distance": round(d, 1), "duration": round(t, 1)}
                                              for t, d in sums],
                                 "geometry": encode([NODES[k] for k in nodes], 5), "way_points": way}],
                     "metadata": {"service": "routing", "query": {"profile": profile}}}, len(locs)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # a client that gave up (rondo cancels the other blocks after an error) is normal
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def too_big(api, limit, kind="matrix"):
    if api == "osrm":
        return 400, {"code": "TooBig", "message": "Too many %s coordinates" % ("table" if kind == "matrix"
                                                                               else "viaroute")}
    if api == "valhalla":
        return 400, {"error_code": 150, "error": "Exceeded max locations: %d" % limit, "status_code": 400,
                     "status": "Bad Request"}
    if kind == "route":
        return 400, {"error": {"code": 2004, "message": "The specified number of waypoints must not be "
                                                         "greater than %d." % limit}}
    return 400, {"error": {"code": 6004, "message": "Request parameters exceed the server configuration "
                                                     "limits. Only a total of %d locations are allowed." % limit}}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    for name in ("limit", "fail500", "n429", "retry-after", "truncate", "drop", "slow-ms"):
        ap.add_argument("--" + name, type=int, default=None)
    ap.add_argument("--exit-on-eof", action="store_true", help="end when stdin closes")
    a = ap.parse_args()
    defaults = {k.replace("-", "_"): v for k, v in vars(a).items() if v is not None and k != "exit_on_eof"}
    httpd = Server(("127.0.0.1", 0), Handler)
    httpd.state = State(defaults)
    if a.exit_on_eof:
        def watch():
            while sys.stdin.buffer.read(4096):
                pass
            os._exit(0)
        threading.Thread(target=watch, daemon=True).start()
    print(httpd.server_address[1], flush=True)
    try:
        httpd.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
