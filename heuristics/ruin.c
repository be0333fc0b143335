#include "heuristics/ruin.h"

#include <stdlib.h>
#include <string.h>

void rd_ruin_params_init(rd_ruin_params *rp) {
    rp->avg_removed = 10.0;
    rp->max_string = 10;
    rp->split_rate = 0.5;
    rp->split_depth = 0.01;
}

rd_status rd_ruin_init(rd_ruin *ru, const rd_ws *w, const rd_neigh *near) {
    memset(ru, 0, sizeof *ru);
    const int n = w->m->n_tasks;
    ru->n_routes = w->n_routes;
    ru->mark = calloc((size_t)(w->n_routes > 0 ? w->n_routes : 1), sizeof *ru->mark);
    ru->cut = malloc((size_t)(n > 0 ? n : 1) * sizeof *ru->cut);
    ru->keep = malloc((size_t)(n > 0 ? n : 1) * sizeof *ru->keep);
    ru->tmark = calloc((size_t)(n > 0 ? n : 1), sizeof *ru->tmark);
    ru->near = near;
    if (!ru->mark || !ru->cut || !ru->keep || !ru->tmark) {
        rd_ruin_free(ru);
        return RD_ERR_NOMEM;
    }
    return RD_OK;
}

void rd_ruin_free(rd_ruin *ru) {
    free(ru->mark);
    free(ru->cut);
    free(ru->keep);
    free(ru->tmark);
    memset(ru, 0, sizeof *ru);
}

/* floor(U(lo, hi)) for real lo < hi, as an integer in [lo, hi). */
static int uniform_floor(rd_rng *rng, double lo, double hi) {
    int v = (int)(lo + (hi - lo) * rd_rng_unit(rng));
    return v < (int)lo ? (int)lo : v;
}

/* cut_route by task lists, for shipments and breaks: positions [a, a + span) but [keep,
 * keep + m) go, with the partners of the shipment halves among them; breaks
 * stay. */
static rd_status cut_tasks(rd_ruin *ru, rd_ws *w, int r, int a, int span, int keep, int m, int *out,
                           int *n_out) {
    const rd_model *md = w->m;
    const rd_rwork *R = &w->r[r];
    ru->tstamp++;
    int nc = 0, nk = 0;
    for (int i = a; i < a + span; i++)
        if (i < keep || i >= keep + m) {
            int t = R->task[i];
            if (md->task_kind[t] == RD_TASK_BREAK) continue; /* breaks stay with their vehicle */
            ru->tmark[t] = ru->tstamp;
            if (rd_task_is_ship(md, t)) ru->tmark[md->task_pair[t]] = ru->tstamp;
        }
    for (int i = 0; i < R->len; i++) {
        int t = R->task[i];
        if (ru->tmark[t] == ru->tstamp)
            ru->cut[nc++] = t;
        else
            ru->keep[nk++] = t;
    }
    if (!rd_route_check(md, R->vehicle, ru->keep, nk, NULL)) return RD_OK;
    RD_TRY(rd_ws_set_tasks(w, r, ru->keep, nk));
    memcpy(out + *n_out, ru->cut, (size_t)nc * sizeof *out);
    *n_out += nc;
    return RD_OK;
}

/* Cuts a string (or split string) containing the task at position `pos` of
 * route r with l tasks removed; appends the removed tasks to out. Leaves the
 * route unchanged when the shorter route would be infeasible. */
static rd_status cut_route(rd_ruin *ru, rd_ws *w, rd_rng *rng, const rd_ruin_params *rp, int r,
                           int pos, int l, int *out, int *n_out) {
    const rd_rwork *R = &w->r[r];
    const int len = R->len;
    int m = 0; /* kept tasks inside the span */
    if (l < len && rd_rng_unit(rng) < rp->split_rate) {
        m = 1;
        while (l + m < len && rd_rng_unit(rng) >= rp->split_depth) m++;
    }
    const int span = l + m;
    /* spans of this length containing pos start in [lo, hi] */
    int lo = pos - span + 1 > 0 ? pos - span + 1 : 0;
    int hi = pos < len - span ? pos : len - span;
    int a = lo + (int)rd_rng_below(rng, (uint64_t)(hi - lo + 1));
    int keep = m > 0 ? a + (int)rd_rng_below(rng, (uint64_t)(l + 1)) : a; /* kept block start */
    if (w->pairs || w->breaks) return cut_tasks(ru, w, r, a, span, keep, m, out, n_out);
    rd_seg s[3];
    int ns = 0;
    if (a > 0) s[ns++] = rd_seg_part(r, 0, a);
    if (m > 0) s[ns++] = rd_seg_part(r, keep, keep + m);
    if (a + span < len) s[ns++] = rd_seg_part(r, a + span, len);
    int64_t c;
    if (!rd_ws_try(w, R->vehicle, s, ns, &c)) return RD_OK;
    int nc = 0;
    for (int i = a; i < a + span; i++)
        if (i < keep || i >= keep + m) ru->cut[nc++] = R->task[i];
    RD_TRY(rd_ws_set(w, r, s, ns));
    memcpy(out + *n_out, ru->cut, (size_t)nc * sizeof *out);
    *n_out += nc;
    return RD_OK;
}

rd_status rd_ruin_strings(rd_ruin *ru, rd_ws *w, rd_rng *rng, const rd_ruin_params *rp, int around,
                          int *out, int *n_out) {
    const int n = w->m->n_tasks;
    /* the tasks served (n_routed counts the mandatory ones only: a plan of
     * optional tasks would never be ruined) */
    int used = 0, routed = 0;
    for (int r = 0; r < w->n_routes; r++) {
        const rd_rwork *R = &w->r[r];
        if (!rd_route_used(R)) continue;
        used++;
        routed += R->len - R->nbrk[R->len] - R->nrel[R->len];
    }
    if (routed == 0 || n == 0) return RD_OK;
    double avg_len = (double)routed / (double)used;
    double ls_max = avg_len < rp->max_string ? avg_len : (double)rp->max_string;
    double ks_max = 4.0 * rp->avg_removed / (1.0 + ls_max) - 1.0;
    if (ks_max < 1.0) ks_max = 1.0;
    int ks = uniform_floor(rng, 1.0, ks_max + 1.0);
    int seed = around;
    if (seed < 0) {
        seed = (int)rd_rng_below(rng, (uint64_t)n);
        while (w->route_of[seed] < 0 || !rd_task_served(w->m, seed))
            seed = seed + 1 < n ? seed + 1 : 0;
    }
    ru->round++;
    const int *nv = rd_neigh_of(ru->near, seed);
    int ruined = 0;
    for (int i = -1; i < ru->near->k && ruined < ks; i++) {
        int t = i < 0 ? seed : nv[i];
        int r = w->route_of[t];
        if (r < 0 || ru->mark[r] == ru->round || !rd_route_used(&w->r[r])) continue;
        ru->mark[r] = ru->round;
        ruined++;
        int len = w->r[r].len;
        double lmax = len < ls_max ? (double)len : ls_max;
        int l = uniform_floor(rng, 1.0, lmax + 1.0);
        if (l > len) l = len;
        RD_TRY(cut_route(ru, w, rng, rp, r, w->pos_of[t], l, out, n_out));
    }
    return RD_OK;
}
