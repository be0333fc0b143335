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

rd_status rd_solve(const rd_model *m, const rd_params *p, rd_solution *out, rd_solve_stats *stats,
                   rd_error *err) {
    if (!m || !p || !out) return rd_err(err, RD_ERR_INTERNAL, "rd_solve: missing argument");
    rd_deadline dl = rd_deadline_in(p->time_limit);
    const int K = p->slots > 0 ? p->slots : 1;
    int threads = p->threads > 0 ? p->threads : omp_get_num_procs();
    if (threads > K) threads = K;
    rd_search **slots = calloc((size_t)K, sizeof *slots);
    rd_status *st = calloc((size_t)K, sizeof *st);
    rd_error *errs = calloc((size_t)K, sizeof *errs);
    int *done = calloc((size_t)K, sizeof *done);
    int *order = calloc((size_t)K, sizeof *order);
    rd_solve_stats local;
    if (!stats) stats = &local;
    memset(stats, 0, sizeof *stats);
    int use_sp = p->sp_share > 0;
    int whole_fails = 0; /* consecutive calls whose whole-pool LP was not solved */
    /* room for twice the routes a plan can have, so that an incumbent's
     * routes survive the eviction their own addition may cause */
    int64_t most_routes = rd_model_fleet_size(m) < m->n_tasks ? rd_model_fleet_size(m) : m->n_tasks;
    int pool_cap = p->pool_size > 0 ? p->pool_size : 1;
    if (2 * most_routes > pool_cap)
        pool_cap = (int)(2 * most_routes < INT32_MAX / 4 ? 2 * most_routes : INT32_MAX / 4);
    rd_pool *pool = use_sp ? rd_pool_create(m, pool_cap) : NULL;
    rd_solution *tmp = rd_solution_create(), *spsol = rd_solution_create();
    rd_search_lists lists = {0}; /* shared by the slots: built once, O(n²) */
    rd_status status = RD_OK;
    if (!slots || !st || !errs || !done || !order || (use_sp && !pool) || !tmp || !spsol) {
        status = rd_err(err, RD_ERR_NOMEM, "out of memory starting %d search slots", K);
        goto cleanup;
    }
    rd_logf(p->log, RD_LOG_INFO, "%s: %d tasks, %" PRId64 " vehicles, %d slots on %d threads%s",
            m->name, m->n_tasks, rd_model_fleet_size(m), K, threads,
            p->time_limit > 0 ? "" : ", iteration budget");

    if (rd_search_lists_build(m, p, threads, &lists) != RD_OK) {
        status = rd_err(err, RD_ERR_NOMEM, "out of memory building the neighbour lists");
        goto cleanup;
    }
#pragma omp parallel for schedule(static) num_threads(threads)
    for (int k = 0; k < K; k++) st[k] = rd_search_create(m, p, k, &dl, &lists, &slots[k], &errs[k]);
    if ((status = first_error(st, errs, K, err)) != RD_OK) goto cleanup;

    /* Epochs: by rounds under an iteration budget (so the exchanges happen at
     * the same points whatever the thread count), by time otherwise. */
    const int64_t max_it = rd_params_iterations(p);
    const int by_rounds = max_it != INT64_MAX;
    const int64_t epoch_len = by_rounds ? (max_it + RD_EPOCHS - 1) / RD_EPOCHS : INT64_MAX;
    /* set partitioning's time per epoch: its share of the budget over the
     * calls after epochs RD_SP_FROM .. RD_EPOCHS - 1, plus the final call */
    const double sp_unit = dl.end_ns != INT64_MAX
                               ? p->sp_share * (double)(dl.end_ns - dl.start_ns) * 1e-9 /
                                     (RD_EPOCHS - RD_SP_FROM + RD_SP_FINAL)
                               : 0.0;
    for (int e = 0; e < RD_EPOCHS; e++) {
        const int64_t until = by_rounds ? epoch_len * (e + 1) : INT64_MAX;
        const int64_t ep_start = rd_clock_ns();
        int64_t ep_end = dl.end_ns; /* INT64_MAX without a time limit */
        if (!by_rounds && dl.end_ns != INT64_MAX && e < RD_EPOCHS - 1)
            ep_end = dl.start_ns + (dl.end_ns - dl.start_ns) / RD_EPOCHS * (e + 1);
        else if (!by_rounds && dl.end_ns != INT64_MAX && use_sp)
            ep_end = dl.end_ns - (int64_t)(sp_unit * RD_SP_FINAL * 1e9); /* the final ILP's */
        run_slots(slots, K, threads, until, &dl, ep_start, ep_end, st, done, errs);
        if ((status = first_error(st, errs, K, err)) != RD_OK) goto cleanup;

        rank_slots(slots, order, K);
        int all_done = 1;
        for (int k = 0; k < K; k++) all_done &= done[k];
        const int cancelled = p->cancel && *p->cancel;
        int stop = all_done || rd_deadline_passed(&dl) || cancelled;
        /* a last set partitioning polishes the answer (ILS-SP ends so) */
        const int final_sp =
            use_sp && !cancelled && !rd_deadline_passed(&dl) && (e == RD_EPOCHS - 1 || all_done);
        if ((e + 1) % 5 == 0 || stop)
            rd_logf(p->log, RD_LOG_INFO, "%s: %3.0f%%: best %" PRId64 " (slot %d), %.2f s", m->name,
                    by_rounds ? 100.0 * (e + 1) / RD_EPOCHS : 100.0 * rd_deadline_fraction(&dl),
                    rd_search_best_cost(slots[order[0]]), order[0], rd_deadline_elapsed(&dl));
        if (stop && !final_sp) break;
        if (use_sp) {
            /* its share of the time (or a node limit and a generous cap
             * under an iteration budget) */
            double secs = dl.end_ns != INT64_MAX ? sp_unit * (final_sp ? RD_SP_FINAL : 1) : 10.0;
            rd_error sperr;
            rd_error_clear(&sperr);
            rd_status sps = sp_feed(m, slots, K, pool, tmp, &sperr);
            if (sps == RD_OK && (e + 1 >= RD_SP_FROM || final_sp))
                sps = sp_round(m, p, slots, order, K, pool, secs, tmp, threads, &whole_fails, spsol,
                               stats, &sperr);
            if (sps != RD_OK) {
                /* the slots' plans stand without it: the run goes on */
                rd_logf(p->log, RD_LOG_WARN, "%s: set partitioning off for this run: %s", m->name,
                        sperr.msg);
                use_sp = 0;
            }
            rank_slots(slots, order, K);
        }
        if (stop) break;
        if (final_sp) {
            /* the final ILP may end long before the time kept for it (on
             * Solomon it needs milliseconds): the slots search on to the
             * deadline, without a further ILP */
            const int64_t now = rd_clock_ns();
            if (!by_rounds && dl.end_ns != INT64_MAX && dl.end_ns - now > 10000000 &&
                !(p->cancel && *p->cancel)) {
                run_slots(slots, K, threads, INT64_MAX, &dl, now, dl.end_ns, st, done, errs);
                if ((status = first_error(st, errs, K, err)) != RD_OK) goto cleanup;
            }
            break;
        }
        for (int i = K - K / 2; i < K; i++) {
            status = rd_search_adopt(slots[order[i]], slots[order[0]]);
            if (status != RD_OK) {
                rd_err(err, status, "out of memory exchanging solutions between slots");
                goto cleanup;
            }
        }
    }

    rank_slots(slots, order, K);
    const int best = order[0];
    status = rd_search_finish(slots[best]);
    if (status == RD_OK) status = rd_search_best(slots[best], out);
    if (status != RD_OK) {
        rd_err(err, status, "out of memory copying the best solution");
        goto cleanup;
    }
    rd_eval_report rep;
    status = rd_eval(m, out, &rep, err);
    if (status != RD_OK) goto cleanup;
    out->cost = rep.cost;
    if (!rep.feasible)
        rd_logf(p->log, RD_LOG_ERROR, "the search returned a plan with %d violations", rep.n_viol);
    rd_eval_report_free(&rep);
    if (pool) {
        stats->pool_size = rd_pool_size(pool);
        stats->pool_offered = rd_pool_offered(pool);
    }
    {
        stats->seconds = rd_deadline_elapsed(&dl);
        stats->best_slot = best;
        stats->iterations = 0;
        stats->initial_cost = INT64_MAX;
        for (int k = 0; k < K; k++) {
            rd_search_stats ss;
            rd_search_get_stats(slots[k], &ss);
            rd_logf(p->log, RD_LOG_DEBUG,
                    "slot %d: %" PRId64 " rounds, %" PRId64 " improvements, best %" PRId64, k,
                    ss.iterations, ss.improvements, rd_search_best_cost(slots[k]));
            stats->iterations += ss.iterations;
            if (ss.initial_cost < stats->initial_cost) stats->initial_cost = ss.initial_cost;
        }
    }
cleanup:
    if (slots)
        for (int k = 0; k < K; k++) rd_search_destroy(slots[k]);
    rd_search_lists_free(&lists); /* after the slots that walk them */
    free(slots);
    free(st);
    free(errs);
    free(done);
    free(order);
    rd_pool_destroy(pool);
    rd_solution_destroy(tmp);
    rd_solution_destroy(spsol);
    return status;
}
