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

/* The header's values: line 1 to 5. */
typedef struct whead {
    double cap;   /* vehicle capacity, yd³ */
    double day;   /* yardage per vehicle per day, yd³ */
    double stops; /* stops per vehicle per day */
    double lunch; /* lunch duration, s */
    double mph;   /* speed, miles per hour */
} whead;

/* The rows as read. */
typedef struct wtable {
    wrow *rows;          /* [n], malloc'd */
    int n, cap_rows;     /* rows read, rows allocated */
    int depot;           /* the depot's row, -1 before it is read */
    int n_stops, n_fill; /* rows of type 1 (stops), of type 2 (landfills) */
} wtable;

/* Reads the five header lines, checks their values, and skips the column
 * header. */
static rd_status read_header(rd_lex *lx, whead *h, rd_error *err) {
    RD_TRY(header_value(lx, "vehicle capacity (line 1)", &h->cap, err));
    RD_TRY(header_value(lx, "yardage per vehicle per day (line 2)", &h->day, err));
    RD_TRY(header_value(lx, "stops per vehicle per day (line 3)", &h->stops, err));
    RD_TRY(header_value(lx, "lunch duration (line 4)", &h->lunch, err));
    RD_TRY(header_value(lx, "speed in mph (line 5)", &h->mph, err));
    if (!(h->cap > 0) || !(h->day > 0) || !(h->stops >= 1) || !(h->lunch >= 0) || !(h->mph > 0) ||
        h->cap > 1e9 || h->day > 1e9 || h->lunch > 86400 || h->stops > 1e6)
        return rd_lex_error(lx, lx->line - 1, RD_ERR_INPUT, err,
                            "header: capacity, yardage, stops and speed must be positive, lunch "
                            "non-negative (got %g, %g, %g, %g, %g)",
                            h->cap, h->day, h->stops, h->lunch, h->mph);
    rd_lex_skip_blank_lines(lx);
    rd_lex_next_line(lx); /* the column header */
    return RD_OK;
}

/* Reads the row at the cursor into *w and checks it on its own: times in
 * HHMM, a window that does not end before it starts, the type, service and
 * load, a stop's load within the capacity `cap` (yd³). */
static rd_status read_row(rd_lex *lx, wrow *w, double cap, rd_error *err) {
    w->line = lx->line;
    int64_t e, l, t;
    double load, service;
    RD_TRY(rd_lex_int(lx, "stop id", &w->id, err));
    RD_TRY(rd_lex_double(lx, "x (feet)", &w->x, err));
    RD_TRY(rd_lex_double(lx, "y (feet)", &w->y, err));
    RD_TRY(rd_lex_int(lx, "earliest start (HHMM)", &e, err));
    RD_TRY(rd_lex_int(lx, "latest start (HHMM)", &l, err));
    RD_TRY(rd_lex_double(lx, "service time (s)", &service, err));
    RD_TRY(rd_lex_double(lx, "load (yards)", &load, err));
    RD_TRY(rd_lex_int(lx, "stop type", &t, err));
    RD_TRY(rd_lex_expect_eol(lx, "the 8 values of a row", err));
    if (!hhmm(e, &w->early) || !hhmm(l, &w->late))
        return rd_lex_error(lx, w->line, RD_ERR_INPUT, err,
                            "stop %" PRId64 ": times must be HHMM between 0000 and 2400", w->id);
    if (w->late < w->early)
        return rd_lex_error(lx, w->line, RD_ERR_INPUT, err,
                            "stop %" PRId64 ": time window [%04" PRId64 ", %04" PRId64
                            "] ends before it starts",
                            w->id, e, l);
    if (t < 0 || t > 2 || !(service >= 0) || service > 86400 || !(load >= 0) || load > 1e9)
        return rd_lex_error(lx, w->line, RD_ERR_INPUT, err,
                            "stop %" PRId64 ": type must be 0, 1 or 2 and service, load "
                            "non-negative",
                            w->id);
    w->type = (int)t;
    w->service = (int64_t)llround(service);
    w->load = (int64_t)llround(load * 100.0);
    if (w->type == 1 && w->load > (int64_t)llround(cap * 100.0))
        return rd_lex_error(lx, w->line, RD_ERR_INPUT, err,
                            "stop %" PRId64 ": load %g exceeds the vehicle capacity %g", w->id,
                            load, cap);
    return RD_OK;
}

#define MAX_ROWS 20000

/* Reads the rows up to the end of the file into tb (at most MAX_ROWS; tb->rows
 * is the caller's to free, also after a failure): one depot, and at least one
 * stop and one landfill. */
static rd_status read_rows(rd_lex *lx, double cap, wtable *tb, rd_error *err) {
    *tb = (wtable){NULL, 0, 256, -1, 0, 0};
    tb->rows = malloc((size_t)tb->cap_rows * sizeof *tb->rows);
    if (!tb->rows) return rd_err(err, RD_ERR_NOMEM, "%s: out of memory", lx->path);
    while (rd_lex_skip_blank_lines(lx)) {
        if (tb->n == MAX_ROWS) /* (checked before the row is read: its line is named) */
            return rd_lex_error(lx, lx->line, RD_ERR_INPUT, err, "more than %d rows", MAX_ROWS);
        if (tb->n == tb->cap_rows) {
            wrow *q = realloc(tb->rows, (size_t)tb->cap_rows * 2 * sizeof *q);
            if (!q) return rd_err(err, RD_ERR_NOMEM, "%s: out of memory", lx->path);
            tb->rows = q;
            tb->cap_rows *= 2;
        }
        wrow *w = &tb->rows[tb->n];
        RD_TRY(read_row(lx, w, cap, err));
        if (w->type == 0) {
            if (tb->depot >= 0)
                return rd_lex_error(lx, w->line, RD_ERR_INPUT, err,
                                    "a second depot (stop %" PRId64 "; the first at line %d)",
                                    w->id, tb->rows[tb->depot].line);
            tb->depot = tb->n;
        }
        tb->n_stops += w->type == 1;
        tb->n_fill += w->type == 2;
        tb->n++;
    }
    if (tb->depot < 0 || tb->n_stops == 0 || tb->n_fill == 0)
        return rd_lex_error(lx, rd_lex_last_line(lx), RD_ERR_INPUT, err,
                            "%s: needs one depot (type 0), stops (type 1) and a landfill (type 2)",
                            lx->path);
    return RD_OK;
}

/* The default fleet: 1.5 × the larger lower bound (daily yardage, or the
 * shift time the service and the dumps take), plus 2; capc and dayc are the
 * capacity and the daily yardage in 1/100 yd³. */
static int default_fleet(const wtable *tb, const whead *h, int64_t capc, int64_t dayc) {
    const wrow *rows = tb->rows;
    int64_t total = 0;
    for (int i = 0; i < tb->n; i++) total += rows[i].type == 1 ? rows[i].load : 0;
    double svc = 0, dump = 0;
    for (int i = 0; i < tb->n; i++) {
        if (rows[i].type == 1) svc += (double)rows[i].service;
        if (rows[i].type == 2 && (dump == 0 || (double)rows[i].service < dump))
            dump = (double)rows[i].service;
    }
    double hours = (double)(rows[tb->depot].late - rows[tb->depot].early) - h->lunch;
    double lb_time = hours > 0 ? (svc + ceil((double)total / (double)capc) * dump) / hours : 1;
    double lb_yard = (double)total / (double)dayc;
    return (int)ceil(1.5 * (lb_time > lb_yard ? lb_time : lb_yard)) + 2;
}

/* Reload copies per landfill and vehicle: max(2, ceil(2 × trips / landfills)),
 * at most trips + 1 and RELOAD_COPIES_MAX, trips = ceil(daily yardage /
 * capacity). */
static int reload_copies(int64_t capc, int64_t dayc, int n_fill) {
    int trips = (int)((dayc + capc - 1) / capc), per = (2 * trips + n_fill - 1) / n_fill;
    if (per < 2) per = 2;
    if (per > trips + 1) per = trips + 1;
    if (per > RELOAD_COPIES_MAX) per = RELOAD_COPIES_MAX;
    return per;
}

/* The model's source, its name (the file's name without its extension) and
 * its units. */
static void name_model(rd_model *m, const char *path) {
    snprintf(m->source, sizeof m->source, "%s", path);
    const char *base = strrchr(path, '/');
    snprintf(m->name, sizeof m->name, "%s", base ? base + 1 : path);
    char *dot = strrchr(m->name, '.');
    if (dot) *dot = '\0';
    m->round = RD_ROUND_EXACT; /* costs print as value / scale */
    m->scale = 100;
    m->has_tw = 1;
}

/* The rows' coordinates and the travel between them: the Manhattan distance
 * in feet, its time at mph in 1/100 s, costs equal to times. */
static void travel(rd_model *m, const wtable *tb, double mph) {
    const wrow *rows = tb->rows;
    const int n = tb->n;
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
}

/* The stops as the first tasks, in row order; returns how many. */
static int add_stops(rd_model *m, const wtable *tb) {
    int t = 0;
    for (int i = 0; i < tb->n; i++) {
        const wrow *w = &tb->rows[i];
        if (w->type != 1) continue;
        m->task_id[t] = w->id;
        m->task_loc[t] = i;
        m->task_service[t] = w->service * 100;
        m->task_pickup[t] = w->load;
        m->tw_start[t] = w->early * 100;
        m->tw_end[t] = w->late * 100;
        t++;
    }
    return t;
}

/* Truck v (capacity capc, in 1/100 yd³), and from task t on its `per` reload
 * copies at every landfill and its lunch break; returns the next task. */
static int add_vehicle(rd_model *m, const wtable *tb, const whead *h, int v, int per, int64_t capc,
                       int t) {
    const wrow *rows = tb->rows;
    rd_vehicle *V = &m->vehicles[v];
    V->id = v + 1;
    V->start_loc = V->end_loc = tb->depot;
    V->tw_start = rows[tb->depot].early * 100;
    V->tw_end = rows[tb->depot].late * 100;
    V->fixed_cost = VEHICLE_FIXED;
    V->max_tasks = (int64_t)h->stops;
    V->end_empty = 1;
    m->veh_capacity[v] = capc;
    for (int i = 0; i < tb->n; i++) { /* its reloads at every landfill */
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
    m->task_service[t] = (int64_t)llround(h->lunch) * 100;
    m->tw_start[t] = 11 * 3600 * 100;
    m->tw_end[t] = 12 * 3600 * 100;
    return t + 1;
}

rd_status rd_wcvrptw_parse(rd_lex *lx, int vehicles, rd_model **out, rd_error *err) {
    *out = NULL;
    whead h;
    RD_TRY(read_header(lx, &h, err));
    wtable tb;
    rd_status st = read_rows(lx, h.cap, &tb, err);
    if (st != RD_OK) {
        free(tb.rows);
        return st;
    }
    /* the fleet, reload copies, tasks */
    const int64_t capc = (int64_t)llround(h.cap * 100.0), dayc = (int64_t)llround(h.day * 100.0);
    int K = vehicles > 0 ? vehicles : default_fleet(&tb, &h, capc, dayc);
    int per = reload_copies(capc, dayc, tb.n_fill);
    const int n_rel = K * tb.n_fill * per, n_tasks = tb.n_stops + n_rel + K;
    rd_model *m = rd_model_alloc(tb.n, 1, n_tasks, n_tasks, K, 1);
    if (!m) {
        free(tb.rows);
        return rd_err(err, RD_ERR_NOMEM, "%s: out of memory", lx->path);
    }
    name_model(m, lx->path);
    m->x = malloc((size_t)tb.n * sizeof *m->x);
    m->y = malloc((size_t)tb.n * sizeof *m->y);
    if (!m->x || !m->y) {
        free(tb.rows);
        rd_model_destroy(m);
        return rd_err(err, RD_ERR_NOMEM, "%s: out of memory", lx->path);
    }
    travel(m, &tb, h.mph);
    int t = add_stops(m, &tb);
    for (int v = 0; v < K; v++) t = add_vehicle(m, &tb, &h, v, per, capc, t);
    m->veh_shift_cap = malloc((size_t)K * sizeof *m->veh_shift_cap);
    free(tb.rows);
    if (!m->veh_shift_cap || rd_model_index_breaks(m) != RD_OK) {
        rd_model_destroy(m);
        return rd_err(err, RD_ERR_NOMEM, "%s: out of memory", lx->path);
    }
    for (int v = 0; v < K; v++) m->veh_shift_cap[v] = dayc;
    m->n_facilities = tb.n_fill;
    if ((st = rd_model_validate(m, err)) != RD_OK) {
        rd_model_destroy(m);
        return st;
    }
    *out = m;
    return RD_OK;
}
