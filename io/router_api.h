/* router_api: what io/router.c asks of each routing API, and what it lends them.
 * Private to io/router*.c.
 *
 * One provider per file, as VROOM's routing/ folder has one wrapper per engine:
 *   io/router_osrm.c      rd_router_osrm_api      (OSRM's HTTP API)
 *   io/router_valhalla.c  rd_router_valhalla_api  (Valhalla)
 *   io/router_ors.c       rd_router_ors_api       (openrouteservice)
 * A provider builds the request of a matrix block or a route piece and reads its
 * answer; io/router.c owns the rest (blocks and pieces, halving, assembly, the
 * messages) and io/http.c the transport. The request and answer formats are those
 * of router.h's header comment. */
#ifndef RD_ROUTER_API_H
#define RD_ROUTER_API_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "io/http.h"
#include "io/router.h"

/* ---- text buffer (request URLs and bodies) */

typedef struct rd_rt_text {
    char *p;
    size_t len, cap;
    int oom; /* an allocation failed: the text is incomplete */
} rd_rt_text;

/* Appends printf-style text. */
void rd_rt_add(rd_rt_text *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends `v` as a JSON string (quoted and escaped). */
void rd_rt_add_json_string(rd_rt_text *b, const char *v);

/* ---- one fetch: a matrix, or one route (a group of the transfer) */

struct rd_rt_fetch;

/* A request: a block of a matrix or a piece of a route. */
typedef struct rd_rt_part {
    rd_http_req http;          /* URL, body, answer (io/http.h); http.owner is this part */
    struct rd_rt_fetch *fetch; /* the matrix or route it belongs to */
    int s0, ns, d0, nd;        /* matrix: sources [s0, s0 + ns), destinations [d0, d0 + nd);
                                  route: stops [s0, s0 + ns) (nd 0) */
    double *lat, *lon;         /* route: the piece's geometry in degrees (malloc'd) */
    int npts;                  /* route: points in lat, lon */
} rd_rt_part;

typedef struct rd_router_api rd_router_api;

typedef struct rd_rt_fetch {
    const rd_router_cfg *cfg;
    const rd_router_api *api;
    const rd_router_server *srv;
    const char *api_profile; /* the profile as the API names it */
    const double *lonlat;    /* the n locations (matrix) or stops (route): lon, lat */
    int n;
    int route;           /* nonzero: route geometry through the n stops */
    int64_t *dur, *dist; /* matrix: n × n, -1 for a null cell */
    int *bad;            /* matrix: the unroutable location, or NULL */
    int too_big;         /* a server said the block (route: the piece) was too large */
    rd_error *err;       /* this fetch's error */
} rd_rt_fetch;

/* What an error answer says, in the API's own terms. */
typedef struct rd_rt_error {
    const char *code; /* OSRM's code ("TooBig", "NoSegment", ...), or NULL */
    long num;         /* Valhalla's error_code or ORS's error.code, or 0 */
    const char *msg;  /* the server's message, or NULL */
    int too_big;      /* the request had more locations than the server takes */
    int unroutable;   /* a location has no road near it */
    int at;           /* ... its index in the request's list of locations, or -1 */
} rd_rt_error;

/* A routing API. */
struct rd_router_api {
    /* The API's names of VROOM's profiles car, bike and foot (NULL: as given). */
    const char *const (*profiles)[2];
    /* The services' URL paths after the server's base URL, a printf format
     * given the API's profile name (used or not): "table/v1/%s", "route". */
    const char *matrix_service, *route_service;
    /* Appends to url (the base URL and the service: what names the request in
     * messages) and body (empty: GET) the request of matrix block p. */
    void (*matrix_request)(const rd_rt_fetch *f, const rd_rt_part *p, rd_rt_text *url,
                           rd_rt_text *body);
    /* The same for route piece p. */
    void (*route_request)(const rd_rt_fetch *f, const rd_rt_part *p, rd_rt_text *url,
                          rd_rt_text *body);
    /* Nonzero when a 200 answer reports an error all the same. */
    int (*failed)(const json_t *root);
    /* Reads an error answer (any HTTP status) into *e (zeroed, at -1 before). */
    void (*error)(const json_t *root, rd_rt_error *e);
    /* Reads a matrix answer into f->dur and f->dist at block p (errors in f->err). */
    rd_status (*matrix_answer)(rd_rt_fetch *f, rd_rt_part *p, const json_t *root);
    /* Reads a route answer's geometry into p->lat, p->lon (rd_rt_append_polyline). */
    rd_status (*route_answer)(rd_rt_fetch *f, rd_rt_part *p, const json_t *root);
};

extern const rd_router_api rd_router_osrm_api, rd_router_valhalla_api, rd_router_ors_api;

/* ---- helpers io/router.c lends the providers */

/* The number after `word` in msg ("coordinate 3"), or -1. */
int rd_rt_index_after(const char *msg, const char *word);

/* Reads a matrix cell: a non-negative number × scale rounded as VROOM rounds
 * (out), or null (-1). Returns 0, or -1 when v is neither. */
int rd_rt_cell(const json_t *v, double scale, int64_t *out);

/* Calls cell(ctx, c, at) for each cell c of the (p->ns × p->nd) array of arrays
 * `a`, `at` being its index in the n × n matrices. Returns 0, or -1 when `a` has
 * another shape or cell returns nonzero. */
int rd_rt_each_cell(const rd_rt_fetch *f, const rd_rt_part *p, const json_t *a,
                    int (*cell)(void *ctx, const json_t *c, int64_t at), void *ctx);

/* Stores the (p->ns × p->nd) array of arrays `a` (cells × scale) into `out`
 * (n × n) at block p. Returns 0, or -1 when `a` has another shape or a bad cell. */
int rd_rt_rows_into(const rd_rt_fetch *f, const rd_rt_part *p, const json_t *a, double scale,
                    int64_t *out);

/* RD_ERR_ROUTING "<api>: answer from <where>: <fmt...>" in f->err. */
rd_status rd_rt_bad_answer(rd_rt_fetch *f, const rd_rt_part *p, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Decodes the polyline `v` (a JSON string, `what` in messages) at `precision` and
 * appends its points to p's, without a first point equal to the last one kept
 * (the joint of two legs). RD_ERR_ROUTING when v is no polyline, RD_ERR_NOMEM. */
rd_status rd_rt_append_polyline(rd_rt_fetch *f, rd_rt_part *p, const json_t *v, int precision,
                                const char *what);

/* Reads o's `durations` (seconds) and `distances` (× dist_scale: metres) of block
 * p, rows of numbers or null, into f->dur and f->dist; `what` names them in the
 * message of an answer of another shape. */
rd_status rd_rt_matrix_pair(rd_rt_fetch *f, rd_rt_part *p, const json_t *o, double dist_scale,
                            const char *what);

/* The matrix answer OSRM and ORS share: `durations` and `distances` at the top
 * (rd_rt_matrix_pair in seconds and metres). */
rd_status rd_rt_durations_distances(rd_rt_fetch *f, rd_rt_part *p, const json_t *root);

/* The route answer OSRM and ORS share: routes[0].geometry at precision 5. */
rd_status rd_rt_first_route_geometry(rd_rt_fetch *f, rd_rt_part *p, const json_t *root);

/* Writes one location in the API's syntax, the k-th of its list (k 0: the first,
 * without a separator before it). */
typedef void (*rd_rt_point_fn)(rd_rt_text *b, double lon, double lat, int k);

/* Appends the locations lonlat[from .. from + count) as point(b, lon, lat, k0 + i). */
void rd_rt_add_points(rd_rt_text *b, const double *lonlat, int from, int count, int k0,
                      rd_rt_point_fn point);

/* Appends matrix block p's locations: its sources, then its destinations unless
 * both are the same chunk (rd_rt_same_chunk). */
void rd_rt_add_block_points(rd_rt_text *b, const rd_rt_fetch *f, const rd_rt_part *p,
                            rd_rt_point_fn point);

/* Nonzero when block p's sources and destinations are the same chunk: its request
 * lists them once, without source and destination indices. */
int rd_rt_same_chunk(const rd_rt_part *p);

/* Unless rd_rt_same_chunk(p): appends pre, the source indices 0 .. ns - 1, mid,
 * the destination indices ns .. ns + nd - 1 (each list separated by sep) and post. */
void rd_rt_add_block_indices(rd_rt_text *b, const rd_rt_part *p, const char *pre, const char *sep,
                             const char *mid, const char *post);

#endif
