#include "heuristics/recreate.h"

#include <stdlib.h>
#include <string.h>

#include "heuristics/construct.h"

void rd_recreate_params_init(rd_recreate_params *pp) {
    pp->blink = 0.01;
    pp->weight[0] = 4;
    pp->weight[1] = 4;
    pp->weight[2] = 2;
    pp->weight[3] = 1;
    pp->near_routes = 0;
}

void rd_recreate_free(rd_recreate *rc) {
    free(rc->demand);
    free(rc->far);
    free(rc->item);
    free(rc->mark);
    free(rc->cand);
    free(rc->absent);
    free(rc->keep);
    memset(rc, 0, sizeof *rc);
}

rd_status rd_recreate_init(rd_recreate *rc, const rd_ws *w) {
    memset(rc, 0, sizeof *rc);
    const rd_model *m = w->m;
    const int n = m->n_tasks, nd = m->n_dims;
    size_t nt = (size_t)(n > 0 ? n : 1), nr = (size_t)(w->n_routes > 0 ? w->n_routes : 1);
    rc->demand = malloc(nt * sizeof *rc->demand);
    rc->far = malloc(nt * sizeof *rc->far);
    rc->item = malloc(nt * sizeof *rc->item);
    rc->mark = calloc(nr, sizeof *rc->mark);
    rc->cand = malloc(nr * sizeof *rc->cand);
    rc->absent = calloc(nt, sizeof *rc->absent);
    rc->keep = malloc(nt * sizeof *rc->keep);
    if (!rc->demand || !rc->far || !rc->item || !rc->mark || !rc->cand || !rc->absent ||
        !rc->keep) {
        rd_recreate_free(rc);
        return RD_ERR_NOMEM;
    }
    int depot = -1;
    const rd_matrix *C = NULL;
    if (m->n_vehicles > 0) {
        depot = m->vehicles[0].start_loc >= 0 ? m->vehicles[0].start_loc : m->vehicles[0].end_loc;
        C = &m->costs[m->vehicles[0].profile];
    }
    for (int t = 0; t < n; t++) {
        int64_t d = 0;
        for (int k = 0; k < nd; k++) d += rd_model_pickup(m, t)[k] + rd_model_delivery(m, t)[k];
        rc->demand[t] = d;
        rc->far[t] = depot >= 0 && m->task_loc[t] >= 0 ? rd_matrix_at(C, depot, m->task_loc[t]) : 0;
        rc->prioritised |= m->task_priority[t] != 0;
    }
    return RD_OK;
}

static int item_less(const rd_recreate_item *a, const rd_recreate_item *b) {
    return a->key != b->key ? a->key < b->key : a->tie < b->tie;
}

/* Heapsort of it[0..n) by (key, tie): in place, no allocation (qsort may
 * allocate), O(n log n). */
static void sort_items(rd_recreate_item *it, int n) {
    for (int end = n, start = n / 2 - 1;;) {
        int root;
        if (start >= 0) {
            root = start--;
        } else {
            if (--end <= 0) return;
            rd_recreate_item x = it[0];
            it[0] = it[end];
            it[end] = x;
            root = 0;
        }
        for (int child; (child = 2 * root + 1) < end; root = child) {
            if (child + 1 < end && item_less(&it[child], &it[child + 1])) child++;
            if (!item_less(&it[root], &it[child])) break;
            rd_recreate_item x = it[root];
            it[root] = it[child];
            it[child] = x;
        }
    }
}

/* Sorts t[0..n) by an order drawn with the weights of pp. */
static void sort_tasks(rd_recreate *rc, const rd_model *m, rd_rng *rng,
                       const rd_recreate_params *pp, int *t, int n) {
    int total = pp->weight[0] + pp->weight[1] + pp->weight[2] + pp->weight[3];
    int pick = total > 0 ? (int)rd_rng_below(rng, (uint64_t)total) : 0, order = 0;
    while (order < 3 && pick >= pp->weight[order]) pick -= pp->weight[order++];
    rd_rng_shuffle_int(rng, t, n);
    if (order != 0) {
        for (int i = 0; i < n; i++) {
            int64_t k = order == 1   ? -rc->demand[t[i]]
                        : order == 2 ? -rc->far[t[i]]
                                     : rc->far[t[i]];
            rc->item[i] = (rd_recreate_item){k, i, t[i]};
        }
        sort_items(rc->item, n);
        for (int i = 0; i < n; i++) t[i] = rc->item[i].task;
    }
    int any = rc->prioritised;
    for (int i = 0; i < n && !any; i++) any = rc->absent[t[i]] > 0;
    if (!any) return;
    /* VROOM's objective serves priority first: higher priorities go first;
     * then the tasks left out longest; the drawn order among equal ones */
    for (int i = 0; i < n; i++) {
        int64_t a = rc->absent[t[i]] < (1 << 30) ? rc->absent[t[i]] : (1 << 30);
        rc->item[i] =
            (rd_recreate_item){-(int64_t)m->task_priority[t[i]] * (1LL << 31) - a, i, t[i]};
    }
    sort_items(rc->item, n);
    for (int i = 0; i < n; i++) t[i] = rc->item[i].task;
}

/* Candidate routes of task u: those of its near neighbours (rc->cand[0..*nc)). */
static void near_candidates(rd_recreate *rc, const rd_ws *w, const rd_neigh *near,
                            const rd_recreate_params *pp, int u, int *nc) {
    rc->stamp++;
    *nc = 0;
    const int *nb = rd_neigh_of(near, u);
    int k = pp->near_routes < near->k ? pp->near_routes : near->k;
    for (int j = 0; j < k; j++) {
        int r = w->route_of[nb[j]];
        if (r < 0 || rc->mark[r] == rc->stamp) continue;
        rc->mark[r] = rc->stamp;
        rc->cand[(*nc)++] = r;
    }
}

/* Inserts shipment pickup p with its delivery (blinking positions). */
static rd_status insert_pair(rd_recreate *rc, rd_ws *w, const rd_neigh *near, rd_rng *rng,
                             const rd_recreate_params *pp, int p) {
    rd_pair_ins b = {-1, 0, 0, RD_INF, -1, -1};
    int full = 1;
    if (pp->near_routes > 0 && near->k > 0) {
        int nc;
        near_candidates(rc, w, near, pp, p, &nc);
        for (int j = 0; j < nc; j++) rd_ws_scan_pair(w, rc->cand[j], p, rng, rc->blink_below, &b);
        full = b.route < 0;
    }
    if (full)
        for (int r = 0; r < w->n_routes; r++)
            if (rd_route_used(&w->r[r])) rd_ws_scan_pair(w, r, p, rng, rc->blink_below, &b);
    for (int v = rd_ws_next_free_type(w, 0); v >= 0; v = rd_ws_next_free_type(w, v + 1)) {
        int r = rd_ws_empty_route(w, v);
        if (r >= 0) rd_ws_scan_pair(w, r, p, NULL, 0, &b);
    }
    return b.route < 0 ? RD_OK : rd_construct_apply_pair(w, p, &b);
}

/* Tries u at every unblinked position of route r; keeps the cheapest in (*br, *bq, *bd). */
static void scan_route(rd_recreate *rc, const rd_ws *w, rd_rng *rng, int r, int u, int *br, int *bq,
                       int64_t *bd) {
    const rd_rwork *R = &w->r[r];
    if (!rd_ws_room(w, r, u)) return;
    for (int q = 0; q <= R->len; q++) {
        if ((int64_t)(rd_rng_next(rng) >> 1) < rc->blink_below) continue;
        rd_seg s[3] = {rd_seg_part(r, 0, q), rd_seg_task(u), rd_seg_part(r, q, R->len)};
        int64_t c;
        int64_t bound = *bd >= RD_INF ? RD_INF : R->cost + *bd;
        if (!rd_ws_try_below(w, R->vehicle, s, 3, bound, &c)) continue;
        if (c - R->cost < *bd) {
            *bd = c - R->cost;
            *br = r;
            *bq = q;
        }
    }
}

/* Opens a route for optional job u when it pays with its neighbours: u
 * goes alone into the empty route where it costs least, then, while one
 * lowers the route's cost less prizes, the unrouted optional job among u's
 * first SEED_NEAR neighbours that lowers it most goes in at its cheapest
 * place. The route stays when it ends up paying (cost < 0 with prizes
 * counted), else it is emptied again. *opened = 1 when it stays. About
 * SEED_NEAR · len route checks per job added. */
#define SEED_NEAR  100
#define SEED_TRIES 4 /* route openings tried per recreate */
static rd_status seed_route(rd_recreate *rc, rd_ws *w, const rd_neigh *near, int u, int *opened) {
    const rd_model *m = w->m;
    *opened = 0;
    int re = -1, bq = -1;
    int64_t bc = RD_INF;
    for (int v = rd_ws_next_free_type(w, 0); v >= 0; v = rd_ws_next_free_type(w, v + 1)) {
        int r = rd_ws_empty_route(w, v);
        if (r < 0 || !rd_model_can_serve(m, v, u)) continue;
        for (int q = 0; q <= w->r[r].len; q++) { /* among its breaks, if any */
            rd_seg s[3] = {rd_seg_part(r, 0, q), rd_seg_task(u), rd_seg_part(r, q, w->r[r].len)};
            int64_t c;
            if (rd_ws_try_below(w, v, s, 3, bc, &c) && c < bc) {
                bc = c;
                re = r;
                bq = q;
            }
        }
    }
    if (re < 0) return RD_OK;
    int nkeep = w->r[re].len; /* its breaks: what the route holds again if it does not pay */
    memcpy(rc->keep, w->r[re].task, (size_t)nkeep * sizeof *rc->keep);
    rd_seg s0[3] = {rd_seg_part(re, 0, bq), rd_seg_task(u), rd_seg_part(re, bq, w->r[re].len)};
    RD_TRY(rd_ws_set(w, re, s0, 3));
    const int *nb = rd_neigh_of(near, u);
    const int k = near->k < SEED_NEAR ? near->k : SEED_NEAR;
    for (;;) {
        const rd_rwork *R = &w->r[re];
        int bx = -1, bp = -1;
        int64_t bd = 0; /* must lower cost - prizes */
        for (int j = 0; j < k; j++) {
            const int x = nb[j];
            if (w->route_of[x] >= 0 || m->task_prize[x] < 0 || m->task_kind[x] != RD_TASK_JOB ||
                !rc->may_insert || !rc->may_insert[x] || !rd_ws_room(w, re, x))
                continue;
            for (int q = 0; q <= R->len; q++) {
                rd_seg s[3] = {rd_seg_part(re, 0, q), rd_seg_task(x), rd_seg_part(re, q, R->len)};
                int64_t c;
                if (rd_ws_try_below(w, R->vehicle, s, 3, R->cost + bd, &c) && c - R->cost < bd) {
                    bd = c - R->cost;
                    bx = x;
                    bp = q;
                }
            }
        }
        if (bx < 0) break;
        rd_seg s[3] = {rd_seg_part(re, 0, bp), rd_seg_task(bx), rd_seg_part(re, bp, R->len)};
        RD_TRY(rd_ws_set(w, re, s, 3));
    }
    if (w->r[re].cost < 0) {
        *opened = 1;
        return RD_OK;
    }
    return rd_ws_set_tasks(w, re, rc->keep, nkeep);
}

rd_status rd_recreate_run(rd_recreate *rc, rd_ws *w, const rd_neigh *near, rd_rng *rng,
                          const rd_recreate_params *pp, int *t, int n, const rd_deadline *dl,
                          const volatile int *cancel, int *stopped) {
    *stopped = 0;
    rc->blink_below = (int64_t)(pp->blink * 9223372036854775807.0);
    sort_tasks(rc, w->m, rng, pp, t, n);
    int seeds = 0;
    for (int i = 0; i < n; i++) {
        if ((i & 3) == 3 && ((cancel && *cancel) || (dl && rd_deadline_passed(dl)))) {
            *stopped = 1;
            return RD_OK;
        }
        const int u = t[i];
        const int kind = w->m->task_kind[u];
        if (kind == RD_TASK_DELIVERY) continue; /* goes in with its pickup */
        if (w->route_of[u] >= 0) continue;      /* went in with an opened route */
        const int optional = w->m->task_prize[u] >= 0;
        if (kind == RD_TASK_PICKUP) {
            if (w->route_of[u] < 0) RD_TRY(insert_pair(rc, w, near, rng, pp, u));
            continue;
        }
        int br = -1, bq = -1;
        /* an optional job goes in only where it lowers cost - prizes */
        int64_t bd = optional ? 0 : RD_INF;
        int full = 1;
        if (pp->near_routes > 0 && near->k > 0) {
            int nc;
            near_candidates(rc, w, near, pp, u, &nc);
            for (int j = 0; j < nc; j++) scan_route(rc, w, rng, rc->cand[j], u, &br, &bq, &bd);
            full = br < 0;
        }
        if (full && !optional) /* an optional one pays in a far route even less */
            for (int r = 0; r < w->n_routes; r++)
                if (rd_route_used(&w->r[r])) scan_route(rc, w, rng, r, u, &br, &bq, &bd);
        if (optional) {
            /* a new route never pays for one stop: it opens when it pays with
             * its neighbours, SEED_TRIES times per run at most */
            if (br < 0 && seeds < SEED_TRIES) {
                int opened;
                seeds++;
                RD_TRY(seed_route(rc, w, near, u, &opened));
                if (opened) continue;
            }
            if (br < 0 && !w->reloads) continue;
        }
        for (int v = rd_ws_next_free_type(w, 0); v >= 0 && !optional;
             v = rd_ws_next_free_type(w, v + 1)) {
            int r = rd_ws_empty_route(w, v);
            if (r < 0) continue;
            /* an empty route holds its type's breaks, if any: every position */
            for (int q = 0; q <= w->r[r].len; q++) {
                rd_seg s[3] = {rd_seg_part(r, 0, q), rd_seg_task(u),
                               rd_seg_part(r, q, w->r[r].len)};
                int64_t c;
                if (rd_ws_try_below(w, v, s, 3, bd >= RD_INF ? RD_INF : bd, &c) && c < bd) {
                    bd = c;
                    br = r;
                    bq = q;
                }
            }
        }
        if (br < 0) { /* no room as the routes are: with a reload next to it, if any */
            int placed, nc = 0;
            if (w->reloads && pp->near_routes > 0 && near->k > 0)
                near_candidates(rc, w, near, pp, u, &nc);
            RD_TRY(rd_construct_insert_reload(w, u, nc > 0 ? rc->cand : NULL, nc, &placed));
            continue;
        }
        rd_seg s[3] = {rd_seg_part(br, 0, bq), rd_seg_task(u), rd_seg_part(br, bq, w->r[br].len)};
        RD_TRY(rd_ws_set(w, br, s, 3));
    }
    return RD_OK;
}
