/* ls_out: the local search's moves of the tasks the plan leaves out
 * (insertion, insertion with a short reordering, exchange, ejection); the
 * module's header is ls.h, what the files share ls_moves.h. */
#include "heuristics/ls.h"
#include "heuristics/ls_moves.h"

/* ---- tasks left out: insertion, exchange, ejection ----
 *
 * A move involving a task the plan leaves out changes what the plan serves,
 * so it is judged in VROOM's order: the priority served first, then the
 * mandatory tasks served, then the cost (out_gain, larger is better). */

typedef struct out_gain {
    int64_t prio;  /* priority served gained (mandatory tasks only) */
    int64_t count; /* mandatory tasks served gained */
    int64_t cost;  /* cost saved */
} out_gain;

/* -1, 0, 1 as (prio, count) of a is below, equal to, above b's. */
static int out_class_cmp(const out_gain *a, const out_gain *b) {
    if (a->prio != b->prio) return a->prio < b->prio ? -1 : 1;
    if (a->count != b->count) return a->count < b->count ? -1 : 1;
    return 0;
}

/* The best move found for one left-out task. */
typedef struct out_scan {
    int have;
    out_gain g;
    ls_move mv;
} out_scan;

static inline int64_t out_prio(const rd_model *m, int t) {
    return m->task_prize[t] < 0 ? m->task_priority[t] : 0;
}

/* Considers replacing r1 by s1 and r2 (>= 0) by s2, which gains `cls` in
 * priority and count; keeps it when it beats the best so far (a move of the
 * class (0, 0) must lower the cost). */
static void out_offer_est(out_scan *os, const rd_ws *w, int r1, const rd_seg *s1, int n1, int r2,
                          const rd_seg *s2, int n2, out_gain cls, int64_t est1) {
    const out_gain zero = {0, 0, 0};
    int vs_zero = out_class_cmp(&cls, &zero);
    if (vs_zero < 0) return;
    int vs_best = os->have ? out_class_cmp(&cls, &os->g) : 1;
    if (vs_best < 0) return;
    const int64_t old = w->r[r1].cost + (r2 >= 0 ? w->r[r2].cost : 0);
    /* the cost to beat: the best's in its class, the current one in (0, 0) */
    int64_t lim = RD_INF;
    if (vs_best == 0)
        lim = old - os->g.cost;
    else if (vs_zero == 0)
        lim = old;
    int64_t c1, c2 = 0;
    int64_t e1 = COST_UNKNOWN, e2 = 0; /* the exact costs from arc sums first */
    if (lim < RD_INF) {
        e1 = est1 != COST_UNKNOWN ? est1 : rd_ls_cand_cost(w, w->r[r1].vehicle, s1, n1);
        e2 = r2 >= 0 ? rd_ls_cand_cost(w, w->r[r2].vehicle, s2, n2) : 0;
        if (e1 != COST_UNKNOWN && e2 != COST_UNKNOWN && e1 + e2 >= lim) return;
    }
    /* with prizes a route may cost less than 0: r1 alone bounds nothing then */
    int64_t lim1 = lim >= RD_INF || r2 < 0                    ? lim
                   : e2 != COST_UNKNOWN && e1 != COST_UNKNOWN ? lim - e2
                   : w->prizes                                ? RD_INF
                                                              : lim;
    if (!rd_ws_try_below(w, w->r[r1].vehicle, s1, n1, lim1, &c1)) return;
    if (r2 >= 0 &&
        !rd_ws_try_below(w, w->r[r2].vehicle, s2, n2, lim >= RD_INF ? RD_INF : lim - c1, &c2))
        return;
    if (c1 + c2 >= lim) return;
    os->have = 1;
    os->g = cls;
    os->g.cost = old - c1 - c2;
    move_set(&os->mv, r1, s1, n1, c1, r2, s2, n2, c2);
}

static void out_offer(out_scan *os, const rd_ws *w, int r1, const rd_seg *s1, int n1, int r2,
                      const rd_seg *s2, int n2, out_gain cls) {
    out_offer_est(os, w, r1, s1, n1, r2, s2, n2, cls, COST_UNKNOWN);
}

/* Route r's segments with task `in` before position j and position p left
 * out (p < 0: nothing leaves; j == p: in p's place). Returns the count. */
static int out_segs(int r, int len, int p, int j, int in, rd_seg *s) {
    int n = 0;
    if (p < 0) {
        s[n++] = P(r, 0, j);
        s[n++] = TK(in);
        s[n++] = P(r, j, len);
    } else if (j <= p) {
        s[n++] = P(r, 0, j);
        s[n++] = TK(in);
        s[n++] = P(r, j, p);
        s[n++] = P(r, p + 1, len);
    } else {
        s[n++] = P(r, 0, p);
        s[n++] = P(r, p + 1, j);
        s[n++] = TK(in);
        s[n++] = P(r, j, len);
    }
    return n;
}

/* Has a route that could take task s (of its granular neighbours', or an
 * empty one of a type that can serve it) changed after tick `since`? */
static int near_changed(rd_ws *w, const rd_neigh *nb, int k, int s, int64_t since) {
    const rd_model *m = w->m;
    const int *nv = rd_neigh_of(nb, s);
    for (int q = 0; q < k; q++) {
        const int r = w->route_of[nv[q]];
        if (r >= 0 && w->r[r].stamp > since) return 1;
    }
    for (int type = rd_ws_next_free_type(w, 0); type >= 0;
         type = rd_ws_next_free_type(w, type + 1)) {
        const int re = rd_ws_empty_route(w, type);
        if (re >= 0 && w->r[re].stamp > since && rd_model_can_serve(m, type, s)) return 1;
    }
    return 0;
}

/* Task s before position j of route r2: kept in (*best, *br, *bj) when its
 * insertion costs less than *best. */
static void eject_try(const rd_ws *w, int r2, int j, int s, int64_t *best, int *br, int *bj) {
    const rd_rwork *R = &w->r[r2];
    rd_seg b[3];
    int64_t c;
    out_segs(r2, R->len, -1, j, s, b);
    if (rd_ws_try_below(w, R->vehicle, b, 3, *best >= RD_INF ? RD_INF : R->cost + *best, &c) &&
        c - R->cost < *best) {
        *best = c - R->cost;
        *br = r2;
        *bj = j;
    }
}

/* Cheapest place for task s in a route other than its own: next to one of
 * its granular neighbours, or anywhere in an empty route of a type that can
 * serve it: *r2o = -1 when none. Cached per task until s changes route or
 * one of those routes changes: the ejections of every left-out task ask
 * for the same tasks' places. */
static void eject_place(rd_ls *ls, rd_ws *w, const rd_neigh *nb, int k, int s, int *r2o, int *jo) {
    const rd_model *m = w->m;
    const int from = w->route_of[s];
    if (ls->ej_tick[s] >= 0 && ls->ej_from[s] == from &&
        !near_changed(w, nb, k, s, ls->ej_tick[s])) {
        *r2o = ls->ej_r2[s];
        *jo = ls->ej_j[s];
        return;
    }
    const int *nv = rd_neigh_of(nb, s);
    int best_r = -1, best_j = -1;
    int64_t best = RD_INF;
    for (int q = 0; q < k; q++) {
        const int r2 = w->route_of[nv[q]];
        if (r2 < 0 || r2 == from || !rd_model_can_serve(m, w->r[r2].vehicle, s)) continue;
        for (int j = w->pos_of[nv[q]]; j <= w->pos_of[nv[q]] + 1; j++)
            eject_try(w, r2, j, s, &best, &best_r, &best_j);
    }
    for (int type = rd_ws_next_free_type(w, 0); type >= 0;
         type = rd_ws_next_free_type(w, type + 1)) {
        const int re = rd_ws_empty_route(w, type);
        if (re < 0 || !rd_model_can_serve(m, type, s)) continue;
        for (int j = 0; j <= w->r[re].len; j++)
            eject_try(w, re, j, s, &best, &best_r, &best_j); /* it may hold its breaks */
    }
    ls->ej_tick[s] = w->tick;
    ls->ej_from[s] = from;
    *r2o = ls->ej_r2[s] = best_r;
    *jo = ls->ej_j[s] = best_j;
}

/* Left-out task u's exchanges in route r (u in, a job of r out) into *os,
 * and, when `eject`, its ejections (u in, the job to its cheapest place in
 * another route): only those that routes changed since tick `since` may
 * have opened. */
static void exchange_moves(rd_ls *ls, rd_ws *w, const rd_neigh *nb, int u, int r, int64_t since,
                           int eject, out_scan *os) {
    const rd_model *m = w->m;
    const int mand_u = m->task_prize[u] < 0, kk = nb->k, len = w->r[r].len;
    const int64_t pr_u = out_prio(m, u);
    const int *nv = rd_neigh_of(nb, u);
    const rd_rwork *R = &w->r[r];
    rd_seg s[RD_SEG_MAX];
    /* a route unchanged since u was last tried offers no exchange it
     * did not offer then, and an ejection from it only towards a
     * changed route */
    const int r_old = R->stamp <= since;
    if (r_old && !eject) return;
    /* Without breaks the cost of "p out, u in at j" (j not next to
     * p: no arc in common) is R's cost + u's insertion at j - p's
     * removal, both priced once: the pairs cost O(1) each to screen */
    const int additive = !w->breaks && len - R->nrel[len] >= 2;
    if (additive) {
        for (int j = 0; j <= len; j++) {
            int n = out_segs(r, len, -1, j, u, s);
            int64_t c = rd_ls_cand_cost(w, R->vehicle, s, n);
            ls->out_ins[j] = c == COST_UNKNOWN ? COST_UNKNOWN : c - R->cost;
        }
        for (int p = 0; p < len; p++) {
            rd_seg g[2] = {P(r, 0, p), P(r, p + 1, len)};
            int64_t c = rd_ls_cand_cost(w, R->vehicle, g, 2);
            ls->out_rem[p] = c == COST_UNKNOWN ? COST_UNKNOWN : R->cost - c;
        }
    }
    for (int p = 0; p < len; p++) {
        const int t = w->r[r].task[p];
        if (m->task_kind[t] != RD_TASK_JOB) continue; /* breaks, reloads, shipments stay */
        const int mand_t = m->task_prize[t] < 0;
        out_gain cls = {pr_u - out_prio(m, t), mand_u - mand_t, 0};
        /* the exchange must not lose in VROOM's order; the ejection
         * keeps t served, whatever its priority */
        const int exch = !r_old && (cls.prio > 0 || (cls.prio == 0 && cls.count >= 0));
        if (!exch && !(eject && mand_t)) continue;
        if (!exch && r_old && !near_changed(w, nb, kk, t, since)) continue;
        if (!rd_ws_loads_fit(w, r, t, u)) continue; /* every place of u overloads r */
        out_scan one = {0}; /* the cheapest feasible exchange at p, for the ejection */
        const out_gain any = {1, 0, 0};
        for (int q = -1; q < kk; q++) {
            int j = p;
            if (q >= 0) {
                if (w->route_of[nv[q]] != r) continue;
                j = w->pos_of[nv[q]];
            }
            for (int jj = j; jj <= j + (q >= 0); jj++) {
                if (q >= 0 && (jj == p || jj == p + 1)) continue; /* s's place: q = -1 */
                int n = out_segs(r, len, p, jj, u, s);
                int64_t est = COST_UNKNOWN;
                if (additive && jj != p && jj != p + 1 && ls->out_ins[jj] != COST_UNKNOWN &&
                    ls->out_rem[p] != COST_UNKNOWN)
                    est = R->cost + ls->out_ins[jj] - ls->out_rem[p];
                if (exch) out_offer_est(os, w, r, s, n, -1, NULL, 0, cls, est);
                if (eject && mand_t) out_offer_est(&one, w, r, s, n, -1, NULL, 0, any, est);
            }
        }
        if (one.have) { /* t to its cheapest place elsewhere */
            int r2, j2;
            eject_place(ls, w, nb, kk, t, &r2, &j2);
            if (r2 >= 0) {
                const out_gain e = {pr_u, 1, 0};
                rd_seg b[3];
                out_segs(r2, w->r[r2].len, -1, j2, t, b);
                out_offer(os, w, r, one.mv.s1, one.mv.n1, r2, b, 3, e);
            }
        }
    }
}

/* The 24 orders of 4 items, in lexicographic order. */
static const unsigned char PERM4[24][4] = {
    {0, 1, 2, 3}, {0, 1, 3, 2}, {0, 2, 1, 3}, {0, 2, 3, 1}, {0, 3, 1, 2}, {0, 3, 2, 1},
    {1, 0, 2, 3}, {1, 0, 3, 2}, {1, 2, 0, 3}, {1, 2, 3, 0}, {1, 3, 0, 2}, {1, 3, 2, 0},
    {2, 0, 1, 3}, {2, 0, 3, 1}, {2, 1, 0, 3}, {2, 1, 3, 0}, {2, 3, 0, 1}, {2, 3, 1, 0},
    {3, 0, 1, 2}, {3, 0, 2, 1}, {3, 1, 0, 2}, {3, 1, 2, 0}, {3, 2, 0, 1}, {3, 2, 1, 0}};

/* Left-out task u into route r with a short reordering: u and a window of
 * W = min(3, length) consecutive jobs of r that holds or touches one of u's
 * granular neighbours, in every order but those that keep the window's own
 * (the plain insertions, tried before). Finds the insertions for which a
 * narrow time window needs room made around it (u fits between two of its
 * neighbours only once they swap). Into *os as insertions (class `ins`). */
static void reorder_moves(rd_ls *ls, const rd_ws *w, const rd_neigh *nb, int u, int r, out_gain ins,
                          out_scan *os) {
    const rd_model *m = w->m;
    const rd_rwork *R = &w->r[r];
    const int len = R->len, W = len < 3 ? len : 3;
    if (W == 0) return;
    /* the orders of the W + 1 items (items past W stay) that change the window's */
    int ord[24], no = 0;
    for (int p = 0; p < 24; p++) {
        const unsigned char *o = PERM4[p];
        int use = 1, prev = -1, kept = 1;
        for (int i = W + 1; i < 4; i++) use &= o[i] == i;
        for (int i = 0; i <= W; i++)
            if (o[i] < W) kept &= (int)o[i] > prev, prev = o[i];
        if (use && !kept) ord[no++] = p;
    }
    if (no == 0) return; /* one job: every order is a plain insertion */
    const int *nv = rd_neigh_of(nb, u);
    const int64_t mark = ++ls->ro_epoch;
    for (int q = 0; q < nb->k; q++) {
        if (w->route_of[nv[q]] != r) continue;
        const int pv = w->pos_of[nv[q]];
        const int lo = pv - W > 0 ? pv - W : 0, hi = pv + 1 < len - W ? pv + 1 : len - W;
        for (int st = lo; st <= hi; st++) {
            if (ls->ro_mark[st] == mark) continue;
            ls->ro_mark[st] = mark;
            int jobs = 1;
            for (int i = st; i < st + W; i++) jobs &= m->task_kind[R->task[i]] == RD_TASK_JOB;
            if (!jobs) continue;
            for (int e = 0; e < no; e++) {
                const unsigned char *o = PERM4[ord[e]];
                rd_seg s[RD_SEG_MAX];
                int n = 0;
                s[n++] = P(r, 0, st);
                for (int i = 0; i <= W; i++) s[n++] = TK(o[i] == W ? u : R->task[st + o[i]]);
                s[n++] = P(r, st + W, len);
                out_offer(os, w, r, s, n, -1, NULL, 0, ins);
            }
        }
    }
}

/* The moves of left-out task u (a job or a shipment's pickup) in the routes
 * of its granular neighbours and in one empty route of each type, when one
 * of them changed since u was last tried while left out (only the moves
 * those changes may have opened): insertion; when u fits nowhere as the
 * routes are, insertion with a short reordering (reorder_moves); exchange with a task of the route
 * (u in, s out: never a loss in VROOM's order); and, when u fits nowhere as
 * the routes are, ejection: u in s's route, s into another route. The best
 * move in VROOM's order is applied. Returns 1 when applied, 0 when none
 * helps, -status. */
int rd_ls_left_out_moves(rd_ls *ls, rd_ws *w, const rd_neigh *nb, int u) {
    /* routes unchanged since u was last tried while left out, and nothing
     * was found for it, offer nothing new (u may have been routed in
     * between: its other scans say nothing of its insertions) */
    const int64_t since = ls->out_test[u];
    ls->out_test[u] = w->tick; /* -1 below when a move is applied: the others stand untried */
    const rd_model *m = w->m;
    out_scan os = {0};
    const int mand_u = m->task_prize[u] < 0;
    const int64_t pr_u = out_prio(m, u);
    const int pair = m->task_kind[u] == RD_TASK_PICKUP;
    const out_gain ins = {pr_u, (pair ? 2 : 1) * mand_u, 0};
    const int kk = nb->k;
    const int *nv = rd_neigh_of(nb, u);
    ls->seen_mark++;
    int *cand = ls->out_routes, nc = 0, changed = 0;
    for (int q = 0; q < kk; q++) {
        const int r = w->route_of[nv[q]];
        if (r < 0 || ls->seen[r] == ls->seen_mark) continue;
        ls->seen[r] = ls->seen_mark;
        if (rd_model_can_serve(m, w->r[r].vehicle, u)) {
            cand[nc++] = r;
            changed |= w->r[r].stamp > since;
        }
    }
    for (int type = rd_ws_next_free_type(w, 0); type >= 0;
         type = rd_ws_next_free_type(w, type + 1)) {
        int re = rd_ws_empty_route(w, type);
        if (re >= 0 && ls->seen[re] != ls->seen_mark && rd_model_can_serve(m, type, u)) {
            ls->seen[re] = ls->seen_mark;
            cand[nc++] = re;
            changed |= w->r[re].stamp > since;
        }
    }
    /* no candidate route changed: only an ejection towards a changed route
     * is new */
    if (!changed && !mand_u) return 0;
    rd_seg s[RD_SEG_MAX];
    int reordered = 0;
    if (pair) { /* shipments: insertion only */
        const int d = m->task_pair[u];
        for (int k = 0; k < nc; k++) {
            if (w->r[cand[k]].stamp <= since) continue; /* tried as it is */
            rd_pair_ins b = {-1, 0, 0, RD_INF, -1, -1};
            rd_ws_scan_pair(w, cand[k], u, NULL, 0, &b);
            if (b.route < 0) continue;
            const int r = b.route, len = w->r[r].len;
            rd_seg c[] = {P(r, 0, b.i), TK(u), P(r, b.i, b.j), TK(d), P(r, b.j, len)};
            out_offer(&os, w, r, c, NSEG(c), -1, NULL, 0, ins);
        }
    } else {
        for (int k = 0; k < nc; k++) {
            const int r = cand[k], len = w->r[r].len;
            if (w->r[r].stamp <= since) continue; /* tried as it is: u did not fit */
            if (!rd_ws_room(w, r, u)) continue;   /* too much on board for u anywhere */
            for (int j = 0; j <= len; j++) {
                int n = out_segs(r, len, -1, j, u, s);
                out_offer(&os, w, r, s, n, -1, NULL, 0, ins);
            }
        }
        for (int k = 0; k < nc && !os.have; k++)
            if (w->r[cand[k]].stamp > since && rd_ws_room(w, cand[k], u))
                reorder_moves(ls, w, nb, u, cand[k], ins, &os);
        reordered = os.have;
        /* exchange: u in, s out, u in s's place or next to one of its neighbours */
        const int eject = mand_u && !os.have;
        for (int k = 0; k < nc; k++) exchange_moves(ls, w, nb, u, cand[k], since, eject, &os);
    }
    if (!os.have) return 0;
    ls->out_moves++;
    ls->reorder_moves += reordered;
    ls->out_test[u] = -1;
    return rd_ls_apply(ls, w, &os.mv);
}
