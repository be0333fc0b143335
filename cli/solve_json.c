#include "cli/solve_json.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/html.h"
#include "cli/output.h"
#include "cli/stop.h"
#include "io/json_in.h"
#include "io/json_out.h"
#include "io/map.h"
#include "model/clock.h"
#include "model/eval.h"
#include "solver/initial.h"
#include "solver/plan.h"
#include "solver/run.h"

typedef struct error_answer {
    rd_status st;
    const char *msg;
} error_answer;

static int write_error(FILE *f, void *ctx) {
    const error_answer *e = ctx;
    return rd_json_write_error(f, e->st, e->msg) == RD_OK;
}

int rd_cli_json_fail(const char *output, rd_status st, const char *msg) {
    fprintf(stderr, "rondo: error: %s\n", msg);
    error_answer e = {st, msg};
    rd_out_write(output, write_error, &e);
    return rd_status_exit_code(st);
}

/* Where one answer goes: the stream, the request's id to echo (serve) and
 * the prefix of error lines on stderr. */
typedef struct answer_to {
    FILE *f;
    const char *id;     /* compact JSON, or NULL */
    const char *prefix; /* stderr context, or NULL */
    FILE *diag;         /* where error and violation lines go: stderr, or NULL (silent) */
} answer_to;

/* Writes the error answer {"id":..., "code":N, "error":msg} and the message
 * on stderr. Returns the exit code of `st`. */
static int fail(const answer_to *a, rd_status st, const char *msg) {
    if (a->diag)
        fprintf(a->diag, "rondo: error: %s%s%s\n", a->prefix ? a->prefix : "",
                a->prefix ? ": " : "", msg);
    if (rd_json_write_error_id(a->f, a->id, st, msg) != RD_OK && !ferror(a->f))
        rd_json_write_error(a->f, RD_ERR_INTERNAL, "out of memory writing the error answer");
    return rd_status_exit_code(st);
}

/* Writes the answer for plan `s` (with its schedules in plan mode), or an
 * error answer when it cannot be built (memory). Returns the exit code. */
static int write_json(const answer_to *a, const rd_model *m, const rd_json_extras *x,
                      const rd_solution *s, rd_plan_step *const *steps, const rd_json_times *times,
                      rd_cli_result *result) {
    rd_error err;
    rd_error_clear(&err);
    rd_json_summary sum;
    rd_status st = steps ? rd_json_write_plan(a->f, m, x, s, (const rd_plan_step *const *)steps,
                                              times, &sum, &err)
                         : rd_json_write(a->f, m, x, s, times, &sum, &err);
    if (st == RD_OK && result) { /* what the answer says, for the batch's line */
        result->written = 1;
        snprintf(result->cost, sizeof result->cost, "%" PRId64, sum.cost);
        result->routes = sum.routes;
        result->unassigned = sum.unassigned;
    }
    if (st == RD_OK) return 0;
    if (ferror(a->f)) { /* the stream failed: the caller finds out when it closes or flushes */
        if (a->diag) fprintf(a->diag, "rondo: error: %s\n", err.msg);
        return 1;
    }
    return fail(a, st, err.msg); /* nothing was written: say why instead */
}

/* Plan mode: schedules every vehicle's steps; the other jobs are unassigned. */
static int solve_plan(const answer_to *a, const rd_model *m, const rd_json_extras *x,
                      const rd_json_plan *plan, int64_t t0, int64_t t1, rd_cli_result *result) {
    rd_error err;
    rd_error_clear(&err);
    int code = 0;
    rd_solution *s = rd_solution_create();
    rd_plan_step **steps = calloc((size_t)(plan->n_routes ? plan->n_routes : 1), sizeof *steps);
    char *planned = calloc((size_t)(m->n_tasks ? m->n_tasks : 1), 1);
    if (!s || !steps || !planned) {
        code = fail(a, RD_ERR_NOMEM, "out of memory");
        goto out;
    }
    for (int r = 0; r < plan->n_routes; r++) {
        const rd_json_plan_route *pr = &plan->routes[r];
        rd_route rt = {pr->vehicle, pr->len, pr->tasks};
        rd_plan_result res;
        steps[r] = malloc((size_t)(pr->len + 2) * sizeof **steps);
        rd_status st = steps[r] ? rd_plan_route(m, &rt, pr->after, pr->before, steps[r], &res, &err)
                                : rd_err(&err, RD_ERR_NOMEM, "out of memory");
        if (st == RD_ERR_INPUT && res.bad_step >= 0) {
            /* Hard step bounds that cannot be met: name the step and say why, in seconds. */
            char msg[RD_ERROR_MSG_MAX], where[64];
            int js = pr->json_step[res.bad_step];
            if (js >= 0)
                snprintf(where, sizeof where, "vehicles[%d].steps[%d]", pr->vehicle, js);
            else
                snprintf(where, sizeof where, "vehicles[%d].steps", pr->vehicle);
            snprintf(msg, sizeof msg,
                     "%s: infeasible route for vehicle %" PRId64 ": service must start by %g but "
                     "cannot start before %g",
                     where, m->vehicles[pr->vehicle].id,
                     (double)pr->before[res.bad_step] / RD_JSON_TIME_SCALE,
                     (double)res.earliest / RD_JSON_TIME_SCALE);
            code = fail(a, st, msg);
            goto out;
        }
        if (st == RD_OK) st = rd_solution_add_route(s, pr->vehicle, pr->tasks, pr->len);
        if (st != RD_OK) {
            code = fail(a, st, err.msg);
            goto out;
        }
        for (int i = 0; i < pr->len; i++) planned[pr->tasks[i]] = 1;
    }
    for (int t = 0; t < m->n_tasks; t++)
        if (!planned[t] &&
            rd_solution_add_unassigned(s, t, "not in any vehicle's steps (plan mode)") != RD_OK) {
            code = fail(a, RD_ERR_NOMEM, "out of memory");
            goto out;
        }
    int64_t t2 = rd_clock_ns();
    rd_json_times times = {(t1 - t0) / 1000000, (t2 - t1) / 1000000, 0};
    code = write_json(a, m, x, s, steps, &times, result);
out:
    for (int r = 0; steps && r < plan->n_routes; r++) free(steps[r]);
    free(steps);
    free(planned);
    rd_solution_destroy(s);
    return code;
}

/* "job 5", "pickup 3", "break 2": task t as the input names it. */
static void task_name(const rd_model *m, int t, char *buf, size_t size) {
    snprintf(buf, size, "%s %" PRId64, rd_json_task_type(m, t), m->task_id[t]);
}

/* Why an initial route (vehicles[k].steps) is refused, in the input's units. */
static void initial_why(const rd_model *m, const rd_initial_fault *f, char *buf, size_t size) {
    const rd_violation *v = &f->why;
    const double S = RD_JSON_TIME_SCALE;
    char t[64] = "the route";
    if (v->task >= 0) task_name(m, v->task, t, sizeof t);
    if (f->too_many) {
        snprintf(buf, size, "the vehicle has steps twice");
        return;
    }
    if (f->breaks) {
        snprintf(buf, size, "no place for its breaks keeps the route feasible");
        return;
    }
    switch (v->kind) {
    case RD_VIOL_LOAD:
        snprintf(buf, size, "load %" PRId64 " after %s exceeds the capacity %" PRId64, v->value, t,
                 v->limit);
        break;
    case RD_VIOL_LATE:
        snprintf(buf, size, "%s is reached at %g, after its last time window ends at %g", t,
                 (double)v->value / S, (double)v->limit / S);
        break;
    case RD_VIOL_SHIFT_END:
        snprintf(buf, size, "the route ends at %g, after the vehicle's time window ends at %g",
                 (double)v->value / S, (double)v->limit / S);
        break;
    case RD_VIOL_MAX_TASKS:
        snprintf(buf, size, "%" PRId64 " tasks, above max_tasks %" PRId64, v->value, v->limit);
        break;
    case RD_VIOL_MAX_TRAVEL_TIME:
        snprintf(buf, size, "travel time %g above max_travel_time %g", (double)v->value / S,
                 (double)v->limit / S);
        break;
    case RD_VIOL_MAX_DISTANCE:
        snprintf(buf, size, "distance %" PRId64 " above max_distance %" PRId64, v->value, v->limit);
        break;
    case RD_VIOL_PRECEDENCE:
        snprintf(buf, size,
                 "%s: a shipment's pickup and delivery must both be on the route, "
                 "pickup first",
                 t);
        break;
    case RD_VIOL_SKILLS:
        snprintf(buf, size, "%s needs skill %" PRId64 ", which the vehicle lacks", t, v->value);
        break;
    case RD_VIOL_BREAK: snprintf(buf, size, "%s belongs to another vehicle", t); break;
    case RD_VIOL_MAX_LOAD:
        snprintf(buf, size, "load %" PRId64 " at %s exceeds its max_load %" PRId64, v->value, t,
                 v->limit);
        break;
    default: rd_violation_describe(m, v, buf, size); break;
    }
}

/* The vehicles' steps (solving mode) as the search's initial plan, in *init.
 * Returns 0, or the exit code after writing the error answer. */
static int initial_plan(const answer_to *a, const rd_model *m, const rd_json_plan *plan,
                        rd_solution *init) {
    rd_error err;
    rd_error_clear(&err);
    rd_route *rts = calloc((size_t)plan->n_routes + 1, sizeof *rts);
    if (!rts) return fail(a, RD_ERR_NOMEM, "out of memory");
    for (int r = 0; r < plan->n_routes; r++)
        rts[r] = (rd_route){plan->routes[r].vehicle, plan->routes[r].len, plan->routes[r].tasks};
    rd_initial_fault f;
    rd_status st = rd_initial_build(m, rts, plan->n_routes, init, &f, &err);
    free(rts);
    if (st == RD_ERR_INPUT && f.route >= 0) {
        const int v = plan->routes[f.route].vehicle;
        char why[256], msg[RD_ERROR_MSG_MAX];
        initial_why(m, &f, why, sizeof why);
        snprintf(msg, sizeof msg,
                 "vehicles[%d].steps: infeasible route for vehicle %" PRId64 ": %s", v,
                 m->vehicles[v].id, why);
        return fail(a, st, msg);
    }
    return st == RD_OK ? 0 : fail(a, st, err.msg);
}

/* Completes `p` with the input's options `o`. rondo solve: the command line
 * wins for each knob it set. Serve: the request's options win over the
 * service's defaults, and a budget in them replaces the default budget as a
 * whole (a request's time limit is not cut short by the service's default
 * iteration budget); the service's --max-time caps whatever budget results. */
static void apply_options(const rd_cli_json_opts *co, rd_json_options *o, rd_params *p) {
    int explore;
    if (co->serve) {
        if (o->has_time_limit || o->has_iterations || o->has_exploration) {
            p->time_limit = 0;
            p->iterations = 0;
        }
        if (o->has_time_limit) p->time_limit = o->time_limit;
        if (o->has_iterations) p->iterations = o->iterations;
        if (o->has_threads) p->threads = o->threads;
        if (o->has_seed)
            p->seed = o->seed;
        else if (co->seed_given) { /* the service's --seed: reported as rondo solve does */
            o->has_seed = 1;
            o->seed = p->seed;
        }
        explore = o->has_exploration ? o->exploration : -1;
    } else {
        if (o->has_time_limit && !co->limit_given) p->time_limit = o->time_limit;
        if (o->has_iterations && !co->iterations_given) p->iterations = o->iterations;
        if (o->has_threads && !co->threads_given) p->threads = o->threads;
        if (co->seed_given) {
            o->has_seed = 1;
            o->seed = p->seed;
        } else if (o->has_seed) {
            p->seed = o->seed;
        }
        /* VROOM's exploration level (-x, else options.exploration; default 5) */
        explore = co->explore >= 0     ? (co->explore < 5 ? co->explore : 5)
                  : o->has_exploration ? o->exploration
                                       : -1;
    }
    /* the exploration level scales the default budget */
    if (explore >= 0 && p->time_limit <= 0 && p->iterations <= 0)
        p->iterations = (int64_t)RD_DEFAULT_ITERATIONS * (explore + 1) / 6;
    /* serve --max-time: the search ends at the cap or its own budget, whichever first */
    if (co->max_time > 0 && (p->time_limit <= 0 || p->time_limit > co->max_time))
        p->time_limit = co->max_time;
}

/* The locations' coordinates kept for the maps (--geojson, --svg), copied
 * from the reader's extras before they are freed. */
typedef struct map_src {
    int n;
    unsigned char *has;
    double *lonlat, *xy;
    int planar;     /* xy: metres of a projected crs */
    int road_paths; /* the answer's geometries are road paths (-g with a server) */
} map_src;

static void map_src_free(map_src *ms) {
    free(ms->has);
    free(ms->lonlat);
    free(ms->xy);
    memset(ms, 0, sizeof *ms);
}

/* The maps need coordinates for every location the plan may use: refused
 * before solving (exit 2) otherwise; else copies them into *ms. The HTML
 * report alone does without (no map in it): nothing copied, nothing refused. */
static int keep_coords(const answer_to *a, const rd_cli_json_opts *co, const rd_model *m,
                       const rd_json_extras *x, map_src *ms) {
    const char *flag = co->geojson ? "--geojson" : "--svg";
    int report_only = !co->geojson && !co->svg;
    for (int k = 0; k < m->n_tasks + 2 * m->n_vehicles; k++) {
        int l = k < m->n_tasks              ? m->task_loc[k]
                : (k - m->n_tasks) % 2 == 0 ? m->vehicles[(k - m->n_tasks) / 2].start_loc
                                            : m->vehicles[(k - m->n_tasks) / 2].end_loc;
        if (l >= 0 && (l >= x->n_locs || !x->loc_has_coords[l])) {
            if (report_only) return 0;
            char msg[RD_ERROR_MSG_MAX];
            snprintf(msg, sizeof msg,
                     "%s: location %d has no coordinates (give `location`, `start` and `end` "
                     "next to the indices)",
                     flag, l);
            return fail(a, RD_ERR_INPUT, msg);
        }
    }
    size_t n = (size_t)x->n_locs;
    ms->n = x->n_locs;
    ms->has = malloc(n + 1);
    ms->lonlat = malloc(2 * n * sizeof(double) + 1);
    ms->xy = malloc(2 * n * sizeof(double) + 1);
    if (!ms->has || !ms->lonlat || !ms->xy) return fail(a, RD_ERR_NOMEM, "out of memory");
    memcpy(ms->has, x->loc_has_coords, n);
    memcpy(ms->lonlat, x->loc_lonlat, 2 * n * sizeof(double));
    memcpy(ms->xy, x->loc_xy, 2 * n * sizeof(double));
    ms->planar = x->planar;
    return 0;
}

static int answer(FILE *f, const char *text, size_t len, const char *source,
                  const rd_cli_json_opts *co, rd_params *p, map_src *ms);

/* -g with a routing server: what road_geometry needs. */
typedef struct road_geo {
    const rd_router_cfg *router;
    const rd_model *m;
    const rd_json_extras *x; /* veh_profile: whose server */
    const char *prefix;      /* stderr context (serve: "line 12"), or NULL */
} road_geo;

/* rd_json_route_batch.fetch with a routing server: the routes' road paths from the
 * server's route service, all at once (rd_router_routes: --router-connections
 * requests in flight, with the retries of -r/-a/-p). A route whose geometry cannot
 * be had keeps the plan and straight segments: one warning on stderr, in vehicle
 * order, names its vehicle and why. */
static void road_geometry(void *ctx, int n_routes, const int *vehicles, const double *const *lat,
                          const double *const *lon, const int *n, char **out) {
    const road_geo *g = ctx;
    size_t total = 0;
    for (int r = 0; r < n_routes; r++) total += (size_t)n[r];
    double *ll = malloc((total + 1) * 2 * sizeof *ll);
    const double **at = malloc((size_t)n_routes * sizeof *at);
    const char **profiles = malloc((size_t)n_routes * sizeof *profiles);
    rd_error *errs = malloc((size_t)n_routes * sizeof *errs);
    const int mem = ll && at && profiles && errs;
    for (int r = 0; r < n_routes; r++) out[r] = NULL;
    if (mem) {
        double *p = ll;
        for (int r = 0; r < n_routes; r++) {
            at[r] = p;
            profiles[r] = g->x->veh_profile[vehicles[r]];
            for (int i = 0; i < n[r]; i++, p += 2) {
                p[0] = lon[r][i];
                p[1] = lat[r][i];
            }
        }
        rd_router_routes(g->router, n_routes, profiles, at, n, out, errs);
    }
    for (int r = 0; r < n_routes; r++)
        if (!out[r])
            fprintf(stderr,
                    "rondo: warning: %s%s-g: vehicle %" PRId64 ": no route geometry from the "
                    "routing server (%s); straight segments between its stops instead\n",
                    g->prefix ? g->prefix : "", g->prefix ? ": " : "",
                    g->m->vehicles[vehicles[r]].id, mem ? errs[r].msg : "out of memory");
    free(ll);
    free(at);
    free(profiles);
    free(errs);
}

int rd_cli_json_answer(FILE *f, const char *text, size_t len, const char *source,
                       const rd_cli_json_opts *co, rd_params *p) {
    if (!co->geojson && !co->svg && !co->html) return answer(f, text, len, source, co, p, NULL);
    /* maps: the answer is drawn from its own text, so they never disagree */
    char *buf = NULL;
    size_t blen = 0;
    FILE *mem = open_memstream(&buf, &blen);
    if (!mem) {
        answer_to a = {f, NULL, co->log_prefix, co->silent ? NULL : stderr};
        return fail(&a, RD_ERR_NOMEM, "out of memory");
    }
    map_src ms = {0};
    int code = answer(mem, text, len, source, co, p, &ms);
    int bad = fclose(mem) != 0;
    if (bad || fwrite(buf, 1, blen, f) != blen) {
        free(buf);
        map_src_free(&ms);
        fprintf(stderr, "rondo: error: writing the answer failed\n");
        return 1;
    }
    if (code == 0 && co->html && !co->no_output) {
        rd_map_coords c = {ms.n, ms.has, ms.lonlat, ms.xy, ms.planar, ms.road_paths};
        code = rd_cli_html_write(co->html, source, text, len, buf, blen, ms.has ? &c : NULL);
    }
    if (code == 0 && ms.has && !co->no_output && (co->geojson || co->svg)) {
        rd_error err;
        rd_error_clear(&err);
        rd_map map;
        rd_map_coords c = {ms.n, ms.has, ms.lonlat, ms.xy, ms.planar, ms.road_paths};
        rd_status st = rd_map_from_answer(buf, blen, &c, &map, &err);
        if (st != RD_OK) {
            fprintf(stderr, "rondo: error: maps: %s\n", err.msg);
            code = 1;
        }
        if (st == RD_OK && co->geojson)
            code |= rd_out_write_map("--geojson", co->geojson, &map, rd_map_write_geojson);
        if (st == RD_OK && co->svg)
            code |= rd_out_write_map("--svg", co->svg, &map, rd_map_write_svg);
        rd_map_free(&map);
    }
    free(buf);
    map_src_free(&ms);
    return code;
}

/* A bound in model cost units as a bound in VROOM's cost unit: rounded
 * down, as the answer's costs are. */
static int64_t bound_units(int64_t b) {
    return b / RD_JSON_COST_SCALE;
}

/* The search on a model read (its extras x, the vehicles' steps `plan` as
 * where it starts) and the answer: x's options complete p, the run, the
 * answer written (its loading time counted from t0). Frees nothing of m, x,
 * plan. Returns the exit code. */
static int search_and_write(const answer_to *a, const rd_model *m, rd_json_extras *x,
                            const rd_json_plan *plan, int64_t t0, const rd_cli_json_opts *co,
                            rd_params *p) {
    rd_error err;
    rd_error_clear(&err);
    apply_options(co, &x->options, p);
    int64_t t1 = rd_clock_ns();
    int code = 0;
    rd_solution *init = NULL;
    rd_run_result run = {0};
    x->exact = 0;
    if (plan->n_routes > 0) { /* the vehicles' steps: where the search starts */
        if (!(init = rd_solution_create())) {
            code = fail(a, RD_ERR_NOMEM, "out of memory");
            goto out;
        }
        if ((code = initial_plan(a, m, plan, init)) != 0) goto out;
        p->initial = init;
    }
    rd_run_opts run_opts = {.exact = co->exact,
                            .bound = co->bound || (x->options.has_bound && x->options.bound),
                            .bound_share = co->bound_share};
    rd_status st = rd_run(m, p, &run_opts, &run, &err);
    if (st != RD_OK) {
        code = fail(a, st, err.msg);
        goto out;
    }
    x->has_bound = run.cg;
    x->bound = run.bound >= 0 && run.cg ? bound_units(run.bound) : -1;
    if (run.exact) {
        x->exact = 1;
        x->optimal = run.optimal;
        /* the bound is on the sum of the routes' per-leg costs (model units):
         * VROOM's cost unit rounds it down */
        x->lower_bound = run.bound >= 0 ? run.bound / RD_JSON_COST_SCALE : -1;
    }
    int64_t t2 = rd_clock_ns();
    rd_json_times times = {(t1 - t0) / 1000000, (t2 - t1) / 1000000, 0};
    code = write_json(a, m, x, run.plan, NULL, &times, co->result);
    if (!run.rep.feasible) {
        for (int k = 0; k < run.rep.n_viol && k < 10; k++) {
            char d[256];
            rd_violation_describe(m, &run.rep.viol[k], d, sizeof d);
            if (a->diag)
                fprintf(a->diag, "rondo: violation: %s%s%s\n", a->prefix ? a->prefix : "",
                        a->prefix ? ": " : "", d);
        }
        if (!code) code = 1; /* the search promised a feasible plan: a bug */
    }
out:
    p->initial = NULL;
    rd_run_result_free(&run);
    rd_solution_destroy(init);
    return code;
}

static int answer(FILE *f, const char *text, size_t len, const char *source,
                  const rd_cli_json_opts *co, rd_params *p, map_src *ms) {
    int64_t t0 = rd_clock_ns();
    rd_error err;
    rd_error_clear(&err);
    rd_model *m = NULL;
    rd_json_extras x;
    rd_json_plan plan;
    char *id = NULL;
    memset(&x, 0, sizeof x);
    memset(&plan, 0, sizeof plan);
    rd_json_read_opts ro = {co->plan, co->router_given ? co->router : NULL, co->limits};
    rd_status st =
        rd_json_read_ex(text, len, source, &ro, &m, &x, &plan, co->serve ? &id : NULL, &err);
    answer_to a = {f, id, co->log_prefix, co->silent ? NULL : stderr};
    x.id = id;
    if (st != RD_OK) {
        int code = fail(&a, st, err.msg);
        free(id);
        return code;
    }
    int refused = ms ? keep_coords(&a, co, m, &x, ms) : 0;
    if (refused) {
        int code = refused;
        rd_json_plan_free(&plan);
        rd_json_extras_free(&x);
        rd_model_destroy(m);
        free(id);
        map_src_free(ms);
        return code;
    }
    x.geometry = co->geometry;
    road_geo rg = {co->router, m, &x, co->log_prefix};
    rd_json_route_batch rb = {road_geometry, &rg};
    if (co->geometry && co->router_given && co->router && x.from_coords) {
        rd_json_set_route_batch(&x, &rb); /* the matrices came from the server: so do the paths */
        if (ms) ms->road_paths = 1;       /* and the maps follow them */
    }
    for (int l = 0; co->geometry && !co->silent && l < x.n_locs; l++)
        if (!x.loc_has_coords[l]) {
            fprintf(stderr,
                    "rondo: warning: -g: location %d has no coordinates (`location`, `start` or "
                    "`end`): routes through it get no geometry\n",
                    l);
            break;
        }
    if (co->plan) {
        int code = solve_plan(&a, m, &x, &plan, t0, rd_clock_ns(), co->result);
        rd_json_plan_free(&plan);
        rd_json_extras_free(&x);
        rd_model_destroy(m);
        return code;
    }
    int code = search_and_write(&a, m, &x, &plan, t0, co, p);
    rd_json_plan_free(&plan);
    rd_json_extras_free(&x);
    rd_model_destroy(m);
    free(id);
    return code;
}

int rd_cli_json_solve_read(FILE *f, const rd_model *m, rd_json_extras *x, const rd_json_plan *init,
                           int64_t loading_ms, const rd_cli_json_opts *co, rd_params *p) {
    answer_to a = {f, NULL, co->log_prefix, co->silent ? NULL : stderr};
    x->id = NULL;
    x->geometry = 0;
    return search_and_write(&a, m, x, init, rd_clock_ns() - loading_ms * 1000000, co, p);
}

int rd_cli_solve_json(const char *text, size_t len, const char *source, const rd_cli_json_opts *co,
                      rd_params *p) {
    /* The answer is built in memory and the output file created afterwards,
     * so that nothing exists under -o's name (nor its temporary) while the
     * search runs. */
    char *buf = NULL;
    size_t blen = 0;
    FILE *mem = open_memstream(&buf, &blen);
    if (!mem) return rd_cli_json_fail(co->output, RD_ERR_NOMEM, "out of memory");
    int code = rd_cli_json_answer(mem, text, len, source, co, p);
    int bad = fclose(mem) != 0;
    if (code == 3 && rd_stop_requested()) { /* the signal ended the routing server's answer */
        free(buf);
        if (co->result) co->result->written = 0;
        fprintf(stderr,
                "rondo: %s: stopped by a signal (interrupted before any plan exists); nothing "
                "written\n",
                source);
        return 128 + rd_stop_signal();
    }
    if (bad) {
        free(buf);
        return rd_cli_json_fail(co->output, RD_ERR_NOMEM, "out of memory writing the answer");
    }
    int werr = co->no_output ? 0 : rd_out_write_buf(co->output, buf, blen);
    if (co->result && (code || werr)) co->result->written = 0; /* (filled by the answer) */
    free(buf);
    return code ? code : werr;
}
