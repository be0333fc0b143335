/* map: a plan drawn for people, as GeoJSON (for a GIS or a web map) and as a
 * self-contained SVG (to look at tonight's routes without one).
 *
 * A map is built from a JSON answer (rd_map_from_answer: the figures are the
 * answer's own, so the map never disagrees with it) or from a benchmark
 * solution (rd_map_from_solution: .vrp/.txt with planar coordinates, SVG
 * only), then written by rd_map_write_geojson / rd_map_write_svg.
 *
 * GeoJSON (RFC 7946): a FeatureCollection with a `summary` member (cost,
 * routes, unassigned); one LineString per route (properties: kind "route",
 * vehicle, cost, distance when known, stops) along its road path when the
 * answer has one (rd_map_coords.road_paths: the routes' `geometry` from a
 * routing server, -g), else through its located steps in order; one Point
 * per located step (kind "stop": vehicle, type start / job /
 * pickup / delivery / end, id (tasks), sequence, arrival, load); one Point per
 * unassigned task (kind "unassigned": type, id, reason). Coordinates are WGS84
 * [lon, lat], also when the input had a projected `crs`.
 *
 * SVG: one <path> per route (one colour per route, a 10-colour palette
 * repeated; along the road path when the map has one), a circle per served
 * stop, a black square per depot (start / end location), a red cross per
 * unassigned task, <title> tooltips, and a legend under the map: total cost,
 * number of routes and of unassigned tasks, and a
 * line per route (vehicle, cost, distance, stops). The drawing plane is
 * rd_map.planar's: projected metres (a JSON input's projected `crs`) or a
 * benchmark's units are drawn to scale; longitude / latitude with longitudes
 * scaled by cos(mean latitude). A map with road paths is drawn in longitude /
 * latitude also for a projected `crs` (the paths are WGS84; at a city's
 * scale the two pictures are the same). No other element is a <path>.
 *
 * Ownership: an rd_map owns everything in it (rd_map_free). Thread-safe: no
 * state beyond the arguments. */
#ifndef RD_MAP_H
#define RD_MAP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/model.h"
#include "model/solution.h"
#include "model/status.h"

/* One stop of a route, or an unassigned task. */
typedef struct rd_map_stop {
    double lon, lat; /* WGS84 degrees (geographic maps) */
    double x, y;     /* drawing plane: projected metres, lon/lat, or instance units */
    char type[16];   /* start, job, pickup, delivery, end */
    int64_t id;      /* task id (start/end: the vehicle's id) */
    double arrival;  /* seconds (JSON) or instance time units */
    int n_load;      /* entries of load */
    int64_t load[RD_MAX_DIMS];
    char *reason; /* unassigned only: why (owned), else NULL */
    int step;     /* rd_map_from_answer: its index in the route's `steps` (unassigned: in
                     `unassigned`); rd_map_from_solution: its index in the route */
} rd_map_stop;

typedef struct rd_map_route {
    int64_t vehicle;    /* vehicle id */
    double cost;        /* the route's cost as the answer reports it */
    double distance;    /* metres / instance units, or -1 when unknown */
    int n_stops;        /* located steps (breaks have none) */
    rd_map_stop *stops; /* [n_stops], owned */
    int n_path;         /* points of the road path, 0: none (straight between the stops) */
    double *path;       /* [2 n_path] WGS84 lon, lat, owned, or NULL */
} rd_map_route;

typedef struct rd_map {
    int geographic; /* lon/lat hold WGS84 coordinates (GeoJSON possible) */
    int planar;     /* x, y are to scale (projected metres, a benchmark's units); else
                     * they are lon, lat (drawn with longitudes scaled by cos(latitude)) */
    double cost;    /* total cost */
    int n_routes;
    rd_map_route *routes; /* owned */
    int n_unassigned;
    rd_map_stop *unassigned; /* owned */
} rd_map;

/* Where each location index of a JSON input is (see rd_json_extras). */
typedef struct rd_map_coords {
    int n;                    /* locations */
    const unsigned char *has; /* [n] nonzero: the location has coordinates */
    const double *lonlat;     /* [2n] WGS84 lon, lat */
    const double *xy;         /* [2n] drawing plane (planar: metres; else lon, lat) */
    int planar;               /* xy are metres of a projected CRS */
    int road_paths;           /* the routes' `geometry` (precision 5) is their road path from
                               * a routing server: the maps follow it */
} rd_map_coords;

/* Builds *out (zeroed first; rd_map_free it, also after a failure) from
 * VROOM's JSON answer text[0..len) and the coordinates of its locations.
 * RD_ERR_INPUT "location N has no coordinates" when a step or unassigned task
 * sits at a location without coordinates; RD_ERR_INTERNAL when the text is not
 * an answer with code 0 or, with c->road_paths, a route's `geometry` is not an
 * encoded polyline; RD_ERR_NOMEM. */
rd_status rd_map_from_answer(const char *text, size_t len, const rd_map_coords *c, rd_map *out,
                             rd_error *err);

/* Builds *out from a benchmark model with coordinates (m->x, m->y) and its
 * solution: route costs and arrivals from rd_eval_route_steps in instance
 * units, not geographic. RD_ERR_INPUT when the model has no coordinates. */
rd_status rd_map_from_solution(const rd_model *m, const rd_solution *s, rd_map *out, rd_error *err);

/* Frees what `m` owns and zeroes it. Accepts NULL. */
void rd_map_free(rd_map *m);

/* Writes the GeoJSON FeatureCollection. RD_ERR_INPUT when the map is not
 * geographic, RD_ERR_INTERNAL when writing fails, RD_ERR_NOMEM. */
rd_status rd_map_write_geojson(FILE *f, const rd_map *m, rd_error *err);

/* Writes the SVG document. RD_ERR_INTERNAL when writing fails. */
rd_status rd_map_write_svg(FILE *f, const rd_map *m, rd_error *err);

/* The drawing of a map in a picture: plane coordinates to pixels. */
typedef struct rd_map_frame {
    double x0, y1, kx, scale; /* kx: longitude shrink (cos of mean latitude) */
    double margin;            /* px around the drawing */
    double height;            /* of the drawing with its margins, px */
} rd_map_frame;

/* The frame that fits everything of `m` (stops, road paths, unassigned
 * tasks) into `width` px with `margin` px around it, north up, to scale. */
void rd_map_frame_fit(const rd_map *m, double width, double margin, rd_map_frame *fr);

/* A plane point's pixel coordinates in frame `fr`. */
double rd_map_frame_x(const rd_map_frame *fr, double x);
double rd_map_frame_y(const rd_map_frame *fr, double y);

/* The points of route mr's line in the drawing plane: its road path when it
 * has one, else its stops. */
int rd_map_line_len(const rd_map_route *mr);
void rd_map_line_point(const rd_map_route *mr, int k, double *x, double *y);

/* Writes s with XML's (and HTML's) five special characters escaped. */
void rd_map_xml_text(FILE *f, const char *s);

#endif
