#include "io/json_reader.h"

rd_status rd_jr_bad(reader *r, const char *path, const char *fmt, ...) {
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

rd_status rd_jr_nomem(reader *r) {
    return rd_err(r->err, RD_ERR_NOMEM, "out of memory");
}

int rd_jr_is_uint(const json_t *v) {
    return json_is_integer(v) && json_integer_value(v) >= 0;
}

/* Optional non-negative integer `key` of `obj`; *out keeps its default when absent. */
rd_status rd_jr_get_uint(reader *r, const json_t *obj, const char *key, const char *path,
                         int64_t *out) {
    json_t *v = json_object_get(obj, key);
    if (!v) return RD_OK;
    if (!rd_jr_is_uint(v)) return rd_jr_bad(r, path, "%s: expected a non-negative integer", key);
    *out = json_integer_value(v);
    return RD_OK;
}

/* rd_jr_get_uint for a duration or cost, at most 2^32 - 1 (VROOM's UserDuration and
 * UserCost are 32-bit): keeps the model's int64 arithmetic (× 100, sums over a
 * route) far from overflow. */
rd_status rd_jr_get_u32(reader *r, const json_t *obj, const char *key, const char *path,
                        int64_t *out) {
    RD_TRY(rd_jr_get_uint(r, obj, key, path, out));
    if (*out > U32_MAX_S)
        return rd_jr_bad(r, path, "%s: %" PRId64 " is beyond 2^32 - 1", key, *out);
    return RD_OK;
}

static rd_status get_string(reader *r, const json_t *obj, const char *key, const char *path,
                            const char **out) {
    json_t *v = json_object_get(obj, key);
    if (!v) return RD_OK;
    if (!json_is_string(v)) return rd_jr_bad(r, path, "%s: expected a string", key);
    *out = json_string_value(v);
    return RD_OK;
}

/* Amount `key` (absent: zeros) of length r->amount_size. */
static rd_status get_amount(reader *r, const json_t *obj, const char *key, const char *path,
                            int64_t *out) {
    json_t *v = json_object_get(obj, key);
    if (!v) return RD_OK;
    if (!json_is_array(v))
        return rd_jr_bad(r, path, "%s: expected an array of non-negative integers", key);
    size_t n = json_array_size(v);
    for (size_t i = 0; i < n; i++) {
        json_t *x = json_array_get(v, i);
        if (!json_is_integer(x))
            return rd_jr_bad(r, path, "%s[%zu]: expected a non-negative integer", key, i);
        if (json_integer_value(x) < 0)
            return rd_jr_bad(r, path, "%s[%zu]: negative amount %" PRId64, key, i,
                             (int64_t)json_integer_value(x));
    }
    if ((int)n != r->amount_size)
        return rd_jr_bad(r, path,
                         "%s: %zu values, expected %d (the length of vehicles[0].capacity)", key, n,
                         r->amount_size);
    for (size_t i = 0; i < n; i++) out[i] = json_integer_value(json_array_get(v, i));
    return RD_OK;
}

/* A [start, end] pair in seconds. */
static rd_status get_window(reader *r, const json_t *w, const char *path, int64_t *a, int64_t *b) {
    if (!json_is_array(w) || json_array_size(w) != 2 || !rd_jr_is_uint(json_array_get(w, 0)) ||
        !rd_jr_is_uint(json_array_get(w, 1)))
        return rd_jr_bad(r, path, "expected [start, end] with non-negative integers");
    *a = json_integer_value(json_array_get(w, 0));
    *b = json_integer_value(json_array_get(w, 1));
    if (*b < *a) return rd_jr_bad(r, path, "end %" PRId64 " is before start %" PRId64, *b, *a);
    if (*b > U32_MAX_S) return rd_jr_bad(r, path, "end %" PRId64 " is beyond 2^32 - 1", *b);
    return RD_OK;
}

/* `skills` of obj (absent: none), appended to the reader's list. */
static rd_status get_skills(reader *r, const json_t *obj, const char *path, int *first, int *n) {
    *first = r->n_sk;
    *n = 0;
    json_t *v = json_object_get(obj, "skills");
    if (!v) return RD_OK;
    if (!json_is_array(v))
        return rd_jr_bad(r, path, "skills: expected an array of non-negative integers");
    for (size_t i = 0; i < json_array_size(v); i++) {
        json_t *x = json_array_get(v, i);
        if (!rd_jr_is_uint(x) || json_integer_value(x) > U32_MAX_S)
            return rd_jr_bad(r, path, "skills[%zu]: expected a non-negative integer below 2^32", i);
        if (r->n_sk == r->cap_sk) {
            int nc = r->cap_sk ? 2 * r->cap_sk : 64;
            int64_t *q = realloc(r->sk, (size_t)nc * sizeof *q);
            if (!q) return rd_jr_nomem(r);
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
            return rd_jr_bad(r, path, "%s: expected [lon, lat]", lkey);
        coords[0] = json_number_value(json_array_get(l, 0));
        coords[1] = json_number_value(json_array_get(l, 1));
        *has_coords = 1;
    }
    if (li) {
        if (!rd_jr_is_uint(li) || json_integer_value(li) > INT32_MAX)
            return rd_jr_bad(r, path, "%s: expected a non-negative integer", ikey);
        if (!r->have_matrices)
            return rd_jr_bad(
                r, path,
                "%s: an index needs matrices, and the input has none (give %s [lon, lat] "
                "on every task and vehicle instead)",
                ikey, lkey);
        *loc = (int)json_integer_value(li);
        return RD_OK;
    }
    if (l && r->have_matrices)
        return rd_jr_bad(r, path, "%s: missing (required with custom matrices)", ikey);
    return RD_OK;
}

rd_status rd_jr_parse_options(reader *r, const json_t *o, rd_json_options *x) {
    if (!o) return RD_OK;
    if (!json_is_object(o)) return rd_jr_bad(r, "options", "expected an object");
    json_t *v;
    if ((v = json_object_get(o, "time_limit"))) {
        if (!json_is_number(v) || json_number_value(v) <= 0)
            return rd_jr_bad(r, "options.time_limit", "expected a positive number of seconds");
        x->has_time_limit = 1;
        x->time_limit = json_number_value(v);
    }
    if ((v = json_object_get(o, "threads"))) {
        if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 1024)
            return rd_jr_bad(r, "options.threads", "expected an integer in [1, 1024]");
        x->has_threads = 1;
        x->threads = (int)json_integer_value(v);
    }
    if ((v = json_object_get(o, "seed"))) {
        if (!rd_jr_is_uint(v))
            return rd_jr_bad(r, "options.seed", "expected a non-negative integer");
        x->has_seed = 1;
        x->seed = (uint64_t)json_integer_value(v);
    }
    if ((v = json_object_get(o, "iterations"))) {
        if (!json_is_integer(v) || json_integer_value(v) < 1)
            return rd_jr_bad(r, "options.iterations", "expected a positive integer");
        x->has_iterations = 1;
        x->iterations = json_integer_value(v);
    }
    if ((v = json_object_get(o, "bound"))) {
        if (!json_is_boolean(v)) return rd_jr_bad(r, "options.bound", "expected true or false");
        x->has_bound = 1;
        x->bound = json_is_true(v);
    }
    if ((v = json_object_get(o, "exploration"))) {
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 5)
            return rd_jr_bad(r, "options.exploration", "expected an integer in [0, 5]");
        x->has_exploration = 1;
        x->exploration = (int)json_integer_value(v);
    }
    if ((v = json_object_get(o, "speeds"))) { /* m/s per profile (travel from coordinates) */
        if (!json_is_object(v))
            return rd_jr_bad(r, "options.speeds",
                             "expected an object {profile: metres per second}");
        const char *name;
        json_t *sp;
        json_object_foreach(v, name, sp) {
            if (!json_is_number(sp) || !(json_number_value(sp) > 0) ||
                !(json_number_value(sp) < 1000)) {
                char p[160];
                snprintf(p, sizeof p, "options.speeds.%.100s", name);
                return rd_jr_bad(r, p,
                                 "expected a positive number of metres per second (below 1000)");
            }
        }
        r->speeds = v;
    }
    if ((v = json_object_get(o, "unroutable"))) {
        const char *u = json_is_string(v) ? json_string_value(v) : "";
        if (strcmp(u, "error") && strcmp(u, "unassign"))
            return rd_jr_bad(r, "options.unroutable", "expected \"error\" or \"unassign\"");
        r->unassign_unroutable = !strcmp(u, "unassign");
    }
    if ((v = json_object_get(o, "detour"))) {
        if (!json_is_number(v) || !(json_number_value(v) >= 1) || !(json_number_value(v) <= 10))
            return rd_jr_bad(r, "options.detour", "expected a number in [1, 10]");
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
    if (!json_is_array(bs)) return rd_jr_bad(r, p, "breaks: expected an array of break objects");
    for (size_t i = 0; i < json_array_size(bs); i++) {
        if (r->n_brk == r->cap_brk) {
            int nc = r->cap_brk ? 2 * r->cap_brk : 16;
            job_in *q = realloc(r->brk, (size_t)nc * sizeof *q);
            if (!q) return rd_jr_nomem(r);
            r->brk = q;
            r->cap_brk = nc;
        }
        job_in *b = &r->brk[r->n_brk++];
        memset(b, 0, sizeof *b);
        snprintf(b->path, sizeof b->path, "vehicles[%d].breaks[%zu]", k, i);
        json_t *bo = json_array_get(bs, i);
        if (!json_is_object(bo)) return rd_jr_bad(r, b->path, "expected an object");
        b->kind = RD_TASK_BREAK;
        b->owner = k;
        b->loc = -1;
        json_t *id = json_object_get(bo, "id");
        if (!id) return rd_jr_bad(r, b->path, "id: missing");
        if (!rd_jr_is_uint(id)) return rd_jr_bad(r, b->path, "id: expected a non-negative integer");
        b->id = json_integer_value(id);
        for (int j = 0; j < r->n_brk - 1; j++)
            if (r->brk[j].owner == k && r->brk[j].id == b->id)
                return rd_jr_bad(r, b->path, "id: duplicate break id %" PRId64 " (also %s)", b->id,
                                 r->brk[j].path);
        RD_TRY(rd_jr_get_u32(r, bo, "service", b->path, &b->service));
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
    RD_TRY(rd_jr_get_uint(r, jv, "max_reloads", p, &v->max_reloads));
    RD_TRY(rd_jr_get_uint(r, jv, "max_working_time", p, &v->max_working_time));
    json_t *ee = json_object_get(jv, "end_empty");
    if (ee) {
        if (!json_is_boolean(ee)) return rd_jr_bad(r, p, "end_empty: expected true or false");
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
        return rd_jr_bad(r, p, "reload_facilities: expected an array of facility ids");
    int *q = realloc(r->vfac, ((size_t)r->n_vfac + json_array_size(rf) + 1) * sizeof *q);
    if (!q) return rd_jr_nomem(r);
    r->vfac = q;
    for (size_t i = 0; i < json_array_size(rf); i++) {
        json_t *id = json_array_get(rf, i);
        if (!rd_jr_is_uint(id))
            return rd_jr_bad(r, p, "reload_facilities[%zu]: expected a non-negative integer", i);
        int f = -1;
        for (int j = 0; j < r->n_fac && f < 0; j++)
            if (r->fac[j].id == json_integer_value(id)) f = j;
        if (f < 0)
            return rd_jr_bad(r, p, "reload_facilities[%zu]: no facility has id %" PRId64, i,
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
rd_status rd_jr_parse_facilities(reader *r, const json_t *root) {
    json_t *fs = json_object_get(root, "facilities");
    if (!fs) return RD_OK;
    if (!json_is_array(fs)) return rd_jr_bad(r, "facilities", "expected an array");
    if (json_array_size(fs) > 10000)
        return rd_jr_bad(r, "facilities", "more than 10000 facilities");
    r->n_fac = (int)json_array_size(fs);
    r->fac = calloc((size_t)r->n_fac + 1, sizeof *r->fac);
    if (!r->fac) return rd_jr_nomem(r);
    for (int i = 0; i < r->n_fac; i++) {
        job_in *f = &r->fac[i];
        snprintf(f->path, sizeof f->path, "facilities[%d]", i);
        f->kind = RD_TASK_RELOAD;
        f->owner = -1;
        json_t *jf = json_array_get(fs, (size_t)i);
        if (json_is_object(jf) && json_object_get(jf, "setup"))
            return rd_jr_bad(r, f->path, "setup: facilities have a service time only");
        RD_TRY(parse_place(r, jf, f));
        for (int j = 0; j < i; j++)
            if (r->fac[j].id == f->id)
                return rd_jr_bad(r, f->path, "id: duplicate facility id %" PRId64 " (also %s)",
                                 f->id, r->fac[j].path);
    }
    return RD_OK;
}

/* The reload tasks: for each vehicle and each of its facilities, as many
 * copies as the vehicle may use (max_reloads, else an upper bound from the
 * total amount over the capacity, at most RELOAD_COPIES, and at most as many
 * reload services as its shift can hold), appended to `job`. */
#define RELOAD_COPIES 64
rd_status rd_jr_add_reloads(reader *r) {
    int total = 0, *copies = calloc((size_t)r->n_veh + 1, sizeof *copies);
    if (!copies) return rd_jr_nomem(r);
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
        int64_t shift = v->tw_end - v->tw_start, service = INT64_MAX;
        if (v->max_working_time >= 0 && v->max_working_time < shift) shift = v->max_working_time;
        for (int i = 0; i < v->fac_n; i++) { /* a reload takes at least its service */
            int64_t sv = r->fac[r->vfac[v->fac_first + i]].service;
            if (sv < service) service = sv;
        }
        if (service > 0 && shift >= 0 && shift / service < need) need = shift / service;
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
            return rd_jr_nomem(r);
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

rd_status rd_jr_parse_vehicle(reader *r, const json_t *jv, int k) {
    char p[64];
    snprintf(p, sizeof p, "vehicles[%d]", k);
    if (!json_is_object(jv)) return rd_jr_bad(r, p, "expected an object");
    veh_in *v = &r->veh[k];
    json_t *id = json_object_get(jv, "id");
    if (!id) return rd_jr_bad(r, p, "id: missing");
    if (!rd_jr_is_uint(id)) return rd_jr_bad(r, p, "id: expected a non-negative integer");
    v->id = json_integer_value(id);
    for (int j = 0; j < k; j++)
        if (r->veh[j].id == v->id)
            return rd_jr_bad(r, p, "id: duplicate vehicle id %" PRId64 " (also vehicles[%d])",
                             v->id, j);
    RD_TRY(get_location(r, jv, "start_index", "start", p, &v->start, v->xy[0], &v->has_xy[0]));
    RD_TRY(get_location(r, jv, "end_index", "end", p, &v->end, v->xy[1], &v->has_xy[1]));
    if (v->start < 0 && v->end < 0 && !v->has_xy[0] && !v->has_xy[1])
        return rd_jr_bad(r, p, "neither start nor end");
    json_t *cap = json_object_get(jv, "capacity");
    if (k == 0) {
        if (cap && !json_is_array(cap))
            return rd_jr_bad(r, p, "capacity: expected an array of non-negative integers");
        r->amount_size = cap ? (int)json_array_size(cap) : 0;
        if (r->amount_size > RD_MAX_DIMS)
            return rd_jr_bad(r, p, "capacity: %d dimensions, at most %d are supported",
                             r->amount_size, RD_MAX_DIMS);
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
        if (!json_is_object(costs)) return rd_jr_bad(r, cp, "expected an object");
        RD_TRY(rd_jr_get_u32(r, costs, "fixed", cp, &v->fixed));
        RD_TRY(rd_jr_get_u32(r, costs, "per_hour", cp, &v->per_hour));
        RD_TRY(rd_jr_get_u32(r, costs, "per_km", cp, &v->per_km));
    }
    v->speed = 1.0;
    json_t *sf = json_object_get(jv, "speed_factor");
    if (sf) {
        if (!json_is_number(sf) || !(json_number_value(sf) > 0) || json_number_value(sf) > 5)
            return rd_jr_bad(r, p, "speed_factor: expected a number in (0, 5]");
        v->speed = json_number_value(sf);
        if (v->speed < 1e-6) /* 100 / speed must stay a sane integer factor */
            return rd_jr_bad(r, p, "speed_factor: %g is below 1e-06", v->speed);
    }
    v->max_tasks = v->max_travel_time = v->max_distance = -1;
    RD_TRY(rd_jr_get_uint(r, jv, "max_tasks", p, &v->max_tasks));
    RD_TRY(rd_jr_get_u32(r, jv, "max_travel_time", p, &v->max_travel_time));
    RD_TRY(rd_jr_get_uint(r, jv, "max_distance", p, &v->max_distance));
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
            return rd_jr_bad(r, p, "more than %d distinct profile/costs/speed_factor combinations",
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
        if (!q) return rd_jr_nomem(r);
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
    if (!json_is_object(jj)) return rd_jr_bad(r, p, "expected an object");
    json_t *id = json_object_get(jj, "id");
    if (!id) return rd_jr_bad(r, p, "id: missing");
    if (!rd_jr_is_uint(id)) return rd_jr_bad(r, p, "id: expected a non-negative integer");
    j->id = json_integer_value(id);
    double ll[2] = {0, 0};
    RD_TRY(get_location(r, jj, "location_index", "location", p, &j->loc, ll, &j->has_coords));
    if (j->loc < 0 && r->have_matrices) return rd_jr_bad(r, p, "location_index: missing");
    if (!j->has_coords && !r->have_matrices)
        return rd_jr_bad(
            r, p, "location: missing (without matrices every task needs location [lon, lat])");
    j->lon = ll[0];
    j->lat = ll[1];
    RD_TRY(rd_jr_get_u32(r, jj, "setup", p, &j->setup));
    RD_TRY(rd_jr_get_u32(r, jj, "service", p, &j->service));
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
            return rd_jr_bad(r, p, "time_windows: expected a non-empty array of [start, end]");
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
    RD_TRY(rd_jr_get_uint(r, obj, "priority", p, &prio));
    if (prio > 100) return rd_jr_bad(r, p, "priority: expected an integer in [0, 100]");
    *out = (int)prio;
    return RD_OK;
}

/* ---- stations and the collection policy (rondo extension) ---- */

rd_status rd_jr_parse_policy(reader *r, const json_t *root, policy_in *pol) {
    *pol = (policy_in){0.8, 1.0, 0.0, 0, 0, r->amount_size >= 2 ? 1 : -1};
    json_t *o = json_object_get(root, "collection_policy"), *v;
    if (!o) return RD_OK;
    const char *p = "collection_policy";
    if (!json_is_object(o)) return rd_jr_bad(r, p, "expected an object");
    if ((v = json_object_get(o, "threshold"))) {
        if (!json_is_number(v) || !(json_number_value(v) >= 0) || !(json_number_value(v) <= 1))
            return rd_jr_bad(r, p, "threshold: expected a number in [0, 1]");
        pol->threshold = json_number_value(v);
    }
    if ((v = json_object_get(o, "horizon_days"))) {
        if (!json_is_number(v) || !(json_number_value(v) >= 0) || !(json_number_value(v) <= 365))
            return rd_jr_bad(r, p, "horizon_days: expected a number in [0, 365]");
        pol->horizon_days = json_number_value(v);
    }
    if ((v = json_object_get(o, "prize_per_litre"))) {
        if (!json_is_number(v) || !(json_number_value(v) >= 0) || !(json_number_value(v) <= 1e6))
            return rd_jr_bad(r, p, "prize_per_litre: expected a non-negative number");
        pol->prize_per_litre = json_number_value(v);
    }
    RD_TRY(rd_jr_get_uint(r, o, "now", p, &pol->now));
    int64_t d;
    d = pol->volume_dim;
    RD_TRY(rd_jr_get_uint(r, o, "volume_dimension", p, &d));
    if (d >= (r->amount_size > 0 ? r->amount_size : 1))
        return rd_jr_bad(r, p, "volume_dimension: %" PRId64 " is not a capacity dimension", d);
    pol->volume_dim = (int)d;
    if (json_object_get(o, "weight_dimension")) {
        RD_TRY(rd_jr_get_uint(r, o, "weight_dimension", p, &d));
        if (d >= r->amount_size || d == pol->volume_dim)
            return rd_jr_bad(r, p,
                             "weight_dimension: %" PRId64 " is not another capacity dimension", d);
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
        return rd_jr_bad(r, path, "%s: expected a number in [%g, %g]", key, lo, hi);
    *out = json_number_value(v);
    return RD_OK;
}

/* stations[k] into job j: mandatory when its fill reaches the policy's
 * threshold within the horizon, else optional with a prize per litre; its
 * pickup is the volume (and weight) it holds at `t_max`, the latest end of a
 * shift (an upper bound on any visit). */
rd_status rd_jr_parse_station(reader *r, const json_t *js, int k, job_in *j, const policy_in *pol,
                              int64_t t_max) {
    snprintf(j->path, sizeof j->path, "stations[%d]", k);
    const char *p = j->path;
    j->kind = RD_TASK_JOB;
    if (!json_is_object(js)) return rd_jr_bad(r, p, "expected an object");
    RD_TRY(parse_place(r, js, j));
    int64_t bins = 1;
    RD_TRY(rd_jr_get_uint(r, js, "bins", p, &bins));
    if (bins < 1 || bins > 1000) return rd_jr_bad(r, p, "bins: expected an integer in [1, 1000]");
    double vol = 0, fill = 0, rate = 0, wpl = 0, spb = 0;
    if (!json_object_get(js, "bin_volume")) return rd_jr_bad(r, p, "bin_volume: missing (litres)");
    RD_TRY(get_real(r, js, "bin_volume", p, 0, 1e6, &vol));
    if (!json_object_get(js, "fill"))
        return rd_jr_bad(r, p, "fill: missing (fraction full now, 0-1)");
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

rd_status rd_jr_parse_job(reader *r, const json_t *jj, int k) {
    job_in *j = &r->job[k];
    snprintf(j->path, sizeof j->path, "jobs[%d]", k);
    const char *p = j->path;
    j->kind = RD_TASK_JOB;
    if (!json_is_object(jj)) return rd_jr_bad(r, p, "expected an object");
    if (json_object_get(jj, "prize")) {
        RD_TRY(rd_jr_get_uint(r, jj, "prize", p, &j->prize));
        if (j->prize > (int64_t)1 << 40) return rd_jr_bad(r, p, "prize: above 2^40");
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
rd_status rd_jr_parse_shipment(reader *r, const json_t *js, int k, job_in *pk, job_in *dl) {
    char p[48];
    snprintf(p, sizeof p, "shipments[%d]", k);
    if (!json_is_object(js)) return rd_jr_bad(r, p, "expected an object");
    if (json_object_get(js, "prize")) return rd_jr_bad(r, p, "prize: not supported yet");
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
        if (!o) return rd_jr_bad(r, p, "%s: missing", half[h]);
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

int rd_jr_cmp_id_at(const void *a, const void *b) {
    const id_at *x = a, *y = b;
    if (x->kind != y->kind) return x->kind < y->kind ? -1 : 1;
    if (x->id != y->id) return x->id < y->id ? -1 : 1;
    return (x->at > y->at) - (x->at < y->at);
}

/* Duplicate ids among jobs, among shipment pickups and among shipment
 * deliveries, O(n log n): reports the earliest task whose id an earlier task
 * of its kind already has. */
rd_status rd_jr_check_job_ids(reader *r) {
    id_at *v = malloc((size_t)r->n_job * sizeof *v);
    if (!v) return rd_jr_nomem(r);
    for (int k = 0; k < r->n_job; k++) /* breaks: ids are per vehicle (checked when read) */
        v[k] = (id_at){r->job[k].kind == RD_TASK_BREAK    ? RD_TASK_BREAK + r->job[k].owner + 1
                       : r->job[k].kind == RD_TASK_RELOAD ? -1 - k /* copies of facilities */
                                                          : r->job[k].kind,
                       r->job[k].id, k};
    qsort(v, (size_t)r->n_job, sizeof *v, rd_jr_cmp_id_at);
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
    return rd_jr_bad(r, r->job[worst].path, "id: duplicate %s id %" PRId64 " (also %s)",
                     what[r->job[worst].kind], r->job[worst].id, r->job[first].path);
}

/* Reads one square matrix of non-negative integers into *out (n × n). */
static rd_status parse_matrix(reader *r, const json_t *a, const char *path, int *n, int64_t **out) {
    if (!json_is_array(a) || json_array_size(a) == 0)
        return rd_jr_bad(r, path, "expected a non-empty square array of arrays");
    size_t sz = json_array_size(a);
    if ((int64_t)sz > r->lim->max_locations)
        return rd_jr_bad(r, path,
                         "%zu rows, over the limit of %" PRId64 " locations (--max-locations)", sz,
                         r->lim->max_locations);
    if (rd_limits_matrix_bytes((int64_t)sz, 1) > r->lim->max_matrix_bytes)
        return rd_jr_bad(r, path,
                         "%zu rows need a travel matrix of %" PRId64
                         " bytes, over the limit of %" PRId64 " (--max-matrix-bytes)",
                         sz, rd_limits_matrix_bytes((int64_t)sz, 1), r->lim->max_matrix_bytes);
    for (size_t i = 0; i < sz; i++) {
        json_t *row = json_array_get(a, i);
        if (!json_is_array(row) || json_array_size(row) != sz)
            return rd_jr_bad(r, path, "not square: row %zu has %zu values, expected %zu", i,
                             json_is_array(row) ? json_array_size(row) : 0, sz);
    }
    int64_t *m = malloc(sz * sz * sizeof *m);
    if (!m) return rd_jr_nomem(r);
    for (size_t i = 0; i < sz; i++) {
        json_t *row = json_array_get(a, i);
        for (size_t j = 0; j < sz; j++) {
            json_t *x = json_array_get(row, j);
            if (!rd_jr_is_uint(x) || json_integer_value(x) > U32_MAX_S) {
                free(m);
                char cp[160];
                snprintf(cp, sizeof cp, "%s[%zu][%zu]", path, i, j);
                return rd_jr_is_uint(x)
                           ? rd_jr_bad(r, cp, "%" JSON_INTEGER_FORMAT " is beyond 2^32 - 1",
                                       json_integer_value(x))
                           : rd_jr_bad(r, cp, "expected a non-negative integer");
            }
            m[i * sz + j] = json_integer_value(x);
        }
    }
    *n = (int)sz;
    *out = m;
    return RD_OK;
}

rd_status rd_jr_matrix_slots(reader *r) {
    r->mat = calloc((size_t)r->n_prof, sizeof *r->mat);
    return r->mat ? RD_OK : rd_jr_nomem(r);
}

mat_in *rd_jr_profile_matrix(reader *r, int q) {
    const char *name = r->prof[q].name;
    for (int k = 0; k < r->n_mat; k++)
        if (!strcmp(r->mat[k].name, name)) return NULL;
    mat_in *mt = &r->mat[r->n_mat++];
    mt->name = name;
    return mt;
}

rd_status rd_jr_parse_json(const char *text, size_t len, const char *source, json_t **root,
                           rd_error *err) {
    json_error_t je;
    *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!*root)
        return rd_err(err, RD_ERR_INPUT, "%s: JSON syntax error at line %d, column %d: %s",
                      source ? source : "input", je.line, je.column, je.text);
    return RD_OK;
}

rd_status rd_jr_parse_matrices(reader *r, const json_t *root) {
    json_t *ms = json_object_get(root, "matrices"), *legacy = json_object_get(root, "matrix");
    if (ms && !json_is_object(ms)) return rd_jr_bad(r, "matrices", "expected an object");
    RD_TRY(rd_jr_matrix_slots(r));
    for (int q = 0; q < r->n_prof; q++) {
        mat_in *mt = rd_jr_profile_matrix(r, q);
        if (!mt) continue;
        const char *name = mt->name;
        char path[160];
        json_t *entry = ms ? json_object_get(ms, name) : NULL;
        if (!ms) {
            if (!legacy)
                return rd_err(r->err, RD_ERR_INPUT,
                              "matrices: missing (custom matrices are required for now)");
            if (strcmp(name, "car"))
                return rd_jr_bad(r, "matrix", "only for profile \"car\"; use matrices.%s", name);
            RD_TRY(parse_matrix(r, legacy, "matrix", &mt->n, &mt->dur));
            continue;
        }
        snprintf(path, sizeof path, "matrices.%s", name);
        if (!entry) return rd_jr_bad(r, path, "missing (a vehicle uses profile \"%s\")", name);
        if (!json_is_object(entry)) return rd_jr_bad(r, path, "expected an object");
        static const char *const kinds[3] = {"durations", "distances", "costs"};
        int64_t **dst[3] = {&mt->dur, &mt->dist, &mt->cost};
        for (int k = 0; k < 3; k++) {
            json_t *a = json_object_get(entry, kinds[k]);
            if (!a) continue;
            int n = 0;
            snprintf(path, sizeof path, "matrices.%s.%s", name, kinds[k]);
            RD_TRY(parse_matrix(r, a, path, &n, dst[k]));
            if (mt->n && n != mt->n)
                return rd_jr_bad(r, path, "size %d, the other matrices of the profile have %d", n,
                                 mt->n);
            mt->n = n;
        }
        if (!mt->dur) {
            snprintf(path, sizeof path, "matrices.%s.durations", name);
            return rd_jr_bad(r, path, "missing");
        }
    }
    return RD_OK;
}
