#include "io/json_reader.h"

/* ---- the vehicles' `steps`: plan mode (VROOM's -c) or an initial solution ----
 *
 * Kept apart from the rest of the reader: rd_json_read_plan() and
 * rd_json_read_initial() are rd_json_read() plus this. The readers without a
 * place for steps refuse a non-empty `steps`. */

/* bsearch comparator on (kind, id), `at` ignored. */
static int cmp_id(const void *key, const void *elem) {
    const id_at *k = key, *e = elem;
    if (k->kind != e->kind) return k->kind < e->kind ? -1 : 1;
    return (k->id > e->id) - (k->id < e->id);
}

/* A bound of a step (`service_at`, `service_after`, `service_before`) in
 * seconds, or -1 when absent. */
static rd_status step_bound(reader *r, const json_t *sj, const char *key, const char *path,
                            int64_t *out) {
    *out = -1;
    return rd_jr_get_u32(r, sj, key, path, out);
}

/* Without a place for steps (rd_json_read, rd_json_read_request): a vehicle
 * with a non-empty `steps` is refused. */
static rd_status refuse_steps(reader *r, const json_t *vs) {
    const size_t nv = json_array_size(vs);
    for (size_t k = 0; k < nv; k++) {
        json_t *st = json_object_get(json_array_get(vs, k), "steps");
        if (st && !(json_is_array(st) && json_array_size(st) == 0)) {
            char p[64];
            snprintf(p, sizeof p, "vehicles[%zu]", k);
            return rd_jr_bad(r, p, "steps: not supported yet outside plan mode (-c)");
        }
    }
    return RD_OK;
}

/* What the steps of every vehicle share while they are read. */
typedef struct steps_ctx {
    reader *r;
    const id_at *ids; /* [n_job] the tasks by (kind, id), sorted */
    int *where;       /* [2 n_job] vehicle and step that already hold a task, -1: none */
} steps_ctx;

/* A step's `id` into *want. */
static rd_status step_id(reader *r, const json_t *sj, const char *sp, int64_t *want) {
    json_t *id = json_object_get(sj, "id");
    if (!id) return rd_jr_bad(r, sp, "id: missing");
    if (!rd_jr_is_uint(id)) return rd_jr_bad(r, sp, "id: expected a non-negative integer");
    *want = json_integer_value(id);
    return RD_OK;
}

/* The task of a job, pickup or delivery step (`kind`), into *t. */
static rd_status job_step_task(const steps_ctx *c, const json_t *sj, const char *sp, int kind,
                               int *t) {
    static const char *const what[3] = {"job", "shipment pickup", "shipment delivery"};
    reader *r = c->r;
    int64_t want = 0;
    RD_TRY(step_id(r, sj, sp, &want));
    id_at key = {kind, want, 0};
    const id_at *hit =
        r->n_job ? bsearch(&key, c->ids, (size_t)r->n_job, sizeof *c->ids, cmp_id) : NULL;
    if (!hit) return rd_jr_bad(r, sp, "id: no %s has id %" PRId64, what[kind], want);
    *t = hit->at;
    if (c->where[2 * *t] >= 0)
        return rd_jr_bad(r, sp, "id: %s %" PRId64 " is already in vehicles[%d].steps[%d]",
                         what[kind], want, c->where[2 * *t], c->where[2 * *t + 1]);
    return RD_OK;
}

/* The task of a break step: vehicle k's own break with that id, into *t. */
static rd_status break_step_task(const steps_ctx *c, const json_t *sj, const char *sp, int k,
                                 int *t) {
    reader *r = c->r;
    int64_t want = 0;
    RD_TRY(step_id(r, sj, sp, &want));
    *t = -1;
    for (int b = 0; b < r->n_brk && *t < 0; b++)
        if (r->brk[b].owner == k && r->brk[b].id == want) *t = r->n_brk_first + b;
    if (*t < 0)
        return rd_jr_bad(r, sp, "id: vehicle %" PRId64 " has no break with id %" PRId64,
                         r->veh[k].id, want);
    if (c->where[2 * *t] >= 0)
        return rd_jr_bad(r, sp, "id: break %" PRId64 " is already in vehicles[%d].steps[%d]", want,
                         c->where[2 * *t], c->where[2 * *t + 1]);
    return RD_OK;
}

/* Step j of ns of vehicle k by its type: *pos 0 the start, -1 the end, else
 * the position of the task it appends to the route. */
static rd_status step_position(const steps_ctx *c, rd_json_plan_route *rt, const json_t *sj, int k,
                               size_t j, size_t ns, const char *sp, int *pos) {
    reader *r = c->r;
    if (!json_is_object(sj)) return rd_jr_bad(r, sp, "expected an object");
    json_t *type = json_object_get(sj, "type");
    const char *ty = json_is_string(type) ? json_string_value(type) : NULL;
    if (!type) return rd_jr_bad(r, sp, "type: missing");
    if (!ty) return rd_jr_bad(r, sp, "type: expected a string");
    int t = -1;
    if (!strcmp(ty, "start")) {
        *pos = 0;
        return j != 0 ? rd_jr_bad(r, sp, "type: \"start\" must be the first step") : RD_OK;
    } else if (!strcmp(ty, "end")) {
        *pos = -1;
        return j != ns - 1 ? rd_jr_bad(r, sp, "type: \"end\" must be the last step") : RD_OK;
    } else if (!strcmp(ty, "job") || !strcmp(ty, "pickup") || !strcmp(ty, "delivery")) {
        const int kind = ty[0] == 'j'   ? RD_TASK_JOB
                         : ty[0] == 'p' ? RD_TASK_PICKUP
                                        : RD_TASK_DELIVERY;
        RD_TRY(job_step_task(c, sj, sp, kind, &t));
    } else if (!strcmp(ty, "break")) {
        RD_TRY(break_step_task(c, sj, sp, k, &t));
    } else {
        return rd_jr_bad(r, sp,
                         "type: \"%s\" is not one of start, job, pickup, delivery, break, end", ty);
    }
    c->where[2 * t] = k;
    c->where[2 * t + 1] = (int)j;
    rt->tasks[rt->len++] = t;
    *pos = rt->len;
    return RD_OK;
}

/* A step's bounds as [*lo, *hi] in model units (0 and RD_INF: none); outside
 * plan mode they are refused. */
static rd_status step_bounds(reader *r, const json_t *sj, const char *sp, int64_t *lo,
                             int64_t *hi) {
    if (!r->plan_mode) { /* an initial solution: VROOM's bounds are plan mode's */
        static const char *const bounds[3] = {"service_at", "service_after", "service_before"};
        for (int b = 0; b < 3; b++)
            if (json_object_get(sj, bounds[b]))
                return rd_jr_bad(r, sp, "%s: only used in plan mode (-c)", bounds[b]);
    }
    int64_t at, after, before;
    RD_TRY(step_bound(r, sj, "service_at", sp, &at));
    RD_TRY(step_bound(r, sj, "service_after", sp, &after));
    RD_TRY(step_bound(r, sj, "service_before", sp, &before));
    *lo = at > after ? at : after;
    *hi = at >= 0 ? at : before;
    if (before >= 0 && before < *hi) *hi = before;
    if (*lo >= 0 && *hi >= 0 && *lo > *hi)
        return rd_jr_bad(r, sp,
                         "no time satisfies service_at / service_after / service_before (%" PRId64
                         " > %" PRId64 ")",
                         *lo, *hi);
    *lo = *lo >= 0 ? *lo * RD_JSON_TIME_SCALE : 0;
    *hi = *hi >= 0 ? *hi * RD_JSON_TIME_SCALE : RD_INF;
    return RD_OK;
}

/* Vehicle k's non-empty `steps` (p its path, "vehicles[k]") as the plan's
 * next route; a route of only start and end is dropped again. */
static rd_status read_route(const steps_ctx *c, const json_t *steps, int k, const char *p) {
    reader *r = c->r;
    rd_json_plan *plan = r->plan;
    const size_t ns = json_array_size(steps);
    /* The route is owned by the plan from here on (freed with it on error). */
    rd_json_plan_route *rt = &plan->routes[plan->n_routes++];
    rt->vehicle = k;
    rt->tasks = malloc(ns * sizeof *rt->tasks);
    rt->after = malloc((ns + 2) * sizeof *rt->after);
    rt->before = malloc((ns + 2) * sizeof *rt->before);
    rt->json_step = malloc((ns + 2) * sizeof *rt->json_step);
    if (!rt->tasks || !rt->after || !rt->before || !rt->json_step) return rd_jr_nomem(r);
    int64_t end_after = 0, end_before = RD_INF;
    int end_step = -1;
    rt->after[0] = 0;
    rt->before[0] = RD_INF;
    rt->json_step[0] = -1;
    for (size_t j = 0; j < ns; j++) {
        const json_t *sj = json_array_get(steps, j);
        char sp[96];
        snprintf(sp, sizeof sp, "%s.steps[%zu]", p, j);
        int pos = 0;
        int64_t lo = 0, hi = RD_INF;
        RD_TRY(step_position(c, rt, sj, k, j, ns, sp, &pos));
        RD_TRY(step_bounds(r, sj, sp, &lo, &hi));
        if (pos < 0) {
            end_after = lo;
            end_before = hi;
            end_step = (int)j;
        } else {
            rt->after[pos] = lo;
            rt->before[pos] = hi;
            rt->json_step[pos] = (int)j;
        }
    }
    rt->after[rt->len + 1] = end_after;
    rt->before[rt->len + 1] = end_before;
    rt->json_step[rt->len + 1] = end_step;
    if (rt->len == 0) { /* only start / end: nothing to schedule, no route */
        free(rt->tasks);
        free(rt->after);
        free(rt->before);
        free(rt->json_step);
        memset(rt, 0, sizeof *rt);
        plan->n_routes--;
    }
    return RD_OK;
}

rd_status rd_jr_parse_steps(reader *r, const json_t *vs) {
    if (!r->plan) return refuse_steps(r, vs);
    const size_t nv = json_array_size(vs);
    rd_json_plan *plan = r->plan;
    id_at *ids = malloc((size_t)(r->n_job ? r->n_job : 1) * sizeof *ids);
    int *where = malloc((size_t)(r->n_job ? r->n_job : 1) * 2 * sizeof *where);
    plan->routes = calloc(nv, sizeof *plan->routes);
    rd_status st = RD_OK;
    if (!ids || !where || !plan->routes) {
        st = rd_jr_nomem(r);
        goto done;
    }
    for (int k = 0; k < r->n_job; k++) {
        ids[k] = (id_at){r->job[k].kind, r->job[k].id, k};
        where[2 * k] = where[2 * k + 1] = -1;
    }
    qsort(ids, (size_t)r->n_job, sizeof *ids, rd_jr_cmp_id_at);
    const steps_ctx c = {r, ids, where};
    for (size_t k = 0; k < nv && st == RD_OK; k++) {
        json_t *steps = json_object_get(json_array_get(vs, k), "steps");
        char p[64];
        snprintf(p, sizeof p, "vehicles[%zu]", k);
        if (!steps) continue;
        if (!json_is_array(steps))
            st = rd_jr_bad(r, p, "steps: expected an array of step objects");
        else if (json_array_size(steps) > 0)
            st = read_route(&c, steps, (int)k, p);
    }
done:
    free(ids);
    free(where);
    return st;
}

rd_status rd_json_read_plan(const char *text, size_t len, const char *source, rd_model **out,
                            rd_json_extras *extras, rd_json_plan *plan, rd_error *err) {
    return rd_jr_read_text(text, len, source, NULL, out, extras, plan, 1, NULL, NULL, err);
}

rd_status rd_json_read_limited(const char *text, size_t len, const char *source,
                               const rd_limits *lim, rd_model **out, rd_json_extras *extras,
                               rd_json_plan *plan, char **id, rd_error *err) {
    return rd_jr_read_text(text, len, source, lim, out, extras, plan, plan != NULL, NULL, id, err);
}

void rd_json_plan_free(rd_json_plan *plan) {
    if (!plan) return;
    for (int k = 0; plan->routes && k < plan->n_routes; k++) {
        free(plan->routes[k].tasks);
        free(plan->routes[k].after);
        free(plan->routes[k].before);
        free(plan->routes[k].json_step);
    }
    free(plan->routes);
    memset(plan, 0, sizeof *plan);
}
