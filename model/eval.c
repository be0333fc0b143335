#include "model/eval.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct viol_list {
    rd_violation *v;
    int n, cap;
    int oom;
} viol_list;

static void add_viol(viol_list *l, rd_viol_kind kind, int route, int pos, int task, int dim,
                     int64_t value, int64_t limit) {
    if (l->oom) return;
    if (l->n == l->cap) {
        int nc = l->cap ? 2 * l->cap : 16;
        rd_violation *p = realloc(l->v, (size_t)nc * sizeof *p);
        if (!p) {
            l->oom = 1;
            return;
        }
        l->v = p;
        l->cap = nc;
    }
    l->v[l->n++] = (rd_violation){kind, route, pos, task, dim, value, limit};
}

/* Checks the load of one trip, visits [a, b) of route r, against capacity. */
static void check_trip(const rd_model *m, const rd_route *rt, int r, int a, int b, viol_list *l) {
    const int nd = m->n_dims;
    const int64_t *cap = rd_model_capacity(m, rt->vehicle);
    int64_t load[RD_MAX_DIMS] = {0};
    for (int i = a; i < b; i++)
        if (m->task_kind[rt->visits[i]] == RD_TASK_JOB) /* shipments load at their pickup */
            for (int d = 0; d < nd; d++) load[d] += rd_model_delivery(m, rt->visits[i])[d];
    /* One load violation per dimension and trip, at its peak. */
    int64_t peak[RD_MAX_DIMS];
    int peak_pos[RD_MAX_DIMS];
    for (int d = 0; d < nd; d++) {
        peak[d] = load[d];
        peak_pos[d] = a;
    }
    for (int i = a; i < b; i++) {
        int t = rt->visits[i];
        for (int d = 0; d < nd; d++) {
            load[d] += rd_model_pickup(m, t)[d] - rd_model_delivery(m, t)[d];
            if (load[d] > peak[d]) {
                peak[d] = load[d];
                peak_pos[d] = i;
            }
            if (m->task_kind[t] == RD_TASK_BREAK && m->task_max_load &&
                load[d] > m->task_max_load[(size_t)t * (size_t)nd + (size_t)d])
                add_viol(l, RD_VIOL_MAX_LOAD, r, i, t, d, load[d],
                         m->task_max_load[(size_t)t * (size_t)nd + (size_t)d]);
        }
    }
    for (int d = 0; d < nd; d++)
        if (peak[d] > cap[d])
            add_viol(l, RD_VIOL_LOAD, r, peak_pos[d], rt->visits[peak_pos[d]], d, peak[d], cap[d]);
}

/* Begin time at task t for arrival `arr`: the first window still open. Returns
 * the begin time and sets *late to the lateness (0 when a window fits). */
static int64_t begin_time(const rd_model *m, int t, int64_t arr, int64_t *late_end) {
    int a = m->task_tw_first[t], b = m->task_tw_first[t + 1];
    for (int w = a; w < b; w++)
        if (m->tw_end[w] >= arr) {
            *late_end = -1;
            return arr > m->tw_start[w] ? arr : m->tw_start[w];
        }
    *late_end = m->tw_end[b - 1];
    return arr;
}

/* The first skill of task t that vehicle type v lacks, by a plain scan of
 * both lists; *missing = 0 when it has them all. */
static int lacks_skill(const rd_model *m, int v, int t, int64_t *missing) {
    if (!m->task_skill_first) return 0;
    for (int j = m->task_skill_first[t]; j < m->task_skill_first[t + 1]; j++) {
        int has = 0;
        for (int k = m->veh_skill_first[v]; k < m->veh_skill_first[v + 1] && !has; k++)
            has = m->veh_skills[k] == m->task_skills[j];
        if (!has) {
            *missing = m->task_skills[j];
            return 1;
        }
    }
    return 0;
}

/* The visits of route r one by one: valid indices, duplicates (seen,
 * pos_of, route_of record where each task is), skills, breaks and reloads of
 * the route's vehicle; counts the tasks served, reloads and prizes into re.
 * Returns 0 when a visit names no task (the schedule is then not walked). */
static int route_visits(const rd_model *m, const rd_route *rt, int r, char *seen, int *pos_of,
                        int *route_of, rd_route_eval *re, viol_list *l) {
    int valid = 1;
    for (int i = 0; i < rt->len; i++) {
        int t = rt->visits[i];
        if (t < 0 ? -t - 1 >= m->n_facilities : t >= m->n_tasks) {
            add_viol(l, RD_VIOL_BAD_VISIT, r, i, -1, 0, t, t < 0 ? m->n_facilities : m->n_tasks);
            valid = 0;
            continue;
        }
        if (t < 0) continue;
        if (seen[t]) {
            add_viol(l, RD_VIOL_DUPLICATE, r, i, t, 0, 2, 1);
        } else {
            seen[t] = 1;
            pos_of[t] = i;
            route_of[t] = r;
        }
        int64_t skill;
        if (lacks_skill(m, rt->vehicle, t, &skill))
            add_viol(l, RD_VIOL_SKILLS, r, i, t, 0, skill, 0);
        if (m->task_kind[t] == RD_TASK_BREAK) {
            if (m->task_owner[t] != rt->vehicle) add_viol(l, RD_VIOL_BREAK, r, i, t, 0, 0, 0);
            continue; /* breaks are not tasks served */
        }
        if (m->task_kind[t] == RD_TASK_RELOAD) {
            if (m->task_owner[t] != rt->vehicle) add_viol(l, RD_VIOL_RELOAD, r, i, t, 0, 0, 0);
            re->n_reloads++;
            continue;
        }
        re->n_tasks++;
        if (m->task_prize[t] >= 0) re->prize += m->task_prize[t];
    }
    return valid;
}

/* Loads of route r: each trip's (between reloads), the last trip empty at
 * the end when the vehicle must end empty, the shift capacity. */
static void route_loads(const rd_model *m, const rd_route *rt, int r, viol_list *l) {
    int trip_start = 0;
    for (int i = 0; i <= rt->len; i++)
        if (i == rt->len || m->task_kind[rt->visits[i]] == RD_TASK_RELOAD) {
            check_trip(m, rt, r, trip_start, i, l);
            trip_start = i + 1;
        }
    if (m->vehicles[rt->vehicle].end_empty) /* trip_start: just after the last reload */
        for (int i = rt->len - 1; i >= trip_start; i--) {
            int t = rt->visits[i], picks = 0;
            for (int d = 0; d < m->n_dims; d++) picks |= rd_model_pickup(m, t)[d] > 0;
            if (picks) {
                add_viol(l, RD_VIOL_END_EMPTY, r, i, t, 0, 0, 0);
                break;
            }
        }
    for (int d = 0; m->veh_shift_cap && d < m->n_dims; d++) {
        int64_t total = 0, lim = m->veh_shift_cap[(size_t)rt->vehicle * (size_t)m->n_dims + d];
        for (int i = 0; i < rt->len; i++) total += rd_model_pickup(m, rt->visits[i])[d];
        if (total > lim) add_viol(l, RD_VIOL_SHIFT_CAPACITY, r, -1, -1, d, total, lim);
    }
}

static void eval_route(const rd_model *m, const rd_route *rt, int r, char *seen, int *pos_of,
                       int *route_of, rd_route_eval *re, viol_list *l) {
    const rd_vehicle *veh = &m->vehicles[rt->vehicle];
    const rd_matrix *dur = &m->durations[veh->profile];
    const rd_matrix *dist = &m->distances[veh->profile];
    const rd_matrix *cost = &m->costs[veh->profile];
    memset(re, 0, sizeof *re);
    const int valid = route_visits(m, rt, r, seen, pos_of, route_of, re, l);
    if (re->n_reloads > veh->max_reloads)
        add_viol(l, RD_VIOL_RELOAD, r, -1, -1, 0, re->n_reloads, veh->max_reloads);
    /* a route that serves something takes every break of its vehicle */
    for (int k = m->veh_brk_first[rt->vehicle];
         re->n_tasks > 0 && k < m->veh_brk_first[rt->vehicle + 1]; k++) {
        int b = m->veh_brk[k], found = 0;
        for (int i = 0; i < rt->len && !found; i++) found = rt->visits[i] == b;
        if (!found) add_viol(l, RD_VIOL_BREAK, r, -1, b, 0, 0, 0);
    }
    if (!valid || rt->len == 0) return;
    route_loads(m, rt, r, l);
    int64_t t_now = veh->tw_start;
    int prev = veh->start_loc;
    for (int i = 0; i < rt->len; i++) {
        int t = rt->visits[i];
        if (m->task_release && (i == 0 || m->task_kind[rt->visits[i - 1]] == RD_TASK_RELOAD)) {
            /* a trip leaves no earlier than the release of every task it serves */
            for (int j = i; j < rt->len && m->task_kind[rt->visits[j]] != RD_TASK_RELOAD; j++)
                if (m->task_release[rt->visits[j]] > t_now) {
                    re->waiting += m->task_release[rt->visits[j]] - t_now;
                    t_now = m->task_release[rt->visits[j]];
                }
        }
        int loc = m->task_loc[t];
        if (loc < 0) { /* a break: the vehicle stays, waits for the window, takes it */
            int64_t late_end;
            int64_t begin = begin_time(m, t, t_now, &late_end);
            if (late_end >= 0) add_viol(l, RD_VIOL_LATE, r, i, t, 0, t_now, late_end);
            re->waiting += begin - t_now;
            re->service += m->task_service[t];
            t_now = begin + m->task_service[t];
            continue;
        }
        int64_t arr = t_now;
        if (prev >= 0) {
            arr += rd_matrix_at(dur, prev, loc);
            re->travel += rd_matrix_at(dur, prev, loc);
            re->distance += rd_matrix_at(dist, prev, loc);
            re->cost += rd_matrix_at(cost, prev, loc);
        }
        int64_t late_end;
        int64_t begin = begin_time(m, t, arr, &late_end);
        if (late_end >= 0) add_viol(l, RD_VIOL_LATE, r, i, t, 0, arr, late_end);
        int64_t setup = (prev != loc) ? m->task_setup[t] : 0;
        re->waiting += begin - arr;
        re->service += setup + m->task_service[t];
        t_now = begin + setup + m->task_service[t];
        prev = loc;
    }
    if (veh->end_loc >= 0 && prev >= 0) { /* prev < 0: open start, breaks only */
        t_now += rd_matrix_at(dur, prev, veh->end_loc);
        re->travel += rd_matrix_at(dur, prev, veh->end_loc);
        re->distance += rd_matrix_at(dist, prev, veh->end_loc);
        re->cost += rd_matrix_at(cost, prev, veh->end_loc);
    }
    if (t_now > veh->tw_end) add_viol(l, RD_VIOL_SHIFT_END, r, -1, -1, 0, t_now, veh->tw_end);
    /* Duration is measured from the shift start, open start or not. */
    re->duration = t_now - veh->tw_start;
    re->cost += veh->fixed_cost;
    if (re->n_tasks > veh->max_tasks)
        add_viol(l, RD_VIOL_MAX_TASKS, r, -1, -1, 0, re->n_tasks, veh->max_tasks);
    if (re->travel > veh->max_travel_time)
        add_viol(l, RD_VIOL_MAX_TRAVEL_TIME, r, -1, -1, 0, re->travel, veh->max_travel_time);
    if (re->distance > veh->max_distance)
        add_viol(l, RD_VIOL_MAX_DISTANCE, r, -1, -1, 0, re->distance, veh->max_distance);
}

rd_status rd_eval(const rd_model *m, const rd_solution *s, rd_eval_report *out, rd_error *err) {
    memset(out, 0, sizeof *out);
    viol_list l = {0};
    size_t nt = (size_t)(m->n_tasks > 0 ? m->n_tasks : 1);
    char *seen = calloc(nt, 1);
    int *pos_of = calloc(nt, sizeof *pos_of);
    int *route_of = calloc(nt, sizeof *route_of);
    int *used = calloc((size_t)(m->n_vehicles > 0 ? m->n_vehicles : 1), sizeof *used);
    int *trip_of = calloc(nt, sizeof *trip_of); /* reloads before the task on its route */
    out->route = calloc((size_t)(s->n_routes > 0 ? s->n_routes : 1), sizeof *out->route);
    if (!seen || !pos_of || !route_of || !used || !trip_of || !out->route) {
        l.oom = 1;
        goto done;
    }
    for (int r = 0; r < s->n_routes; r++) {
        const rd_route *rt = &s->routes[r];
        if (rt->vehicle < 0 || rt->vehicle >= m->n_vehicles) {
            add_viol(&l, RD_VIOL_BAD_VEHICLE, r, -1, -1, 0, rt->vehicle, m->n_vehicles);
            continue;
        }
        eval_route(m, rt, r, seen, pos_of, route_of, &out->route[r], &l);
        for (int i = 0, trip = 0; i < rt->len; i++) {
            int t = rt->visits[i];
            if (t < 0 || t >= m->n_tasks) continue;
            if (route_of[t] == r && pos_of[t] == i) trip_of[t] = trip;
            trip += m->task_kind[t] == RD_TASK_RELOAD;
        }
        if (rt->len == 0) continue;
        used[rt->vehicle]++;
        out->n_routes++;
        out->cost += out->route[r].cost;
        out->distance += out->route[r].distance;
        out->duration += out->route[r].duration;
        out->waiting += out->route[r].waiting;
    }
    for (int v = 0; v < m->n_vehicles; v++)
        if (used[v] > m->vehicles[v].count)
            add_viol(&l, RD_VIOL_FLEET, -1, -1, -1, v, used[v], m->vehicles[v].count);
    for (int t = 0; t < m->n_tasks; t++) {
        if (!seen[t]) continue;
        if (rd_task_served(m, t)) out->n_served++;
        if (m->task_prize[t] >= 0) out->prize += m->task_prize[t];
        int p = m->task_pair[t];
        if (m->task_kind[t] == RD_TASK_PICKUP &&
            (!seen[p] || route_of[p] != route_of[t] || pos_of[p] < pos_of[t] ||
             trip_of[p] != trip_of[t]))
            add_viol(&l, RD_VIOL_PRECEDENCE, route_of[t], pos_of[t], t, 0, 0, 0);
        if (m->task_kind[t] == RD_TASK_DELIVERY && !seen[p])
            add_viol(&l, RD_VIOL_PRECEDENCE, route_of[t], pos_of[t], t, 0, 0, 0);
    }
    char *listed = seen; /* reuse: mark unassigned tasks with 2 */
    for (int u = 0; u < s->n_unassigned; u++) {
        int t = s->unassigned[u].task;
        if (t < 0 || t >= m->n_tasks) {
            add_viol(&l, RD_VIOL_BAD_VISIT, -1, -1, -1, 0, t, m->n_tasks);
            continue;
        }
        if (listed[t])
            add_viol(&l, RD_VIOL_DUPLICATE, -1, -1, t, 0, 2, 1);
        else
            listed[t] = 2;
        out->n_unassigned++;
    }
    for (int t = 0; t < m->n_tasks; t++) /* breaks and reloads are taken or not */
        if (!listed[t] && rd_task_served(m, t)) add_viol(&l, RD_VIOL_MISSING, -1, -1, t, 0, 0, 1);
done:
    free(seen);
    free(pos_of);
    free(route_of);
    free(used);
    free(trip_of);
    if (l.oom) {
        free(l.v);
        rd_eval_report_free(out);
        return rd_err(err, RD_ERR_NOMEM, "out of memory while evaluating a solution");
    }
    out->viol = l.v;
    out->n_viol = l.n;
    out->feasible = l.n == 0;
    return RD_OK;
}

void rd_eval_report_free(rd_eval_report *r) {
    if (!r) return;
    free(r->viol);
    free(r->route);
    memset(r, 0, sizeof *r);
}

void rd_violation_describe(const rd_model *m, const rd_violation *v, char *buf, size_t size) {
    char where[96] = "";
    if (v->route >= 0 && v->task >= 0)
        snprintf(where, sizeof where, "route %d, task %" PRId64 ": ", v->route + 1,
                 m->task_id[v->task]);
    else if (v->route >= 0)
        snprintf(where, sizeof where, "route %d: ", v->route + 1);
    else if (v->task >= 0)
        snprintf(where, sizeof where, "task %" PRId64 ": ", m->task_id[v->task]);
    char a[48], b[48];
    rd_model_format_cost(m, v->value, a, sizeof a);
    rd_model_format_cost(m, v->limit, b, sizeof b);
    switch (v->kind) {
    case RD_VIOL_BAD_VEHICLE:
        snprintf(buf, size, "%sno vehicle type %" PRId64 " (the model has %" PRId64 ")", where,
                 v->value, v->limit);
        break;
    case RD_VIOL_BAD_VISIT:
        snprintf(buf, size, "%svisit %d: no such task or facility", where, v->pos + 1);
        break;
    case RD_VIOL_DUPLICATE: snprintf(buf, size, "%sserved more than once", where); break;
    case RD_VIOL_MISSING:
        snprintf(buf, size, "%sneither served nor listed unassigned", where);
        break;
    case RD_VIOL_LOAD:
        snprintf(buf, size, "%sload %" PRId64 " exceeds capacity %" PRId64 " (dimension %d)", where,
                 v->value, v->limit, v->dim);
        break;
    case RD_VIOL_LATE:
        snprintf(buf, size, "%sarrives at %s, after its last time window ends at %s", where, a, b);
        break;
    case RD_VIOL_SHIFT_END:
        snprintf(buf, size, "%sends at %s, after the shift end %s", where, a, b);
        break;
    case RD_VIOL_FLEET:
        snprintf(buf, size,
                 "vehicle type %" PRId64 ": %" PRId64 " routes but only %" PRId64 " vehicles",
                 m->vehicles[v->dim].id, v->value, v->limit);
        break;
    case RD_VIOL_MAX_TASKS:
        snprintf(buf, size, "%s%" PRId64 " tasks, above max_tasks %" PRId64, where, v->value,
                 v->limit);
        break;
    case RD_VIOL_MAX_TRAVEL_TIME:
        snprintf(buf, size, "%stravel time %s above max_travel_time %s", where, a, b);
        break;
    case RD_VIOL_MAX_DISTANCE:
        snprintf(buf, size, "%sdistance %s above max_distance %s", where, a, b);
        break;
    case RD_VIOL_PRECEDENCE:
        snprintf(buf, size, "%sshipment pickup and delivery not on one route in order", where);
        break;
    case RD_VIOL_BREAK:
        snprintf(buf, size, "%sbreak of another vehicle, or missing from a route that serves tasks",
                 where);
        break;
    case RD_VIOL_MAX_LOAD:
        snprintf(buf, size,
                 "%sload %" PRId64 " exceeds the break's max_load %" PRId64 " (dimension %d)",
                 where, v->value, v->limit, v->dim);
        break;
    case RD_VIOL_SKILLS:
        snprintf(buf, size, "%sneeds skill %" PRId64 ", which the vehicle lacks", where, v->value);
        break;
    case RD_VIOL_RELOAD:
        if (v->task >= 0)
            snprintf(buf, size, "%sa reload of another vehicle", where);
        else
            snprintf(buf, size, "%s%" PRId64 " reloads, above max_reloads %" PRId64, where,
                     v->value, v->limit);
        break;
    case RD_VIOL_END_EMPTY:
        snprintf(buf, size,
                 "%spicked up after the route's last reload (the vehicle must end empty)", where);
        break;
    case RD_VIOL_SHIFT_CAPACITY:
        snprintf(buf, size,
                 "%s%" PRId64 " picked up over the route, above shift_capacity %" PRId64
                 " (dimension %d)",
                 where, v->value, v->limit, v->dim);
        break;
    }
}

/* Adds to load[] the deliveries of the jobs of the trip starting at visit a
 * (up to the next reload): on board when the trip starts. */
static void trip_deliveries(const rd_model *m, const rd_route *rt, int a, int64_t *load) {
    for (int i = a; i < rt->len && m->task_kind[rt->visits[i]] != RD_TASK_RELOAD; i++)
        if (m->task_kind[rt->visits[i]] == RD_TASK_JOB)
            for (int d = 0; d < m->n_dims; d++) load[d] += rd_model_delivery(m, rt->visits[i])[d];
}

rd_status rd_eval_route_steps(const rd_model *m, const rd_route *rt, rd_step_eval *steps,
                              int *n_steps, rd_error *err) {
    *n_steps = 0;
    if (rt->vehicle < 0 || rt->vehicle >= m->n_vehicles)
        return rd_err(err, RD_ERR_INTERNAL, "route names vehicle type %d of %d", rt->vehicle,
                      m->n_vehicles);
    for (int i = 0; i < rt->len; i++)
        if (rt->visits[i] < 0 || rt->visits[i] >= m->n_tasks)
            return rd_err(err, RD_ERR_INTERNAL, "visit %d: task %d cannot be scheduled", i,
                          rt->visits[i]);
    const rd_vehicle *veh = &m->vehicles[rt->vehicle];
    const rd_matrix *dur = &m->durations[veh->profile];
    const rd_matrix *dist = &m->distances[veh->profile];
    const rd_matrix *cost = &m->costs[veh->profile];
    const int nd = m->n_dims;
    int64_t load[RD_MAX_DIMS] = {0};
    trip_deliveries(m, rt, 0, load);
    int n = 0, prev = veh->start_loc;
    int64_t t_now = veh->tw_start, travel = 0, distance = 0, tcost = 0;
    if (veh->start_loc >= 0) {
        rd_step_eval *s = &steps[n++];
        memset(s, 0, sizeof *s);
        s->kind = RD_STEP_START;
        s->task = -1;
        s->loc = veh->start_loc;
        s->arrival = s->begin = s->departure = t_now;
        memcpy(s->load, load, sizeof load);
    }
    for (int i = 0; i <= rt->len; i++) {
        int t = i < rt->len ? rt->visits[i] : -1;
        int loc = t >= 0 ? m->task_loc[t] : veh->end_loc;
        if (t < 0 && loc < 0) break; /* open end */
        int64_t arr = t_now;
        if (prev >= 0 && loc >= 0) { /* a break (loc -1) stays where the vehicle is */
            arr += rd_matrix_at(dur, prev, loc);
            travel += rd_matrix_at(dur, prev, loc);
            distance += rd_matrix_at(dist, prev, loc);
            tcost += rd_matrix_at(cost, prev, loc);
        }
        rd_step_eval *s = &steps[n++];
        memset(s, 0, sizeof *s);
        s->task = t;
        s->loc = loc;
        s->arrival = arr;
        s->travel = travel;
        s->distance = distance;
        s->cost = tcost;
        if (t >= 0) {
            int64_t late_end;
            s->kind = RD_STEP_TASK;
            s->begin = begin_time(m, t, arr, &late_end);
            s->waiting = s->begin - arr;
            s->setup = (prev != loc) ? m->task_setup[t] : 0;
            s->service = m->task_service[t];
            s->departure = s->begin + s->setup + s->service;
            for (int d = 0; d < nd; d++)
                load[d] += rd_model_pickup(m, t)[d] - rd_model_delivery(m, t)[d];
            if (m->task_kind[t] == RD_TASK_RELOAD) { /* unloads; the next trip's deliveries */
                memset(load, 0, sizeof load);
                trip_deliveries(m, rt, i + 1, load);
            }
        } else {
            s->kind = RD_STEP_END;
            s->begin = s->departure = arr;
        }
        memcpy(s->load, load, sizeof load);
        t_now = s->departure;
        if (loc >= 0) prev = loc;
    }
    *n_steps = n;
    return RD_OK;
}
