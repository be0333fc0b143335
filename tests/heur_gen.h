/* Random test models for the heuristics tests (test_route, test_neigh,
 * test_construct, test_ls, test_search): a depot and n customers on a
 * 100 × 100 square, Euclidean distances rounded to the nearest integer,
 * durations = distances, costs = distances (× 2 on profile 1). Everything is
 * drawn from an rd_rng with a fixed seed, so each model is the same on every run.
 * Header-only (static inline functions) so that every test file stays standalone. */
#ifndef HEUR_GEN_H
#define HEUR_GEN_H

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "heuristics/route.h"
#include "model/eval.h"
#include "model/model.h"
#include "model/rng.h"
#include "model/solution.h"

typedef struct gen_opts {
    int n;           /* customers (tasks) */
    int tw;          /* 0: no windows; 1: one window each; 2: every third task gets two windows */
    int fleet;       /* vehicles per type */
    int64_t cap;     /* capacity of type 0 (type k: cap × (k + 1)) */
    int open_end;    /* 1: routes end at their last task (end_loc = -1) */
    int open_start;  /* 1: routes start at their first task (start_loc = -1) */
    int mixed;       /* 1: tasks also pick up (VROOM load rule) */
    int n_types;     /* vehicle types (>= 1); type 1 uses profile 1 when n_types > 1 */
    int shared_locs; /* 1: every fourth task shares the previous task's location */
    int64_t setup;   /* setup time of every task */
    int64_t horizon; /* shift end (shift start 0) */
    uint64_t seed;   /* generator seed */
    int pairs;       /* tasks 2k and 2k + 1 (k < pairs) become a shipment (pickup, delivery) */
    int skills;      /* 1: tasks t % 4 == 1 ask skill 1, t % 4 == 2 skills 1 and 2; type 0 has
                        skill 1, the others 1 and 2 */
    int breaks;      /* breaks per vehicle type (needs fleet 1): tasks n.. (service 20, a
                        window of 200 in the middle of the shift, max_load cap - 5 on the
                        first break of odd types) */
} gen_opts;

static inline gen_opts gen_defaults(int n, uint64_t seed) {
    gen_opts o;
    memset(&o, 0, sizeof o);
    o.n = n;
    o.fleet = n;
    o.cap = 50;
    o.n_types = 1;
    o.horizon = 1000;
    o.seed = seed;
    return o;
}

static inline rd_model *gen_model(const gen_opts *o) {
    const int n = o->n, nl = n + 1, np = o->n_types > 1 ? 2 : 1, nb = o->breaks * o->n_types;
    int n_tw = nb;
    for (int t = 0; t < n; t++) n_tw += (o->tw == 2 && t % 3 == 0) ? 2 : 1;
    rd_model *m = rd_model_alloc(nl, np, n + nb, n_tw, o->n_types, 1);
    if (!m) return NULL;
    rd_rng rng;
    rd_rng_seed(&rng, o->seed, 99);
    m->x = malloc((size_t)nl * sizeof *m->x);
    m->y = malloc((size_t)nl * sizeof *m->y);
    m->x[0] = m->y[0] = 50;
    for (int i = 1; i < nl; i++) {
        m->x[i] = (double)rd_rng_range(&rng, 0, 100);
        m->y[i] = (double)rd_rng_range(&rng, 0, 100);
    }
    for (int p = 0; p < np; p++)
        for (int i = 0; i < nl; i++)
            for (int j = 0; j < nl; j++) {
                double dx = m->x[i] - m->x[j], dy = m->y[i] - m->y[j];
                int64_t d = (int64_t)floor(sqrt(dx * dx + dy * dy) + 0.5);
                m->durations[p].v[i * nl + j] = d;
                m->distances[p].v[i * nl + j] = d;
                m->costs[p].v[i * nl + j] = p == 0 ? d : 2 * d;
            }
    int w = 0;
    for (int t = 0; t < n; t++) {
        m->task_id[t] = 1001 + t;
        m->task_loc[t] = (o->shared_locs && t % 4 == 3) ? t : t + 1;
        m->task_service[t] = 10;
        m->task_setup[t] = o->setup;
        m->task_delivery[t] = rd_rng_range(&rng, 1, 10);
        if (o->mixed) m->task_pickup[t] = rd_rng_range(&rng, 0, 8);
        m->task_tw_first[t] = w;
        int64_t d0 = m->durations[0].v[m->task_loc[t]];
        int64_t lo = d0, hi = o->horizon - d0 - 10 - o->setup;
        if (o->tw == 0) {
            m->tw_start[w] = 0;
            m->tw_end[w] = o->horizon;
            w++;
        } else if (o->tw == 2 && t % 3 == 0) {
            int64_t mid = (lo + hi) / 2;
            int64_t a = rd_rng_range(&rng, lo, mid - 60);
            m->tw_start[w] = a;
            m->tw_end[w] = a + 30;
            w++;
            int64_t b = rd_rng_range(&rng, mid, hi - 30);
            m->tw_start[w] = b;
            m->tw_end[w] = b + 30;
            w++;
        } else {
            int64_t a = rd_rng_range(&rng, lo, hi - 60);
            m->tw_start[w] = a;
            m->tw_end[w] = a + 60 + rd_rng_range(&rng, 0, 120);
            w++;
        }
    }
    for (int b = 0; b < nb; b++) {
        int t = n + b, v = b / o->breaks;
        m->task_id[t] = 9001 + b;
        m->task_kind[t] = RD_TASK_BREAK;
        m->task_owner[t] = v;
        m->task_loc[t] = -1;
        m->task_service[t] = 20;
        m->task_tw_first[t] = w;
        m->tw_start[w] = o->horizon / 3 + 60 * (b % o->breaks);
        m->tw_end[w] = m->tw_start[w] + 200;
        w++;
        if (b % o->breaks == 0 && v % 2 == 1) {
            if (!m->task_max_load) {
                m->task_max_load = malloc((size_t)(n + nb) * sizeof *m->task_max_load);
                for (int k = 0; k < n + nb; k++) m->task_max_load[k] = RD_INF;
            }
            m->task_max_load[t] = o->cap * (v + 1) - 5;
        }
    }
    m->task_tw_first[n + nb] = w;
    m->has_tw = o->tw != 0 || nb > 0;
    for (int k = 0; k < o->pairs && 2 * k + 1 < n; k++) {
        int p = 2 * k, d = 2 * k + 1;
        m->task_kind[p] = RD_TASK_PICKUP;
        m->task_kind[d] = RD_TASK_DELIVERY;
        m->task_pair[p] = d;
        m->task_pair[d] = p;
        m->task_pickup[p] = m->task_delivery[p];
        m->task_delivery[p] = 0;
        m->task_pickup[d] = 0;
        m->task_delivery[d] = m->task_pickup[p];
    }
    for (int v = 0; v < o->n_types; v++) {
        rd_vehicle *V = &m->vehicles[v];
        V->count = o->fleet;
        V->start_loc = o->open_start ? -1 : 0;
        V->end_loc = o->open_end ? -1 : 0;
        V->tw_start = 0;
        V->tw_end = o->horizon;
        V->fixed_cost = 10 * v;
        V->profile = v == 1 ? 1 : 0;
        m->veh_capacity[v] = o->cap * (v + 1);
    }
    strcpy(m->name, "gen");
    if (rd_model_index_breaks(m) != RD_OK) {
        rd_model_destroy(m);
        return NULL;
    }
    if (o->skills) {
        const int nt = m->n_tasks; /* breaks ask for nothing */
        int *tf = malloc(((size_t)nt + 1) * sizeof *tf),
            *vf = malloc(((size_t)o->n_types + 1) * sizeof *vf);
        int64_t *ts = malloc(2 * (size_t)n * sizeof *ts),
                *vs = malloc(2 * (size_t)o->n_types * sizeof *vs);
        int k = 0;
        for (int t = 0; t < nt; t++) {
            tf[t] = k;
            if (t < n && (t % 4 == 1 || t % 4 == 2)) ts[k++] = 1;
            if (t < n && t % 4 == 2) ts[k++] = 2;
        }
        tf[nt] = k;
        k = 0;
        for (int v = 0; v < o->n_types; v++) {
            vf[v] = k;
            vs[k++] = 1;
            if (v > 0) vs[k++] = 2;
        }
        vf[o->n_types] = k;
        rd_status st = rd_model_set_skills(m, tf, ts, vf, vs);
        free(tf);
        free(vf);
        free(ts);
        free(vs);
        if (st != RD_OK) {
            rd_model_destroy(m);
            return NULL;
        }
    }
    if (rd_model_validate(m, NULL) != RD_OK) {
        rd_model_destroy(m);
        return NULL;
    }
    return m;
}

/* The workspace's plan as a plain solution (unrouted tasks listed unassigned). */
static inline rd_solution *gen_ws_solution(const rd_ws *w) {
    rd_solution *s = rd_solution_create();
    for (int r = 0; r < w->n_routes; r++)
        if (rd_route_used(&w->r[r])) /* (a route of breaks only is an unused vehicle) */
            rd_solution_add_route(s, w->r[r].vehicle, w->r[r].task, w->r[r].len);
    for (int t = 0; t < w->m->n_tasks; t++)
        if (w->route_of[t] < 0) rd_solution_add_unassigned(s, t, "test");
    return s;
}

/* rd_eval of `s`: returns feasibility and stores the cost. */
static inline int gen_eval(const rd_model *m, const rd_solution *s, int64_t *cost, int *served) {
    rd_eval_report rep;
    if (rd_eval(m, s, &rep, NULL) != RD_OK) return 0;
    int ok = rep.feasible;
    if (cost) *cost = rep.cost;
    if (served) *served = rep.n_served;
    rd_eval_report_free(&rep);
    return ok;
}

#endif
