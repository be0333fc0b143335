#include "heuristics/ls.h"
#include "heuristics/ls_moves.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int route_slots(const rd_model *m) {
    int nr = 0;
    for (int v = 0; v < m->n_vehicles; v++)
        nr += m->vehicles[v].count < m->n_tasks ? m->vehicles[v].count : m->n_tasks;
    return nr;
}

rd_status rd_ls_init(rd_ls *ls, const rd_model *m) {
    memset(ls, 0, sizeof *ls);
    ls->n = m->n_tasks;
    ls->n_routes = route_slots(m);
    ls->ops = RD_LS_ALL;
    ls->best_move = 1; /* measured: slightly better than first improvement on X and Solomon */
    size_t nt = (size_t)(m->n_tasks > 0 ? m->n_tasks : 1);
    size_t nr = (size_t)(ls->n_routes > 0 ? ls->n_routes : 1);
    ls->last_test = malloc(nt * sizeof *ls->last_test);
    ls->out_test = malloc(nt * sizeof *ls->out_test);
    ls->ej_tick = malloc(nt * sizeof *ls->ej_tick);
    ls->ej_from = malloc(nt * sizeof *ls->ej_from);
    ls->ej_r2 = malloc(nt * sizeof *ls->ej_r2);
    ls->ej_j = malloc(nt * sizeof *ls->ej_j);
    ls->order = malloc(nt * sizeof *ls->order);
    ls->seen = calloc(nr, sizeof *ls->seen);
    ls->out_routes = malloc(nr * sizeof *ls->out_routes);
    ls->out_ins = malloc((nt + 1) * sizeof *ls->out_ins);
    ls->out_rem = malloc((nt + 1) * sizeof *ls->out_rem);
    ls->ro_mark = calloc(nt + 1, sizeof *ls->ro_mark);
    ls->wk_mark = calloc(nt, sizeof *ls->wk_mark);
    if (!ls->last_test || !ls->out_test || !ls->ej_tick || !ls->ej_from || !ls->ej_r2 ||
        !ls->ej_j || !ls->order || !ls->seen || !ls->out_routes || !ls->out_ins || !ls->out_rem ||
        !ls->ro_mark || !ls->wk_mark)
        goto nomem;
    for (int t = 0; t < ls->n; t++) ls->last_test[t] = ls->out_test[t] = ls->ej_tick[t] = -1;
    ls->clean_tick = -1;
    /* SWAP* needs coordinates and a depot to measure polar angles around; the
     * depot of vehicle type 0 serves for all (the sectors only filter pairs) */
    int depot = m->n_vehicles > 0 ? m->vehicles[0].start_loc : -1;
    if (depot < 0 && m->n_vehicles > 0) depot = m->vehicles[0].end_loc;
    if (m->x && m->y && depot >= 0) {
        ls->angle = malloc(nt * sizeof *ls->angle);
        ls->sec_lo = malloc(nr * sizeof *ls->sec_lo);
        ls->sec_hi = malloc(nr * sizeof *ls->sec_hi);
        ls->sec_stamp = malloc(nr * sizeof *ls->sec_stamp);
        ls->ins_cost = malloc(3 * nt * sizeof *ls->ins_cost);
        ls->ins_pos = malloc(3 * nt * sizeof *ls->ins_pos);
        ls->rem = malloc(nt * sizeof *ls->rem);
        ls->sw_mark = calloc(nr, sizeof *ls->sw_mark);
        ls->sw_list = malloc(nr * sizeof *ls->sw_list);
        ls->sw_pos = malloc(nt * sizeof *ls->sw_pos);
        ls->sw_keep = malloc(nt);
        ls->pp_prev = malloc((nt + 1) * sizeof *ls->pp_prev);
        ls->pp_next = malloc((nt + 1) * sizeof *ls->pp_next);
        ls->pp_arc = malloc((nt + 1) * sizeof *ls->pp_arc);
        if (!ls->angle || !ls->sec_lo || !ls->sec_hi || !ls->sec_stamp || !ls->ins_cost ||
            !ls->ins_pos || !ls->rem || !ls->sw_mark || !ls->sw_list || !ls->sw_pos ||
            !ls->sw_keep || !ls->pp_prev || !ls->pp_next || !ls->pp_arc)
            goto nomem;
        const double pi = 3.14159265358979323846;
        for (int t = 0; t < ls->n; t++) {
            int loc = m->task_loc[t];
            if (loc < 0) { /* a break: SWAP* leaves breaks in place, any angle will do */
                ls->angle[t] = 0;
                continue;
            }
            double a = atan2(m->y[loc] - m->y[depot], m->x[loc] - m->x[depot]);
            int k = (int)floor(a * (ANGLE_MOD / 2) / pi);
            ls->angle[t] = ((k % ANGLE_MOD) + ANGLE_MOD) % ANGLE_MOD;
        }
        for (int r = 0; r < ls->n_routes; r++) ls->sec_stamp[r] = -1;
    }
    return RD_OK;
nomem:
    rd_ls_free(ls);
    return RD_ERR_NOMEM;
}

void rd_ls_free(rd_ls *ls) {
    free(ls->last_test);
    free(ls->out_test);
    free(ls->ej_tick);
    free(ls->ej_from);
    free(ls->ej_r2);
    free(ls->ej_j);
    free(ls->order);
    free(ls->seen);
    free(ls->out_routes);
    free(ls->out_ins);
    free(ls->out_rem);
    free(ls->ro_mark);
    free(ls->wk_mark);
    free(ls->angle);
    free(ls->sec_lo);
    free(ls->sec_hi);
    free(ls->sec_stamp);
    free(ls->ins_cost);
    free(ls->ins_pos);
    free(ls->rem);
    free(ls->pp_prev);
    free(ls->pp_next);
    free(ls->pp_arc);
    free(ls->sw_mark);
    free(ls->sw_list);
    free(ls->sw_pos);
    free(ls->sw_keep);
    memset(ls, 0, sizeof *ls);
}

/* ---- applying a move ---- */

/* The plain check's cost of route R as the workspace prices it: less the
 * prizes of its optional tasks. Returns 0 when R is infeasible. */
static int checked_cost(const rd_model *m, const rd_rwork *R, int64_t *c) {
    if (!rd_route_check(m, R->vehicle, R->task, R->len, c)) return 0;
    for (int i = 0; i < R->len; i++)
        if (m->task_prize[R->task[i]] > 0) *c -= m->task_prize[R->task[i]];
    return 1;
}

/* Recomputes the changed routes and the plan cost from scratch after a move
 * whose routes were evaluated at c1, c2 (r2 < 0: one route) and the plan cost
 * `before`. Returns 1, or -RD_ERR_INTERNAL with a message in ls->err. */
static int debug_verify(rd_ls *ls, const rd_ws *w, int r1, int64_t c1, int r2, int64_t c2,
                        int64_t old1, int64_t old2, int64_t before) {
    const rd_model *m = w->m;
    int rs[2] = {r1, r2};
    int64_t cs[2] = {c1, c2};
    for (int k = 0; k < 2; k++) {
        int r = rs[k];
        if (r < 0) continue;
        const rd_rwork *R = &w->r[r];
        int64_t c;
        if (!checked_cost(m, R, &c)) {
            rd_err(&ls->err, RD_ERR_INTERNAL, "ls debug check: route %d infeasible after a move",
                   r);
            return -RD_ERR_INTERNAL;
        }
        if (c != R->cost || c != cs[k]) {
            rd_err(&ls->err, RD_ERR_INTERNAL,
                   "ls debug check: route %d costs %lld, cached %lld, evaluated %lld", r,
                   (long long)c, (long long)R->cost, (long long)cs[k]);
            return -RD_ERR_INTERNAL;
        }
        for (int i = 0; i < R->len; i++)
            if (w->route_of[R->task[i]] != r || w->pos_of[R->task[i]] != i) {
                rd_err(&ls->err, RD_ERR_INTERNAL, "ls debug check: task %d of route %d misindexed",
                       R->task[i], r);
                return -RD_ERR_INTERNAL;
            }
    }
    int64_t total = 0;
    int routed = 0;
    for (int r = 0; r < w->n_routes; r++) {
        const rd_rwork *R = &w->r[r];
        int64_t c;
        if (!checked_cost(m, R, &c)) {
            rd_err(&ls->err, RD_ERR_INTERNAL, "ls debug check: route %d infeasible", r);
            return -RD_ERR_INTERNAL;
        }
        total += c;
        for (int i = 0; i < R->len; i++) /* mandatory tasks */
            routed += rd_task_served(m, R->task[i]) && m->task_prize[R->task[i]] < 0;
    }
    int64_t expect = before + c1 + c2 - old1 - old2;
    if (total != expect || total != w->cost || routed != w->n_routed) {
        rd_err(&ls->err, RD_ERR_INTERNAL,
               "ls debug check: plan costs %lld, incremental %lld, workspace %lld (%d/%d tasks)",
               (long long)total, (long long)expect, (long long)w->cost, routed, w->n_routed);
        return -RD_ERR_INTERNAL;
    }
    return 1;
}

/* Replaces r1 by s1 (cost c1) and r2 (when >= 0) by s2 (cost c2). Returns 1,
 * or -status. */
static int apply(rd_ls *ls, rd_ws *w, int r1, const rd_seg *s1, int n1, int64_t c1, int r2,
                 const rd_seg *s2, int n2, int64_t c2) {
    int64_t before = w->cost, old1 = w->r[r1].cost, old2 = r2 >= 0 ? w->r[r2].cost : 0;
    rd_status st = rd_ws_set2(w, r1, s1, n1, r2, s2, n2);
    if (st != RD_OK) return -(int)st;
    if (ls->debug_check)
        return debug_verify(ls, w, r1, c1, r2, r2 >= 0 ? c2 : 0, old1, old2, before);
    return 1;
}

int rd_ls_apply(rd_ls *ls, rd_ws *w, const ls_move *mv) {
    return apply(ls, w, mv->r1, mv->s1, mv->n1, mv->c1, mv->r2, mv->s2, mv->n2, mv->c2);
}

/* Cost (fixed + travel - prizes) of vehicle type `veh` driving the candidate
 * s[0..ns), from arc sums and the routes' cost caches only: O(segments), one
 * matrix (breaks have no location: the arcs join the located tasks around
 * them). Returns COST_UNKNOWN when a segment comes from a route of another
 * profile or is reversed around a break (rd_ws_try refuses it). Windows, loads and
 * limits are rd_ws_try's business. */
int64_t rd_ls_cand_cost(const rd_ws *w, int veh, const rd_seg *s, int ns) {
    const rd_model *m = w->m;
    const rd_vehicle *V = &m->vehicles[veh];
    const rd_matrix *C = &m->costs[V->profile];
    int prev = V->start_loc, n = 0;
    int64_t c = 0, pz = 0;
    for (int k = 0; k < ns; k++) {
        const rd_seg *g = &s[k];
        if (g->route < 0) {
            const int t = g->a, loc = m->task_loc[t];
            if (loc >= 0) {
                c += arc(C, prev, loc);
                prev = loc;
            }
            n += rd_task_served(m, t);
            if (w->prizes && m->task_prize[t] > 0) pz += m->task_prize[t];
            continue;
        }
        if (g->a >= g->b) continue;
        const rd_rwork *R = &w->r[g->route];
        if (m->vehicles[R->vehicle].profile != V->profile) return COST_UNKNOWN;
        const int nbk = w->breaks ? R->nbrk[g->b] - R->nbrk[g->a] : 0;
        n += g->b - g->a - nbk - (w->reloads ? R->nrel[g->b] - R->nrel[g->a] : 0);
        if (w->prizes) pz += R->pos[g->b].prize - R->pos[g->a].prize;
        if (g->rev) {
            if (nbk) return COST_UNKNOWN;
            c += arc(C, prev, m->task_loc[R->task[g->b - 1]]);
            c += R->pos[g->b].rcost - R->pos[g->a + 1].rcost;
            prev = m->task_loc[R->task[g->a]];
            continue;
        }
        int f = g->a, l = g->b - 1; /* the first and last located tasks */
        if (nbk) {
            while (f < g->b && m->task_loc[R->task[f]] < 0) f++;
            if (f == g->b) continue; /* breaks only */
            while (m->task_loc[R->task[l]] < 0) l--;
        }
        c += arc(C, prev, m->task_loc[R->task[f]]);
        c += R->pos[l + 1].cost - R->pos[f + 1].cost;
        prev = m->task_loc[R->task[l]];
    }
    return n == 0 ? 0 : V->fixed_cost + c + arc(C, prev, V->end_loc) - pz;
}

/* Tries replacing r1 by s1 and r2 (when >= 0) by s2. Returns 1 when applied,
 * 0 when not (not improving, or recorded in best mode), -status on failure. */
int rd_ls_consider(scan *sc, int r1, const rd_seg *s1, int n1, int r2, const rd_seg *s2, int n2) {
    return rd_ls_consider_e(sc, r1, s1, n1, COST_TBD, r2, s2, n2);
}

int rd_ls_consider_e(scan *sc, int r1, const rd_seg *s1, int n1, int64_t e1, int r2,
                     const rd_seg *s2, int n2) {
    const rd_ws *w = sc->w;
    /* route costs are >= 0, so r1 alone must already cost less than both did */
    int64_t old = w->r[r1].cost + (r2 >= 0 ? w->r[r2].cost : 0);
    int64_t lim = old - (sc->have ? sc->gain : 0), c1, c2 = 0;
    /* the exact cost first, from arc sums: most candidates stop here */
    if (e1 == COST_TBD) e1 = rd_ls_cand_cost(w, w->r[r1].vehicle, s1, n1);
    int64_t e2 = r2 >= 0 ? rd_ls_cand_cost(w, w->r[r2].vehicle, s2, n2) : 0;
    const int known = e1 != COST_UNKNOWN && e2 != COST_UNKNOWN;
    if (known && e1 + e2 >= lim) return 0;
    /* r1's bound: lim less r2's exact cost when known; with prizes a route
     * may cost less than 0, so r1 alone bounds nothing otherwise */
    int64_t lim1 = r2 < 0 ? lim : e2 != COST_UNKNOWN ? lim - e2 : w->prizes ? RD_INF : lim;
    if (!rd_ws_try_below(w, w->r[r1].vehicle, s1, n1, lim1, &c1)) return 0;
    if (r2 >= 0 && !rd_ws_try_below(w, w->r[r2].vehicle, s2, n2, lim - c1, &c2)) return 0;
    if (sc->ls->debug_check &&
        ((e1 != COST_UNKNOWN && e1 != c1) || (r2 >= 0 && e2 != COST_UNKNOWN && e2 != c2))) {
        rd_err(&sc->ls->err, RD_ERR_INTERNAL,
               "ls debug check: arc-sum costs %lld + %lld, evaluated %lld + %lld", (long long)e1,
               (long long)e2, (long long)c1, (long long)c2);
        return -RD_ERR_INTERNAL;
    }
    if (!sc->ls->best_move) return apply(sc->ls, sc->w, r1, s1, n1, c1, r2, s2, n2, c2);
    sc->have = 1;
    sc->gain = old - c1 - c2;
    move_set(&sc->mv, r1, s1, n1, c1, r2, s2, n2, c2);
    return 0;
}

/* Applies the recorded best move, if any: 1 applied, 0 none, -status. */
int rd_ls_flush(scan *sc) {
    if (!sc->have) return 0;
    sc->have = 0;
    return rd_ls_apply(sc->ls, sc->w, &sc->mv);
}

/* Positions [a, b) of route r may move to another route (reversed when rev)
 * without splitting a shipment: they hold none, or only whole pairs in order. */
static inline int movable(const rd_ws *w, int r, int a, int b, int rev) {
    const rd_rwork *R = &w->r[r];
    if (w->breaks && R->nbrk[b] != R->nbrk[a]) return 0; /* breaks stay with their vehicle */
    if (!w->pairs) return 1;
    return R->nship[b] == R->nship[a] || (!rev && R->open[a] == 0 && R->open[b] == 0);
}

/* Route `to` with its positions [b, b + kb) out and positions [a, a + k) of
 * route `from` in keeps its total pickups and deliveries within its
 * vehicle's capacity: the first load check of rd_ws_try (without reloads;
 * with them loads go by trips and this says yes), here once for every
 * orientation and place of the block and before any cost is priced. */
static inline int totals_fit(const rd_ws *w, int to, int b, int kb, int from, int a, int k) {
    if (w->reloads) return 1;
    const int nd = w->m->n_dims;
    const rd_rwork *T = &w->r[to], *F = &w->r[from];
    const int64_t *cap = rd_model_capacity(w->m, T->vehicle);
    for (int d = 0; d < nd; d++) {
        const int64_t p = T->pick[T->len * nd + d] - T->pick[(b + kb) * nd + d] +
                          T->pick[b * nd + d] + F->pick[(a + k) * nd + d] - F->pick[a * nd + d];
        const int64_t q = T->deliv[T->len * nd + d] - T->deliv[(b + kb) * nd + d] +
                          T->deliv[b * nd + d] + F->deliv[(a + k) * nd + d] - F->deliv[a * nd + d];
        if (p > cap[d] || q > cap[d]) return 0;
    }
    return 1;
}

/* Moves between u (route ru, position i) and v (route rv != ru, position j).
 * With shipments, blocks that would split a pair are skipped at once. */
static int inter_moves(scan *sc, int ru, int i, int rv, int j) {
    const rd_ws *w = sc->w;
    const int ops = sc->ls->ops, lu = w->r[ru].len, lv = w->r[rv].len;
    int kmax = (ops & RD_LS_RELOCATE3) ? 3 : 1;
    for (int k = (ops & RD_LS_RELOCATE) ? 1 : 2; k <= kmax && i + k <= lu; k++) {
        if (!totals_fit(w, rv, 0, 0, ru, i, k)) continue;
        for (int rev = 0; rev <= (k > 1); rev++) {
            if (!movable(w, ru, i, i + k, rev)) continue;
            rd_seg a[] = {P(ru, 0, i), P(ru, i + k, lu)};
            /* ru without the block: the same for every v (u's scan moves nothing) */
            if (sc->rem[k] == COST_TBD) sc->rem[k] = rd_ls_cand_cost(w, w->r[ru].vehicle, a, 2);
            {
                rd_seg b[] = {P(rv, 0, j + 1), BLK(ru, i, k, rev), P(rv, j + 1, lv)};
                TRY2E(ru, a, sc->rem[k], rv, b);
            }
            {
                rd_seg b[] = {P(rv, 0, j), BLK(ru, i, k, rev), P(rv, j, lv)};
                TRY2E(ru, a, sc->rem[k], rv, b);
            }
        }
    }
    if (ops & (RD_LS_SWAP | RD_LS_SWAP2)) {
        int kumax = (ops & RD_LS_SWAP2) ? 2 : 1;
        for (int ku = 1; ku <= kumax && i + ku <= lu; ku++)
            for (int kv = 1; kv <= ku && j + kv <= lv; kv++) {
                if (ku == 1 && !(ops & RD_LS_SWAP)) continue;
                if (!totals_fit(w, rv, j, kv, ru, i, ku) || !totals_fit(w, ru, i, ku, rv, j, kv))
                    continue;
                for (int ru_rev = 0; ru_rev <= (ku > 1); ru_rev++)
                    for (int rv_rev = 0; rv_rev <= (kv > 1); rv_rev++) {
                        if (!movable(w, ru, i, i + ku, ru_rev) ||
                            !movable(w, rv, j, j + kv, rv_rev))
                            continue;
                        rd_seg a[] = {P(ru, 0, i), BLK(rv, j, kv, rv_rev), P(ru, i + ku, lu)};
                        rd_seg b[] = {P(rv, 0, j), BLK(ru, i, ku, ru_rev), P(rv, j + kv, lv)};
                        TRY2(ru, a, rv, b);
                    }
            }
    }
    if ((ops & RD_LS_TWO_OPT) && movable(w, ru, i + 1, lu, 0) && movable(w, rv, j, lv, 0)) {
        rd_seg a[] = {P(ru, 0, i + 1), P(rv, j, lv)};
        rd_seg b[] = {P(rv, 0, j), P(ru, i + 1, lu)};
        TRY2(ru, a, rv, b);
    }
    if ((ops & RD_LS_TWO_OPT) && movable(w, ru, i, lu, 0) && movable(w, rv, j + 1, lv, 0)) {
        rd_seg a[] = {P(ru, 0, i), P(rv, j + 1, lv)};
        rd_seg b[] = {P(rv, 0, j + 1), P(ru, i, lu)};
        TRY2(ru, a, rv, b);
    }
    return 0;
}

/* Moves between u (position i) and v (position j) of the same route r. */
static int intra_moves(scan *sc, int r, int i, int j) {
    const rd_ws *w = sc->w;
    const int ops = sc->ls->ops, l = w->r[r].len;
    int kmax = (ops & RD_LS_RELOCATE3) ? 3 : 1;
    for (int k = (ops & RD_LS_RELOCATE) ? 1 : 2; k <= kmax && i + k <= l; k++) {
        if (j >= i && j < i + k) break; /* v inside the block (and in larger blocks) */
        for (int side = 0; side < 2; side++) {
            int p = side == 0 ? j + 1 : j; /* insert before position p: after v, before v */
            if (p == i || p == i + k) continue;
            for (int rev = 0; rev <= (k > 1); rev++) {
                if (p < i) {
                    rd_seg s[] = {P(r, 0, p), BLK(r, i, k, rev), P(r, p, i), P(r, i + k, l)};
                    TRY1(r, s);
                } else {
                    rd_seg s[] = {P(r, 0, i), P(r, i + k, p), BLK(r, i, k, rev), P(r, p, l)};
                    TRY1(r, s);
                }
            }
        }
    }
    if (ops & RD_LS_SWAP) {
        int a = i < j ? i : j, b = i < j ? j : i;
        const int *task = w->r[r].task;
        rd_seg s[] = {P(r, 0, a), TK(task[b]), P(r, a + 1, b), TK(task[a]), P(r, b + 1, l)};
        TRY1(r, s);
    }
    if (ops & RD_LS_TWO_OPT) {
        if (j - i >= 2) {
            rd_seg s[] = {P(r, 0, i + 1), RV(r, i + 1, j + 1), P(r, j + 1, l)};
            TRY1(r, s);
        } else if (i - j >= 2) {
            rd_seg s[] = {P(r, 0, j + 1), RV(r, j + 1, i + 1), P(r, i + 1, l)};
            TRY1(r, s);
        }
    }
    return 0;
}

/* Shipment relocation: pickup u and its delivery leave their route for the
 * cheapest positions (rd_ws_scan_pair) in the route of one of u's or the
 * delivery's neighbours, or in an empty route of each type. */
static int pair_moves(scan *sc, const rd_neigh *nb, int u, int64_t since) {
    rd_ws *w = sc->w;
    const rd_model *m = w->m;
    const int d = m->task_pair[u], ru = w->route_of[u], lu = w->r[ru].len;
    const int i = w->pos_of[u], j = w->pos_of[d];
    rd_seg a[] = {P(ru, 0, i), P(ru, i + 1, j), P(ru, j + 1, lu)};
    int64_t c1;
    if (!rd_ws_try(w, w->r[ru].vehicle, a, 3, &c1)) return 0;
    const int64_t saved = w->r[ru].cost - c1;  /* what leaving ru gains */
    rd_pair_ins b = {-1, 0, 0, saved, -1, -1}; /* insertions cheaper than that improve */
    rd_ls *ls = sc->ls;
    ls->seen_mark++;
    for (int h = 0; h < 2; h++) {
        const int *nv = rd_neigh_of(nb, h == 0 ? u : d);
        for (int q = 0; q < nb->k; q++) {
            int rv = w->route_of[nv[q]];
            if (rv < 0 || rv == ru || ls->seen[rv] == ls->seen_mark ||
                (since >= w->r[ru].stamp && since >= w->r[rv].stamp))
                continue;
            ls->seen[rv] = ls->seen_mark;
            rd_ws_scan_pair(w, rv, u, NULL, 0, &b);
        }
    }
    if ((sc->ls->ops & RD_LS_EMPTY) && since < w->r[ru].stamp && lu - w->r[ru].nbrk[lu] > 2)
        for (int type = rd_ws_next_free_type(w, 0); type >= 0;
             type = rd_ws_next_free_type(w, type + 1)) {
            int re = rd_ws_empty_route(w, type);
            if (re >= 0) rd_ws_scan_pair(w, re, u, NULL, 0, &b);
        }
    if (b.route < 0) return 0;
    const int rv = b.route, lv = w->r[rv].len;
    rd_seg c[] = {P(rv, 0, b.i), TK(u), P(rv, b.i, b.j), TK(d), P(rv, b.j, lv)};
    TRY2(ru, a, rv, c);
    return rd_ls_flush(sc);
}

/* Tries the moves of task u against its neighbours; pairs of routes unchanged
 * since tick `since` are skipped. Returns 1 when a move was applied, 0 when
 * none improves, -status on failure. */
static int scan_u(rd_ls *ls, rd_ws *w, const rd_neigh *nb, int u, int64_t since) {
    const int ru = w->route_of[u];
    if (ru < 0)
        return (ls->ops & RD_LS_LEFT_OUT) && ls->may_insert && ls->may_insert[u]
                   ? rd_ls_left_out_moves(ls, w, nb, u)
                   : 0;
    scan sc0 = {.ls = ls, .w = w, .rem = {COST_TBD, COST_TBD, COST_TBD, COST_TBD}}, *sc = &sc0;
    if (w->m->task_kind[u] == RD_TASK_PICKUP) {
        int rc = pair_moves(sc, nb, u, since);
        if (rc) return rc;
    }
    if ((ls->ops & RD_LS_LEFT_OUT) && w->m->task_prize[u] >= 0 &&
        w->m->task_kind[u] == RD_TASK_JOB && since < w->r[ru].stamp) {
        /* an optional job whose detour costs more than its prize leaves */
        const int i = w->pos_of[u], lu = w->r[ru].len;
        rd_seg a[] = {P(ru, 0, i), P(ru, i + 1, lu)};
        TRY1(ru, a);
        int rc = rd_ls_flush(sc);
        if (rc) return rc;
    }
    const int *nv = rd_neigh_of(nb, u);
    for (int q = 0; q < nb->k; q++) {
        const int v = nv[q], rv = w->route_of[v];
        if (rv < 0) continue;
        if (since >= w->r[ru].stamp && since >= w->r[rv].stamp) continue;
        const int i = w->pos_of[u], j = w->pos_of[v];
        int rc = ru != rv ? inter_moves(sc, ru, i, rv, j) : intra_moves(sc, ru, i, j);
        if (rc == 0) rc = rd_ls_flush(sc);
        if (rc) return rc;
    }
    if ((ls->ops & RD_LS_EMPTY) && since < w->r[ru].stamp &&
        w->r[ru].len - w->r[ru].nbrk[w->r[ru].len] > 1 && w->m->task_kind[u] != RD_TASK_BREAK) {
        const int i = w->pos_of[u], lu = w->r[ru].len;
        for (int type = rd_ws_next_free_type(w, 0); type >= 0;
             type = rd_ws_next_free_type(w, type + 1)) {
            int re = rd_ws_empty_route(w, type);
            if (re < 0) continue;
            rd_seg a[] = {P(ru, 0, i), P(ru, i + 1, lu)};
            /* an empty route holds its type's breaks, if any: every position */
            for (int q = 0; q <= w->r[re].len; q++) {
                rd_seg b[] = {P(re, 0, q), TK(u), P(re, q, w->r[re].len)};
                TRY2(ru, a, re, b);
            }
        }
        return rd_ls_flush(sc);
    }
    return 0;
}

/* ---- driver ---- */

/* The tasks whose moves may have changed since the tick `since` (-1: every
 * task), into ls->order: the tasks of the routes changed after it, the tasks
 * that name one of them as a granular neighbour, and the tasks left out.
 * Returns their number. O(changed tasks · k + n_routes + n). */
static int worklist(rd_ls *ls, const rd_ws *w, const rd_neigh *nb, int64_t since) {
    if (since < 0) {
        for (int t = 0; t < ls->n; t++) ls->order[t] = t;
        return ls->n;
    }
    const int64_t e = ++ls->wk_epoch;
    int cnt = 0;
#define WK_ADD(t)                                                                                  \
    do {                                                                                           \
        if (ls->wk_mark[t] != e) ls->wk_mark[t] = e, ls->order[cnt++] = (t);                       \
    } while (0)
    for (int r = 0; r < w->n_routes; r++) {
        const rd_rwork *R = &w->r[r];
        if (R->stamp <= since) continue;
        for (int i = 0; i < R->len; i++) {
            const int v = R->task[i];
            WK_ADD(v);
            for (int q = nb->rfirst[v]; q < nb->rfirst[v + 1]; q++) WK_ADD(nb->rlist[q]);
        }
    }
    for (int t = 0; t < ls->n; t++)
        if (w->route_of[t] < 0) WK_ADD(t);
#undef WK_ADD
    return cnt;
}

rd_status rd_ls_run(rd_ls *ls, rd_ws *w, const rd_neigh *nb, rd_rng *rng, const rd_deadline *dl,
                    const volatile int *cancel, int *stopped) {
    *stopped = 0;
    if (w->n_routes > ls->n_routes)
        return rd_err(&ls->err, RD_ERR_INTERNAL, "ls made for %d routes, workspace has %d",
                      ls->n_routes, w->n_routes);
    if (!nb->rfirst)
        return rd_err(&ls->err, RD_ERR_INTERNAL, "ls: neighbour lists without reverse lists");
    /* Localised: a pass looks only at what changed since the previous one
     * (the first pass: since the end of the previous run on this workspace,
     * whose plan was then a local optimum; everything after a stopped run,
     * on another workspace or with other operators). */
    int64_t since = ls->clean_ws == w && ls->clean_ops == ls->ops && ls->clean_near == ls->swap_near
                        ? ls->clean_tick
                        : -1; /* another plan or another neighbourhood: every task */
    if (ls->clean_ws != w)    /* ticks of another workspace */
        for (int t = 0; t < ls->n; t++) ls->out_test[t] = ls->ej_tick[t] = -1;
    ls->clean_ws = w;
    ls->clean_ops = ls->ops;
    ls->clean_near = ls->swap_near;
    ls->clean_tick = -1; /* until this run completes */
    const int swapstar = (ls->ops & RD_LS_SWAPSTAR) && ls->angle;
    unsigned checks = 0;
    for (int improved = 1; improved;) {
        improved = 0;
        const int64_t pass_start = w->tick;
        const int cnt = worklist(ls, w, nb, since);
        rd_rng_shuffle_int(rng, ls->order, cnt);
        for (int k = 0; k < cnt; k++) {
            const int u = ls->order[k];
            for (;;) {
                if ((++checks & 7u) == 0 && must_stop(dl, cancel)) {
                    *stopped = 1;
                    return RD_OK;
                }
                int64_t last = ls->last_test[u];
                ls->last_test[u] = w->tick;
                int rc = scan_u(ls, w, nb, u, last);
                if (rc < 0) return (rd_status)-rc;
                if (rc == 0) break;
                improved = 1;
                ls->moves++;
            }
        }
        if (swapstar) {
            int rc = rd_ls_swap_star_pass(ls, w, nb, since, dl, cancel, &checks, stopped);
            if (rc < 0) return (rd_status)-rc;
            if (*stopped) return RD_OK;
            if (rc > 0) improved = 1;
        }
        since = pass_start;
    }
    ls->clean_tick = w->tick;
    return RD_OK;
}
