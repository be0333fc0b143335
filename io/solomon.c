#include "io/solomon.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/vrplib.h"

#define VALUE_MAX  1e9  /* |coordinate| and time bound (keeps int64 math exact) */
#define AMOUNT_MAX 1e12 /* demand and capacity bound */

typedef struct srow {
    int64_t id;  /* customer number */
    double x, y; /* coordinates */
    int64_t demand;
    double ready, due, service;
    int line; /* line of the row */
} srow;

typedef struct sp {
    rd_lex *lx;
    char name[128];
    int64_t vehicles, capacity;
    srow *rows;
    int n, cap;
    const rd_limits *lim; /* size limits (io/limits.h) */
} sp;

/* Skips blank lines and checks that the next line starts with `word`;
 * `whole`: the word must be alone on its line. Leaves the cursor on the next
 * line. */
static rd_status expect_word(sp *p, const char *word, int whole, rd_error *err) {
    rd_lex *lx = p->lx;
    char q[64];
    rd_tok t = {"", 0};
    if (!rd_lex_skip_blank_lines(lx))
        return rd_lex_error(lx, rd_lex_last_line(lx), RD_ERR_INPUT, err,
                            "expected %s, found end of file (truncated?)", word);
    rd_lex_token(lx, &t);
    if (!rd_tok_is(t, word))
        return rd_lex_error(lx, lx->line, RD_ERR_INPUT, err, "expected %s, found %s", word,
                            rd_tok_quote(t, q, sizeof q));
    if (whole) RD_TRY(rd_lex_expect_eol(lx, word, err));
    rd_lex_next_line(lx);
    return RD_OK;
}

static rd_status read_value(sp *p, const char *what, double *out, rd_error *err) {
    RD_TRY(rd_lex_double(p->lx, what, out, err));
    if (fabs(*out) > VALUE_MAX)
        return rd_lex_error(p->lx, p->lx->line, RD_ERR_INPUT, err, "%s %g out of range (|v| <= %g)",
                            what, *out, VALUE_MAX);
    return RD_OK;
}

static rd_status read_row(sp *p, srow *r, rd_error *err) {
    rd_lex *lx = p->lx;
    r->line = lx->line;
    RD_TRY(rd_lex_int(lx, "customer number", &r->id, err));
    if (r->id < 0)
        return rd_lex_error(lx, r->line, RD_ERR_INPUT, err, "negative customer number %" PRId64,
                            r->id);
    RD_TRY(read_value(p, "x coordinate", &r->x, err));
    RD_TRY(read_value(p, "y coordinate", &r->y, err));
    RD_TRY(rd_lex_int(lx, "demand", &r->demand, err));
    RD_TRY(read_value(p, "ready time", &r->ready, err));
    RD_TRY(read_value(p, "due date", &r->due, err));
    RD_TRY(read_value(p, "service time", &r->service, err));
    RD_TRY(rd_lex_expect_eol(lx, "the 7 values of a customer row", err));
    if (r->demand < 0)
        return rd_lex_error(lx, r->line, RD_ERR_INPUT, err,
                            "customer %" PRId64 ": negative demand %" PRId64, r->id, r->demand);
    if ((double)r->demand > AMOUNT_MAX)
        return rd_lex_error(lx, r->line, RD_ERR_INPUT, err,
                            "customer %" PRId64 ": demand %" PRId64 " out of range", r->id,
                            r->demand);
    if (p->n > 0 && r->demand > p->capacity)
        return rd_lex_error(lx, r->line, RD_ERR_INPUT, err,
                            "customer %" PRId64 ": demand %" PRId64 " exceeds capacity %" PRId64,
                            r->id, r->demand, p->capacity);
    if (r->ready < 0)
        return rd_lex_error(lx, r->line, RD_ERR_INPUT, err,
                            "customer %" PRId64 ": ready time %g before 0", r->id, r->ready);
    if (r->due < r->ready)
        return rd_lex_error(lx, r->line, RD_ERR_INPUT, err,
                            "customer %" PRId64 ": time window [%g, %g] ends before it starts",
                            r->id, r->ready, r->due);
    if (r->service < 0)
        return rd_lex_error(lx, r->line, RD_ERR_INPUT, err,
                            "customer %" PRId64 ": negative service time %g", r->id, r->service);
    if (p->n == 0 && r->id != 0)
        return rd_lex_error(
            lx, r->line, RD_ERR_INPUT, err,
            "the first customer row must be the depot, customer 0 (found %" PRId64 ")", r->id);
    return RD_OK;
}

static int cmp_row_id(const void *a, const void *b) {
    const srow *x = *(const srow *const *)a, *y = *(const srow *const *)b;
    if (x->id != y->id) return x->id < y->id ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* Customer numbers must be unique; names the second occurrence. */
static rd_status check_unique(sp *p, rd_error *err) {
    srow **order = malloc((size_t)p->n * sizeof *order);
    if (!order) return rd_err(err, RD_ERR_NOMEM, "%s: out of memory", p->lx->path);
    for (int i = 0; i < p->n; i++) order[i] = &p->rows[i];
    qsort(order, (size_t)p->n, sizeof *order, cmp_row_id);
    rd_status st = RD_OK;
    for (int i = 1; i < p->n && st == RD_OK; i++)
        if (order[i]->id == order[i - 1]->id)
            st = rd_lex_error(p->lx, order[i]->line, RD_ERR_INPUT, err,
                              "customer %" PRId64 " listed twice (first at line %d)", order[i]->id,
                              order[i - 1]->line);
    free(order);
    return st;
}

static rd_status parse(sp *p, rd_error *err) {
    rd_lex *lx = p->lx;
    rd_tok t;
    rd_lex_skip_blank_lines(lx);
    rd_tok name = rd_lex_rest(lx);
    size_t nl = name.len < sizeof p->name - 1 ? name.len : sizeof p->name - 1;
    memcpy(p->name, name.s, nl);
    p->name[nl] = '\0';
    rd_lex_next_line(lx);

    RD_TRY(expect_word(p, "VEHICLE", 1, err));
    RD_TRY(expect_word(p, "NUMBER", 0, err));
    if (!rd_lex_skip_blank_lines(lx))
        return rd_lex_error(lx, rd_lex_last_line(lx), RD_ERR_INPUT, err,
                            "expected the vehicle NUMBER and CAPACITY, found end of file");
    int line = lx->line;
    RD_TRY(rd_lex_int(lx, "vehicle NUMBER", &p->vehicles, err));
    RD_TRY(rd_lex_int(lx, "CAPACITY", &p->capacity, err));
    RD_TRY(rd_lex_expect_eol(lx, "NUMBER and CAPACITY", err));
    rd_lex_next_line(lx);
    if (p->vehicles < 1 || p->vehicles > p->lim->max_vehicles)
        return rd_lex_error(lx, line, RD_ERR_INPUT, err,
                            "vehicle NUMBER %" PRId64 " out of range 1..%" PRId64
                            " (--max-vehicles)",
                            p->vehicles, p->lim->max_vehicles);
    if (p->capacity < 0)
        return rd_lex_error(lx, line, RD_ERR_INPUT, err, "negative CAPACITY %" PRId64, p->capacity);
    if ((double)p->capacity > AMOUNT_MAX)
        return rd_lex_error(lx, line, RD_ERR_INPUT, err, "CAPACITY %" PRId64 " out of range",
                            p->capacity);

    RD_TRY(expect_word(p, "CUSTOMER", 1, err));
    /* The column header line ("CUST NO.  XCOORD. ..."), when present. */
    if (rd_lex_skip_blank_lines(lx) && rd_lex_peek(lx, &t) && !rd_tok_is_numeric(t))
        rd_lex_next_line(lx);

    while (rd_lex_skip_blank_lines(lx)) {
        if (p->n >= p->lim->max_locations)
            return rd_lex_error(lx, lx->line, RD_ERR_INPUT, err,
                                "more than %" PRId64 " rows (locations, --max-locations)",
                                p->lim->max_locations);
        if (rd_limits_dense_coords(p->lim, p->n + 1) < 0) /* --matrix dense */
            return rd_lex_error(lx, lx->line, RD_ERR_INPUT, err,
                                "%d rows need a travel matrix of %" PRId64
                                " bytes, over the limit of %" PRId64 " (--max-matrix-bytes)",
                                p->n + 1, rd_limits_matrix_bytes(p->n + 1, 1),
                                p->lim->max_matrix_bytes);
        if (p->n == p->cap) {
            int nc = p->cap ? 2 * p->cap : 128;
            srow *nr = realloc(p->rows, (size_t)nc * sizeof *nr);
            if (!nr) return rd_lex_error(lx, lx->line, RD_ERR_NOMEM, err, "out of memory");
            p->rows = nr;
            p->cap = nc;
        }
        RD_TRY(read_row(p, &p->rows[p->n], err));
        p->n++;
        rd_lex_next_line(lx);
    }
    if (p->n == 0)
        return rd_lex_error(lx, rd_lex_last_line(lx), RD_ERR_INPUT, err,
                            "no customer rows after CUSTOMER (truncated?)");
    return check_unique(p, err);
}

static rd_status build(const sp *p, rd_round round, rd_model **out, rd_error *err) {
    if (round == RD_ROUND_NONE) round = RD_ROUND_TRUNC1;
    const int n = p->n, n_tasks = n - 1;
    const char *path = p->lx->path;
    const int dense = rd_limits_dense_coords(p->lim, n) > 0;
    rd_model *m = rd_model_alloc_ex(n, 1, n_tasks, n_tasks, 1, 1, dense);
    if (!m) return rd_err(err, RD_ERR_NOMEM, "%s: out of memory for %d locations", path, n);
    if (dense) rd_model_share_travel(m); /* travel time = cost = distance: one n² matrix */
    m->round = round;
    m->scale = rd_vrplib_scale(round);
    m->has_tw = 1;
    snprintf(m->name, sizeof m->name, "%s", p->name);
    snprintf(m->source, sizeof m->source, "%s", path);
    m->x = malloc((size_t)n * sizeof *m->x);
    m->y = malloc((size_t)n * sizeof *m->y);
    if (!m->x || !m->y) {
        rd_model_destroy(m);
        return rd_err(err, RD_ERR_NOMEM, "%s: out of memory", path);
    }
    for (int i = 0; i < n; i++) {
        const srow *r = &p->rows[i];
        m->x[i] = r->x;
        m->y[i] = r->y;
        if (i == 0) continue;
        int t = i - 1;
        m->task_id[t] = r->id;
        m->task_loc[t] = i;
        m->task_pickup[t] = r->demand;
        m->task_service[t] = rd_vrplib_convert(round, r->service, 0);
        m->tw_start[t] = rd_vrplib_convert(round, r->ready, 0);
        m->tw_end[t] = rd_vrplib_convert(round, r->due, 0);
    }
    rd_vehicle *veh = &m->vehicles[0];
    veh->count = (int)p->vehicles;
    veh->start_loc = veh->end_loc = 0;
    veh->tw_start = rd_vrplib_convert(round, p->rows[0].ready, 0);
    veh->tw_end = rd_vrplib_convert(round, p->rows[0].due, 0);
    m->veh_capacity[0] = p->capacity;
    if (dense)
        rd_vrplib_fill_euclid(m);
    else
        rd_model_travel_euclid(m); /* on demand: O(n) memory */
    rd_status st = rd_model_validate(m, err);
    if (st != RD_OK) {
        rd_err_prefix(err, "%s", path);
        rd_model_destroy(m);
        return st;
    }
    *out = m;
    return RD_OK;
}

rd_status rd_solomon_parse(rd_lex *lx, rd_round round, rd_model **out, rd_error *err) {
    return rd_solomon_parse_limited(lx, round, NULL, out, err);
}

rd_status rd_solomon_parse_limited(rd_lex *lx, rd_round round, const rd_limits *lim, rd_model **out,
                                   rd_error *err) {
    *out = NULL;
    if (rd_lex_is_blank(lx)) return rd_err(err, RD_ERR_INPUT, "%s: empty file", lx->path);
    sp p;
    memset(&p, 0, sizeof p);
    p.lx = lx;
    p.lim = rd_limits_or_default(lim);
    rd_status st = parse(&p, err);
    if (st == RD_OK) st = build(&p, round, out, err);
    free(p.rows);
    return st;
}

rd_status rd_solomon_read(const char *path, rd_round round, rd_model **out, rd_error *err) {
    *out = NULL;
    rd_lex lx;
    RD_TRY(rd_lex_open(&lx, path, err));
    rd_status st = rd_solomon_parse(&lx, round, out, err);
    rd_lex_close(&lx);
    return st;
}
