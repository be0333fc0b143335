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
    if (!rc->demand || !rc->far || !rc->item || !rc->mark || !rc->cand || !rc->absent) {
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
    for (int v = 0; v < w->m->n_vehicles; v++) {
        int r = rd_ws_empty_route(w, v);
        if (r >= 0) rd_ws_scan_pair(w, r, p, NULL, 0, &b);
    }
    return b.route < 0 ? RD_OK : rd_construct_apply_pair(w, p, &b);
}

/* Tries u at every unblinked position of route r; keeps the cheapest in (*br, *bq, *bd). */
static void scan_route(rd_recreate *rc, const rd_ws *w, rd_rng *rng, int r, int u, int *br, int *bq,
                       int64_t *bd) {
    const rd_rwork *R = &w->r[r];
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

rd_status rd_recreate_run(rd_recreate *rc, rd_ws *w, const rd_neigh *near, rd_rng *rng,
                          const rd_recreate_params *pp, int *t, int n, const rd_deadline *dl,
                          const volatile int *cancel, int *stopped) {
    *stopped = 0;
    rc->blink_below = (int64_t)(pp->blink * 9223372036854775807.0);
    sort_tasks(rc, w->m, rng, pp, t, n);
    const int nv = w->m->n_vehicles;
    for (int i = 0; i < n; i++) {
        if ((i & 3) == 3 && ((cancel && *cancel) || (dl && rd_deadline_passed(dl)))) {
            *stopped = 1;
            return RD_OK;
        }
        const int u = t[i];
        const int kind = w->m->task_kind[u];
        if (kind == RD_TASK_DELIVERY) continue; /* goes in with its pickup */
        if (kind == RD_TASK_PICKUP) {
            if (w->route_of[u] < 0) RD_TRY(insert_pair(rc, w, near, rng, pp, u));
            continue;
        }
        int br = -1, bq = -1;
        int64_t bd = RD_INF;
        int full = 1;
        if (pp->near_routes > 0 && near->k > 0) {
            int nc;
            near_candidates(rc, w, near, pp, u, &nc);
            for (int j = 0; j < nc; j++) scan_route(rc, w, rng, rc->cand[j], u, &br, &bq, &bd);
            full = br < 0;
        }
        if (full)
            for (int r = 0; r < w->n_routes; r++)
                if (rd_route_used(&w->r[r])) scan_route(rc, w, rng, r, u, &br, &bq, &bd);
        for (int v = 0; v < nv; v++) {
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
        if (br >= 0 && w->m->task_prize[u] >= 0 && bd >= 0) {
            /* Optional and not worth it alone; a new route is never worth one
             * stop, so now and then one is opened anyway when the detour is
             * less than 5 times the prize (the next rounds fill it or ruin it) */
            const int empty = !rd_route_used(&w->r[br]);
            if (!empty || bd >= 4 * w->m->task_prize[u] || rd_rng_below(rng, 2) != 0) continue;
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
