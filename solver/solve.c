#include "solver/solve.h"

#include <inttypes.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "heuristics/search.h"
#include "model/clock.h"
#include "solver/pool.h"
#include "solver/sp.h"

/* Cooperation rounds over the budget: after each epoch the slots in the worse
 * half adopt the best plan found so far. */
#define RD_EPOCHS   20
/* Set partitioning after each epoch from the RD_SP_FROM-th on, and once more
 * at the end with RD_SP_FINAL times a call's time. Not earlier: at a high
 * temperature the annealing's current plan drifts back to that temperature's
 * cost level within a few rounds, so an improvement handed to the slots then
 * is soon lost; late in the run the temperature is low and it lasts. The pool
 * is fed after every epoch all the same. */
#define RD_SP_FROM  12
#define RD_SP_FINAL 3

/* True when slot a is better than slot b: leaves out less (priority, then
 * tasks; rd_search_best_missed), then lower
 * cost, then lower slot index (deterministic tie-break). */
static int better(rd_search *const *s, int a, int b) {
    int64_t ua = rd_search_best_missed(s[a]), ub = rd_search_best_missed(s[b]);
    if (ua != ub) return ua < ub;
    int64_t ca = rd_search_best_cost(s[a]), cb = rd_search_best_cost(s[b]);
    if (ca != cb) return ca < cb;
    return a < b;
}

/* Sorts slot indices best first (insertion sort: K is small). */
static void rank_slots(rd_search *const *s, int *order, int K) {
    for (int i = 0; i < K; i++) order[i] = i;
    for (int i = 1; i < K; i++)
        for (int j = i; j > 0 && better(s, order[j], order[j - 1]); j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
}

/* rd_route_sink into the route pool. */
static int pool_sink(void *ctx, int vehicle, const int *tasks, int len, int64_t cost) {
    return rd_pool_add(ctx, vehicle, tasks, len, cost);
}

/* The routes the slots logged and their best plans' routes go into the pool,
 * in slot order. */
static rd_status sp_feed(const rd_model *m, rd_search **slots, int K, rd_pool *pool,
                         rd_solution *tmp, rd_error *err) {
    for (int k = 0; k < K; k++) {
        if (rd_search_drain_routes(slots[k], pool_sink, pool) < 0)
            return rd_err(err, RD_ERR_NOMEM, "out of memory filling the route pool");
        RD_TRY(rd_search_best(slots[k], tmp));
        rd_eval_report rep;
        RD_TRY(rd_eval(m, tmp, &rep, err));
        int oom = 0;
        for (int r = 0; r < tmp->n_routes; r++)
            if (rd_pool_add(pool, tmp->routes[r].vehicle, tmp->routes[r].visits, tmp->routes[r].len,
                            rep.route[r].cost - rep.route[r].prize) == -1)
                oom = 1;
        rd_eval_report_free(&rep);
        if (oom) return rd_err(err, RD_ERR_NOMEM, "out of memory filling the route pool");
    }
    return RD_OK;
}

/* Set partitioning between epochs (the ILS-SP step): the ILP recombines the
 * pool's routes, warm-started with the best plan; an improvement is handed to
 * the worse half of the slots. *order is the slots' ranking (best first). */
static rd_status sp_round(const rd_model *m, const rd_params *p, rd_search **slots,
                          const int *order, int K, rd_pool *pool, double seconds, rd_solution *tmp,
                          int threads, int *whole_fails, rd_solution *spsol, rd_solve_stats *stats,
                          rd_error *err) {
    RD_TRY(rd_search_best(slots[order[0]], tmp));
    rd_sp_params spp;
    rd_sp_params_init(&spp);
    spp.time_limit = seconds;
    spp.max_nodes = p->time_limit > 0 ? 0 : p->sp_nodes;
    spp.log = p->log;
    spp.cancel = p->cancel; /* a signal ends the call as its time limit would */
    spp.regions = 1;
    spp.region_start = (uint64_t)stats->sp_calls * 7919u;
    spp.threads = threads;
    spp.whole_share = *whole_fails >= 2 ? 0.0 : spp.whole_share;
    rd_sp_info info;
    RD_TRY(rd_sp_solve(m, pool, tmp, &spp, spsol, &info, err));
    stats->sp_calls++;
    stats->sp_seconds += info.seconds;
    /* the whole pool's LP not even solved in its share (large pools): its
     * time goes to the regions from the second such call on */
    if (spp.whole_share > 0) *whole_fails = info.whole_lp ? 0 : *whole_fails + 1;
    rd_logf(p->log, RD_LOG_DEBUG,
            "set partitioning: %d routes (%d after fixing), %s, bound %.0f, %d regions (%d "
            "improved), %" PRId64 " -> %" PRId64 ", %.2f s",
            info.columns, info.kept, info.optimal ? "optimal" : "not proven", info.bound,
            info.regions, info.region_improvements, tmp->cost, spsol->cost, info.seconds);
    if (info.improved) {
        stats->sp_improvements++;
        stats->sp_gain += info.gain;
        for (int i = K - K / 2; i < K; i++)
            RD_TRY(rd_search_adopt_solution(slots[order[i]], spsol));
        if (K == 1) RD_TRY(rd_search_adopt_solution(slots[0], spsol));
    }
    return RD_OK;
}

/* One epoch: the slots search until `until` rounds or ep_end (INT64_MAX:
 * none). Thread t runs slots t, t + nt, ... in turn; under a time limit each
 * of its slots gets an equal share of the epoch's time, so that every slot
 * works even when there are more slots than threads. */
static void run_slots(rd_search **slots, int K, int threads, int64_t until, const rd_deadline *dl,
                      int64_t ep_start, int64_t ep_end, rd_status *st, int *done, rd_error *errs) {
#pragma omp parallel num_threads(threads)
    {
        const int t = omp_get_thread_num(), nt = omp_get_num_threads();
        const int mine = (K - t + nt - 1) / nt;
        for (int j = 0; j < mine; j++) {
            const int k = t + j * nt;
            rd_deadline sub = *dl;
            if (ep_end != INT64_MAX && j < mine - 1)
                sub.end_ns = ep_start + (ep_end - ep_start) / mine * (j + 1);
            else
                sub.end_ns = ep_end;
            st[k] = rd_search_run_until(slots[k], until, &sub, &done[k], &errs[k]);
        }
    }
}

/* The first failed slot's error, or RD_OK. */
static rd_status first_error(const rd_status *st, const rd_error *errs, int K, rd_error *err) {
    for (int k = 0; k < K; k++)
        if (st[k] != RD_OK) {
            if (err) *err = errs[k];
            return st[k];
        }
    return RD_OK;
}

/* One solve's state: the slots and what the epochs share. */
typedef struct solve_run {
    const rd_model *m;
    const rd_params *p;
    rd_deadline dl;
    int K, threads;
    rd_search **slots;
    rd_status *st;
    rd_error *errs;
    int *done, *order;
    int use_sp, whole_fails; /* whole_fails: consecutive calls whose whole-pool LP failed */
    rd_pool *pool;
    rd_solution *tmp, *spsol;
    rd_search_lists lists; /* shared by the slots: built once, O(n²) */
    rd_solve_stats *stats;
    int by_rounds;     /* epochs end at round counts (iteration budget), else at times */
    int64_t epoch_len; /* rounds per epoch */
    double sp_unit;    /* set partitioning's seconds per call */
} solve_run;

static void solve_free(solve_run *r) {
    if (r->slots)
        for (int k = 0; k < r->K; k++) rd_search_destroy(r->slots[k]);
    rd_search_lists_free(&r->lists); /* after the slots that walk them */
    free(r->slots);
    free(r->st);
    free(r->errs);
    free(r->done);
    free(r->order);
    rd_pool_destroy(r->pool);
    rd_solution_destroy(r->tmp);
    rd_solution_destroy(r->spsol);
}

/* Allocates the run and creates its slots (in parallel). */
static rd_status solve_start(solve_run *r, rd_error *err) {
    const rd_model *m = r->m;
    const rd_params *p = r->p;
    const int K = r->K;
    r->slots = calloc((size_t)K, sizeof *r->slots);
    r->st = calloc((size_t)K, sizeof *r->st);
    r->errs = calloc((size_t)K, sizeof *r->errs);
    r->done = calloc((size_t)K, sizeof *r->done);
    r->order = calloc((size_t)K, sizeof *r->order);
    /* room for twice the routes a plan can have, so that an incumbent's
     * routes survive the eviction their own addition may cause */
    int64_t most_routes = rd_model_fleet_size(m) < m->n_tasks ? rd_model_fleet_size(m) : m->n_tasks;
    int pool_cap = p->pool_size > 0 ? p->pool_size : 1;
    if (2 * most_routes > pool_cap)
        pool_cap = (int)(2 * most_routes < INT32_MAX / 4 ? 2 * most_routes : INT32_MAX / 4);
    r->pool = r->use_sp ? rd_pool_create(m, pool_cap) : NULL;
    r->tmp = rd_solution_create();
    r->spsol = rd_solution_create();
    if (!r->slots || !r->st || !r->errs || !r->done || !r->order || (r->use_sp && !r->pool) ||
        !r->tmp || !r->spsol)
        return rd_err(err, RD_ERR_NOMEM, "out of memory starting %d search slots", K);
    rd_logf(p->log, RD_LOG_INFO, "%s: %d tasks, %" PRId64 " vehicles, %d slots on %d threads%s",
            m->name, m->n_tasks, rd_model_fleet_size(m), K, r->threads,
            p->time_limit > 0 ? "" : ", iteration budget");
    if (rd_search_lists_build(m, p, r->threads, &r->lists) != RD_OK)
        return rd_err(err, RD_ERR_NOMEM, "out of memory building the neighbour lists");
    /* -v: each phase's end, in seconds since the budget's start (p->start_ns) */
    rd_logf(p->log, RD_LOG_DEBUG, "%s: neighbour lists at %.2f s", m->name,
            rd_deadline_elapsed(&r->dl));
#pragma omp parallel for schedule(static) num_threads(r->threads)
    for (int k = 0; k < K; k++)
        r->st[k] = rd_search_create(m, p, k, &r->dl, &r->lists, &r->slots[k], &r->errs[k]);
    rd_status st = first_error(r->st, r->errs, K, err);
    if (st == RD_OK) {
        int b = 0; /* VROOM's order: what they leave out, then the cost */
        for (int k = 1; k < K; k++) {
            const int64_t mk = rd_search_best_missed(r->slots[k]),
                          mb = rd_search_best_missed(r->slots[b]);
            if (mk < mb ||
                (mk == mb && rd_search_best_cost(r->slots[k]) < rd_search_best_cost(r->slots[b])))
                b = k;
        }
        rd_logf(p->log, RD_LOG_DEBUG,
                "%s: first plans (constructed, local optimum) at %.2f s, best %" PRId64
                " (slot %d)",
                m->name, rd_deadline_elapsed(&r->dl), rd_search_best_cost(r->slots[b]), b);
    }
    return st;
}

/* Set partitioning between epochs (final_sp: the last call, with its
 * RD_SP_FINAL share). A failure turns it off for the run; the slots' plans
 * stand without it. */
static void solve_sp(solve_run *r, int e, int final_sp) {
    /* its share of the time (or a node limit and a generous cap under an
     * iteration budget) */
    double secs = r->dl.end_ns != INT64_MAX ? r->sp_unit * (final_sp ? RD_SP_FINAL : 1) : 10.0;
    rd_error sperr;
    rd_error_clear(&sperr);
    rd_status sps = sp_feed(r->m, r->slots, r->K, r->pool, r->tmp, &sperr);
    if (sps == RD_OK && (e + 1 >= RD_SP_FROM || final_sp))
        sps = sp_round(r->m, r->p, r->slots, r->order, r->K, r->pool, secs, r->tmp, r->threads,
                       &r->whole_fails, r->spsol, r->stats, &sperr);
    if (sps != RD_OK) {
        rd_logf(r->p->log, RD_LOG_WARN, "%s: set partitioning off for this run: %s", r->m->name,
                sperr.msg);
        r->use_sp = 0;
    }
    rank_slots(r->slots, r->order, r->K);
}

/* Epoch e: the slots search to its end, are ranked, set partitioning runs
 * after it, and the worse half adopt the best plan. *last = 1 when the run
 * ends with it. */
static rd_status solve_epoch(solve_run *r, int e, int *last, rd_error *err) {
    const rd_params *p = r->p;
    const rd_deadline *dl = &r->dl;
    const int K = r->K;
    const int64_t until = r->by_rounds ? r->epoch_len * (e + 1) : INT64_MAX;
    const int64_t ep_start = rd_clock_ns();
    int64_t ep_end = dl->end_ns; /* INT64_MAX without a time limit */
    if (!r->by_rounds && dl->end_ns != INT64_MAX && e < RD_EPOCHS - 1)
        ep_end = dl->start_ns + (dl->end_ns - dl->start_ns) / RD_EPOCHS * (e + 1);
    else if (!r->by_rounds && dl->end_ns != INT64_MAX && r->use_sp)
        ep_end = dl->end_ns - (int64_t)(r->sp_unit * RD_SP_FINAL * 1e9); /* the final ILP's */
    run_slots(r->slots, K, r->threads, until, dl, ep_start, ep_end, r->st, r->done, r->errs);
    RD_TRY(first_error(r->st, r->errs, K, err));
    rank_slots(r->slots, r->order, K);
    int all_done = 1;
    for (int k = 0; k < K; k++) all_done &= r->done[k];
    const int cancelled = p->cancel && *p->cancel;
    int stop = all_done || rd_deadline_passed(dl) || cancelled;
    /* a last set partitioning polishes the answer (ILS-SP ends so) */
    const int final_sp =
        r->use_sp && !cancelled && !rd_deadline_passed(dl) && (e == RD_EPOCHS - 1 || all_done);
    if (p->progress) {
        const rd_search *best = r->slots[r->order[0]];
        rd_progress pr = {rd_deadline_elapsed(dl),
                          r->by_rounds ? (double)(e + 1) / RD_EPOCHS : rd_deadline_fraction(dl),
                          rd_search_best_cost(best), rd_search_best_missed(best)};
        p->progress(p->progress_ctx, &pr);
    }
    if ((e + 1) % 5 == 0 || stop)
        rd_logf(p->log, RD_LOG_INFO, "%s: %3.0f%%: best %" PRId64 " (slot %d), %.2f s", r->m->name,
                r->by_rounds ? 100.0 * (e + 1) / RD_EPOCHS : 100.0 * rd_deadline_fraction(dl),
                rd_search_best_cost(r->slots[r->order[0]]), r->order[0], rd_deadline_elapsed(dl));
    *last = stop || final_sp;
    if (stop && !final_sp) return RD_OK;
    if (r->use_sp) solve_sp(r, e, final_sp);
    if (stop) return RD_OK;
    if (final_sp) {
        /* the final ILP may end long before the time kept for it (on Solomon
         * it needs milliseconds): the slots search on to the deadline,
         * without a further ILP */
        const int64_t now = rd_clock_ns();
        if (!r->by_rounds && dl->end_ns != INT64_MAX && dl->end_ns - now > 10000000 &&
            !(p->cancel && *p->cancel)) {
            run_slots(r->slots, K, r->threads, INT64_MAX, dl, now, dl->end_ns, r->st, r->done,
                      r->errs);
            RD_TRY(first_error(r->st, r->errs, K, err));
        }
        return RD_OK;
    }
    for (int i = K - K / 2; i < K; i++) {
        rd_status status = rd_search_adopt(r->slots[r->order[i]], r->slots[r->order[0]]);
        if (status != RD_OK)
            return rd_err(err, status, "out of memory exchanging solutions between slots");
    }
    return RD_OK;
}

/* The best slot's finished plan into `out`, evaluated; the run's figures
 * into r->stats. */
static rd_status solve_answer(solve_run *r, rd_solution *out, rd_error *err) {
    rank_slots(r->slots, r->order, r->K);
    const int best = r->order[0];
    rd_status status = rd_search_finish(r->slots[best]);
    if (status == RD_OK) status = rd_search_best(r->slots[best], out);
    if (status != RD_OK) return rd_err(err, status, "out of memory copying the best solution");
    rd_eval_report rep;
    RD_TRY(rd_eval(r->m, out, &rep, err));
    out->cost = rep.cost;
    if (!rep.feasible)
        rd_logf(r->p->log, RD_LOG_ERROR, "the search returned a plan with %d violations",
                rep.n_viol);
    rd_eval_report_free(&rep);
    rd_solve_stats *stats = r->stats;
    if (r->pool) {
        stats->pool_size = rd_pool_size(r->pool);
        stats->pool_offered = rd_pool_offered(r->pool);
    }
    stats->seconds = rd_deadline_elapsed(&r->dl);
    stats->best_slot = best;
    stats->iterations = 0;
    stats->initial_cost = INT64_MAX;
    for (int k = 0; k < r->K; k++) {
        rd_search_stats ss;
        rd_search_get_stats(r->slots[k], &ss);
        rd_logf(r->p->log, RD_LOG_DEBUG,
                "slot %d: %" PRId64 " rounds, %" PRId64 " improvements, best %" PRId64
                " (left out: %" PRId64 ")",
                k, ss.iterations, ss.improvements, rd_search_best_cost(r->slots[k]),
                rd_search_best_missed(r->slots[k]));
        stats->iterations += ss.iterations;
        if (ss.initial_cost < stats->initial_cost) stats->initial_cost = ss.initial_cost;
    }
    return RD_OK;
}

rd_status rd_solve(const rd_model *m, const rd_params *p, rd_solution *out, rd_solve_stats *stats,
                   rd_error *err) {
    if (!m || !p || !out) return rd_err(err, RD_ERR_INTERNAL, "rd_solve: missing argument");
    rd_solve_stats local;
    if (!stats) stats = &local;
    memset(stats, 0, sizeof *stats);
    solve_run r = {
        .m = m, .p = p, .dl = rd_deadline_from(p->start_ns, p->time_limit), .stats = stats};
    r.threads = p->threads > 0 ? p->threads : omp_get_num_procs();
    r.K = rd_params_slots(p, m->n_tasks, r.threads);
    stats->slots = r.K;
    if (r.threads > r.K) r.threads = r.K;
    r.use_sp = p->sp_share > 0;
    rd_status status = solve_start(&r, err);
    if (status != RD_OK) goto cleanup;
    /* Epochs: by rounds under an iteration budget (so the exchanges happen at
     * the same points whatever the thread count), by time otherwise. */
    const int64_t max_it = rd_params_iterations(p);
    r.by_rounds = max_it != INT64_MAX;
    r.epoch_len = r.by_rounds ? (max_it + RD_EPOCHS - 1) / RD_EPOCHS : INT64_MAX;
    /* set partitioning's time per epoch: its share of the budget over the
     * calls after epochs RD_SP_FROM .. RD_EPOCHS - 1, plus the final call */
    r.sp_unit = r.dl.end_ns != INT64_MAX ? p->sp_share * (double)(r.dl.end_ns - r.dl.start_ns) *
                                               1e-9 / (RD_EPOCHS - RD_SP_FROM + RD_SP_FINAL)
                                         : 0.0;
    for (int e = 0, last = 0; e < RD_EPOCHS && !last; e++)
        if ((status = solve_epoch(&r, e, &last, err)) != RD_OK) goto cleanup;
    status = solve_answer(&r, out, err);
cleanup:
    solve_free(&r);
    return status;
}
