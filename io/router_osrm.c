/* router_osrm: OSRM's HTTP API (osrm-routed) for io/router.c (see router_api.h).
 *   GET table/v1/{profile}/{lon,lat;...}?sources=..&destinations=..
 *       &annotations=duration,distance -> {"code": "Ok", "durations", "distances"}
 *   GET route/v1/{profile}/{lon,lat;...}?alternatives=false&steps=false&overview=full
 *       &geometries=polyline&continue_straight=false -> routes[0].geometry (precision 5)
 * Errors: {"code": ..., "message": ...}; TooBig: too many coordinates; NoSegment and
 * NoTable name the coordinate ("... for coordinate 3"). */
#include <string.h>

#include "io/router_api.h"

/* "lon,lat", separated by ';' and after a '/' at the start of the list. */
static void point(rd_rt_text *u, double lon, double lat, int k) {
    rd_rt_add(u, "%s%.6f,%.6f", k ? ";" : "/", lon, lat);
}

static void matrix_request(const rd_rt_fetch *f, const rd_rt_part *p, rd_rt_text *u,
                           rd_rt_text *b) {
    (void)b;
    rd_rt_add_block_points(u, f, p, point);
    rd_rt_add(u, "?");
    rd_rt_add_block_indices(u, p, "sources=", ";", "&destinations=", "&");
    rd_rt_add(u, "annotations=duration,distance");
}

static void route_request(const rd_rt_fetch *f, const rd_rt_part *p, rd_rt_text *u, rd_rt_text *b) {
    (void)b;
    rd_rt_add_points(u, f->lonlat, p->s0, p->ns, 0, point);
    /* continue_straight=false: a U-turn at a stop is allowed, as in the table's
     * durations (VROOM asks the same) */
    rd_rt_add(u, "?alternatives=false&steps=false&overview=full&geometries=polyline"
                 "&continue_straight=false");
}

static int failed(const json_t *root) {
    const char *code = json_string_value(json_object_get(root, "code"));
    return !code || strcmp(code, "Ok");
}

static void error(const json_t *root, rd_rt_error *e) {
    e->code = json_string_value(json_object_get(root, "code"));
    e->msg = json_string_value(json_object_get(root, "message"));
    e->too_big = e->code && !strcmp(e->code, "TooBig");
    if (e->code && (!strcmp(e->code, "NoSegment") || !strcmp(e->code, "NoTable"))) {
        e->unroutable = 1;
        e->at = rd_rt_index_after(e->msg, "coordinate ");
    }
}

const rd_router_api rd_router_osrm_api = {
    .profiles = NULL, /* VROOM's names are OSRM's */
    .matrix_service = "table/v1/%s",
    .route_service = "route/v1/%s",
    .matrix_request = matrix_request,
    .route_request = route_request,
    .failed = failed,
    .error = error,
    .matrix_answer = rd_rt_durations_distances,
    .route_answer = rd_rt_first_route_geometry,
};
