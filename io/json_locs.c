#include "io/json_reader.h"

const mat_in *rd_jr_mat_of(const reader *r, const char *name) {
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
        return rd_jr_bad(r, p,
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
rd_status rd_jr_coordinate_matrices(reader *r) {
    const size_t n = (size_t)r->n_locs;
    r->mat = calloc((size_t)r->n_prof, sizeof *r->mat);
    if (!r->mat) return rd_jr_nomem(r);
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
