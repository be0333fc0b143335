#include "io/json_in.h"

#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/geo.h"
#include "io/router.h"

#define U32_MAX_S     4294967295LL /* VROOM's default horizon end, seconds */
#define MAX_PROFILES  64           /* distinct (profile, costs, speed) combinations */
#define DEFAULT_HOUR  3600
#define MAX_FILE_SIZE (1L << 30)

/* One vehicle as read, before the model exists. */
typedef struct veh_in {
    int64_t id;
    int start, end;  /* location index or -1 */
    int has_xy[2];   /* start, end given as coordinates */
    double xy[2][2]; /* [start, end] coordinates as given */
    int64_t cap[RD_MAX_DIMS];
    int64_t tw_start, tw_end; /* seconds */
    int has_tw;
    const char *profile;
    int64_t fixed, per_hour, per_km;
    double speed;
    int64_t max_tasks, max_travel_time, max_distance; /* -1: none */
    int model_profile;
    const char *desc;
    int skill_first, skill_n; /* into the reader's skill list */
    int fac_first, fac_n;     /* reload_facilities: facility indices in the reader's list */
    int64_t max_reloads;      /* -1: none given */
    int64_t max_working_time; /* seconds, -1: none */
    int end_empty;
    int has_shift;
    int64_t shift[RD_MAX_DIMS];
} veh_in;

/* One task as read: a job, or one half of a shipment. */
typedef struct job_in {
    int kind; /* rd_task_kind */
    int64_t id;
    int loc;
    int64_t setup, service;
    int64_t del[RD_MAX_DIMS], pick[RD_MAX_DIMS];
    int priority;
    int tw_first, tw_n; /* into the reader's window list */
    int has_coords;
    double lon, lat;
    const char *desc;
    int skill_first, skill_n;  /* into the reader's skill list */
    int owner;                 /* a break's vehicle */
    int has_prize;             /* a job's `prize` was given: optional */
    int station;               /* made from a station (fill0, fill_rate below) */
    double fill0, fill_rate;   /* its fill now (0-1) and per day */
    int64_t prize;             /* ... in VROOM cost units */
    int has_maxl;              /* a break's max_load was given */
    int64_t maxl[RD_MAX_DIMS]; /* ... and is this */
    char path[64];             /* "jobs[3]" or "shipments[2].pickup", for messages */
} job_in;

typedef struct prof_in {
    const char *name;
    int64_t per_hour, per_km;
    double speed;
    int64_t dur_factor;      /* round(100 / speed) */
    int64_t dur_cost_factor; /* round(100 / speed * per_hour) */
} prof_in;

typedef struct mat_in {
    const char *name;
    int n;
    int64_t *dur, *dist, *cost; /* n*n or NULL */
} mat_in;

typedef struct reader {
    rd_error *err;
    rd_json_plan *plan; /* steps go here when non-NULL */
    int plan_mode;      /* VROOM's -c: step bounds; else an initial solution */
    veh_in *veh;
    int n_veh;
    job_in *job; /* jobs, then each shipment's pickup and delivery */
    int n_job;   /* entries of job */
    int n_jobs;  /* of which jobs */
    job_in *fac; /* facilities (kind RD_TASK_RELOAD, owner -1): copied as reload tasks */
    int n_fac;
    int *vfac; /* every vehicle's reload_facilities, as facility indices */
    int n_vfac;
    job_in *brk;     /* breaks of all vehicles, appended to `job` once it is read */
    int n_brk_first; /* task index of brk[0] once appended */
    int n_brk, cap_brk;
    int64_t *sk; /* skills of all tasks and vehicles */
    int n_sk, cap_sk;
    int64_t *tws; /* pairs, seconds */
    int n_tws, cap_tws;
    prof_in prof[MAX_PROFILES];
    int n_prof;
    mat_in *mat;
    int n_mat;
    int amount_size;
    int vrptw;
    int have_matrices; /* `matrices` or `matrix` given; else locations come from coordinates */
    const rd_router_cfg *router; /* not NULL: those come from this routing server */
    int unassign_unroutable;     /* options.unroutable "unassign" (else "error") */
    unsigned char *loc_bad;      /* [n_locs] the server could not route it (unassign mode) */
    const char *crs;             /* top-level `crs`, or NULL: [lon, lat] on WGS84 */
    const json_t *speeds;        /* options.speeds (checked), or NULL */
    double detour;               /* options.detour, default RD_GEO_DEFAULT_DETOUR */
    int n_locs;                  /* coordinates mode: distinct coordinates (the matrices' size) */
    double *loc_xy;              /* [2 n_locs] their coordinates as given */
    int *loc_owner;       /* [n_locs] first user: -1 - (2k + e) vehicle k's start (e 0) or end
                             (e 1), else a task index */
    rd_geo_points pts;    /* the locations' coordinates converted (coordinates mode, and for
                             geometry and maps whenever every location has coordinates) */
    const rd_limits *lim; /* size limits (solver/limits.h) */
} reader;

static rd_status parse_steps(reader *r, const json_t *vs); /* plan mode, at the end of the file */

static rd_status bad(reader *r, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static rd_status bad(reader *r, const char *path, const char *fmt, ...) {
    char what[RD_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    /* "service: expected ..." under "jobs[0]" reads "jobs[0].service: expected ..." */
    size_t k = strspn(what, "abcdefghijklmnopqrstuvwxyz_");
    int member = k > 0 && (what[k] == ':' || what[k] == '[');
    return rd_err(r->err, RD_ERR_INPUT, "%s%s%s", path, member ? "." : ": ", what);
}

static rd_status nomem(reader *r) {
    return rd_err(r->err, RD_ERR_NOMEM, "out of memory");
}

static int is_uint(const json_t *v) {
    return json_is_integer(v) && json_integer_value(v) >= 0;
}

/* Optional non-negative integer `key` of `obj`; *out keeps its default when absent. */
static rd_status get_uint(reader *r, const json_t *obj, const char *key, const char *path,
                          int64_t *out) {
    json_t *v = json_object_get(obj, key);
    if (!v) return RD_OK;
    if (!is_uint(v)) return bad(r, path, "%s: expected a non-negative integer", key);
    *out = json_integer_value(v);
    return RD_OK;
}

/* get_uint for a duration or cost, at most 2^32 - 1 (VROOM's UserDuration and
 * UserCost are 32-bit): keeps the model's int64 arithmetic (× 100, sums over a
 * route) far from overflow. */
static rd_status get_u32(reader *r, const json_t *obj, const char *key, const char *path,
                         int64_t *out) {
    RD_TRY(get_uint(r, obj, key, path, out));
    if (*out > U32_MAX_S) return bad(r, path, "%s: %" PRId64 " is beyond 2^32 - 1", key, *out);
    return RD_OK;
}

static rd_status get_string(reader *r, const json_t *obj, const char *key, const char *path,
                            const char **out) {
    json_t *v = json_object_get(obj, key);
    if (!v) return RD_OK;
    if (!json_is_string(v)) return bad(r, path, "%s: expected a string", key);
    *out = json_string_value(v);
    return RD_OK;
}

/* Amount `key` (absent: zeros) of length r->amount_size. */
static rd_status get_amount(reader *r, const json_t *obj, const char *key, const char *path,
                            int64_t *out) {
    json_t *v = json_object_get(obj, key);
    if (!v) return RD_OK;
    if (!json_is_array(v))
        return bad(r, path, "%s: expected an array of non-negative integers", key);
    size_t n = json_array_size(v);
    for (size_t i = 0; i < n; i++) {
        json_t *x = json_array_get(v, i);
        if (!json_is_integer(x))
            return bad(r, path, "%s[%zu]: expected a non-negative integer", key, i);
        if (json_integer_value(x) < 0)
            return bad(r, path, "%s[%zu]: negative amount %" PRId64, key, i,
                       (int64_t)json_integer_value(x));
    }
    if ((int)n != r->amount_size)
        return bad(r, path, "%s: %zu values, expected %d (the length of vehicles[0].capacity)", key,
                   n, r->amount_size);
    for (size_t i = 0; i < n; i++) out[i] = json_integer_value(json_array_get(v, i));
    return RD_OK;
}

/* A [start, end] pair in seconds. */
static rd_status get_window(reader *r, const json_t *w, const char *path, int64_t *a, int64_t *b) {
    if (!json_is_array(w) || json_array_size(w) != 2 || !is_uint(json_array_get(w, 0)) ||
        !is_uint(json_array_get(w, 1)))
        return bad(r, path, "expected [start, end] with non-negative integers");
    *a = json_integer_value(json_array_get(w, 0));
    *b = json_integer_value(json_array_get(w, 1));
    if (*b < *a) return bad(r, path, "end %" PRId64 " is before start %" PRId64, *b, *a);
    if (*b > U32_MAX_S) return bad(r, path, "end %" PRId64 " is beyond 2^32 - 1", *b);
    return RD_OK;
}

/* `skills` of obj (absent: none), appended to the reader's list. */
static rd_status get_skills(reader *r, const json_t *obj, const char *path, int *first, int *n) {
    *first = r->n_sk;
    *n = 0;
    json_t *v = json_object_get(obj, "skills");
    if (!v) return RD_OK;
    if (!json_is_array(v))
        return bad(r, path, "skills: expected an array of non-negative integers");
    for (size_t i = 0; i < json_array_size(v); i++) {
        json_t *x = json_array_get(v, i);
        if (!is_uint(x) || json_integer_value(x) > U32_MAX_S)
            return bad(r, path, "skills[%zu]: expected a non-negative integer below 2^32", i);
        if (r->n_sk == r->cap_sk) {
            int nc = r->cap_sk ? 2 * r->cap_sk : 64;
            int64_t *q = realloc(r->sk, (size_t)nc * sizeof *q);
            if (!q) return nomem(r);
            r->sk = q;
            r->cap_sk = nc;
        }
        r->sk[r->n_sk++] = json_integer_value(x);
    }
    *n = r->n_sk - *first;
    return RD_OK;
}

/* Location of a task or vehicle end: `ikey` index, or `lkey` coordinates
 * (kept in coords[0..1], *has_coords set). *loc = -1 when no index is given.
 * An index needs matrices; with matrices an index is required, without them
 * the coordinates are (checked by the callers, which know what is missing). */
static rd_status get_location(reader *r, const json_t *obj, const char *ikey, const char *lkey,
                              const char *path, int *loc, double *coords, int *has_coords) {
    json_t *li = json_object_get(obj, ikey), *l = json_object_get(obj, lkey);
    *loc = -1;
    *has_coords = 0;
    if (l) {
        if (!json_is_array(l) || json_array_size(l) != 2 || !json_is_number(json_array_get(l, 0)) ||
            !json_is_number(json_array_get(l, 1)))
            return bad(r, path, "%s: expected [lon, lat]", lkey);
        coords[0] = json_number_value(json_array_get(l, 0));
        coords[1] = json_number_value(json_array_get(l, 1));
        *has_coords = 1;
    }
    if (li) {
        if (!is_uint(li) || json_integer_value(li) > INT32_MAX)
            return bad(r, path, "%s: expected a non-negative integer", ikey);
        if (!r->have_matrices)
            return bad(r, path,
                       "%s: an index needs matrices, and the input has none (give %s [lon, lat] "
                       "on every task and vehicle instead)",
                       ikey, lkey);
        *loc = (int)json_integer_value(li);
        return RD_OK;
    }
    if (l && r->have_matrices)
        return bad(r, path, "%s: missing (required with custom matrices)", ikey);
    return RD_OK;
}

static rd_status parse_options(reader *r, const json_t *o, rd_json_options *x) {
    if (!o) return RD_OK;
    if (!json_is_object(o)) return bad(r, "options", "expected an object");
    json_t *v;
    if ((v = json_object_get(o, "time_limit"))) {
        if (!json_is_number(v) || json_number_value(v) <= 0)
            return bad(r, "options.time_limit", "expected a positive number of seconds");
        x->has_time_limit = 1;
        x->time_limit = json_number_value(v);
    }
    if ((v = json_object_get(o, "threads"))) {
        if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 1024)
            return bad(r, "options.threads", "expected an integer in [1, 1024]");
        x->has_threads = 1;
        x->threads = (int)json_integer_value(v);
    }
    if ((v = json_object_get(o, "seed"))) {
        if (!is_uint(v)) return bad(r, "options.seed", "expected a non-negative integer");
        x->has_seed = 1;
        x->seed = (uint64_t)json_integer_value(v);
    }
    if ((v = json_object_get(o, "iterations"))) {
        if (!json_is_integer(v) || json_integer_value(v) < 1)
            return bad(r, "options.iterations", "expected a positive integer");
        x->has_iterations = 1;
        x->iterations = json_integer_value(v);
    }
    if ((v = json_object_get(o, "exploration"))) {
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 5)
            return bad(r, "options.exploration", "expected an integer in [0, 5]");
        x->has_exploration = 1;
        x->exploration = (int)json_integer_value(v);
    }
    if ((v = json_object_get(o, "speeds"))) { /* m/s per profile (travel from coordinates) */
        if (!json_is_object(v))
            return bad(r, "options.speeds", "expected an object {profile: metres per second}");
        const char *name;
        json_t *sp;
        json_object_foreach(v, name, sp) {
            if (!json_is_number(sp) || !(json_number_value(sp) > 0) ||
                !(json_number_value(sp) < 1000)) {
                char p[160];
                snprintf(p, sizeof p, "options.speeds.%.100s", name);
                return bad(r, p, "expected a positive number of metres per second (below 1000)");
            }
        }
        r->speeds = v;
    }
    if ((v = json_object_get(o, "unroutable"))) {
        const char *u = json_is_string(v) ? json_string_value(v) : "";
        if (strcmp(u, "error") && strcmp(u, "unassign"))
            return bad(r, "options.unroutable", "expected \"error\" or \"unassign\"");
        r->unassign_unroutable = !strcmp(u, "unassign");
    }
    if ((v = json_object_get(o, "detour"))) {
        if (!json_is_number(v) || !(json_number_value(v) >= 1) || !(json_number_value(v) <= 10))
            return bad(r, "options.detour", "expected a number in [1, 10]");
        r->detour = json_number_value(v);
    }
    return RD_OK;
}

static rd_status parse_windows(reader *r, const json_t *jj, job_in *j);

/* vehicles[k].breaks into the reader's break list. */
static rd_status parse_breaks(reader *r, const json_t *jv, int k) {
    json_t *bs = json_object_get(jv, "breaks");
    if (!bs) return RD_OK;
    char p[64];
    snprintf(p, sizeof p, "vehicles[%d]", k);
    if (!json_is_array(bs)) return bad(r, p, "breaks: expected an array of break objects");
    for (size_t i = 0; i < json_array_size(bs); i++) {
        if (r->n_brk == r->cap_brk) {
            int nc = r->cap_brk ? 2 * r->cap_brk : 16;
            job_in *q = realloc(r->brk, (size_t)nc * sizeof *q);
            if (!q) return nomem(r);
            r->brk = q;
            r->cap_brk = nc;
        }
        job_in *b = &r->brk[r->n_brk++];
        memset(b, 0, sizeof *b);
        snprintf(b->path, sizeof b->path, "vehicles[%d].breaks[%zu]", k, i);
        json_t *bo = json_array_get(bs, i);
        if (!json_is_object(bo)) return bad(r, b->path, "expected an object");
        b->kind = RD_TASK_BREAK;
        b->owner = k;
        b->loc = -1;
        json_t *id = json_object_get(bo, "id");
        if (!id) return bad(r, b->path, "id: missing");
        if (!is_uint(id)) return bad(r, b->path, "id: expected a non-negative integer");
        b->id = json_integer_value(id);
        for (int j = 0; j < r->n_brk - 1; j++)
            if (r->brk[j].owner == k && r->brk[j].id == b->id)
                return bad(r, b->path, "id: duplicate break id %" PRId64 " (also %s)", b->id,
                           r->brk[j].path);
        RD_TRY(get_u32(r, bo, "service", b->path, &b->service));
        RD_TRY(get_string(r, bo, "description", b->path, &b->desc));
        if (json_object_get(bo, "max_load")) {
            for (int d = 0; d < RD_MAX_DIMS; d++) b->maxl[d] = 0;
            RD_TRY(get_amount(r, bo, "max_load", b->path, b->maxl));
            b->has_maxl = 1;
        }
        RD_TRY(parse_windows(r, bo, b));
        r->vrptw = 1; /* VROOM prices routes with breaks by the time-window formula */
    }
    return RD_OK;
}

/* rondo's vehicle extensions (JSON.md): reload_facilities, max_reloads,
 * shift_capacity, end_empty, max_working_time. Facilities are read first. */
static rd_status parse_reload_keys(reader *r, const json_t *jv, const char *p, veh_in *v) {
    v->max_reloads = v->max_working_time = -1;
    RD_TRY(get_uint(r, jv, "max_reloads", p, &v->max_reloads));
    RD_TRY(get_uint(r, jv, "max_working_time", p, &v->max_working_time));
    json_t *ee = json_object_get(jv, "end_empty");
    if (ee) {
        if (!json_is_boolean(ee)) return bad(r, p, "end_empty: expected true or false");
        v->end_empty = json_is_true(ee);
    }
    if (json_object_get(jv, "shift_capacity")) {
        for (int d = 0; d < RD_MAX_DIMS; d++) v->shift[d] = 0;
        RD_TRY(get_amount(r, jv, "shift_capacity", p, v->shift));
        v->has_shift = 1;
    }
    json_t *rf = json_object_get(jv, "reload_facilities");
    v->fac_first = r->n_vfac;
    if (!rf) return RD_OK;
    if (!json_is_array(rf))
        return bad(r, p, "reload_facilities: expected an array of facility ids");
    int *q = realloc(r->vfac, ((size_t)r->n_vfac + json_array_size(rf) + 1) * sizeof *q);
    if (!q) return nomem(r);
    r->vfac = q;
    for (size_t i = 0; i < json_array_size(rf); i++) {
        json_t *id = json_array_get(rf, i);
        if (!is_uint(id))
            return bad(r, p, "reload_facilities[%zu]: expected a non-negative integer", i);
        int f = -1;
        for (int j = 0; j < r->n_fac && f < 0; j++)
            if (r->fac[j].id == json_integer_value(id)) f = j;
        if (f < 0)
            return bad(r, p, "reload_facilities[%zu]: no facility has id %" PRId64, i,
                       (int64_t)json_integer_value(id));
        int dup = 0;
        for (int j = v->fac_first; j < r->n_vfac && !dup; j++) dup = r->vfac[j] == f;
        if (!dup) r->vfac[r->n_vfac++] = f;
    }
    v->fac_n = r->n_vfac - v->fac_first;
    return RD_OK;
}

static rd_status parse_place(reader *r, const json_t *jj, job_in *j);

/* Top-level `facilities` (rondo extension): id, location, service, windows. */
static rd_status parse_facilities(reader *r, const json_t *root) {
    json_t *fs = json_object_get(root, "facilities");
    if (!fs) return RD_OK;
    if (!json_is_array(fs)) return bad(r, "facilities", "expected an array");
    if (json_array_size(fs) > 10000) return bad(r, "facilities", "more than 10000 facilities");
    r->n_fac = (int)json_array_size(fs);
    r->fac = calloc((size_t)r->n_fac + 1, sizeof *r->fac);
    if (!r->fac) return nomem(r);
    for (int i = 0; i < r->n_fac; i++) {
        job_in *f = &r->fac[i];
        snprintf(f->path, sizeof f->path, "facilities[%d]", i);
        f->kind = RD_TASK_RELOAD;
        f->owner = -1;
        json_t *jf = json_array_get(fs, (size_t)i);
        if (json_is_object(jf) && json_object_get(jf, "setup"))
            return bad(r, f->path, "setup: facilities have a service time only");
        RD_TRY(parse_place(r, jf, f));
        for (int j = 0; j < i; j++)
            if (r->fac[j].id == f->id)
                return bad(r, f->path, "id: duplicate facility id %" PRId64 " (also %s)", f->id,
                           r->fac[j].path);
    }
    return RD_OK;
}

/* The reload tasks: for each vehicle and each of its facilities, as many
 * copies as the vehicle may use (max_reloads, else an upper bound from the
 * total amount over the capacity, at most RELOAD_COPIES), appended to `job`. */
#define RELOAD_COPIES 64
static rd_status add_reloads(reader *r) {
    int total = 0, *copies = calloc((size_t)r->n_veh + 1, sizeof *copies);
    if (!copies) return nomem(r);
    for (int k = 0; k < r->n_veh; k++) {
        const veh_in *v = &r->veh[k];
        if (v->fac_n == 0) continue;
        int64_t need = 1;
        for (int d = 0; d < r->amount_size; d++) {
            int64_t sum = 0;
            for (int t = 0; t < r->n_jobs; t++) sum += r->job[t].pick[d] + r->job[t].del[d];
            for (int t = r->n_jobs; t < r->n_job; t++)
                if (r->job[t].kind == RD_TASK_PICKUP) sum += r->job[t].pick[d];
            if (v->cap[d] > 0 && sum / v->cap[d] + 1 > need) need = sum / v->cap[d] + 1;
        }
        if (need > RELOAD_COPIES) need = RELOAD_COPIES;
        if (v->max_reloads >= 0 && v->max_reloads < need) need = v->max_reloads;
        copies[k] = (int)need;
        total += (int)need * v->fac_n;
    }
    if (total > 1000000) {
        free(copies);
        return rd_err(r->err, RD_ERR_INPUT, "vehicles: too many possible reload stops (%d)", total);
    }
    if (total > 0) {
        job_in *q = realloc(r->job, ((size_t)r->n_job + (size_t)total) * sizeof *q);
        if (!q) {
            free(copies);
            return nomem(r);
        }
        r->job = q;
        for (int k = 0; k < r->n_veh; k++)
            for (int i = 0; i < r->veh[k].fac_n; i++)
                for (int c = 0; c < copies[k]; c++) {
                    job_in *j = &r->job[r->n_job++];
                    *j = r->fac[r->vfac[r->veh[k].fac_first + i]];
                    j->owner = k;
                }
    }
    free(copies);
    return RD_OK;
}

static rd_status parse_vehicle(reader *r, const json_t *jv, int k) {
    char p[64];
    snprintf(p, sizeof p, "vehicles[%d]", k);
    if (!json_is_object(jv)) return bad(r, p, "expected an object");
    veh_in *v = &r->veh[k];
    json_t *id = json_object_get(jv, "id");
    if (!id) return bad(r, p, "id: missing");
    if (!is_uint(id)) return bad(r, p, "id: expected a non-negative integer");
    v->id = json_integer_value(id);
    for (int j = 0; j < k; j++)
        if (r->veh[j].id == v->id)
            return bad(r, p, "id: duplicate vehicle id %" PRId64 " (also vehicles[%d])", v->id, j);
    RD_TRY(get_location(r, jv, "start_index", "start", p, &v->start, v->xy[0], &v->has_xy[0]));
    RD_TRY(get_location(r, jv, "end_index", "end", p, &v->end, v->xy[1], &v->has_xy[1]));
    if (v->start < 0 && v->end < 0 && !v->has_xy[0] && !v->has_xy[1])
        return bad(r, p, "neither start nor end");
    json_t *cap = json_object_get(jv, "capacity");
    if (k == 0) {
        if (cap && !json_is_array(cap))
            return bad(r, p, "capacity: expected an array of non-negative integers");
        r->amount_size = cap ? (int)json_array_size(cap) : 0;
        if (r->amount_size > RD_MAX_DIMS)
            return bad(r, p, "capacity: %d dimensions, at most %d are supported", r->amount_size,
                       RD_MAX_DIMS);
    }
    RD_TRY(get_amount(r, jv, "capacity", p, v->cap));
    v->tw_start = 0;
    v->tw_end = U32_MAX_S;
    json_t *tw = json_object_get(jv, "time_window");
    if (tw) {
        char wp[128];
        snprintf(wp, sizeof wp, "%s.time_window", p);
        RD_TRY(get_window(r, tw, wp, &v->tw_start, &v->tw_end));
        v->has_tw = 1;
        r->vrptw = 1;
    }
    v->profile = "car";
    RD_TRY(get_string(r, jv, "profile", p, &v->profile));
    RD_TRY(get_string(r, jv, "description", p, &v->desc));
    v->per_hour = DEFAULT_HOUR;
    json_t *costs = json_object_get(jv, "costs");
    if (costs) {
        char cp[128];
        snprintf(cp, sizeof cp, "%s.costs", p);
        if (!json_is_object(costs)) return bad(r, cp, "expected an object");
        RD_TRY(get_u32(r, costs, "fixed", cp, &v->fixed));
        RD_TRY(get_u32(r, costs, "per_hour", cp, &v->per_hour));
        RD_TRY(get_u32(r, costs, "per_km", cp, &v->per_km));
    }
    v->speed = 1.0;
    json_t *sf = json_object_get(jv, "speed_factor");
    if (sf) {
        if (!json_is_number(sf) || !(json_number_value(sf) > 0) || json_number_value(sf) > 5)
            return bad(r, p, "speed_factor: expected a number in (0, 5]");
        v->speed = json_number_value(sf);
        if (v->speed < 1e-6) /* 100 / speed must stay a sane integer factor */
            return bad(r, p, "speed_factor: %g is below 1e-06", v->speed);
    }
    v->max_tasks = v->max_travel_time = v->max_distance = -1;
    RD_TRY(get_uint(r, jv, "max_tasks", p, &v->max_tasks));
    RD_TRY(get_u32(r, jv, "max_travel_time", p, &v->max_travel_time));
    RD_TRY(get_uint(r, jv, "max_distance", p, &v->max_distance));
    RD_TRY(get_skills(r, jv, p, &v->skill_first, &v->skill_n));
    RD_TRY(parse_breaks(r, jv, k));
    RD_TRY(parse_reload_keys(r, jv, p, v));
    /* The model profile: one per distinct (profile, per_hour, per_km, speed). */
    int mp = -1;
    for (int q = 0; q < r->n_prof && mp < 0; q++)
        if (!strcmp(r->prof[q].name, v->profile) && r->prof[q].per_hour == v->per_hour &&
            r->prof[q].per_km == v->per_km && r->prof[q].speed == v->speed)
            mp = q;
    if (mp < 0) {
        if (r->n_prof == MAX_PROFILES)
            return bad(r, p, "more than %d distinct profile/costs/speed_factor combinations",
                       MAX_PROFILES);
        prof_in *q = &r->prof[mp = r->n_prof++];
        q->name = v->profile;
        q->per_hour = v->per_hour;
        q->per_km = v->per_km;
        q->speed = v->speed;
        /* cost_wrapper.cpp: std::round(1 / speed_factor * DURATION_FACTOR [* per_hour]) */
        q->dur_factor = (int64_t)round(1.0 / v->speed * RD_JSON_TIME_SCALE);
        q->dur_cost_factor =
            (int64_t)round(1.0 / v->speed * RD_JSON_TIME_SCALE * (double)v->per_hour);
    }
    v->model_profile = mp;
    return RD_OK;
}

static rd_status add_window(reader *r, int64_t a, int64_t b) {
    if (r->n_tws == r->cap_tws) {
        int nc = r->cap_tws ? 2 * r->cap_tws : 64;
        int64_t *q = realloc(r->tws, (size_t)nc * 2 * sizeof *q);
        if (!q) return nomem(r);
        r->tws = q;
        r->cap_tws = nc;
    }
    r->tws[2 * r->n_tws] = a;
    r->tws[2 * r->n_tws + 1] = b;
    r->n_tws++;
    return RD_OK;
}

static int cmp_window(const void *a, const void *b) {
    const int64_t *x = a, *y = b;
    if (x[0] != y[0]) return x[0] < y[0] ? -1 : 1;
    return (x[1] > y[1]) - (x[1] < y[1]);
}

static rd_status parse_windows(reader *r, const json_t *jj, job_in *j);

/* What a job and a shipment step have in common: id, location, setup,
 * service, time windows, description. */
static rd_status parse_place(reader *r, const json_t *jj, job_in *j) {
    const char *p = j->path;
    if (!json_is_object(jj)) return bad(r, p, "expected an object");
    json_t *id = json_object_get(jj, "id");
    if (!id) return bad(r, p, "id: missing");
    if (!is_uint(id)) return bad(r, p, "id: expected a non-negative integer");
    j->id = json_integer_value(id);
    double ll[2] = {0, 0};
    RD_TRY(get_location(r, jj, "location_index", "location", p, &j->loc, ll, &j->has_coords));
    if (j->loc < 0 && r->have_matrices) return bad(r, p, "location_index: missing");
    if (!j->has_coords && !r->have_matrices)
        return bad(r, p,
                   "location: missing (without matrices every task needs location [lon, lat])");
    j->lon = ll[0];
    j->lat = ll[1];
    RD_TRY(get_u32(r, jj, "setup", p, &j->setup));
    RD_TRY(get_u32(r, jj, "service", p, &j->service));
    RD_TRY(get_string(r, jj, "description", p, &j->desc));
    return parse_windows(r, jj, j);
}

/* `time_windows` of a job, shipment step or break (absent: always open),
 * sorted and merged into the reader's window list. */
static rd_status parse_windows(reader *r, const json_t *jj, job_in *j) {
    const char *p = j->path;
    j->tw_first = r->n_tws;
    json_t *tws = json_object_get(jj, "time_windows");
    if (tws) {
        if (!json_is_array(tws) || json_array_size(tws) == 0)
            return bad(r, p, "time_windows: expected a non-empty array of [start, end]");
        for (size_t w = 0; w < json_array_size(tws); w++) {
            char wp[128];
            int64_t a, b;
            snprintf(wp, sizeof wp, "%s.time_windows[%zu]", p, w);
            RD_TRY(get_window(r, json_array_get(tws, w), wp, &a, &b));
            RD_TRY(add_window(r, a, b));
        }
        r->vrptw = 1;
    } else {
        RD_TRY(add_window(r, 0, U32_MAX_S));
    }
    /* Sorted, and overlapping windows merged: "the first window whose end >=
     * arrival" gives the same begin time on the union. */
    int64_t *w = r->tws + 2 * j->tw_first;
    int n = r->n_tws - j->tw_first, out = 0;
    qsort(w, (size_t)n, 2 * sizeof *w, cmp_window);
    for (int i = 0; i < n; i++) {
        if (out > 0 && w[2 * i] <= w[2 * (out - 1) + 1]) {
            if (w[2 * i + 1] > w[2 * (out - 1) + 1]) w[2 * (out - 1) + 1] = w[2 * i + 1];
            continue;
        }
        w[2 * out] = w[2 * i];
        w[2 * out + 1] = w[2 * i + 1];
        out++;
    }
    r->n_tws = j->tw_first + out;
    j->tw_n = out;
    return RD_OK;
}

/* `priority` of obj into *out (default 0). */
static rd_status get_priority(reader *r, const json_t *obj, const char *p, int *out) {
    int64_t prio = 0;
    RD_TRY(get_uint(r, obj, "priority", p, &prio));
    if (prio > 100) return bad(r, p, "priority: expected an integer in [0, 100]");
    *out = (int)prio;
    return RD_OK;
}

/* ---- stations and the collection policy (rondo extension) ---- */

/* `collection_policy`: defaults threshold 0.8, horizon_days 1, prize_per_litre
 * 0, now 0, volume_dim 0, weight_dim 1 (when the amounts have two dimensions). */
typedef struct policy_in {
    double threshold, horizon_days, prize_per_litre;
    int64_t now;
    int volume_dim, weight_dim;
} policy_in;

static rd_status parse_policy(reader *r, const json_t *root, policy_in *pol) {
    *pol = (policy_in){0.8, 1.0, 0.0, 0, 0, r->amount_size >= 2 ? 1 : -1};
    json_t *o = json_object_get(root, "collection_policy"), *v;
    if (!o) return RD_OK;
    const char *p = "collection_policy";
    if (!json_is_object(o)) return bad(r, p, "expected an object");
    if ((v = json_object_get(o, "threshold"))) {
        if (!json_is_number(v) || !(json_number_value(v) >= 0) || !(json_number_value(v) <= 1))
            return bad(r, p, "threshold: expected a number in [0, 1]");
        pol->threshold = json_number_value(v);
    }
    if ((v = json_object_get(o, "horizon_days"))) {
        if (!json_is_number(v) || !(json_number_value(v) >= 0) || !(json_number_value(v) <= 365))
            return bad(r, p, "horizon_days: expected a number in [0, 365]");
        pol->horizon_days = json_number_value(v);
    }
    if ((v = json_object_get(o, "prize_per_litre"))) {
        if (!json_is_number(v) || !(json_number_value(v) >= 0) || !(json_number_value(v) <= 1e6))
            return bad(r, p, "prize_per_litre: expected a non-negative number");
        pol->prize_per_litre = json_number_value(v);
    }
    RD_TRY(get_uint(r, o, "now", p, &pol->now));
    int64_t d;
    d = pol->volume_dim;
    RD_TRY(get_uint(r, o, "volume_dimension", p, &d));
    if (d >= (r->amount_size > 0 ? r->amount_size : 1))
        return bad(r, p, "volume_dimension: %" PRId64 " is not a capacity dimension", d);
    pol->volume_dim = (int)d;
    if (json_object_get(o, "weight_dimension")) {
        RD_TRY(get_uint(r, o, "weight_dimension", p, &d));
        if (d >= r->amount_size || d == pol->volume_dim)
            return bad(r, p, "weight_dimension: %" PRId64 " is not another capacity dimension", d);
        pol->weight_dim = (int)d;
    }
    return RD_OK;
}

/* The fill of a station at time t (seconds): its fill now plus its daily
 * rate over the days since `now`, at most 1 (full). */
static double fill_at(double fill, double rate, int64_t now, int64_t t) {
    double f = fill + rate * (double)(t - now) / 86400.0;
    return f < fill ? fill : f > 1.0 ? 1.0 : f;
}

/* A number field of a station in [lo, hi] (absent: *out unchanged). */
static rd_status get_real(reader *r, const json_t *o, const char *key, const char *path, double lo,
                          double hi, double *out) {
    json_t *v = json_object_get(o, key);
    if (!v) return RD_OK;
    if (!json_is_number(v) || !(json_number_value(v) >= lo) || !(json_number_value(v) <= hi))
        return bad(r, path, "%s: expected a number in [%g, %g]", key, lo, hi);
    *out = json_number_value(v);
    return RD_OK;
}

/* stations[k] into job j: mandatory when its fill reaches the policy's
 * threshold within the horizon, else optional with a prize per litre; its
 * pickup is the volume (and weight) it holds at `t_max`, the latest end of a
 * shift (an upper bound on any visit). */
static rd_status parse_station(reader *r, const json_t *js, int k, job_in *j, const policy_in *pol,
                               int64_t t_max) {
    snprintf(j->path, sizeof j->path, "stations[%d]", k);
    const char *p = j->path;
    j->kind = RD_TASK_JOB;
    if (!json_is_object(js)) return bad(r, p, "expected an object");
    RD_TRY(parse_place(r, js, j));
    int64_t bins = 1;
    RD_TRY(get_uint(r, js, "bins", p, &bins));
    if (bins < 1 || bins > 1000) return bad(r, p, "bins: expected an integer in [1, 1000]");
    double vol = 0, fill = 0, rate = 0, wpl = 0, spb = 0;
    if (!json_object_get(js, "bin_volume")) return bad(r, p, "bin_volume: missing (litres)");
    RD_TRY(get_real(r, js, "bin_volume", p, 0, 1e6, &vol));
    if (!json_object_get(js, "fill")) return bad(r, p, "fill: missing (fraction full now, 0-1)");
    RD_TRY(get_real(r, js, "fill", p, 0, 1, &fill));
    RD_TRY(get_real(r, js, "fill_rate", p, 0, 100, &rate));
    RD_TRY(get_real(r, js, "weight_per_litre", p, 0, 100, &wpl));
    RD_TRY(get_real(r, js, "service_per_bin", p, 0, 86400, &spb));
    j->service += (int64_t)llround(spb * (double)bins);
    const int64_t horizon = pol->now + (int64_t)llround(pol->horizon_days * 86400.0);
    double f_max = fill_at(fill, rate, pol->now, t_max);
    int64_t litres = (int64_t)llround((double)bins * vol * f_max);
    j->pick[pol->volume_dim] = litres;
    if (pol->weight_dim >= 0) j->pick[pol->weight_dim] = (int64_t)llround((double)litres * wpl);
    if (fill_at(fill, rate, pol->now, horizon) < pol->threshold) { /* optional */
        j->has_prize = 1;
        j->prize = (int64_t)llround(pol->prize_per_litre * (double)litres);
    }
    j->fill0 = fill;
    j->fill_rate = rate;
    j->station = 1;
    return get_priority(r, js, p, &j->priority);
}

static rd_status parse_job(reader *r, const json_t *jj, int k) {
    job_in *j = &r->job[k];
    snprintf(j->path, sizeof j->path, "jobs[%d]", k);
    const char *p = j->path;
    j->kind = RD_TASK_JOB;
    if (!json_is_object(jj)) return bad(r, p, "expected an object");
    if (json_object_get(jj, "prize")) {
        RD_TRY(get_uint(r, jj, "prize", p, &j->prize));
        if (j->prize > (int64_t)1 << 40) return bad(r, p, "prize: above 2^40");
        j->has_prize = 1;
    }
    RD_TRY(parse_place(r, jj, j));
    if (json_object_get(jj, "amount") && !json_object_get(jj, "delivery") &&
        !json_object_get(jj, "pickup"))
        RD_TRY(get_amount(r, jj, "amount", p, j->del)); /* deprecated: amount = delivery */
    RD_TRY(get_amount(r, jj, "delivery", p, j->del));
    RD_TRY(get_amount(r, jj, "pickup", p, j->pick));
    RD_TRY(get_priority(r, jj, p, &j->priority));
    return get_skills(r, jj, p, &j->skill_first, &j->skill_n);
}

/* shipments[k] into job entries at (pickup, delivery). */
static rd_status parse_shipment(reader *r, const json_t *js, int k, job_in *pk, job_in *dl) {
    char p[48];
    snprintf(p, sizeof p, "shipments[%d]", k);
    if (!json_is_object(js)) return bad(r, p, "expected an object");
    if (json_object_get(js, "prize")) return bad(r, p, "prize: not supported yet");
    int64_t amount[RD_MAX_DIMS] = {0};
    RD_TRY(get_amount(r, js, "amount", p, amount));
    int prio = 0, first, n;
    RD_TRY(get_priority(r, js, p, &prio));
    RD_TRY(get_skills(r, js, p, &first, &n));
    static const char *const half[2] = {"pickup", "delivery"};
    job_in *j[2] = {pk, dl};
    for (int h = 0; h < 2; h++) {
        snprintf(j[h]->path, sizeof j[h]->path, "%s.%s", p, half[h]);
        json_t *o = json_object_get(js, half[h]);
        if (!o) return bad(r, p, "%s: missing", half[h]);
        j[h]->kind = h == 0 ? RD_TASK_PICKUP : RD_TASK_DELIVERY;
        RD_TRY(parse_place(r, o, j[h]));
        j[h]->priority = prio;
        j[h]->skill_first = first;
        j[h]->skill_n = n;
    }
    memcpy(pk->pick, amount, sizeof amount);
    memcpy(dl->del, amount, sizeof amount);
    return RD_OK;
}

typedef struct id_at {
    int kind; /* ids are unique per kind (jobs, pickups, deliveries), as in VROOM */
    int64_t id;
    int at;
} id_at;

static int cmp_id_at(const void *a, const void *b) {
    const id_at *x = a, *y = b;
    if (x->kind != y->kind) return x->kind < y->kind ? -1 : 1;
    if (x->id != y->id) return x->id < y->id ? -1 : 1;
    return (x->at > y->at) - (x->at < y->at);
}

/* Duplicate ids among jobs, among shipment pickups and among shipment
 * deliveries, O(n log n): reports the earliest task whose id an earlier task
 * of its kind already has. */
static rd_status check_job_ids(reader *r) {
    id_at *v = malloc((size_t)r->n_job * sizeof *v);
    if (!v) return nomem(r);
    for (int k = 0; k < r->n_job; k++) /* breaks: ids are per vehicle (checked when read) */
        v[k] = (id_at){r->job[k].kind == RD_TASK_BREAK    ? RD_TASK_BREAK + r->job[k].owner + 1
                       : r->job[k].kind == RD_TASK_RELOAD ? -1 - k /* copies of facilities */
                                                          : r->job[k].kind,
                       r->job[k].id, k};
    qsort(v, (size_t)r->n_job, sizeof *v, cmp_id_at);
    /* Within a run of equal ids (sorted by position) the second entry is the
     * earliest duplicate and the first entry the job it repeats. */
    int worst = -1, first = -1;
    for (int k = 1; k < r->n_job; k++)
        if (v[k].id == v[k - 1].id && v[k].kind == v[k - 1].kind &&
            (k < 2 || v[k - 2].id != v[k].id || v[k - 2].kind != v[k].kind) &&
            (worst < 0 || v[k].at < worst)) {
            worst = v[k].at;
            first = v[k - 1].at;
        }
    free(v);
    if (worst < 0) return RD_OK;
    static const char *const what[4] = {"job", "pickup", "delivery", "break"};
    return bad(r, r->job[worst].path, "id: duplicate %s id %" PRId64 " (also %s)",
               what[r->job[worst].kind], r->job[worst].id, r->job[first].path);
}

/* Reads one square matrix of non-negative integers into *out (n × n). */
static rd_status parse_matrix(reader *r, const json_t *a, const char *path, int *n, int64_t **out) {
    if (!json_is_array(a) || json_array_size(a) == 0)
        return bad(r, path, "expected a non-empty square array of arrays");
    size_t sz = json_array_size(a);
    if ((int64_t)sz > r->lim->max_locations)
        return bad(r, path, "%zu rows, over the limit of %" PRId64 " locations (--max-locations)",
                   sz, r->lim->max_locations);
    for (size_t i = 0; i < sz; i++) {
        json_t *row = json_array_get(a, i);
        if (!json_is_array(row) || json_array_size(row) != sz)
            return bad(r, path, "not square: row %zu has %zu values, expected %zu", i,
                       json_is_array(row) ? json_array_size(row) : 0, sz);
    }
    int64_t *m = malloc(sz * sz * sizeof *m);
    if (!m) return nomem(r);
    for (size_t i = 0; i < sz; i++) {
        json_t *row = json_array_get(a, i);
        for (size_t j = 0; j < sz; j++) {
            json_t *x = json_array_get(row, j);
            if (!is_uint(x) || json_integer_value(x) > U32_MAX_S) {
                free(m);
                char cp[160];
                snprintf(cp, sizeof cp, "%s[%zu][%zu]", path, i, j);
                return is_uint(x) ? bad(r, cp, "%" JSON_INTEGER_FORMAT " is beyond 2^32 - 1",
                                        json_integer_value(x))
                                  : bad(r, cp, "expected a non-negative integer");
            }
            m[i * sz + j] = json_integer_value(x);
        }
    }
    *n = (int)sz;
    *out = m;
    return RD_OK;
}

static rd_status parse_matrices(reader *r, const json_t *root) {
    json_t *ms = json_object_get(root, "matrices"), *legacy = json_object_get(root, "matrix");
    if (ms && !json_is_object(ms)) return bad(r, "matrices", "expected an object");
    r->mat = calloc((size_t)r->n_prof, sizeof *r->mat);
    if (!r->mat) return nomem(r);
    for (int q = 0; q < r->n_prof; q++) {
        const char *name = r->prof[q].name;
        int seen = 0;
        for (int k = 0; k < r->n_mat; k++) seen |= !strcmp(r->mat[k].name, name);
        if (seen) continue;
        mat_in *mt = &r->mat[r->n_mat++];
        mt->name = name;
        char path[160];
        json_t *entry = ms ? json_object_get(ms, name) : NULL;
        if (!ms) {
            if (!legacy)
                return rd_err(r->err, RD_ERR_INPUT,
                              "matrices: missing (custom matrices are required for now)");
            if (strcmp(name, "car"))
                return bad(r, "matrix", "only for profile \"car\"; use matrices.%s", name);
            RD_TRY(parse_matrix(r, legacy, "matrix", &mt->n, &mt->dur));
            continue;
        }
        snprintf(path, sizeof path, "matrices.%s", name);
        if (!entry) return bad(r, path, "missing (a vehicle uses profile \"%s\")", name);
        if (!json_is_object(entry)) return bad(r, path, "expected an object");
        static const char *const kinds[3] = {"durations", "distances", "costs"};
        int64_t **dst[3] = {&mt->dur, &mt->dist, &mt->cost};
        for (int k = 0; k < 3; k++) {
            json_t *a = json_object_get(entry, kinds[k]);
            if (!a) continue;
            int n = 0;
            snprintf(path, sizeof path, "matrices.%s.%s", name, kinds[k]);
            RD_TRY(parse_matrix(r, a, path, &n, dst[k]));
            if (mt->n && n != mt->n)
                return bad(r, path, "size %d, the other matrices of the profile have %d", n, mt->n);
            mt->n = n;
        }
        if (!mt->dur) {
            snprintf(path, sizeof path, "matrices.%s.durations", name);
            return bad(r, path, "missing");
        }
    }
    return RD_OK;
}

static const mat_in *mat_of(const reader *r, const char *name) {
    for (int k = 0; k < r->n_mat; k++)
        if (!strcmp(r->mat[k].name, name)) return &r->mat[k];
    return NULL;
}

/* ---- locations from coordinates ---- */

#define MAX_LOCS 20000 /* as for given matrices: 8 n² bytes per matrix */

/* The JSON path of a location's first user (see reader.loc_owner). */
static void owner_path(const reader *r, int owner, char *buf, size_t size) {
    if (owner < 0)
        snprintf(buf, size, "vehicles[%d].%s", (-1 - owner) / 2,
                 (-1 - owner) % 2 ? "end" : "start");
    else
        snprintf(buf, size, "%s.location", r->job[owner].path);
}

/* rd_geo_points_make of r->n_locs coordinates r->loc_xy into *pts, its error
 * message prefixed with the path of the location at fault (or "crs"). */
static rd_status convert_points(reader *r, const double *xy, const int *owner, int n,
                                rd_geo_points *pts) {
    int badi = -1;
    rd_status st = rd_geo_points_make(r->crs, xy, n, pts, &badi, r->err);
    if (st != RD_ERR_INPUT) return st;
    char path[96];
    if (badi < 0)
        snprintf(path, sizeof path, "crs");
    else
        owner_path(r, owner[badi], path, sizeof path);
    return rd_err_prefix(r->err, "%s", path);
}

typedef struct loc_use {
    double x, y;
    int seq; /* order of appearance */
} loc_use;

static int cmp_use(const void *a, const void *b) {
    const loc_use *p = a, *q = b;
    if (p->x != q->x) return p->x < q->x ? -1 : 1;
    if (p->y != q->y) return p->y < q->y ? -1 : 1;
    return (p->seq > q->seq) - (p->seq < q->seq);
}

/* Without matrices: every vehicle start/end and task has coordinates; equal
 * coordinates share one location, numbered in order of first appearance as
 * VROOM does (vehicles' start then end, in input order, then jobs, then
 * shipments' pickup and delivery; rondo's stations after the jobs, and the
 * facilities last, in the order of the vehicles' reload stops). O(n log n). */
static rd_status assign_locations(reader *r) {
    const int cap = 2 * r->n_veh + r->n_job;
    loc_use *u = malloc((size_t)cap * sizeof *u);
    double *xy = malloc((size_t)cap * 2 * sizeof *xy);
    int *owner = malloc((size_t)cap * sizeof *owner), *first = malloc((size_t)cap * sizeof *first);
    int *idx = malloc((size_t)cap * sizeof *idx);
    rd_status st = RD_OK;
    if (!u || !xy || !owner || !first || !idx) {
        st = nomem(r);
        goto done;
    }
    int nu = 0;
    for (int k = 0; k < r->n_veh; k++)
        for (int e = 0; e < 2; e++)
            if (r->veh[k].has_xy[e]) {
                xy[2 * nu] = r->veh[k].xy[e][0];
                xy[2 * nu + 1] = r->veh[k].xy[e][1];
                owner[nu++] = -1 - (2 * k + e);
            }
    for (int t = 0; t < r->n_job; t++)
        if (r->job[t].kind != RD_TASK_BREAK) {
            xy[2 * nu] = r->job[t].lon;
            xy[2 * nu + 1] = r->job[t].lat;
            owner[nu++] = t;
        }
    for (int i = 0; i < nu; i++) u[i] = (loc_use){xy[2 * i], xy[2 * i + 1], i};
    qsort(u, (size_t)nu, sizeof *u, cmp_use);
    for (int i = 0; i < nu; i++) /* the first user of equal coordinates */
        first[u[i].seq] =
            i > 0 && u[i].x == u[i - 1].x && u[i].y == u[i - 1].y ? first[u[i - 1].seq] : u[i].seq;
    int n = 0;
    for (int i = 0; i < nu; i++) {
        if (first[i] == i) {
            xy[2 * n] = xy[2 * i]; /* n <= i: compacting in place */
            xy[2 * n + 1] = xy[2 * i + 1];
            owner[n] = owner[i];
            idx[i] = n++;
        } else {
            idx[i] = idx[first[i]];
        }
    }
    if (n > MAX_LOCS) {
        st = rd_err(r->err, RD_ERR_INPUT, "input: %d distinct locations, at most %d are supported",
                    n, MAX_LOCS);
        goto done;
    }
    int s = 0;
    for (int k = 0; k < r->n_veh; k++) {
        if (r->veh[k].has_xy[0]) r->veh[k].start = idx[s++];
        if (r->veh[k].has_xy[1]) r->veh[k].end = idx[s++];
    }
    for (int t = 0; t < r->n_job; t++)
        if (r->job[t].kind != RD_TASK_BREAK) r->job[t].loc = idx[s++];
    r->n_locs = n;
    r->loc_xy = xy;
    r->loc_owner = owner;
    xy = NULL;
    owner = NULL;
    st = convert_points(r, r->loc_xy, r->loc_owner, n, &r->pts);
done:
    free(u);
    free(xy);
    free(owner);
    free(first);
    free(idx);
    return st;
}

/* The travel of profile `name` between the r->n_locs deduplicated locations
 * (their WGS84 coordinates in r->pts.lon / r->pts.lat, planar metres in
 * r->pts.x / r->pts.y when r->pts.planar): fills dist and dur (n × n, metres
 * and seconds). This is where a routing server plugs in; on a failure it sets
 * *bad_loc to the location at fault (coordinate_matrices names its first user:
 * owner_path(r, r->loc_owner[*bad_loc], ...)) or leaves it -1. Offline: io/geo.h,
 * durations from options.speeds (else the profile's default speed) and
 * options.detour. */
/* Far: the travel to and from a location the server cannot route (options.
 * unroutable "unassign"): its tasks are never routed, and this keeps them out
 * of everyone's neighbourhood. */
#define UNROUTABLE_FAR 100000000

/* profile_matrix from the routing server: with options.unroutable "unassign",
 * a location the server cannot route (not a vehicle's) is marked in
 * r->loc_bad and the others are fetched again without it. */
static rd_status router_matrix(reader *r, const char *name, int64_t *dist, int64_t *dur,
                               int *bad_loc) {
    const int n = r->n_locs;
    double *ll = malloc((size_t)(n > 0 ? n : 1) * 2 * sizeof *ll);
    int *idx = malloc((size_t)(n > 0 ? n : 1) * sizeof *idx);
    int64_t *sdur = malloc((size_t)(n > 0 ? n : 1) * (size_t)(n > 0 ? n : 1) * sizeof *sdur);
    int64_t *sdist = malloc((size_t)(n > 0 ? n : 1) * (size_t)(n > 0 ? n : 1) * sizeof *sdist);
    if (r->unassign_unroutable && !r->loc_bad) r->loc_bad = calloc((size_t)n + 1, 1);
    rd_status st = RD_OK;
    if (!ll || !idx || !sdur || !sdist || (r->unassign_unroutable && !r->loc_bad)) {
        st = nomem(r);
        goto done;
    }
    for (int round = 0; round <= n; round++) {
        int g = 0;
        for (int i = 0; i < n; i++)
            if (!r->loc_bad || !r->loc_bad[i]) {
                idx[g] = i;
                ll[2 * g] = r->pts.lon[i];
                ll[2 * g + 1] = r->pts.lat[i];
                g++;
            }
        int bad = -1;
        st = rd_router_matrix(r->router, name, ll, g, sdur, sdist, &bad, r->err);
        if (st == RD_OK) {
            for (size_t c = 0; c < (size_t)n * (size_t)n; c++) dur[c] = dist[c] = UNROUTABLE_FAR;
            for (int a = 0; a < g; a++)
                for (int b = 0; b < g; b++) {
                    size_t c = (size_t)idx[a] * (size_t)n + (size_t)idx[b];
                    dur[c] = sdur[(size_t)a * (size_t)g + (size_t)b];
                    dist[c] = sdist[(size_t)a * (size_t)g + (size_t)b];
                }
            break;
        }
        *bad_loc = bad >= 0 ? idx[bad] : -1;
        if (st != RD_ERR_ROUTING || bad < 0 || !r->unassign_unroutable) break;
        int vehicle = 0; /* a vehicle's start or end cannot be left out */
        for (int k = 0; k < r->n_veh; k++)
            vehicle |= r->veh[k].start == idx[bad] || r->veh[k].end == idx[bad];
        if (vehicle) break;
        r->loc_bad[idx[bad]] = 1;
        rd_error_clear(r->err);
        *bad_loc = -1;
    }
done:
    free(ll);
    free(idx);
    free(sdur);
    free(sdist);
    return st;
}

static rd_status profile_matrix(reader *r, const char *name, int64_t *dist, int64_t *dur,
                                int *bad_loc) {
    *bad_loc = -1;
    if (r->router) return router_matrix(r, name, dist, dur, bad_loc);
    json_t *sv = r->speeds ? json_object_get(r->speeds, name) : NULL;
    double speed = sv ? json_number_value(sv) : rd_geo_default_speed(name);
    if (!(speed > 0)) {
        int k = 0;
        while (k < r->n_veh - 1 && strcmp(r->veh[k].profile, name)) k++;
        char p[64];
        snprintf(p, sizeof p, "vehicles[%d]", k);
        return bad(r, p,
                   "profile: no default speed for profile \"%s\" (give options.speeds.%s in "
                   "metres per second)",
                   name, name);
    }
    if (r->n_mat > 1) { /* offline distances do not depend on the profile */
        memcpy(dist, r->mat[0].dist, (size_t)r->n_locs * (size_t)r->n_locs * sizeof *dist);
        return rd_geo_matrix(&r->pts, speed, r->detour, NULL, dur, r->err);
    }
    return rd_geo_matrix(&r->pts, speed, r->detour, dist, dur, r->err);
}

/* Without matrices: one matrix per profile in use (profile_matrix), with
 * distances (reported in the answer). */
static rd_status coordinate_matrices(reader *r) {
    const size_t n = (size_t)r->n_locs;
    r->mat = calloc((size_t)r->n_prof, sizeof *r->mat);
    if (!r->mat) return nomem(r);
    for (int q = 0; q < r->n_prof; q++) {
        const char *name = r->prof[q].name;
        int seen = 0;
        for (int k = 0; k < r->n_mat; k++) seen |= !strcmp(r->mat[k].name, name);
        if (seen) continue;
        mat_in *mt = &r->mat[r->n_mat++];
        mt->name = name;
        mt->n = r->n_locs;
        mt->dur = malloc(n * n * sizeof *mt->dur + 1);
        mt->dist = malloc(n * n * sizeof *mt->dist + 1);
        if (!mt->dur || !mt->dist) return nomem(r);
        int badl = -1;
        rd_status st = profile_matrix(r, name, mt->dist, mt->dur, &badl);
        if (st != RD_OK && badl >= 0 && badl < r->n_locs) {
            char path[96];
            const int o = r->loc_owner[badl];
            owner_path(r, o, path, sizeof path);
            if (st != RD_ERR_ROUTING) return rd_err_prefix(r->err, "%s", path);
            /* exit 3 names the task or vehicle by its id */
            static const char *const kind[] = {"job", "pickup", "delivery", "break", "facility"};
            return rd_err_prefix(r->err, "%s (%s %" PRId64 ")", path,
                                 o < 0 ? "vehicle" : kind[r->job[o].kind],
                                 o < 0 ? r->veh[(-1 - o) / 2].id : r->job[o].id);
        }
        if (st != RD_OK) return st;
    }
    return RD_OK;
}

/* With matrices: the coordinates given next to location indices (echoed, and
 * drawn by -g and the maps). Locations without any stay without (loc_has 0);
 * the first coordinates given for an index win. */
static rd_status convert_given_coords(reader *r) {
    int n = INT32_MAX;
    for (int k = 0; k < r->n_mat; k++)
        if (r->mat[k].n < n) n = r->mat[k].n;
    double *xy = calloc((size_t)n * 2, sizeof *xy);
    int *owner = malloc((size_t)n * sizeof *owner), *at = malloc((size_t)n * sizeof *at);
    rd_status st = RD_OK;
    if (!xy || !owner || !at) {
        st = nomem(r);
        goto done;
    }
    for (int i = 0; i < n; i++) at[i] = -1;
    int m = 0; /* locations with coordinates, compacted in xy */
    for (int k = 0; k < r->n_veh; k++)
        for (int e = 0; e < 2; e++) {
            int l = e ? r->veh[k].end : r->veh[k].start;
            if (!r->veh[k].has_xy[e] || l < 0 || l >= n || at[l] >= 0) continue;
            xy[2 * m] = r->veh[k].xy[e][0];
            xy[2 * m + 1] = r->veh[k].xy[e][1];
            owner[m] = -1 - (2 * k + e);
            at[l] = m++;
        }
    for (int t = 0; t < r->n_job; t++) {
        int l = r->job[t].loc;
        if (!r->job[t].has_coords || l < 0 || l >= n || at[l] >= 0) continue;
        xy[2 * m] = r->job[t].lon;
        xy[2 * m + 1] = r->job[t].lat;
        owner[m] = t;
        at[l] = m++;
    }
    if (m == 0) goto done;
    rd_geo_points c;
    if ((st = convert_points(r, xy, owner, m, &c)) != RD_OK) {
        rd_geo_points_free(&c);
        goto done;
    }
    /* spread over the location indices; loc_owner -2 - ... marks none */
    r->pts.n = r->n_locs = n;
    r->pts.planar = c.planar;
    r->pts.x = calloc((size_t)n, sizeof(double));
    r->pts.y = calloc((size_t)n, sizeof(double));
    r->pts.lon = calloc((size_t)n, sizeof(double));
    r->pts.lat = calloc((size_t)n, sizeof(double));
    r->loc_owner = malloc((size_t)n * sizeof *r->loc_owner);
    if (!r->pts.x || !r->pts.y || !r->pts.lon || !r->pts.lat || !r->loc_owner) {
        rd_geo_points_free(&c);
        st = nomem(r);
        goto done;
    }
    for (int l = 0; l < n; l++) {
        r->loc_owner[l] = at[l] >= 0 ? owner[at[l]] : INT32_MIN; /* INT32_MIN: no coordinates */
        if (at[l] < 0) continue;
        r->pts.x[l] = c.x[at[l]];
        r->pts.y[l] = c.y[at[l]];
        r->pts.lon[l] = c.lon[at[l]];
        r->pts.lat[l] = c.lat[at[l]];
    }
    rd_geo_points_free(&c);
done:
    free(xy);
    free(owner);
    free(at);
    return st;
}

static char *dup_or_null(const char *s, int *ok) {
    if (!s) return NULL;
    char *d = strdup(s);
    if (!d) *ok = 0;
    return d;
}

static rd_status set_skills(reader *r, rd_model *m) {
    int *tf = malloc(((size_t)r->n_job + 1) * sizeof *tf);
    int *vf = malloc(((size_t)r->n_veh + 1) * sizeof *vf);
    int64_t *tsk = malloc((size_t)(r->n_sk > 0 ? r->n_sk : 1) * sizeof *tsk);
    int64_t *vsk = malloc((size_t)(r->n_sk > 0 ? r->n_sk : 1) * sizeof *vsk);
    rd_status st = RD_ERR_NOMEM;
    if (tf && vf && tsk && vsk) {
        int k = 0;
        for (int t = 0; t < r->n_job; t++) {
            tf[t] = k;
            for (int i = 0; i < r->job[t].skill_n; i++) tsk[k++] = r->sk[r->job[t].skill_first + i];
        }
        tf[r->n_job] = k;
        k = 0;
        for (int v = 0; v < r->n_veh; v++) {
            vf[v] = k;
            for (int i = 0; i < r->veh[v].skill_n; i++) vsk[k++] = r->sk[r->veh[v].skill_first + i];
        }
        vf[r->n_veh] = k;
        st = rd_model_set_skills(m, tf, tsk, vf, vsk);
    }
    free(tf);
    free(vf);
    free(tsk);
    free(vsk);
    return st == RD_OK ? RD_OK : nomem(r);
}

static rd_status build(reader *r, rd_model **out, rd_json_extras *x) {
    /* Locations: the smallest matrix among the profiles in use. */
    int n = INT32_MAX;
    for (int k = 0; k < r->n_mat; k++)
        if (r->mat[k].n < n) n = r->mat[k].n;
    for (int k = 0; k < r->n_veh; k++) {
        const veh_in *v = &r->veh[k];
        int sz = mat_of(r, v->profile)->n;
        char p[64];
        snprintf(p, sizeof p, "vehicles[%d]", k);
        if (v->start >= sz)
            return bad(r, p, "start_index: %d is out of range (matrix size %d)", v->start, sz);
        if (v->end >= sz)
            return bad(r, p, "end_index: %d is out of range (matrix size %d)", v->end, sz);
    }
    for (int k = 0; k < r->n_job; k++)
        if (r->job[k].loc >= n)
            return bad(r, r->job[k].path, "location_index: %d is out of range (matrix size %d)",
                       r->job[k].loc, n);
    /* Every model leg (travel time, cost) stays below 2^62 / (n + 2), so that
     * no sum over a route overflows int64 (per_hour × 100 / speed_factor ×
     * a duration cell can exceed it although each is below 2^32). */
    const double leg_max = 4.6e18 / ((double)n + 2);
    for (int q = 0; q < r->n_prof; q++) {
        const prof_in *pf = &r->prof[q];
        const mat_in *mt = mat_of(r, pf->name);
        int64_t dmax = 0, mmax = 0, cmax = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                size_t s = (size_t)i * (size_t)mt->n + (size_t)j;
                if (mt->dur[s] > dmax) dmax = mt->dur[s];
                if (mt->dist && mt->dist[s] > mmax) mmax = mt->dist[s];
                if (mt->cost && mt->cost[s] > cmax) cmax = mt->cost[s];
            }
        double dur = (double)pf->dur_factor * (double)dmax,
               cost = mt->cost ? (double)RD_JSON_COST_SCALE * (double)cmax
                               : (double)pf->dur_cost_factor * (double)dmax +
                                     360.0 * (double)pf->per_km * (double)mmax;
        if (dur > leg_max || cost > leg_max)
            return bad(r, "matrices",
                       "profile \"%s\" with per_hour %" PRId64 ", per_km %" PRId64
                       " and speed_factor %g: a leg of the matrices would cost %.3g model "
                       "units, over %.3g (%d locations)",
                       pf->name, pf->per_hour, pf->per_km, pf->speed, cost > dur ? cost : dur,
                       leg_max, n);
    }
    int nd = r->amount_size > 0 ? r->amount_size : 1;
    int64_t bytes = rd_limits_matrix_bytes(n, 3 * (int64_t)r->n_prof);
    if (bytes > r->lim->max_matrix_bytes)
        return bad(r, "matrices",
                   "%d locations and %d vehicle profiles need %" PRId64
                   " bytes of travel matrices, over the limit of %" PRId64 " (--max-matrix-bytes)",
                   n, r->n_prof, bytes, r->lim->max_matrix_bytes);
    int n_tw = 0; /* (reload copies repeat their facility's windows) */
    for (int t = 0; t < r->n_job; t++) n_tw += r->job[t].tw_n;
    rd_model *m = rd_model_alloc(n, r->n_prof, r->n_job, n_tw, r->n_veh, nd);
    if (!m) return nomem(r);
    snprintf(m->name, sizeof m->name, "json");
    m->round = RD_ROUND_NONE;
    m->scale = 1;
    for (int q = 0; q < r->n_prof; q++) {
        const prof_in *pf = &r->prof[q];
        const mat_in *mt = mat_of(r, pf->name);
        int sn = mt->n;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                size_t s = (size_t)i * (size_t)sn + (size_t)j,
                       d = (size_t)i * (size_t)n + (size_t)j;
                int64_t dur = mt->dur[s], dist = mt->dist ? mt->dist[s] : 0;
                m->durations[q].v[d] = pf->dur_factor * dur;
                m->distances[q].v[d] = dist;
                m->costs[q].v[d] = mt->cost ? RD_JSON_COST_SCALE * mt->cost[s]
                                            : pf->dur_cost_factor * dur + 360 * pf->per_km * dist;
            }
    }
    int w = 0;
    for (int t = 0; t < r->n_job; t++) {
        const job_in *j = &r->job[t];
        m->task_id[t] = j->id;
        m->task_loc[t] = j->loc;
        m->task_kind[t] = j->kind;
        if (j->kind == RD_TASK_PICKUP || j->kind == RD_TASK_DELIVERY)
            m->task_pair[t] = j->kind == RD_TASK_PICKUP ? t + 1 : t - 1;
        if (j->kind == RD_TASK_RELOAD) m->task_owner[t] = j->owner;
        if (j->has_prize) m->task_prize[t] = j->prize * RD_JSON_COST_SCALE;
        if (r->loc_bad && j->loc >= 0 && j->loc < r->n_locs && r->loc_bad[j->loc]) {
            if (!m->task_unroutable && !(m->task_unroutable = calloc((size_t)r->n_job, 1))) {
                rd_model_destroy(m);
                return nomem(r);
            }
            m->task_unroutable[t] = 1; /* a shipment: both halves (below) */
        }
        if (j->kind == RD_TASK_BREAK) {
            m->task_owner[t] = j->owner;
            if (j->has_maxl && !m->task_max_load) {
                size_t sz = (size_t)r->n_job * (size_t)nd;
                m->task_max_load = malloc(sz * sizeof *m->task_max_load);
                if (!m->task_max_load) {
                    rd_model_destroy(m);
                    return nomem(r);
                }
                for (size_t i = 0; i < sz; i++) m->task_max_load[i] = RD_INF;
            }
            for (int d = 0; j->has_maxl && d < r->amount_size; d++)
                m->task_max_load[(size_t)t * nd + d] = j->maxl[d];
        }
        m->task_setup[t] = j->setup * RD_JSON_TIME_SCALE;
        m->task_service[t] = j->service * RD_JSON_TIME_SCALE;
        m->task_priority[t] = j->priority;
        for (int d = 0; d < r->amount_size; d++) {
            m->task_delivery[(size_t)t * nd + d] = j->del[d];
            m->task_pickup[(size_t)t * nd + d] = j->pick[d];
        }
        m->task_tw_first[t] = w;
        for (int k = 0; k < j->tw_n; k++, w++) {
            m->tw_start[w] = r->tws[2 * (j->tw_first + k)] * RD_JSON_TIME_SCALE;
            m->tw_end[w] = r->tws[2 * (j->tw_first + k) + 1] * RD_JSON_TIME_SCALE;
            if (m->tw_start[w] > 0 || m->tw_end[w] < U32_MAX_S * RD_JSON_TIME_SCALE) m->has_tw = 1;
        }
    }
    m->task_tw_first[r->n_job] = w;
    for (int t = 0; m->task_unroutable && t < r->n_job; t++) /* a shipment goes whole */
        if (m->task_unroutable[t] && m->task_pair[t] >= 0) m->task_unroutable[m->task_pair[t]] = 1;
    m->n_tw = w;
    for (int k = 0; k < r->n_veh; k++) {
        const veh_in *v = &r->veh[k];
        rd_vehicle *mv = &m->vehicles[k];
        mv->id = v->id;
        mv->count = 1;
        mv->start_loc = v->start;
        mv->end_loc = v->end;
        mv->tw_start = v->tw_start * RD_JSON_TIME_SCALE;
        mv->tw_end = v->tw_end * RD_JSON_TIME_SCALE;
        mv->fixed_cost = v->fixed * RD_JSON_COST_SCALE;
        mv->max_tasks = v->max_tasks >= 0 ? v->max_tasks : RD_INF;
        mv->max_travel_time =
            v->max_travel_time >= 0 ? v->max_travel_time * RD_JSON_TIME_SCALE : RD_INF;
        mv->max_distance = v->max_distance >= 0 ? v->max_distance : RD_INF;
        mv->profile = v->model_profile;
        for (int d = 0; d < r->amount_size; d++) m->veh_capacity[(size_t)k * nd + d] = v->cap[d];
        mv->max_reloads = v->max_reloads >= 0 ? v->max_reloads : RD_INF;
        mv->end_empty = v->end_empty;
        if (v->max_working_time >= 0 && /* the route leaves at its shift start */
            mv->tw_start + v->max_working_time * RD_JSON_TIME_SCALE < mv->tw_end)
            mv->tw_end = mv->tw_start + v->max_working_time * RD_JSON_TIME_SCALE;
        if (v->has_shift) {
            if (!m->veh_shift_cap) {
                m->veh_shift_cap = malloc((size_t)r->n_veh * (size_t)nd * sizeof *m->veh_shift_cap);
                if (!m->veh_shift_cap) {
                    rd_model_destroy(m);
                    return nomem(r);
                }
                for (size_t i = 0; i < (size_t)r->n_veh * (size_t)nd; i++)
                    m->veh_shift_cap[i] = RD_INF;
            }
            for (int d = 0; d < r->amount_size; d++)
                m->veh_shift_cap[(size_t)k * nd + d] = v->shift[d];
        }
    }
    m->n_facilities = r->n_fac;
    rd_status st = set_skills(r, m);
    if (st == RD_OK && (st = rd_model_index_breaks(m)) != RD_OK) st = nomem(r);
    if (st == RD_OK) st = rd_model_validate(m, r->err);
    if (st != RD_OK) {
        rd_model_destroy(m);
        return st;
    }
    /* Extras for the writer. */
    int ok = 1;
    x->amount_size = r->amount_size;
    x->vrptw = r->vrptw;
    for (int t = 0; t < r->n_job; t++) x->prizes |= r->job[t].has_prize;
    for (int k = 0; k < r->n_mat; k++) x->report_distances |= r->mat[k].dist != NULL;
    x->n_tasks = r->n_job;
    x->n_vehicles = r->n_veh;
    size_t nt = (size_t)(r->n_job ? r->n_job : 1), nv = (size_t)r->n_veh;
    x->task_desc = calloc(nt, sizeof *x->task_desc);
    x->task_has_coords = calloc(nt, sizeof *x->task_has_coords);
    x->task_coords = calloc(2 * nt, sizeof *x->task_coords);
    x->task_fill = calloc(2 * nt, sizeof *x->task_fill);
    x->veh_desc = calloc(nv, sizeof *x->veh_desc);
    x->veh_fixed = calloc(nv, sizeof *x->veh_fixed);
    x->veh_per_hour = calloc(nv, sizeof *x->veh_per_hour);
    x->veh_per_km = calloc(nv, sizeof *x->veh_per_km);
    x->veh_costs_matrix = calloc(nv, sizeof *x->veh_costs_matrix);
    x->veh_profile = calloc(nv, sizeof *x->veh_profile);
    if (!x->task_desc || !x->task_has_coords || !x->task_coords || !x->task_fill || !x->veh_desc ||
        !x->veh_fixed || !x->veh_per_hour || !x->veh_per_km || !x->veh_costs_matrix ||
        !x->veh_profile)
        ok = 0;
    for (int t = 0; ok && t < r->n_job; t++) {
        x->task_desc[t] = dup_or_null(r->job[t].desc, &ok);
        x->task_has_coords[t] = r->job[t].has_coords;
        x->task_fill[2 * t] = r->job[t].station ? r->job[t].fill0 : -1.0;
        x->task_fill[2 * t + 1] = r->job[t].fill_rate;
        x->task_coords[2 * t] = r->job[t].lon;
        x->task_coords[2 * t + 1] = r->job[t].lat;
    }
    x->from_coords = !r->have_matrices;
    x->n_locs = n;
    x->planar = r->pts.planar;
    x->veh_has_coords = calloc(2 * nv, sizeof *x->veh_has_coords);
    x->veh_coords = calloc(4 * nv, sizeof *x->veh_coords);
    x->loc_has_coords = calloc((size_t)n, 1);
    x->loc_lonlat = calloc(2 * (size_t)n, sizeof *x->loc_lonlat);
    x->loc_xy = calloc(2 * (size_t)n, sizeof *x->loc_xy);
    if (!x->veh_has_coords || !x->veh_coords || !x->loc_has_coords || !x->loc_lonlat || !x->loc_xy)
        ok = 0;
    for (int l = 0; ok && l < n && l < r->pts.n; l++) {
        if (r->loc_owner[l] == INT32_MIN) continue;
        x->loc_has_coords[l] = 1;
        x->loc_lonlat[2 * l] = r->pts.lon[l];
        x->loc_lonlat[2 * l + 1] = r->pts.lat[l];
        x->loc_xy[2 * l] = r->pts.x[l];
        x->loc_xy[2 * l + 1] = r->pts.y[l];
    }
    for (int k = 0; ok && k < r->n_veh; k++) {
        const veh_in *v = &r->veh[k];
        x->veh_desc[k] = dup_or_null(v->desc, &ok);
        x->veh_profile[k] = dup_or_null(v->profile, &ok);
        x->veh_fixed[k] = v->fixed;
        x->veh_per_hour[k] = v->per_hour;
        x->veh_per_km[k] = v->per_km;
        x->veh_costs_matrix[k] = mat_of(r, v->profile)->cost != NULL;
        for (int e = 0; e < 2; e++) {
            x->veh_has_coords[2 * k + e] = v->has_xy[e];
            x->veh_coords[4 * k + 2 * e] = v->xy[e][0];
            x->veh_coords[4 * k + 2 * e + 1] = v->xy[e][1];
        }
    }
    if (!ok) {
        rd_model_destroy(m);
        return nomem(r);
    }
    *out = m;
    return RD_OK;
}

static rd_status parse_root(reader *r, const json_t *root, rd_model **out, rd_json_extras *x) {
    if (!json_is_object(root)) return rd_err(r->err, RD_ERR_INPUT, "input: expected a JSON object");
    r->have_matrices = json_object_get(root, "matrices") || json_object_get(root, "matrix");
    r->detour = RD_GEO_DEFAULT_DETOUR;
    json_t *crs = json_object_get(root, "crs");
    if (crs && !json_is_string(crs))
        return rd_err(r->err, RD_ERR_INPUT, "crs: expected a string such as \"EPSG:25832\"");
    r->crs = crs ? json_string_value(crs) : NULL;
    RD_TRY(parse_options(r, json_object_get(root, "options"), &x->options));
    json_t *vs = json_object_get(root, "vehicles");
    if (!vs) return rd_err(r->err, RD_ERR_INPUT, "vehicles: missing");
    if (!json_is_array(vs)) return bad(r, "vehicles", "expected an array");
    if (json_array_size(vs) == 0)
        return bad(r, "vehicles", "empty array, at least one vehicle is needed");
    json_t *js = json_object_get(root, "jobs"), *ss = json_object_get(root, "shipments");
    if (js && !json_is_array(js)) return bad(r, "jobs", "expected an array");
    if (ss && !json_is_array(ss)) return bad(r, "shipments", "expected an array");
    json_t *sts = json_object_get(root, "stations");
    if (sts && !json_is_array(sts)) return bad(r, "stations", "expected an array");
    size_t nj = js ? json_array_size(js) : 0, ns = ss ? json_array_size(ss) : 0;
    const size_t nst = sts ? json_array_size(sts) : 0;
    if (nj + ns + nst == 0)
        return rd_err(r->err, RD_ERR_INPUT, "jobs: missing, and no shipments: nothing to do");
    if ((int64_t)json_array_size(vs) > r->lim->max_vehicles)
        return bad(r, "vehicles", "%zu vehicles, over the limit of %" PRId64 " (--max-vehicles)",
                   json_array_size(vs), r->lim->max_vehicles);
    if (nj + nst + 2 * ns > 10000000) return rd_err(r->err, RD_ERR_INPUT, "input: too many jobs");
    r->n_veh = (int)json_array_size(vs);
    r->n_jobs = (int)(nj + nst); /* the stations become jobs after the jobs */
    r->n_job = (int)(nj + nst + 2 * ns);
    r->veh = calloc((size_t)r->n_veh, sizeof *r->veh);
    r->job = calloc((size_t)r->n_job, sizeof *r->job);
    if (!r->veh || !r->job) return nomem(r);
    RD_TRY(parse_facilities(r, root));
    for (int k = 0; k < r->n_veh; k++) RD_TRY(parse_vehicle(r, json_array_get(vs, (size_t)k), k));
    for (int k = 0; k < (int)nj; k++) RD_TRY(parse_job(r, json_array_get(js, (size_t)k), k));
    if (nst > 0) {
        policy_in pol;
        RD_TRY(parse_policy(r, root, &pol));
        int64_t t_max = 0; /* the latest shift end: no visit is later */
        for (int k = 0; k < r->n_veh; k++)
            if (r->veh[k].has_tw && r->veh[k].tw_end > t_max) t_max = r->veh[k].tw_end;
        if (t_max == 0) t_max = pol.now + 86400;
        for (int k = 0; k < (int)nst; k++)
            RD_TRY(parse_station(r, json_array_get(sts, (size_t)k), k, &r->job[nj + (size_t)k],
                                 &pol, t_max));
        x->fill_now = pol.now;
    }
    for (int k = 0; k < (int)ns; k++) {
        job_in *pk = &r->job[r->n_jobs + 2 * k];
        RD_TRY(parse_shipment(r, json_array_get(ss, (size_t)k), k, pk, pk + 1));
    }
    r->n_brk_first = r->n_job;
    if (r->n_brk > 0) { /* the breaks become the last tasks */
        job_in *q = realloc(r->job, ((size_t)r->n_job + (size_t)r->n_brk) * sizeof *q);
        if (!q) return nomem(r);
        r->job = q;
        memcpy(r->job + r->n_job, r->brk, (size_t)r->n_brk * sizeof *q);
        r->n_job += r->n_brk;
    }
    RD_TRY(add_reloads(r));
    RD_TRY(check_job_ids(r));
    RD_TRY(parse_steps(r, vs));
    if (r->have_matrices) {
        RD_TRY(parse_matrices(r, root));
        RD_TRY(convert_given_coords(r));
    } else {
        RD_TRY(assign_locations(r));
        RD_TRY(coordinate_matrices(r));
    }
    return build(r, out, x);
}

/* The request's top-level "id" (serve): compact JSON text of a scalar into
 * *id (malloc'd), NULL when absent or when root is not an object. */
static rd_status read_id(const json_t *root, char **id, rd_error *err) {
    const json_t *v = json_is_object(root) ? json_object_get(root, "id") : NULL;
    if (!v) return RD_OK;
    if (json_is_object(v) || json_is_array(v))
        return rd_err(err, RD_ERR_INPUT, "id: expected a string, number, boolean or null");
    *id = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    return *id ? RD_OK : rd_err(err, RD_ERR_NOMEM, "out of memory");
}

/* rd_json_read, with the vehicles' steps read into `plan` when it is non-NULL
 * (plan_mode: VROOM's -c; else an initial solution) and the request's id into
 * *id when `id` is non-NULL, under the size limits `lim` (NULL: defaults). */
static rd_status read_text(const char *text, size_t len, const char *source, const rd_limits *lim,
                           rd_model **out, rd_json_extras *extras, rd_json_plan *plan,
                           int plan_mode, const rd_router_cfg *router, char **id, rd_error *err) {
    *out = NULL;
    memset(extras, 0, sizeof *extras);
    if (plan) memset(plan, 0, sizeof *plan);
    if (id) *id = NULL;
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return rd_err(err, RD_ERR_INPUT, "%s: JSON syntax error at line %d, column %d: %s",
                      source ? source : "input", je.line, je.column, je.text);
    reader r = {0};
    r.err = err;
    r.plan = plan;
    r.plan_mode = plan_mode;
    r.router = router;
    r.lim = rd_limits_or_default(lim);
    rd_status st = id ? read_id(root, id, err) : RD_OK;
    if (st == RD_OK) st = parse_root(&r, root, out, extras);
    for (int k = 0; k < r.n_mat; k++) {
        free(r.mat[k].dur);
        free(r.mat[k].dist);
        free(r.mat[k].cost);
    }
    free(r.mat);
    free(r.veh);
    free(r.job);
    free(r.brk);
    free(r.fac);
    free(r.vfac);
    free(r.loc_bad);
    free(r.tws);
    free(r.sk);
    free(r.loc_xy);
    free(r.loc_owner);
    rd_geo_points_free(&r.pts);
    json_decref(root);
    if (st != RD_OK) {
        rd_json_extras_free(extras);
        rd_json_plan_free(plan);
        if (*out) rd_model_destroy(*out);
        *out = NULL;
    }
    return st;
}

rd_status rd_json_read(const char *text, size_t len, const char *source, rd_model **out,
                       rd_json_extras *extras, rd_error *err) {
    return read_text(text, len, source, NULL, out, extras, NULL, 0, NULL, NULL, err);
}

rd_status rd_json_read_request(const char *text, size_t len, const char *source, rd_model **out,
                               rd_json_extras *extras, char **id, rd_error *err) {
    return read_text(text, len, source, NULL, out, extras, NULL, 0, NULL, id, err);
}

rd_status rd_json_read_initial(const char *text, size_t len, const char *source, rd_model **out,
                               rd_json_extras *extras, rd_json_plan *initial, char **id,
                               rd_error *err) {
    return read_text(text, len, source, NULL, out, extras, initial, 0, NULL, id, err);
}

rd_status rd_json_read_ex(const char *text, size_t len, const char *source,
                          const rd_json_read_opts *o, rd_model **out, rd_json_extras *extras,
                          rd_json_plan *steps, char **id, rd_error *err) {
    return read_text(text, len, source, o->lim, out, extras, steps, o->plan_mode, o->router, id,
                     err);
}

rd_status rd_json_read_file(const char *path, rd_model **out, rd_json_extras *extras,
                            rd_error *err) {
    *out = NULL;
    memset(extras, 0, sizeof *extras);
    FILE *f = fopen(path, "rb");
    if (!f) return rd_err(err, RD_ERR_INPUT, "%s: cannot open", path);
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (len == cap) {
            char *nb = cap < (size_t)MAX_FILE_SIZE ? realloc(buf, cap * 2) : NULL;
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t k = fread(buf + len, 1, cap - len, f);
        len += k;
        if (k == 0) break;
    }
    int rerr = ferror(f);
    fclose(f);
    if (!buf) return rd_err(err, RD_ERR_NOMEM, "%s: too large or out of memory", path);
    if (rerr) {
        free(buf);
        return rd_err(err, RD_ERR_INPUT, "%s: read error", path);
    }
    rd_status st = rd_json_read(buf, len, path, out, extras, err);
    free(buf);
    return st;
}

void rd_json_extras_free(rd_json_extras *x) {
    if (!x) return;
    for (int t = 0; x->task_desc && t < x->n_tasks; t++) free(x->task_desc[t]);
    for (int k = 0; x->veh_desc && k < x->n_vehicles; k++) free(x->veh_desc[k]);
    for (int k = 0; x->veh_profile && k < x->n_vehicles; k++) free(x->veh_profile[k]);
    free(x->veh_profile);
    free(x->task_desc);
    free(x->task_has_coords);
    free(x->task_coords);
    free(x->task_fill);
    free(x->veh_desc);
    free(x->veh_fixed);
    free(x->veh_per_hour);
    free(x->veh_per_km);
    free(x->veh_costs_matrix);
    free(x->veh_has_coords);
    free(x->veh_coords);
    free(x->loc_has_coords);
    free(x->loc_lonlat);
    free(x->loc_xy);
    memset(x, 0, sizeof *x);
}

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
    RD_TRY(get_uint(r, sj, key, path, out));
    if (*out > U32_MAX_S) return bad(r, path, "%s: %" PRId64 " is beyond 2^32 - 1", key, *out);
    return RD_OK;
}

static rd_status parse_steps(reader *r, const json_t *vs) {
    const size_t nv = json_array_size(vs);
    char p[64], sp[96];
    if (!r->plan) {
        for (size_t k = 0; k < nv; k++) {
            json_t *st = json_object_get(json_array_get(vs, k), "steps");
            if (st && !(json_is_array(st) && json_array_size(st) == 0)) {
                snprintf(p, sizeof p, "vehicles[%zu]", k);
                return bad(r, p, "steps: not supported yet outside plan mode (-c)");
            }
        }
        return RD_OK;
    }
    rd_json_plan *plan = r->plan;
    id_at *ids = malloc((size_t)(r->n_job ? r->n_job : 1) * sizeof *ids);
    int *where = malloc((size_t)(r->n_job ? r->n_job : 1) * 2 * sizeof *where);
    plan->routes = calloc(nv, sizeof *plan->routes);
    rd_status st = RD_OK;
    if (!ids || !where || !plan->routes) {
        st = nomem(r);
        goto done;
    }
    for (int k = 0; k < r->n_job; k++) {
        ids[k] = (id_at){r->job[k].kind, r->job[k].id, k};
        where[2 * k] = where[2 * k + 1] = -1;
    }
    qsort(ids, (size_t)r->n_job, sizeof *ids, cmp_id_at);
    for (size_t k = 0; k < nv && st == RD_OK; k++) {
        json_t *steps = json_object_get(json_array_get(vs, k), "steps");
        snprintf(p, sizeof p, "vehicles[%zu]", k);
        if (!steps) continue;
        if (!json_is_array(steps)) {
            st = bad(r, p, "steps: expected an array of step objects");
            break;
        }
        size_t ns = json_array_size(steps);
        if (ns == 0) continue;
        /* The route is owned by the plan from here on (freed with it on error). */
        rd_json_plan_route *rt = &plan->routes[plan->n_routes++];
        rt->vehicle = (int)k;
        rt->tasks = malloc(ns * sizeof *rt->tasks);
        rt->after = malloc((ns + 2) * sizeof *rt->after);
        rt->before = malloc((ns + 2) * sizeof *rt->before);
        rt->json_step = malloc((ns + 2) * sizeof *rt->json_step);
        if (!rt->tasks || !rt->after || !rt->before || !rt->json_step) {
            st = nomem(r);
            break;
        }
        int64_t end_after = 0, end_before = RD_INF;
        int end_step = -1;
        rt->after[0] = 0;
        rt->before[0] = RD_INF;
        rt->json_step[0] = -1;
        for (size_t j = 0; j < ns && st == RD_OK; j++) {
            json_t *sj = json_array_get(steps, j);
            snprintf(sp, sizeof sp, "%s.steps[%zu]", p, j);
            if (!json_is_object(sj)) {
                st = bad(r, sp, "expected an object");
                break;
            }
            json_t *type = json_object_get(sj, "type");
            const char *ty = json_is_string(type) ? json_string_value(type) : NULL;
            if (!type) {
                st = bad(r, sp, "type: missing");
                break;
            }
            if (!ty) {
                st = bad(r, sp, "type: expected a string");
                break;
            }
            int pos = 0;
            if (!strcmp(ty, "start")) {
                if (j != 0) st = bad(r, sp, "type: \"start\" must be the first step");
                pos = 0;
            } else if (!strcmp(ty, "end")) {
                if (j != ns - 1) st = bad(r, sp, "type: \"end\" must be the last step");
                pos = -1;
            } else if (!strcmp(ty, "job") || !strcmp(ty, "pickup") || !strcmp(ty, "delivery")) {
                const int kind = ty[0] == 'j'   ? RD_TASK_JOB
                                 : ty[0] == 'p' ? RD_TASK_PICKUP
                                                : RD_TASK_DELIVERY;
                static const char *const what[3] = {"job", "shipment pickup", "shipment delivery"};
                json_t *id = json_object_get(sj, "id");
                if (!id) {
                    st = bad(r, sp, "id: missing");
                    break;
                }
                if (!is_uint(id)) {
                    st = bad(r, sp, "id: expected a non-negative integer");
                    break;
                }
                int64_t want = json_integer_value(id);
                id_at key = {kind, want, 0};
                const id_at *hit =
                    r->n_job ? bsearch(&key, ids, (size_t)r->n_job, sizeof *ids, cmp_id) : NULL;
                if (!hit) {
                    st = bad(r, sp, "id: no %s has id %" PRId64, what[kind], want);
                    break;
                }
                int t = hit->at;
                if (where[2 * t] >= 0) {
                    st = bad(r, sp, "id: %s %" PRId64 " is already in vehicles[%d].steps[%d]",
                             what[kind], want, where[2 * t], where[2 * t + 1]);
                    break;
                }
                where[2 * t] = (int)k;
                where[2 * t + 1] = (int)j;
                rt->tasks[rt->len++] = t;
                pos = rt->len;
            } else if (!strcmp(ty, "break")) {
                json_t *id = json_object_get(sj, "id");
                if (!id) {
                    st = bad(r, sp, "id: missing");
                    break;
                }
                if (!is_uint(id)) {
                    st = bad(r, sp, "id: expected a non-negative integer");
                    break;
                }
                int64_t want = json_integer_value(id);
                int t = -1;
                for (int b = 0; b < r->n_brk && t < 0; b++)
                    if (r->brk[b].owner == (int)k && r->brk[b].id == want) t = r->n_brk_first + b;
                if (t < 0) {
                    st = bad(r, sp, "id: vehicle %" PRId64 " has no break with id %" PRId64,
                             r->veh[k].id, want);
                    break;
                }
                if (where[2 * t] >= 0) {
                    st = bad(r, sp, "id: break %" PRId64 " is already in vehicles[%d].steps[%d]",
                             want, where[2 * t], where[2 * t + 1]);
                    break;
                }
                where[2 * t] = (int)k;
                where[2 * t + 1] = (int)j;
                rt->tasks[rt->len++] = t;
                pos = rt->len;
            } else {
                st = bad(r, sp,
                         "type: \"%s\" is not one of start, job, pickup, delivery, break, end", ty);
            }
            if (st != RD_OK) break;
            if (!r->plan_mode) { /* an initial solution: VROOM's bounds are plan mode's */
                static const char *const bounds[3] = {"service_at", "service_after",
                                                      "service_before"};
                for (int b = 0; b < 3 && st == RD_OK; b++)
                    if (json_object_get(sj, bounds[b]))
                        st = bad(r, sp, "%s: only used in plan mode (-c)", bounds[b]);
                if (st != RD_OK) break;
            }
            int64_t at, after, before;
            if ((st = step_bound(r, sj, "service_at", sp, &at)) != RD_OK ||
                (st = step_bound(r, sj, "service_after", sp, &after)) != RD_OK ||
                (st = step_bound(r, sj, "service_before", sp, &before)) != RD_OK)
                break;
            int64_t lo = at > after ? at : after, hi = at >= 0 ? at : before;
            if (before >= 0 && before < hi) hi = before;
            if (lo >= 0 && hi >= 0 && lo > hi) {
                st = bad(r, sp,
                         "no time satisfies service_at / service_after / service_before (%" PRId64
                         " > %" PRId64 ")",
                         lo, hi);
                break;
            }
            lo = lo >= 0 ? lo * RD_JSON_TIME_SCALE : 0;
            hi = hi >= 0 ? hi * RD_JSON_TIME_SCALE : RD_INF;
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
        if (st != RD_OK) break;
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
    }
done:
    free(ids);
    free(where);
    return st;
}

rd_status rd_json_read_plan(const char *text, size_t len, const char *source, rd_model **out,
                            rd_json_extras *extras, rd_json_plan *plan, rd_error *err) {
    return read_text(text, len, source, NULL, out, extras, plan, 1, NULL, NULL, err);
}

rd_status rd_json_read_limited(const char *text, size_t len, const char *source,
                               const rd_limits *lim, rd_model **out, rd_json_extras *extras,
                               rd_json_plan *plan, char **id, rd_error *err) {
    return read_text(text, len, source, lim, out, extras, plan, plan != NULL, NULL, id, err);
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
