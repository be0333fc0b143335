/* router_ors: openrouteservice's API for io/router.c (see router_api.h).
 *   POST v2/matrix/{profile} {"locations": [[lon, lat], ...], "metrics": ["duration",
 *        "distance"], "sources": [..], "destinations": [..]} -> durations, distances
 *   POST v2/directions/{profile} {"coordinates": [[lon, lat], ...]}
 *        -> routes[0].geometry (precision 5)
 * Errors: {"error": {"code": N, "message": ...}} (or a string); 6004 (matrix) and
 * 2004 (directions): too many locations; 6010 names the "point K", 2010 the
 * "coordinate K" it cannot snap. */
#include "io/router_api.h"

static const char *const PROFILES[][2] = {
    {"car", "driving-car"}, {"bike", "cycling-regular"}, {"foot", "foot-walking"}, {NULL, NULL}};

/* [lon,lat], separated by ','. */
static void point(rd_rt_text *b, double lon, double lat, int k) {
    rd_rt_add(b, "%s[%.6f,%.6f]", k ? "," : "", lon, lat);
}

static void matrix_request(const rd_rt_fetch *f, const rd_rt_part *p, rd_rt_text *u,
                           rd_rt_text *b) {
    (void)u; /* the URL is the service\'s alone */
    rd_rt_add(b, "{\"locations\":[");
    rd_rt_add_block_points(b, f, p, point);
    rd_rt_add(b, "],\"metrics\":[\"duration\",\"distance\"]");
    rd_rt_add_block_indices(b, p, ",\"sources\":[", ",", "],\"destinations\":[", "]");
    rd_rt_add(b, "}");
}

static void route_request(const rd_rt_fetch *f, const rd_rt_part *p, rd_rt_text *u, rd_rt_text *b) {
    (void)u; /* the URL is the service\'s alone */
    rd_rt_add(b, "{\"coordinates\":[");
    rd_rt_add_points(b, f->lonlat, p->s0, p->ns, 0, point);
    rd_rt_add(b, "]}");
}

static int failed(const json_t *root) {
    return json_object_get(root, "error") != NULL;
}

static void error(const json_t *root, rd_rt_error *e) {
    const json_t *v = json_object_get(root, "error");
    if (json_is_string(v)) {
        e->msg = json_string_value(v);
    } else {
        e->num = (long)json_integer_value(json_object_get(v, "code"));
        e->msg = json_string_value(json_object_get(v, "message"));
    }
    /* matrix 6004, directions 2004: more locations than the server takes */
    e->too_big = e->num == 6004 || e->num == 2004;
    if (e->num == 6010 || e->num == 2010) { /* matrix "point K", directions "coordinate K" */
        e->unroutable = 1;
        e->at = rd_rt_index_after(e->msg, e->num == 6010 ? "point " : "coordinate ");
    }
}

const rd_router_api rd_router_ors_api = {
    .profiles = PROFILES,
    .matrix_service = "v2/matrix/%s",
    .route_service = "v2/directions/%s",
    .matrix_request = matrix_request,
    .route_request = route_request,
    .failed = failed,
    .error = error,
    .matrix_answer = rd_rt_durations_distances,
    .route_answer = rd_rt_first_route_geometry,
};
