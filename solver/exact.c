#include "solver/exact.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heuristics/route.h"
#include "model/clock.h"
#include "solver/pool.h"
#include "solver/sp.h"

typedef struct label {
    uint64_t set; /* tasks on the partial route */
    int last;     /* last task */
    int parent;   /* index of the label it extends, -1 for the first task */
    int64_t cost; /* travel cost so far (from the start location) */
    int64_t dep;  /* departure time from `last` */
} label;

typedef struct lab_vec {
    label *v;
    size_t n, cap;
} lab_vec;

static int push(lab_vec *a, label l) {
    if (a->n == a->cap) {
        size_t nc = a->cap ? 2 * a->cap : 1024;
        label *p = realloc(a->v, nc * sizeof *p);
        if (!p) return -1;
        a->v = p;
        a->cap = nc;
    }
    a->v[a->n++] = l;
    return 0;
}

static int cmp_label(const void *pa, const void *pb) {
    const label *a = pa, *b = pb;
    if (a->set != b->set) return a->set < b->set ? -1 : 1;
    if (a->last != b->last) return a->last - b->last;
    if (a->cost != b->cost) return a->cost < b->cost ? -1 : 1;
    return (a->dep > b->dep) - (a->dep < b->dep);
}

/* Keeps, in all[from..n), only the labels not dominated within their
 * (set, last) group; the survivors are compacted in place. */
static void filter_dominated(lab_vec *all, size_t from) {
    label *v = all->v + from;
    size_t n = all->n - from, k = 0;
    qsort(v, n, sizeof *v, cmp_label);
    for (size_t i = 0; i < n; i++) {
        if (k > 0 && v[k - 1].set == v[i].set && v[k - 1].last == v[i].last) {
            /* sorted by cost: keep i only if it leaves earlier than every kept one */
            size_t g = k;
            while (g > 0 && v[g - 1].set == v[i].set && v[g - 1].last == v[i].last) g--;
            int dominated = 0;
            for (size_t q = g; q < k && !dominated; q++) dominated = v[q].dep <= v[i].dep;
            if (dominated) continue;
        }
        v[k++] = v[i];
    }
    all->n = from + k;
}

/* Necessary load condition for a task set (exact check at the end). */
static int load_fits(const rd_model *m, int vehicle, const int64_t *pick, const int64_t *del) {
    const int64_t *cap = rd_model_capacity(m, vehicle);
    for (int d = 0; d < m->n_dims; d++)
        if (pick[d] > cap[d] || del[d] > cap[d]) return 0;
    return 1;
}

/* True once the time is up or *cancel is set. */
static int must_stop(const rd_deadline *dl, const volatile int *cancel) {
    return (cancel && *cancel) || rd_deadline_passed(dl);
}

/* Enumerates the routes of vehicle type v into the pool. When the time is up
 * or *cancel is set it stops, says why in info->cut and returns RD_OK. */
static rd_status enumerate(const rd_model *m, int v, const rd_deadline *dl,
                           const volatile int *cancel, rd_pool *pool, rd_exact_info *info,
                           rd_error *err) {
    const rd_vehicle *V = &m->vehicles[v];
    const rd_matrix *C = &m->costs[V->profile], *T = &m->durations[V->profile];
    const int n = m->n_tasks, nd = m->n_dims;
    lab_vec all = {0};
    int seq[RD_EXACT_MAX_TASKS];
    rd_status st = RD_OK;
    int64_t pick[RD_MAX_DIMS], del[RD_MAX_DIMS];
    /* level 1 */
    for (int j = 0; j < n; j++) {
        int loc = m->task_loc[j];
        int64_t arr = V->tw_start + (V->start_loc >= 0 ? rd_matrix_at(T, V->start_loc, loc) : 0);
        int64_t b = rd_task_begin(m, j, arr);
        if (b == RD_NO_TIME) continue;
        for (int d = 0; d < nd; d++) {
            pick[d] = rd_model_pickup(m, j)[d];
            del[d] = rd_model_delivery(m, j)[d];
        }
        if (!load_fits(m, v, pick, del)) continue;
        label l = {1ull << j, j, -1, V->start_loc >= 0 ? rd_matrix_at(C, V->start_loc, loc) : 0,
                   b + m->task_setup[j] + m->task_service[j]};
        if (push(&all, l)) goto oom;
    }
    size_t from = 0;
    int level = 1;
    while (from < all.n) {
        size_t to = all.n;
        if (level < V->max_tasks)
            for (size_t i = from; i < to; i++) {
                label a = all.v[i];
                int64_t pk[RD_MAX_DIMS] = {0}, dv[RD_MAX_DIMS] = {0};
                for (int t = 0; t < n; t++)
                    if (a.set >> t & 1)
                        for (int d = 0; d < nd; d++) {
                            pk[d] += rd_model_pickup(m, t)[d];
                            dv[d] += rd_model_delivery(m, t)[d];
                        }
                for (int j = 0; j < n; j++) {
                    if (a.set >> j & 1) continue;
                    for (int d = 0; d < nd; d++) {
                        pick[d] = pk[d] + rd_model_pickup(m, j)[d];
                        del[d] = dv[d] + rd_model_delivery(m, j)[d];
                    }
                    if (!load_fits(m, v, pick, del)) continue;
                    int from_loc = m->task_loc[a.last], loc = m->task_loc[j];
                    int64_t arr = a.dep + rd_matrix_at(T, from_loc, loc);
                    int64_t b = rd_task_begin(m, j, arr);
                    if (b == RD_NO_TIME) continue;
                    int64_t setup = from_loc != loc ? m->task_setup[j] : 0;
                    label l = {a.set | 1ull << j, j, (int)i,
                               a.cost + rd_matrix_at(C, from_loc, loc),
                               b + setup + m->task_service[j]};
                    if (push(&all, l)) goto oom;
                }
                if (all.n > RD_EXACT_MAX_LABELS) {
                    snprintf(info->too_large, sizeof info->too_large,
                             "%.64s is too large for route enumeration (more than %d partial "
                             "routes with %d tasks per route)",
                             m->name, RD_EXACT_MAX_LABELS, level + 1);
                    st = rd_err(err, RD_ERR_INPUT, "--exact: %s", info->too_large);
                    goto done;
                }
                if ((i & 1023) == 0 && must_stop(dl, cancel)) {
                    snprintf(info->cut, sizeof info->cut,
                             "the route enumeration was %s at %zu partial routes of up to %d "
                             "tasks",
                             cancel && *cancel ? "interrupted" : "cut by the time limit", all.n,
                             level + 1);
                    goto done;
                }
            }
        filter_dominated(&all, to);
        from = to;
        level++;
    }
    info->labels += (int64_t)all.n;
    /* Close every label into a route; the pool keeps the cheapest per set. */
    for (size_t i = 0; i < all.n; i++) {
        if ((i & 4095) == 0 && must_stop(dl, cancel)) {
            snprintf(info->cut, sizeof info->cut,
                     "the route enumeration was %s while closing %zu partial routes",
                     cancel && *cancel ? "interrupted" : "cut by the time limit", all.n);
            goto done;
        }
        int k = 0;
        for (int q = (int)i; q >= 0; q = all.v[q].parent) seq[k++] = all.v[q].last;
        for (int a = 0, b = k - 1; a < b; a++, b--) {
            int t = seq[a];
            seq[a] = seq[b];
            seq[b] = t;
        }
        int64_t c;
        if (!rd_route_check(m, v, seq, k, &c)) continue;
        if (rd_pool_size(pool) == RD_EXACT_MAX_ROUTES) { /* evicting would lose exactness */
            snprintf(info->too_large, sizeof info->too_large,
                     "%.64s has more than %d feasible task sets; too large for route enumeration",
                     m->name, RD_EXACT_MAX_ROUTES);
            st = rd_err(err, RD_ERR_INPUT, "--exact: %s", info->too_large);
            goto done;
        }
        if (rd_pool_add(pool, v, seq, k, c) < 0) goto oom;
    }
done:
    free(all.v);
    return st;
oom:
    free(all.v);
    return rd_err(err, RD_ERR_NOMEM, "--exact: out of memory enumerating routes");
}

rd_status rd_exact_solve(const rd_model *m, const rd_solution *incumbent, double time_limit,
                         const volatile int *cancel, const rd_log *log, rd_solution *out,
                         rd_exact_info *info, rd_error *err) {
    rd_exact_info local;
    if (!info) info = &local;
    memset(info, 0, sizeof *info);
    info->bound = -1;
    rd_deadline dl = rd_deadline_in(time_limit > 0 ? time_limit : 60.0);
    if (m->n_tasks > RD_EXACT_MAX_TASKS)
        return rd_err(err, RD_ERR_INPUT, "--exact: %s has %d tasks; exact mode handles at most %d",
                      m->name, m->n_tasks, RD_EXACT_MAX_TASKS);
    for (int t = 0; t < m->n_tasks; t++)
        if (m->task_kind[t] != RD_TASK_JOB || m->task_prize[t] >= 0)
            return rd_err(
                err, RD_ERR_INPUT,
                "--exact: shipments, breaks, reloads and optional (prize) tasks are not supported");
    rd_pool *pool = rd_pool_create(m, RD_EXACT_MAX_ROUTES);
    if (!pool) return rd_err(err, RD_ERR_NOMEM, "--exact: out of memory");
    rd_status st = RD_OK;
    if (must_stop(&dl, cancel))
        snprintf(info->cut, sizeof info->cut, "%s before the route enumeration",
                 cancel && *cancel ? "interrupted" : "the time limit passed");
    for (int v = 0; v < m->n_vehicles && st == RD_OK && !info->cut[0]; v++)
        st = enumerate(m, v, &dl, cancel, pool, info, err);
    info->enum_secs = rd_deadline_elapsed(&dl);
    info->routes = rd_pool_size(pool);
    if (st == RD_OK && info->cut[0]) { /* no proof: the incumbent as it is */
        rd_logf(log, RD_LOG_INFO, "%s: exact: %s; no lower bound", m->name, info->cut);
        st = rd_solution_copy(out, incumbent);
        if (st != RD_OK) rd_err(err, st, "--exact: out of memory");
    } else if (st == RD_OK) {
        rd_logf(log, RD_LOG_INFO,
                "%s: exact: %" PRId64 " partial routes, %" PRId64 " feasible task sets in %.2f s",
                m->name, info->labels, info->routes, info->enum_secs);
        double left = time_limit - info->enum_secs;
        rd_sp_params spp;
        rd_sp_params_init(&spp);
        spp.time_limit = left > 0.01 ? left : 0.01;
        spp.log = log;
        spp.cancel = cancel;
        rd_sp_info sp;
        st = rd_sp_solve(m, pool, incumbent, &spp, out, &sp, err);
        if (st == RD_OK) {
            /* Every feasible route is a column: the pool's optimum is the
             * instance's, and its bound a bound of the instance. */
            info->optimal = sp.optimal;
            info->bound = sp.bound;
            if (sp.optimal) info->bound = (double)out->cost;
        }
    }
    info->seconds = rd_deadline_elapsed(&dl);
    rd_pool_destroy(pool);
    return st;
}
