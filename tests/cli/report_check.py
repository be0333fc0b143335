#!/usr/bin/env python3
"""Checks an HTML report against its JSON plan, independently of rondo's code.

usage: report_check.py PLAN.json REPORT.html [--reloads] [--max-bytes N]

Parses the page with Python's html.parser (the file, or Chromium's
--dump-dom of it) and checks that
  - every route of the plan has its <article class="route"> with its vehicle;
  - every step of every route has its row in that route's sheet, in order,
    with the same type, id, arrival (data-arrival, seconds) and load
    (data-load), and the arrival shown as the clock time (HH:MM) the
    arrival gives;
  - every unassigned task has its row with the same type and id and its
    reason as the row's text;
  - the summary's "stops served" and "stops left out" say the plan's counts;
  - with --reloads: the plan has reload steps, each has its row, and the load
    after each is zero in every dimension;
  - the page is at most --max-bytes (default 5 MB) and has no <script src>,
    <link href> or url(...) that would reach out of the page.
Prints "OK ..." and exits 0, or one line per problem and exits 1."""

import html.parser
import json
import re
import sys


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.routes = []  # [{"vehicle": int, "rows": [row]}]
        self.unassigned = []  # [row]
        self.cards = {}  # id -> text
        self.external = []
        self.row = None  # the row being read: attrs and its cells' texts
        self.cell = None
        self.card = None
        self.in_unassigned = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.external.append("script src=" + a["src"])
        if tag == "link" and a.get("href"):
            self.external.append("link href=" + a["href"])
        if tag in ("img", "iframe") and a.get("src"):
            self.external.append(tag + " src=" + a["src"])
        if tag == "article" and "route" in (a.get("class") or "").split():
            self.routes.append({"vehicle": int(a["data-vehicle"]), "rows": []})
        if tag == "section":
            self.in_unassigned = a.get("id") == "unassigned"
        if tag == "div" and a.get("class") == "card":
            self.card = [a.get("id"), ""]
        if tag == "tr" and "data-type" in a:
            self.row = {"attrs": a, "cells": []}
        if tag == "td" and self.row is not None:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "td" and self.row is not None and self.cell is not None:
            self.row["cells"].append(self.cell.strip())
            self.cell = None
        if tag == "tr" and self.row is not None:
            if self.in_unassigned:
                self.unassigned.append(self.row)
            elif self.routes:
                self.routes[-1]["rows"].append(self.row)
            self.row = None
        if tag == "b" and self.card is not None:
            self.cards[self.card[0]] = self.card[1].strip()
            self.card = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data
        if self.card is not None:
            self.card[1] += data


def clock(t):
    if t >= 1e8:
        import time
        return time.strftime("%Y-%m-%d %H:%M", time.gmtime(t))
    s = int(t)
    d, h, m = s // 86400, (s % 86400) // 3600, (s % 3600) // 60
    return "%02d:%02d" % (h, m) + (" +%dd" % d if d else "")


def main():
    args = sys.argv[1:]
    reloads = "--reloads" in args
    max_bytes = 5_000_000
    if "--max-bytes" in args:
        max_bytes = int(args[args.index("--max-bytes") + 1])
    plan_path, page_path = [a for a in args if not a.startswith("--") and not a.isdigit()][:2]
    plan = json.load(open(plan_path))
    text = open(page_path, encoding="utf-8").read()
    bad = []
    size = len(text.encode())
    if size > max_bytes:
        bad.append("page is %d bytes (limit %d)" % (size, max_bytes))
    if re.search(r"url\(\s*['\"]?(https?:)?//", text):
        bad.append("page has a url(...) that reaches out")
    p = Page()
    p.feed(text)
    bad += ["reaches out: " + e for e in p.external]
    if len(p.routes) != len(plan["routes"]):
        bad.append("%d route sections, the plan has %d routes" % (len(p.routes), len(plan["routes"])))
    steps = served = reload_rows = 0
    for r, (route, sec) in enumerate(zip(plan["routes"], p.routes)):
        if sec["vehicle"] != route["vehicle"]:
            bad.append("route %d: vehicle %s, plan %s" % (r, sec["vehicle"], route["vehicle"]))
        if len(sec["rows"]) != len(route["steps"]):
            bad.append("route %d: %d rows, %d steps" % (r, len(sec["rows"]), len(route["steps"])))
        for k, (s, row) in enumerate(zip(route["steps"], sec["rows"])):
            a = row["attrs"]
            want_id = s.get("id", 0) if s["type"] not in ("start", "end") else 0
            load = " / ".join(str(v) for v in s.get("load", []))
            where = "route %d (vehicle %s) step %d" % (r, route["vehicle"], k)
            if a["data-type"] != s["type"] or int(a["data-id"]) != want_id:
                bad.append("%s: row %s %s, plan %s %s" % (where, a["data-type"], a["data-id"],
                                                          s["type"], want_id))
            if int(a["data-arrival"]) != s["arrival"]:
                bad.append("%s: arrival %s, plan %s" % (where, a["data-arrival"], s["arrival"]))
            if clock(s["arrival"]) not in row["cells"]:
                bad.append("%s: no cell shows %s" % (where, clock(s["arrival"])))
            if a["data-load"] != load or row["cells"][-1] != load:
                bad.append("%s: load %r / %r, plan %r" % (where, a["data-load"], row["cells"][-1], load))
            if s["type"] == "reload":
                reload_rows += 1
                if any(v != 0 for v in s.get("load", [])):
                    bad.append("%s: load after a reload is %s" % (where, load))
            steps += 1
            served += s["type"] in ("job", "pickup", "delivery")
    if reloads and reload_rows == 0:
        bad.append("no reload rows (the plan should have reloads)")
    un = plan.get("unassigned", [])
    if len(p.unassigned) != len(un):
        bad.append("%d unassigned rows, the plan has %d" % (len(p.unassigned), len(un)))
    for u, row in zip(un, p.unassigned):
        a = row["attrs"]
        if a["data-type"] != u["type"] or int(a["data-id"]) != u["id"]:
            bad.append("unassigned %s %s: row %s %s" % (u["type"], u["id"], a["data-type"], a["data-id"]))
        if row["cells"][-1] != u["reason"]:
            bad.append("unassigned %s: reason %r, plan %r" % (u["id"], row["cells"][-1], u["reason"]))
    if p.cards.get("c-served") != "%d of %d" % (served, served + len(un)):
        bad.append("summary: served %r, plan %d of %d" % (p.cards.get("c-served"), served, served + len(un)))
    if p.cards.get("c-left") != str(len(un)):
        bad.append("summary: left out %r, plan %d" % (p.cards.get("c-left"), len(un)))
    if bad:
        for b in bad[:40]:
            print("FAIL " + b)
        return 1
    print("OK %d routes, %d steps (%d reloads), %d unassigned, %d bytes" % (
        len(p.routes), steps, reload_rows, len(p.unassigned), size))
    return 0


if __name__ == "__main__":
    sys.exit(main())
