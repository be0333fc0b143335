/* SWAP* (Vidal 2022): exchanges of two tasks between two neighbouring routes
 * whose polar sectors overlap, each inserted at its best place in the other
 * route (heuristics/ls.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "heuristics/ls_moves.h"

static inline int amod(int a) {
    return ((a % ANGLE_MOD) + ANGLE_MOD) % ANGLE_MOD;
}

/* Updates the polar sector of route r (the smallest arc HGS's rule grows
 * from the first task) when the route changed. O(len). */
static void sector(rd_ls *ls, const rd_ws *w, int r) {
    const rd_rwork *R = &w->r[r];
    if (ls->sec_stamp[r] == R->stamp) return;
    ls->sec_stamp[r] = R->stamp;
    const int *loc = w->m->task_loc;
    int k = 0;
    while (k < R->len && loc[R->task[k]] < 0) k++; /* breaks have no angle */
    int lo = k < R->len ? ls->angle[R->task[k]] : 0, hi = lo;
    for (k++; k < R->len; k++) {
        if (loc[R->task[k]] < 0) continue;
        int a = ls->angle[R->task[k]];
        if (amod(a - lo) <= amod(hi - lo)) continue;
        if (amod(a - hi) <= amod(lo - a))
            hi = a;
        else
            lo = a;
    }
    ls->sec_lo[r] = lo;
    ls->sec_hi[r] = hi;
}

static int sectors_overlap(const rd_ls *ls, int a, int b) {
    return amod(ls->sec_lo[b] - ls->sec_lo[a]) <= amod(ls->sec_hi[a] - ls->sec_lo[a]) ||
           amod(ls->sec_lo[a] - ls->sec_lo[b]) <= amod(ls->sec_hi[b] - ls->sec_lo[b]);
}

/* Location before position p of route r (its start for p = 0) and at position
 * p (its end for p = len), breaks (no location) skipped: the arcs join the
 * located tasks around them; -1 for an open start or end. */
static inline int loc_before(const rd_ws *w, const rd_rwork *R, int p) {
    const int *loc = w->m->task_loc;
    while (p > 0 && loc[R->task[p - 1]] < 0) p--;
    return p > 0 ? loc[R->task[p - 1]] : w->m->vehicles[R->vehicle].start_loc;
}
static inline int loc_at(const rd_ws *w, const rd_rwork *R, int p) {
    const int *loc = w->m->task_loc;
    while (p < R->len && loc[R->task[p]] < 0) p++;
    return p < R->len ? loc[R->task[p]] : w->m->vehicles[R->vehicle].end_loc;
}

/* Can task t be inserted before position p of route r without breaking a
 * window or the shift end of the route as it is (loads and limits aside)?
 * Exact for the insertion alone, through the schedule caches; O(windows).
 * Next to a break it answers 1. */
static int insert_time_ok(const rd_ws *w, const rd_rwork *R, int p, int t) {
    if (!w->need_time) return 1;
    const rd_model *m = w->m;
    /* next to a break the schedule caches do not say where the vehicle
     * waits: rd_ws_try decides */
    if (w->breaks &&
        ((p > 0 && m->task_loc[R->task[p - 1]] < 0) || (p < R->len && m->task_loc[R->task[p]] < 0)))
        return 1;
    const rd_vehicle *V = &m->vehicles[R->vehicle];
    const rd_matrix *T = &m->durations[V->profile];
    int prev = loc_before(w, R, p), loc = m->task_loc[t];
    int64_t b = rd_task_begin(m, t, R->pos[p].dep + arc(T, prev, loc));
    if (b == RD_NO_TIME) return 0;
    int64_t dep = b + (prev != loc ? m->task_setup[t] : 0) + m->task_service[t];
    if (p == R->len) return dep + arc(T, loc, V->end_loc) <= V->tw_end;
    int nx = R->task[p], nl = m->task_loc[nx];
    b = rd_task_begin(m, nx, dep + arc(T, loc, nl));
    if (b == RD_NO_TIME) return 0;
    return b + (loc != nl ? m->task_setup[nx] : 0) + m->task_service[nx] <= R->pos[p + 1].ld;
}

/* Fills rem[] for the tasks of route r and, for the tasks of route `from` at
 * the positions fp[0 .. nf), their 3 cheapest insertion positions into route
 * r (by arc cost; positions where the insertion alone breaks a window are
 * left out). O(len_r·nf). */
static void preprocess(rd_ls *ls, const rd_ws *w, int r, int from, const int *fp, int nf) {
    const rd_model *m = w->m;
    const rd_rwork *R = &w->r[r], *F = &w->r[from];
    const rd_matrix *C = &m->costs[m->vehicles[R->vehicle].profile];
    /* per position p (p = len: the end): the locations around it and the
     * route's own arc into it (from its prefix costs without breaks), once
     * for all the tasks tried */
    int *prev = ls->pp_prev, *next = ls->pp_next;
    int64_t *rarc = ls->pp_arc;
    for (int p = 0; p <= R->len; p++) {
        prev[p] = loc_before(w, R, p);
        next[p] = loc_at(w, R, p);
        rarc[p] = w->breaks    ? arc(C, prev[p], next[p])
                  : p < R->len ? R->pos[p + 1].cost - R->pos[p].cost
                               : R->tcost - R->pos[p].cost;
    }
    for (int i = 0; i < R->len; i++) {
        int t = R->task[i];
        if (m->task_loc[t] < 0) continue; /* a break stays */
        ls->rem[t] = arc(C, prev[i], next[i + 1]) - rarc[i] - rarc[i + 1];
    }
    /* a symmetric matrix: every arc of t is read from t's row (the matrix's
     * rows are long: a column walk misses the cache at every position), and
     * the arc into t before position p is the arc out of it before p - 1
     * when no break lies between */
    const int sym =
        !C->v || (w->cost_sym == 1 && m->vehicles[R->vehicle].profile == m->vehicles[0].profile);
    for (int f = 0; f < nf; f++) {
        int t = F->task[fp[f]], l = m->task_loc[t];
        int64_t *bc = ls->ins_cost + 3 * (size_t)t;
        int *bp = ls->ins_pos + 3 * (size_t)t;
        bc[0] = bc[1] = bc[2] = RD_INF;
        bp[0] = bp[1] = bp[2] = -1;
        int64_t out = 0;
        for (int p = 0; p <= R->len; p++) {
            const int64_t in = sym && p > 0 && prev[p] == next[p - 1] ? out
                               : sym                                  ? arc(C, l, prev[p])
                                                                      : arc(C, prev[p], l);
            out = arc(C, l, next[p]);
            const int64_t d = in + out - rarc[p];
            if (d >= bc[2] || !insert_time_ok(w, R, p, t)) continue;
            int s = 2;
            while (s > 0 && d < bc[s - 1]) {
                bc[s] = bc[s - 1];
                bp[s] = bp[s - 1];
                s--;
            }
            bc[s] = d;
            bp[s] = p;
        }
    }
}

/* The positions of route r whose task may move to route o (jobs and reloads:
 * not breaks, not a half of a shipment): every one without lists nn; with
 * them, those with one of their nn neighbours in o. Returns their number.
 * O(len_r·k). */
static int related(const rd_neigh *nn, const rd_ws *w, int r, int o, int *pos) {
    const rd_rwork *R = &w->r[r];
    int cnt = 0;
    for (int i = 0; i < R->len; i++) {
        /* breaks stay with their vehicle; a shipment's half never moves alone */
        const int kind = w->m->task_kind[R->task[i]];
        if (kind == RD_TASK_BREAK || kind == RD_TASK_PICKUP || kind == RD_TASK_DELIVERY) continue;
        if (!nn) {
            pos[cnt++] = i;
            continue;
        }
        const int *nv = rd_neigh_of(nn, R->task[i]);
        for (int q = 0; q < nn->k; q++)
            if (w->route_of[nv[q]] == o) {
                pos[cnt++] = i;
                break;
            }
    }
    return cnt;
}

/* Cheapest cost of inserting task t into route r while the task at position i
 * leaves it (rem[] of that task not included): in its place, or at one of
 * t's 3 best positions whose arcs do not touch position i. Sets *pos. */
static int64_t insert_without(const rd_ls *ls, const rd_ws *w, int r, int i, int t, int *pos) {
    const rd_model *m = w->m;
    const rd_rwork *R = &w->r[r];
    const rd_matrix *C = &m->costs[m->vehicles[R->vehicle].profile];
    int pl = loc_before(w, R, i), nl = loc_at(w, R, i + 1), l = m->task_loc[t];
    int64_t best = arc(C, pl, l) + arc(C, l, nl) - arc(C, pl, nl);
    *pos = IN_PLACE;
    const int64_t *bc = ls->ins_cost + 3 * (size_t)t;
    const int *bp = ls->ins_pos + 3 * (size_t)t;
    for (int s = 0; s < 3; s++) {
        if (bp[s] < 0 || bc[s] >= best) break;
        if (bp[s] == i || bp[s] == i + 1) continue;
        best = bc[s];
        *pos = bp[s];
        break;
    }
    return best;
}

/* Do the loads of route r fit after task `out` (-1: none) leaves and task `in`
 * (-1: none) joins? Exact without mixed pickups and deliveries; otherwise
 * rd_ws_try decides (returns 1). */
static int load_fits(const rd_ws *w, int r, int out, int in) {
    if (w->mixed) return 1;
    const rd_model *m = w->m;
    const rd_rwork *R = &w->r[r];
    const int nd = m->n_dims;
    const int64_t *cap = rd_model_capacity(m, R->vehicle);
    for (int d = 0; d < nd; d++) {
        int64_t p = R->pick[R->len * nd + d], q = R->deliv[R->len * nd + d];
        if (out >= 0) {
            p -= rd_model_pickup(m, out)[d];
            q -= rd_model_delivery(m, out)[d];
        }
        if (in >= 0) {
            p += rd_model_pickup(m, in)[d];
            q += rd_model_delivery(m, in)[d];
        }
        if (p > cap[d] || q > cap[d]) return 0;
    }
    return 1;
}

/* Drops from ua[0..*nu) (positions in route a) and vb[0..*nv) (in b) the
 * tasks that no SWAP* move between a and b can carry by loads: a task stays
 * when it fits alone into the other route or in exchange for a task of the
 * other list, the load tests of swap_star's loops, so that the candidates
 * are the same and only the pricing of the rest is saved. O(nu·nv). */
static void fitting_only(rd_ls *ls, const rd_ws *w, int a, int b, int *ua, int *nu, int *vb,
                         int *nv) {
    if (w->mixed) return; /* load_fits leaves it to rd_ws_try */
    const rd_rwork *A = &w->r[a], *B = &w->r[b];
    unsigned char *kv = ls->sw_keep;
    for (int y = 0; y < *nv; y++) kv[y] = (unsigned char)load_fits(w, a, -1, B->task[vb[y]]);
    int cu = 0;
    for (int x = 0; x < *nu; x++) {
        const int u = A->task[ua[x]];
        int keep = load_fits(w, b, -1, u);
        for (int y = 0; y < *nv; y++) {
            const int v = B->task[vb[y]];
            if (load_fits(w, a, u, v) && load_fits(w, b, v, u)) keep = kv[y] = 1;
        }
        if (keep) ua[cu++] = ua[x];
    }
    int cv = 0;
    for (int y = 0; y < *nv; y++)
        if (kv[y]) vb[cv++] = vb[y];
    *nu = cu;
    *nv = cv;
}

/* Keeps the RD_LS_SWAPSTAR_TRY most negative candidates, sorted. */
static void push_cand(rd_ls *ls, int *nc, rd_ls_cand c) {
    if (*nc == RD_LS_SWAPSTAR_TRY && c.delta >= ls->cand[*nc - 1].delta) return;
    int s = *nc < RD_LS_SWAPSTAR_TRY ? (*nc)++ : *nc - 1;
    while (s > 0 && c.delta < ls->cand[s - 1].delta) {
        ls->cand[s] = ls->cand[s - 1];
        s--;
    }
    ls->cand[s] = c;
}

/* Segments of route r after the task at position i (-1: none) leaves and task
 * t (-1: none) is inserted before position p (IN_PLACE: at i). Returns the count. */
static int build(const rd_ws *w, int r, int i, int t, int p, rd_seg *s) {
    const int l = w->r[r].len;
    if (t < 0) {
        s[0] = P(r, 0, i);
        s[1] = P(r, i + 1, l);
        return 2;
    }
    if (i < 0) {
        s[0] = P(r, 0, p);
        s[1] = TK(t);
        s[2] = P(r, p, l);
        return 3;
    }
    if (p == IN_PLACE) {
        s[0] = P(r, 0, i);
        s[1] = TK(t);
        s[2] = P(r, i + 1, l);
        return 3;
    }
    if (p < i) {
        s[0] = P(r, 0, p);
        s[1] = TK(t);
        s[2] = P(r, p, i);
        s[3] = P(r, i + 1, l);
    } else {
        s[0] = P(r, 0, i);
        s[1] = P(r, i + 1, p);
        s[2] = TK(t);
        s[3] = P(r, p, l);
    }
    return 4;
}

/* SWAP* between routes a and b (both non-empty), u and v among their
 * related tasks (related(); all of them when len_a · len_b is at most
 * RD_LS_SWAPSTAR_FULL). Returns 1 when a move was applied, 0 when none
 * improves, -status on failure. O(len_a·nv + len_b·nu + nu·nv). */
static int swap_star(rd_ls *ls, rd_ws *w, int a, int b) {
    int *ua = ls->sw_pos, *vb = ls->sw_pos + w->r[a].len;
    /* short routes: every task (cheap, and the moves the lists would miss
     * count: measured on X); long routes: the related tasks */
    const rd_neigh *nn =
        (int64_t)w->r[a].len * w->r[b].len > RD_LS_SWAPSTAR_FULL ? ls->swap_near : NULL;
    int nu = related(nn, w, a, b, ua), nv = related(nn, w, b, a, vb);
    fitting_only(ls, w, a, b, ua, &nu, vb, &nv);
    if (nu + nv == 0) return 0;
    preprocess(ls, w, a, b, vb, nv);
    preprocess(ls, w, b, a, ua, nu);
    int nc = 0;
    for (int x = 0; x < nu; x++) {
        const int i = ua[x], u = w->r[a].task[i];
        for (int y = 0; y < nv; y++) {
            const int j = vb[y], v = w->r[b].task[j];
            if (!load_fits(w, a, u, v) || !load_fits(w, b, v, u)) continue;
            int pv, pu;
            int64_t d = ls->rem[u] + ls->rem[v] + insert_without(ls, w, a, i, v, &pv) +
                        insert_without(ls, w, b, j, u, &pu);
            if (d < 0) push_cand(ls, &nc, (rd_ls_cand){u, v, pu, pv, d});
        }
        /* u alone to its cheapest position in b */
        if (ls->ins_pos[3 * (size_t)u] >= 0 && load_fits(w, b, -1, u)) {
            int64_t d = ls->rem[u] + ls->ins_cost[3 * (size_t)u];
            if (d < 0) push_cand(ls, &nc, (rd_ls_cand){u, -1, ls->ins_pos[3 * (size_t)u], -1, d});
        }
    }
    for (int y = 0; y < nv; y++) {
        const int v = w->r[b].task[vb[y]];
        if (ls->ins_pos[3 * (size_t)v] >= 0 && load_fits(w, a, -1, v)) {
            int64_t d = ls->rem[v] + ls->ins_cost[3 * (size_t)v];
            if (d < 0) push_cand(ls, &nc, (rd_ls_cand){-1, v, -1, ls->ins_pos[3 * (size_t)v], d});
        }
    }
    scan sc0 = {.ls = ls, .w = w, .rem = {COST_TBD, COST_TBD, COST_TBD, COST_TBD}}, *sc = &sc0;
    for (int k = 0; k < nc; k++) {
        const rd_ls_cand *c = &ls->cand[k];
        rd_seg sa[RD_SEG_MAX], sb[RD_SEG_MAX];
        int iu = c->u >= 0 ? w->pos_of[c->u] : -1, jv = c->v >= 0 ? w->pos_of[c->v] : -1;
        int na = build(w, a, iu, c->v, c->pv, sa);
        int nb = build(w, b, jv, c->u, c->pu, sb);
        int rc = rd_ls_consider(sc, a, sa, na, b, sb, nb);
        if (rc == 0) rc = rd_ls_flush(sc);
        if (rc) return rc;
    }
    return 0;
}

/* Positions of route r that are not breaks (an unused vehicle holds its
 * breaks only). */
static inline int served_len(const rd_ws *w, int r) {
    const rd_rwork *R = &w->r[r];
    return w->breaks ? R->len - R->nbrk[R->len] : R->len;
}

static int int_cmp(const void *x, const void *y) {
    int a = *(const int *)x, b = *(const int *)y;
    return (a > b) - (a < b);
}

/* Lists in sw_list, ascending, the non-empty routes other than r near it:
 * holding a granular neighbour of one of r's tasks, or a task that has one
 * of r's tasks as a granular neighbour. Returns their number. O(len_r · k). */
static int near_routes(rd_ls *ls, const rd_ws *w, const rd_neigh *nb, int r) {
    const rd_rwork *R = &w->r[r];
    const int64_t e = ++ls->sw_epoch;
    int cnt = 0;
    for (int i = 0; i < R->len; i++) {
        const int t = R->task[i], *nv = rd_neigh_of(nb, t);
        const int *rv = nb->rlist + nb->rfirst[t], nr = nb->rfirst[t + 1] - nb->rfirst[t];
        for (int q = 0; q < nb->k + nr; q++) {
            const int b = w->route_of[q < nb->k ? nv[q] : rv[q - nb->k]];
            if (b < 0 || b == r || ls->sw_mark[b] == e) continue;
            ls->sw_mark[b] = e;
            ls->sw_list[cnt++] = b;
        }
    }
    qsort(ls->sw_list, (size_t)cnt, sizeof *ls->sw_list, int_cmp); /* nb's order aside */
    return cnt;
}

int rd_ls_swap_star_pass(rd_ls *ls, rd_ws *w, const rd_neigh *nb, int64_t since,
                         const rd_deadline *dl, const volatile int *cancel, unsigned *checks,
                         int *stopped) {
    int applied = 0;
    /* The pairs of near routes (near_routes) whose sectors overlap and one of
     * which changed after `since`: each pair once, in the turn of the changed
     * route (of the smaller index when both changed). The pass costs
     * O(changed routes' near pairs), not O(routes²): at 10^4 stops and more
     * that decides how many rounds a minute holds. */
    for (int a = 0; a < w->n_routes; a++) {
        if (!served_len(w, a) || w->r[a].stamp <= since) continue;
        const int cnt = near_routes(ls, w, nb, a);
        for (int q = 0; q < cnt; q++) {
            const int b = ls->sw_list[q];
            if (!served_len(w, b) || !served_len(w, a)) continue;
            if (b < a && w->r[b].stamp > since) continue; /* done in b's turn */
            if ((++*checks & 7u) == 0 && must_stop(dl, cancel)) {
                *stopped = 1;
                return applied;
            }
            sector(ls, w, a);
            sector(ls, w, b);
            if (!sectors_overlap(ls, a, b)) continue;
            int rc = swap_star(ls, w, a, b);
            if (rc < 0) return rc;
            if (rc > 0) {
                applied++;
                ls->moves++;
                ls->swapstar_moves++;
            }
        }
    }
    return applied;
}
