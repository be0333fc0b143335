#include "io/wcvrptw.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RELOAD_COPIES_MAX 64
#define VEHICLE_FIXED     100000000 /* 10^6 s in 1/100 s: a truck costs more than any travel */

typedef struct wrow {
    int64_t id;
    double x, y;
    int64_t early, late, service; /* seconds */
    int64_t load;                 /* 1/100 yd³ */
    int type, line;
} wrow;

int rd_wcvrptw_sniff(const rd_lex *lx) {
    rd_lex probe = *lx;
    rd_tok t;
    if (!rd_lex_skip_blank_lines(&probe) || !rd_lex_token(&probe, &t) || !rd_tok_is_numeric(t))
        return 0;
    rd_tok c;
    return rd_lex_token(&probe, &c) && c.len >= 2 && c.s[0] == '/' && c.s[1] == '/';
}

/* HHMM (e.g. 0730, 2400) into seconds of the day. */
static int hhmm(int64_t v, int64_t *out) {
    if (v < 0 || v % 100 >= 60 || v > 2400) return 0;
    *out = (v / 100) * 3600 + (v % 100) * 60;
    return 1;
}

static rd_status header_value(rd_lex *lx, const char *what, double *out, rd_error *err) {
    if (!rd_lex_skip_blank_lines(lx))
        return rd_lex_error(lx, rd_lex_last_line(lx), RD_ERR_INPUT, err,
                            "expected the %s, found end of file", what);
    RD_TRY(rd_lex_double(lx, what, out, err));
    rd_lex_next_line(lx); /* the `//` comment */
    return RD_OK;
}

rd_status rd_wcvrptw_parse(rd_lex *lx, int vehicles, rd_model **out, rd_error *err) {
    *out = NULL;
    double cap, day, stops, lunch, mph;
    RD_TRY(header_value(lx, "vehicle capacity (line 1)", &cap, err));
    RD_TRY(header_value(lx, "yardage per vehicle per day (line 2)", &day, err));
    RD_TRY(header_value(lx, "stops per vehicle per day (line 3)", &stops, err));
    RD_TRY(header_value(lx, "lunch duration (line 4)", &lunch, err));
    RD_TRY(header_value(lx, "speed in mph (line 5)", &mph, err));
    if (!(cap > 0) || !(day > 0) || !(stops >= 1) || !(lunch >= 0) || !(mph > 0) || cap > 1e9 ||
        day > 1e9 || lunch > 86400 || stops > 1e6)
        return rd_lex_error(lx, lx->line - 1, RD_ERR_INPUT, err,
                            "header: capacity, yardage, stops and speed must be positive, lunch "
                            "non-negative (got %g, %g, %g, %g, %g)",
                            cap, day, stops, lunch, mph);
    rd_lex_skip_blank_lines(lx);
    rd_lex_next_line(lx); /* the column header */
    int n = 0, cap_rows = 256, depot = -1, n_stops = 0, n_fill = 0;
    wrow *rows = malloc((size_t)cap_rows * sizeof *rows);
    rd_status st = RD_OK;
    if (!rows) return rd_err(err, RD_ERR_NOMEM, "%s: out of memory", lx->path);
    while (st == RD_OK && rd_lex_skip_blank_lines(lx)) {
        if (n == cap_rows) {
            if (cap_rows >= 20000) {
                st = rd_lex_error(lx, lx->line, RD_ERR_INPUT, err, "more than 20000 rows");
                break;
            }
            wrow *q = realloc(rows, (size_t)cap_rows * 2 * sizeof *q);
            if (!q) {
                st = rd_err(err, RD_ERR_NOMEM, "%s: out of memory", lx->path);
                break;
            }
            rows = q;
            cap_rows *= 2;
        }
        wrow *w = &rows[n];
        w->line = lx->line;
        int64_t e, l, t;
        double load, service;
        if ((st = rd_lex_int(lx, "stop id", &w->id, err)) != RD_OK ||
            (st = rd_lex_double(lx, "x (feet)", &w->x, err)) != RD_OK ||
            (st = rd_lex_double(lx, "y (feet)", &w->y, err)) != RD_OK ||
            (st = rd_lex_int(lx, "earliest start (HHMM)", &e, err)) != RD_OK ||
            (st = rd_lex_int(lx, "latest start (HHMM)", &l, err)) != RD_OK ||
            (st = rd_lex_double(lx, "service time (s)", &service, err)) != RD_OK ||
            (st = rd_lex_double(lx, "load (yards)", &load, err)) != RD_OK ||
            (st = rd_lex_int(lx, "stop type", &t, err)) != RD_OK ||
            (st = rd_lex_expect_eol(lx, "the 8 values of a row", err)) != RD_OK)
            break;
        if (!hhmm(e, &w->early) || !hhmm(l, &w->late)) {
            st = rd_lex_error(lx, w->line, RD_ERR_INPUT, err,
                              "stop %" PRId64 ": times must be HHMM between 0000 and 2400", w->id);
            break;
        }
        if (w->late < w->early) {
            st = rd_lex_error(lx, w->line, RD_ERR_INPUT, err,
                              "stop %" PRId64 ": time window [%04" PRId64 ", %04" PRId64
                              "] ends before it starts",
                              w->id, e, l);
            break;
        }
        if (t < 0 || t > 2 || !(service >= 0) || service > 86400 || !(load >= 0) || load > 1e9) {
            st = rd_lex_error(lx, w->line, RD_ERR_INPUT, err,
                              "stop %" PRId64 ": type must be 0, 1 or 2 and service, load "
                              "non-negative",
                              w->id);
            break;
        }
        w->type = (int)t;
        w->service = (int64_t)llround(service);
        w->load = (int64_t)llround(load * 100.0);
        if (w->type == 1 && w->load > (int64_t)llround(cap * 100.0)) {
            st = rd_lex_error(lx, w->line, RD_ERR_INPUT, err,
                              "stop %" PRId64 ": load %g exceeds the vehicle capacity %g", w->id,
                              load, cap);
            break;
        }
        if (w->type == 0) {
            if (depot >= 0) {
                st = rd_lex_error(lx, w->line, RD_ERR_INPUT, err,
                                  "a second depot (stop %" PRId64 "; the first at line %d)", w->id,
                                  rows[depot].line);
                break;
            }
            depot = n;
        }
        n_stops += w->type == 1;
        n_fill += w->type == 2;
        n++;
    }
    if (st == RD_OK && (depot < 0 || n_stops == 0 || n_fill == 0))
        st = rd_lex_error(lx, rd_lex_last_line(lx), RD_ERR_INPUT, err,
                          "%s: needs one depot (type 0), stops (type 1) and a landfill (type 2)",
                          lx->path);
    if (st != RD_OK) {
        free(rows);
        return st;
    }
    /* the fleet, reload copies, tasks */
    int64_t total = 0;
    for (int i = 0; i < n; i++) total += rows[i].type == 1 ? rows[i].load : 0;
    const int64_t capc = (int64_t)llround(cap * 100.0), dayc = (int64_t)llround(day * 100.0);
    /* the default fleet: 1.5 × the larger lower bound (daily yardage, or the
     * shift time the service and the dumps take), plus 2 */
    double svc = 0, dump = 0;
    for (int i = 0; i < n; i++) {
        if (rows[i].type == 1) svc += (double)rows[i].service;
        if (rows[i].type == 2 && (dump == 0 || (double)rows[i].service < dump))
            dump = (double)rows[i].service;
    }
    double hours = (double)(rows[depot].late - rows[depot].early) - lunch;
    double lb_time = hours > 0 ? (svc + ceil((double)total / (double)capc) * dump) / hours : 1;
    double lb_yard = (double)total / (double)dayc;
    int K = vehicles > 0 ? vehicles : (int)ceil(1.5 * (lb_time > lb_yard ? lb_time : lb_yard)) + 2;
    int trips = (int)((dayc + capc - 1) / capc), per = (2 * trips + n_fill - 1) / n_fill;
    if (per < 2) per = 2;
    if (per > trips + 1) per = trips + 1;
    if (per > RELOAD_COPIES_MAX) per = RELOAD_COPIES_MAX;
    const int n_rel = K * n_fill * per, n_tasks = n_stops + n_rel + K;
    rd_model *m = rd_model_alloc(n, 1, n_tasks, n_tasks, K, 1);
    if (!m) {
        free(rows);
        return rd_err(err, RD_ERR_NOMEM, "%s: out of memory", lx->path);
    }
    snprintf(m->source, sizeof m->source, "%s", lx->path);
    const char *base = strrchr(lx->path, '/');
    snprintf(m->name, sizeof m->name, "%s", base ? base + 1 : lx->path);
    char *dot = strrchr(m->name, '.');
    if (dot) *dot = '\0';
    m->round = RD_ROUND_EXACT; /* costs print as value / scale */
    m->scale = 100;
    m->has_tw = 1;
    m->x = malloc((size_t)n * sizeof *m->x);
    m->y = malloc((size_t)n * sizeof *m->y);
    if (!m->x || !m->y) {
        free(rows);
        rd_model_destroy(m);
        return rd_err(err, RD_ERR_NOMEM, "%s: out of memory", lx->path);
    }
    for (int i = 0; i < n; i++) {
        m->x[i] = rows[i].x;
        m->y[i] = rows[i].y;
        for (int j = 0; j < n; j++) {
            double feet = fabs(rows[i].x - rows[j].x) + fabs(rows[i].y - rows[j].y);
            size_t c = (size_t)i * (size_t)n + (size_t)j;
            m->durations[0].v[c] = (int64_t)llround(feet / 5280.0 / mph * 3600.0 * 100.0);
            m->costs[0].v[c] = m->durations[0].v[c];
            m->distances[0].v[c] = (int64_t)llround(feet);
        }
    }
    int t = 0;
    for (int i = 0; i < n; i++) {
        if (rows[i].type != 1) continue;
        m->task_id[t] = rows[i].id;
        m->task_loc[t] = i;
        m->task_service[t] = rows[i].service * 100;
        m->task_pickup[t] = rows[i].load;
        m->tw_start[t] = rows[i].early * 100;
        m->tw_end[t] = rows[i].late * 100;
        t++;
    }
    for (int v = 0; v < K; v++) {
        rd_vehicle *V = &m->vehicles[v];
        V->id = v + 1;
        V->start_loc = V->end_loc = depot;
        V->tw_start = rows[depot].early * 100;
        V->tw_end = rows[depot].late * 100;
        V->fixed_cost = VEHICLE_FIXED;
        V->max_tasks = (int64_t)stops;
        V->end_empty = 1;
        m->veh_capacity[v] = capc;
        for (int i = 0; i < n; i++) { /* its reloads at every landfill */
            if (rows[i].type != 2) continue;
            for (int c = 0; c < per; c++, t++) {
                m->task_id[t] = rows[i].id;
                m->task_kind[t] = RD_TASK_RELOAD;
                m->task_owner[t] = v;
                m->task_loc[t] = i;
                m->task_service[t] = rows[i].service * 100;
                m->tw_start[t] = rows[i].early * 100;
                m->tw_end[t] = rows[i].late * 100;
            }
        }
        m->task_id[t] = 1; /* lunch */
        m->task_kind[t] = RD_TASK_BREAK;
        m->task_owner[t] = v;
        m->task_loc[t] = -1;
        m->task_service[t] = (int64_t)llround(lunch) * 100;
        m->tw_start[t] = 11 * 3600 * 100;
        m->tw_end[t] = 12 * 3600 * 100;
        t++;
    }
    m->veh_shift_cap = malloc((size_t)K * sizeof *m->veh_shift_cap);
    free(rows);
    if (!m->veh_shift_cap || rd_model_index_breaks(m) != RD_OK) {
        rd_model_destroy(m);
        return rd_err(err, RD_ERR_NOMEM, "%s: out of memory", lx->path);
    }
    for (int v = 0; v < K; v++) m->veh_shift_cap[v] = dayc;
    m->n_facilities = n_fill;
    if ((st = rd_model_validate(m, err)) != RD_OK) {
        rd_model_destroy(m);
        return st;
    }
    *out = m;
    return RD_OK;
}
