#include "solver/sp.h"

#include <glpk.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "solver/clock.h"
#include "solver/eval.h"

/* What the branch-and-cut callback needs. */
typedef struct cb_ctx {
    const double *warm; /* [1..ncols] the incumbent as a 0/1 vector */
    int injected;       /* warm start handed to GLPK */
    rd_deadline dl;     /* our own deadline */
    int64_t nodes;      /* subproblems selected so far */
    int64_t max_nodes;  /* 0: no limit */
    double bound;       /* best bound seen, or -1 */
} cb_ctx;

static void callback(glp_tree *T, void *info) {
    cb_ctx *c = info;
    if (glp_ios_reason(T) == GLP_IHEUR && !c->injected) {
        c->injected = 1;
        (void)glp_ios_heur_sol(T, c->warm); /* rejected only if not better: fine */
    }
    int best = glp_ios_best_node(T);
    if (best != 0) c->bound = glp_ios_node_bound(T, best);
    if (glp_ios_reason(T) == GLP_ISELECT) c->nodes++;
    if (rd_deadline_passed(&c->dl) || (c->max_nodes > 0 && c->nodes > c->max_nodes))
        glp_ios_terminate(T);
}

/* Milliseconds left, at least 1, capped for GLPK's int. */
static int ms_left(const rd_deadline *dl) {
    double s = (double)(dl->end_ns - rd_clock_ns()) * 1e-9;
    if (s < 0.001) return 1;
    if (s > 1e6) return 1000000000;
    return (int)(s * 1000.0);
}

/* Checks every pool route with the independent evaluator (all routes in one
 * plan: only route-level violations matter here) and within-route
 * duplicates; stores the evaluator's cost per route in cost[]. */
static rd_status check_pool(const rd_model *m, const rd_pool *pool, int64_t *cost, rd_error *err) {
    const int n = rd_pool_size(pool);
    if (n == 0) return rd_err(err, RD_ERR_INPUT, "set partitioning: empty route pool");
    rd_solution *all = rd_solution_create();
    int *stamp = calloc((size_t)(m->n_tasks > 0 ? m->n_tasks : 1), sizeof *stamp);
    rd_status st = RD_OK;
    if (!all || !stamp) {
        st = rd_err(err, RD_ERR_NOMEM, "set partitioning: out of memory");
        goto done;
    }
    for (int i = 0; i < n; i++) {
        const rd_pool_route *r = rd_pool_get(pool, i);
        if (r->len < 1 || r->vehicle < 0 || r->vehicle >= m->n_vehicles) {
            st = rd_err(err, RD_ERR_INPUT, "set partitioning: pool route %d: %s", i,
                        r->len < 1 ? "empty" : "no such vehicle type");
            goto done;
        }
        for (int k = 0; k < r->len; k++) {
            int t = r->tasks[k];
            if (t < 0 || t >= m->n_tasks) {
                st = rd_err(err, RD_ERR_INPUT, "set partitioning: pool route %d: task index %d", i,
                            t);
                goto done;
            }
            if (stamp[t] == i + 1) {
                st = rd_err(err, RD_ERR_INPUT,
                            "set partitioning: pool route %d visits task %" PRId64 " twice", i,
                            m->task_id[t]);
                goto done;
            }
            stamp[t] = i + 1;
        }
        /* a shipment's delivery follows its pickup on the same route (the
         * evaluator below sees every pool route at once: duplicates hide it) */
        for (int k = 0; k < r->len && st == RD_OK; k++) {
            int t = r->tasks[k], q = k + 1;
            if (!rd_task_is_ship(m, t)) continue;
            if (m->task_kind[t] == RD_TASK_DELIVERY) q = 0;
            while (q < r->len && r->tasks[q] != m->task_pair[t]) q++;
            if (q == r->len || (m->task_kind[t] == RD_TASK_DELIVERY && q > k))
                st = rd_err(err, RD_ERR_INPUT,
                            "set partitioning: pool route %d: shipment task %" PRId64
                            " without its partner before/after it",
                            i, m->task_id[t]);
        }
        if (st != RD_OK) goto done;
        if ((st = rd_solution_add_route(all, r->vehicle, r->tasks, r->len)) != RD_OK) {
            rd_err(err, st, "set partitioning: out of memory");
            goto done;
        }
    }
    rd_eval_report rep;
    if ((st = rd_eval(m, all, &rep, err)) != RD_OK) goto done;
    for (int k = 0; k < rep.n_viol && st == RD_OK; k++) {
        const rd_violation *v = &rep.viol[k];
        if (v->route < 0 || v->kind == RD_VIOL_DUPLICATE || v->kind == RD_VIOL_PRECEDENCE) continue;
        char d[256];
        rd_violation_describe(m, v, d, sizeof d);
        st = rd_err(err, RD_ERR_INPUT, "set partitioning: pool route %d is infeasible: %s",
                    v->route, d);
    }
    for (int i = 0; i < n && st == RD_OK; i++) cost[i] = rep.route[i].cost - rep.route[i].prize;
    rd_eval_report_free(&rep);
done:
    rd_solution_destroy(all);
    free(stamp);
    return st;
}

void rd_sp_params_init(rd_sp_params *p) {
    p->time_limit = 10.0;
    p->max_nodes = 0;
    p->log = NULL;
}

rd_status rd_sp_solve(const rd_model *m, rd_pool *pool, const rd_solution *incumbent,
                      const rd_sp_params *sp, rd_solution *out, rd_sp_info *info, rd_error *err) {
    const rd_log *log = sp->log;
    rd_deadline dl = rd_deadline_in(sp->time_limit > 0 ? sp->time_limit : 1.0);
    rd_sp_info local;
    if (!info) info = &local;
    memset(info, 0, sizeof *info);
    info->bound = -1;
    rd_solution_clear(out);

    /* The incumbent must be a feasible plan: it is the warm start and the
     * fallback. Its routes join the pool at their evaluated costs. */
    rd_eval_report inc;
    RD_TRY(rd_eval(m, incumbent, &inc, err));
    int inc_ok = inc.feasible;
    int64_t inc_cost = inc.cost - inc.prize; /* the objective: cost minus prizes */
    int oom = 0;
    for (int r = 0; r < incumbent->n_routes && inc_ok; r++) {
        const rd_route *rt = &incumbent->routes[r];
        if (rt->len > 0 && rd_pool_add(pool, rt->vehicle, rt->visits, rt->len,
                                       inc.route[r].cost - inc.route[r].prize) < 0)
            oom = 1;
    }
    rd_eval_report_free(&inc);
    if (!inc_ok) return rd_err(err, RD_ERR_INPUT, "set partitioning: the incumbent is infeasible");
    if (oom) return rd_err(err, RD_ERR_NOMEM, "set partitioning: out of memory");

    const int ncols = rd_pool_size(pool), nrows = m->n_tasks + m->n_vehicles;
    int64_t *cost = malloc((size_t)(ncols > 0 ? ncols : 1) * sizeof *cost);
    if (!cost) return rd_err(err, RD_ERR_NOMEM, "set partitioning: out of memory");
    rd_status st = check_pool(m, pool, cost, err);
    if (st != RD_OK) {
        free(cost);
        return st;
    }
    size_t ne = 0;
    for (int j = 0; j < ncols; j++) ne += (size_t)rd_pool_get(pool, j)->len + 1;
    char *served = calloc((size_t)(m->n_tasks > 0 ? m->n_tasks : 1), 1);
    int *ia = malloc((ne + 1) * sizeof *ia), *ja = malloc((ne + 1) * sizeof *ja);
    double *ar = malloc((ne + 1) * sizeof *ar), *warm = calloc((size_t)ncols + 1, sizeof *warm);
    glp_prob *lp = NULL;
    int prev_term = -1;
    if (!served || !ia || !ja || !ar || !warm || ne >= (size_t)INT_MAX || nrows < 1) {
        st = rd_err(err, ne >= (size_t)INT_MAX ? RD_ERR_INPUT : RD_ERR_NOMEM,
                    "set partitioning: out of memory for %d columns", ncols);
        goto done;
    }
    for (int r = 0; r < incumbent->n_routes; r++)
        for (int k = 0; k < incumbent->routes[r].len; k++)
            served[incumbent->routes[r].visits[k]] = 1;

    /* Warm start: the pool route of each incumbent route's set (its sequence
     * may be cheaper). */
    int64_t warm_cost = 0;
    for (int r = 0; r < incumbent->n_routes; r++) {
        const rd_route *rt = &incumbent->routes[r];
        if (rt->len == 0) continue;
        int j = rd_pool_find(pool, rt->vehicle, rt->visits, rt->len);
        if (j < 0 || warm[j + 1] != 0.0) {
            st = rd_err(err, RD_ERR_INTERNAL,
                        "set partitioning: incumbent route %d not in the pool", r);
            goto done;
        }
        warm[j + 1] = 1.0;
        warm_cost += cost[j];
    }

    prev_term = glp_term_out(GLP_OFF);
    lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MIN);
    glp_add_rows(lp, nrows);
    for (int t = 0; t < m->n_tasks; t++) {
        if (served[t] && m->task_kind[t] != RD_TASK_RELOAD && /* optional: reloads, prizes */
            m->task_prize[t] < 0)
            glp_set_row_bnds(lp, t + 1, GLP_FX, 1.0, 1.0);
        else
            glp_set_row_bnds(lp, t + 1, GLP_UP, 0.0, 1.0);
    }
    for (int v = 0; v < m->n_vehicles; v++)
        glp_set_row_bnds(lp, m->n_tasks + v + 1, GLP_UP, 0.0, (double)m->vehicles[v].count);
    if (ncols > 0) glp_add_cols(lp, ncols);
    size_t k = 0;
    for (int j = 0; j < ncols; j++) {
        const rd_pool_route *c = rd_pool_get(pool, j);
        glp_set_col_kind(lp, j + 1, GLP_BV);
        glp_set_obj_coef(lp, j + 1, (double)cost[j]);
        for (int q = 0; q < c->len; q++) {
            k++;
            ia[k] = c->tasks[q] + 1;
            ja[k] = j + 1;
            ar[k] = 1.0;
        }
        k++;
        ia[k] = m->n_tasks + c->vehicle + 1;
        ja[k] = j + 1;
        ar[k] = 1.0;
    }
    glp_load_matrix(lp, (int)k, ia, ja, ar);

    glp_smcp smcp;
    glp_init_smcp(&smcp);
    smcp.msg_lev = GLP_MSG_OFF;
    smcp.presolve = GLP_OFF;
    smcp.tm_lim = ms_left(&dl);
    int rc = glp_simplex(lp, &smcp);
    if (rc != 0 || glp_get_status(lp) != GLP_OPT) {
        rd_logf(log, RD_LOG_DEBUG, "set partitioning: LP relaxation not solved (rc %d)", rc);
        goto fallback;
    }
    info->bound = glp_get_obj_val(lp);

    cb_ctx ctx = {warm, 0, dl, 0, sp->max_nodes, -1};
    glp_iocp iocp;
    glp_init_iocp(&iocp);
    iocp.msg_lev = GLP_MSG_OFF;
    iocp.presolve = GLP_OFF; /* the warm start needs the original columns */
    /* Pseudocost initialisation and clique-cut generation ignore the time
     * limit (DESIGN.md); they pay only for long calls. */
    if (sp->time_limit >= 5.0) {
        iocp.br_tech = GLP_BR_PCH;
        iocp.clq_cuts = GLP_ON;
    }
    iocp.tm_lim = ms_left(&dl);
    iocp.cb_func = callback;
    iocp.cb_info = &ctx;
    rc = glp_intopt(lp, &iocp);
    int mst = glp_mip_status(lp);
    if (mst != GLP_OPT && mst != GLP_FEAS) {
        rd_logf(log, RD_LOG_DEBUG, "set partitioning: no integer solution (rc %d)", rc);
        goto fallback;
    }
    info->optimal = rc == 0 && mst == GLP_OPT;
    if (info->optimal)
        info->bound = glp_mip_obj_val(lp);
    else if (ctx.bound > info->bound)
        info->bound = ctx.bound;
    for (int j = 0; j < ncols; j++)
        if (glp_mip_col_val(lp, j + 1) > 0.5) {
            const rd_pool_route *c = rd_pool_get(pool, j);
            if ((st = rd_solution_add_route(out, c->vehicle, c->tasks, c->len)) != RD_OK) {
                rd_err(err, st, "set partitioning: out of memory");
                goto done;
            }
        }
    goto finish;

fallback: /* no better answer from GLPK: the incumbent's routes, in their pool sequences */
    rd_solution_clear(out);
    for (int j = 0; j < ncols; j++)
        if (warm[j + 1] > 0.5) {
            const rd_pool_route *c = rd_pool_get(pool, j);
            if ((st = rd_solution_add_route(out, c->vehicle, c->tasks, c->len)) != RD_OK) {
                rd_err(err, st, "set partitioning: out of memory");
                goto done;
            }
        }
finish:
    /* Tasks left out keep the incumbent's reasons. */
    memset(served, 0, (size_t)m->n_tasks);
    for (int r = 0; r < out->n_routes; r++)
        for (int q = 0; q < out->routes[r].len; q++) served[out->routes[r].visits[q]] = 1;
    for (int u = 0; u < incumbent->n_unassigned; u++) {
        int t = incumbent->unassigned[u].task;
        if (t >= 0 && t < m->n_tasks && !served[t] &&
            (st = rd_solution_add_unassigned(out, t, incumbent->unassigned[u].reason)) != RD_OK) {
            rd_err(err, st, "set partitioning: out of memory");
            goto done;
        }
    }
    rd_eval_report rep;
    if ((st = rd_eval(m, out, &rep, err)) != RD_OK) goto done;
    int ok = rep.feasible && rep.cost - rep.prize <= inc_cost && rep.cost - rep.prize <= warm_cost;
    out->cost = rep.cost - rep.prize;
    rd_eval_report_free(&rep);
    if (!ok) { /* cannot happen with a correct model; never return worse than the start */
        rd_logf(log, RD_LOG_WARN, "set partitioning: answer rejected by the evaluator");
        st = rd_solution_copy(out, incumbent);
        out->cost = inc_cost;
        info->optimal = 0;
    }
    info->improved = out->cost < inc_cost;
done:
    info->columns = ncols;
    info->seconds = rd_deadline_elapsed(&dl);
    if (lp) glp_delete_prob(lp);
    if (prev_term >= 0) glp_term_out(prev_term);
    free(cost);
    free(served);
    free(ia);
    free(ja);
    free(ar);
    free(warm);
    return st;
}
