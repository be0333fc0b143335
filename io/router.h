/* router: travel-time matrices and route geometry from routing servers over HTTP
 * (libcurl).
 *
 * Three APIs, request and response formats as each project documents them (one
 * file each: io/router_osrm.c, io/router_valhalla.c, io/router_ors.c, behind
 * io/router_api.h; the transport is io/http.c):
 *   OSRM         GET  /table/v1/{profile}/{lon,lat;...}?sources=..&destinations=..
 *                     &annotations=duration,distance   -> durations (s), distances (m)
 *                GET  /route/v1/{profile}/{lon,lat;...}?overview=full&geometries=polyline
 *                     (also alternatives=false, steps=false, continue_straight=false)
 *                     -> routes[0].geometry (encoded polyline, precision 5)
 *   Valhalla     POST /sources_to_targets  {"sources":[{"lon","lat"}],"targets":[..],
 *                     "costing":..}   -> sources_to_targets[i][j] {time (s), distance (km)}
 *                POST /route  {"locations":[{"lon","lat"}],"costing":..,
 *                     "directions_options":{"directions_type":"none"}}
 *                     -> trip.legs[k].shape (precision 6, one per leg), trip.status 0
 *   ORS          POST /v2/matrix/{profile}  {"locations":[[lon,lat]],"metrics":["duration",
 *                     "distance"],"sources":[..],"destinations":[..]}  -> durations, distances
 *                POST /v2/directions/{profile}  {"coordinates":[[lon,lat],...]}
 *                     -> routes[0].geometry (precision 5)
 * A server's URL is http://HOST:PORT/PATH/<service> (https when PORT is 443); HOST, PORT
 * and PATH come per profile from VROOM's -a [profile:]host[/path] and -p [profile:]port.
 * Values are rounded as VROOM rounds them: (int64_t)(v + 0.5) seconds, and metres
 * (Valhalla's kilometres × 1000 first).
 *
 * A matrix of n locations is fetched in blocks (a chunk of sources × a chunk of
 * destinations) whose union of locations is at most cfg->max_locations (the server's
 * table-size limit, OSRM's default 100), at most cfg->max_parallel requests at a time
 * (one curl multi handle per call), and reassembled. 429, 5xx and connection failures
 * are retried up to cfg->retries times after cfg->backoff_ms, doubled each time (a
 * 429's Retry-After in seconds is honoured instead, capped at cfg->max_wait_ms). A
 * server that answers that the table is too large (OSRM TooBig, Valhalla 150, ORS
 * 6004) makes the whole fetch start again with half the block size, down to 2.
 *
 * A route's geometry (rd_router_route) is fetched in consecutive pieces of at most
 * cfg->max_route_stops stops (OSRM's --max-viaroute-size default, 500) that share
 * their joint stop, in parallel and with the same retries, and joined; a server
 * that answers the piece is too large (OSRM TooBig, Valhalla 150, ORS 2004) gets
 * pieces of half the size, down to 2. rd_router_routes fetches the pieces of many
 * routes through the one multi handle, cfg->max_parallel in flight in all.
 *
 * cfg->cancel (NULL: none), the program's stop flag, is looked at at least every
 * 100 ms while requests are in flight or waiting for a retry: once it is nonzero
 * the call returns RD_ERR_ROUTING "interrupted before any plan exists" (each
 * unfinished route of rd_router_routes the same).
 *
 * Thread safety: no global state; several calls may run in several threads, provided
 * the program called curl_global_init once (cli/main.c does). */
#ifndef RD_ROUTER_H
#define RD_ROUTER_H

#include <stddef.h>
#include <stdint.h>

#include "model/status.h"

typedef enum rd_router_kind {
    RD_ROUTER_OSRM = 0, /* osrm-routed's HTTP API (VROOM's default, -r osrm) */
    RD_ROUTER_VALHALLA, /* -r valhalla */
    RD_ROUTER_ORS,      /* openrouteservice, -r ors */
    RD_ROUTER_LIBOSRM   /* -r libosrm: accepted on the command line, refused when used */
} rd_router_kind;

#define RD_ROUTER_MAX_SERVERS 16
#define RD_ROUTER_NAME_MAX    256

/* One profile's server, as -a/-p set it. */
typedef struct rd_router_server {
    char profile[64];              /* e.g. "car" */
    char host[RD_ROUTER_NAME_MAX]; /* default "0.0.0.0" (VROOM's) */
    char path[RD_ROUTER_NAME_MAX]; /* URL prefix without leading/trailing '/', may be "" */
    int port;                      /* default 5000 (VROOM's) */
} rd_router_server;

/* What a fetch needs; plain data (copyable, nothing to free). */
typedef struct rd_router_cfg {
    rd_router_kind kind;
    int n_servers;                                   /* profiles named by -a/-p */
    rd_router_server servers[RD_ROUTER_MAX_SERVERS]; /* "car" is implicit: 0.0.0.0:5000 */
    int max_locations;          /* block size: locations per request (default 100, OSRM's) */
    int max_parallel;           /* requests in flight at once (default 4) */
    long connect_timeout_ms;    /* per connection attempt (default 10,000) */
    long timeout_ms;            /* per request, whole transfer (default 300,000) */
    int retries;                /* retries of one request after 429/5xx/connection failure (3) */
    long backoff_ms;            /* first wait before a retry, doubled each time (default 500) */
    long max_wait_ms;           /* cap of one wait, Retry-After included (default 30,000) */
    size_t max_response;        /* bytes per response (default 256 MiB); larger is an error */
    int max_route_stops;        /* stops per route request (default 500, OSRM's
                                   --max-viaroute-size); longer routes go in pieces */
    const volatile int *cancel; /* not owned; nonzero once the fetch must stop (the
                                   program's SIGINT/SIGTERM flag, as rd_params.cancel);
                                   NULL: never (the default) */
} rd_router_cfg;

/* libcurl's one process-wide initialisation: call once from the program's
 * main before any thread starts (the process exit releases it). Returns
 * RD_OK, or RD_ERR_INTERNAL with a message. */
rd_status rd_router_global_init(rd_error *err);

/* Fills the defaults above (router OSRM, no server named: "car" at 0.0.0.0:5000, no
 * cancel flag). */
void rd_router_cfg_init(rd_router_cfg *cfg);

/* Parses -r's value: osrm, libosrm, valhalla, ors. Returns RD_OK or RD_ERR_INPUT
 * (message names `flag`). */
rd_status rd_router_parse_kind(const char *flag, const char *value, rd_router_kind *kind,
                               rd_error *err);

/* Applies -a's value, VROOM's `[profile:]host[/path]` (no profile: "car"), to the
 * profile's server (created with the default port when new). RD_ERR_INPUT, message
 * naming `flag`, on an empty host, an over-long field or too many profiles. */
rd_status rd_router_cfg_set_host(rd_router_cfg *cfg, const char *flag, const char *value,
                                 rd_error *err);

/* Applies -p's value, `[profile:]port` (1-65535). Errors as rd_router_cfg_set_host. */
rd_status rd_router_cfg_set_port(rd_router_cfg *cfg, const char *flag, const char *value,
                                 rd_error *err);

/* The server of `profile`: the one -a/-p named, or for "car" the default
 * 0.0.0.0:5000; NULL when the profile has none (VROOM: "Invalid profile"). The
 * pointer is into cfg (or a static constant for the default). */
const rd_router_server *rd_router_cfg_server(const rd_router_cfg *cfg, const char *profile);

/* Short name of a kind ("osrm", ...). */
const char *rd_router_kind_name(rd_router_kind kind);

/* Fetches the n×n travel matrices of the locations lonlat[2i] (longitude),
 * lonlat[2i+1] (latitude) for `profile` from cfg's server: durations[i*n+j] in
 * seconds and distances[i*n+j] in metres from i to j (either output may be NULL when
 * not wanted; the other is fetched all the same). *bad (may be NULL) is set to -1, or
 * to the index of the location the server cannot route to or from.
 * Returns RD_OK; RD_ERR_INPUT when the profile has no server or n < 0;
 * RD_ERR_ROUTING (exit code 3) when the server cannot be reached, times out, keeps
 * failing, answers an error or malformed JSON, or leaves a location unroutable
 * (null cells, OSRM NoSegment, ORS 6010: *bad then names the location and the message
 * starts "location K [lon, lat]: "), or when cfg->cancel stopped it ("interrupted
 * before any plan exists"); RD_ERR_NOMEM. Outputs are unspecified on error.
 * Allocates nothing that outlives the call. Cost: ceil(n/b)² requests with
 * b = max_locations/2 when n > max_locations, else one. */
rd_status rd_router_matrix(const rd_router_cfg *cfg, const char *profile, const double *lonlat,
                           int n, int64_t *durations, int64_t *distances, int *bad, rd_error *err);

/* Fetches the road geometry of a route through the n stops lonlat[2i] (longitude),
 * lonlat[2i+1] (latitude), in order, for `profile` from cfg's server: *polyline
 * receives the path as an encoded polyline at precision 5 (VROOM's `geometry`;
 * Valhalla's legs are decoded at precision 6, joined without their repeated joint
 * point and re-encoded), malloc'd and owned by the caller (free()); NULL on error.
 * Fewer than 2 stops need no request: the polyline of the stop itself (or ""). A
 * route longer than cfg->max_route_stops is fetched in pieces (see above).
 * Errors as rd_router_matrix: RD_ERR_INPUT (no server for the profile, non-finite
 * coordinates, bad cfg), RD_ERR_ROUTING (unreachable, timeout, retries exhausted,
 * an error answer such as OSRM NoRoute, malformed JSON or polyline, cfg->cancel),
 * RD_ERR_NOMEM. Allocates nothing else that outlives the call. Thread safety as
 * above. Cost: ceil((n - 1) / (max_route_stops - 1)) requests. */
rd_status rd_router_route(const rd_router_cfg *cfg, const char *profile, const double *lonlat,
                          int n, char **polyline, rd_error *err);

/* rd_router_route of n_routes routes at once: route r through the n[r] stops
 * lonlat[r] (lon, lat pairs) for profiles[r]. Every piece of every route goes
 * through one transfer, at most cfg->max_parallel requests in flight in all, so
 * that k routes of one piece each take about ceil(k / max_parallel) round trips.
 * Each route stands alone: polylines[r] receives its polyline (malloc'd, owned by
 * the caller) or NULL with its error in errs[r] (may be NULL: not reported), as
 * rd_router_route would give them; a route the server finds too large is halved
 * without holding the others back. Returns RD_OK when every route has its
 * polyline, else the status of the first route (in order) that has none. Cost: the
 * sum of the routes' requests. */
rd_status rd_router_routes(const rd_router_cfg *cfg, int n_routes, const char *const *profiles,
                           const double *const *lonlat, const int *n, char **polylines,
                           rd_error *errs);

#endif
