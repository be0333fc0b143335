#include "solver/run.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/clock.h"
#include "solver/dist.h"
#include "solver/price.h"

void rd_run_result_free(rd_run_result *r) {
    if (!r) return;
    rd_solution_destroy(r->plan);
    rd_eval_report_free(&r->rep);
    memset(r, 0, sizeof *r);
}

/* The exact mode on top of the search's plan r->plan, within `limit` seconds
 * of the run: the plan it returns replaces the search's. */
static rd_status run_exact(const rd_model *m, const rd_params *p, double limit, rd_run_result *r,
                           rd_error *err) {
    rd_solution *x = rd_solution_create();
    if (!x) return rd_err(err, RD_ERR_NOMEM, "out of memory");
    rd_status st =
        rd_exact_solve(m, r->plan, limit - r->stats.seconds, p->cancel, p->log, x, &r->xinfo, err);
    if (st == RD_OK) st = rd_solution_copy(r->plan, x);
    rd_solution_destroy(x);
    if (st == RD_ERR_INPUT && r->xinfo.too_large[0] && !rd_price_unsupported(m) &&
        !(p->cancel && *p->cancel)) {
        /* Too many routes to list: the root of a branch-and-price instead.
         * Column generation's bound (solver/cg.h) proves the search's plan
         * optimal when it meets its cost, else bounds it. */
        rd_logf(p->log, RD_LOG_INFO, "%s: %s; column generation instead", m->name, err->msg);
        rd_error_clear(err);
        const double left = limit - r->stats.seconds - r->xinfo.seconds;
        rd_cg_opts co = {left > 0.01 ? left : 0.01, 0, p->cancel, p->log, 0, 0};
        st = rd_cg_bound(m, r->plan, &co, &r->cginfo, err);
        r->xinfo.by_cg = 1;
        r->xinfo.bound = r->cginfo.has_bound ? (double)r->cginfo.bound : -1;
    }
    r->exact = st == RD_OK;
    return st;
}

rd_status rd_run(const rd_model *m, const rd_params *p, const rd_run_opts *o, rd_run_result *r,
                 rd_error *err) {
    memset(r, 0, sizeof *r);
    r->bound = -1;
    r->xinfo.bound = -1;
    const int64_t t0 = rd_clock_ns();
    rd_params q = *p;
    r->time_limit = q.time_limit > 0 ? q.time_limit : 0;
    if (o && o->exact) { /* a short heuristic run gives the incumbent; the rest is the exact's */
        r->time_limit = q.time_limit > 0 ? q.time_limit : 60.0;
        q.time_limit = 0.1 * r->time_limit;
        if (q.iterations <= 0) q.iterations = 200;
    }
    const char *no_bound = o && o->bound && !o->exact ? rd_price_unsupported(m) : NULL;
    if (no_bound)
        return rd_err(err, RD_ERR_INPUT, "--bound: not supported yet for models with %s", no_bound);
    double bound_secs = 0;
    if (o && o->bound && !o->exact) { /* the search first, the bound in the rest */
        double share = o->bound_share > 0 && o->bound_share < 1 ? o->bound_share : RD_BOUND_SHARE;
        bound_secs = q.time_limit > 0 ? share * q.time_limit : RD_BOUND_SECONDS;
        if (q.time_limit > 0) q.time_limit -= bound_secs;
    }
    /* over MPI ranks: every rank has its model, or none solves */
    if (q.par && q.par->size > 1 && !rd_par_agree(q.par, 1))
        return rd_err(err, RD_ERR_INPUT,
                      "another MPI rank could not read the input (its message is above)");
    r->iterations = rd_params_iterations(&q);
    if (!(r->plan = rd_solution_create())) return rd_err(err, RD_ERR_NOMEM, "out of memory");
    /* over MPI ranks (solver/dist.h); the exact mode's start stays on each rank */
    rd_status st = q.par && q.par->size > 1 && !(o && o->exact)
                       ? rd_dist_solve(m, &q, q.par, r->plan, &r->stats, err)
                       : rd_solve(m, &q, r->plan, &r->stats, err);
    if (st == RD_OK && o && o->exact) st = run_exact(m, p, r->time_limit, r, err);
    if (st == RD_OK) st = rd_eval(m, r->plan, &r->rep, err);
    if (st != RD_OK) {
        rd_run_result_free(r);
        return st;
    }
    if (bound_secs > 0 && !(p->cancel && *p->cancel)) {
        /* the bound's time: what the limit leaves (it counts from p->start_ns) */
        double left = bound_secs;
        if (p->time_limit > 0) {
            int64_t from = p->start_ns > 0 ? p->start_ns : t0;
            left = p->time_limit - (double)(rd_clock_ns() - from) * 1e-9;
        }
        rd_cg_opts co = {left > 0.01 ? left : 0.01, 0, p->cancel, p->log, 0, 0};
        if ((st = rd_cg_bound(m, r->plan, &co, &r->cginfo, err)) != RD_OK) {
            rd_run_result_free(r);
            return st;
        }
        r->cg = 1;
        if (r->cginfo.has_bound) r->bound = r->cginfo.bound;
    }
    const rd_eval_report *rep = &r->rep;
    if (r->exact && r->xinfo.bound >= 0) /* costs are integers: the bound rounds up */
        r->bound = (int64_t)(r->xinfo.bound - 1e-6) + 1;
    if (r->exact && (r->xinfo.optimal ||
                     (r->xinfo.by_cg && r->bound >= rep->cost && r->plan->n_unassigned == 0))) {
        r->optimal = 1;
        r->bound = rep->cost; /* (the LP bound may be a hair below) */
    }
    if (r->bound > rep->cost) r->bound = rep->cost;
    r->objective = rep->cost + rd_model_total_prize(m) - rep->prize;
    for (int i = 0; i < r->plan->n_unassigned; i++) {
        int t = r->plan->unassigned[i].task;
        if (t < 0 || t >= m->n_tasks || m->task_prize[t] < 0) r->mandatory_left++;
    }
    r->interrupted = p->cancel && *p->cancel;
    r->seconds = (double)(rd_clock_ns() - t0) * 1e-9;
    return RD_OK;
}

double rd_run_gap(const rd_run_result *r) {
    if (r->bound < 0 || r->rep.cost <= 0) return r->bound < 0 ? -1 : 0;
    return 100.0 * (double)(r->rep.cost - r->bound) / (double)r->rep.cost;
}

/* A growing text of lines. */
typedef struct lines {
    char *buf;
    size_t len, cap;
    int oom;
} lines;

static void add(lines *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(lines *l, const char *fmt, ...) {
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (k < 0 || l->oom) return;
    if ((size_t)k >= sizeof line) k = sizeof line - 1;
    if (l->len + (size_t)k + 2 > l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 4096;
        while (nc < l->len + (size_t)k + 2) nc *= 2;
        char *p = realloc(l->buf, nc);
        if (!p) {
            l->oom = 1;
            return;
        }
        l->buf = p;
        l->cap = nc;
    }
    if (l->len) l->buf[l->len++] = '\n';
    memcpy(l->buf + l->len, line, (size_t)k);
    l->len += (size_t)k;
    l->buf[l->len] = '\0';
}

/* How column generation ended, as a suffix of its figures. */
static const char *cg_end(const rd_cg_info *c) {
    return c->converged ? "" : c->stopped ? ", stopped by the time limit" : ", not converged";
}

/* The exact mode's lines. */
static void add_exact(lines *l, const rd_model *m, const rd_run_result *r) {
    char lb[48];
    rd_model_format_cost(m, r->bound, lb, sizeof lb);
    if (r->xinfo.by_cg) {
        const rd_cg_info *c = &r->cginfo;
        if (r->optimal)
            add(l, "exact: optimal (lower bound %s = cost, by column generation)", lb);
        else if (r->bound >= 0)
            add(l, "exact: lower bound %s, gap %.2f %% (column generation; not proven)", lb,
                rd_run_gap(r));
        else
            add(l, "exact: no lower bound: %s", c->why);
        add(l,
            "exact: column generation: %d columns, %d iterations, %.2f s%s (route enumeration: %s)",
            c->columns, c->iterations, c->seconds, cg_end(c), r->xinfo.too_large);
        return;
    }
    if (r->xinfo.cut[0])
        add(l, "exact: no lower bound: %s", r->xinfo.cut);
    else if (r->optimal)
        add(l, "exact: optimal (lower bound %s = cost)", lb);
    else if (r->bound >= 0)
        add(l, "exact: lower bound %s, gap %.2f %%", lb, rd_run_gap(r));
    else
        add(l, "exact: no lower bound within the time limit");
    if (!r->xinfo.cut[0])
        add(l, "exact: %" PRId64 " feasible task sets enumerated in %.2f s", r->xinfo.routes,
            r->xinfo.enum_secs);
}

/* The --bound line (solver/cg.h). */
static void add_bound(lines *l, const rd_model *m, const rd_run_result *r) {
    const rd_cg_info *c = &r->cginfo;
    if (!c->has_bound) {
        add(l, "bound: none: %s (column generation: %d columns, %d iterations, %.2f s)", c->why,
            c->columns, c->iterations, c->seconds);
        return;
    }
    char lb[48];
    rd_model_format_cost(m, r->bound, lb, sizeof lb);
    add(l,
        "bound: lower bound %s, gap %.2f %% (column generation: %d columns, %d iterations, "
        "%.2f s%s)",
        lb, rd_run_gap(r), c->columns, c->iterations, c->seconds, cg_end(c));
}

char *rd_run_comments(const rd_model *m, const rd_params *p, const rd_run_result *r, int max_viol) {
    lines l = {0};
    const rd_eval_report *rep = &r->rep;
    const rd_solution *s = r->plan;
    add(&l, "rondo: %s, convention %s, seed %" PRIu64 ", %d slots", m->name,
        rd_round_name(m->round), p->seed, r->stats.slots);
    if (r->exact)
        add(&l, "time limit %g s, time %.2f s (heuristic start: %" PRId64 " iterations)",
            r->time_limit, r->seconds, r->stats.iterations);
    else if (r->time_limit > 0)
        add(&l, "time limit %g s, time %.2f s, %" PRId64 " iterations", r->time_limit, r->seconds,
            r->stats.iterations);
    else /* no time here: with an iteration budget the file is byte-reproducible */
        add(&l, "iterations %" PRId64 " per slot", r->iterations);
    if (r->interrupted) add(&l, "interrupted: best solution so far");
    if (r->exact) add_exact(&l, m, r);
    if (r->cg) add_bound(&l, m, r);
    if (m->n_reloads > 0) { /* multi-trip models: what their benchmarks compare */
        int64_t travel = 0, reloads = 0;
        for (int q = 0; q < s->n_routes; q++) {
            travel += rep->route[q].travel;
            reloads += rep->route[q].n_reloads;
        }
        char tt[48];
        rd_model_format_cost(m, travel, tt, sizeof tt);
        add(&l, "vehicles %d, reload stops %" PRId64 ", travel time %s", rep->n_routes, reloads,
            tt);
    }
    for (int u = 0; u < s->n_unassigned; u++) {
        const int t = s->unassigned[u].task;
        add(&l, "unassigned %" PRId64 ": %s", t >= 0 && t < m->n_tasks ? m->task_id[t] : -1,
            s->unassigned[u].reason ? s->unassigned[u].reason : "");
    }
    for (int k = 0; k < rep->n_viol && k < max_viol; k++) {
        char d[256];
        rd_violation_describe(m, &rep->viol[k], d, sizeof d);
        add(&l, "violation: %s", d);
    }
    if (rep->n_viol > max_viol) add(&l, "(%d more violations)", rep->n_viol - max_viol);
    if (rd_model_total_prize(m) > 0) /* PyVRP's PCVRPTW: cost + the prizes left out */
        add(&l, "prize-collecting: Cost = distance + the prizes of the customers not visited");
    if (l.oom) {
        free(l.buf);
        return NULL;
    }
    if (!l.buf) l.buf = calloc(1, 1);
    return l.buf;
}
