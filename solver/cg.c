/* cg: see solver/cg.h. The second (and last) file that includes glpk.h:
 * the LP master of column generation (solver/sp.c has the set-partitioning
 * ILP). */
#include "solver/cg.h"

#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/clock.h"
#include "model/eval.h"
#include "solver/price.h"
#include "solver/sr.h"

#define CG_NG            12      /* default ng-neighbourhood */
#define CG_LABELS        1000000 /* labels of an exact pricing before ng is halved */
#define CG_LABELS_NG1    8000000 /* ... and with ng = 1 */
#define CG_PER_TYPE      150     /* columns a type adds per round at most */
#define CG_EXACT_EVERY   10      /* rounds between exact pricings at least */
#define CG_WIDE_KEEP     96      /* the wider heuristic pricing: labels kept per task */
#define CG_WIDE_ARCS     30      /* ... and successors tried per label */
#define CG_EXACT_SHARE   0.3     /* periodic exact pricing: at most this share of the time */
/* exact pricing instead of the wider heuristic when it took at most this many times as long */
#define CG_WIDE_RATIO    4.0
#define CG_ALPHA         0.5 /* Wentges smoothing: weight of the best bound's duals */
/* a mis-price at convergence (see round_once): the next point halves the way
 * to the LP's duals, at most CG_MISPRICES times, unless the last exact pricing
 * took at most CG_CHEAP of the time (then the LP's duals at once) */
#define CG_MISPRICES     5
#define CG_CHEAP         0.01
/* a periodic exact pricing may take as long as column generation has run,
 * between these shares of the time */
#define CG_PERIODIC_MIN  0.02
#define CG_PERIODIC_MAX  0.25
#define CG_EPS           1e-6 /* reduced costs below -CG_EPS * scale are improving */
#define CG_PERTURB       1e-3 /* covering rows ask for 1 + up to this (see below) */
#define CG_ROUND_MARGIN  1e-7 /* relative margin before rounding the bound up */
/* simplex iterations (plus 4 per row) of one master solve before it goes
 * on under another rule (see master_solve) */
#define CG_SIMPLEX_ITS   1000
/* the master keeps at most max(CG_KEEP_MIN, CG_KEEP_PER_TASK * tasks) generated
 * columns: past that, the nonbasic ones of highest reduced cost go (pricing
 * brings a route back when it pays again) */
#define CG_KEEP_MIN      6000
#define CG_KEEP_PER_TASK 40
/* the shifted bound (shift_bound): at most this many shifted exact pricings
 * after one exact pricing, each only when the noted routes foresee a bound
 * above the best by this share of the LP's value */
#define CG_SHIFTS        2
/* subset-row cuts (add_cuts): at most CG_CUTS in all (the pricer's limit),
 * CG_CUTS_ROUND per round, violated by more than CG_CUT_VIOL; models of at
 * most CG_CUT_TASKS tasks (the separation's pair table) */
#define CG_CUTS          RD_PRICE_MAX_CUTS
#define CG_CUTS_ROUND    16
#define CG_CUT_VIOL      0.05
#define CG_CUT_TASKS     1000
#define CG_CUT_ROUNDS    40 /* separations at most (a cut dropped for room may return) */
#define CG_SHIFT_GAIN    0.003

typedef struct master {
    const rd_model *m;
    glp_prob *lp;
    int n_rows_task; /* rows 1..n_tasks: the tasks; then one per vehicle type */
    double scale;    /* model cost units per LP cost unit */
    int columns;     /* columns generated (the master may have dropped some) */
    int fixed;       /* the first columns (single tasks, artificials) are never dropped */
    int *ind;        /* [n_tasks + 2 + CG_CUTS] scratch for glp_set_mat_col (1-based) */
    double *val;
    int n_cuts; /* subset-row cuts: rows after the vehicle types' */
    rd_sr_cut cuts[CG_CUTS];
} master;

/* Adds the column of route visits[0..len) of type v with cost `cost`
 * (model units). */
static void add_column(master *ms, int v, const int *visits, int len, double cost) {
    int j = glp_add_cols(ms->lp, 1), n = 0;
    glp_set_col_bnds(ms->lp, j, GLP_LO, 0.0, 0.0);
    glp_set_obj_coef(ms->lp, j, cost / ms->scale);
    /* a task visited twice (an ng-route) counts twice */
    for (int i = 0; i < len; i++) {
        int row = visits[i] + 1, k = 1;
        while (k <= n && ms->ind[k] != row) k++;
        if (k <= n) {
            ms->val[k] += 1.0;
        } else {
            ms->ind[++n] = row;
            ms->val[n] = 1.0;
        }
    }
    if (v >= 0) {
        ms->ind[++n] = ms->n_rows_task + v + 1;
        ms->val[n] = 1.0;
    }
    for (int c = 0; c < ms->n_cuts; c++) {
        int k = rd_sr_coef(&ms->cuts[c], visits, len);
        if (k > 0) {
            ms->ind[++n] = ms->n_rows_task + ms->m->n_vehicles + c + 1;
            ms->val[n] = (double)k;
        }
    }
    glp_set_mat_col(ms->lp, j, n, ms->ind, ms->val);
    ms->columns++;
}

/* The cost of route visits[] of type v by the pricer's arithmetic, or -1
 * when it breaks a constraint the pricer keeps. */
static int64_t route_cost(const rd_model *m, int v, const int *visits, int len) {
    rd_route rt = {.vehicle = v, .len = len, .visits = (int *)visits};
    rd_solution s = {.n_routes = 1, .routes = &rt};
    rd_eval_report rep;
    if (rd_eval(m, &s, &rep, NULL) != RD_OK) return -1;
    int64_t c = rep.route[0].cost;
    for (int k = 0; k < rep.n_viol; k++) /* (the other tasks' absence is no fault of it) */
        if (rep.viol[k].route == 0) c = -1;
    rd_eval_report_free(&rep);
    return c;
}

/* The master with its first columns: the plan's routes, a single-task
 * route per task (each type that can serve it), an artificial per task. */
static rd_status master_init(master *ms, const rd_model *m, const rd_solution *plan,
                             rd_error *err) {
    ms->m = m;
    ms->n_rows_task = m->n_tasks;
    ms->ind = malloc(((size_t)m->n_tasks + 2 + CG_CUTS) * sizeof *ms->ind);
    ms->val = malloc(((size_t)m->n_tasks + 2 + CG_CUTS) * sizeof *ms->val);
    if (!ms->ind || !ms->val) return rd_err(err, RD_ERR_NOMEM, "bound: out of memory");
    double most = 1;
    for (int r = 0; r < plan->n_routes; r++) {
        int64_t c =
            route_cost(m, plan->routes[r].vehicle, plan->routes[r].visits, plan->routes[r].len);
        if (c > most) most = (double)c;
    }
    ms->scale = most / 1000.0 > 1 ? most / 1000.0 : 1;
    ms->lp = glp_create_prob();
    glp_set_obj_dir(ms->lp, GLP_MIN);
    glp_add_rows(ms->lp, m->n_tasks + m->n_vehicles);
    for (int t = 0; t < m->n_tasks; t++) /* (perturbed: see CG_PERTURB) */
        glp_set_row_bnds(ms->lp, t + 1, GLP_LO, 1.0 + CG_PERTURB * fmod(0.618034 * t, 1.0), 0.0);
    for (int v = 0; v < m->n_vehicles; v++)
        glp_set_row_bnds(ms->lp, m->n_tasks + v + 1, GLP_UP, 0.0, (double)m->vehicles[v].count);
    double dear = 0; /* an artificial costs more than serving every task alone */
    for (int t = 0; t < m->n_tasks; t++) {
        int64_t best = -1;
        for (int v = 0; v < m->n_vehicles; v++) {
            if (m->can_serve && !m->can_serve[(size_t)v * m->n_tasks + t]) continue;
            int64_t c = route_cost(m, v, &t, 1);
            if (c < 0) continue;
            add_column(ms, v, &t, 1, (double)c);
            if (best < 0 || c < best) best = c;
        }
        dear += best > 0 ? (double)best : most;
    }
    for (int t = 0; t < m->n_tasks; t++) add_column(ms, -1, &t, 1, 2 * dear + most);
    ms->fixed = glp_get_num_cols(ms->lp);
    for (int r = 0; r < plan->n_routes; r++) {
        const rd_route *rt = &plan->routes[r];
        int64_t c = route_cost(m, rt->vehicle, rt->visits, rt->len);
        if (rt->len > 0 && c >= 0) add_column(ms, rt->vehicle, rt->visits, rt->len, (double)c);
    }
    return RD_OK;
}

/* Solves the restricted master within `dl`; its duals into pi (tasks,
 * model units, clamped to >= 0) and mu (types). 0 on success, 1 when the
 * deadline passed first, -1 when GLPK failed.
 *
 * GLPK's primal simplex can stall for minutes on these degenerate masters
 * (measured on X-n190-k8: thousands of iterations without progress, and
 * as long again from a fresh basis). A run that stalls is continued under
 * another pricing rule, then another ratio test, each for a bounded number
 * of iterations, which ends such stalls in well under a second; the last
 * resort is a fresh basis. */
static int master_solve(master *ms, const rd_deadline *dl, double *pi, double *mu, double *sigma,
                        double *value) {
    glp_smcp smcp;
    glp_init_smcp(&smcp);
    smcp.msg_lev = GLP_MSG_OFF;
    smcp.presolve = GLP_OFF;
    int its = CG_SIMPLEX_ITS + 4 * glp_get_num_rows(ms->lp), ok = 0;
    for (int attempt = 0; attempt < 4 && !ok; attempt++) {
        smcp.pricing = attempt == 1 ? GLP_PT_STD : GLP_PT_PSE;
        smcp.r_test = attempt == 2 ? GLP_RT_STD : GLP_RT_HAR;
        smcp.it_lim = attempt < 3 ? its : INT_MAX;
        if (attempt == 3) glp_adv_basis(ms->lp, 0);
        if ((smcp.tm_lim = rd_deadline_left_ms(dl)) < 1) return 1;
        int rc = glp_simplex(ms->lp, &smcp);
        if (rc == GLP_ETMLIM) return 1;
        ok = rc == 0 && glp_get_status(ms->lp) == GLP_OPT;
        if (rc != 0 && rc != GLP_EITLIM && attempt < 3) attempt = 2; /* (a fresh basis next) */
    }
    if (!ok) return -1;
    *value = glp_get_obj_val(ms->lp) * ms->scale;
    for (int t = 0; t < ms->n_rows_task; t++) {
        double d = glp_get_row_dual(ms->lp, t + 1) * ms->scale;
        pi[t] = d > 0 ? d : 0;
    }
    for (int v = 0; v < ms->m->n_vehicles; v++) {
        double d = glp_get_row_dual(ms->lp, ms->n_rows_task + v + 1) * ms->scale;
        mu[v] = d < 0 ? d : 0;
    }
    for (int c = 0; c < ms->n_cuts; c++) {
        double d =
            glp_get_row_dual(ms->lp, ms->n_rows_task + ms->m->n_vehicles + c + 1) * ms->scale;
        sigma[c] = d < 0 ? d : 0;
    }
    return 0;
}

/* A column's visits (task rows, a count > 1 repeated) into vis[0..most);
 * their number. (A cut's coefficient from fewer visits is smaller: the row
 * stays valid.) */
static int column_visits(master *ms, int j, int *vis, size_t most) {
    int len = glp_get_mat_col(ms->lp, j, ms->ind, ms->val), n = 0;
    for (int k = 1; k <= len; k++)
        if (ms->ind[k] <= ms->n_rows_task)
            for (int c = 0; c < (int)(ms->val[k] + 0.5) && (size_t)n < most; c++)
                vis[n++] = ms->ind[k] - 1;
    return n;
}

/* Adds cuts[0..k) as rows (<= 1) with every column's coefficient. -1 out of
 * memory. */
static int master_add_cuts(master *ms, const rd_sr_cut *cuts, int k) {
    int nc = glp_get_num_cols(ms->lp), row0 = glp_add_rows(ms->lp, k);
    int *ind = malloc(((size_t)k * (size_t)nc + 1) * sizeof *ind);
    double *val = malloc(((size_t)k * (size_t)nc + 1) * sizeof *val);
    int *cnt = calloc((size_t)k, sizeof *cnt);
    size_t most = 2 * (size_t)ms->n_rows_task + 2;
    int *vis = malloc(most * sizeof *vis);
    int ok = ind && val && cnt && vis;
    for (int j = 1; ok && j <= nc; j++) {
        int len = column_visits(ms, j, vis, most);
        for (int c = 0; c < k; c++) {
            int a = rd_sr_coef(&cuts[c], vis, len);
            size_t at = (size_t)c * (size_t)nc + (size_t)++cnt[c];
            if (a > 0)
                ind[at] = j, val[at] = a;
            else
                cnt[c]--;
        }
    }
    for (int c = 0; c < k; c++) {
        glp_set_row_bnds(ms->lp, row0 + c, GLP_UP, 0.0, 1.0);
        if (ok)
            glp_set_mat_row(ms->lp, row0 + c, cnt[c], ind + (size_t)c * (size_t)nc,
                            val + (size_t)c * (size_t)nc);
        ms->cuts[ms->n_cuts++] = cuts[c];
    }
    free(ind), free(val), free(cnt), free(vis);
    return ok ? 0 : -1;
}

typedef struct purge_cand {
    double d; /* reduced cost */
    int j;    /* column */
} purge_cand;

static int cmp_purge(const void *a, const void *b) { /* highest reduced cost first */
    double x = ((const purge_cand *)a)->d, y = ((const purge_cand *)b)->d;
    return (x < y) - (x > y);
}

/* Drops nonbasic generated columns of the highest reduced cost (at the
 * last solve) until the master keeps `keep` of them: GLPK's simplex time
 * grows with the columns (half of the time on X-n143-k7 at 35,000), and
 * most of them never return to the basis. The basis stays valid. Returns
 * the columns dropped. */
static int master_purge(master *ms, int keep) {
    int n = glp_get_num_cols(ms->lp), extra = n - ms->fixed - keep, k = 0, nd = 0;
    if (extra <= 0) return 0;
    purge_cand *c = malloc((size_t)(n - ms->fixed) * sizeof *c);
    int *del = malloc(((size_t)extra + 1) * sizeof *del); /* (1-based) */
    if (c && del) {
        for (int j = ms->fixed + 1; j <= n; j++)
            if (glp_get_col_stat(ms->lp, j) != GLP_BS)
                c[k++] = (purge_cand){glp_get_col_dual(ms->lp, j), j};
        qsort(c, (size_t)k, sizeof *c, cmp_purge);
        for (int i = 0; i < k && nd < extra && c[i].d > 0; i++) del[++nd] = c[i].j;
        if (nd > 0) glp_del_cols(ms->lp, nd, del);
    } /* (else no room to choose: the master stays as it is) */
    free(c);
    free(del);
    return nd;
}

/* (see cg.h) Two routes each loaded to at most half of every capacity
 * merge into one that fits and costs no more, so a plan of least cost and
 * fewest routes has at most one such route, and every other one is loaded
 * beyond half of some dimension d: fewer than 2 D_d / Q_d routes per d (D_d
 * the tasks' total). */
int64_t rd_cg_routes_cap(const rd_model *m) {
    if (m->n_vehicles != 1 || m->has_tw) return 0;
    const rd_vehicle *veh = &m->vehicles[0];
    int depot = veh->start_loc;
    if (depot < 0 || veh->end_loc != depot || veh->tw_end < RD_INF / 2 ||
        veh->max_tasks < RD_INF / 2 || m->n_tasks > 2000)
        return 0;
    const int nd = m->n_dims;
    const int64_t *cap = rd_model_capacity(m, 0);
    int64_t k = 1;
    for (int d = 0; d < nd; d++) {
        int64_t del = 0, pick = 0;
        for (int t = 0; t < m->n_tasks; t++) {
            if (m->task_setup[t] > 0) return 0;
            del += rd_model_delivery(m, t)[d];
            pick += rd_model_pickup(m, t)[d];
        }
        if ((del > 0 && pick > 0) || cap[d] <= 0) {
            if (del > 0 || pick > 0) return 0;
            continue;
        }
        int64_t total = del + pick; /* routes loaded beyond half: < 2 total / cap */
        if (total > 0) k += (2 * total + cap[d] - 1) / cap[d] - 1;
    }
    const rd_matrix *c = &m->costs[veh->profile];
    for (int a = 0; a < m->n_tasks; a++) {
        int la = m->task_loc[a];
        int64_t to = rd_matrix_at(c, la, depot);
        for (int b = 0; b < m->n_tasks; b++) {
            int lb = m->task_loc[b];
            if (a != b && rd_matrix_at(c, la, lb) > to + rd_matrix_at(c, depot, lb)) return 0;
        }
    }
    return k;
}

/* The state of one run. */
typedef struct cg_run {
    const rd_model *m;
    master ms;
    rd_pricer **pricers; /* [n_vehicles] */
    double *pi, *mu, *point;
    double *center;        /* the best bound's duals; 0 (L(0) = 0) before any bound */
    double sigma[CG_CUTS]; /* the LP's duals of the cuts (<= 0), at every pricing point */
    int cut_rounds;        /* separations so far */
    int has_center;
    int pi_cut; /* an exact pricing at the LP's duals was cut short before any bound */
    /* the shifted bound: n_res resource weights w[k * n_tasks + t]; the routes
     * the last exact pricing returned with a negative reduced cost (lam_rc),
     * their type and their weight per resource */
    int n_res, n_noted;
    double *w, *lam_rc, *lam_w, *shifted;
    int *lam_v;
    double last_exact;   /* seconds: when exact pricing last ran */
    int64_t most_routes; /* rd_cg_routes_cap(), else no cap (INT64_MAX) */
    double exact_secs;   /* seconds spent in exact pricing */
    double exact_last;   /* seconds: the last exact pricing call's */
    double wide_last;    /* ... and the last wider heuristic's */
    rd_deadline dl;
    rd_deadline xdl; /* the current exact pricing's: a forced one gets a quarter of the
                        time, so that a pricing that cannot finish yet leaves the
                        heuristic time to bring the duals closer */
    const rd_cg_opts *o;
    rd_cg_info *info;
} cg_run;

static int must_stop(const cg_run *r) {
    return rd_deadline_passed(&r->dl) || (r->o->cancel && *r->o->cancel);
}

/* K_v of the bound (cg.h). */
static int64_t route_count(const cg_run *r, int v) {
    int64_t k = r->m->vehicles[v].count;
    return k < r->most_routes ? k : r->most_routes;
}

/* The shifted bound. L(pi) loses K_v * |least reduced cost| per type, and
 * K_v is often far above the routes a plan needs (Solomon's fleet of 25 for
 * R208's 3 routes): one route of reduced cost -18.5 costs 460 of the bound.
 * The routes of least reduced cost are long ones. Every route keeps
 * sum_{t in r} w_t <= 1 for a resource's weights w (rd_cg_weights), so at
 *     pi'_t = max(0, pi_t - lambda w_t)
 * a route's reduced cost rises by up to lambda w(r): the long routes' rise
 * most, while the bound's sum loses at most lambda sum_t w_t, about the
 * number of "full" routes times lambda. L(pi') is a bound like any other
 * (any duals >= 0 give one); it costs one more exact pricing, paid only when
 * the routes the last exact pricing returned foresee a gain (shift_pick). */

/* (see cg.h) The least over the types that can serve t, so that one weight
 * holds for every type. */
int rd_cg_weights(const rd_model *m, double *w) {
    const int nt = m->n_tasks, nd = m->n_dims;
    int k = 0;
    for (int d = 0; d < nd; d++)
        for (int side = 0; side < 2; side++) { /* deliveries, pickups */
            double *wk = w + (size_t)k * (size_t)nt, sum = 0;
            for (int t = 0; t < nt; t++) {
                int64_t q = side ? rd_model_pickup(m, t)[d] : rd_model_delivery(m, t)[d];
                double least = INFINITY;
                for (int v = 0; v < m->n_vehicles; v++) {
                    int64_t cap = rd_model_capacity(m, v)[d];
                    double x = q <= 0 ? 0 : cap <= 0 ? INFINITY : (double)q / (double)cap;
                    if (rd_model_can_serve(m, v, t) && x < least) least = x;
                }
                wk[t] = least < INFINITY ? least : 0;
                sum += wk[t];
            }
            k += sum > 0;
        }
    int timed = 1, limited = 1;
    int64_t most = 0;
    for (int v = 0; v < m->n_vehicles; v++) {
        timed &= m->vehicles[v].tw_end < RD_INF / 2;
        limited &= m->vehicles[v].max_tasks < RD_INF / 2;
        if (m->vehicles[v].max_tasks > most) most = m->vehicles[v].max_tasks;
    }
    double *wk = w + (size_t)k * (size_t)nt, sum = 0;
    for (int t = 0; timed && t < nt; t++) {
        double least = INFINITY;
        for (int v = 0; v < m->n_vehicles; v++) {
            const rd_vehicle *veh = &m->vehicles[v];
            const rd_matrix *du = &m->durations[veh->profile];
            if (!rd_model_can_serve(m, v, t)) continue;
            int here = m->task_loc[t];
            int64_t in = veh->start_loc >= 0 ? rd_matrix_at(du, veh->start_loc, here) : 0;
            int64_t out = veh->end_loc >= 0 ? rd_matrix_at(du, here, veh->end_loc) : 0;
            for (int u = 0; u < nt && (in > 0 || out > 0); u++) {
                if (u == t || !rd_model_can_serve(m, v, u)) continue;
                int64_t a = rd_matrix_at(du, m->task_loc[u], here);
                int64_t b = rd_matrix_at(du, here, m->task_loc[u]);
                if (a < in) in = a;
                if (b < out) out = b;
            }
            double h = (double)(veh->tw_end - veh->tw_start);
            double x = h > 0 ? ((double)m->task_service[t] + 0.5 * (double)(in + out)) / h : 0;
            if (x < least) least = x;
        }
        wk[t] = least < INFINITY ? least : 0;
        sum += wk[t];
    }
    if (timed && sum > 0) k++;
    wk = w + (size_t)k * (size_t)nt;
    if (limited && most > 0 && nt > 0) {
        for (int t = 0; t < nt; t++) wk[t] = 1.0 / (double)most;
        k++;
    }
    return k;
}

static rd_status shift_init(cg_run *r, rd_error *err) {
    const rd_model *m = r->m;
    const int nt = m->n_tasks, most = RD_CG_RESOURCES(m);
    const size_t noted = (size_t)(CG_PER_TYPE * m->n_vehicles + 1);
    r->w = calloc((size_t)most * (size_t)nt + 1, sizeof *r->w);
    r->lam_rc = malloc(sizeof *r->lam_rc * noted);
    r->lam_w = malloc(sizeof *r->lam_w * noted * (size_t)most);
    r->lam_v = malloc(sizeof *r->lam_v * noted);
    r->shifted = calloc((size_t)nt + 1, sizeof *r->shifted);
    if (!r->w || !r->lam_rc || !r->lam_w || !r->lam_v || !r->shifted)
        return rd_err(err, RD_ERR_NOMEM, "bound: out of memory");
    r->n_res = rd_cg_weights(m, r->w);
    return RD_OK;
}

/* Remembers a route the exact pricing returned (type v, reduced cost rc at
 * the pricing point) for shift_pick. */
static void shift_note(cg_run *r, int v, const rd_priced *pr) {
    const int nt = r->m->n_tasks;
    if (r->n_res == 0 || pr->rc >= 0 || r->n_noted >= CG_PER_TYPE * r->m->n_vehicles) return;
    int i = r->n_noted++;
    r->lam_rc[i] = pr->rc;
    r->lam_v[i] = v;
    for (int k = 0; k < r->n_res; k++) {
        const double *w = r->w + (size_t)k * (size_t)nt;
        double s = 0;
        for (int j = 0; j < pr->len; j++) s += w[pr->visits[j]];
        r->lam_w[(size_t)i * (size_t)r->n_res + (size_t)k] = s;
    }
}

/* L(at - lambda w_k) as the noted routes foresee it (the routes not
 * returned may do worse). */
static double shift_estimate(const cg_run *r, const double *at, int k, double lambda) {
    const rd_model *m = r->m;
    const double *w = r->w + (size_t)k * (size_t)m->n_tasks;
    double est = 0;
    for (int t = 0; t < m->n_tasks; t++) est += fmax(0.0, at[t] - lambda * w[t]);
    for (int c = 0; c < r->ms.n_cuts; c++) est += r->sigma[c];
    for (int v = 0; v < m->n_vehicles; v++) {
        double least = 0;
        for (int i = 0; i < r->n_noted; i++) {
            double rc = r->lam_rc[i] + lambda * r->lam_w[(size_t)i * (size_t)r->n_res + (size_t)k];
            if (r->lam_v[i] == v && rc < least) least = rc;
        }
        est += (double)route_count(r, v) * least;
    }
    return est;
}

/* The resource and lambda of the best estimate over the noted routes'
 * break points; the estimate, or -inf when nothing was noted. */
static double shift_pick(const cg_run *r, const double *at, int *res, double *lambda) {
    double best = -INFINITY;
    for (int k = 0; k < r->n_res; k++)
        for (int i = 0; i < r->n_noted; i++) {
            double wr = r->lam_w[(size_t)i * (size_t)r->n_res + (size_t)k];
            if (wr <= 0) continue;
            double l = -r->lam_rc[i] / wr, e = shift_estimate(r, at, k, l);
            if (e > best) best = e, *res = k, *lambda = l;
        }
    return best;
}

/* Prices every type at `duals` (exact > 0: exact; 0: heuristic; < 0: the
 * wider heuristic); adds the routes whose reduced cost at the LP's duals is
 * negative. *added: columns added;
 * *bound: L(duals) when exact pricing completed for every type, else NAN. */
static rd_status price_all(cg_run *r, const double *duals, int exact, int shrink, int *added,
                           double *bound, rd_error *err) {
    const rd_model *m = r->m;
    double lag = 0;
    for (int t = 0; t < m->n_tasks; t++) lag += duals[t];
    for (int c = 0; c < r->ms.n_cuts; c++) lag += r->sigma[c]; /* (right-hand sides 1) */
    int complete = exact > 0;
    *added = 0;
    if (exact > 0) r->n_noted = 0;
    for (int v = 0; v < m->n_vehicles; v++) {
        /* the pricing point's best routes; kept below only when they improve the LP */
        /* (exact: routes of reduced cost >= 0 matter to neither the LP nor the bound) */
        rd_price_opts po = {.exact = exact > 0,
                            .max_routes = CG_PER_TYPE,
                            .below = exact > 0 ? 0 : INFINITY,
                            .n_cuts = r->ms.n_cuts,
                            .cuts = r->ms.cuts,
                            .cut_duals = r->sigma};
        if (exact < 0) po.keep = CG_WIDE_KEEP, po.arcs = CG_WIDE_ARCS; /* a wider heuristic */
        rd_price_result res;
        for (;;) {
            int ng = rd_pricer_ng(r->pricers[v]);
            po.max_labels = ng > 1 ? CG_LABELS : CG_LABELS_NG1;
            RD_TRY(
                rd_pricer_run(r->pricers[v], duals, &po, exact > 0 ? &r->xdl : &r->dl, &res, err));
            if (exact <= 0 || !shrink || res.complete || rd_deadline_passed(&r->xdl) || ng == 1)
                break;
            /* too many labels: smaller neighbourhoods (a weaker, cheaper relaxation) */
            for (int w = 0; w < m->n_vehicles; w++) rd_pricer_set_ng(r->pricers[w], ng / 2);
            r->info->ng = ng / 2;
            rd_logf(r->o->log, RD_LOG_DEBUG, "%s: bound: ng-neighbourhoods of %d tasks", m->name,
                    ng / 2);
        }
        if (exact > 0)
            rd_logf(
                r->o->log, RD_LOG_DEBUG,
                "%s: bound: exact pricing of type %d: %s, least reduced cost %.1f, %lld labels, "
                "%.2f s",
                m->name, v, res.complete ? "complete" : "cut", res.min_rc, (long long)res.labels,
                rd_deadline_elapsed(&r->dl));
        if (exact > 0 && !res.complete) complete = 0;
        if (complete && res.min_rc < 0) lag += (double)route_count(r, v) * res.min_rc;
        if (complete)
            for (int k = 0; k < res.n; k++) shift_note(r, v, &res.routes[k]);
        for (int k = 0; k < res.n; k++) {
            const rd_priced *pr = &res.routes[k];
            double rc = (double)pr->cost - r->mu[v];
            for (int i = 0; i < pr->len; i++) rc -= r->pi[pr->visits[i]];
            for (int c = 0; c < r->ms.n_cuts; c++)
                rc -= r->sigma[c] * rd_sr_coef(&r->ms.cuts[c], pr->visits, pr->len);
            if (rc < -CG_EPS * r->ms.scale) {
                add_column(&r->ms, v, pr->visits, pr->len, (double)pr->cost);
                (*added)++;
            }
        }
    }
    *bound = complete ? lag : NAN;
    return RD_OK;
}

static void take_bound(cg_run *r, double value, const double *duals) {
    rd_cg_info *in = r->info;
    if (isnan(value) || (in->has_bound && value <= in->value)) return;
    in->has_bound = 1;
    in->value = value;
    memcpy(r->center, duals, (size_t)r->m->n_tasks * sizeof *duals);
    r->has_center = 1;
}

/* After an exact pricing at `at` (see shift_init): up to CG_SHIFTS more at
 * shifted duals, each from the last, while the noted routes foresee a gain. */
static rd_status shift_bound(cg_run *r, const double *at, int *added, rd_error *err) {
    const rd_model *m = r->m;
    const double *from = at;
    for (int step = 0; step < CG_SHIFTS && !must_stop(r); step++) {
        int k = 0;
        double lambda = 0, lag;
        double est = shift_pick(r, from, &k, &lambda);
        if (!(est > r->info->value + CG_SHIFT_GAIN * fabs(r->info->lp_value))) break;
        const double *w = r->w + (size_t)k * (size_t)m->n_tasks;
        for (int t = 0; t < m->n_tasks; t++) r->shifted[t] = fmax(0.0, from[t] - lambda * w[t]);
        int more = 0;
        double t0 = rd_deadline_elapsed(&r->dl);
        RD_TRY(price_all(r, r->shifted, 1, 0, &more, &lag, err));
        r->exact_secs += rd_deadline_elapsed(&r->dl) - t0;
        *added += more;
        rd_logf(
            r->o->log, RD_LOG_DEBUG,
            "%s: bound: shifted by resource %d (lambda %.3g): foreseen %.1f, L %.1f (best %.1f)",
            m->name, k, lambda, est, isnan(lag) ? -1.0 : lag, r->info->value);
        if (isnan(lag)) break;
        r->info->exact_calls++;
        r->info->shifts++;
        take_bound(r, lag, r->shifted);
        from = r->shifted;
    }
    return RD_OK;
}

/* At the LP's optimum: the subset-row cuts its solution violates most
 * (solver/sr.h) join the master; *added their number. */
static rd_status add_cuts(cg_run *r, int *added, rd_error *err) {
    master *ms = &r->ms;
    const int nt = r->m->n_tasks;
    *added = 0;
    if (r->o->no_cuts || nt > CG_CUT_TASKS || r->cut_rounds >= CG_CUT_ROUNDS) return RD_OK;
    r->cut_rounds++;
    if (CG_CUTS - ms->n_cuts < CG_CUTS_ROUND) { /* room: the cuts the LP does not hold to go */
        int del[CG_CUTS + 1], nd = 0, keep = 0, row0 = ms->n_rows_task + r->m->n_vehicles + 1;
        for (int c = 0; c < ms->n_cuts; c++)
            if (glp_get_row_stat(ms->lp, row0 + c) == GLP_BS &&
                glp_get_row_prim(ms->lp, row0 + c) < 1 - 1e-6)
                del[++nd] = row0 + c; /* (basic: the basis stays valid without it) */
            else
                ms->cuts[keep] = ms->cuts[c], r->sigma[keep++] = r->sigma[c];
        if (nd > 0) glp_del_rows(ms->lp, nd, del);
        ms->n_cuts = keep;
    }
    const int room = CG_CUTS - ms->n_cuts;
    if (room <= 0) return RD_OK;
    int nc = glp_get_num_cols(ms->lp), n = 0, total = 0;
    size_t room_vis = 1; /* the support's visits */
    for (int j = 1; j <= nc; j++) {
        if (glp_get_col_prim(ms->lp, j) <= 1e-6) continue;
        int len = glp_get_mat_col(ms->lp, j, ms->ind, ms->val);
        for (int i = 1; i <= len; i++)
            if (ms->ind[i] <= ms->n_rows_task) room_vis += (size_t)(ms->val[i] + 0.5);
    }
    int *first = malloc(((size_t)nc + 2) * sizeof *first);
    double *x = malloc(((size_t)nc + 1) * sizeof *x);
    int *vis = malloc(room_vis * sizeof *vis);
    rd_sr_cut found[CG_CUTS_ROUND];
    int k = -1;
    if (first && x && vis) {
        first[0] = 0;
        for (int j = 1; j <= nc; j++) {
            double v = glp_get_col_prim(ms->lp, j);
            if (v <= 1e-6) continue;
            total += column_visits(ms, j, vis + total, room_vis - (size_t)total);
            x[n] = v;
            first[++n] = total;
        }
        k = rd_sr_separate(nt, n, first, vis, x, CG_CUT_VIOL, ms->cuts, ms->n_cuts, found,
                           room < CG_CUTS_ROUND ? room : CG_CUTS_ROUND);
    }
    free(first), free(x), free(vis);
    if (k < 0 || (k > 0 && master_add_cuts(ms, found, k) != 0))
        return rd_err(err, RD_ERR_NOMEM, "bound: out of memory");
    for (int c = 0; c < k; c++) r->sigma[ms->n_cuts - k + c] = 0;
    r->info->cuts = ms->n_cuts;
    if (k > 0)
        rd_logf(r->o->log, RD_LOG_DEBUG,
                "%s: bound: LP %.1f converged; %d subset-row cuts (%d in all), the most violated "
                "by %.2f",
                r->m->name, r->info->lp_value, k, ms->n_cuts, found[0].lhs - 1);
    *added = k;
    return RD_OK;
}

/* One round: the LP, then pricing (heuristic, then exact at the smoothed
 * point, then exact at the LP's duals after a mis-price). *done when no
 * column improves the LP. */
static rd_status round_once(cg_run *r, int *done, rd_error *err) {
    const int nt = r->m->n_tasks;
    double value, t_lp = rd_deadline_elapsed(&r->dl);
    int rc = master_solve(&r->ms, &r->dl, r->pi, r->mu, r->sigma, &value);
    if (rc > 0) return RD_OK; /* (the deadline: the caller stops) */
    if (rc < 0)
        return rd_err(err, RD_ERR_INTERNAL, "bound: GLPK's simplex failed on the master LP");
    r->info->iterations++;
    r->info->lp_value = value;
    int keep = r->o->keep_columns;
    if (keep <= 0) keep = CG_KEEP_PER_TASK * nt > CG_KEEP_MIN ? CG_KEEP_PER_TASK * nt : CG_KEEP_MIN;
    if (glp_get_num_cols(r->ms.lp) - r->ms.fixed > keep + keep / 4) /* (not every round) */
        r->info->dropped += master_purge(&r->ms, keep);
    t_lp = rd_deadline_elapsed(&r->dl) - t_lp;
    rd_logf(r->o->log, RD_LOG_DEBUG,
            "%s: bound: LP %.1f at %.2f s (%.2f s, %d columns, %d in the master)", r->m->name,
            value, rd_deadline_elapsed(&r->dl), t_lp, r->ms.columns, glp_get_num_cols(r->ms.lp));
    int added = 0;
    double lag;
    /* exact pricing (a bound) when the heuristic finds nothing, and also every
     * CG_EXACT_EVERY rounds and after each fifth of the time without one, as
     * long as exact pricing has had less than CG_EXACT_SHARE of the time (at
     * duals far from the optimum it is slow, and its bound weak) */
    double now = rd_deadline_elapsed(&r->dl);
    int due =
        r->exact_secs <= CG_EXACT_SHARE * now &&
        (r->info->iterations % CG_EXACT_EVERY == 0 || now - r->last_exact > 0.2 * r->o->time_limit);
    RD_TRY(price_all(r, r->pi, 0, 0, &added, &lag, err));
    /* the wider heuristic, unless exact pricing costs little more (then its
     * columns, the least reduced cost's, and a bound are worth the wait) */
    if (!added && !(r->exact_last > 0 && r->exact_last <= CG_WIDE_RATIO * r->wide_last)) {
        double t0 = rd_deadline_elapsed(&r->dl);
        RD_TRY(price_all(r, r->pi, -1, 0, &added, &lag, err));
        r->wide_last = rd_deadline_elapsed(&r->dl) - t0;
    }
    if (added && !due) return RD_OK;
    r->last_exact = now;
    r->xdl = r->dl;
    if (added) { /* a periodic bound: at most as long as column generation has run */
        double lim = r->o->time_limit, most = now;
        if (most < CG_PERIODIC_MIN * lim) most = CG_PERIODIC_MIN * lim;
        if (most > CG_PERIODIC_MAX * lim) most = CG_PERIODIC_MAX * lim;
        int64_t cap = r->dl.start_ns + (int64_t)((now + most) * 1e9);
        if (cap < r->xdl.end_ns) r->xdl.end_ns = cap;
    }
    /* Where to price. A periodic bound: the smoothed point (Wentges: toward
     * the best bound's duals), else the LP's duals. With no column from the
     * heuristic (the LP may have converged), the same. Without a best bound,
     * the point is half the LP's duals (L(0) = 0 is a bound), except for a
     * periodic bound until one at the LP's duals was cut short. Then, while a
     * complete pricing finds only a mis-price (no column that improves the
     * LP), each next point halves the way to the LP's duals and gives a
     * bound, up to the LP's duals, when the heuristic found no column (a
     * periodic bound is one pricing: the next points cost more and more, and
     * the LP still moves). Pricing at the LP's duals, which proves
     * convergence, costs most (wild extreme-point duals, many labels: R208
     * and RC204 took > 15 s there, < 1 s halfway) */
    int shrink = !added; /* (neighbourhoods shrink only when exact pricing must finish) */
    for (int pass = 0; pass <= CG_MISPRICES && !must_stop(r); pass++) {
        const double *at = r->pi;
        if (pass == 0 && (r->has_center || shrink || r->pi_cut)) {
            for (int t = 0; t < nt; t++)
                r->point[t] = CG_ALPHA * r->center[t] + (1 - CG_ALPHA) * r->pi[t];
            at = r->point;
        } else if (pass > 0) {
            if (!shrink) break;
            if (pass < CG_MISPRICES && r->exact_last > CG_CHEAP * r->o->time_limit) {
                for (int t = 0; t < nt; t++) r->point[t] = 0.5 * (r->point[t] + r->pi[t]);
                at = r->point;
            }
        }
        int more = 0, before = added;
        double t0 = rd_deadline_elapsed(&r->dl);
        RD_TRY(price_all(r, at, 1, shrink, &more, &lag, err));
        r->exact_last = rd_deadline_elapsed(&r->dl) - t0;
        r->exact_secs += r->exact_last;
        added += more;
        if (!isnan(lag)) r->info->exact_calls++;
        if (isnan(lag) && at == r->pi && !r->has_center) r->pi_cut = 1;
        take_bound(r, lag, at);
        if (!isnan(lag) && (at != r->pi || added)) RD_TRY(shift_bound(r, at, &added, err));
        if (at == r->pi && !added && !isnan(lag)) { /* no column at the LP's duals: optimal */
            int cuts = 0;
            RD_TRY(add_cuts(r, &cuts, err));
            if (cuts > 0) return RD_OK; /* (a new LP to converge) */
            r->info->converged = 1;     /* (L(pi) >= the LP's value then: it is the bound) */
            *done = 1;
            return RD_OK;
        }
        if (at == r->pi || added > before || isnan(lag)) break; /* (isnan: cut short) */
    }
    /* nothing to add, by exact pricing cut short too: the LP cannot move */
    if (!added && !due && !must_stop(r) && !r->info->converged) *done = 1;
    return RD_OK;
}

rd_status rd_cg_bound(const rd_model *m, const rd_solution *plan, const rd_cg_opts *o,
                      rd_cg_info *info, rd_error *err) {
    memset(info, 0, sizeof *info);
    info->bound = -1;
    const char *no = rd_price_unsupported(m);
    if (no) return rd_err(err, RD_ERR_INPUT, "--bound: not supported yet for models with %s", no);
    if (plan->n_unassigned > 0) {
        snprintf(info->why, sizeof info->why,
                 "the plan leaves %d tasks out (the bound is on plans that serve every task)",
                 plan->n_unassigned);
        return RD_OK;
    }
    int env = glp_init_env();
    if (env != 0 && env != 1)
        return rd_err(err, RD_ERR_NOMEM, "bound: GLPK's environment (code %d)", env);
    int prev_term = glp_term_out(GLP_OFF);
    cg_run r = {.m = m, .o = o, .info = info, .dl = rd_deadline_in(o->time_limit)};
    size_t nt = (size_t)m->n_tasks + 1;
    r.pricers = calloc((size_t)m->n_vehicles + 1, sizeof *r.pricers);
    r.pi = calloc(nt, sizeof *r.pi);
    r.center = calloc(nt, sizeof *r.center);
    r.point = calloc(nt, sizeof *r.point);
    r.mu = calloc((size_t)m->n_vehicles + 1, sizeof *r.mu);
    rd_status st = RD_OK;
    if (!r.pricers || !r.pi || !r.center || !r.point || !r.mu) {
        st = rd_err(err, RD_ERR_NOMEM, "bound: out of memory");
        goto done;
    }
    info->ng = o->ng > 0 ? o->ng : CG_NG;
    for (int v = 0; v < m->n_vehicles; v++)
        if (!(r.pricers[v] = rd_pricer_create(m, v, info->ng))) {
            st = rd_err(err, RD_ERR_NOMEM, "bound: out of memory");
            goto done;
        }
    if ((st = master_init(&r.ms, m, plan, err)) != RD_OK) goto done;
    if ((st = shift_init(&r, err)) != RD_OK) goto done;
    r.most_routes = rd_cg_routes_cap(m);
    if (r.most_routes <= 0)
        r.most_routes = INT64_MAX;
    else
        rd_logf(o->log, RD_LOG_DEBUG, "%s: bound: some optimal plan has at most %lld routes",
                m->name, (long long)r.most_routes);
    int finished = 0;
    while (!finished && !must_stop(&r))
        if ((st = round_once(&r, &finished, err)) != RD_OK) goto done;
    info->stopped = !finished;
    if (info->has_bound) {
        double v = info->value - CG_ROUND_MARGIN * fmax(1.0, fabs(info->value));
        info->bound = (int64_t)ceil(v);
        if (info->bound < 0) info->bound = 0;
    } else if (!info->why[0]) {
        snprintf(info->why, sizeof info->why, "%s before exact pricing completed",
                 info->stopped ? "stopped by the time limit" : "no bound");
    }
    rd_logf(o->log, RD_LOG_INFO,
            "%s: bound: %s %lld, LP %.0f, ng %d, %d columns (%d dropped), %d iterations, %d exact "
            "pricings (%d shifted), %.2f s%s",
            m->name, info->has_bound ? "lower bound" : "no bound", (long long)info->bound,
            info->lp_value, info->ng, r.ms.columns, info->dropped, info->iterations,
            info->exact_calls, info->shifts, rd_deadline_elapsed(&r.dl),
            info->stopped ? " (stopped)" : "");
done:
    info->columns = r.ms.columns;
    info->seconds = rd_deadline_elapsed(&r.dl);
    if (r.ms.lp) glp_delete_prob(r.ms.lp);
    free(r.ms.ind);
    free(r.ms.val);
    for (int v = 0; r.pricers && v < m->n_vehicles; v++) rd_pricer_destroy(r.pricers[v]);
    free(r.pricers);
    free(r.pi);
    free(r.center);
    free(r.point);
    free(r.mu);
    free(r.w);
    free(r.lam_rc);
    free(r.lam_w);
    free(r.lam_v);
    free(r.shifted);
    glp_term_out(prev_term);
    if (env == 0) glp_free_env();
    return st;
}
