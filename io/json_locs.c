#include "io/json_reader.h"

const mat_in *rd_jr_mat_of(const reader *r, const char *name) {
    for (int k = 0; k < r->n_mat; k++)
        if (!strcmp(r->mat[k].name, name)) return &r->mat[k];
    return NULL;
}

/* ---- locations from coordinates ---- */

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
rd_status rd_jr_assign_locations(reader *r) {
    const int cap = 2 * r->n_veh + r->n_job;
    loc_use *u = malloc((size_t)cap * sizeof *u);
    double *xy = malloc((size_t)cap * 2 * sizeof *xy);
    int *owner = malloc((size_t)cap * sizeof *owner), *first = malloc((size_t)cap * sizeof *first);
    int *idx = malloc((size_t)cap * sizeof *idx);
    rd_status st = RD_OK;
    if (!u || !xy || !owner || !first || !idx) {
        st = rd_jr_nomem(r);
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
    if (n > r->lim->max_locations) {
        st = rd_err(r->err, RD_ERR_INPUT,
                    "input: %d distinct locations, over the limit of %" PRId64 " (--max-locations)",
                    n, r->lim->max_locations);
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
 * *bad_loc to the location at fault (rd_jr_coordinate_matrices names its first user:
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
        st = rd_jr_nomem(r);
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

/* The speed (m/s) of profile `name` offline: options.speeds, else the
 * profile's default; an error naming its first vehicle when it has neither. */
static rd_status profile_speed(reader *r, const char *name, double *speed) {
    json_t *sv = r->speeds ? json_object_get(r->speeds, name) : NULL;
    *speed = sv ? json_number_value(sv) : rd_geo_default_speed(name);
    if (*speed > 0) return RD_OK;
    int k = 0;
    while (k < r->n_veh - 1 && strcmp(r->veh[k].profile, name)) k++;
    char p[64];
    snprintf(p, sizeof p, "vehicles[%d]", k);
    return rd_jr_bad(r, p,
                     "profile: no default speed for profile \"%s\" (give options.speeds.%s in "
                     "metres per second)",
                     name, name);
}

static rd_status profile_matrix(reader *r, const char *name, int64_t *dist, int64_t *dur,
                                int *bad_loc) {
    *bad_loc = -1;
    if (r->router) return router_matrix(r, name, dist, dur, bad_loc);
    double speed;
    RD_TRY(profile_speed(r, name, &speed));
    if (r->n_mat > 1) { /* offline distances do not depend on the profile */
        memcpy(dist, r->mat[0].dist, (size_t)r->n_locs * (size_t)r->n_locs * sizeof *dist);
        return rd_geo_matrix(&r->pts, speed, r->detour, NULL, dur, r->err);
    }
    return rd_geo_matrix(&r->pts, speed, r->detour, dist, dur, r->err);
}

rd_status rd_jr_profile_per_m(reader *r, const char *name, double *per_m) {
    double speed; /* options.speeds and options.detour are checked where they are read */
    RD_TRY(profile_speed(r, name, &speed));
    *per_m = r->detour / speed; /* as rd_geo_matrix computes it */
    return RD_OK;
}

/* Without matrices: one matrix per profile in use (profile_matrix), with
 * distances (reported in the answer); offline above the dense size of
 * --matrix (io/limits.h), none: the model computes travel on demand
 * (r->on_demand, rd_jr_profile_per_m). */
rd_status rd_jr_coordinate_matrices(reader *r) {
    const size_t n = (size_t)r->n_locs;
    RD_TRY(rd_jr_matrix_slots(r));
    const int dense = r->router ? 1 : rd_limits_dense_coords(r->lim, r->n_locs);
    if (dense < 0)
        return rd_err(r->err, RD_ERR_INPUT,
                      "input: %d locations need travel matrices of %" PRId64
                      " bytes each, over the limit of %" PRId64
                      " (--max-matrix-bytes; --matrix on-demand computes travel instead)",
                      r->n_locs, rd_limits_matrix_bytes(r->n_locs, 1), r->lim->max_matrix_bytes);
    r->on_demand = !dense;
    for (int q = 0; q < r->n_prof; q++) {
        mat_in *mt = rd_jr_profile_matrix(r, q);
        if (!mt) continue;
        const char *name = mt->name;
        mt->n = r->n_locs;
        if (r->on_demand) {
            double per_m;
            RD_TRY(rd_jr_profile_per_m(r, name, &per_m)); /* its errors, now */
            continue;
        }
        mt->dur = malloc(n * n * sizeof *mt->dur + 1);
        mt->dist = malloc(n * n * sizeof *mt->dist + 1);
        if (!mt->dur || !mt->dist) return rd_jr_nomem(r);
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
rd_status rd_jr_convert_given_coords(reader *r) {
    int n = INT32_MAX;
    for (int k = 0; k < r->n_mat; k++)
        if (r->mat[k].n < n) n = r->mat[k].n;
    double *xy = calloc((size_t)n * 2, sizeof *xy);
    int *owner = malloc((size_t)n * sizeof *owner), *at = malloc((size_t)n * sizeof *at);
    rd_status st = RD_OK;
    if (!xy || !owner || !at) {
        st = rd_jr_nomem(r);
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
        st = rd_jr_nomem(r);
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

/* ---- the locations alone (rd_json_read_locations, for rondo matrix) ---- */

rd_status rd_jr_parse_tasks(reader *r, const json_t *root, rd_json_extras *x) {
    if (!json_is_object(root)) return rd_err(r->err, RD_ERR_INPUT, "input: expected a JSON object");
    r->detour = RD_GEO_DEFAULT_DETOUR;
    json_t *crs = json_object_get(root, "crs");
    if (crs && !json_is_string(crs))
        return rd_err(r->err, RD_ERR_INPUT, "crs: expected a string such as \"EPSG:25832\"");
    r->crs = crs ? json_string_value(crs) : NULL;
    RD_TRY(rd_jr_parse_options(r, json_object_get(root, "options"), &x->options));
    json_t *vs = json_object_get(root, "vehicles");
    if (!vs) return rd_err(r->err, RD_ERR_INPUT, "vehicles: missing");
    if (!json_is_array(vs)) return rd_jr_bad(r, "vehicles", "expected an array");
    if (json_array_size(vs) == 0)
        return rd_jr_bad(r, "vehicles", "empty array, at least one vehicle is needed");
    json_t *js = json_object_get(root, "jobs"), *ss = json_object_get(root, "shipments");
    if (js && !json_is_array(js)) return rd_jr_bad(r, "jobs", "expected an array");
    if (ss && !json_is_array(ss)) return rd_jr_bad(r, "shipments", "expected an array");
    json_t *sts = json_object_get(root, "stations");
    if (sts && !json_is_array(sts)) return rd_jr_bad(r, "stations", "expected an array");
    size_t nj = js ? json_array_size(js) : 0, ns = ss ? json_array_size(ss) : 0;
    const size_t nst = sts ? json_array_size(sts) : 0;
    if (nj + ns + nst == 0)
        return rd_err(r->err, RD_ERR_INPUT, "jobs: missing, and no shipments: nothing to do");
    if ((int64_t)json_array_size(vs) > r->lim->max_vehicles)
        return rd_jr_bad(r, "vehicles",
                         "%zu vehicles, over the limit of %" PRId64 " (--max-vehicles)",
                         json_array_size(vs), r->lim->max_vehicles);
    if (nj + nst + 2 * ns > 10000000) return rd_err(r->err, RD_ERR_INPUT, "input: too many jobs");
    r->n_veh = (int)json_array_size(vs);
    r->n_jobs = (int)(nj + nst); /* the stations become jobs after the jobs */
    r->n_job = (int)(nj + nst + 2 * ns);
    r->veh = calloc((size_t)r->n_veh, sizeof *r->veh);
    r->job = calloc((size_t)r->n_job, sizeof *r->job);
    if (!r->veh || !r->job) return rd_jr_nomem(r);
    RD_TRY(rd_jr_parse_facilities(r, root));
    for (int k = 0; k < r->n_veh; k++)
        RD_TRY(rd_jr_parse_vehicle(r, json_array_get(vs, (size_t)k), k));
    for (int k = 0; k < (int)nj; k++) RD_TRY(rd_jr_parse_job(r, json_array_get(js, (size_t)k), k));
    if (nst > 0) {
        policy_in pol;
        RD_TRY(rd_jr_parse_policy(r, root, &pol));
        int64_t t_max = 0; /* the latest shift end: no visit is later */
        for (int k = 0; k < r->n_veh; k++)
            if (r->veh[k].has_tw && r->veh[k].tw_end > t_max) t_max = r->veh[k].tw_end;
        if (t_max == 0) t_max = pol.now + 86400;
        for (int k = 0; k < (int)nst; k++)
            RD_TRY(rd_jr_parse_station(r, json_array_get(sts, (size_t)k), k,
                                       &r->job[nj + (size_t)k], &pol, t_max));
        x->fill_now = pol.now;
    }
    for (int k = 0; k < (int)ns; k++) {
        job_in *pk = &r->job[r->n_jobs + 2 * k];
        RD_TRY(rd_jr_parse_shipment(r, json_array_get(ss, (size_t)k), k, pk, pk + 1));
    }
    r->n_brk_first = r->n_job;
    if (r->n_brk > 0) { /* the breaks become the last tasks */
        job_in *q = realloc(r->job, ((size_t)r->n_job + (size_t)r->n_brk) * sizeof *q);
        if (!q) return rd_jr_nomem(r);
        r->job = q;
        memcpy(r->job + r->n_job, r->brk, (size_t)r->n_brk * sizeof *q);
        r->n_job += r->n_brk;
    }
    RD_TRY(rd_jr_add_reloads(r));
    return rd_jr_check_job_ids(r);
}

void rd_jr_reader_free(reader *r) {
    for (int k = 0; k < r->n_mat; k++) {
        free(r->mat[k].dur);
        free(r->mat[k].dist);
        free(r->mat[k].cost);
    }
    free(r->mat);
    free(r->veh);
    free(r->job);
    free(r->brk);
    free(r->fac);
    free(r->vfac);
    free(r->loc_bad);
    free(r->tws);
    free(r->sk);
    free(r->loc_xy);
    free(r->loc_owner);
    rd_geo_points_free(&r->pts);
}

void rd_json_locations_free(rd_json_locations *l) {
    if (!l) return;
    for (int i = 0; l->owner && i < l->n; i++) free(l->owner[i]);
    free(l->owner);
    free(l->lonlat);
    free(l->given);
    memset(l, 0, sizeof *l);
}

/* The first user of a location (reader.loc_owner) as messages name it. */
static char *owner_text(const reader *r, int o) {
    char b[96];
    if (o < 0) {
        snprintf(b, sizeof b, "vehicle %" PRId64 " (%s)", r->veh[(-1 - o) / 2].id,
                 (-1 - o) % 2 ? "end" : "start");
    } else {
        static const char *const kind[] = {"job", "shipment pickup", "shipment delivery", "break",
                                           "facility"};
        const job_in *j = &r->job[o];
        snprintf(b, sizeof b, "%s %" PRId64,
                 strncmp(j->path, "stations[", 9) ? kind[j->kind] : "station", j->id);
    }
    return strdup(b);
}

rd_status rd_json_read_locations(const char *text, size_t len, const char *source,
                                 rd_json_locations *out, rd_error *err) {
    memset(out, 0, sizeof *out);
    json_t *root;
    RD_TRY(rd_jr_parse_json(text, len, source, &root, err));
    reader r = {0};
    r.err = err;
    r.lim = rd_limits_or_default(NULL);
    r.have_matrices = 0; /* `matrices` ignored: the locations are the coordinates */
    rd_json_extras x;
    memset(&x, 0, sizeof x);
    rd_status st = rd_jr_parse_tasks(&r, root, &x);
    if (st == RD_OK) st = rd_jr_assign_locations(&r);
    const int n = r.n_locs;
    if (st == RD_OK) {
        out->lonlat = malloc((2 * (size_t)n + 1) * sizeof *out->lonlat);
        out->given = malloc((2 * (size_t)n + 1) * sizeof *out->given);
        out->owner = calloc((size_t)n + 1, sizeof *out->owner);
        if (!out->lonlat || !out->given || !out->owner) st = rd_jr_nomem(&r);
    }
    for (int i = 0; st == RD_OK && i < n; i++) {
        out->lonlat[2 * i] = r.pts.lon[i];
        out->lonlat[2 * i + 1] = r.pts.lat[i];
        out->given[2 * i] = r.loc_xy[2 * i];
        out->given[2 * i + 1] = r.loc_xy[2 * i + 1];
        out->n = i + 1;
        if (!(out->owner[i] = owner_text(&r, r.loc_owner[i]))) st = rd_jr_nomem(&r);
    }
    if (st == RD_ERR_INPUT && source) rd_err_prefix(err, "%s", source);
    rd_jr_reader_free(&r);
    rd_json_extras_free(&x);
    json_decref(root);
    if (st != RD_OK) rd_json_locations_free(out);
    return st;
}
