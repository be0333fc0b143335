#include "io/json_reader.h"

#include <math.h>

#include "io/file.h"

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
    return st == RD_OK ? RD_OK : rd_jr_nomem(r);
}

/* Locations: the smallest matrix among the profiles in use, into *n; every
 * vehicle's start and end within its profile's matrix, every task within n. */
static rd_status check_indices(reader *r, int *n) {
    *n = INT32_MAX;
    for (int k = 0; k < r->n_mat; k++)
        if (r->mat[k].n < *n) *n = r->mat[k].n;
    for (int k = 0; k < r->n_veh; k++) {
        const veh_in *v = &r->veh[k];
        int sz = rd_jr_mat_of(r, v->profile)->n;
        char p[64];
        snprintf(p, sizeof p, "vehicles[%d]", k);
        if (v->start >= sz)
            return rd_jr_bad(r, p, "start_index: %d is out of range (matrix size %d)", v->start,
                             sz);
        if (v->end >= sz)
            return rd_jr_bad(r, p, "end_index: %d is out of range (matrix size %d)", v->end, sz);
    }
    for (int k = 0; k < r->n_job; k++)
        if (r->job[k].loc >= *n)
            return rd_jr_bad(r, r->job[k].path,
                             "location_index: %d is out of range (matrix size %d)", r->job[k].loc,
                             *n);
    return RD_OK;
}

/* Every model leg (travel time, cost) stays below 2^62 / (n + 2), so that
 * no sum over a route overflows int64 (per_hour × 100 / speed_factor ×
 * a duration cell can exceed it although each is below 2^32). */
static rd_status check_legs(reader *r, int n, const rd_model *m) {
    const double leg_max = 4.6e18 / ((double)n + 2);
    for (int q = 0; q < r->n_prof; q++) {
        const prof_in *pf = &r->prof[q];
        const mat_in *mt = rd_jr_mat_of(r, pf->name);
        int64_t dmax = 0, mmax = 0, cmax = 0;
        if (m) { /* on demand: bounds of the travel and distance */
            dmax = rd_matrix_max(&m->durations[q]) / (pf->dur_factor > 0 ? pf->dur_factor : 1);
            mmax = rd_matrix_max(&m->distances[q]);
        }
        for (int i = 0; !m && i < n; i++)
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
            return rd_jr_bad(r, "matrices",
                             "profile \"%s\" with per_hour %" PRId64 ", per_km %" PRId64
                             " and speed_factor %g: a leg of the matrices would cost %.3g model "
                             "units, over %.3g (%d locations)",
                             pf->name, pf->per_hour, pf->per_km, pf->speed, cost > dur ? cost : dur,
                             leg_max, n);
    }
    return RD_OK;
}

/* The model's travel matrices (three per profile) within --max-matrix-bytes. */
static rd_status check_matrix_bytes(reader *r, int n) {
    if (r->on_demand) return RD_OK;
    int64_t bytes = rd_limits_matrix_bytes(n, 3 * (int64_t)r->n_prof);
    if (bytes > r->lim->max_matrix_bytes)
        return rd_jr_bad(r, "matrices",
                         "%d locations and %d vehicle profiles need %" PRId64
                         " bytes of travel matrices, over the limit of %" PRId64
                         " (--max-matrix-bytes)",
                         n, r->n_prof, bytes, r->lim->max_matrix_bytes);
    return RD_OK;
}

/* Each profile's durations, distances and costs in model units, from the first
 * n rows and columns of its matrices. */
static void copy_matrices(const reader *r, rd_model *m, int n) {
    for (int q = 0; q < r->n_prof; q++) {
        const prof_in *pf = &r->prof[q];
        const mat_in *mt = rd_jr_mat_of(r, pf->name);
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
}

/* Each profile's travel computed on demand from the locations' coordinates
 * (r->on_demand): the formulas of copy_matrices over rd_geo_matrix's
 * arithmetic (rd_model_travel_lengths). */
static rd_status travel_on_demand(reader *r, rd_model *m) {
    rd_len_profile *lp = calloc((size_t)r->n_prof, sizeof *lp);
    if (!lp) return rd_jr_nomem(r);
    rd_status st = RD_OK;
    for (int q = 0; q < r->n_prof && st == RD_OK; q++) {
        const prof_in *pf = &r->prof[q];
        st = rd_jr_profile_per_m(r, pf->name, &lp[q].per_m);
        lp[q].dur_factor = pf->dur_factor;
        lp[q].dur_cost = pf->dur_cost_factor;
        lp[q].dist_cost = 360 * pf->per_km;
    }
    rd_lengths *len = st == RD_OK ? rd_geo_lengths(&r->pts) : NULL;
    if (st == RD_OK && (!len || rd_model_travel_lengths(m, len, lp) != RD_OK)) st = rd_jr_nomem(r);
    free(lp);
    return st;
}

/* Break t's max_load, in a table made at the first break that has one
 * (RD_INF for the other tasks). */
static rd_status break_max_load(reader *r, rd_model *m, int t, int nd) {
    const job_in *j = &r->job[t];
    if (!j->has_maxl) return RD_OK;
    if (!m->task_max_load) {
        size_t sz = (size_t)r->n_job * (size_t)nd;
        m->task_max_load = malloc(sz * sizeof *m->task_max_load);
        if (!m->task_max_load) return rd_jr_nomem(r);
        for (size_t i = 0; i < sz; i++) m->task_max_load[i] = RD_INF;
    }
    for (int d = 0; d < r->amount_size; d++) m->task_max_load[(size_t)t * nd + d] = j->maxl[d];
    return RD_OK;
}

/* The tasks in model units: kind, pair, owner, prize, times, amounts; a task
 * at a location the routing server could not route is unroutable, and so is
 * the other half of its shipment. */
static rd_status copy_tasks(reader *r, rd_model *m, int nd) {
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
            if (!m->task_unroutable && !(m->task_unroutable = calloc((size_t)r->n_job, 1)))
                return rd_jr_nomem(r);
            m->task_unroutable[t] = 1; /* a shipment: both halves (below) */
        }
        if (j->kind == RD_TASK_BREAK) {
            m->task_owner[t] = j->owner;
            RD_TRY(break_max_load(r, m, t, nd));
        }
        m->task_setup[t] = j->setup * RD_JSON_TIME_SCALE;
        m->task_service[t] = j->service * RD_JSON_TIME_SCALE;
        m->task_priority[t] = j->priority;
        for (int d = 0; d < r->amount_size; d++) {
            m->task_delivery[(size_t)t * nd + d] = j->del[d];
            m->task_pickup[(size_t)t * nd + d] = j->pick[d];
        }
    }
    for (int t = 0; m->task_unroutable && t < r->n_job; t++) /* a shipment goes whole */
        if (m->task_unroutable[t] && m->task_pair[t] >= 0) m->task_unroutable[m->task_pair[t]] = 1;
    return RD_OK;
}

/* The tasks' time windows in model units, in task order; has_tw when one of
 * them is narrower than VROOM's default [0, 2^32 - 1]. */
static void copy_windows(const reader *r, rd_model *m) {
    int w = 0;
    for (int t = 0; t < r->n_job; t++) {
        const job_in *j = &r->job[t];
        m->task_tw_first[t] = w;
        for (int k = 0; k < j->tw_n; k++, w++) {
            m->tw_start[w] = r->tws[2 * (j->tw_first + k)] * RD_JSON_TIME_SCALE;
            m->tw_end[w] = r->tws[2 * (j->tw_first + k) + 1] * RD_JSON_TIME_SCALE;
            if (m->tw_start[w] > 0 || m->tw_end[w] < U32_MAX_S * RD_JSON_TIME_SCALE) m->has_tw = 1;
        }
    }
    m->task_tw_first[r->n_job] = w;
    m->n_tw = w;
}

/* The vehicles in model units, one vehicle type of count 1 each, in input
 * order; shift capacities in a table made at the first vehicle that has one. */
static rd_status copy_vehicles(reader *r, rd_model *m, int nd) {
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
                if (!m->veh_shift_cap) return rd_jr_nomem(r);
                for (size_t i = 0; i < (size_t)r->n_veh * (size_t)nd; i++)
                    m->veh_shift_cap[i] = RD_INF;
            }
            for (int d = 0; d < r->amount_size; d++)
                m->veh_shift_cap[(size_t)k * nd + d] = v->shift[d];
        }
    }
    return RD_OK;
}

/* Extras for the writer: what the model does not carry (descriptions,
 * profiles, costs as given, coordinates). Returns 0 when an allocation failed;
 * x then holds what was allocated (rd_json_extras_free). */
static int fill_extras(const reader *r, rd_json_extras *x, int n) {
    int ok = 1;
    x->amount_size = r->amount_size;
    x->vrptw = r->vrptw;
    for (int t = 0; t < r->n_job; t++) x->prizes |= r->job[t].has_prize;
    x->report_distances = r->on_demand;
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
        x->veh_costs_matrix[k] = rd_jr_mat_of(r, v->profile)->cost != NULL;
        for (int e = 0; e < 2; e++) {
            x->veh_has_coords[2 * k + e] = v->has_xy[e];
            x->veh_coords[4 * k + 2 * e] = v->xy[e][0];
            x->veh_coords[4 * k + 2 * e + 1] = v->xy[e][1];
        }
    }
    return ok;
}

/* Adds location l (< 0: none) to the plane's mean latitude; 0 when it is
 * used without coordinates (then there is no plane). */
static int plane_use(const reader *r, int l, double *lat_sum, int *used) {
    if (l < 0) return 1;
    if (r->loc_owner[l] == INT32_MIN) return 0;
    *lat_sum += r->pts.y[l];
    ++*used;
    return 1;
}

/* The model's plane (m->x, m->y), which the search's polar sectors (SWAP*)
 * and the cluster's regions measure angles and centres in, when every
 * location a task or a vehicle uses has coordinates: planar metres of a
 * projected CRS, else longitude times the cosine of the mean latitude, and
 * latitude (degrees); 0 at the other locations. Returns 0 on allocation
 * failure. */
static int set_plane(const reader *r, rd_model *m, int n) {
    if (n <= 0 || r->pts.n < n || !r->loc_owner) return 1;
    double lat0 = 0;
    int used = 0, ok = 1;
    for (int t = 0; t < m->n_tasks && ok; t++) ok = plane_use(r, m->task_loc[t], &lat0, &used);
    for (int v = 0; v < m->n_vehicles && ok; v++)
        ok = plane_use(r, m->vehicles[v].start_loc, &lat0, &used) &&
             plane_use(r, m->vehicles[v].end_loc, &lat0, &used);
    if (!ok || used == 0) return 1;
    const double kx = r->pts.planar ? 1.0 : cos(lat0 / used * 3.14159265358979323846 / 180.0);
    m->x = malloc((size_t)n * sizeof *m->x);
    m->y = malloc((size_t)n * sizeof *m->y);
    if (!m->x || !m->y) return 0;
    for (int l = 0; l < n; l++) {
        const int has = r->loc_owner[l] != INT32_MIN;
        m->x[l] = has ? r->pts.x[l] * kx : 0;
        m->y[l] = has ? r->pts.y[l] : 0;
    }
    return 1;
}

/* The model from what was read (checked against the matrices' sizes first),
 * validated, and the writer's extras. */
static rd_status build(reader *r, rd_model **out, rd_json_extras *x) {
    int n;
    RD_TRY(check_indices(r, &n));
    if (!r->on_demand) RD_TRY(check_legs(r, n, NULL));
    RD_TRY(check_matrix_bytes(r, n));
    int nd = r->amount_size > 0 ? r->amount_size : 1;
    int n_tw = 0; /* (reload copies repeat their facility's windows) */
    for (int t = 0; t < r->n_job; t++) n_tw += r->job[t].tw_n;
    rd_model *m = rd_model_alloc_ex(n, r->n_prof, r->n_job, n_tw, r->n_veh, nd, !r->on_demand);
    if (!m) return rd_jr_nomem(r);
    snprintf(m->name, sizeof m->name, "json");
    m->round = RD_ROUND_NONE;
    m->scale = 1;
    rd_status st = r->on_demand ? travel_on_demand(r, m) : RD_OK;
    if (st == RD_OK && r->on_demand) st = check_legs(r, n, m);
    if (!r->on_demand) copy_matrices(r, m, n);
    if (st == RD_OK) st = copy_tasks(r, m, nd);
    if (st == RD_OK) {
        copy_windows(r, m);
        st = copy_vehicles(r, m, nd);
    }
    if (st == RD_OK) {
        m->n_facilities = r->n_fac;
        st = set_skills(r, m);
    }
    if (st == RD_OK && (st = rd_model_index_breaks(m)) != RD_OK) st = rd_jr_nomem(r);
    if (st == RD_OK) st = rd_model_validate(m, r->err);
    if (st == RD_OK && !fill_extras(r, x, n)) st = rd_jr_nomem(r);
    if (st == RD_OK && !set_plane(r, m, n)) st = rd_jr_nomem(r);
    if (st != RD_OK) {
        rd_model_destroy(m);
        return st;
    }
    *out = m;
    return RD_OK;
}

static rd_status parse_root(reader *r, const json_t *root, rd_model **out, rd_json_extras *x) {
    r->have_matrices = json_object_get(root, "matrices") || json_object_get(root, "matrix");
    RD_TRY(rd_jr_parse_tasks(r, root, x)); /* io/json_locs.c */
    RD_TRY(rd_jr_parse_steps(r, json_object_get(root, "vehicles")));
    if (r->have_matrices) {
        RD_TRY(rd_jr_parse_matrices(r, root));
        RD_TRY(rd_jr_convert_given_coords(r));
    } else {
        RD_TRY(rd_jr_assign_locations(r));
        RD_TRY(rd_jr_coordinate_matrices(r));
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
rd_status rd_jr_read_text(const char *text, size_t len, const char *source, const rd_limits *lim,
                          rd_model **out, rd_json_extras *extras, rd_json_plan *plan, int plan_mode,
                          const rd_router_cfg *router, char **id, rd_error *err) {
    *out = NULL;
    memset(extras, 0, sizeof *extras);
    if (plan) memset(plan, 0, sizeof *plan);
    if (id) *id = NULL;
    json_t *root;
    RD_TRY(rd_jr_parse_json(text, len, source, &root, err));
    reader r = {0};
    r.err = err;
    r.plan = plan;
    r.plan_mode = plan_mode;
    r.router = router;
    r.lim = rd_limits_or_default(lim);
    rd_status st = id ? read_id(root, id, err) : RD_OK;
    if (st == RD_OK) st = parse_root(&r, root, out, extras);
    rd_jr_reader_free(&r);
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
    return rd_jr_read_text(text, len, source, NULL, out, extras, NULL, 0, NULL, NULL, err);
}

rd_status rd_json_read_request(const char *text, size_t len, const char *source, rd_model **out,
                               rd_json_extras *extras, char **id, rd_error *err) {
    return rd_jr_read_text(text, len, source, NULL, out, extras, NULL, 0, NULL, id, err);
}

rd_status rd_json_read_initial(const char *text, size_t len, const char *source, rd_model **out,
                               rd_json_extras *extras, rd_json_plan *initial, char **id,
                               rd_error *err) {
    return rd_jr_read_text(text, len, source, NULL, out, extras, initial, 0, NULL, id, err);
}

rd_status rd_json_read_ex(const char *text, size_t len, const char *source,
                          const rd_json_read_opts *o, rd_model **out, rd_json_extras *extras,
                          rd_json_plan *steps, char **id, rd_error *err) {
    return rd_jr_read_text(text, len, source, o->lim, out, extras, steps, o->plan_mode, o->router,
                           id, err);
}

rd_status rd_json_read_file(const char *path, rd_model **out, rd_json_extras *extras,
                            rd_error *err) {
    *out = NULL;
    memset(extras, 0, sizeof *extras);
    char *buf;
    size_t len;
    RD_TRY(rd_file_read(path, MAX_FILE_SIZE, &buf, &len, err));
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
