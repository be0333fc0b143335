/* answer: see api/answer.h. */
#include "api/answer.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "model/eval.h"

/* ---- the JSON answer of a benchmark run ---- */

/* Sets o[k] = v (or appends v to array o when k is NULL); *bad on failure
 * (memory), so that an answer is never written with a part missing. */
static void put(json_t *o, const char *k, json_t *v, int *bad) {
    if (!v || (k ? json_object_set_new(o, k, v) : json_array_append_new(o, v)) != 0) *bad = 1;
}

/* A figure in model units as an instance-unit number: an integer when the
 * convention has scale 1, else a real (trunc1: one decimal). */
static json_t *num(const rd_model *m, int64_t v) {
    if (m->scale <= 1) return json_integer(v);
    return json_real((double)v / (double)m->scale);
}

static const char *type_name(const rd_model *m, int t) {
    static const char *const names[5] = {"job", "pickup", "delivery", "break", "reload"};
    int k = m->task_kind[t];
    return k >= 0 && k < 5 ? names[k] : "job";
}

static json_t *step_json(const rd_model *m, const rd_step_eval *e, int *bad) {
    json_t *s = json_object();
    if (!s) {
        *bad = 1;
        return NULL;
    }
    const char *type = e->kind == RD_STEP_START ? "start"
                       : e->kind == RD_STEP_END ? "end"
                                                : type_name(m, e->task);
    put(s, "type", json_string(type), bad);
    if (e->kind == RD_STEP_TASK) put(s, "id", json_integer(m->task_id[e->task]), bad);
    put(s, "location_index", json_integer(e->loc), bad);
    put(s, "arrival", num(m, e->arrival), bad);
    put(s, "waiting_time", num(m, e->waiting), bad);
    put(s, "service", num(m, e->service), bad);
    put(s, "distance", num(m, e->distance), bad);
    json_t *load = json_array();
    for (int d = 0; load && d < m->n_dims; d++) put(load, NULL, json_integer(e->load[d]), bad);
    put(s, "load", load, bad);
    return s;
}

static json_t *route_json(const rd_model *m, const rd_route *rt, int number, rd_step_eval *ev,
                          int *bad, rd_error *err) {
    int n = 0;
    if (rd_eval_route_steps(m, rt, ev, &n, err) != RD_OK) {
        *bad = 1;
        return NULL;
    }
    json_t *o = json_object(), *steps = json_array();
    if (!o || !steps) {
        json_decref(o);
        json_decref(steps);
        *bad = 1;
        return NULL;
    }
    const rd_step_eval *last = n ? &ev[n - 1] : NULL;
    put(o, "vehicle", json_integer(number), bad);
    put(o, "cost", num(m, m->vehicles[rt->vehicle].fixed_cost + (last ? last->cost : 0)), bad);
    put(o, "duration", num(m, last ? last->travel : 0), bad);
    put(o, "distance", num(m, last ? last->distance : 0), bad);
    for (int i = 0; i < n; i++) put(steps, NULL, step_json(m, &ev[i], bad), bad);
    put(o, "steps", steps, bad);
    return o;
}

static json_t *summary_json(const rd_model *m, const rd_run_result *r, int *bad) {
    json_t *o = json_object();
    if (!o) {
        *bad = 1;
        return NULL;
    }
    put(o, "cost", num(m, r->objective), bad);
    put(o, "routes", json_integer(r->rep.n_routes), bad);
    put(o, "unassigned", json_integer(r->plan->n_unassigned), bad);
    if (r->bound >= 0) {
        put(o, "lower_bound", num(m, r->bound), bad);
        put(o, "gap", json_real(rd_run_gap(r)), bad);
        put(o, "optimal", json_boolean(r->optimal), bad);
    }
    return o;
}

char *rd_api_bench_answer(const rd_model *m, const rd_run_result *r, rd_error *err) {
    const rd_solution *s = r->plan;
    int bad = 0, longest = 0;
    for (int k = 0; k < s->n_routes; k++)
        if (s->routes[k].len > longest) longest = s->routes[k].len;
    rd_step_eval *ev = malloc(((size_t)longest + 2) * sizeof *ev);
    json_t *root = json_object(), *un = json_array(), *routes = json_array();
    if (!ev || !root || !un || !routes) bad = 1;
    put(root, "code", json_integer(0), &bad);
    put(root, "summary", summary_json(m, r, &bad), &bad);
    for (int u = 0; !bad && u < s->n_unassigned; u++) {
        json_t *o = json_object();
        int t = s->unassigned[u].task;
        if (o) {
            put(o, "id", json_integer(m->task_id[t]), &bad);
            put(o, "type", json_string(type_name(m, t)), &bad);
            const char *why = s->unassigned[u].reason;
            put(o, "reason", json_string(why ? why : "no room left in the plan"), &bad);
        }
        put(un, NULL, o, &bad);
    }
    put(root, "unassigned", un, &bad);
    un = NULL;
    for (int k = 0, number = 0; !bad && k < s->n_routes; k++)
        if (s->routes[k].len > 0)
            put(routes, NULL, route_json(m, &s->routes[k], ++number, ev, &bad, err), &bad);
    put(root, "routes", routes, &bad);
    routes = NULL;
    char *text =
        bad ? NULL : json_dumps(root, JSON_PRESERVE_ORDER | JSON_COMPACT | JSON_REAL_PRECISION(15));
    json_decref(root);
    json_decref(un);
    json_decref(routes);
    free(ev);
    if (!text && (!err || err->status == RD_OK))
        rd_err(err, RD_ERR_NOMEM, "out of memory writing the answer");
    return text;
}

/* ---- any JSON answer as structs ---- */

struct rd_api_plan {
    json_t *doc; /* the parsed answer: the reasons' strings live in it */
    rondo_plan plan;
    rondo_route *routes;
    rondo_unassigned *unassigned;
    rondo_step *steps; /* every route's steps, one after the other */
    int64_t *loads;    /* every step's load, one after the other */
};

static double real_of(const json_t *o, const char *key) {
    const json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : 0.0;
}

static int64_t int_of(const json_t *o, const char *key, int64_t dflt) {
    const json_t *v = json_object_get(o, key);
    return json_is_integer(v) ? (int64_t)json_integer_value(v) : dflt;
}

static rondo_step_type step_type(const char *s) {
    static const struct {
        const char *name;
        rondo_step_type type;
    } types[] = {{"start", RONDO_STEP_START},   {"job", RONDO_STEP_JOB},
                 {"pickup", RONDO_STEP_PICKUP}, {"delivery", RONDO_STEP_DELIVERY},
                 {"break", RONDO_STEP_BREAK},   {"reload", RONDO_STEP_RELOAD},
                 {"end", RONDO_STEP_END}};
    for (size_t i = 0; s && i < sizeof types / sizeof types[0]; i++)
        if (!strcmp(s, types[i].name)) return types[i].type;
    return RONDO_STEP_JOB;
}

/* Counts the steps and load entries of every route, for one allocation. */
static void count_steps(const json_t *routes, size_t *n_steps, size_t *n_loads) {
    size_t i, j;
    const json_t *r, *st;
    *n_steps = *n_loads = 0;
    json_array_foreach(routes, i, r) {
        json_array_foreach(json_object_get(r, "steps"), j, st) {
            (*n_steps)++;
            *n_loads += json_array_size(json_object_get(st, "load"));
        }
    }
}

static void fill_step(const json_t *st, rondo_step *s, int64_t **load) {
    const json_t *l = json_object_get(st, "load");
    s->type = step_type(json_string_value(json_object_get(st, "type")));
    s->id = int_of(st, "id", 0);
    s->location_index = int_of(st, "location_index", -1);
    s->arrival = real_of(st, "arrival");
    s->waiting_time = real_of(st, "waiting_time");
    s->service = real_of(st, "service");
    s->distance = real_of(st, "distance");
    s->n_load = (int)json_array_size(l);
    s->load = *load;
    for (size_t d = 0; d < json_array_size(l); d++)
        (*load)[d] = json_is_integer(json_array_get(l, d))
                         ? (int64_t)json_integer_value(json_array_get(l, d))
                         : 0;
    *load += s->n_load;
}

static void fill_routes(rd_api_plan *ap, const json_t *routes) {
    size_t i, j;
    const json_t *r, *st;
    rondo_step *step = ap->steps;
    int64_t *load = ap->loads;
    json_array_foreach(routes, i, r) {
        rondo_route *out = &ap->routes[i];
        out->vehicle = int_of(r, "vehicle", 0);
        out->cost = real_of(r, "cost");
        out->duration = real_of(r, "duration");
        out->distance = real_of(r, "distance");
        out->steps = step;
        json_array_foreach(json_object_get(r, "steps"), j, st) fill_step(st, step++, &load);
        out->n_steps = (int)(step - out->steps);
    }
}

rd_api_plan *rd_api_plan_parse(const char *text, size_t len, int interrupted, rd_error *err) {
    json_error_t je;
    memset(&je, 0, sizeof je);
    rd_api_plan *ap = calloc(1, sizeof *ap);
    if (!ap) return rd_err(err, RD_ERR_NOMEM, "out of memory"), NULL;
    ap->doc = json_loadb(text, len, 0, &je);
    const json_t *sum = json_object_get(ap->doc, "summary");
    const json_t *routes = json_object_get(ap->doc, "routes");
    const json_t *un = json_object_get(ap->doc, "unassigned");
    if (!json_is_object(sum) || !json_is_array(routes) || !json_is_array(un)) {
        rd_api_plan_free(ap);
        rd_err(err, RD_ERR_INTERNAL, "the answer is not a plan (%s)", je.text);
        return NULL;
    }
    size_t n_steps, n_loads, i;
    count_steps(routes, &n_steps, &n_loads);
    ap->routes = calloc(json_array_size(routes) + 1, sizeof *ap->routes);
    ap->unassigned = calloc(json_array_size(un) + 1, sizeof *ap->unassigned);
    ap->steps = calloc(n_steps + 1, sizeof *ap->steps);
    ap->loads = calloc(n_loads + 1, sizeof *ap->loads);
    if (!ap->routes || !ap->unassigned || !ap->steps || !ap->loads) {
        rd_api_plan_free(ap);
        return rd_err(err, RD_ERR_NOMEM, "out of memory"), NULL;
    }
    rondo_plan *p = &ap->plan;
    p->cost = real_of(sum, "cost");
    p->has_lower_bound = json_is_number(json_object_get(sum, "lower_bound"));
    p->lower_bound = real_of(sum, "lower_bound");
    p->optimal = json_is_true(json_object_get(sum, "optimal"));
    p->interrupted = interrupted;
    fill_routes(ap, routes);
    p->n_routes = (int)json_array_size(routes);
    p->routes = ap->routes;
    const json_t *u;
    json_array_foreach(un, i, u) {
        ap->unassigned[i].id = int_of(u, "id", 0);
        ap->unassigned[i].type = step_type(json_string_value(json_object_get(u, "type")));
        const char *why = json_string_value(json_object_get(u, "reason"));
        ap->unassigned[i].reason = why ? why : "";
    }
    p->n_unassigned = (int)json_array_size(un);
    p->unassigned = ap->unassigned;
    return ap;
}

const rondo_plan *rd_api_plan_structs(const rd_api_plan *ap) {
    return ap ? &ap->plan : NULL;
}

void rd_api_plan_free(rd_api_plan *ap) {
    if (!ap) return;
    json_decref(ap->doc);
    free(ap->routes);
    free(ap->unassigned);
    free(ap->steps);
    free(ap->loads);
    free(ap);
}
