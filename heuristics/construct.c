#include "heuristics/construct.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- classification and reasons ---- */

/* Vehicle type v can serve q[0..nq) (in that order, nq <= 3) on a route of
 * its own, with its breaks (by window start) wherever they fit. */
static int alone_seq_ok(const rd_model *m, int v, const int *q, int nq) {
    const int *b = m->veh_brk + m->veh_brk_first[v];
    const int nb = m->veh_brk_first[v + 1] - m->veh_brk_first[v];
    if (nb == 0) return rd_route_check(m, v, q, nq, NULL);
    int seq[64];
    if (nb + nq > 64) return 0;
    /* q[0] before break i, q[nq-1] before break j >= i */
    for (int i = 0; i <= nb; i++)
        for (int j = i; j <= (nq > 1 ? nb : i); j++) {
            int k = 0;
            for (int x = 0; x <= nb; x++) {
                if (x == i) seq[k++] = q[0];
                if (nq > 1 && x == j)
                    for (int y = 1; y < nq; y++) seq[k++] = q[y];
                if (x < nb) seq[k++] = b[x];
            }
            if (rd_route_check(m, v, seq, k, NULL)) return 1;
        }
    return 0;
}

/* alone_seq_ok, also with a reload of the vehicle after the task(s) (an
 * end_empty vehicle unloads before it returns). */
static int alone_ok(const rd_model *m, int v, const int *q, int nq) {
    if (alone_seq_ok(m, v, q, nq)) return 1;
    for (int k = m->veh_rel_first[v]; k < m->veh_rel_first[v + 1]; k++) {
        const int f = m->veh_rel[k];
        if (k > m->veh_rel_first[v] && m->task_id[m->veh_rel[k - 1]] == m->task_id[f])
            continue; /* a copy of the facility just tried */
        int qq[3] = {q[0], nq > 1 ? q[1] : f, f};
        if (alone_seq_ok(m, v, qq, nq + 1)) return 1;
    }
    return 0;
}

/* Class of the sequence q[0..nq) (a job, or a shipment's pickup and delivery)
 * on a route of its own. */
static int classify_one(const rd_model *m, const int *q, int nq) {
    const int nd = m->n_dims;
    int any_skill = 0, any_cap = 0, any_time = 0;
    for (int v = 0; v < m->n_vehicles; v++) {
        const rd_vehicle *V = &m->vehicles[v];
        int skill_ok = 1;
        for (int i = 0; i < nq; i++) skill_ok &= rd_model_can_serve(m, v, q[i]);
        if (!skill_ok) continue;
        any_skill = 1;
        const int64_t *cap = rd_model_capacity(m, v);
        int cap_ok = 1;
        for (int d = 0; d < nd; d++)
            if (rd_model_pickup(m, q[0])[d] > cap[d] || rd_model_delivery(m, q[0])[d] > cap[d])
                cap_ok = 0;
        if (!cap_ok) continue;
        any_cap = 1;
        const rd_matrix *T = &m->durations[V->profile];
        int loc = m->task_loc[q[0]];
        int64_t arr = V->tw_start + (V->start_loc >= 0 ? rd_matrix_at(T, V->start_loc, loc) : 0);
        int64_t b = rd_task_begin(m, q[0], arr);
        if (b == RD_NO_TIME) continue;
        int64_t end = b + (V->start_loc != loc ? m->task_setup[q[0]] : 0) + m->task_service[q[0]] +
                      (V->end_loc >= 0 && nq == 1 ? rd_matrix_at(T, loc, V->end_loc) : 0);
        if (end > V->tw_end) continue;
        any_time = 1;
        if (alone_ok(m, v, q, nq)) return RD_ALONE_OK;
    }
    return !any_skill  ? RD_ALONE_SKILLS
           : !any_cap  ? RD_ALONE_CAPACITY
           : !any_time ? RD_ALONE_TIME
                       : RD_ALONE_LIMITS;
}

void rd_construct_classify(const rd_model *m, unsigned char *code) {
    for (int t = 0; t < m->n_tasks; t++) {
        int k = m->task_kind[t];
        if (k == RD_TASK_DELIVERY) continue; /* classified with its pickup */
        if (k == RD_TASK_BREAK || k == RD_TASK_RELOAD) {
            code[t] = RD_ALONE_BREAK;
            continue;
        }
        if (m->task_unroutable && m->task_unroutable[t]) { /* (a pair: both halves) */
            code[t] = RD_ALONE_UNROUTABLE;
            if (k == RD_TASK_PICKUP) code[m->task_pair[t]] = RD_ALONE_UNROUTABLE;
            continue;
        }
        if (k == RD_TASK_JOB) {
            code[t] = (unsigned char)classify_one(m, &t, 1);
        } else {
            int q[2] = {t, m->task_pair[t]};
            code[t] = code[q[1]] = (unsigned char)classify_one(m, q, 2);
        }
    }
}

/* "[3, 5]": the skills of task t. */
static void skills_text(const rd_model *m, int t, char *buf, size_t size) {
    size_t k = 0;
    buf[0] = 0;
    for (int j = m->task_skill_first[t]; j < m->task_skill_first[t + 1] && k + 24 < size; j++)
        k += (size_t)snprintf(buf + k, size - k, "%s%" PRId64,
                              j > m->task_skill_first[t] ? ", " : "", m->task_skills[j]);
}

void rd_construct_reason(const rd_model *m, int t, int code, char *buf, size_t size) {
    int a = m->task_tw_first[t], b = m->task_tw_first[t + 1];
    const char *what = m->task_kind[t] == RD_TASK_JOB ? "" : "its shipment: ";
    switch (code) {
    case RD_ALONE_UNROUTABLE:
        snprintf(buf, size, "%sunroutable: the routing server finds no route to or from it", what);
        break;
    case RD_ALONE_SKILLS: {
        char sk[160];
        skills_text(m, t, sk, sizeof sk);
        if (m->task_kind[t] != RD_TASK_JOB && m->task_skill_first)
            skills_text(m, m->task_pair[t], sk, sizeof sk); /* both halves ask the same */
        snprintf(buf, size, "no vehicle has skills [%s]", sk);
        break;
    }
    case RD_ALONE_CAPACITY:
        snprintf(buf, size, "%samount exceeds every vehicle capacity", what);
        break;
    case RD_ALONE_TIME:
        if (m->task_kind[t] != RD_TASK_JOB)
            snprintf(buf, size,
                     "its shipment cannot be picked up and delivered within the time windows "
                     "from any vehicle shift");
        else if (b - a == 1)
            snprintf(buf, size,
                     "time window [%" PRId64 ", %" PRId64
                     "] cannot be reached from any vehicle shift",
                     m->tw_start[a], m->tw_end[a]);
        else
            snprintf(buf, size,
                     "none of the %d time windows [%" PRId64 ", %" PRId64 "] .. [%" PRId64
                     ", %" PRId64 "] can be reached from any vehicle shift",
                     b - a, m->tw_start[a], m->tw_end[a], m->tw_start[b - 1], m->tw_end[b - 1]);
        break;
    case RD_ALONE_LIMITS: {
        int empty = 0; /* an end_empty vehicle may lack a facility it can reach in time */
        for (int v = 0; v < m->n_vehicles; v++) empty |= m->vehicles[v].end_empty;
        snprintf(buf, size,
                 "%sa route serving it alone breaks every vehicle's time windows, shift, "
                 "max_tasks, max_travel_time or max_distance%s",
                 what,
                 empty ? ", or it cannot unload at a facility before the end (end_empty)" : "");
        break;
    }
    default: snprintf(buf, size, "no room left in the plan"); break;
    }
}

/* ---- single insertion ---- */

/* Tries u before position q of route r; keeps the cheapest in (*br, *bq, *bd). */
static void try_pos(const rd_ws *w, int r, int q, int u, int *br, int *bq, int64_t *bd) {
    const rd_rwork *R = &w->r[r];
    rd_seg s[3] = {rd_seg_part(r, 0, q), rd_seg_task(u), rd_seg_part(r, q, R->len)};
    int64_t c;
    if (!rd_ws_try_below(w, R->vehicle, s, 3, *bd >= RD_INF ? RD_INF : R->cost + *bd, &c)) return;
    if (c - R->cost < *bd) {
        *bd = c - R->cost;
        *br = r;
        *bq = q;
    }
}

/* Above this many routed tasks, a task that fits next to none of its
 * neighbours is tried at every position of the routes of its neighbours and
 * of their neighbours only, not of every route: the full scan costs O(n) route
 * checks per task, hours for a 20,000-stop day that leaves thousands out. */
#define FULL_SCAN_TASKS 2000

/* The routes serving u's neighbours or their neighbours, each once, into
 * out[] (room for n_routes); returns their number. */
static int near_routes(const rd_ws *w, const rd_neigh *nb, int u, int *out) {
    const int *nv = rd_neigh_of(nb, u);
    int n = 0;
    for (int i = 0; i < nb->k; i++)
        for (int j = -1; j < nb->k; j++) {
            const int x = j < 0 ? nv[i] : rd_neigh_of(nb, nv[i])[j], r = w->route_of[x];
            if (r < 0) continue;
            int k = 0;
            while (k < n && out[k] != r) k++;
            if (k == n) out[n++] = r;
        }
    return n;
}

int rd_construct_near_routes(const rd_ws *w, const rd_neigh *nb, int u, int *out) {
    if (w->n_routed <= FULL_SCAN_TASKS) return -1;
    return near_routes(w, nb, u, out);
}

rd_status rd_construct_insert(rd_ws *w, const rd_neigh *nb, int u, int *placed) {
    *placed = 0;
    int br = -1, bq = -1;
    int64_t bd = RD_INF;
    const int *nv = rd_neigh_of(nb, u);
    for (int i = 0; i < nb->k; i++) {
        int r = w->route_of[nv[i]];
        if (r < 0) continue;
        int q = w->pos_of[nv[i]];
        try_pos(w, r, q, u, &br, &bq, &bd);
        try_pos(w, r, q + 1, u, &br, &bq, &bd);
    }
    if (br < 0) { /* every position of every route, or of the routes nearby */
        int *near = NULL, nn = w->n_routes;
        if (w->n_routed > FULL_SCAN_TASKS) {
            if (!(near = malloc(((size_t)w->n_routes + 1) * sizeof *near))) return RD_ERR_NOMEM;
            nn = near_routes(w, nb, u, near);
        }
        for (int i = 0; i < nn; i++) {
            const int r = near ? near[i] : i;
            for (int q = 0; q <= w->r[r].len && rd_route_used(&w->r[r]); q++)
                try_pos(w, r, q, u, &br, &bq, &bd);
        }
        free(near);
    }
    for (int v = rd_ws_next_free_type(w, 0); v >= 0; v = rd_ws_next_free_type(w, v + 1)) {
        int r = rd_ws_empty_route(w, v); /* holding its type's breaks, if any */
        for (int q = 0; r >= 0 && q <= w->r[r].len; q++) try_pos(w, r, q, u, &br, &bq, &bd);
    }
    if (br < 0) return RD_OK;
    if (w->m->task_prize[u] >= 0 && bd >= 0) return RD_OK; /* optional: its prize does not pay */
    rd_seg s[3] = {rd_seg_part(br, 0, bq), rd_seg_task(u), rd_seg_part(br, bq, w->r[br].len)};
    RD_TRY(rd_ws_set(w, br, s, 3));
    *placed = 1;
    return RD_OK;
}

/* ---- reloads ---- */

/* Tries u with a reload stop of route r's vehicle right before or after it, at
 * every position of r; one reload copy per facility (copies are alike). */
static void scan_reload(const rd_ws *w, int r, int u, rd_pair_ins *best) {
    const rd_model *m = w->m;
    const rd_rwork *R = &w->r[r];
    const int v = R->vehicle, L = R->len;
    if (!rd_model_can_serve(m, v, u)) return;
    int64_t tried[16];
    int nt = 0;
    for (int k = m->veh_rel_first[v]; k < m->veh_rel_first[v + 1]; k++) {
        const int f = m->veh_rel[k];
        if (w->route_of[f] >= 0) continue;
        int seen = 0;
        for (int i = 0; i < nt && !seen; i++) seen = tried[i] == m->task_id[f];
        if (seen) continue;
        if (nt < 16) tried[nt++] = m->task_id[f];
        for (int q = 0; q <= L; q++)
            for (int o = 0; o < 2; o++) {
                const int x = o ? f : u, y = o ? u : f;
                rd_seg s[4] = {rd_seg_part(r, 0, q), rd_seg_task(x), rd_seg_task(y),
                               rd_seg_part(r, q, L)};
                int64_t c;
                if (!rd_ws_try_below(w, v, s, 4,
                                     best->delta >= RD_INF ? RD_INF : R->cost + best->delta, &c))
                    continue;
                if (c - R->cost < best->delta) *best = (rd_pair_ins){r, q, q, c - R->cost, x, y};
            }
    }
}

rd_status rd_construct_insert_reload(rd_ws *w, int u, const int *routes, int n_routes,
                                     int *placed) {
    const rd_model *m = w->m;
    *placed = 0;
    if (!w->reloads || !rd_task_served(m, u) || rd_task_is_ship(m, u)) return RD_OK;
    rd_pair_ins b = {-1, 0, 0, RD_INF, -1, -1};
    for (int k = 0; k < (routes ? n_routes : w->n_routes); k++) {
        const int r = routes ? routes[k] : k;
        if (rd_route_used(&w->r[r])) scan_reload(w, r, u, &b);
    }
    for (int v = rd_ws_next_free_type(w, 0); v >= 0; v = rd_ws_next_free_type(w, v + 1)) {
        if (m->veh_rel_first[v] == m->veh_rel_first[v + 1]) continue;
        int r = rd_ws_empty_route(w, v);
        if (r >= 0) scan_reload(w, r, u, &b);
    }
    if (b.route < 0 || (m->task_prize[u] >= 0 && b.delta >= 0)) return RD_OK;
    rd_seg s[4] = {rd_seg_part(b.route, 0, b.i), rd_seg_task(b.first), rd_seg_task(b.second),
                   rd_seg_part(b.route, b.i, w->r[b.route].len)};
    RD_TRY(rd_ws_set(w, b.route, s, 4));
    *placed = 1;
    return RD_OK;
}

rd_status rd_construct_drop_reloads(rd_ws *w) {
    if (!w->m->n_reloads) return RD_OK;
    for (int r = 0; r < w->n_routes; r++) {
        rd_rwork *R = &w->r[r];
        for (int i = R->len - 1; i >= 0; i--) {
            if (i >= R->len || w->m->task_kind[R->task[i]] != RD_TASK_RELOAD) continue;
            rd_seg s[2] = {rd_seg_part(r, 0, i), rd_seg_part(r, i + 1, R->len)};
            int64_t c;
            /* a route left with reloads only is emptied of them too */
            if (rd_ws_try_below(w, R->vehicle, s, 2, R->cost + 1, &c) &&
                (c <= R->cost || !rd_route_used(R))) /* (a useless reload goes too) */
                RD_TRY(rd_ws_set(w, r, s, 2));
        }
    }
    return RD_OK;
}

/* ---- shipment insertion ---- */

rd_status rd_construct_apply_pair(rd_ws *w, int p, const rd_pair_ins *b) {
    (void)p; /* b names its two tasks */
    const int r = b->route;
    rd_seg s[5] = {rd_seg_part(r, 0, b->i), rd_seg_task(b->first), rd_seg_part(r, b->i, b->j),
                   rd_seg_task(b->second), rd_seg_part(r, b->j, w->r[r].len)};
    return rd_ws_set(w, r, s, 5);
}

rd_status rd_construct_insert_pair(rd_ws *w, int p, int *placed) {
    *placed = 0;
    rd_pair_ins b = {-1, 0, 0, RD_INF, -1, -1};
    for (int r = 0; r < w->n_routes; r++)
        if (rd_route_used(&w->r[r])) rd_ws_scan_pair(w, r, p, NULL, 0, &b);
    for (int v = rd_ws_next_free_type(w, 0); v >= 0; v = rd_ws_next_free_type(w, v + 1)) {
        int r = rd_ws_empty_route(w, v);
        if (r >= 0) rd_ws_scan_pair(w, r, p, NULL, 0, &b);
    }
    if (b.route < 0) return RD_OK;
    RD_TRY(rd_construct_apply_pair(w, p, &b));
    *placed = 1;
    return RD_OK;
}

/* ---- parallel regret insertion ---- */

/* Per left-out task: its cheapest insertion (delta b1 into candidate c1 at
 * position q1) and the cheapest into another candidate (b2 into c2). A
 * candidate is a route slot (< n_routes) or, for n_routes + v, "a free
 * vehicle of type v" (then q1 is a position in the empty route that
 * rd_ws_empty_route gives at insertion time). */
typedef struct rg_best {
    int64_t b1, b2;
    int c1, c2, q1;
} rg_best;

/* Cheapest insertion of u into route slot r: delta and position (RD_INF: none). */
static int64_t rg_route(const rd_ws *w, int r, int u, int *q) {
    int br = -1, bq = -1;
    int64_t bd = RD_INF;
    if (!rd_ws_room(w, r, u)) return RD_INF;
    for (int k = 0; k <= w->r[r].len; k++) try_pos(w, r, k, u, &br, &bq, &bd);
    *q = bq;
    return bd;
}

/* Offers candidate c at delta d (position q) to b. */
static void rg_offer(rg_best *b, int c, int64_t d, int q) {
    if (d >= RD_INF) return;
    if (d < b->b1) {
        if (b->c1 != c) {
            b->b2 = b->b1;
            b->c2 = b->c1;
        }
        b->b1 = d;
        b->c1 = c;
        b->q1 = q;
    } else if (c != b->c1 && d < b->b2) {
        b->b2 = d;
        b->c2 = c;
    }
}

/* Evaluates u over the routes of its granular neighbours and a free vehicle
 * of each type (alone[]: u's cost alone per type, RD_INF when none is free). */
static void rg_eval(const rd_ws *w, const rd_neigh *nb, int u, const int64_t *alone,
                    const int *alone_q, int *mark, int stamp, rg_best *b) {
    const rd_model *m = w->m;
    *b = (rg_best){RD_INF, RD_INF, -1, -1, -1};
    const int *nv = rd_neigh_of(nb, u);
    for (int i = 0; i < nb->k; i++) {
        int r = w->route_of[nv[i]];
        if (r < 0 || mark[r] == stamp) continue;
        mark[r] = stamp;
        int q;
        int64_t d = rg_route(w, r, u, &q);
        rg_offer(b, r, d, q);
    }
    for (int v = 0; v < m->n_vehicles; v++)
        rg_offer(b, w->n_routes + v, alone[(size_t)u * m->n_vehicles + v],
                 alone_q[(size_t)u * m->n_vehicles + v]);
}

/* Builds routes by parallel regret insertion (Potvin & Rousseau's regret
 * with VROOM's weighting): while a left-out job fits, the one with the
 * highest priority and then the least b1 - (b2 - b1) goes to its cheapest
 * place (a task with a single place has regret b1). Candidates of a job are
 * the routes of its granular neighbours and a free vehicle of each type;
 * after each insertion only the jobs with a neighbour in the changed route
 * are priced again (and, when a type runs out of free vehicles, those that
 * counted on one). Works with breaks (empty routes hold them) and any fleet.
 * O(n² + n · k · route length) route checks at most. */
/* The regret builder's state: the jobs left (U[0..nu), pos[u] their index or
 * -1), the reverse neighbour lists, each job's cost alone in a free vehicle
 * of each type, its best places and the load term of its key. */
typedef struct rg_state {
    rd_ws *w;
    const rd_neigh *nb;
    int *U, *pos, nu;
    int *rev_first, *rev; /* rev[rev_first[x] ..]: the jobs with x among their neighbours */
    int *mark, *tmark;    /* stamps: routes seen by rg_eval, jobs priced after an insertion */
    int stamp, tstamp;
    int64_t *alone; /* [n × types] cost of a job alone in type v's free vehicle, RD_INF: none */
    int *alone_q;   /* ... and its position (among the type's breaks) */
    int *free_r;    /* [types] a free route slot of each type, -1: none */
    rg_best *B;
    int64_t *lkey; /* load_weight's term of the key */
} rg_state;

static void rg_free(rg_state *g) {
    free(g->U);
    free(g->pos);
    free(g->rev_first);
    free(g->rev);
    free(g->mark);
    free(g->tmark);
    free(g->alone);
    free(g->alone_q);
    free(g->free_r);
    free(g->B);
    free(g->lkey);
}

/* Allocates the state, the reverse neighbour lists and the jobs to place. */
static rd_status rg_init(rg_state *g, rd_ws *w, const rd_neigh *nb, const unsigned char *code) {
    const rd_model *m = w->m;
    const int n = m->n_tasks, nv = m->n_vehicles, k = nb->k;
    size_t nt = (size_t)(n > 0 ? n : 1);
    *g = (rg_state){.w = w, .nb = nb};
    g->U = malloc(nt * sizeof *g->U);
    g->pos = malloc(nt * sizeof *g->pos);
    g->rev_first = calloc(nt + 1, sizeof *g->rev_first);
    g->rev = malloc(nt * (size_t)(k > 0 ? k : 1) * sizeof *g->rev);
    g->mark = calloc((size_t)w->n_routes + 1, sizeof *g->mark);
    g->tmark = calloc(nt, sizeof *g->tmark);
    g->alone = malloc(nt * (size_t)nv * sizeof *g->alone);
    g->alone_q = malloc(nt * (size_t)nv * sizeof *g->alone_q);
    g->free_r = malloc((size_t)(nv > 0 ? nv : 1) * sizeof *g->free_r);
    g->B = malloc(nt * sizeof *g->B);
    g->lkey = calloc(nt, sizeof *g->lkey);
    if (!g->U || !g->pos || !g->rev_first || !g->rev || !g->mark || !g->tmark || !g->alone ||
        !g->alone_q || !g->free_r || !g->B || !g->lkey)
        return RD_ERR_NOMEM;
    for (int u = 0; u < n; u++)
        for (int i = 0; i < k; i++) g->rev_first[rd_neigh_of(nb, u)[i] + 1]++;
    for (int x = 0; x < n; x++) g->rev_first[x + 1] += g->rev_first[x];
    int *fill = g->tmark; /* zeroed, reset below */
    for (int u = 0; u < n; u++)
        for (int i = 0; i < k; i++) {
            int x = rd_neigh_of(nb, u)[i];
            g->rev[g->rev_first[x] + fill[x]++] = u;
        }
    memset(g->tmark, 0, nt * sizeof *g->tmark);
    for (int t = 0; t < n; t++) {
        g->pos[t] = -1;
        if (code[t] != RD_ALONE_OK || w->route_of[t] >= 0) continue;
        g->pos[t] = g->nu;
        g->U[g->nu++] = t;
    }
    return RD_OK;
}

/* Prices every job left alone in the free vehicle of type v. */
static void rg_price_alone(rg_state *g, int v) {
    const int nv = g->w->m->n_vehicles;
    for (int a = 0; a < g->nu; a++) {
        int q = -1;
        const size_t at = (size_t)g->U[a] * nv + v;
        g->alone[at] = g->free_r[v] >= 0 ? rg_route(g->w, g->free_r[v], g->U[a], &q) : RD_INF;
        g->alone_q[at] = q;
    }
}

/* load_weight x (the job's largest share of the largest capacity in a
 * dimension) x (the mean cost of a job alone): small jobs first when the
 * fleet cannot take them all. */
static void rg_load_keys(rg_state *g, double load_weight) {
    const rd_model *m = g->w->m;
    const int nv = m->n_vehicles;
    double mean = 0;
    int cnt = 0;
    for (int a = 0; a < g->nu; a++)
        for (int v = 0; v < nv; v++)
            if (g->alone[(size_t)g->U[a] * nv + v] < RD_INF) {
                mean += (double)g->alone[(size_t)g->U[a] * nv + v];
                cnt++;
                break;
            }
    mean = cnt > 0 ? mean / cnt : 0.0;
    for (int a = 0; a < g->nu; a++) {
        const int u = g->U[a];
        double share = 0;
        for (int d = 0; d < m->n_dims; d++) {
            int64_t big = 0;
            for (int v = 0; v < nv; v++)
                if (rd_model_capacity(m, v)[d] > big) big = rd_model_capacity(m, v)[d];
            double f = big > 0 ? (double)(rd_model_pickup(m, u)[d] + rd_model_delivery(m, u)[d]) /
                                     (double)big
                               : 0.0;
            if (f > share) share = f;
        }
        g->lkey[u] = (int64_t)(load_weight * share * mean);
    }
}

/* The job to place next: the highest priority, then the least key
 * b1 - weight (b2 - b1) + load term, then the lowest index; -1 when none fits. */
static int rg_pick(const rg_state *g, double regret_weight) {
    const rd_model *m = g->w->m;
    int best = -1;
    int64_t bkey = 0;
    for (int a = 0; a < g->nu; a++) {
        const int u = g->U[a];
        const rg_best *b = &g->B[u];
        if (b->b1 >= RD_INF) continue;
        int64_t regret = b->b2 >= RD_INF ? (b->b1 > 0 ? b->b1 : 0) : b->b2 - b->b1;
        int64_t key = b->b1 - (int64_t)(regret_weight * (double)regret) + g->lkey[u];
        if (best < 0 || m->task_priority[u] > m->task_priority[best] ||
            (m->task_priority[u] == m->task_priority[best] &&
             (key < bkey || (key == bkey && u < best)))) {
            best = u;
            bkey = key;
        }
    }
    return best;
}

/* After job `best` went into route r (a free vehicle of `type` when >= 0):
 * the jobs with a neighbour in r are priced again, and when the type's free
 * vehicle was taken, its next one and every job that counted on it. */
static void rg_reprice(rg_state *g, int best, int r, int type) {
    rd_ws *w = g->w;
    { /* out of U */
        int a = g->pos[best];
        g->U[a] = g->U[--g->nu];
        g->pos[g->U[a]] = a;
        g->pos[best] = -1;
    }
    if (type >= 0) {
        g->free_r[type] = rd_ws_empty_route(w, type);
        rg_price_alone(g, type);
    }
    g->tstamp++;
    const rd_rwork *R = &w->r[r];
    for (int i = 0; i < R->len; i++) {
        int x = R->task[i];
        for (int j = g->rev_first[x]; j < g->rev_first[x + 1]; j++) {
            int u = g->rev[j];
            if (g->pos[u] < 0 || g->tmark[u] == g->tstamp) continue;
            g->tmark[u] = g->tstamp;
            rg_eval(w, g->nb, u, g->alone, g->alone_q, g->mark, ++g->stamp, &g->B[u]);
        }
    }
    if (type < 0) return;
    for (int a = 0; a < g->nu; a++) { /* jobs that counted on that type's free vehicle */
        int u = g->U[a];
        if (g->tmark[u] == g->tstamp) continue;
        if (g->B[u].c1 == w->n_routes + type || g->B[u].c2 == w->n_routes + type ||
            g->B[u].c1 == r || g->B[u].c2 == r) {
            g->tmark[u] = g->tstamp;
            rg_eval(w, g->nb, u, g->alone, g->alone_q, g->mark, ++g->stamp, &g->B[u]);
        }
    }
}

static rd_status build_regret(rd_ws *w, const rd_neigh *nb, const unsigned char *code,
                              double load_weight, double regret_weight) {
    const rd_model *m = w->m;
    rg_state g;
    rd_status st = rg_init(&g, w, nb, code);
    if (st != RD_OK) goto done;
    for (int v = 0; v < m->n_vehicles; v++) { /* each job alone in a free vehicle of each type */
        g.free_r[v] = rd_ws_empty_route(w, v);
        rg_price_alone(&g, v);
    }
    for (int a = 0; a < g.nu; a++)
        rg_eval(w, nb, g.U[a], g.alone, g.alone_q, g.mark, ++g.stamp, &g.B[g.U[a]]);
    if (load_weight > 0) rg_load_keys(&g, load_weight);
    while (g.nu > 0) {
        const int best = rg_pick(&g, regret_weight);
        if (best < 0) break;
        const rg_best bb = g.B[best];
        int r = bb.c1, q = bb.q1, type = -1;
        if (r >= w->n_routes) {
            type = r - w->n_routes;
            r = g.free_r[type];
        }
        rd_seg sg[3] = {rd_seg_part(r, 0, q), rd_seg_task(best), rd_seg_part(r, q, w->r[r].len)};
        if ((st = rd_ws_set(w, r, sg, 3)) != RD_OK) goto done;
        rg_reprice(&g, best, r, type);
    }
done:
    rg_free(&g);
    return st;
}

/* The plan that rd_construct builds with the regret builder's load weight
 * (0: off) into `w`, whose routes are empty when `fresh`. */
static rd_status construct_once(rd_ws *w, const rd_neigh *nb, const unsigned char *code, int fresh,
                                double load_weight, double regret_weight) {
    const rd_model *m = w->m;
    /* Shipments first, pair by pair (the savings and I1 move single tasks);
     * then the jobs. */
    unsigned char *jobs = NULL;
    if (w->pairs || w->prizes) { /* the builders take the mandatory jobs only */
        jobs = malloc((size_t)m->n_tasks);
        if (!jobs) return RD_ERR_NOMEM;
        for (int t = 0; t < m->n_tasks; t++) {
            jobs[t] =
                m->task_kind[t] == RD_TASK_JOB && m->task_prize[t] < 0 ? code[t] : RD_ALONE_LIMITS;
            if (m->task_kind[t] != RD_TASK_PICKUP || code[t] != RD_ALONE_OK || w->route_of[t] >= 0)
                continue;
            int placed;
            rd_status st = rd_construct_insert_pair(w, t, &placed);
            if (st != RD_OK) {
                free(jobs);
                return st;
            }
        }
    }
    const unsigned char *jc = jobs ? jobs : code;
    rd_status st = RD_OK;
    int *near = NULL; /* routes nearby, for the reloads */
    /* one vehicle type without breaks (the benchmark sets): savings, or
     * Solomon's I1 with windows; a mixed fleet or breaks: regret insertion.
     * The builders start from empty routes: after an initial plan, insertion
     * alone. */
    if (fresh && !w->breaks && m->n_vehicles == 1)
        st = !m->has_tw && nb->k > 0 && !w->pairs ? rd_construct_savings(w, nb, jc)
                                                  : rd_construct_i1(w, jc);
    else if (fresh && nb->k > 0)
        st = build_regret(w, nb, jc, load_weight, regret_weight);
    for (int t = 0; st == RD_OK && t < m->n_tasks; t++) { /* then optional jobs, if they pay */
        if (code[t] != RD_ALONE_OK || m->task_kind[t] != RD_TASK_JOB || w->route_of[t] >= 0)
            continue;
        int placed;
        st = rd_construct_insert(w, nb, t, &placed);
        if (st != RD_OK || placed || !w->reloads) continue;
        if (!near && !(near = malloc(((size_t)w->n_routes + 1) * sizeof *near))) {
            st = RD_ERR_NOMEM;
            break;
        }
        const int nn = rd_construct_near_routes(w, nb, t, near);
        st = rd_construct_insert_reload(w, t, nn < 0 ? NULL : near, nn < 0 ? 0 : nn, &placed);
    }
    free(near);
    if (st == RD_OK) st = rd_construct_drop_reloads(w);
    free(jobs);
    return st;
}

/* The regret builder's second try when the first plan leaves tasks out:
 * (the job's share of a vehicle) x (mean cost of a job alone) x LOAD_WEIGHT
 * added to its key. Measured on the generated cities' first plans: 10 left
 * out 90 of 2,000 stops where 0 left out 99, 45 of 1,000 where 53 (20, 40
 * and 100 were no better). */
#define LOAD_WEIGHT 10.0

rd_status rd_construct(rd_ws *w, const rd_neigh *nb, const unsigned char *code) {
    return rd_construct_variant(w, nb, code, 0);
}

/* The regret weights of the variants: the slots of one solve start from
 * different plans, as VROOM's -x levels run several builds. */
static const double REGRET_WEIGHT[4] = {1.0, 0.5, 2.0, 0.0};

rd_status rd_construct_variant(rd_ws *w, const rd_neigh *nb, const unsigned char *code,
                               int variant) {
    const rd_model *m = w->m;
    const double rw = REGRET_WEIGHT[(variant % 4 + 4) % 4];
    if (m->n_tasks == 0 || w->n_routes == 0) return RD_OK;
    int fresh = 1;
    for (int r = 0; r < w->n_routes && fresh; r++) fresh = !rd_route_used(&w->r[r]);
    RD_TRY(construct_once(w, nb, code, fresh, 0.0, rw));
    const int regret = fresh && nb->k > 0 && (w->breaks || m->n_vehicles > 1);
    int left_out = 0;
    for (int t = 0; t < m->n_tasks && !left_out; t++)
        left_out = code[t] == RD_ALONE_OK && m->task_prize[t] < 0 && w->route_of[t] < 0;
    if (!regret || !left_out) return RD_OK;
    /* the fleet cannot take everything: build again with small jobs first
     * and keep the plan that serves more (VROOM's order), then costs less */
    int *len = malloc((size_t)w->n_routes * sizeof *len);
    int *task = malloc((size_t)m->n_tasks * sizeof *task);
    if (!len || !task) {
        free(len);
        free(task);
        return RD_ERR_NOMEM;
    }
    for (int r = 0, k = 0; r < w->n_routes; r++) {
        len[r] = w->r[r].len;
        memcpy(task + k, w->r[r].task, (size_t)len[r] * sizeof *task);
        k += len[r];
    }
    const int64_t prio1 = w->prio_routed, cost1 = w->cost;
    const int n1 = w->n_routed;
    rd_ws_clear(w);
    rd_status st = construct_once(w, nb, code, 1, LOAD_WEIGHT, rw);
    if (st == RD_OK && (prio1 > w->prio_routed ||
                        (prio1 == w->prio_routed &&
                         (n1 > w->n_routed || (n1 == w->n_routed && cost1 <= w->cost))))) {
        rd_ws_clear(w); /* the first plan was better */
        for (int r = 0, k = 0; r < w->n_routes && st == RD_OK; k += len[r], r++)
            if (len[r] > 0) st = rd_ws_set_tasks(w, r, task + k, len[r]);
    }
    free(len);
    free(task);
    return st;
}
