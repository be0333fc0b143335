#include "heuristics/ls.h"

#include <stdlib.h>
#include <string.h>

rd_status rd_ls_init(rd_ls *ls, const rd_model *m) {
    memset(ls, 0, sizeof *ls);
    ls->n = m->n_tasks;
    size_t nt = (size_t)(m->n_tasks > 0 ? m->n_tasks : 1);
    ls->last_test = malloc(nt * sizeof *ls->last_test);
    ls->order = malloc(nt * sizeof *ls->order);
    if (!ls->last_test || !ls->order) {
        rd_ls_free(ls);
        return RD_ERR_NOMEM;
    }
    for (int t = 0; t < ls->n; t++) ls->last_test[t] = -1;
    return RD_OK;
}

void rd_ls_free(rd_ls *ls) {
    free(ls->last_test);
    free(ls->order);
    memset(ls, 0, sizeof *ls);
}

/* Does replacing r1 by s1 and r2 (when >= 0) by s2 lower the cost, both feasible? */
static int improves(const rd_ws *w, int r1, const rd_seg *s1, int n1, int r2, const rd_seg *s2,
                    int n2) {
    /* route costs are >= 0, so r1 alone must already cost less than both did */
    int64_t old = w->r[r1].cost + (r2 >= 0 ? w->r[r2].cost : 0), c1, c2;
    if (!rd_ws_try_below(w, w->r[r1].vehicle, s1, n1, old, &c1)) return 0;
    if (r2 < 0) return 1;
    return rd_ws_try_below(w, w->r[r2].vehicle, s2, n2, old - c1, &c2);
}

#define P(r, a, b)  rd_seg_part((r), (a), (b))
#define RV(r, a, b) rd_seg_rev((r), (a), (b))
#define TK(t)       rd_seg_task(t)
#define NSEG(s)     ((int)(sizeof(s) / sizeof(s)[0]))

/* Tries a two-route move; on improvement applies it and returns from scan_u. */
#define MOVE2(r1, s1, r2, s2)                                                                      \
    do {                                                                                           \
        if (improves(w, (r1), (s1), NSEG(s1), (r2), (s2), NSEG(s2)))                               \
            return rd_ws_set2(w, (r1), (s1), NSEG(s1), (r2), (s2), NSEG(s2)) == RD_OK ? 1 : -1;    \
    } while (0)

#define MOVE1(r1, s1)                                                                              \
    do {                                                                                           \
        if (improves(w, (r1), (s1), NSEG(s1), -1, NULL, 0))                                        \
            return rd_ws_set(w, (r1), (s1), NSEG(s1)) == RD_OK ? 1 : -1;                           \
    } while (0)

/* Tries the moves of task u against its neighbours; pairs of routes unchanged
 * since tick `since` are skipped. Returns 1 when a move was applied, 0 when
 * none improves, -1 when a route could not grow. */
static int scan_u(rd_ws *w, const rd_neigh *nb, int u, int64_t since) {
    const int ru = w->route_of[u];
    if (ru < 0) return 0;
    const int *nv = rd_neigh_of(nb, u);
    for (int q = 0; q < nb->k; q++) {
        const int v = nv[q], rv = w->route_of[v];
        if (rv < 0) continue;
        if (since >= w->r[ru].stamp && since >= w->r[rv].stamp) continue;
        const int i = w->pos_of[u], j = w->pos_of[v], lu = w->r[ru].len, lv = w->r[rv].len;
        if (ru != rv) {
            {
                rd_seg a[] = {P(ru, 0, i), P(ru, i + 1, lu)};
                rd_seg b[] = {P(rv, 0, j + 1), TK(u), P(rv, j + 1, lv)};
                MOVE2(ru, a, rv, b);
            }
            {
                rd_seg a[] = {P(ru, 0, i), P(ru, i + 1, lu)};
                rd_seg b[] = {P(rv, 0, j), TK(u), P(rv, j, lv)};
                MOVE2(ru, a, rv, b);
            }
            {
                rd_seg a[] = {P(ru, 0, i), TK(v), P(ru, i + 1, lu)};
                rd_seg b[] = {P(rv, 0, j), TK(u), P(rv, j + 1, lv)};
                MOVE2(ru, a, rv, b);
            }
            {
                rd_seg a[] = {P(ru, 0, i + 1), P(rv, j, lv)};
                rd_seg b[] = {P(rv, 0, j), P(ru, i + 1, lu)};
                MOVE2(ru, a, rv, b);
            }
            {
                rd_seg a[] = {P(ru, 0, i), P(rv, j + 1, lv)};
                rd_seg b[] = {P(rv, 0, j + 1), P(ru, i, lu)};
                MOVE2(ru, a, rv, b);
            }
            continue;
        }
        const int l = lu, r = ru;
        if (i < j) {
            rd_seg s[] = {P(r, 0, i), P(r, i + 1, j + 1), TK(u), P(r, j + 1, l)};
            MOVE1(r, s);
        } else if (i > j + 1) {
            rd_seg s[] = {P(r, 0, j + 1), TK(u), P(r, j + 1, i), P(r, i + 1, l)};
            MOVE1(r, s);
        }
        if (i < j - 1) {
            rd_seg s[] = {P(r, 0, i), P(r, i + 1, j), TK(u), P(r, j, l)};
            MOVE1(r, s);
        } else if (i > j) {
            rd_seg s[] = {P(r, 0, j), TK(u), P(r, j, i), P(r, i + 1, l)};
            MOVE1(r, s);
        }
        {
            int a = i < j ? i : j, b = i < j ? j : i;
            const int *task = w->r[r].task;
            rd_seg s[] = {P(r, 0, a), TK(task[b]), P(r, a + 1, b), TK(task[a]), P(r, b + 1, l)};
            MOVE1(r, s);
        }
        if (j - i >= 2) {
            rd_seg s[] = {P(r, 0, i + 1), RV(r, i + 1, j + 1), P(r, j + 1, l)};
            MOVE1(r, s);
        } else if (i - j >= 2) {
            rd_seg s[] = {P(r, 0, j + 1), RV(r, j + 1, i + 1), P(r, i + 1, l)};
            MOVE1(r, s);
        }
    }
    if (since < w->r[ru].stamp && w->r[ru].len > 1) {
        const int i = w->pos_of[u], lu = w->r[ru].len;
        for (int type = 0; type < w->m->n_vehicles; type++) {
            int re = rd_ws_empty_route(w, type);
            if (re < 0) continue;
            rd_seg a[] = {P(ru, 0, i), P(ru, i + 1, lu)};
            rd_seg b[] = {TK(u)};
            MOVE2(ru, a, re, b);
        }
    }
    return 0;
}

static int must_stop(const rd_deadline *dl, const volatile int *cancel) {
    return (cancel && *cancel) || (dl && rd_deadline_passed(dl));
}

rd_status rd_ls_run(rd_ls *ls, rd_ws *w, const rd_neigh *nb, rd_rng *rng, const rd_deadline *dl,
                    const volatile int *cancel, int *stopped) {
    *stopped = 0;
    for (int t = 0; t < ls->n; t++) ls->order[t] = t;
    rd_rng_shuffle_int(rng, ls->order, ls->n);
    unsigned checks = 0;
    for (int improved = 1; improved;) {
        improved = 0;
        for (int k = 0; k < ls->n; k++) {
            const int u = ls->order[k];
            for (;;) {
                if ((++checks & 7u) == 0 && must_stop(dl, cancel)) {
                    *stopped = 1;
                    return RD_OK;
                }
                int64_t since = ls->last_test[u];
                ls->last_test[u] = w->tick;
                int rc = scan_u(w, nb, u, since);
                if (rc < 0) return RD_ERR_NOMEM;
                if (rc == 0) break;
                improved = 1;
                ls->moves++;
            }
        }
    }
    return RD_OK;
}
