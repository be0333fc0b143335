#include "solver/solve.h"

#include <inttypes.h>
#include <omp.h>
#include <stdlib.h>

#include "heuristics/search.h"
#include "solver/clock.h"

/* True when solution a (slot ka) is better than b (slot kb): fewer unassigned
 * tasks, then lower cost, then lower slot index (deterministic tie-break). */
static int better(const rd_solution *a, int ka, const rd_solution *b, int kb) {
    if (a->n_unassigned != b->n_unassigned) return a->n_unassigned < b->n_unassigned;
    if (a->cost != b->cost) return a->cost < b->cost;
    return ka < kb;
}

rd_status rd_solve(const rd_model *m, const rd_params *p, rd_solution *out, rd_solve_stats *stats,
                   rd_error *err) {
    if (!m || !p || !out) return rd_err(err, RD_ERR_INTERNAL, "rd_solve: missing argument");
    rd_deadline dl = rd_deadline_in(p->time_limit);
    const int K = p->slots > 0 ? p->slots : 1;
    const int threads = p->threads > 0 ? p->threads : omp_get_num_procs();
    rd_solution **sols = calloc((size_t)K, sizeof *sols);
    rd_status *st = calloc((size_t)K, sizeof *st);
    rd_search_stats *ss = calloc((size_t)K, sizeof *ss);
    rd_error *errs = calloc((size_t)K, sizeof *errs);
    rd_status status = RD_OK;
    if (!sols || !st || !ss || !errs) {
        status = rd_err(err, RD_ERR_NOMEM, "out of memory starting %d search slots", K);
        goto done;
    }
    for (int k = 0; k < K; k++)
        if (!(sols[k] = rd_solution_create())) {
            status = rd_err(err, RD_ERR_NOMEM, "out of memory starting %d search slots", K);
            goto done;
        }
    rd_logf(p->log, RD_LOG_INFO, "%s: %d tasks, %" PRId64 " vehicles, %d slots on %d threads%s",
            m->name, m->n_tasks, rd_model_fleet_size(m), K, threads < K ? threads : K,
            p->time_limit > 0 ? "" : ", iteration budget");

#pragma omp parallel for schedule(static) num_threads(threads < K ? threads : K)
    for (int k = 0; k < K; k++) st[k] = rd_search_run(m, p, k, &dl, sols[k], &ss[k], &errs[k]);

    int best = -1;
    for (int k = 0; k < K; k++) {
        if (st[k] != RD_OK) {
            rd_logf(p->log, RD_LOG_WARN, "slot %d failed: %s", k, errs[k].msg);
            if (status == RD_OK) {
                status = st[k];
                if (err) *err = errs[k];
            }
            continue;
        }
        if (best < 0 || better(sols[k], k, sols[best], best)) best = k;
    }
    if (best < 0) goto done;
    status = RD_OK; /* one slot's answer is enough */
    rd_error_clear(err);
    status = rd_solution_copy(out, sols[best]);
    if (status != RD_OK) {
        rd_err(err, status, "out of memory copying the best solution");
        goto done;
    }

    rd_eval_report rep;
    status = rd_eval(m, out, &rep, err);
    if (status != RD_OK) goto done;
    out->cost = rep.cost;
    if (!rep.feasible)
        rd_logf(p->log, RD_LOG_ERROR, "the search returned a plan with %d violations", rep.n_viol);
    rd_eval_report_free(&rep);
    if (stats) {
        stats->seconds = rd_deadline_elapsed(&dl);
        stats->best_slot = best;
        stats->iterations = 0;
        stats->initial_cost = INT64_MAX;
        for (int k = 0; k < K; k++) {
            stats->iterations += ss[k].iterations;
            if (st[k] == RD_OK && ss[k].initial_cost < stats->initial_cost)
                stats->initial_cost = ss[k].initial_cost;
        }
    }
done:
    if (sols)
        for (int k = 0; k < K; k++) rd_solution_destroy(sols[k]);
    free(sols);
    free(st);
    free(ss);
    free(errs);
    return status;
}
