#include "solver/dist.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/clock.h"
#include "model/eval.h"
#include "model/sub.h"
#include "solver/pool.h"
#include "solver/sp.h"

#define START_SHARE     0.1  /* of the time (or the rounds) for the start */
#define EPOCH_SECONDS   15.0 /* an epoch's length under a time limit */
#define EPOCH_MIN       0.5  /* no epoch shorter than this */
#define EPOCHS_MIN      4    /* epochs under a time limit, at least (time allowing) */
#define IT_EPOCHS       6    /* epochs under an iteration budget */
#define DIST_MIN_REGION 400  /* tasks per rank below which the ranks share the whole plan */
#define TAG_REGION      7    /* a region's plan, rank r -> rank 0 */
#define PI              3.14159265358979323846

/* ---- plans as text: the messages between ranks ----
 * "routes unassigned\n", then per route "vehicle len v1 .. vlen\n", then per
 * unassigned task "task reason\n". */

static char *pack(const rd_solution *s, const char *head, size_t *len) {
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    if (!f) return NULL;
    fprintf(f, "%s%d %d\n", head ? head : "", s->n_routes, s->n_unassigned);
    for (int r = 0; r < s->n_routes; r++) {
        fprintf(f, "%d %d", s->routes[r].vehicle, s->routes[r].len);
        for (int i = 0; i < s->routes[r].len; i++) fprintf(f, " %d", s->routes[r].visits[i]);
        fputc('\n', f);
    }
    for (int u = 0; u < s->n_unassigned; u++) {
        fprintf(f, "%d ", s->unassigned[u].task);
        for (const char *c = s->unassigned[u].reason ? s->unassigned[u].reason : ""; *c; c++)
            fputc(*c == '\n' ? ' ' : *c, f);
        fputc('\n', f);
    }
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* Reads an integer in [lo, hi] at *p (spaces skipped); -1 on failure (lo >= 0). */
static long next_int(const char **p, long lo, long hi) {
    char *end;
    long v = strtol(*p, &end, 10);
    if (end == *p || v < lo || v > hi) return -1;
    *p = end;
    return v;
}

/* Appends the plan in `text` (from `*at` on; *at is moved past it) to `out`. */
static rd_status unpack(const rd_model *m, const char **at, rd_solution *out, rd_error *err) {
    const char *p = *at;
    long nr = next_int(&p, 0, 1L << 30), nu = next_int(&p, 0, 1L << 30);
    int *v = malloc(((size_t)m->n_tasks + 1) * sizeof *v);
    if (!v) return rd_err(err, RD_ERR_NOMEM, "out of memory");
    rd_status st = nr < 0 || nu < 0 ? RD_ERR_INTERNAL : RD_OK;
    for (long r = 0; r < nr && st == RD_OK; r++) {
        long veh = next_int(&p, 0, m->n_vehicles - 1), len = next_int(&p, 0, m->n_tasks);
        st = veh < 0 || len < 0 ? RD_ERR_INTERNAL : RD_OK;
        for (long i = 0; i < len && st == RD_OK; i++)
            if ((v[i] = (int)next_int(&p, 0, m->n_tasks - 1)) < 0) st = RD_ERR_INTERNAL;
        if (st == RD_OK) st = rd_solution_add_route(out, (int)veh, v, (int)len);
    }
    for (long u = 0; u < nu && st == RD_OK; u++) {
        long t = next_int(&p, 0, m->n_tasks - 1);
        if (t < 0 || *p != ' ') {
            st = RD_ERR_INTERNAL;
            break;
        }
        const char *e = strchr(++p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char reason[512];
        snprintf(reason, sizeof reason, "%.*s", (int)(n < sizeof reason ? n : sizeof reason - 1),
                 p);
        p += n;
        st = rd_solution_add_unassigned(out, (int)t, reason);
    }
    free(v);
    while (*p == '\n') p++;
    *at = p;
    if (st == RD_ERR_INTERNAL) return rd_err(err, st, "MPI: a malformed plan between ranks");
    return st == RD_OK ? RD_OK : rd_err(err, st, "out of memory");
}

/* ---- ranking: VROOM's order, as the search's ---- */

typedef struct key {
    int64_t prio, missed, cost; /* priority left out, mandatory tasks left out, cost - prizes */
} key;

static int key_less(key a, key b) {
    if (a.prio != b.prio) return a.prio < b.prio;
    if (a.missed != b.missed) return a.missed < b.missed;
    return a.cost < b.cost;
}

/* The key of plan `s`; with a pool (may be NULL), its routes go into it at
 * their evaluated costs. */
static rd_status plan_key(const rd_model *m, const rd_solution *s, rd_pool *pool, key *k,
                          rd_error *err) {
    rd_eval_report rep;
    rd_status st = rd_eval(m, s, &rep, err);
    if (st != RD_OK) return st;
    *k = (key){0, 0, rep.cost - rep.prize};
    if (!rep.feasible) k->missed = INT64_MAX / 2; /* (never: the search returns feasible plans) */
    for (int r = 0; pool && rep.feasible && r < s->n_routes; r++)
        if (rd_pool_add(pool, s->routes[r].vehicle, s->routes[r].visits, s->routes[r].len,
                        rep.route[r].cost) == -1)
            st = rd_err(err, RD_ERR_NOMEM, "out of memory");
    rd_eval_report_free(&rep);
    if (st != RD_OK) return st;
    for (int u = 0; u < s->n_unassigned; u++) {
        int t = s->unassigned[u].task;
        if (m->task_prize[t] >= 0) continue; /* optional: its prize is in the cost */
        k->missed++;
        k->prio += m->task_priority[t];
    }
    return RD_OK;
}

/* ---- regions ---- */

/* A route's centre: the mean of its located tasks' coordinates, or (without
 * coordinates) the location of its middle located task in cx. */
static void route_centre(const rd_model *m, const rd_route *R, double *cx, double *cy) {
    double sx = 0, sy = 0;
    int n = 0, mid = -1;
    for (int i = 0; i < R->len; i++) {
        int l = m->task_loc[R->visits[i]];
        if (l < 0) continue;
        if (m->x) sx += m->x[l], sy += m->y[l];
        if (n++ == 0 || i <= R->len / 2) mid = l;
    }
    if (!m->x) {
        *cx = mid, *cy = 0;
        return;
    }
    *cx = n ? sx / n : 0, *cy = n ? sy / n : 0;
}

typedef struct ranked {
    double at;
    int r;
} ranked;

static int cmp_ranked(const void *a, const void *b) {
    const ranked *x = a, *y = b;
    if (x->at != y->at) return x->at < y->at ? -1 : 1;
    return (x->r > y->r) - (x->r < y->r);
}

/* Cuts the plan's routes into K regions: region[r] for route r, and
 * task_region[t] for each task left out. Deterministic in (plan, K, epoch). */
static rd_status regions(const rd_model *m, const rd_solution *s, int K, int epoch, int *region,
                         int *task_region) {
    const int nr = s->n_routes;
    ranked *o = malloc((size_t)(nr ? nr : 1) * sizeof *o);
    double *cx = malloc((size_t)(nr ? nr : 1) * sizeof *cx),
           *cy = malloc((size_t)(nr ? nr : 1) * sizeof *cy);
    if (!o || !cx || !cy) {
        free(o), free(cx), free(cy);
        return RD_ERR_NOMEM;
    }
    int total = 0;
    for (int r = 0; r < nr; r++) {
        route_centre(m, &s->routes[r], &cx[r], &cy[r]);
        total += s->routes[r].len;
    }
    double ox = 0, oy = 0; /* the depot, else the centre of the routes */
    int depot = m->vehicles[0].start_loc >= 0 ? m->vehicles[0].start_loc : m->vehicles[0].end_loc;
    if (m->x && depot >= 0) {
        ox = m->x[depot], oy = m->y[depot];
    } else if (m->x) {
        for (int r = 0; r < nr; r++) ox += cx[r] / nr, oy += cy[r] / nr;
    }
    const double turn = fmod(epoch * 0.6180339887 * (2 * PI / K), 2 * PI);
    const int anchor = nr ? (int)(((int64_t)epoch * 7919) % nr) : 0;
    for (int r = 0; r < nr; r++) {
        o[r].r = r;
        if (m->x) {
            double a = atan2(cy[r] - oy, cx[r] - ox) - turn;
            o[r].at = a < -PI ? a + 2 * PI : a;
        } else { /* rings around an anchor route, by travel cost */
            o[r].at = (double)rd_matrix_at(&m->costs[0], (int)cx[anchor], (int)cx[r]);
        }
    }
    qsort(o, (size_t)nr, sizeof *o, cmp_ranked);
    for (int k = 0, g = 0, seen = 0; k < nr; k++) {
        region[o[k].r] = g;
        seen += s->routes[o[k].r].len;
        if (g < K - 1 && (int64_t)seen * K >= (int64_t)(g + 1) * total) g++;
    }
    for (int u = 0; u < s->n_unassigned; u++) { /* the nearest route's region */
        int t = s->unassigned[u].task, l = m->task_loc[t], best = -1;
        double bd = INFINITY;
        for (int r = 0; r < nr && l >= 0; r++) {
            double d = m->x ? hypot(m->x[l] - cx[r], m->y[l] - cy[r])
                            : (double)rd_matrix_at(&m->costs[0], l, (int)cx[r]);
            if (d < bd) bd = d, best = r;
        }
        task_region[t] = best >= 0 ? region[best] : (int)((t + epoch) % K);
    }
    for (int u = 0; u < s->n_unassigned; u++) { /* a shipment stays with its pickup */
        int t = s->unassigned[u].task;
        if (m->task_kind[t] == RD_TASK_DELIVERY) task_region[t] = task_region[m->task_pair[t]];
    }
    free(o), free(cx), free(cy);
    return RD_OK;
}

/* ---- one region, on this rank ---- */

/* The vehicles of region `me`: its routes' types, and a share of each
 * type's unused vehicles (the shares of the K regions add up to them). */
static void region_fleet(const rd_model *m, const rd_solution *plan, const int *region, int me,
                         int K, int epoch, int *count, int *used) {
    memset(count, 0, (size_t)m->n_vehicles * sizeof *count);
    memset(used, 0, (size_t)m->n_vehicles * sizeof *used);
    for (int r = 0; r < plan->n_routes; r++) {
        used[plan->routes[r].vehicle]++;
        if (region[r] == me) count[plan->routes[r].vehicle]++;
    }
    for (int v = 0; v < m->n_vehicles; v++) {
        int free_ = m->vehicles[v].count - used[v];
        if (free_ <= 0) continue;
        int turn = (int)(((int64_t)me - v - epoch) % K);
        if (turn < 0) turn += K;
        count[v] += free_ / K + (turn < free_ % K);
    }
}

/* Solves region `me` of `plan` with params `q` and appends the better of its
 * routes and what the search made of them (parent indices) to `res`. */
static rd_status solve_region(const rd_model *m, const rd_solution *plan, const int *region,
                              const int *task_region, int me, int K, int epoch, const rd_params *q,
                              const rd_log *log, rd_solution *res, rd_solve_stats *ss,
                              rd_error *err) {
    unsigned char *take = calloc((size_t)m->n_tasks + 1, 1);
    int *count = malloc((size_t)m->n_vehicles * sizeof *count);
    int *used = malloc((size_t)m->n_vehicles * sizeof *used);
    int *v = malloc(((size_t)m->n_tasks + 1) * sizeof *v);
    rd_solution *init = rd_solution_create(), *base = rd_solution_create(),
                *got = rd_solution_create();
    rd_sub sub = {0};
    rd_status st = take && count && used && v && init && base && got ? RD_OK : RD_ERR_NOMEM;
    int n = 0, nveh = 0;
    if (st == RD_OK) {
        region_fleet(m, plan, region, me, K, epoch, count, used);
        for (int r = 0; r < plan->n_routes; r++)
            for (int i = 0; region[r] == me && i < plan->routes[r].len; i++, n++)
                take[plan->routes[r].visits[i]] = 1;
        for (int u = 0; u < plan->n_unassigned; u++)
            if (task_region[plan->unassigned[u].task] == me)
                take[plan->unassigned[u].task] = 1, n++;
        for (int t = 0; t < m->n_vehicles; t++) nveh += count[t];
    }
    if (st == RD_OK && n > 0 && nveh == 0) { /* tasks left out, no vehicle: as they were */
        for (int u = 0; u < plan->n_unassigned && st == RD_OK; u++)
            if (task_region[plan->unassigned[u].task] == me)
                st = rd_solution_add_unassigned(res, plan->unassigned[u].task,
                                                plan->unassigned[u].reason);
        n = 0;
    }
    if (st == RD_OK && n > 0) st = rd_sub_build(m, take, count, &sub, err);
    for (int r = 0; st == RD_OK && n > 0 && r < plan->n_routes; r++) {
        if (region[r] != me) continue;
        const rd_route *R = &plan->routes[r];
        for (int i = 0; i < R->len; i++) v[i] = sub.sub_task[R->visits[i]];
        st = rd_solution_add_route(init, sub.sub_veh[R->vehicle], v, R->len);
    }
    if (st == RD_OK && n > 0) st = rd_solution_copy(base, init);
    for (int u = 0; st == RD_OK && n > 0 && u < plan->n_unassigned; u++)
        if (task_region[plan->unassigned[u].task] == me)
            st = rd_solution_add_unassigned(base, sub.sub_task[plan->unassigned[u].task],
                                            plan->unassigned[u].reason);
    if (st == RD_OK && n > 0) {
        rd_params qq = *q;
        qq.initial = init;
        rd_solve_stats s1 = {0};
        st = rd_solve(sub.m, &qq, got, &s1, err);
        ss->iterations += s1.iterations;
        ss->sp_calls += s1.sp_calls;
        ss->sp_improvements += s1.sp_improvements;
        ss->sp_gain += s1.sp_gain;
        ss->sp_seconds += s1.sp_seconds;
        key kb, kg;
        if (st == RD_OK) st = plan_key(sub.m, base, NULL, &kb, err);
        if (st == RD_OK) st = plan_key(sub.m, got, NULL, &kg, err);
        if (st == RD_OK) st = rd_sub_to_parent(&sub, key_less(kg, kb) ? got : base, res);
        if (st == RD_OK) /* (rank 0's line: the others log errors only) */
            rd_logf(log, RD_LOG_DEBUG,
                    "%s: epoch %d: region %d: %d tasks, %d routes, search %.2f s, %lld rounds, %s",
                    m->name, epoch, me, sub.m->n_tasks, init->n_routes, s1.seconds,
                    (long long)s1.iterations, key_less(kg, kb) ? "improved" : "kept");
    }
    if (st == RD_ERR_NOMEM) rd_err(err, st, "out of memory");
    rd_sub_free(&sub);
    rd_solution_destroy(init);
    rd_solution_destroy(base);
    rd_solution_destroy(got);
    free(take), free(count), free(used), free(v);
    return st;
}

/* ---- the run ---- */

/* Broadcasts `plan` from rank `root` to every rank (the others' copies are
 * replaced). */
static rd_status share_plan(const rd_model *m, const rd_par *par, int root, rd_solution *plan,
                            rd_error *err) {
    size_t len = 0; /* (a packed plan is never empty: the root sends "" when it cannot pack) */
    char *text = par->rank == root ? pack(plan, NULL, &len) : NULL;
    rd_status st = rd_par_bcast(par, root, &text, &len);
    if (st == RD_OK && len == 0) st = RD_ERR_NOMEM;
    if (st == RD_OK && par->rank != root) {
        rd_solution_clear(plan);
        const char *at = text;
        st = unpack(m, &at, plan, err);
    }
    free(text);
    if (st == RD_ERR_NOMEM) return rd_err(err, st, "out of memory");
    if (st == RD_ERR_INTERNAL && err && !err->msg[0]) rd_err(err, st, "MPI: broadcast failed");
    return st;
}

/* Rank 0 decides the next epoch: its length in seconds (0 under an
 * iteration budget), or -1 to end; every rank learns it. *n_epochs (rank
 * 0, time limit): the epochs planned, fixed at the first call (0 before). */
static rd_status next_epoch(const rd_par *par, int timed, int64_t end_ns, int epoch, int stop,
                            int *n_epochs, double *secs) {
    char buf[64];
    char *text = buf;
    size_t len = 0;
    if (par->rank == 0) {
        double s = -1;
        if (!stop && timed) {
            double rem = (double)(end_ns - rd_clock_ns()) * 1e-9;
            if (*n_epochs == 0) *n_epochs = (int)fmax(EPOCHS_MIN, floor(rem / EPOCH_SECONDS + 0.5));
            int n = *n_epochs - epoch + 1; /* the epochs left share the time left */
            if (rem >= EPOCH_MIN) s = fmax(EPOCH_MIN, rem / (n < 1 ? 1 : n));
        } else if (!stop) {
            s = epoch <= IT_EPOCHS ? 0 : -1;
        }
        len = (size_t)snprintf(buf, sizeof buf, "%.6f", s);
    }
    rd_status st = rd_par_bcast(par, 0, &text, &len);
    if (st != RD_OK) return st;
    *secs = strtod(text, NULL);
    if (text != buf) free(text);
    return RD_OK;
}

/* One epoch: every rank solves its region, rank 0 puts the plan together
 * and broadcasts it. *stop: a rank was cancelled. */
static rd_status epoch_run(const rd_model *m, const rd_params *q, const rd_par *par, int epoch,
                           const rd_log *log, rd_solution *plan, int *stop, rd_solve_stats *ss,
                           rd_error *err) {
    const int K = par->size;
    int *region = malloc((size_t)(plan->n_routes ? plan->n_routes : 1) * sizeof *region);
    int *task_region = malloc(((size_t)m->n_tasks + 1) * sizeof *task_region);
    rd_solution *res = rd_solution_create();
    rd_status st = region && task_region && res ? RD_OK : RD_ERR_NOMEM;
    if (st == RD_OK) st = regions(m, plan, K, epoch, region, task_region);
    if (st == RD_OK)
        st = solve_region(m, plan, region, task_region, par->rank, K, epoch, q, log, res, ss, err);
    int cancelled = q->cancel && *q->cancel;
    const int64_t t_done = rd_clock_ns();
    if (st == RD_OK && par->rank != 0) {
        size_t len = 0;
        char *text = pack(res, cancelled ? "1\n" : "0\n", &len);
        st = text ? rd_par_send(par, 0, TAG_REGION, text, len) : RD_ERR_NOMEM;
        free(text);
    } else if (st == RD_OK) { /* rank 0: the regions in rank order */
        *stop |= cancelled;
        for (int r = 1; r < K && st == RD_OK; r++) {
            char *text = NULL;
            size_t len = 0;
            st = rd_par_recv(par, r, TAG_REGION, &text, &len, NULL, NULL);
            if (st != RD_OK) break;
            const char *at = text;
            *stop |= *at == '1';
            at += *at ? 1 : 0;
            while (*at == '\n') at++;
            st = unpack(m, &at, res, err);
            free(text);
        }
        if (st == RD_OK) st = rd_solution_copy(plan, res);
    }
    free(region), free(task_region);
    rd_solution_destroy(res);
    if (st == RD_OK) st = share_plan(m, par, 0, plan, err);
    if (st == RD_OK) /* waiting for the other regions, putting together, sending */
        rd_logf(log, RD_LOG_DEBUG, "%s: epoch %d: exchange %.3f s", m->name, epoch,
                (double)(rd_clock_ns() - t_done) * 1e-9);
    if (st == RD_ERR_NOMEM) rd_err(err, st, "out of memory");
    return st;
}

/* The plan with the best key over the ranks (ties: the lower rank) goes to
 * every rank; *stop gets whether a rank was cancelled. */
static rd_status best_of_ranks(const rd_model *m, const rd_params *q, const rd_par *par,
                               rd_solution *plan, int *stop, int *winner, rd_error *err) {
    key k;
    RD_TRY(plan_key(m, plan, NULL, &k, err));
    const int K = par->size;
    int64_t mine[4] = {k.prio, k.missed, k.cost, q->cancel && *q->cancel};
    int64_t *all = malloc((size_t)K * 4 * sizeof *all);
    if (!all) return rd_err(err, RD_ERR_NOMEM, "out of memory");
    rd_status st = rd_par_allgather(par, mine, 4, all);
    *winner = 0;
    for (int r = 0; r < K && st == RD_OK; r++) {
        key a = {all[4 * r], all[4 * r + 1], all[4 * r + 2]};
        key b = {all[4 * *winner], all[4 * *winner + 1], all[4 * *winner + 2]};
        if (key_less(a, b)) *winner = r;
        *stop |= all[4 * r + 3] != 0;
    }
    free(all);
    if (st != RD_OK) return rd_err(err, st, "MPI: gathering the ranks' plans failed");
    return share_plan(m, par, *winner, plan, err);
}

/* The routes of `plan` alone (a search's starting plan), or NULL. */
static rd_solution *routes_of(const rd_solution *plan) {
    rd_solution *init = rd_solution_create();
    for (int r = 0; init && r < plan->n_routes; r++)
        if (rd_solution_add_route(init, plan->routes[r].vehicle, plan->routes[r].visits,
                                  plan->routes[r].len) != RD_OK) {
            rd_solution_destroy(init);
            return NULL;
        }
    return init;
}

/* An epoch without regions (too few tasks per rank for them to pay): every
 * rank searches the whole model from the plan with its own seed, the best
 * plan goes to every rank. */
static rd_status epoch_whole(const rd_model *m, const rd_params *q, const rd_par *par,
                             rd_solution *plan, int *stop, rd_solve_stats *ss, rd_error *err) {
    rd_solution *init = routes_of(plan), *got = rd_solution_create();
    rd_status st = init && got ? RD_OK : rd_err(err, RD_ERR_NOMEM, "out of memory");
    rd_params qq = *q;
    qq.initial = init;
    rd_solve_stats s1 = {0};
    key kp, kg;
    if (st == RD_OK) st = rd_solve(m, &qq, got, &s1, err);
    ss->iterations += s1.iterations;
    if (st == RD_OK) st = plan_key(m, plan, NULL, &kp, err);
    if (st == RD_OK) st = plan_key(m, got, NULL, &kg, err);
    if (st == RD_OK && key_less(kg, kp)) st = rd_solution_copy(plan, got);
    rd_solution_destroy(init);
    rd_solution_destroy(got);
    int winner = 0;
    return st == RD_OK ? best_of_ranks(m, q, par, plan, stop, &winner, err) : st;
}

/* Rank 0's last search, on the whole model from `plan` (which it replaces
 * when the search's plan ranks no worse): the tasks the regions left out
 * get their reasons from the whole plan. */
static rd_status finish(const rd_model *m, const rd_params *p, int64_t start_ns, int64_t n_it,
                        rd_solution *plan, rd_solve_stats *ss, rd_error *err) {
    rd_solution *init = routes_of(plan), *got = rd_solution_create();
    rd_status st = init && got ? RD_OK : rd_err(err, RD_ERR_NOMEM, "out of memory");
    rd_params q = *p;
    q.log = NULL;
    q.initial = init;
    q.anneal_from = 1; /* the end of the schedule: improvements only, nearly */
    if (p->time_limit > 0) {
        double left = p->time_limit - (double)(rd_clock_ns() - start_ns) * 1e-9;
        q.start_ns = rd_clock_ns();
        q.time_limit = fmax(0.05, left - 0.05);
    } else {
        q.iterations = n_it / 16 > 0 ? n_it / 16 : 1;
    }
    rd_solve_stats s1 = {0};
    if (st == RD_OK) st = rd_solve(m, &q, got, &s1, err);
    ss->iterations += s1.iterations;
    key kp, kg;
    if (st == RD_OK) st = plan_key(m, plan, NULL, &kp, err);
    if (st == RD_OK) st = plan_key(m, got, NULL, &kg, err);
    if (st == RD_OK && !key_less(kp, kg)) st = rd_solution_copy(plan, got);
    rd_solution_destroy(init);
    rd_solution_destroy(got);
    return st;
}

/* Rank 0's set partitioning over the routes of the plans the epochs put
 * together (each epoch's regions differ, so its routes combine with other
 * epochs'): `plan` is replaced when a combination costs less. */
static rd_status recombine(const rd_model *m, const rd_params *p, rd_pool *pool, double secs,
                           rd_solution *plan, rd_error *err) {
    rd_solution *got = rd_solution_create();
    if (!got) return rd_err(err, RD_ERR_NOMEM, "out of memory");
    rd_sp_params spp;
    rd_sp_params_init(&spp);
    spp.time_limit = secs;
    spp.max_nodes = p->time_limit > 0 ? 0 : p->sp_nodes; /* (a node limit: deterministic) */
    spp.log = p->log;
    spp.cancel = p->cancel;
    spp.regions = 1;
    spp.threads = p->threads > 0 ? p->threads : 1;
    rd_sp_info info;
    rd_status st = rd_sp_solve(m, pool, plan, &spp, got, &info, err);
    if (st == RD_OK)
        rd_logf(p->log, RD_LOG_DEBUG,
                "%s: set partitioning over the ranks' routes: %d routes, %s by %lld, %.2f s",
                m->name, info.columns, info.improved ? "improved" : "not improved",
                (long long)info.gain, info.seconds);
    if (st == RD_OK && info.improved) st = rd_solution_copy(plan, got);
    rd_solution_destroy(got);
    return st;
}

rd_status rd_dist_solve(const rd_model *m, const rd_params *p, const rd_par *par, rd_solution *out,
                        rd_solve_stats *stats, rd_error *err) {
    if (!par || par->size <= 1) return rd_solve(m, p, out, stats, err);
    const int64_t t0 = rd_clock_ns(), start_ns = p->start_ns > 0 ? p->start_ns : t0;
    const int timed = p->time_limit > 0;
    const int64_t n_it = rd_params_iterations(p);
    /* a reserve at the end for the exchanges, the set partitioning over the
     * epochs' routes and the final search */
    const double sp_secs = p->sp_share <= 0 ? 0
                           : timed          ? fmin(3.0, 0.1 * p->sp_share * p->time_limit)
                                            : 10.0;
    const double reserve = timed ? fmin(2.0, 0.02 * p->time_limit) + sp_secs : 0;
    const int64_t end_ns = start_ns + (int64_t)((p->time_limit - reserve) * 1e9);
    rd_solve_stats ss = {0};
    rd_params q = *p;
    q.log = NULL;
    q.seed = p->seed + (uint64_t)par->rank * 0x9E3779B97F4A7C15ull;
    /* one annealing schedule over the whole run: each solve covers its share */
    if (timed) {
        q.start_ns = start_ns;
        q.time_limit = START_SHARE * p->time_limit;
        q.anneal_until = START_SHARE;
    } else {
        q.iterations = n_it / 4 > 0 ? n_it / 4 : 1;
        q.anneal_until = 0.25;
    }
    /* a region's search under a time limit: one slot per thread, as on
     * more than RD_SLOTS_LARGE tasks (depth, not diversity, pays there) */
    const int region_slots = p->slots > 0 ? p->slots : timed && p->threads > 0 ? p->threads : 0;
    int winner = 0, stop = 0, n_epochs = 0;
    rd_pool *pool = NULL; /* rank 0's: the routes of every plan put together */
    rd_status st = RD_OK;
    if (par->rank == 0 && sp_secs > 0) {
        int64_t most = rd_model_fleet_size(m) < m->n_tasks ? rd_model_fleet_size(m) : m->n_tasks;
        int cap = p->pool_size > 0 ? p->pool_size : 1;
        if (4 * most > cap) cap = (int)(4 * most < INT32_MAX / 8 ? 4 * most : INT32_MAX / 8);
        if (!(pool = rd_pool_create(m, cap))) st = rd_err(err, RD_ERR_NOMEM, "out of memory");
    }
    if (st == RD_OK) st = rd_solve(m, &q, out, &ss, err);
    if (st == RD_OK) st = best_of_ranks(m, &q, par, out, &stop, &winner, err);
    int64_t first = ss.initial_cost;
    const int per_rank = p->region_tasks > 0 ? p->region_tasks : RD_REGION_TASKS;
    const int regional = m->n_tasks >= (int64_t)per_rank * par->size;
    key k = {0, 0, 0};
    if (st == RD_OK && par->rank == 0) st = plan_key(m, out, pool, &k, err);
    if (st == RD_OK && par->rank == 0)
        rd_logf(p->log, RD_LOG_INFO, "%s: %d ranks (%s): start: cost %lld (rank %d), %.2f s",
                m->name, par->size, regional ? "regions" : "whole plan on each", (long long)k.cost,
                winner, (double)(rd_clock_ns() - t0) * 1e-9);
    q.initial = NULL;
    for (int epoch = 1; st == RD_OK; epoch++) {
        double secs = -1;
        stop |= p->cancel && *p->cancel;
        if ((st = next_epoch(par, timed, end_ns, epoch, stop, &n_epochs, &secs)) != RD_OK ||
            secs < 0)
            break;
        q.seed = p->seed * 1000003u + (uint64_t)epoch * 7919u + (uint64_t)par->rank * 104729u;
        if (timed) {
            q.start_ns = rd_clock_ns();
            q.time_limit = secs;
            q.anneal_from = fmin(1, (double)(q.start_ns - start_ns) * 1e-9 / p->time_limit);
            q.anneal_until = fmin(1, q.anneal_from + secs / p->time_limit);
        } else {
            q.iterations = n_it / 8 > 0 ? n_it / 8 : 1;
            q.anneal_from = 0.25 + 0.125 * (epoch - 1);
            q.anneal_until = q.anneal_from + 0.125;
        }
        q.slots = regional && timed ? region_slots : p->slots;
        st = regional ? epoch_run(m, &q, par, epoch, p->log, out, &stop, &ss, err)
                      : epoch_whole(m, &q, par, out, &stop, &ss, err);
        if (st == RD_OK && par->rank == 0) st = plan_key(m, out, pool, &k, err);
        if (st == RD_OK && par->rank == 0)
            rd_logf(p->log, RD_LOG_INFO, "%s: epoch %d: cost %lld, %lld left out, %.2f s", m->name,
                    epoch, (long long)k.cost, (long long)k.missed,
                    (double)(rd_clock_ns() - t0) * 1e-9);
    }
    /* the end, at rank 0: the routes of all epochs recombined, then the
     * reasons of the tasks left out made true of the whole plan */
    if (st == RD_OK && pool && rd_pool_size(pool) > out->n_routes)
        st = recombine(m, p, pool, timed ? fmax(0.05, sp_secs) : sp_secs, out, err);
    if (st == RD_OK && par->rank == 0 && out->n_unassigned > 0)
        st = finish(m, p, start_ns, n_it, out, &ss, err);
    if (st == RD_OK) st = share_plan(m, par, 0, out, err);
    rd_pool_destroy(pool);
    if (st != RD_OK) { /* mid-exchange: the other ranks would wait for this one */
        fprintf(stderr, "rondo: error: %s: rank %d: %s\n", m->name, par->rank,
                err && err->msg[0] ? err->msg : rd_status_name(st));
        rd_par_abort(par, rd_status_exit_code(st));
    }
    if (stats) {
        *stats = ss;
        stats->seconds = (double)(rd_clock_ns() - t0) * 1e-9;
        stats->best_slot = winner;
        stats->initial_cost = first;
    }
    if (st != RD_OK && err && err->status == RD_OK) rd_err(err, st, "MPI: the ranks failed");
    return st;
}
