/* search: one slot = construct, local search, then iterated ruin-and-recreate.
 *
 * Each round removes a random task and its nearest routed granular
 * neighbours (5..15 tasks), reinserts them and every other unrouted task by
 * cheapest feasible insertion, and runs the local search, which only revisits
 * the routes that changed. The round is kept when it serves no fewer tasks
 * than the best plan and costs at most best + a threshold that shrinks from
 * 0.2% to 0 over the budget (record-to-record travel); otherwise the journal
 * restores the changed routes. The best plan is kept as a snapshot. */
#include "heuristics/search.h"

#include <stdlib.h>
#include <string.h>

#include "heuristics/construct.h"
#include "heuristics/ls.h"
#include "heuristics/neigh.h"
#include "heuristics/route.h"

#define RUIN_MIN     5     /* fewest tasks removed per round */
#define RUIN_SPAN    11    /* RUIN_MIN .. RUIN_MIN + RUIN_SPAN - 1 */
#define ACCEPT_SLACK 0.002 /* initial threshold, fraction of the best cost */

struct rd_search {
    const rd_model *m;   /* borrowed, frozen */
    rd_params p;         /* copy of the caller's params */
    int slot;            /* slot index (RNG stream) */
    rd_ws w;             /* the current plan */
    rd_neigh nb;         /* granular neighbours */
    rd_ls ls;            /* local-search state */
    rd_rng rng;          /* the slot's stream */
    unsigned char *code; /* [n_tasks] RD_ALONE_* class */
    int n_ok;            /* tasks some vehicle can serve alone */
    int *best_len;       /* [n_routes] route lengths of the best plan */
    int *best_task;      /* [n_tasks] its tasks, route after route */
    int64_t best_cost;   /* its cost */
    int best_unrouted;   /* servable tasks it leaves out */
    int *list;           /* [n_tasks] scratch task list */
    int64_t iters;       /* rounds done */
    int64_t max_it;      /* round budget (INT64_MAX: time limit only) */
    int64_t improvements;
    int64_t initial;    /* constructed cost */
    int done;           /* budget spent or stopped */
    rd_deadline global; /* the whole solve's deadline: progress of a time-limited run */
};
typedef struct rd_search slot_ctx;

static void ctx_free(slot_ctx *c) {
    rd_ws_free(&c->w);
    rd_neigh_free(&c->nb);
    rd_ls_free(&c->ls);
    free(c->code);
    free(c->best_len);
    free(c->best_task);
    free(c->list);
}

static void snapshot(slot_ctx *c, int n_ok) {
    int k = 0;
    for (int r = 0; r < c->w.n_routes; r++) {
        const rd_rwork *R = &c->w.r[r];
        c->best_len[r] = R->len;
        memcpy(c->best_task + k, R->task, (size_t)R->len * sizeof *R->task);
        k += R->len;
    }
    c->best_cost = c->w.cost;
    c->best_unrouted = n_ok - c->w.n_routed;
}

static int must_stop(const rd_params *p, const rd_deadline *dl) {
    return (p->cancel && *p->cancel) || (dl && rd_deadline_passed(dl));
}

/* Writes the best plan into out. */
static rd_status emit(const slot_ctx *c, const rd_model *m, rd_solution *out) {
    int *in_plan = c->list;
    for (int t = 0; t < m->n_tasks; t++) in_plan[t] = 0;
    int k = 0;
    for (int r = 0; r < c->w.n_routes; r++) {
        int len = c->best_len[r];
        if (len == 0) continue;
        RD_TRY(rd_solution_add_route(out, c->w.r[r].vehicle, c->best_task + k, len));
        for (int i = 0; i < len; i++) in_plan[c->best_task[k + i]] = 1;
        k += len;
    }
    char reason[256];
    for (int t = 0; t < m->n_tasks; t++) {
        if (in_plan[t]) continue;
        rd_construct_reason(m, t, c->code[t], reason, sizeof reason);
        RD_TRY(rd_solution_add_unassigned(out, t, reason));
    }
    out->cost = c->best_cost;
    return RD_OK;
}

/* One ruin-and-recreate round followed by local search (journal open). */
static rd_status round_once(slot_ctx *c, const rd_model *m, const rd_params *p,
                            const rd_deadline *dl, int *stopped) {
    rd_ws *w = &c->w;
    const int n = m->n_tasks;
    *stopped = 0;
    if (w->n_routed > 0) {
        int seed = (int)rd_rng_below(&c->rng, (uint64_t)n);
        while (w->route_of[seed] < 0) seed = seed + 1 < n ? seed + 1 : 0;
        int q = RUIN_MIN + (int)rd_rng_below(&c->rng, RUIN_SPAN);
        int nr = 0;
        c->list[nr++] = seed;
        const int *nv = rd_neigh_of(&c->nb, seed);
        for (int i = 0; i < c->nb.k && nr < q; i++)
            if (w->route_of[nv[i]] >= 0) c->list[nr++] = nv[i];
        RD_TRY(rd_ws_remove(w, c->list, nr));
    }
    int nu = 0;
    for (int t = 0; t < n; t++)
        if (c->code[t] == RD_ALONE_OK && w->route_of[t] < 0) c->list[nu++] = t;
    rd_rng_shuffle_int(&c->rng, c->list, nu);
    for (int i = 0; i < nu; i++) {
        /* many unplaceable tasks make this long: a stopped round leaves them
         * out and is then rejected */
        if ((i & 15) == 15 && must_stop(p, dl)) {
            *stopped = 1;
            return RD_OK;
        }
        int placed;
        RD_TRY(rd_construct_insert(w, &c->nb, c->list[i], &placed));
    }
    return rd_ls_run(&c->ls, w, &c->nb, &c->rng, dl, p->cancel, stopped);
}

rd_status rd_search_create(const rd_model *m, const rd_params *p, int slot, const rd_deadline *dl,
                           rd_search **out, rd_error *err) {
    *out = NULL;
    slot_ctx *c = calloc(1, sizeof *c);
    if (!c) return rd_err(err, RD_ERR_NOMEM, "out of memory in search slot %d", slot);
    const int n = m->n_tasks;
    size_t nt = (size_t)(n > 0 ? n : 1);
    c->m = m;
    c->p = *p;
    c->slot = slot;
    c->max_it = rd_params_iterations(p);
    c->global = dl ? *dl : rd_deadline_in(0);
    rd_rng_seed(&c->rng, p->seed, (uint64_t)slot);
    rd_status st = RD_OK;
    c->code = malloc(nt);
    c->best_task = malloc(nt * sizeof *c->best_task);
    c->list = malloc(nt * sizeof *c->list);
    if (!c->code || !c->best_task || !c->list) {
        st = RD_ERR_NOMEM;
        goto fail;
    }
    rd_construct_classify(m, c->code);
    for (int t = 0; t < n; t++) c->n_ok += c->code[t] == RD_ALONE_OK;
    if ((st = rd_ws_init(&c->w, m)) != RD_OK) goto fail;
    c->best_len = calloc((size_t)(c->w.n_routes > 0 ? c->w.n_routes : 1), sizeof *c->best_len);
    if (!c->best_len) {
        st = RD_ERR_NOMEM;
        goto fail;
    }
    int k = p->granular > 0 ? p->granular : 20;
    if ((st = rd_neigh_build(&c->nb, m, k, c->w.need_time)) != RD_OK) goto fail;
    if ((st = rd_ls_init(&c->ls, m)) != RD_OK) goto fail;
    if ((st = rd_construct(&c->w, &c->nb, c->code)) != RD_OK) goto fail;
    c->initial = c->w.cost;
    int stopped = 0;
    if (must_stop(p, dl))
        stopped = 1;
    else if ((st = rd_ls_run(&c->ls, &c->w, &c->nb, &c->rng, dl, p->cancel, &stopped)) != RD_OK)
        goto fail;
    snapshot(c, c->n_ok);
    c->done = stopped || c->n_ok == 0;
    *out = c;
    return RD_OK;
fail:
    ctx_free(c);
    free(c);
    return rd_err(err, st, "%s in search slot %d", st == RD_ERR_NOMEM ? "out of memory" : "failure",
                  slot);
}

void rd_search_destroy(rd_search *s) {
    if (!s) return;
    ctx_free(s);
    free(s);
}

rd_status rd_search_run_until(rd_search *c, int64_t until, const rd_deadline *dl, int *done,
                              rd_error *err) {
    const rd_params *p = &c->p;
    rd_status st = RD_OK;
    int stopped = 0;
    while (!c->done && c->iters < until && c->iters < c->max_it) {
        if (must_stop(p, dl)) {
            /* a passed deadline ends the slot; an epoch's own deadline does not */
            if (p->cancel && *p->cancel) c->done = 1;
            break;
        }
        c->iters++;
        rd_ws_journal_begin(&c->w);
        if ((st = round_once(c, c->m, p, dl, &stopped)) != RD_OK) break;
        /* progress from the iteration count when there is a budget: the
         * result must not depend on the clock then */
        double progress = c->max_it != INT64_MAX ? (double)c->iters / (double)c->max_it
                                                 : rd_deadline_fraction(&c->global);
        int64_t thr = (int64_t)((double)c->best_cost * ACCEPT_SLACK * (1.0 - progress));
        int unrouted = c->n_ok - c->w.n_routed;
        if (unrouted < c->best_unrouted ||
            (unrouted == c->best_unrouted && c->w.cost < c->best_cost)) {
            rd_ws_journal_end(&c->w);
            snapshot(c, c->n_ok);
            c->improvements++;
        } else if (unrouted == c->best_unrouted && c->w.cost <= c->best_cost + thr) {
            rd_ws_journal_end(&c->w);
        } else {
            rd_ws_journal_revert(&c->w);
        }
        if (stopped) break;
    }
    if (c->iters >= c->max_it) c->done = 1;
    if (done) *done = c->done;
    if (st != RD_OK)
        return rd_err(err, st, "%s in search slot %d",
                      st == RD_ERR_NOMEM ? "out of memory" : "failure", c->slot);
    return RD_OK;
}

int64_t rd_search_iterations(const rd_search *s) {
    return s->iters;
}
int64_t rd_search_best_cost(const rd_search *s) {
    return s->best_cost;
}
int rd_search_best_unassigned(const rd_search *s) {
    return s->best_unrouted;
}

rd_status rd_search_best(const rd_search *s, rd_solution *out) {
    rd_solution_clear(out);
    rd_status st = emit(s, s->m, out);
    if (st != RD_OK) rd_solution_clear(out);
    return st;
}

rd_status rd_search_adopt(rd_search *s, const rd_search *from) {
    if (s == from) return RD_OK;
    const int nr = s->w.n_routes;
    memcpy(s->best_len, from->best_len, (size_t)nr * sizeof *s->best_len);
    memcpy(s->best_task, from->best_task, (size_t)s->m->n_tasks * sizeof *s->best_task);
    s->best_cost = from->best_cost;
    s->best_unrouted = from->best_unrouted;
    rd_ws_clear(&s->w);
    for (int r = 0, k = 0; r < nr; k += s->best_len[r], r++)
        if (s->best_len[r] > 0) RD_TRY(rd_ws_set_tasks(&s->w, r, s->best_task + k, s->best_len[r]));
    return RD_OK;
}

void rd_search_get_stats(const rd_search *s, rd_search_stats *stats) {
    stats->iterations = s->iters;
    stats->improvements = s->improvements;
    stats->initial_cost = s->initial;
}

rd_status rd_search_run(const rd_model *m, const rd_params *p, int slot, const rd_deadline *dl,
                        rd_solution *out, rd_search_stats *stats, rd_error *err) {
    rd_solution_clear(out);
    rd_search *s = NULL;
    RD_TRY(rd_search_create(m, p, slot, dl, &s, err));
    int done = 0;
    rd_status st = rd_search_run_until(s, INT64_MAX, dl, &done, err);
    if (st == RD_OK) st = rd_search_best(s, out);
    if (stats) rd_search_get_stats(s, stats);
    rd_search_destroy(s);
    if (st == RD_ERR_NOMEM) return rd_err(err, st, "out of memory in search slot %d", slot);
    return st;
}
