#include "solver/initial.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "heuristics/route.h"

/* Search over the interleavings of the missing breaks into the route. */
typedef struct placer {
    const rd_model *m;
    int vehicle;
    const int *base; /* the given tasks */
    int len;
    const int *brk; /* the missing breaks, in placement order */
    int nb;
    int *pos;  /* [nb] insertion point of each break in base (non-decreasing) */
    int *seq;  /* [len + nb] candidate */
    int *best; /* [len + nb] cheapest feasible candidate */
    int64_t best_cost;
    long tried;
} placer;

static void place(placer *P, int b, int from) {
    if (P->tried > RD_INITIAL_MAX_PLACEMENTS) return;
    if (b == P->nb) {
        int k = 0, j = 0;
        for (int i = 0; i <= P->len; i++) {
            while (j < P->nb && P->pos[j] == i) P->seq[k++] = P->brk[j++];
            if (i < P->len) P->seq[k++] = P->base[i];
        }
        P->tried++;
        int64_t c;
        if (rd_route_check(P->m, P->vehicle, P->seq, k, &c) && c < P->best_cost) {
            P->best_cost = c;
            memcpy(P->best, P->seq, (size_t)k * sizeof *P->seq);
        }
        return;
    }
    for (int i = from; i <= P->len; i++) {
        P->pos[b] = i;
        place(P, b + 1, i);
    }
}

/* Completes route `rt` with its vehicle's missing breaks into buf (of
 * len + breaks entries); *outlen = 0 when nothing but breaks is served.
 * Returns 1 when a feasible placement exists (or none was needed), 0 when
 * not, -1 when memory ran out. */
static int complete(const rd_model *m, const rd_route *rt, int *buf, int *outlen) {
    const int v = rt->vehicle;
    int served = 0, nb = 0;
    for (int i = 0; i < rt->len; i++) served += m->task_kind[rt->visits[i]] != RD_TASK_BREAK;
    *outlen = 0;
    if (!served) return 1;
    const int b0 = m->n_breaks > 0 ? m->veh_brk_first[v] : 0;
    const int b1 = m->n_breaks > 0 ? m->veh_brk_first[v + 1] : 0;
    int *miss = malloc((size_t)(b1 - b0 + 1) * sizeof *miss);
    if (!miss) return -1;
    for (int b = b0; b < b1; b++) {
        int t = m->veh_brk[b], in = 0;
        for (int i = 0; i < rt->len && !in; i++) in = rt->visits[i] == t;
        if (!in) miss[nb++] = t; /* (veh_brk is by first window start) */
    }
    const int n = rt->len + nb;
    if (nb == 0) {
        memcpy(buf, rt->visits, (size_t)rt->len * sizeof *buf);
        *outlen = n;
        free(miss);
        return 1;
    }
    placer P = {m,
                v,
                rt->visits,
                rt->len,
                miss,
                nb,
                malloc((size_t)nb * sizeof(int)),
                malloc((size_t)n * sizeof(int)),
                buf,
                RD_INF,
                0};
    int ok = -1;
    if (P.pos && P.seq) {
        place(&P, 0, 0);
        ok = P.best_cost < RD_INF && P.tried <= RD_INITIAL_MAX_PLACEMENTS;
        if (ok) *outlen = n;
    }
    free(P.pos);
    free(P.seq);
    free(miss);
    return ok;
}

rd_status rd_initial_build(const rd_model *m, const rd_route *routes, int n, rd_solution *out,
                           rd_initial_fault *fault, rd_error *err) {
    rd_solution_clear(out);
    memset(fault, 0, sizeof *fault);
    fault->route = -1;
    int maxlen = 0;
    for (int r = 0; r < n; r++)
        if (routes[r].len > maxlen) maxlen = routes[r].len;
    int *buf = malloc((size_t)(maxlen + m->n_breaks + 1) * sizeof *buf);
    int64_t *used = calloc((size_t)m->n_vehicles, sizeof *used);
    rd_solution *one = rd_solution_create();
    rd_status st = RD_OK;
    if (!buf || !used || !one) {
        st = rd_err(err, RD_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (int r = 0; r < n && st == RD_OK; r++) {
        const rd_route *rt = &routes[r];
        const int64_t vid = m->vehicles[rt->vehicle].id;
        int len = 0, ok = complete(m, rt, buf, &len);
        if (ok < 0) {
            st = rd_err(err, RD_ERR_NOMEM, "out of memory");
            break;
        }
        if (ok && len == 0) continue; /* nothing served: no route */
        if (ok && ++used[rt->vehicle] > m->vehicles[rt->vehicle].count) {
            fault->route = r;
            fault->too_many = 1;
            st = rd_err(err, RD_ERR_INPUT, "vehicle type %" PRId64 ": more routes than vehicles",
                        vid);
            break;
        }
        if (!ok) {
            fault->route = r;
            fault->breaks = 1;
            st = rd_err(err, RD_ERR_INPUT,
                        "infeasible route for vehicle %" PRId64 ": its breaks fit nowhere", vid);
            break;
        }
        if (rd_route_check(m, rt->vehicle, buf, len, NULL)) {
            st = rd_solution_add_route(out, rt->vehicle, buf, len);
            if (st != RD_OK) rd_err(err, st, "out of memory");
            continue;
        }
        /* name the first broken rule with the evaluator's words */
        rd_solution_clear(one);
        rd_eval_report rep;
        if ((st = rd_solution_add_route(one, rt->vehicle, buf, len)) != RD_OK ||
            (st = rd_eval(m, one, &rep, err)) != RD_OK) {
            if (st == RD_ERR_NOMEM) rd_err(err, st, "out of memory");
            break;
        }
        fault->route = r;
        fault->why.kind = RD_VIOL_BAD_VISIT;
        fault->why.route = fault->why.pos = fault->why.task = -1;
        for (int k = 0; k < rep.n_viol; k++)
            if (rep.viol[k].route == 0) {
                fault->why = rep.viol[k];
                break;
            }
        char d[256];
        rd_violation_describe(m, &fault->why, d, sizeof d);
        rd_eval_report_free(&rep);
        st = rd_err(err, RD_ERR_INPUT, "infeasible route for vehicle %" PRId64 ": %s", vid, d);
    }
done:
    if (st != RD_OK) rd_solution_clear(out);
    rd_solution_destroy(one);
    free(used);
    free(buf);
    return st;
}
