/* geo: travel distances and times from coordinates, offline, with PROJ.
 *
 * Points are [lon, lat] on WGS84 (degrees) by default, or [x, y] in a CRS
 * named by PROJ ("EPSG:25832", ...). rd_geo_points_make() checks and converts
 * them once:
 *  - WGS84 (crs NULL) or a geographic 2D CRS: distances are geodesics on the
 *    WGS84 ellipsoid (PROJ's geodesic API, Karney's algorithm, accurate to a
 *    few nanometres); a geographic CRS other than WGS84 is transformed to
 *    WGS84 first, its points given as [lon, lat] whatever the CRS's axis order;
 *  - a projected CRS: distances are Euclidean on the plane, in metres (the
 *    CRS's linear unit converted to metres).
 * Every point must lie within the CRS's area of use when PROJ gives one
 * (WGS84: lon in [-180, 180], lat in [-90, 90]).
 *
 * rd_geo_matrix() then fills n × n int64 matrices: distance = round(d)
 * metres, duration = round(d × detour / speed) seconds (round half up, as
 * VROOM rounds a routing server's figures), d the geodesic or planar distance.
 *
 * Thread safety: no global state; each rd_geo_points_make() call creates and
 * destroys its own PJ_CONTEXT, so calls may run in parallel threads. */
#ifndef RD_GEO_H
#define RD_GEO_H

#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "model/status.h"

#define RD_GEO_DEFAULT_DETOUR 1.3 /* road distance / geodesic distance, all profiles */

/* Converted points. Arrays are owned by the struct (rd_geo_points_free). */
typedef struct rd_geo_points {
    int n;
    int planar;        /* nonzero: x, y are metres in a projected CRS (Euclidean distances) */
    double *x, *y;     /* [n] planar: metres (east, north); else WGS84 lon, lat in degrees */
    double *lon, *lat; /* [n] WGS84 lon, lat in degrees of every point (geometry, GeoJSON) */
} rd_geo_points;

/* Checks and converts the n points xy[2i], xy[2i+1] given in `crs` (NULL:
 * WGS84 [lon, lat]) into *out (zeroed first; free with rd_geo_points_free,
 * also after a failure). Errors (RD_ERR_INPUT), with *bad set to the point at
 * fault or -1 for the CRS itself, and a message without a path, for the
 * caller to prefix ("crs: ...", "jobs[3].location: ..."):
 *   - unknown CRS "EPSG:0": `unknown CRS "EPSG:0" (PROJ: ...)`;
 *   - a CRS that is neither projected nor geographic 2D;
 *   - a non-finite coordinate, lon outside [-180, 180] or lat outside
 *     [-90, 90], a point that PROJ cannot transform, or outside the CRS's
 *     area of use (the message quotes the area's name and bounds).
 * RD_ERR_NOMEM when memory runs out. */
rd_status rd_geo_points_make(const char *crs, const double *xy, int n, rd_geo_points *out, int *bad,
                             rd_error *err);

/* Frees what `p` owns and zeroes it. Accepts NULL. */
void rd_geo_points_free(rd_geo_points *p);

/* Distance between points i and j of `p` in metres (geodesic or planar). */
double rd_geo_distance(const rd_geo_points *p, int i, int j);

/* Fills dist[i*n + j] = round(d_ij) (metres) and dur[i*n + j] = round(d_ij ×
 * detour / speed) (seconds) for the p->n points; either output may be NULL.
 * speed in m/s (> 0), detour >= 1. O(n²) distance evaluations (symmetric:
 * each pair is computed once), rows spread over OpenMP threads from n = 256
 * on (the result does not depend on the thread count). RD_ERR_INPUT when
 * speed or detour is out of range. */
rd_status rd_geo_matrix(const rd_geo_points *p, double speed, double detour, int64_t *dist,
                        int64_t *dur, rd_error *err);

/* The lengths of rd_geo_matrix, bit for bit, computed on demand: a source
 * for rd_model_travel_lengths over a copy of p's points (malloc'd, with its
 * ctx; the model takes both). length(ctx, i, j) for i < j is the distance
 * rd_geo_matrix rounds for cell (i, j), safe from several threads. NULL when
 * memory runs out. */
rd_lengths *rd_geo_lengths(const rd_geo_points *p);

/* Geodesic distance on the WGS84 ellipsoid between (lon1, lat1) and (lon2,
 * lat2), degrees, in metres. */
double rd_geo_geodesic(double lon1, double lat1, double lon2, double lat2);

/* Great-circle distance (haversine) on a sphere of radius 6,371,008.8 m (the
 * IUGG mean Earth radius), in metres: for comparison with rd_geo_geodesic. */
double rd_geo_haversine(double lon1, double lat1, double lon2, double lat2);

/* Default speed in m/s of a routing profile, or 0 when the profile has none:
 * car 8.3 (about 30 km/h, urban driving), van 7.5, truck 6.9, bike 4.2, foot
 * 1.4; the profile names of OSRM, Valhalla and openrouteservice map to these
 * (auto, driving-car: car; driving-hgv: truck; bicycle, cycling-regular:
 * bike; pedestrian, walking, foot-walking: foot). */
double rd_geo_default_speed(const char *profile);

/* Google's encoded polyline of the n points (lat[i], lon[i]), degrees, at
 * `precision` decimal digits (5 as VROOM and OSRM): a malloc'd string
 * (owned by the caller), or NULL when memory runs out. */
char *rd_geo_polyline(const double *lat, const double *lon, int n, int precision);

/* Decodes the encoded polyline s[0..len) (Google's algorithm) at `precision`
 * decimal digits (0..10: 5 for OSRM and openrouteservice, 6 for Valhalla)
 * into *n points (*lat)[i], (*lon)[i] in degrees. The two arrays are
 * malloc'd and owned by the caller (free both; they are non-NULL on success,
 * also for an empty string, and NULL after a failure). RD_ERR_INPUT when the
 * text is malformed: a byte outside '?'..'~', a value cut short (its last
 * byte has the continuation bit), a value wider than 64 bits or beyond
 * 4e15 units (no coordinate comes near), or a latitude without its longitude
 * (the message gives the value's byte offset); RD_ERR_NOMEM. O(len). */
rd_status rd_geo_polyline_decode(const char *s, size_t len, int precision, double **lat,
                                 double **lon, int *n, rd_error *err);

#endif
