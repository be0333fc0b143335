/* compl: see solver/compl.h. */
#include "solver/compl.h"

#include <math.h>
#include <stdlib.h>

#include "heuristics/route.h"

#define LOAD_MAX_CELLS 4000000 /* nodes x (capacity + 1) */
#define TIME_MAX_CELLS 2000000 /* nodes x time buckets */
#define TIME_SPLIT     4       /* buckets per least step (finer: tighter, dearer) */

enum { FWD = 0, BWD = 1 };

/* One table, stored by resource value then node (one value's look-ups stay
 * close together): f1 the least over walks, s1 that walk's first node (-1:
 * straight to the end, backward from the start), f2 the least over walks
 * whose first node differs. */
typedef struct table {
    double *f1, *f2;
    int *s1;
} table;

struct rd_compl {
    const rd_model *m;
    int v;
    rd_compl_nodes nd;
    int has_load, has_time;
    int load_dir;    /* 0: deliveries, 1: pickups */
    int64_t cap;     /* capacity in dimension 0 */
    int64_t lo, top; /* time: the shift start, the latest departure or begin */
    int64_t w, B;    /* bucket width, buckets */
    table load[2], time[2];
    double *rc;   /* [n * n] scratch: reduced legs (forward j to k; backward k to j) */
    double *end;  /* [n] scratch: the leg to the end (backward: fixed + from the start) */
    int64_t *dem; /* [n] the loads in dimension 0 */
};

static int64_t leg(const rd_matrix *mx, int a, int b) {
    return a >= 0 && b >= 0 ? rd_matrix_at(mx, a, b) : 0;
}

static int table_alloc(table *t, size_t cells) {
    t->f1 = malloc(cells * sizeof *t->f1);
    t->f2 = malloc(cells * sizeof *t->f2);
    t->s1 = malloc(cells * sizeof *t->s1);
    return t->f1 && t->f2 && t->s1;
}

static void table_free(table *t) {
    free(t->f1);
    free(t->f2);
    free(t->s1);
}

/* The load bound applies when dimension 0 is loaded in one direction only,
 * by every task (a task of no load would let the recursion loop). */
static int load_setup(rd_compl *c) {
    const rd_model *m = c->m;
    const int n = c->nd.n;
    int64_t cap = rd_model_capacity(m, c->v)[0];
    int dels = 0, picks = 0, zero = 0;
    for (int i = 0; i < n; i++) {
        int t = c->nd.task[i];
        int64_t d = rd_model_delivery(m, t)[0], k = rd_model_pickup(m, t)[0];
        dels += d > 0;
        picks += k > 0;
        zero += d <= 0 && k <= 0;
    }
    if (zero || (dels && picks) || cap <= 0 || (double)n * (double)(cap + 1) > LOAD_MAX_CELLS)
        return 0;
    c->load_dir = picks > 0;
    c->cap = cap;
    for (int i = 0; i < n; i++) {
        int t = c->nd.task[i];
        c->dem[i] = c->load_dir ? rd_model_pickup(m, t)[0] : rd_model_delivery(m, t)[0];
    }
    size_t cells = (size_t)n * (size_t)(cap + 1);
    return table_alloc(&c->load[FWD], cells) && table_alloc(&c->load[BWD], cells);
}

/* The time bound applies when time binds, no task has a setup time, the
 * horizon is finite and every leg between two nodes (either way) plus the
 * service at the one it reaches takes time: a bucket is at most that least
 * step, so a step always reaches a later bucket. */
static int time_setup(rd_compl *c) {
    const rd_model *m = c->m;
    const rd_vehicle *veh = &m->vehicles[c->v];
    const rd_matrix *du = &m->durations[veh->profile];
    const int n = c->nd.n;
    if (!c->nd.timed || n == 0) return 0;
    int64_t top = veh->tw_end < RD_INF / 2 ? veh->tw_end : 0, step = INT64_MAX;
    for (int i = 0; i < n; i++) {
        int t = c->nd.task[i];
        if (m->task_setup[t] > 0) return 0;
        int64_t last = m->tw_end[m->task_tw_first[t + 1] - 1];
        if (veh->tw_end >= RD_INF / 2) {
            if (last >= RD_INF / 2) return 0;
            if (last + m->task_service[t] > top) top = last + m->task_service[t];
        }
        for (int k = 0; k < n; k++) { /* (a step onto node i, either way round) */
            int64_t to = leg(du, c->nd.loc[k], c->nd.loc[i]),
                    from = leg(du, c->nd.loc[i], c->nd.loc[k]);
            int64_t s = (to < from ? to : from) + m->task_service[t];
            if (k != i && s < step) step = s;
        }
    }
    c->lo = veh->tw_start;
    if (step <= 0 || step == INT64_MAX || top <= c->lo) return 0;
    int64_t w = step / TIME_SPLIT > 0 ? step / TIME_SPLIT : 1;
    int64_t fit = (top - c->lo) / (TIME_MAX_CELLS / n) + 1; /* the least width that fits */
    if (fit > w) w = fit;
    if (w > step) return 0;
    c->top = top;
    c->w = w;
    c->B = (top - c->lo) / w + 1;
    size_t cells = (size_t)n * (size_t)c->B;
    return table_alloc(&c->time[FWD], cells) && table_alloc(&c->time[BWD], cells);
}

rd_compl *rd_compl_create(const rd_model *m, int v, const rd_compl_nodes *nodes) {
    rd_compl *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->m = m;
    c->v = v;
    c->nd = *nodes;
    const size_t n = (size_t)nodes->n + 1;
    c->rc = malloc(n * n * sizeof *c->rc);
    c->end = malloc(n * sizeof *c->end);
    c->dem = malloc(n * sizeof *c->dem);
    if (c->rc && c->end && c->dem) {
        c->has_load = load_setup(c);
        c->has_time = time_setup(c);
    }
    if (!c->has_load && !c->has_time) {
        rd_compl_destroy(c);
        return NULL;
    }
    return c;
}

void rd_compl_destroy(rd_compl *c) {
    if (!c) return;
    for (int d = 0; d < 2; d++) {
        table_free(&c->load[d]);
        table_free(&c->time[d]);
    }
    free(c->rc);
    free(c->end);
    free(c->dem);
    free(c);
}

/* Whether node j is in node k's ng-neighbourhood: then a walk k, j cannot
 * follow j (forward j, k, j; backward the same read from the other end). */
static int in_nbhd(const rd_compl *c, int k, int j) {
    return (int)(c->nd.nbhd[(size_t)k * (size_t)c->nd.words + (size_t)(j / 64)] >> (j % 64)) & 1;
}

/* Node k's value in table t at resource index q, for a walk that came from
 * j: f2 when f1's walk goes straight back to j and the memory forbids it. */
static double via(const rd_compl *c, const table *t, size_t q, int k, int j) {
    size_t at = q * (size_t)c->nd.n + (size_t)k;
    return t->s1[at] == j && in_nbhd(c, k, j) ? t->f2[at] : t->f1[at];
}

/* Keeps the least two values with distinct first nodes. */
static void keep2(double v, int k, double *b1, double *b2, int *s1) {
    if (v < *b1) {
        *b2 = *b1, *b1 = v, *s1 = k;
    } else if (v < *b2) {
        *b2 = v;
    }
}

static void put(table *t, size_t at, double b1, double b2, int s1) {
    t->f1[at] = b1, t->f2[at] = b2, t->s1[at] = s1;
}

/* f(j, q) = min(end[j], min over k of a load d_k <= q: rc(j, k) + f(k, q - d_k)),
 * by increasing room q. */
static void fill_load(rd_compl *c, int dir) {
    const int n = c->nd.n;
    table *t = &c->load[dir];
    for (int64_t q = 0; q <= c->cap; q++)
        for (int j = 0; j < n; j++) {
            double b1 = c->end[j], b2 = INFINITY;
            int s1 = -1;
            const double *r = c->rc + (size_t)j * (size_t)n;
            for (int k = 0; k < n; k++)
                if (c->dem[k] <= q)
                    keep2(r[k] + via(c, t, (size_t)(q - c->dem[k]), k, j), k, &b1, &b2, &s1);
            put(t, (size_t)q * (size_t)n + (size_t)j, b1, b2, s1);
        }
}

/* Forward, bucket b stands for the departure lo + b w from node j (any later
 * departure in the bucket allows no more); backward for the latest begin
 * top - b w at j (any earlier one allows no more). A step reaches a later
 * bucket, so buckets are filled from the last. */
static void fill_time(rd_compl *c, int dir) {
    const rd_model *m = c->m;
    const rd_vehicle *veh = &m->vehicles[c->v];
    const rd_matrix *du = &m->durations[veh->profile];
    const int n = c->nd.n;
    const int *loc = c->nd.loc;
    table *t = &c->time[dir];
    for (int64_t b = c->B - 1; b >= 0; b--)
        for (int j = 0; j < n; j++) {
            double b1 = INFINITY, b2 = INFINITY;
            int s1 = -1;
            if (dir == FWD) {
                int64_t dep = c->lo + b * c->w;
                if (dep + leg(du, loc[j], veh->end_loc) <= veh->tw_end) b1 = c->end[j];
            } else {
                int64_t lat = c->top - b * c->w;
                if (veh->tw_start + leg(du, veh->start_loc, loc[j]) <= lat) b1 = c->end[j];
            }
            const double *r = c->rc + (size_t)j * (size_t)n;
            for (int k = 0; k < n; k++) {
                if (k == j) continue;
                int tk = c->nd.task[k];
                int64_t q;
                if (dir == FWD) {
                    int64_t begin =
                        rd_task_begin(m, tk, c->lo + b * c->w + leg(du, loc[j], loc[k]));
                    if (begin == RD_NO_TIME) continue;
                    int64_t dep = begin + m->task_service[tk];
                    if (dep + c->nd.tail[k] > veh->tw_end) continue;
                    q = (dep - c->lo) / c->w;
                } else {
                    int64_t lat = rd_task_latest_begin(
                        m, tk, c->top - b * c->w - leg(du, loc[k], loc[j]) - m->task_service[tk]);
                    if (lat == RD_NO_TIME || lat < veh->tw_start + c->nd.head[k]) continue;
                    q = (c->top - lat) / c->w;
                }
                if (q <= b || q >= c->B) continue; /* (cannot happen: see time_setup) */
                keep2(r[k] + via(c, t, (size_t)q, k, j), k, &b1, &b2, &s1);
            }
            put(t, (size_t)b * (size_t)n + (size_t)j, b1, b2, s1);
        }
}

static void fill_dir(rd_compl *c, const double *pi, int dir) {
    const rd_model *m = c->m;
    const rd_vehicle *veh = &m->vehicles[c->v];
    const rd_matrix *cm = &m->costs[veh->profile];
    const int n = c->nd.n;
    const int *loc = c->nd.loc;
    for (int j = 0; j < n; j++) {
        c->end[j] = dir == FWD ? (double)leg(cm, loc[j], veh->end_loc)
                               : (double)veh->fixed_cost + (double)leg(cm, veh->start_loc, loc[j]);
        for (int k = 0; k < n; k++) {
            int64_t a = dir == FWD ? leg(cm, loc[j], loc[k]) : leg(cm, loc[k], loc[j]);
            c->rc[(size_t)j * (size_t)n + (size_t)k] =
                k == j ? INFINITY : (double)a - pi[c->nd.task[k]];
        }
    }
    if (c->has_load) fill_load(c, dir);
    if (c->has_time) fill_time(c, dir);
}

void rd_compl_fill(rd_compl *c, const double *pi, int both) {
    fill_dir(c, pi, FWD);
    if (both) fill_dir(c, pi, BWD);
}

/* The value at index q of table t for node j, skipping a first node that
 * the memory (om restricted to N(j), plus j) holds. */
static double look(const rd_compl *c, const table *t, size_t q, int j, const uint64_t *om) {
    size_t at = q * (size_t)c->nd.n + (size_t)j;
    int s = t->s1[at];
    if (s < 0) return t->f1[at];
    int held = s == j || (((om[s / 64] >> (s % 64)) & 1) && in_nbhd(c, j, s));
    return held ? t->f2[at] : t->f1[at];
}

double rd_compl_at(const rd_compl *c, int dir, int j, const int64_t *load, int64_t time,
                   const uint64_t *om) {
    double best = -INFINITY;
    if (c->has_load) {
        int64_t room = c->cap - load[c->load_dir ? c->m->n_dims : 0];
        if (room < 0) return INFINITY;
        best = look(c, &c->load[dir], (size_t)room, j, om);
    }
    if (c->has_time) {
        int64_t q = dir == FWD ? (time - c->lo) / c->w : (c->top - time) / c->w;
        if (dir == FWD && q >= c->B) q = c->B - 1; /* (an earlier departure: no more) */
        if (q >= 0 && q < c->B) {
            double v = look(c, &c->time[dir], (size_t)q, j, om);
            if (v > best) best = v;
        }
    }
    return best;
}
