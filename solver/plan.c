#include "solver/plan.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const char *const CAUSE_NAMES[RD_PLAN_N_CAUSES] = {
    "lead_time",     "delay",           "load",         "max_tasks", "skills", "precedence",
    "missing_break", "max_travel_time", "max_distance", "max_load"};

const char *rd_plan_cause_name(int bit) {
    return bit >= 0 && bit < RD_PLAN_N_CAUSES ? CAUSE_NAMES[bit] : NULL;
}

/* Objective of a partial schedule, compared lexicographically. */
typedef struct obj {
    int64_t viol;     /* total violation; INT64_MAX: unreachable */
    int64_t makespan; /* -t_start, then + t_end */
    int64_t sum;      /* sum of the t_p */
} obj;

static const obj UNREACHABLE = {INT64_MAX, 0, 0};

static int obj_less(obj a, obj b) {
    if (a.viol != b.viol) return a.viol < b.viol;
    if (a.makespan != b.makespan) return a.makespan < b.makespan;
    return a.sum < b.sum;
}

/* Distance from t to the union of the windows [s[k], e[k]] (sorted,
 * disjoint), split into lead time (t before the nearest window) or delay (t
 * after it); a tie between two windows counts as delay. *w is a search hint:
 * the index to start from, valid when successive calls have non-decreasing t
 * (start at 0 otherwise). */
static int64_t window_violation(const int64_t *s, const int64_t *e, int nw, int64_t t, int *w,
                                int64_t *lead, int64_t *delay) {
    while (*w < nw - 1 && e[*w] < t) ++*w;
    int k = *w;
    *lead = *delay = 0;
    if (t > e[k]) { /* after the last window */
        *delay = t - e[k];
    } else if (t < s[k]) {
        if (k > 0 && t - e[k - 1] <= s[k] - t)
            *delay = t - e[k - 1];
        else
            *lead = s[k] - t;
    }
    return *lead + *delay;
}

static int cmp_i64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Per-step data of the route, p = 0 .. N-1. */
typedef struct plan_work {
    int n;           /* steps: len + 2 */
    int *task;       /* [n] task index, -1 for start and end */
    int64_t *gap;    /* [n] action_p + travel_p: least t_{p+1} - t_p (gap[n-1] = 0) */
    int *at;         /* [n] where step p happens (a break: where the vehicle is), -1: none */
    int64_t *action; /* [n] setup + service paid at p */
    int64_t *off;    /* [n] O_p = sum of gap[0..p) */
    int64_t *lo;     /* [n] hard bounds on t_p */
    int64_t *hi;
    int64_t *ws, *we; /* [n] the step's soft window when it is the vehicle's (start/end) */
} plan_work;

#define PLAN_NOMEM "out of memory while scheduling a plan-mode route"

/* Windows of step p: the task's, or the shift for start (lead only) and end (delay only). */
static void step_windows(const rd_model *m, const plan_work *w, int p, const int64_t **s,
                         const int64_t **e, int *nw) {
    int t = w->task[p];
    if (t >= 0) {
        int a = m->task_tw_first[t];
        *s = m->tw_start + a;
        *e = m->tw_end + a;
        *nw = m->task_tw_first[t + 1] - a;
    } else {
        *s = &w->ws[p];
        *e = &w->we[p];
        *nw = 1;
    }
}

/* Fills w's step data: the task of each step, where it happens (-1: a start
 * or end without location, reached or left with no travel; a break is taken
 * where the vehicle is and changes nothing for setups), its action, gap and
 * offset, its hard bounds and the vehicle's shift as the start's and end's
 * windows. Returns the number of the tasks' windows. */
static int plan_steps(const rd_model *m, const rd_route *rt, const int64_t *after,
                      const int64_t *before, plan_work *w) {
    const rd_vehicle *veh = &m->vehicles[rt->vehicle];
    const rd_matrix *dur = &m->durations[veh->profile];
    const int n = w->n;
    int prev_loc = veh->start_loc, nw_total = 0;
    for (int p = 0; p < n; p++) {
        int t = (p == 0 || p == n - 1) ? -1 : rt->visits[p - 1];
        w->task[p] = t;
        w->action[p] = 0;
        w->at[p] = p == 0 ? veh->start_loc : p == n - 1 ? -1 : prev_loc;
        if (t >= 0 && m->task_kind[t] == RD_TASK_BREAK) {
            w->action[p] = m->task_service[t];
            nw_total += m->task_tw_first[t + 1] - m->task_tw_first[t];
        } else if (t >= 0) {
            int loc = m->task_loc[t];
            w->action[p] = (prev_loc != loc ? m->task_setup[t] : 0) + m->task_service[t];
            prev_loc = w->at[p] = loc;
            nw_total += m->task_tw_first[t + 1] - m->task_tw_first[t];
        }
        w->lo[p] = after && after[p] > 0 ? after[p] : 0;
        w->hi[p] = before ? before[p] : RD_INF;
        w->ws[p] = p == 0 ? veh->tw_start : INT64_MIN / 4;   /* start: lead time only */
        w->we[p] = p == n - 1 ? veh->tw_end : INT64_MAX / 4; /* end: delay only */
    }
    for (int p = 0; p < n; p++) {
        int from = w->at[p];
        int to = p + 1 == n - 1 ? veh->end_loc : p + 1 < n ? m->task_loc[w->task[p + 1]] : -1;
        w->gap[p] = w->action[p] + (from >= 0 && to >= 0 ? rd_matrix_at(dur, from, to) : 0);
        w->off[p] = p == 0 ? 0 : w->off[p - 1] + w->gap[p - 1];
    }
    return nw_total;
}

/* Hard bounds: the earliest t_p, forward; feasible iff it never passes hi.
 * RD_ERR_INPUT with res->bad_step and res->earliest when it does. */
static rd_status plan_earliest(const plan_work *w, rd_plan_result *res, rd_error *err) {
    int64_t e = 0;
    for (int p = 0; p < w->n; p++) {
        e = p == 0 ? w->lo[0] : (e + w->gap[p - 1] > w->lo[p] ? e + w->gap[p - 1] : w->lo[p]);
        if (e > w->hi[p]) {
            res->bad_step = p;
            res->earliest = e;
            return rd_err(err, RD_ERR_INPUT,
                          "step %d: the earliest possible service start %" PRId64
                          " is after its bound %" PRId64,
                          p, e, w->hi[p]);
        }
    }
    return RD_OK;
}

/* Candidate values of u = t - O_p: every breakpoint of every step,
 * normalised by that step's offset; sorted, distinct, into *out (malloc'd:
 * *nb of them). RD_ERR_INPUT beyond RD_PLAN_MAX_CELLS. */
static rd_status plan_candidates(const rd_model *m, const plan_work *w, int nw_total, int64_t **out,
                                 size_t *nb, rd_error *err) {
    const int n = w->n;
    size_t nc = 0, cap = (size_t)(4 * n) + 2 * (size_t)nw_total;
    int64_t *cand = *out = malloc(cap * sizeof *cand);
    if (!cand) return rd_err(err, RD_ERR_NOMEM, PLAN_NOMEM);
    for (int p = 0; p < n; p++) {
        const int64_t *s, *e;
        int nw;
        cand[nc++] = w->lo[p] - w->off[p];
        if (w->hi[p] < RD_INF) cand[nc++] = w->hi[p] - w->off[p];
        step_windows(m, w, p, &s, &e, &nw);
        for (int k = 0; k < nw; k++) {
            if (p != 0) cand[nc++] = e[k] - w->off[p];
            if (p != n - 1) cand[nc++] = s[k] - w->off[p];
        }
    }
    qsort(cand, nc, sizeof *cand, cmp_i64);
    size_t b = 0;
    for (size_t i = 0; i < nc; i++)
        if (b == 0 || cand[i] != cand[b - 1]) cand[b++] = cand[i];
    *nb = b;
    if ((double)b * (double)n > (double)RD_PLAN_MAX_CELLS)
        return rd_err(err, RD_ERR_INPUT,
                      "route of %d steps with %zu candidate times: beyond plan mode's limit of %ld "
                      "steps x times",
                      n, b, (long)RD_PLAN_MAX_CELLS);
    return RD_OK;
}

/* Dynamic programme: G_p(u) = cost_p(u + O_p) + min_{u' <= u} G_{p-1}(u');
 * pick[p] receives the index of step p's time in cand[0..b). */
static rd_status plan_dp(const rd_model *m, const plan_work *w, const int64_t *cand, size_t b,
                         int *pick, rd_error *err) {
    const int n = w->n;
    obj *prev = malloc(b * sizeof *prev), *cur = malloc(b * sizeof *cur);
    int32_t *arg = malloc(b * (size_t)n * sizeof *arg);
    rd_status st = RD_OK;
    if (!prev || !cur || !arg) {
        st = rd_err(err, RD_ERR_NOMEM, PLAN_NOMEM);
        goto done;
    }
    for (int p = 0; p < n; p++) {
        const int64_t *s, *e;
        int nw, hint = 0;
        step_windows(m, w, p, &s, &e, &nw);
        obj best = UNREACHABLE;
        int32_t bi = -1;
        for (size_t q = 0; q < b; q++) {
            if (p > 0 && obj_less(prev[q], best)) {
                best = prev[q];
                bi = (int32_t)q;
            }
            arg[(size_t)p * b + q] = bi;
            int64_t t = cand[q] + w->off[p], lead, delay;
            if (t < w->lo[p] || t > w->hi[p] || (p > 0 && bi < 0)) {
                cur[q] = UNREACHABLE;
                continue;
            }
            obj o = p > 0 ? best : (obj){0, -t, 0};
            o.viol += window_violation(s, e, nw, t, &hint, &lead, &delay);
            if (p == n - 1) o.makespan += t;
            o.sum += t;
            cur[q] = o;
        }
        obj *tmp = prev;
        prev = cur;
        cur = tmp;
    }
    int best_q = -1;
    for (size_t q = 0; q < b; q++)
        if (prev[q].viol != INT64_MAX && (best_q < 0 || obj_less(prev[q], prev[best_q])))
            best_q = (int)q;
    if (best_q < 0) {
        st = rd_err(err, RD_ERR_INTERNAL, "plan: no schedule found although the bounds can be met");
        goto done;
    }
    pick[n - 1] = best_q;
    for (int p = n - 1; p > 0; p--) pick[p - 1] = arg[(size_t)p * b + (size_t)pick[p]];
done:
    free(prev);
    free(cur);
    free(arg);
    return st;
}

/* The violations of task step p (route position p - 1) at begin time t with
 * the load after it in load[]: windows, max_tasks (*n_tasks counts the
 * tasks so far), a break's max_load, skills, shipment order. */
static void task_causes(const rd_model *m, const rd_route *rt, const plan_work *w, int p, int64_t t,
                        const int64_t *load, int64_t *n_tasks, rd_plan_step *ps) {
    const int task = w->task[p], nd = m->n_dims;
    const int64_t *ws, *we;
    int nw, hint = 0;
    step_windows(m, w, p, &ws, &we, &nw);
    window_violation(ws, we, nw, t, &hint, &ps->lead_time, &ps->delay);
    if (ps->lead_time) ps->causes |= RD_PLAN_LEAD_TIME;
    if (ps->delay) ps->causes |= RD_PLAN_DELAY;
    if (m->task_kind[task] == RD_TASK_BREAK) {
        for (int d = 0; d < nd && m->task_max_load; d++)
            if (load[d] > m->task_max_load[(size_t)task * (size_t)nd + (size_t)d])
                ps->causes |= RD_PLAN_MAX_LOAD;
    } else if (++*n_tasks > m->vehicles[rt->vehicle].max_tasks) {
        ps->causes |= RD_PLAN_MAX_TASKS;
    }
    if (!rd_model_can_serve(m, rt->vehicle, task)) ps->causes |= RD_PLAN_SKILLS;
    int pair = m->task_pair[task], found = 0;
    if (m->task_kind[task] == RD_TASK_PICKUP)
        for (int i = p; i < rt->len && !found; i++) found = rt->visits[i] == pair;
    else if (m->task_kind[task] == RD_TASK_DELIVERY)
        for (int i = 0; i < p - 1 && !found; i++) found = rt->visits[i] == pair;
    else
        found = 1;
    if (!found) ps->causes |= RD_PLAN_PRECEDENCE;
}

/* The schedule of the chosen times and its violations, into steps[0..n). */
static void plan_schedule(const rd_model *m, const rd_route *rt, const plan_work *w,
                          const int64_t *cand, const int *pick, rd_plan_step *steps,
                          rd_plan_result *res) {
    const rd_vehicle *veh = &m->vehicles[rt->vehicle];
    const rd_matrix *dur = &m->durations[veh->profile];
    const rd_matrix *dist = &m->distances[veh->profile];
    const rd_matrix *cost = &m->costs[veh->profile];
    const int n = w->n, nd = m->n_dims;
    int64_t load[RD_MAX_DIMS] = {0};
    for (int i = 0; i < rt->len; i++)
        if (m->task_kind[rt->visits[i]] == RD_TASK_JOB)
            for (int d = 0; d < nd; d++) load[d] += rd_model_delivery(m, rt->visits[i])[d];
    const int64_t *capa = rd_model_capacity(m, rt->vehicle);
    int64_t travel = 0, distance = 0, tcost = 0, n_tasks = 0, prev_t = 0;
    int from = veh->start_loc;
    for (int p = 0; p < n; p++) {
        rd_plan_step *ps = &steps[p];
        rd_step_eval *s = &ps->s;
        memset(ps, 0, sizeof *ps);
        int64_t t = cand[pick[p]] + w->off[p];
        int task = w->task[p];
        int to = task >= 0 ? m->task_loc[task] : p == n - 1 ? veh->end_loc : -1;
        s->task = task;
        if (p > 0 && from >= 0 && to >= 0) {
            travel += rd_matrix_at(dur, from, to);
            distance += rd_matrix_at(dist, from, to);
            tcost += rd_matrix_at(cost, from, to);
        }
        s->arrival = p == 0 ? t : prev_t + w->gap[p - 1];
        s->begin = t;
        s->waiting = t - s->arrival;
        s->travel = travel;
        s->distance = distance;
        s->cost = tcost;
        if (p == 0) {
            s->kind = RD_STEP_START;
            s->loc = veh->start_loc >= 0 ? veh->start_loc
                     : rt->len > 0       ? m->task_loc[rt->visits[0]]
                                         : veh->end_loc;
            if (t < veh->tw_start) {
                ps->causes |= RD_PLAN_LEAD_TIME;
                ps->lead_time = veh->tw_start - t;
            }
        } else if (task >= 0) {
            s->kind = RD_STEP_TASK;
            s->loc = to;
            s->service = m->task_service[task];
            s->setup = w->action[p] - s->service;
            for (int d = 0; d < nd; d++)
                load[d] += rd_model_pickup(m, task)[d] - rd_model_delivery(m, task)[d];
            task_causes(m, rt, w, p, t, load, &n_tasks, ps);
        } else {
            s->kind = RD_STEP_END;
            s->loc = veh->end_loc >= 0 ? veh->end_loc
                     : rt->len > 0     ? m->task_loc[rt->visits[rt->len - 1]]
                                       : veh->start_loc;
            if (t > veh->tw_end) {
                ps->causes |= RD_PLAN_DELAY;
                ps->delay = t - veh->tw_end;
            }
        }
        s->departure = t + s->setup + s->service;
        memcpy(s->load, load, sizeof load);
        for (int d = 0; d < nd; d++)
            if (load[d] > capa[d]) ps->causes |= RD_PLAN_LOAD;
        if (p > 0 && travel > veh->max_travel_time) ps->causes |= RD_PLAN_MAX_TRAVEL_TIME;
        if (p > 0 && distance > veh->max_distance) ps->causes |= RD_PLAN_MAX_DISTANCE;
        res->causes |= ps->causes;
        res->lead_time += ps->lead_time;
        res->delay += ps->delay;
        prev_t = t;
        if (to >= 0) from = to;
    }
    for (int k = m->n_breaks > 0 ? m->veh_brk_first[rt->vehicle] : 0;
         m->n_breaks > 0 && k < m->veh_brk_first[rt->vehicle + 1]; k++) {
        int found = 0;
        for (int i = 0; i < rt->len && !found; i++) found = rt->visits[i] == m->veh_brk[k];
        if (!found) steps[0].route_causes |= RD_PLAN_MISSING_BREAK;
    }
    res->causes |= steps[0].route_causes;
    res->n_steps = n;
}

rd_status rd_plan_route(const rd_model *m, const rd_route *rt, const int64_t *after,
                        const int64_t *before, rd_plan_step *steps, rd_plan_result *res,
                        rd_error *err) {
    memset(res, 0, sizeof *res);
    res->bad_step = -1;
    if (rt->vehicle < 0 || rt->vehicle >= m->n_vehicles)
        return rd_err(err, RD_ERR_INTERNAL, "plan: route names vehicle type %d of %d", rt->vehicle,
                      m->n_vehicles);
    for (int i = 0; i < rt->len; i++)
        if (rt->visits[i] < 0 || rt->visits[i] >= m->n_tasks)
            return rd_err(err, RD_ERR_INTERNAL, "plan: visit %d: task %d cannot be scheduled", i,
                          rt->visits[i]);
    const int n = rt->len + 2;
    rd_status st = RD_OK;
    plan_work w = {0};
    w.n = n;
    w.task = malloc((size_t)n * sizeof *w.task);
    w.at = malloc((size_t)n * sizeof *w.at);
    int64_t *pool = malloc((size_t)n * 7 * sizeof *pool), *cand = NULL;
    int *pick = malloc((size_t)n * sizeof *pick);
    size_t b = 0;
    if (!w.task || !w.at || !pool || !pick) {
        st = rd_err(err, RD_ERR_NOMEM, PLAN_NOMEM);
        goto done;
    }
    w.gap = pool;
    w.action = pool + n;
    w.off = pool + 2 * n;
    w.lo = pool + 3 * n;
    w.hi = pool + 4 * n;
    w.ws = pool + 5 * n;
    w.we = pool + 6 * n;
    const int nw_total = plan_steps(m, rt, after, before, &w);
    if ((st = plan_earliest(&w, res, err)) != RD_OK) goto done;
    if ((st = plan_candidates(m, &w, nw_total, &cand, &b, err)) != RD_OK) goto done;
    if ((st = plan_dp(m, &w, cand, b, pick, err)) != RD_OK) goto done;
    plan_schedule(m, rt, &w, cand, pick, steps, res);
done:
    free(w.task);
    free(w.at);
    free(pool);
    free(cand);
    free(pick);
    return st;
}
