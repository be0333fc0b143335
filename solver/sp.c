#include "solver/sp.h"

#include <glpk.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "model/clock.h"
#include "model/eval.h"

/* What the branch-and-cut callback needs. */
typedef struct cb_ctx {
    const double *warm;         /* [1..ncols] the incumbent as a 0/1 vector */
    int injected;               /* warm start handed to GLPK */
    rd_deadline dl;             /* our own deadline */
    int64_t nodes;              /* subproblems selected so far */
    int64_t max_nodes;          /* 0: no limit */
    double bound;               /* best bound seen, or -1 */
    const volatile int *cancel; /* rd_sp_params.cancel */
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
    if (rd_deadline_passed(&c->dl) || (c->max_nodes > 0 && c->nodes > c->max_nodes) ||
        (c->cancel && *c->cancel))
        glp_ios_terminate(T);
}

/* Milliseconds left for GLPK's tm_lim: at least 1. */
static int ms_left(const rd_deadline *dl) {
    int ms = rd_deadline_left_ms(dl);
    return ms > 0 ? ms : 1;
}

/* glp_simplex within the deadline, in runs of 1000, 2000, 4000, ...
 * iterations so that *cancel (when non-NULL) is seen: each run resumes from
 * the basis the last one left (a restart costs a refactorisation and the
 * pricing weights: doubling keeps the restarts to a few per LP). Returns
 * glp_simplex's code (GLP_EITLIM when cancelled). */
static int simplex(glp_prob *lp, glp_smcp *smcp, const rd_deadline *dl,
                   const volatile int *cancel) {
    int rc, chunk = 1000;
    do {
        smcp->tm_lim = ms_left(dl);
        smcp->it_lim = cancel ? chunk : INT_MAX;
        if (chunk < INT_MAX / 2) chunk *= 2;
        rc = glp_simplex(lp, smcp);
    } while (rc == GLP_EITLIM && cancel && !*cancel && !rd_deadline_passed(dl));
    return rc;
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
    p->regions = 0;
    p->whole_share = 0.2;
    p->region_start = 0;
    p->threads = 1;
    p->log = NULL;
    p->cancel = NULL;
}

/* One ILP over columns cols[0..nc) of the pool: a row per task with
 * row[t] != 0 (1: exactly once, 2: at most once; a column may visit no
 * other task) and one per vehicle type (at most veh_max[v] routes). */
typedef struct sp_ilp {
    const int *cols; /* [nc] pool indices */
    int nc;
    const int64_t *cost;        /* [pool size] evaluated route costs */
    const char *row;            /* [n_tasks] */
    const int *veh_max;         /* [n_vehicles] */
    const char *warm;           /* [nc] 1: in the warm start (a feasible choice) */
    rd_deadline dl;             /* for this ILP */
    int64_t max_nodes;          /* 0: no limit */
    int long_call;              /* worth pseudocosts and clique cuts */
    const volatile int *cancel; /* rd_sp_params.cancel */
} sp_ilp;

typedef struct sp_res {
    int solved;   /* chosen[] holds GLPK's integer answer; 0: keep the warm start */
    int optimal;  /* proven optimal for these columns */
    int kept;     /* columns left by reduced-cost fixing */
    int lp;       /* the LP relaxation was solved */
    double bound; /* lower bound, or -1 */
} sp_res;

/* The rows (a task row per covered task: = 1 or <= 1, a row per vehicle
 * type: <= its count) and columns of q into a new problem; warm[c + 1] = 1
 * for the warm start's columns. NULL when *cancel came during the loading. */
static glp_prob *sp_build(const rd_model *m, const rd_pool *pool, const sp_ilp *q, int *rowof,
                          int *ia, double *ar, double *warm) {
    const int nt = m->n_tasks;
    int nr = 0;
    for (int t = 0; t < nt; t++) rowof[t] = q->row[t] ? ++nr : 0;
    nr += m->n_vehicles;
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MIN);
    glp_add_rows(lp, nr);
    for (int t = 0; t < nt; t++)
        if (rowof[t])
            glp_set_row_bnds(lp, rowof[t], q->row[t] == 1 ? GLP_FX : GLP_UP, q->row[t] == 1 ? 1 : 0,
                             1.0);
    const int vrow0 = nr - m->n_vehicles;
    for (int v = 0; v < m->n_vehicles; v++)
        glp_set_row_bnds(lp, vrow0 + v + 1, GLP_UP, 0.0, (double)q->veh_max[v]);
    glp_add_cols(lp, q->nc);
    size_t k = 0;
    for (int c = 0; c < q->nc; c++) {
        const rd_pool_route *r = rd_pool_get(pool, q->cols[c]);
        /* x >= 0 only: the task rows imply x <= 1, and without the upper
         * bound every reduced cost at the LP optimum is >= 0, which makes
         * the fixing below as tight as it can be; binary for the MIP. */
        glp_set_col_bnds(lp, c + 1, GLP_LO, 0.0, 0.0);
        glp_set_obj_coef(lp, c + 1, (double)q->cost[q->cols[c]]);
        const size_t k0 = k; /* the column: ia[k0 + 1 ..], ar[k0 + 1 ..] */
        for (int i = 0; i < r->len; i++) {
            k++;
            ia[k] = rowof[r->tasks[i]];
            ar[k] = 1.0;
        }
        k++;
        ia[k] = vrow0 + r->vehicle + 1;
        ar[k] = 1.0;
        /* column by column (glp_load_matrix takes three times as long and
         * cannot be interrupted on a pool of 10^5 columns) */
        glp_set_mat_col(lp, c + 1, (int)(k - k0), ia + k0, ar + k0);
        warm[c + 1] = q->warm[c] ? 1.0 : 0.0;
        if ((c & 4095) == 4095 && q->cancel && *q->cancel) { /* not solved */
            glp_delete_prob(lp);
            return NULL;
        }
    }
    return lp;
}

/* Reduced-cost fixing: for any choice x, cost(x) >= LB + sum_c d_c x_c
 * (d >= 0: reduced costs at the LP optimum). A plan cheaper than the warm
 * start costs at most warm_cost - 1, so a column with d_c above
 * warm_cost - 1 - LB is in no such plan and leaves the model (the warm
 * start's columns stay). Exact: no improving choice is lost. Returns the
 * columns kept (keep[0..)), or -1 when the bound reaches the warm start
 * (then res and chosen hold it as the optimum). */
static int sp_fix(glp_prob *lp, const sp_ilp *q, int64_t warm_cost, sp_res *res, char *chosen,
                  int *keep, int *del, double *warm) {
    const double slack = (double)warm_cost - 1.0 - res->bound +
                         1e-7 * (1.0 + (double)(warm_cost < 0 ? -warm_cost : warm_cost));
    int nkeep = 0, ndel = 0;
    if (slack < 0) { /* the bound reaches the warm start: nothing here is cheaper */
        memcpy(chosen, q->warm, (size_t)q->nc);
        res->solved = res->optimal = 1;
        res->bound = (double)warm_cost;
        res->kept = q->nc;
        return -1;
    }
    for (int c = 0; c < q->nc; c++) {
        if (q->warm[c] || glp_get_col_dual(lp, c + 1) <= slack)
            keep[nkeep++] = c;
        else
            del[++ndel] = c + 1;
    }
    if (ndel > 0) {
        glp_del_cols(lp, ndel, del);
        for (int c = 0; c < nkeep; c++) warm[c + 1] = q->warm[keep[c]] ? 1.0 : 0.0;
    }
    res->kept = nkeep;
    return nkeep;
}

/* Branch and cut over the kept columns keep[0..nkeep) from the warm start;
 * chosen[] and res receive what it found. */
static void sp_mip(glp_prob *lp, const sp_ilp *q, const int *keep, int nkeep, double *warm,
                   sp_res *res, char *chosen, const rd_log *log) {
    glp_smcp smcp;
    glp_init_smcp(&smcp);
    smcp.msg_lev = GLP_MSG_OFF;
    smcp.presolve = GLP_OFF;
    for (int c = 0; c < nkeep; c++) glp_set_col_kind(lp, c + 1, GLP_BV);
    int rc = simplex(lp, &smcp, &q->dl, q->cancel);
    if (rc == GLP_EBADB) { /* the deleted columns took the basis with them */
        glp_adv_basis(lp, 0);
        rc = simplex(lp, &smcp, &q->dl, q->cancel);
    }
    if (rc != 0 || glp_get_status(lp) != GLP_OPT) {
        rd_logf(log, RD_LOG_DEBUG, "set partitioning: reduced LP not solved (rc %d)", rc);
        return;
    }
    cb_ctx ctx = {warm, 0, q->dl, 0, q->max_nodes, -1, q->cancel};
    glp_iocp iocp;
    glp_init_iocp(&iocp);
    iocp.msg_lev = GLP_MSG_OFF;
    iocp.presolve = GLP_OFF; /* the warm start needs the original columns */
    /* Pseudocost initialisation and clique-cut generation ignore the time
     * limit (DESIGN.md); they pay only for long calls. */
    if (q->long_call) {
        iocp.br_tech = GLP_BR_PCH;
        iocp.clq_cuts = GLP_ON;
    }
    iocp.tm_lim = ms_left(&q->dl);
    iocp.cb_func = callback;
    iocp.cb_info = &ctx;
    rc = glp_intopt(lp, &iocp);
    int mst = glp_mip_status(lp);
    if (mst != GLP_OPT && mst != GLP_FEAS) {
        rd_logf(log, RD_LOG_DEBUG, "set partitioning: no integer solution (rc %d)", rc);
        return;
    }
    res->solved = 1;
    res->optimal = rc == 0 && mst == GLP_OPT;
    if (res->optimal)
        res->bound = glp_mip_obj_val(lp);
    else if (ctx.bound > res->bound)
        res->bound = ctx.bound;
    for (int c = 0; c < nkeep; c++) chosen[keep[c]] = glp_mip_col_val(lp, c + 1) > 0.5;
}

/* Builds and solves the ILP; chosen[c] = 1 for the columns of the answer.
 * Returns RD_ERR_NOMEM or RD_OK (a GLPK failure is res->solved = 0). */
static rd_status sp_ilp_run(const rd_model *m, const rd_pool *pool, const sp_ilp *q, char *chosen,
                            sp_res *res, const rd_log *log) {
    memset(res, 0, sizeof *res);
    res->bound = -1;
    memset(chosen, 0, (size_t)(q->nc > 0 ? q->nc : 1));
    const int nt = m->n_tasks;
    int64_t warm_cost = 0;
    size_t ne = 0;
    for (int c = 0; c < q->nc; c++) {
        ne += (size_t)rd_pool_get(pool, q->cols[c])->len + 1;
        if (q->warm[c]) warm_cost += q->cost[q->cols[c]];
    }
    int *rowof = malloc((size_t)(nt > 0 ? nt : 1) * sizeof *rowof);
    int *ia = malloc((ne + 1) * sizeof *ia);
    double *ar = malloc((ne + 1) * sizeof *ar);
    double *warm = calloc((size_t)q->nc + 1, sizeof *warm);
    int *keep = malloc((size_t)(q->nc > 0 ? q->nc : 1) * sizeof *keep);
    int *del = malloc(((size_t)q->nc + 1) * sizeof *del);
    rd_status st = RD_OK;
    glp_prob *lp = NULL;
    int prev_term = -1;
    if (!rowof || !ia || !ar || !warm || !keep || !del) {
        st = RD_ERR_NOMEM;
        goto done;
    }
    if (ne >= (size_t)INT_MAX || q->nc < 1) goto done; /* not solved: the warm start stays */
    prev_term = glp_term_out(GLP_OFF);
    if (!(lp = sp_build(m, pool, q, rowof, ia, ar, warm))) goto done;
    glp_smcp smcp;
    glp_init_smcp(&smcp);
    smcp.msg_lev = GLP_MSG_OFF;
    smcp.presolve = GLP_OFF;
    int rc = simplex(lp, &smcp, &q->dl, q->cancel);
    if (rc != 0 || glp_get_status(lp) != GLP_OPT) {
        rd_logf(log, RD_LOG_DEBUG, "set partitioning: LP relaxation not solved (rc %d)", rc);
        goto done;
    }
    res->bound = glp_get_obj_val(lp);
    res->lp = 1;
    const int nkeep = sp_fix(lp, q, warm_cost, res, chosen, keep, del, warm);
    if (nkeep >= 0) sp_mip(lp, q, keep, nkeep, warm, res, chosen, log);
done:
    if (lp) glp_delete_prob(lp);
    if (prev_term >= 0) glp_term_out(prev_term);
    free(rowof);
    free(ia);
    free(ar);
    free(warm);
    free(keep);
    free(del);
    return st;
}

/* The regional phase (ILS-SP's pool over a large plan is beyond GLPK's
 * branch and bound; small pieces of it are not): a region is a seed route
 * of the current plan grown by the routes that pool columns most often
 * share with it, up to REGION_TASKS tasks or REGION_ROUTES routes. Its ILP
 * re-partitions the region's tasks with the pool columns that visit no task
 * of another route (tasks the plan leaves out may join, at most once), with
 * the vehicles the rest of the plan leaves free. Seeds: every route once per
 * call, in an order rotated by region_start; a seed whose region does not
 * improve is not a seed again in this call (its other routes still are).
 *
 * Regions come in batches of REGION_BATCH route-disjoint regions whose ILPs
 * run in parallel (sp->threads, one GLPK problem per thread); the answers
 * are applied in batch order, each only if it still fits: a task the plan
 * left out may be taken by one region only, and the vehicles the batch uses
 * must exist. The batch size does not depend on the thread count, so under
 * node limits the answer is the same for any number of threads. */
#define REGION_TASKS  40
#define REGION_ROUTES 6
#define REGION_BATCH  4

typedef struct sp_plan {
    int *col; /* [n] pool index of each route of the current plan */
    int n;
    int *route_of; /* [n_tasks] position in col[], -1 left out */
} sp_plan;

static void plan_index(const rd_model *m, const rd_pool *pool, sp_plan *p) {
    for (int t = 0; t < m->n_tasks; t++) p->route_of[t] = -1;
    for (int i = 0; i < p->n; i++) {
        const rd_pool_route *r = rd_pool_get(pool, p->col[i]);
        for (int k = 0; k < r->len; k++) p->route_of[r->tasks[k]] = i;
    }
}

/* One region of a batch and its ILP's scratch. */
typedef struct sp_region {
    int members[REGION_ROUTES]; /* plan positions */
    int ns;
    int *cols; /* [pool size] its columns */
    int nc;
    char *warm;   /* [pool size] */
    char *chosen; /* [pool size] */
    char *row;    /* [n_tasks] */
    int *veh_max; /* [n_vehicles] */
    int64_t max_nodes;
    sp_res res;
    rd_status st;
} sp_region;

/* Grows region b of the batch from `seed` over the routes no region of the
 * batch owns yet (owner[p] = b + 1 marks its members) and lists its columns. */
static void region_build(const rd_model *m, const rd_pool *pool, const char *mandatory,
                         const sp_plan *plan, int *owner, int *score, int b, int seed,
                         sp_region *R) {
    const int ncols = rd_pool_size(pool), nt = m->n_tasks, nv = m->n_vehicles;
    const int me = b + 1;
    int tasks = rd_pool_get(pool, plan->col[seed])->len;
    R->ns = 0;
    R->members[R->ns++] = seed;
    owner[seed] = me;
    while (R->ns < REGION_ROUTES && tasks < REGION_TASKS) {
        memset(score, 0, (size_t)plan->n * sizeof *score);
        for (int j = 0; j < ncols; j++) {
            const rd_pool_route *r = rd_pool_get(pool, j);
            int touches = 0;
            for (int k = 0; k < r->len && !touches; k++) {
                int p = plan->route_of[r->tasks[k]];
                touches = p >= 0 && owner[p] == me;
            }
            if (!touches) continue;
            for (int k = 0; k < r->len; k++) {
                int p = plan->route_of[r->tasks[k]];
                if (p >= 0 && owner[p] == 0) score[p]++;
            }
        }
        int best = -1;
        for (int p = 0; p < plan->n; p++)
            if (owner[p] == 0 && score[p] > 0 && (best < 0 || score[p] > score[best])) best = p;
        if (best < 0) break;
        R->members[R->ns++] = best;
        owner[best] = me;
        tasks += rd_pool_get(pool, plan->col[best])->len;
    }
    for (int t = 0; t < nt; t++) {
        int p = plan->route_of[t];
        R->row[t] = p < 0 ? 2 : owner[p] == me ? (mandatory[t] ? 1 : 2) : 0;
    }
    for (int v = 0; v < nv; v++) R->veh_max[v] = m->vehicles[v].count;
    for (int p = 0; p < plan->n; p++)
        if (owner[p] != me) R->veh_max[rd_pool_get(pool, plan->col[p])->vehicle]--;
    R->nc = 0;
    for (int j = 0; j < ncols; j++) {
        const rd_pool_route *r = rd_pool_get(pool, j);
        int ok = 1, mine = 0;
        for (int k = 0; k < r->len && ok; k++) {
            int t = r->tasks[k];
            ok = R->row[t] != 0;
            mine |= plan->route_of[t] >= 0;
        }
        if (!ok || !mine) continue;
        R->cols[R->nc] = j;
        R->warm[R->nc] = 0;
        for (int i = 0; i < R->ns; i++) R->warm[R->nc] |= plan->col[R->members[i]] == j;
        R->nc++;
    }
}

/* The work arrays of the regional phase (cap: twice the pool's routes + 1). */
typedef struct region_bufs {
    int *owner;  /* [cap] plan position -> region index + 1 (0: none, -1: replaced) */
    int *score;  /* [cap] region_build's scores */
    char *done;  /* [cap] seeds whose region did not improve */
    char *done2; /* [cap] the next plan's done flags */
    int *newcol; /* [cap] the next plan: kept columns, then [plan->n ..] the new ones */
    int *used;   /* [vehicle types] routes of each type in the plan */
    int *taken;  /* [tasks] == stamp: covered by a region applied in this batch */
    int applied; /* a region of the batch was applied */
} region_bufs;

/* Solves the batch's regions R[0..nb) in parallel, each with a share of
 * the time left. */
static rd_status solve_batch(const rd_model *m, const rd_pool *pool, const int64_t *cost,
                             const rd_sp_params *sp, const rd_deadline *dl, sp_region *R, int nb,
                             int threads) {
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
    for (int b = 0; b < nb; b++) {
        sp_ilp q = {R[b].cols, R[b].nc, cost,           R[b].row, R[b].veh_max,
                    R[b].warm, *dl,     R[b].max_nodes, 0,        sp->cancel};
        /* a share of what is left, so that later regions get time too */
        int64_t left = dl->end_ns - rd_clock_ns();
        if (dl->end_ns != INT64_MAX && left > 0) {
            int64_t share = left / 4;
            if (share < 50000000) share = left < 50000000 ? left : 50000000;
            q.dl.end_ns = rd_clock_ns() + share;
        }
        R[b].st = sp_ilp_run(m, pool, &q, R[b].chosen, &R[b].res, sp->log);
    }
    for (int b = 0; b < nb; b++)
        if (R[b].st != RD_OK) return R[b].st;
    return RD_OK;
}

/* Applies region G's answer to the batch if it improves and still fits
 * (vehicle counts, tasks no other applied region of the batch took): its
 * new columns go to B->newcol[plan->n + n_new ..], its members are marked
 * replaced. Returns the number of new columns (0: not applied). */
static int apply_region(const rd_model *m, const rd_pool *pool, const int64_t *cost,
                        const sp_plan *plan, const sp_region *G, int stamp, region_bufs *B,
                        int n_new, int *n_improved) {
    const int nv = m->n_vehicles;
    int64_t before = 0, after = 0;
    for (int c = 0; c < G->nc; c++) {
        if (G->warm[c]) before += cost[G->cols[c]];
        if (G->chosen[c]) after += cost[G->cols[c]];
    }
    if (!G->res.solved || after >= before) {
        B->done[G->members[0]] = 1; /* its seed */
        return 0;
    }
    int fits = 1;
    for (int i = 0; i < G->ns; i++) B->used[rd_pool_get(pool, plan->col[G->members[i]])->vehicle]--;
    for (int c = 0; c < G->nc; c++)
        if (G->chosen[c]) {
            const rd_pool_route *r = rd_pool_get(pool, G->cols[c]);
            B->used[r->vehicle]++;
            for (int k = 0; k < r->len; k++)
                if (plan->route_of[r->tasks[k]] < 0 && B->taken[r->tasks[k]] == stamp) fits = 0;
        }
    for (int v = 0; v < nv && fits; v++) fits = B->used[v] <= m->vehicles[v].count;
    if (!fits) { /* undo the count; the region may be tried again */
        for (int i = 0; i < G->ns; i++)
            B->used[rd_pool_get(pool, plan->col[G->members[i]])->vehicle]++;
        for (int c = 0; c < G->nc; c++)
            if (G->chosen[c]) B->used[rd_pool_get(pool, G->cols[c])->vehicle]--;
        return 0;
    }
    (*n_improved)++;
    B->applied = 1;
    int k0 = n_new;
    for (int c = 0; c < G->nc; c++)
        if (G->chosen[c]) {
            const rd_pool_route *r = rd_pool_get(pool, G->cols[c]);
            for (int k = 0; k < r->len; k++) B->taken[r->tasks[k]] = stamp;
            B->newcol[plan->n + n_new++] = G->cols[c];
        }
    for (int i = 0; i < G->ns; i++) B->owner[G->members[i]] = -1; /* replaced */
    return n_new - k0;
}

/* The new plan: kept routes in their order (with their done flags), then
 * the n_new new ones. */
static void rebuild_plan(const rd_model *m, const rd_pool *pool, sp_plan *plan, region_bufs *B,
                         int n_new) {
    int n2 = 0;
    for (int p = 0; p < plan->n; p++)
        if (B->owner[p] != -1) {
            B->done2[n2] = B->done[p];
            B->newcol[n2++] = plan->col[p];
        }
    for (int i = 0; i < n_new; i++) {
        B->done2[n2] = 0;
        B->newcol[n2++] = B->newcol[plan->n + i];
    }
    memcpy(B->done, B->done2, (size_t)n2);
    memcpy(plan->col, B->newcol, (size_t)n2 * sizeof *B->newcol);
    plan->n = n2;
    plan_index(m, pool, plan);
}

static rd_status regions(const rd_model *m, const rd_pool *pool, const int64_t *cost,
                         const char *mandatory, const rd_sp_params *sp, const rd_deadline *dl,
                         sp_plan *plan, int *n_regions, int *n_improved) {
    const int ncols = rd_pool_size(pool), nt = m->n_tasks, nv = m->n_vehicles;
    /* plan positions: current routes (distinct columns) and a batch's new ones */
    const int cap_routes = 2 * ncols + 1;
    const size_t cz = (size_t)(ncols > 0 ? ncols : 1);
    region_bufs B = {calloc((size_t)cap_routes, sizeof *B.owner),
                     calloc((size_t)cap_routes, sizeof *B.score),
                     calloc((size_t)cap_routes, 1),
                     calloc((size_t)cap_routes, 1),
                     malloc((size_t)cap_routes * sizeof *B.newcol),
                     calloc((size_t)(nv > 0 ? nv : 1), sizeof *B.used),
                     calloc((size_t)(nt > 0 ? nt : 1), sizeof *B.taken),
                     0};
    sp_region R[REGION_BATCH];
    memset(R, 0, sizeof R);
    rd_status st = RD_OK;
    int ok = B.owner && B.score && B.done && B.done2 && B.newcol && B.used && B.taken;
    for (int b = 0; b < REGION_BATCH && ok; b++) {
        R[b].cols = malloc(cz * sizeof *R[b].cols);
        R[b].warm = malloc(cz);
        R[b].chosen = malloc(cz);
        R[b].row = malloc((size_t)(nt > 0 ? nt : 1));
        R[b].veh_max = malloc((size_t)(nv > 0 ? nv : 1) * sizeof *R[b].veh_max);
        ok = R[b].cols && R[b].warm && R[b].chosen && R[b].row && R[b].veh_max;
    }
    if (!ok) {
        st = RD_ERR_NOMEM;
        goto out;
    }
    const int threads =
        sp->threads > 1 ? (sp->threads < REGION_BATCH ? sp->threads : REGION_BATCH) : 1;
    const int64_t total_nodes = sp->max_nodes;
    int64_t nodes_left = total_nodes;
    int step = 0, stamp = 0;
    while (plan->n > 0 && !rd_deadline_passed(dl) && !(total_nodes > 0 && nodes_left <= 0) &&
           !(sp->cancel && *sp->cancel)) {
        /* the batch: disjoint regions from the next seeds of the sweep */
        int nb = 0;
        memset(B.owner, 0, (size_t)plan->n * sizeof *B.owner);
        for (; nb < REGION_BATCH && step < plan->n; step++) {
            if (total_nodes > 0 && nodes_left <= 0) break;
            int seed = (int)((sp->region_start + (uint64_t)step) % (uint64_t)plan->n);
            if (B.done[seed] || B.owner[seed]) continue;
            region_build(m, pool, mandatory, plan, B.owner, B.score, nb, seed, &R[nb]);
            R[nb].max_nodes = 0;
            if (total_nodes > 0) {
                R[nb].max_nodes = nodes_left < 200 ? nodes_left : 200;
                nodes_left -= R[nb].max_nodes;
            }
            nb++;
        }
        if (nb == 0) break;
        if ((st = solve_batch(m, pool, cost, sp, dl, R, nb, threads)) != RD_OK) goto out;
        *n_regions += nb;
        /* apply the answers in batch order, each if it still fits */
        for (int v = 0; v < nv; v++) B.used[v] = 0;
        for (int p = 0; p < plan->n; p++) B.used[rd_pool_get(pool, plan->col[p])->vehicle]++;
        stamp++;
        B.applied = 0;
        int n_new = 0;
        for (int b = 0; b < nb; b++)
            n_new += apply_region(m, pool, cost, plan, &R[b], stamp, &B, n_new, n_improved);
        if (!B.applied) continue;
        rebuild_plan(m, pool, plan, &B, n_new);
        step = 0; /* the positions moved: start the sweep over */
    }
out:
    for (int b = 0; b < REGION_BATCH; b++) {
        free(R[b].cols);
        free(R[b].warm);
        free(R[b].chosen);
        free(R[b].row);
        free(R[b].veh_max);
    }
    free(B.owner);
    free(B.score);
    free(B.done);
    free(B.done2);
    free(B.newcol);
    free(B.used);
    free(B.taken);
    return st;
}

/* The incumbent must be a feasible plan: it is the warm start and the
 * fallback. Its routes join the pool at their evaluated costs; *inc_cost
 * receives its objective (cost minus prizes). */
static rd_status add_incumbent(const rd_model *m, rd_pool *pool, const rd_solution *incumbent,
                               int64_t *inc_cost, rd_error *err) {
    rd_eval_report inc;
    RD_TRY(rd_eval(m, incumbent, &inc, err));
    int inc_ok = inc.feasible;
    *inc_cost = inc.cost - inc.prize;
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
    return RD_OK;
}

/* The plan's routes into `out`; the tasks left out keep the incumbent's
 * reasons, and optional tasks the incumbent served and the answer leaves out
 * (their rows are <= 1) are listed as not paying. served: n_tasks bytes of
 * scratch. RD_ERR_NOMEM or RD_OK. */
static rd_status plan_to_solution(const rd_model *m, const rd_pool *pool, const sp_plan *plan,
                                  const rd_solution *incumbent, char *served, rd_solution *out) {
    const int nt = m->n_tasks;
    for (int i = 0; i < plan->n; i++) {
        const rd_pool_route *c = rd_pool_get(pool, plan->col[i]);
        RD_TRY(rd_solution_add_route(out, c->vehicle, c->tasks, c->len));
    }
    memset(served, 0, (size_t)nt);
    for (int r = 0; r < out->n_routes; r++)
        for (int k = 0; k < out->routes[r].len; k++) served[out->routes[r].visits[k]] = 1;
    for (int u = 0; u < incumbent->n_unassigned; u++) {
        int t = incumbent->unassigned[u].task;
        if (t >= 0 && t < nt && !served[t])
            RD_TRY(rd_solution_add_unassigned(out, t, incumbent->unassigned[u].reason));
        if (t >= 0 && t < nt) served[t] = 1; /* listed */
    }
    for (int t = 0; t < nt; t++)
        if (!served[t] && rd_task_served(m, t))
            RD_TRY(rd_solution_add_unassigned(out, t,
                                              "optional: its prize does not pay for its detour"));
    return RD_OK;
}

static rd_status sp_solve(const rd_model *m, rd_pool *pool, const rd_solution *incumbent,
                          const rd_sp_params *sp, rd_solution *out, rd_sp_info *info,
                          rd_error *err) {
    const rd_log *log = sp->log;
    rd_deadline dl = rd_deadline_in(sp->time_limit > 0 ? sp->time_limit : 1.0);
    rd_sp_info local;
    if (!info) info = &local;
    memset(info, 0, sizeof *info);
    info->bound = -1;
    rd_solution_clear(out);

    int64_t inc_cost;
    RD_TRY(add_incumbent(m, pool, incumbent, &inc_cost, err));

    const int ncols = rd_pool_size(pool), nt = m->n_tasks;
    int64_t *cost = malloc((size_t)(ncols > 0 ? ncols : 1) * sizeof *cost);
    if (!cost) return rd_err(err, RD_ERR_NOMEM, "set partitioning: out of memory");
    rd_status st = check_pool(m, pool, cost, err);
    if (st != RD_OK) {
        free(cost);
        return st;
    }
    char *served = calloc((size_t)(nt > 0 ? nt : 1), 1), *row = malloc((size_t)(nt > 0 ? nt : 1));
    int *cols = malloc((size_t)ncols * sizeof *cols);
    char *warm = calloc((size_t)ncols, 1), *chosen = malloc((size_t)ncols);
    int *veh_max = malloc((size_t)(m->n_vehicles > 0 ? m->n_vehicles : 1) * sizeof *veh_max);
    sp_plan plan = {malloc((size_t)ncols * sizeof(int)), 0,
                    malloc((size_t)(nt > 0 ? nt : 1) * sizeof(int))};
    if (!served || !row || !cols || !warm || !chosen || !veh_max || !plan.col || !plan.route_of) {
        st = rd_err(err, RD_ERR_NOMEM, "set partitioning: out of memory for %d columns", ncols);
        goto done;
    }
    for (int r = 0; r < incumbent->n_routes; r++)
        for (int k = 0; k < incumbent->routes[r].len; k++)
            served[incumbent->routes[r].visits[k]] = 1;
    /* optional rows: reloads, prizes, and what the incumbent leaves out */
    for (int t = 0; t < nt; t++)
        row[t] = served[t] && m->task_kind[t] != RD_TASK_RELOAD && m->task_prize[t] < 0 ? 1 : 2;
    for (int v = 0; v < m->n_vehicles; v++) veh_max[v] = m->vehicles[v].count;

    /* Warm start: the pool route of each incumbent route's set (its sequence
     * may be cheaper). */
    int64_t warm_cost = 0;
    for (int r = 0; r < incumbent->n_routes; r++) {
        const rd_route *rt = &incumbent->routes[r];
        if (rt->len == 0) continue;
        int j = rd_pool_find(pool, rt->vehicle, rt->visits, rt->len);
        if (j < 0 || warm[j] != 0) {
            st = rd_err(err, RD_ERR_INTERNAL,
                        "set partitioning: incumbent route %d not in the pool", r);
            goto done;
        }
        warm[j] = 1;
        warm_cost += cost[j];
    }
    for (int j = 0; j < ncols; j++) cols[j] = j;

    /* The whole pool first (with its share of the time when regions follow). */
    sp_ilp q = {
        cols,      ncols, cost, row, veh_max, warm, dl, sp->max_nodes, sp->time_limit >= 5.0,
        sp->cancel};
    if (sp->regions && dl.end_ns != INT64_MAX)
        q.dl.end_ns = dl.start_ns + (int64_t)((double)(dl.end_ns - dl.start_ns) * sp->whole_share);
    sp_res res = {0, 0, 0, 0, -1};
    if ((!sp->regions || sp->whole_share > 0) &&
        (st = sp_ilp_run(m, pool, &q, chosen, &res, log)) != RD_OK) {
        rd_err(err, st, "set partitioning: out of memory");
        goto done;
    }
    info->optimal = res.optimal;
    info->bound = res.bound;
    info->kept = res.kept;
    info->whole_lp = res.lp;
    const char *pick = res.solved ? chosen : warm; /* GLPK failed: the incumbent's routes */
    for (int j = 0; j < ncols; j++)
        if (pick[j]) plan.col[plan.n++] = j;
    if (sp->regions && !res.optimal && plan.n > 1) {
        plan_index(m, pool, &plan);
        if ((st = regions(m, pool, cost, row, sp, &dl, &plan, &info->regions,
                          &info->region_improvements)) != RD_OK) {
            rd_err(err, st, "set partitioning: out of memory");
            goto done;
        }
    }
    if ((st = plan_to_solution(m, pool, &plan, incumbent, served, out)) != RD_OK) {
        rd_err(err, st, "set partitioning: out of memory");
        goto done;
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
    info->gain = info->improved ? inc_cost - out->cost : 0;
done:
    info->columns = ncols;
    info->seconds = rd_deadline_elapsed(&dl);
    free(cost);
    free(served);
    free(row);
    free(cols);
    free(warm);
    free(chosen);
    free(veh_max);
    free(plan.col);
    free(plan.route_of);
    return st;
}

rd_status rd_sp_solve(const rd_model *m, rd_pool *pool, const rd_solution *incumbent,
                      const rd_sp_params *sp, rd_solution *out, rd_sp_info *info, rd_error *err) {
    /* GLPK keeps an environment per thread (TLS). One created here is freed
     * here, so that a thread that ends (a library user's, api/rondo.h)
     * leaves nothing behind; one that existed before (the caller's own use
     * of GLPK in this thread) is left alone. */
    int env = glp_init_env();
    if (env != 0 && env != 1)
        return rd_err(err, RD_ERR_NOMEM, "set partitioning: GLPK's environment (code %d)", env);
    rd_status st = sp_solve(m, pool, incumbent, sp, out, info, err);
    if (env == 0) glp_free_env();
    return st;
}
