/* router_valhalla: Valhalla's API for io/router.c (see router_api.h).
 *   POST sources_to_targets {"sources": [{"lon", "lat"}], "targets": [..], "costing": ..}
 *        -> sources_to_targets[i][j] {time (s), distance (km)}, or with "verbose":
 *           false {"sources_to_targets": {"durations": [[s]], "distances": [[km]]}}
 *   POST route {"locations": [{"lon", "lat"}], "costing": .., "directions_options":
 *        {"directions_type": "none"}} -> trip.legs[k].shape (precision 6, one per
 *        leg, each starting where the previous one ended), trip.status 0
 * Errors: {"error_code": N, "error": ...}; 150: more locations than the server takes;
 * 170, 171: a location without a road near it (which one is not said). */
#include <stdio.h>

#include "io/router_api.h"

static const char *const PROFILES[][2] = {
    {"car", "auto"}, {"bike", "bicycle"}, {"foot", "pedestrian"}, {NULL, NULL}};

/* {"lon":..,"lat":..}, separated by ','. */
static void point(rd_rt_text *b, double lon, double lat, int k) {
    rd_rt_add(b, "%s{\"lon\":%.6f,\"lat\":%.6f}", k ? "," : "", lon, lat);
}

/* Closes the list of points, appends "costing" and the profile, then `tail`. */
static void costing(const rd_rt_fetch *f, rd_rt_text *b, const char *tail) {
    rd_rt_add(b, "],\"costing\":");
    rd_rt_add_json_string(b, f->api_profile);
    rd_rt_add(b, "%s", tail);
}

static void matrix_request(const rd_rt_fetch *f, const rd_rt_part *p, rd_rt_text *u,
                           rd_rt_text *b) {
    (void)u; /* the URL is the service\'s alone */
    rd_rt_add(b, "{\"sources\":[");
    rd_rt_add_points(b, f->lonlat, p->s0, p->ns, 0, point);
    rd_rt_add(b, "],\"targets\":[");
    rd_rt_add_points(b, f->lonlat, p->d0, p->nd, 0, point);
    costing(f, b, "}");
}

static void route_request(const rd_rt_fetch *f, const rd_rt_part *p, rd_rt_text *u, rd_rt_text *b) {
    (void)u; /* the URL is the service\'s alone */
    rd_rt_add(b, "{\"locations\":[");
    rd_rt_add_points(b, f->lonlat, p->s0, p->ns, 0, point);
    costing(f, b, ",\"directions_options\":{\"directions_type\":\"none\"}}");
}

static int failed(const json_t *root) {
    return json_object_get(root, "error_code") != NULL;
}

static void error(const json_t *root, rd_rt_error *e) {
    e->num = (long)json_integer_value(json_object_get(root, "error_code"));
    e->msg = json_string_value(json_object_get(root, "error"));
    e->too_big = e->num == 150; /* "Exceeded max locations" */
    e->unroutable = e->num == 170 || e->num == 171;
}

/* A verbose cell {time (s), distance (km)}: a null in either makes it null. */
static int verbose_cell(void *ctx, const json_t *c, int64_t at) {
    rd_rt_fetch *f = ctx;
    int64_t t, d;
    if (!json_is_object(c) || rd_rt_cell(json_object_get(c, "time"), 1.0, &t) ||
        rd_rt_cell(json_object_get(c, "distance"), 1000.0, &d))
        return -1;
    if (t < 0 || d < 0) t = d = -1;
    f->dur[at] = t;
    f->dist[at] = d;
    return 0;
}

static rd_status matrix_answer(rd_rt_fetch *f, rd_rt_part *p, const json_t *root) {
    const json_t *a = json_object_get(root, "sources_to_targets");
    if (json_is_object(a)) /* "verbose": false: {durations: [[s]], distances: [[km]]} */
        return rd_rt_matrix_pair(f, p, a, 1000.0, "sources_to_targets.durations and .distances");
    if (rd_rt_each_cell(f, p, a, verbose_cell, f))
        return rd_rt_bad_answer(
            f, p, "expected sources_to_targets as %d rows of %d {time, distance}", p->ns, p->nd);
    return RD_OK;
}

/* trip.legs[k].shape (precision 6) joined without their repeated joint point. */
static rd_status route_answer(rd_rt_fetch *f, rd_rt_part *p, const json_t *root) {
    const json_t *trip = json_object_get(root, "trip");
    const json_t *status = json_object_get(trip, "status");
    if (json_is_integer(status) && json_integer_value(status) != 0) {
        const char *m = json_string_value(json_object_get(trip, "status_message"));
        return rd_rt_bad_answer(f, p, "trip status %" JSON_INTEGER_FORMAT ": %s",
                                json_integer_value(status), m ? m : "(no message)");
    }
    const json_t *legs = json_object_get(trip, "legs");
    if (!json_is_array(legs) || json_array_size(legs) == 0)
        return rd_rt_bad_answer(f, p, "expected trip.legs");
    for (size_t k = 0; k < json_array_size(legs); k++) {
        char what[48];
        snprintf(what, sizeof what, "trip.legs[%zu].shape", k);
        RD_TRY(rd_rt_append_polyline(f, p, json_object_get(json_array_get(legs, k), "shape"), 6,
                                     what));
    }
    return RD_OK;
}

const rd_router_api rd_router_valhalla_api = {
    .profiles = PROFILES,
    .matrix_service = "sources_to_targets",
    .route_service = "route",
    .matrix_request = matrix_request,
    .route_request = route_request,
    .failed = failed,
    .error = error,
    .matrix_answer = matrix_answer,
    .route_answer = route_answer,
};
