#include "io/json_out.h"

#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/geo.h"
#include "model/clock.h"
#include "model/eval.h"
#include "solver/plan.h"

#define F RD_JSON_TIME_SCALE

/* Route totals in VROOM's user units. */
typedef struct totals {
    int64_t cost, setup, service, duration, waiting, priority, distance;
    int64_t reloads; /* reload steps; reported when the input has facilities */
    int facilities;
    int64_t prize; /* prizes collected (cost units); reported when a job has one */
    int prizes;
    int64_t delivery[RD_MAX_DIMS], pickup[RD_MAX_DIMS];
    unsigned causes;     /* plan mode: RD_PLAN_* violation causes */
    int64_t lead, delay; /* plan mode: lead time and delay, seconds */
    int64_t routing_ns;  /* spent in x->route_geometry (summary.computing_times.routing) */
} totals;

/* VROOM's step / unassigned type of a task. */
const char *rd_json_task_type(const rd_model *m, int t) {
    static const char *const kind[5] = {"job", "pickup", "delivery", "break", "reload"};
    return kind[m->task_kind[t]];
}

/* A `violations` array: one {cause[, duration]} per cause bit, in
 * rd_plan_cause_name order (lead_time and delay carry their duration). */
static json_t *violations(unsigned causes, int64_t lead, int64_t delay) {
    json_t *arr = json_array();
    for (int b = 0; arr && b < RD_PLAN_N_CAUSES; b++) {
        if (!(causes & (1u << b))) continue;
        json_t *o = json_object();
        json_object_set_new(o, "cause", json_string(rd_plan_cause_name(b)));
        if ((1u << b) == RD_PLAN_LEAD_TIME) json_object_set_new(o, "duration", json_integer(lead));
        if ((1u << b) == RD_PLAN_DELAY) json_object_set_new(o, "duration", json_integer(delay));
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *amount(const int64_t *a, int n) {
    json_t *arr = json_array();
    for (int d = 0; arr && d < n; d++) json_array_append_new(arr, json_integer(a[d]));
    return arr;
}

static json_t *pair(const double *xy) {
    json_t *ll = json_array();
    json_array_append_new(ll, json_real(xy[0]));
    json_array_append_new(ll, json_real(xy[1]));
    return ll;
}

/* `location` (as the input gave it) and `location_index` of a task, or of
 * the start (end = 0) or end (end = 1) of vehicle `v` when task < 0. */
static void set_location(json_t *o, const rd_json_extras *x, int task, int loc, int v, int end) {
    if (loc < 0) return; /* a break has no location */
    if (task >= 0 && x->task_has_coords[task])
        json_object_set_new(o, "location", pair(&x->task_coords[2 * task]));
    else if (task < 0 && v >= 0 && x->veh_has_coords[2 * v + end])
        json_object_set_new(o, "location", pair(&x->veh_coords[4 * v + 2 * end]));
    json_object_set_new(o, "location_index", json_integer(loc));
}

/* The coordinates of the n steps' located ones (breaks have none) into lat, lon
 * (*k of them). Returns 0 when a location has no coordinates (then no geometry). */
static int located_stops(const rd_json_extras *x, const rd_step_eval *ev, int n, double *lat,
                         double *lon, int *k) {
    *k = 0;
    for (int i = 0; i < n; i++) {
        int l = ev[i].loc;
        if (l < 0) continue;
        if (l >= x->n_locs || !x->loc_has_coords[l]) return 0;
        lon[*k] = x->loc_lonlat[2 * l];
        lat[(*k)++] = x->loc_lonlat[2 * l + 1];
    }
    return 1;
}

/* rd_json_set_route_batch's x->route_geometry: the one route alone. */
static char *batch_one(void *ctx, int vehicle, const double *lat, const double *lon, int n) {
    const rd_json_route_batch *b = ctx;
    char *out = NULL;
    b->fetch(b->ctx, 1, &vehicle, &lat, &lon, &n, &out);
    return out;
}

void rd_json_set_route_batch(rd_json_extras *x, const rd_json_route_batch *b) {
    x->route_geometry = batch_one;
    x->route_geometry_ctx = (void *)b;
}

/* -g: the geometry of vehicle `vehicle`'s route through its located steps
 * (breaks have none) as an encoded polyline (precision 5, as VROOM and OSRM):
 * the road path, else straight segments; NULL when a step's location has no
 * coordinates. The road path is *road's when road is non-NULL (fetched with the
 * other routes', taken over here), else x->route_geometry's. */
static json_t *geometry(const rd_json_extras *x, int vehicle, const rd_step_eval *ev, int n,
                        char **road, int64_t *routing_ns) {
    double *lat = malloc((size_t)(n > 0 ? n : 1) * sizeof *lat);
    double *lon = malloc((size_t)(n > 0 ? n : 1) * sizeof *lon);
    json_t *g = NULL;
    int k = 0, ok = lat && lon && located_stops(x, ev, n, lat, lon, &k);
    char *s = NULL;
    if (road) {
        s = *road;
        *road = NULL;
    } else if (ok && x->route_geometry) { /* the road path (a routing server's) */
        int64_t t0 = rd_clock_ns();
        s = x->route_geometry(x->route_geometry_ctx, vehicle, lat, lon, k);
        *routing_ns += rd_clock_ns() - t0;
    }
    if (ok && !s) s = rd_geo_polyline(lat, lon, k, 5); /* straight segments */
    if (s && ok) g = json_string(s);
    free(s);
    free(lat);
    free(lon);
    return g;
}

static void add_totals(totals *sum, const totals *r, int nd) {
    sum->cost += r->cost;
    sum->setup += r->setup;
    sum->service += r->service;
    sum->duration += r->duration;
    sum->waiting += r->waiting;
    sum->priority += r->priority;
    sum->distance += r->distance;
    sum->reloads += r->reloads;
    sum->facilities = r->facilities;
    sum->prize += r->prize;
    sum->prizes = r->prizes;
    for (int d = 0; d < nd; d++) {
        sum->delivery[d] += r->delivery[d];
        sum->pickup[d] += r->pickup[d];
    }
    sum->causes |= r->causes;
    sum->lead += r->lead;
    sum->delay += r->delay;
    sum->routing_ns += r->routing_ns;
}

static json_t *totals_object(const rd_json_extras *x, const totals *t) {
    json_t *o = json_object();
    json_object_set_new(o, "cost", json_integer(t->cost));
    json_object_set_new(o, "setup", json_integer(t->setup));
    json_object_set_new(o, "service", json_integer(t->service));
    json_object_set_new(o, "duration", json_integer(t->duration));
    json_object_set_new(o, "waiting_time", json_integer(t->waiting));
    json_object_set_new(o, "priority", json_integer(t->priority));
    json_object_set_new(o, "delivery", amount(t->delivery, x->amount_size));
    json_object_set_new(o, "pickup", amount(t->pickup, x->amount_size));
    if (x->report_distances) json_object_set_new(o, "distance", json_integer(t->distance));
    if (t->facilities) json_object_set_new(o, "reloads", json_integer(t->reloads));
    if (t->prizes) json_object_set_new(o, "prize", json_integer(t->prize / RD_JSON_COST_SCALE));
    json_object_set_new(o, "violations", violations(t->causes, t->lead, t->delay));
    return o;
}

/* Adds the members of `from` to `into` and releases `from`. */
static void merge(json_t *into, json_t *from) {
    json_object_update(into, from);
    json_decref(from);
}

/* The steps of route rt into ev (*n of them): `plan`'s (plan mode: the route's
 * rt->len + 2 scheduled steps), else the evaluator's schedule. */
static rd_status route_steps(const rd_model *m, const rd_route *rt, const rd_plan_step *plan,
                             rd_step_eval *ev, int *n, rd_error *err) {
    if (!plan) return rd_eval_route_steps(m, rt, ev, n, err);
    *n = rt->len + 2;
    for (int k = 0; k < *n; k++) ev[k] = plan[k].s;
    return RD_OK;
}

/* One route object; fills *t with its totals. `plan` (plan mode) holds the
 * route's rt->len + 2 scheduled steps with their violations; without it the
 * schedule is the evaluator's. `road`: see geometry(). */
static rd_status route_object(const rd_model *m, const rd_json_extras *x, const rd_route *rt,
                              const rd_plan_step *plan, rd_step_eval *ev, char **road, json_t **out,
                              totals *t, rd_error *err) {
    int n = 0;
    RD_TRY(route_steps(m, rt, plan, ev, &n, err));
    const int v = rt->vehicle;
    memset(t, 0, sizeof *t);
    t->facilities = m->n_facilities > 0;
    t->prizes = x->prizes;
    json_t *steps = json_array();
    int64_t prev_end = n ? ev[0].arrival / F : 0;
    for (int k = 0; k < n; k++) {
        const rd_step_eval *e = &ev[k];
        int64_t arr = e->arrival / F, wait = e->begin / F - e->arrival / F;
        int64_t setup = e->setup / F, service = e->service / F;
        if (e->kind != RD_STEP_START) t->duration += arr - prev_end;
        prev_end = arr + wait + setup + service;
        t->setup += setup;
        t->service += service;
        t->waiting += wait;
        json_t *s = json_object();
        static const char *const type[3] = {"start", "job", "end"};
        json_object_set_new(
            s, "type",
            json_string(e->kind == RD_STEP_TASK ? rd_json_task_type(m, e->task) : type[e->kind]));
        set_location(s, x, e->task, e->loc, v, e->kind == RD_STEP_END);
        if (e->kind == RD_STEP_TASK) {
            json_object_set_new(s, "id", json_integer(m->task_id[e->task]));
            t->reloads += m->task_kind[e->task] == RD_TASK_RELOAD;
            if (x->task_fill && x->task_fill[2 * e->task] >= 0) { /* a station: fill at arrival */
                double f = x->task_fill[2 * e->task] + x->task_fill[2 * e->task + 1] *
                                                           (double)(e->arrival / F - x->fill_now) /
                                                           86400.0;
                if (f < x->task_fill[2 * e->task]) f = x->task_fill[2 * e->task];
                if (f > 1.0) f = 1.0;
                json_object_set_new(s, "fill", json_real(round(f * 1000.0) / 1000.0));
            }
            if (m->task_prize[e->task] > 0) t->prize += m->task_prize[e->task];
            t->priority += m->task_priority[e->task];
            for (int d = 0; d < x->amount_size; d++) {
                t->delivery[d] += rd_model_delivery(m, e->task)[d];
                t->pickup[d] += rd_model_pickup(m, e->task)[d];
            }
        }
        json_object_set_new(s, "setup", json_integer(setup));
        json_object_set_new(s, "service", json_integer(service));
        json_object_set_new(s, "waiting_time", json_integer(wait));
        json_object_set_new(s, "load", amount(e->load, x->amount_size));
        json_object_set_new(s, "arrival", json_integer(arr));
        json_object_set_new(s, "duration", json_integer(t->duration));
        if (x->report_distances) json_object_set_new(s, "distance", json_integer(e->distance));
        unsigned causes = plan ? plan[k].causes : 0;
        int64_t lead = 0, delay = 0;
        /* As VROOM: lead time and delay between times truncated to seconds;
         * one that truncates to 0 is not reported. */
        if (causes & RD_PLAN_LEAD_TIME) lead = (e->begin + plan[k].lead_time) / F - e->begin / F;
        if (causes & RD_PLAN_DELAY) delay = e->begin / F - (e->begin - plan[k].delay) / F;
        if (!lead) causes &= ~(unsigned)RD_PLAN_LEAD_TIME;
        if (!delay) causes &= ~(unsigned)RD_PLAN_DELAY;
        t->causes |= causes | (plan ? plan[k].route_causes : 0);
        t->lead += lead;
        t->delay += delay;
        json_object_set_new(s, "violations", violations(causes, lead, delay));
        if (e->task >= 0 && x->task_desc[e->task])
            json_object_set_new(s, "description", json_string(x->task_desc[e->task]));
        json_array_append_new(steps, s);
    }
    const rd_step_eval *last = &ev[n - 1];
    t->distance = last->distance;
    if (x->veh_costs_matrix[v])
        t->cost = x->veh_fixed[v] + last->cost / RD_JSON_COST_SCALE;
    else if (x->vrptw || plan) /* plan mode: always from the reported metrics, as VROOM */
        t->cost =
            x->veh_fixed[v] + (int64_t)((double)(t->duration * x->veh_per_hour[v]) / 3600.0 +
                                        (double)(t->distance * x->veh_per_km[v]) / 1000.0 + 0.5);
    else
        t->cost = x->veh_fixed[v] + last->cost / RD_JSON_COST_SCALE;
    json_t *o = json_object();
    json_object_set_new(o, "vehicle", json_integer(m->vehicles[v].id));
    merge(o, totals_object(x, t));
    json_object_set_new(o, "steps", steps);
    if (x->geometry) {
        json_t *g = geometry(x, v, ev, n, road, &t->routing_ns);
        if (g) json_object_set_new(o, "geometry", g);
    }
    if (x->veh_desc[v]) json_object_set_new(o, "description", json_string(x->veh_desc[v]));
    *out = o;
    return RD_OK;
}

/* The search's reasons quote time windows in model units (1/100 s here):
 * the answer quotes them in seconds, as the input gave them. */
static const char *user_reason(const rd_model *m, int t, const char *reason, char *buf,
                               size_t size) {
    if (!reason) return "no room left in the plan";
    int a = m->task_tw_first[t], b = m->task_tw_first[t + 1];
    if (!strstr(reason, "can be reached from any vehicle shift") &&
        !strstr(reason, "cannot be reached from any vehicle shift"))
        return reason;
    if (b - a == 1)
        snprintf(buf, size,
                 "time window [%" PRId64 ", %" PRId64 "] cannot be reached from any vehicle shift",
                 m->tw_start[a] / F, m->tw_end[a] / F);
    else
        snprintf(buf, size,
                 "none of the %d time windows [%" PRId64 ", %" PRId64 "] .. [%" PRId64 ", %" PRId64
                 "] can be reached from any vehicle shift",
                 b - a, m->tw_start[a] / F, m->tw_end[a] / F, m->tw_start[b - 1] / F,
                 m->tw_end[b - 1] / F);
    return buf;
}

static int by_vehicle(const void *a, const void *b) {
    const rd_route *const *p = a, *const *q = b;
    return ((*p)->vehicle > (*q)->vehicle) - ((*p)->vehicle < (*q)->vehicle);
}

/* rd_json_set_route_batch: the road paths of the nr routes order[r] (vehicle
 * order) with geometry, fetched at once into road[r] (zeroed; NULL: straight
 * segments, or no geometry), the fetch's wall time added to *routing_ns. */
static rd_status prefetch_roads(const rd_model *m, const rd_json_extras *x, const rd_route **order,
                                int nr, const rd_solution *s, const rd_plan_step *const *plan,
                                rd_step_eval *ev, char **road, int64_t *routing_ns, rd_error *err) {
    size_t cap = 1;
    for (int r = 0; r < nr; r++) cap += (size_t)order[r]->len + 2;
    double *lat = malloc(cap * sizeof *lat), *lon = malloc(cap * sizeof *lon);
    const double **la = malloc((size_t)(nr + 1) * sizeof *la);
    const double **lo = malloc((size_t)(nr + 1) * sizeof *lo);
    int *cnt = malloc((size_t)(nr + 1) * sizeof *cnt),
        *veh = malloc((size_t)(nr + 1) * sizeof *veh);
    int *at = malloc((size_t)(nr + 1) * sizeof *at);
    char **got = calloc((size_t)nr + 1, sizeof *got);
    rd_status st = RD_OK;
    if (!lat || !lon || !la || !lo || !cnt || !veh || !at || !got) {
        st = rd_err(err, RD_ERR_NOMEM, "out of memory writing the JSON answer");
        goto out;
    }
    int k = 0; /* routes to fetch */
    size_t used = 0;
    for (int r = 0; r < nr; r++) {
        int n = 0, c = 0;
        const rd_plan_step *ps = plan ? plan[order[r] - s->routes] : NULL;
        if ((st = route_steps(m, order[r], ps, ev, &n, err)) != RD_OK) goto out;
        if (!located_stops(x, ev, n, lat + used, lon + used, &c)) continue;
        la[k] = lat + used;
        lo[k] = lon + used;
        cnt[k] = c;
        veh[k] = order[r]->vehicle;
        at[k++] = r;
        used += (size_t)c;
    }
    if (k > 0) {
        const rd_json_route_batch *b = x->route_geometry_ctx;
        int64_t t0 = rd_clock_ns();
        b->fetch(b->ctx, k, veh, la, lo, cnt, got);
        *routing_ns += rd_clock_ns() - t0;
    }
    for (int i = 0; i < k; i++) road[at[i]] = got[i];
out:
    free(lat);
    free(lon);
    free(la);
    free(lo);
    free(cnt);
    free(veh);
    free(at);
    free(got);
    return st;
}

/* rd_json_write, or rd_json_write_plan when `plan` is non-NULL. */
static rd_status write_answer(FILE *f, const rd_model *m, const rd_json_extras *x,
                              const rd_solution *s, const rd_plan_step *const *plan,
                              const rd_json_times *times, rd_json_summary *out, rd_error *err) {
    if (x->n_tasks != m->n_tasks || x->n_vehicles != m->n_vehicles)
        return rd_err(err, RD_ERR_INTERNAL, "json output: extras do not match the model");
    int maxlen = 0;
    for (int r = 0; r < s->n_routes; r++)
        if (s->routes[r].len > maxlen) maxlen = s->routes[r].len;
    rd_step_eval *ev = malloc((size_t)(maxlen + 2) * sizeof *ev);
    const rd_route **order = malloc((size_t)(s->n_routes + 1) * sizeof *order);
    /* rd_json_set_route_batch: every route's road path, fetched before writing */
    const int batch = x->geometry && x->route_geometry == batch_one;
    char **road = batch ? calloc((size_t)s->n_routes + 1, sizeof *road) : NULL;
    json_t *root = json_object(), *routes = json_array(), *unassigned = json_array();
    rd_status st = RD_OK;
    if (!ev || !order || (batch && !road) || !root || !routes || !unassigned) {
        st = rd_err(err, RD_ERR_NOMEM, "out of memory writing the JSON answer");
        goto done;
    }
    int nr = 0;
    for (int r = 0; r < s->n_routes; r++)
        if (s->routes[r].len > 0) order[nr++] = &s->routes[r];
    qsort(order, (size_t)nr, sizeof *order, by_vehicle);
    totals sum = {0};
    sum.facilities = m->n_facilities > 0;
    sum.prizes = x->prizes;
    if (batch &&
        (st = prefetch_roads(m, x, order, nr, s, plan, ev, road, &sum.routing_ns, err)) != RD_OK)
        goto done;
    for (int r = 0; r < nr; r++) {
        json_t *ro = NULL;
        totals t;
        const rd_plan_step *ps = plan ? plan[order[r] - s->routes] : NULL;
        if ((st = route_object(m, x, order[r], ps, ev, road ? &road[r] : NULL, &ro, &t, err)) !=
            RD_OK)
            goto done;
        json_array_append_new(routes, ro);
        add_totals(&sum, &t, x->amount_size);
    }
    for (int u = 0; u < s->n_unassigned; u++) {
        int t = s->unassigned[u].task;
        if (t < 0 || t >= m->n_tasks) {
            st = rd_err(err, RD_ERR_INTERNAL, "unassigned task %d out of range", t);
            goto done;
        }
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(m->task_id[t]));
        json_object_set_new(o, "type", json_string(rd_json_task_type(m, t)));
        set_location(o, x, t, m->task_loc[t], -1, 0);
        if (x->task_desc[t]) json_object_set_new(o, "description", json_string(x->task_desc[t]));
        char rb[256];
        json_object_set_new(o, "reason",
                            json_string(user_reason(m, t, s->unassigned[u].reason, rb, sizeof rb)));
        json_array_append_new(unassigned, o);
    }
    json_t *summary = json_object();
    json_object_set_new(summary, "cost", json_integer(sum.cost));
    json_object_set_new(summary, "routes", json_integer(nr));
    json_object_set_new(summary, "unassigned", json_integer(s->n_unassigned));
    merge(summary, totals_object(x, &sum));
    json_t *ct = json_object();
    json_object_set_new(ct, "loading", json_integer(times ? times->loading : 0));
    json_object_set_new(ct, "solving", json_integer(times ? times->solving : 0));
    json_object_set_new(ct, "routing",
                        json_integer((times ? times->routing : 0) + sum.routing_ns / 1000000));
    json_object_set_new(summary, "computing_times", ct);
    if (x->options.has_seed)
        json_object_set_new(summary, "seed", json_integer((json_int_t)x->options.seed));
    if (x->has_bound && !x->exact) { /* rondo extension: --bound's lower bound */
        json_object_set_new(summary, "lower_bound",
                            x->bound >= 0 ? json_integer(x->bound) : json_null());
        json_object_set_new(
            summary, "gap",
            x->bound >= 0 && sum.cost > 0
                ? json_real(100.0 * (double)(sum.cost - x->bound) / (double)sum.cost)
                : json_null());
    }
    if (x->exact) { /* rondo extension: the proof of --exact */
        json_object_set_new(summary, "optimal", json_boolean(x->optimal));
        /* an optimal plan's bound is its cost (the LP bound may be a hair below) */
        int64_t lb = x->optimal ? sum.cost : x->lower_bound;
        json_object_set_new(summary, "lower_bound", lb >= 0 ? json_integer(lb) : json_null());
    }
    if (x->id) { /* serve: the request's id first */
        json_t *id = json_loads(x->id, JSON_DECODE_ANY, NULL);
        if (!id) {
            json_decref(summary);
            st = rd_err(err, RD_ERR_INTERNAL, "json output: the request id is not JSON");
            goto done;
        }
        json_object_set_new(root, "id", id);
    }
    json_object_set_new(root, "code", json_integer(0));
    json_object_set_new(root, "summary", summary);
    json_object_set_new(root, "unassigned", unassigned);
    json_object_set_new(root, "routes", routes);
    unassigned = routes = NULL;
    if (json_dumpf(root, f, JSON_PRESERVE_ORDER | JSON_COMPACT | JSON_REAL_PRECISION(15)) != 0 ||
        fputc('\n', f) == EOF)
        st = rd_err(err, RD_ERR_INTERNAL, "writing the JSON answer failed");
    if (out) *out = (rd_json_summary){sum.cost, nr, s->n_unassigned};
done:
    json_decref(routes);
    json_decref(unassigned);
    json_decref(root);
    for (int r = 0; road && r < s->n_routes; r++) free(road[r]);
    free(road);
    free(ev);
    free(order);
    return st;
}

rd_status rd_json_write(FILE *f, const rd_model *m, const rd_json_extras *x, const rd_solution *s,
                        const rd_json_times *times, rd_json_summary *sum, rd_error *err) {
    return write_answer(f, m, x, s, NULL, times, sum, err);
}

rd_status rd_json_write_plan(FILE *f, const rd_model *m, const rd_json_extras *x,
                             const rd_solution *s, const rd_plan_step *const *steps,
                             const rd_json_times *times, rd_json_summary *sum, rd_error *err) {
    if (!steps) return rd_err(err, RD_ERR_INTERNAL, "json output: plan mode without schedules");
    return write_answer(f, m, x, s, steps, times, sum, err);
}

rd_status rd_json_write_error(FILE *f, rd_status st, const char *msg) {
    return rd_json_write_error_id(f, NULL, st, msg);
}

rd_status rd_json_write_error_id(FILE *f, const char *id, rd_status st, const char *msg) {
    json_t *o = json_object();
    json_t *idv = id ? json_loads(id, JSON_DECODE_ANY, NULL) : NULL;
    if (!o || (id && !idv)) {
        json_decref(o);
        json_decref(idv);
        return RD_ERR_INTERNAL;
    }
    if (idv) json_object_set_new(o, "id", idv);
    json_object_set_new(o, "code", json_integer(rd_status_exit_code(st)));
    json_t *text = json_string(msg ? msg : rd_status_name(st));
    if (!text && msg) { /* the message quotes bytes of the input that are not UTF-8 */
        char clean[RD_ERROR_MSG_MAX];
        size_t n = 0;
        for (const unsigned char *c = (const unsigned char *)msg; *c && n + 1 < sizeof clean; c++)
            clean[n++] = *c < 0x80 ? (char)*c : '?';
        clean[n] = '\0';
        text = json_string(clean);
    }
    json_object_set_new(o, "error", text);
    int bad = json_dumpf(o, f, JSON_PRESERVE_ORDER | JSON_COMPACT | JSON_REAL_PRECISION(15)) != 0 ||
              fputc('\n', f) == EOF;
    json_decref(o);
    return bad ? RD_ERR_INTERNAL : RD_OK;
}
