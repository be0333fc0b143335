/* router: travel-time matrices and route geometry from OSRM, Valhalla and
 * openrouteservice (see router.h): the configuration, the blocks of a matrix and
 * the pieces of a route, their halving, assembly and messages. Each API's requests
 * and answers are in its own file (io/router_api.h), the transport in io/http.c. */
#include "io/router.h"

#include <curl/curl.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/geo.h"
#include "io/router_api.h"

rd_status rd_router_global_init(rd_error *err) {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return rd_err(err, RD_ERR_INTERNAL, "libcurl initialisation failed");
    return RD_OK;
}

void rd_router_cfg_init(rd_router_cfg *cfg) {
    memset(cfg, 0, sizeof *cfg);
    cfg->kind = RD_ROUTER_OSRM;
    cfg->max_locations = 100;
    cfg->max_parallel = 4;
    cfg->connect_timeout_ms = 10000;
    cfg->timeout_ms = 300000;
    cfg->retries = 3;
    cfg->backoff_ms = 500;
    cfg->max_wait_ms = 30000;
    cfg->max_response = (size_t)256 << 20;
    cfg->max_route_stops = 500;
}

const char *rd_router_kind_name(rd_router_kind kind) {
    switch (kind) {
    case RD_ROUTER_OSRM: return "osrm";
    case RD_ROUTER_VALHALLA: return "valhalla";
    case RD_ROUTER_ORS: return "ors";
    case RD_ROUTER_LIBOSRM: return "libosrm";
    }
    return "?";
}

rd_status rd_router_parse_kind(const char *flag, const char *value, rd_router_kind *kind,
                               rd_error *err) {
    static const rd_router_kind all[] = {RD_ROUTER_OSRM, RD_ROUTER_LIBOSRM, RD_ROUTER_ORS,
                                         RD_ROUTER_VALHALLA};
    for (size_t k = 0; k < sizeof all / sizeof *all; k++)
        if (!strcmp(value, rd_router_kind_name(all[k]))) {
            *kind = all[k];
            return RD_OK;
        }
    return rd_err(err, RD_ERR_INPUT,
                  "%s: unknown routing engine '%s' (osrm, libosrm, ors, valhalla)", flag, value);
}

static const rd_router_server DEFAULT_CAR = {"car", "0.0.0.0", "", 5000};

const rd_router_server *rd_router_cfg_server(const rd_router_cfg *cfg, const char *profile) {
    for (int k = 0; k < cfg->n_servers; k++)
        if (!strcmp(cfg->servers[k].profile, profile)) return &cfg->servers[k];
    return strcmp(profile, "car") ? NULL : &DEFAULT_CAR;
}

/* Splits VROOM's "[profile:]rest" into the profile's server entry (created when new)
 * and `rest`. */
static rd_status server_of(rd_router_cfg *cfg, const char *flag, const char *value,
                           rd_router_server **out, const char **rest, rd_error *err) {
    const char *colon = strchr(value, ':');
    char profile[sizeof cfg->servers[0].profile] = "car";
    if (colon) {
        size_t len = (size_t)(colon - value);
        if (len == 0 || len >= sizeof profile)
            return rd_err(err, RD_ERR_INPUT, "%s: '%s': expected [PROFILE:]%s", flag, value,
                          flag[1] == 'p' || !strcmp(flag, "--port") ? "PORT" : "HOST[/PATH]");
        memcpy(profile, value, len);
        profile[len] = '\0';
        *rest = colon + 1;
    } else {
        *rest = value;
    }
    for (int k = 0; k < cfg->n_servers; k++)
        if (!strcmp(cfg->servers[k].profile, profile)) {
            *out = &cfg->servers[k];
            return RD_OK;
        }
    if (cfg->n_servers >= RD_ROUTER_MAX_SERVERS)
        return rd_err(err, RD_ERR_INPUT, "%s: more than %d profiles", flag, RD_ROUTER_MAX_SERVERS);
    rd_router_server *s = &cfg->servers[cfg->n_servers++];
    *s = DEFAULT_CAR;
    memcpy(s->profile, profile, sizeof profile);
    *out = s;
    return RD_OK;
}

rd_status rd_router_cfg_set_host(rd_router_cfg *cfg, const char *flag, const char *value,
                                 rd_error *err) {
    rd_router_server *s;
    const char *rest;
    RD_TRY(server_of(cfg, flag, value, &s, &rest, err));
    const char *slash = strchr(rest, '/');
    size_t hlen = slash ? (size_t)(slash - rest) : strlen(rest);
    if (hlen == 0) return rd_err(err, RD_ERR_INPUT, "%s: '%s': empty host", flag, value);
    if (hlen >= sizeof s->host)
        return rd_err(err, RD_ERR_INPUT, "%s: host longer than %d bytes", flag,
                      (int)sizeof s->host - 1);
    if (memchr(rest, ':', hlen))
        return rd_err(err, RD_ERR_INPUT, "%s: '%s': a port in the host (give it with -p)", flag,
                      value);
    for (size_t k = 0; k < hlen; k++)
        if (rest[k] <= ' ' || rest[k] == '?' || rest[k] == '#' || rest[k] == '@')
            return rd_err(err, RD_ERR_INPUT, "%s: '%s': invalid character in the host", flag,
                          value);
    memcpy(s->host, rest, hlen);
    s->host[hlen] = '\0';
    const char *p = slash ? slash : "";
    while (*p == '/') p++;
    size_t plen = strlen(p);
    while (plen && p[plen - 1] == '/') plen--;
    if (plen >= sizeof s->path)
        return rd_err(err, RD_ERR_INPUT, "%s: path longer than %d bytes", flag,
                      (int)sizeof s->path - 1);
    for (size_t k = 0; k < plen; k++)
        if (p[k] <= ' ' || p[k] == '?' || p[k] == '#')
            return rd_err(err, RD_ERR_INPUT, "%s: '%s': invalid character in the path", flag,
                          value);
    memcpy(s->path, p, plen);
    s->path[plen] = '\0';
    return RD_OK;
}

rd_status rd_router_cfg_set_port(rd_router_cfg *cfg, const char *flag, const char *value,
                                 rd_error *err) {
    rd_router_server *s;
    const char *rest;
    RD_TRY(server_of(cfg, flag, value, &s, &rest, err));
    char *end;
    errno = 0;
    long v = strtol(rest, &end, 10);
    if (errno || end == rest || *end || v < 1 || v > 65535)
        return rd_err(err, RD_ERR_INPUT,
                      "%s: '%s': expected [PROFILE:]PORT with PORT in [1, 65535]", flag, value);
    s->port = (int)v;
    return RD_OK;
}

/* ---------------------------------------------------------------- text buffer */

void rd_rt_add(rd_rt_text *b, const char *fmt, ...) {
    if (b->oom) return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int k = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? b->cap - b->len : 0, fmt, ap);
        va_end(ap);
        if (k < 0) {
            b->oom = 1;
            return;
        }
        if (b->p && b->len + (size_t)k < b->cap) {
            b->len += (size_t)k;
            return;
        }
        size_t nc = b->cap ? b->cap * 2 : 256;
        while (nc <= b->len + (size_t)k) nc *= 2;
        char *q = realloc(b->p, nc);
        if (!q) {
            b->oom = 1;
            return;
        }
        b->p = q;
        b->cap = nc;
    }
}

void rd_rt_add_json_string(rd_rt_text *b, const char *v) {
    json_t *c = json_string(v);
    char *cs = c ? json_dumps(c, JSON_ENCODE_ANY) : NULL;
    json_decref(c);
    if (!cs) b->oom = 1;
    rd_rt_add(b, "%s", cs ? cs : "\"\"");
    free(cs);
}

void rd_rt_add_points(rd_rt_text *b, const double *lonlat, int from, int count, int k0,
                      rd_rt_point_fn point) {
    for (int k = 0; k < count; k++)
        point(b, lonlat[2 * (from + k)], lonlat[2 * (from + k) + 1], k0 + k);
}

int rd_rt_same_chunk(const rd_rt_part *p) {
    return p->s0 == p->d0 && p->ns == p->nd;
}

void rd_rt_add_block_points(rd_rt_text *b, const rd_rt_fetch *f, const rd_rt_part *p,
                            rd_rt_point_fn point) {
    rd_rt_add_points(b, f->lonlat, p->s0, p->ns, 0, point);
    if (!rd_rt_same_chunk(p)) rd_rt_add_points(b, f->lonlat, p->d0, p->nd, p->ns, point);
}

void rd_rt_add_block_indices(rd_rt_text *b, const rd_rt_part *p, const char *pre, const char *sep,
                             const char *mid, const char *post) {
    if (rd_rt_same_chunk(p)) return;
    rd_rt_add(b, "%s", pre);
    for (int k = 0; k < p->ns + p->nd; k++)
        rd_rt_add(b, "%s%d", k == p->ns ? mid : k ? sep : "", k);
    rd_rt_add(b, "%s", post);
}

/* ---------------------------------------------------------------- the APIs */

/* The providers, by rd_router_kind (libosrm has none). */
static const rd_router_api *const APIS[] = {
    [RD_ROUTER_OSRM] = &rd_router_osrm_api,
    [RD_ROUTER_VALHALLA] = &rd_router_valhalla_api,
    [RD_ROUTER_ORS] = &rd_router_ors_api,
    [RD_ROUTER_LIBOSRM] = NULL,
};

/* VROOM's default profile is "car"; Valhalla and ORS name theirs differently. */
static const char *api_profile(const rd_router_api *api, const char *profile) {
    for (int k = 0; api->profiles && api->profiles[k][0]; k++)
        if (!strcmp(profile, api->profiles[k][0])) return api->profiles[k][1];
    return profile;
}

/* Builds part p's URL and body (the provider's request after the server's base
 * URL: https on port 443) and names it for messages: the service URL without
 * coordinates, and the block or piece unless it is the whole matrix or route. */
static rd_status build_part(rd_rt_fetch *f, rd_rt_part *p, int group) {
    const rd_router_server *s = f->srv;
    rd_rt_text u = {0}, b = {0};
    rd_rt_add(&u, "%s://%s:%d/%s%s", s->port == 443 ? "https" : "http", s->host, s->port, s->path,
              s->path[0] ? "/" : "");
    rd_rt_add(&u, f->route ? f->api->route_service : f->api->matrix_service, f->api_profile);
    const size_t keep = u.len; /* the service URL without coordinates, for messages */
    (f->route ? f->api->route_request : f->api->matrix_request)(f, p, &u, &b);
    if (u.oom || b.oom) {
        free(u.p);
        free(b.p);
        return rd_err(f->err, RD_ERR_NOMEM, "out of memory building a routing request");
    }
    int k = keep > 400 ? 400 : (int)keep;
    char *w = p->http.where;
    size_t ws = sizeof p->http.where;
    if (f->route ? p->ns == f->n : p->ns == f->n && p->nd == f->n)
        snprintf(w, ws, "%.*s", k, u.p);
    else if (f->route)
        snprintf(w, ws, "%.*s (stops %d-%d of %d)", k, u.p, p->s0, p->s0 + p->ns - 1, f->n);
    else
        snprintf(w, ws, "%.*s (block: rows %d-%d, columns %d-%d)", k, u.p, p->s0, p->s0 + p->ns - 1,
                 p->d0, p->d0 + p->nd - 1);
    p->http.url = u.p;
    p->http.body = b.p;
    p->http.group = group;
    p->http.owner = p;
    p->fetch = f;
    return RD_OK;
}

static void free_parts(rd_rt_part *ps, int n) {
    for (int k = 0; ps && k < n; k++) {
        rd_http_req_free(&ps[k].http);
        free(ps[k].lat);
        free(ps[k].lon);
    }
    free(ps);
}

/* ---------------------------------------------------------------- reading answers */

int rd_rt_index_after(const char *msg, const char *word) {
    const char *p = msg ? strstr(msg, word) : NULL;
    if (!p) return -1;
    p += strlen(word);
    char *end;
    long v = strtol(p, &end, 10);
    return end == p || v < 0 || v > INT32_MAX ? -1 : (int)v;
}

/* The global index of the request's k-th location: the block's sources, then
 * its destinations unless both chunks are the same (a route: its stops). */
static int block_location(const rd_rt_part *p, int k) {
    int same = rd_rt_same_chunk(p);
    if (k < 0) return -1;
    if (k < p->ns) return p->s0 + k;
    if (!same && k < p->ns + p->nd) return p->d0 + k - p->ns;
    return -1;
}

static rd_status unroutable(rd_rt_fetch *f, int loc, const char *fmt, const char *detail) {
    if (f->bad) *f->bad = loc;
    if (loc < 0)
        return rd_err(f->err, RD_ERR_ROUTING, "%s: %s", rd_router_kind_name(f->cfg->kind), detail);
    rd_err(f->err, RD_ERR_ROUTING, fmt, rd_router_kind_name(f->cfg->kind), detail);
    return rd_err_prefix(f->err, "location %d [%.6f, %.6f]", loc, f->lonlat[2 * loc],
                         f->lonlat[2 * loc + 1]);
}

/* Reads an error answer (any HTTP status) in the API's error format; returns the
 * status to report (f->too_big set when the request was too large). */
static rd_status api_error(rd_rt_fetch *f, const rd_rt_part *p, long http, const json_t *root) {
    rd_rt_error e = {.at = -1};
    f->api->error(root, &e);
    if (e.too_big) f->too_big = 1;
    if (e.unroutable) {
        char d[RD_ERROR_MSG_MAX / 2];
        if (e.code)
            snprintf(d, sizeof d, "%s: %s", e.code, e.msg ? e.msg : "no message");
        else
            snprintf(d, sizeof d, "error %ld: %s", e.num, e.msg ? e.msg : "no message");
        return unroutable(f, block_location(p, e.at), "%s: no road near this location (%s)", d);
    }
    char c[64] = "";
    if (e.code)
        snprintf(c, sizeof c, "%s: ", e.code);
    else if (e.num)
        snprintf(c, sizeof c, "error %ld: ", e.num);
    return rd_err(f->err, RD_ERR_ROUTING, "%s: HTTP %ld from %s: %s%s",
                  rd_router_kind_name(f->cfg->kind), http, p->http.where, c,
                  e.msg ? e.msg : "(no message)");
}

rd_status rd_rt_bad_answer(rd_rt_fetch *f, const rd_rt_part *p, const char *fmt, ...) {
    char what[RD_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return rd_err(f->err, RD_ERR_ROUTING, "%s: answer from %s: %s",
                  rd_router_kind_name(f->cfg->kind), p->http.where, what);
}

int rd_rt_cell(const json_t *v, double scale, int64_t *out) {
    if (json_is_null(v)) {
        *out = -1;
        return 0;
    }
    if (!json_is_number(v)) return -1;
    double x = json_number_value(v) * scale;
    if (!(x >= 0) || x > 9e15) return -1;
    *out = (int64_t)(x + 0.5); /* VROOM's round_cost */
    return 0;
}

int rd_rt_each_cell(const rd_rt_fetch *f, const rd_rt_part *p, const json_t *a,
                    int (*cell)(void *ctx, const json_t *c, int64_t at), void *ctx) {
    if (json_array_size(a) != (size_t)p->ns) return -1;
    for (int i = 0; i < p->ns; i++) {
        const json_t *row = json_array_get(a, (size_t)i);
        if (json_array_size(row) != (size_t)p->nd) return -1;
        for (int j = 0; j < p->nd; j++)
            if (cell(ctx, json_array_get(row, (size_t)j), (int64_t)(p->s0 + i) * f->n + p->d0 + j))
                return -1;
    }
    return 0;
}

/* rd_rt_rows_into's cells. */
typedef struct scaled {
    double scale;
    int64_t *out;
} scaled;

static int scaled_cell(void *ctx, const json_t *c, int64_t at) {
    const scaled *s = ctx;
    int64_t v;
    if (rd_rt_cell(c, s->scale, &v)) return -1;
    if (s->out) s->out[at] = v;
    return 0;
}

int rd_rt_rows_into(const rd_rt_fetch *f, const rd_rt_part *p, const json_t *a, double scale,
                    int64_t *out) {
    scaled s = {scale, out};
    return rd_rt_each_cell(f, p, a, scaled_cell, &s);
}

rd_status rd_rt_matrix_pair(rd_rt_fetch *f, rd_rt_part *p, const json_t *o, double dist_scale,
                            const char *what) {
    if (rd_rt_rows_into(f, p, json_object_get(o, "durations"), 1.0, f->dur) ||
        rd_rt_rows_into(f, p, json_object_get(o, "distances"), dist_scale, f->dist))
        return rd_rt_bad_answer(f, p, "expected %s as %d rows of %d numbers or null", what, p->ns,
                                p->nd);
    return RD_OK;
}

rd_status rd_rt_durations_distances(rd_rt_fetch *f, rd_rt_part *p, const json_t *root) {
    return rd_rt_matrix_pair(f, p, root, 1.0, "durations and distances");
}

/* Appends the m points lat[i], lon[i] to *la, *lo (*np points), without a first
 * point equal (to 1e-6°) to the last one kept: the joint of two legs or pieces,
 * which both carry it. Returns 0, or -1 when memory runs out. */
static int append_points(double **la, double **lo, int *np, const double *lat, const double *lon,
                         int m) {
    int skip = *np > 0 && m > 0 && llround(lat[0] * 1e6) == llround((*la)[*np - 1] * 1e6) &&
               llround(lon[0] * 1e6) == llround((*lo)[*np - 1] * 1e6);
    size_t total = (size_t)*np + (size_t)(m - skip);
    if (total > INT32_MAX) return -1;
    double *a = realloc(*la, (total + 1) * sizeof *a);
    if (!a) return -1;
    *la = a;
    double *o = realloc(*lo, (total + 1) * sizeof *o);
    if (!o) return -1;
    *lo = o;
    memcpy(*la + *np, lat + skip, (size_t)(m - skip) * sizeof *lat);
    memcpy(*lo + *np, lon + skip, (size_t)(m - skip) * sizeof *lon);
    *np = (int)total;
    return 0;
}

rd_status rd_rt_append_polyline(rd_rt_fetch *f, rd_rt_part *p, const json_t *v, int precision,
                                const char *what) {
    if (!json_is_string(v)) return rd_rt_bad_answer(f, p, "expected %s as a string", what);
    double *lat, *lon;
    int m;
    rd_error e;
    rd_status st = rd_geo_polyline_decode(json_string_value(v), json_string_length(v), precision,
                                          &lat, &lon, &m, &e);
    if (st == RD_ERR_NOMEM) return rd_err(f->err, st, "out of memory reading a route geometry");
    if (st != RD_OK) return rd_rt_bad_answer(f, p, "%s: %s", what, e.msg);
    int bad = append_points(&p->lat, &p->lon, &p->npts, lat, lon, m);
    free(lat);
    free(lon);
    return bad ? rd_err(f->err, RD_ERR_NOMEM, "out of memory joining a route geometry") : RD_OK;
}

rd_status rd_rt_first_route_geometry(rd_rt_fetch *f, rd_rt_part *p, const json_t *root) {
    const json_t *route0 = json_array_get(json_object_get(root, "routes"), 0);
    return rd_rt_append_polyline(f, p, json_object_get(route0, "geometry"), 5,
                                 "routes[0].geometry");
}

/* rd_http_answer_fn: reads part r's answer as JSON into its fetch. */
static rd_status on_answer(void *user, rd_http_req *r, long http, rd_error *err) {
    (void)user;
    (void)err; /* the part's fetch->err */
    rd_rt_part *p = r->owner;
    rd_rt_fetch *f = p->fetch;
    const char *kind = rd_router_kind_name(f->cfg->kind);
    json_error_t je;
    json_t *root = json_loadb(r->buf ? r->buf : "", r->len, 0, &je);
    if (!root) {
        if (http != 200)
            return rd_err(f->err, RD_ERR_ROUTING, "%s: HTTP %ld from %s: %.120s", kind, http,
                          r->where, r->len ? r->buf : "(empty body)");
        return rd_err(f->err, RD_ERR_ROUTING,
                      "%s: answer from %s is not valid JSON (%zu bytes; line %d, column %d: "
                      "%s)",
                      kind, r->where, r->len, je.line, je.column, je.text);
    }
    rd_status st;
    if (http != 200 || f->api->failed(root)) {
        st = api_error(f, p, http, root);
    } else {
        p->npts = 0;
        st = f->route ? f->api->route_answer(f, p, root) : f->api->matrix_answer(f, p, root);
    }
    json_decref(root);
    return st;
}

/* Sends the nparts parts ps (built; group g of rd_http_run is fetch g, whose
 * errors go to gerr[g], its status to gst[g]) with cfg's connections, retries and
 * timeouts. */
static rd_status transfer(const rd_router_cfg *cfg, rd_rt_part *ps, int nparts, int ngroups,
                          rd_status *gst, rd_error *gerr) {
    rd_http_req **reqs = malloc((size_t)(nparts > 0 ? nparts : 1) * sizeof *reqs);
    if (!reqs) {
        for (int g = 0; g < ngroups; g++) gst[g] = rd_err(&gerr[g], RD_ERR_NOMEM, "out of memory");
        return RD_ERR_NOMEM;
    }
    for (int k = 0; k < nparts; k++) reqs[k] = &ps[k].http;
    const rd_http_opts o = {.label = rd_router_kind_name(cfg->kind),
                            .max_parallel = cfg->max_parallel,
                            .connect_timeout_ms = cfg->connect_timeout_ms,
                            .timeout_ms = cfg->timeout_ms,
                            .retries = cfg->retries,
                            .backoff_ms = cfg->backoff_ms,
                            .max_wait_ms = cfg->max_wait_ms,
                            .max_response = cfg->max_response,
                            .cancel = cfg->cancel};
    rd_status st = rd_http_run(&o, reqs, nparts, ngroups, gst, gerr, on_answer, NULL);
    free(reqs);
    return st;
}

/* ---------------------------------------------------------------- matrices */

/* Fetches every block of size b (locations per request) into f->dur, f->dist. */
static rd_status fetch_blocks(rd_rt_fetch *f, int b) {
    int n = f->n;
    int chunk = n <= b ? n : b / 2;
    int nc = (n + chunk - 1) / chunk;
    int nreq = nc * nc;
    rd_rt_part *ps = calloc((size_t)nreq, sizeof *ps);
    if (!ps) return rd_err(f->err, RD_ERR_NOMEM, "out of memory");
    rd_status st = RD_OK;
    for (int i = 0; i < nc && st == RD_OK; i++)
        for (int j = 0; j < nc && st == RD_OK; j++) {
            rd_rt_part *p = &ps[i * nc + j];
            p->s0 = i * chunk;
            p->ns = n - p->s0 < chunk ? n - p->s0 : chunk;
            p->d0 = j * chunk;
            p->nd = n - p->d0 < chunk ? n - p->d0 : chunk;
            st = build_part(f, p, 0);
        }
    rd_status gst;
    if (st == RD_OK) st = transfer(f->cfg, ps, nreq, 1, &gst, f->err);
    free_parts(ps, nreq);
    return st;
}

/* After assembly: a null cell makes the location with the most null cells in its
 * row and column (the lowest index among equals) the unroutable one, as VROOM
 * blames the location whose routes are missing. */
static rd_status check_nulls(rd_rt_fetch *f) {
    int n = f->n;
    int *count = calloc((size_t)n, sizeof *count);
    if (!count) return rd_err(f->err, RD_ERR_NOMEM, "out of memory");
    int64_t total = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            if (f->dur[(int64_t)i * n + j] < 0 || f->dist[(int64_t)i * n + j] < 0) {
                count[i]++;
                count[j]++;
                total++;
            }
    rd_status st = RD_OK;
    if (total > 0) {
        int worst = 0;
        for (int i = 1; i < n; i++)
            if (count[i] > count[worst]) worst = i;
        char d[160];
        snprintf(d, sizeof d, "%d of the %d travel times to and from it", count[worst],
                 2 * (n - 1));
        st = unroutable(f, worst, "%s: no route: the server found none for %s", d);
    }
    free(count);
    return st;
}

/* The checks rd_router_matrix and rd_router_route share: the n points, the kind,
 * the profile's server; fills f's cfg, api, srv, api_profile, lonlat and n. */
static rd_status check_call(const rd_router_cfg *cfg, const char *profile, const double *lonlat,
                            int n, rd_rt_fetch *f, rd_error *err) {
    if (n < 0) return rd_err(err, RD_ERR_INPUT, "router: negative number of locations");
    if (cfg->kind == RD_ROUTER_LIBOSRM || (size_t)cfg->kind >= sizeof APIS / sizeof *APIS ||
        !APIS[cfg->kind])
        return rd_err(err, RD_ERR_ROUTING,
                      "libosrm: rondo is not linked with libosrm; run osrm-routed and use -r osrm");
    f->srv = rd_router_cfg_server(cfg, profile);
    if (!f->srv)
        return rd_err(err, RD_ERR_INPUT,
                      "profile '%s': no routing server (give one with -a %s:HOST and -p %s:PORT)",
                      profile, profile, profile);
    for (int i = 0; i < 2 * n; i++)
        if (!isfinite(lonlat[i]))
            return rd_err(err, RD_ERR_INPUT, "location %d: coordinates are not finite", i / 2);
    f->cfg = cfg;
    f->api = APIS[cfg->kind];
    f->api_profile = api_profile(f->api, profile);
    f->lonlat = lonlat;
    f->n = n;
    return RD_OK;
}

/* rd_router_matrix with its error in *err (not NULL). */
static rd_status matrix(const rd_router_cfg *cfg, const char *profile, const double *lonlat, int n,
                        int64_t *durations, int64_t *distances, int *bad, rd_error *err) {
    rd_rt_fetch f = {.err = err, .bad = bad};
    RD_TRY(check_call(cfg, profile, lonlat, n, &f, err));
    if (n == 0) return RD_OK;
    if (cfg->max_locations < 2 || cfg->max_parallel < 1)
        return rd_err(err, RD_ERR_INPUT, "router: block size must be >= 2 and connections >= 1");
    size_t cells = (size_t)n * (size_t)n;
    if ((size_t)n > SIZE_MAX / (size_t)n / sizeof(int64_t))
        return rd_err(err, RD_ERR_NOMEM, "router: %d locations: matrix too large", n);
    f.dur = durations ? durations : malloc(cells * sizeof(int64_t));
    f.dist = distances ? distances : malloc(cells * sizeof(int64_t));
    rd_status st = RD_OK;
    if (!f.dur || !f.dist) {
        st = rd_err(err, RD_ERR_NOMEM, "out of memory for a %d x %d matrix", n, n);
        goto out;
    }
    int b = cfg->max_locations;
    for (;; b /= 2) {
        f.too_big = 0;
        st = fetch_blocks(&f, b);
        if (st == RD_OK || !f.too_big || b / 2 < 2) break;
        if (bad) *bad = -1; /* table too large: again in smaller blocks */
    }
    if (st == RD_OK) st = check_nulls(&f);
    if (st != RD_OK && f.too_big)
        rd_err_prefix(err, "table too large even in blocks of %d locations", b);
out:
    if (!durations) free(f.dur);
    if (!distances) free(f.dist);
    return st;
}

rd_status rd_router_matrix(const rd_router_cfg *cfg, const char *profile, const double *lonlat,
                           int n, int64_t *durations, int64_t *distances, int *bad, rd_error *err) {
    if (bad) *bad = -1;
    rd_error e;
    rd_error_clear(&e);
    rd_status st = matrix(cfg, profile, lonlat, n, durations, distances, bad, &e);
    if (st != RD_OK && err) *err = e;
    return st;
}

/* ---------------------------------------------------------------- routes */

/* One route of rd_router_routes. */
typedef struct route_job {
    rd_rt_fetch f;
    int b;             /* stops per piece in the next round */
    int pending;       /* still to fetch */
    rd_status st;      /* its outcome so far */
    double *lat, *lon; /* the joined geometry (malloc'd) */
    int npts;          /* points in lat, lon */
    int first, nparts; /* its pieces in the round's parts */
} route_job;

/* The pieces of a route through n stops in pieces of at most b stops that share
 * their joint stop: ceil((n - 1) / (b - 1)). */
static int piece_count(int n, int b) {
    return n <= b ? 1 : (n - 1 + b - 2) / (b - 1);
}

/* Job j's pieces of at most j->b stops, appended to ps at *np (group g). */
static rd_status build_pieces(route_job *j, rd_rt_part *ps, int *np, int g) {
    const int n = j->f.n, b = j->b, count = piece_count(n, b);
    j->first = *np;
    j->nparts = count;
    for (int k = 0; k < count; k++) {
        rd_rt_part *p = &ps[(*np)++];
        p->s0 = k * (b - 1);
        p->ns = n - p->s0 < b ? n - p->s0 : b;
        RD_TRY(build_part(&j->f, p, g));
    }
    return RD_OK;
}

/* Joins j's pieces end to end, the stop two pieces share kept once. */
static rd_status join_pieces(route_job *j, const rd_rt_part *ps) {
    for (int k = j->first; k < j->first + j->nparts; k++)
        if (append_points(&j->lat, &j->lon, &j->npts, ps[k].lat, ps[k].lon, ps[k].npts))
            return rd_err(j->f.err, RD_ERR_NOMEM, "out of memory joining a route geometry");
    return RD_OK;
}

/* One round: every pending route in pieces of its current size, all through one
 * transfer; a route the server found too large stays pending with pieces of half
 * the size (down to 2), the others end here. errs[r] holds route r's error. */
static rd_status fetch_round(const rd_router_cfg *cfg, route_job *jobs, int nr, rd_error *errs) {
    int ng = 0, total = 0;
    for (int r = 0; r < nr; r++)
        if (jobs[r].pending) {
            total += piece_count(jobs[r].f.n, jobs[r].b);
            ng++;
        }
    rd_rt_part *ps = calloc((size_t)(total > 0 ? total : 1), sizeof *ps);
    rd_status *gst = malloc((size_t)(ng > 0 ? ng : 1) * sizeof *gst);
    rd_error *gerr = malloc((size_t)(ng > 0 ? ng : 1) * sizeof *gerr);
    int *of = malloc((size_t)(ng > 0 ? ng : 1) * sizeof *of); /* group -> route */
    rd_status st = ps && gst && gerr && of ? RD_OK : RD_ERR_NOMEM;
    if (st != RD_OK) goto out;
    int np = 0, g = 0;
    for (int r = 0; r < nr; r++) {
        route_job *j = &jobs[r];
        if (!j->pending) continue;
        j->f.too_big = 0;
        j->f.err = &errs[r];
        if ((j->st = build_pieces(j, ps, &np, g)) != RD_OK) {
            j->pending = 0; /* its pieces, built or not, are not sent */
            for (int k = j->first; k < np; k++) ps[k].http.done = 1;
        }
        j->f.err = &gerr[g];
        of[g++] = r;
    }
    transfer(cfg, ps, np, ng, gst, gerr);
    for (g = 0; g < ng; g++) {
        route_job *j = &jobs[of[g]];
        j->f.err = &errs[of[g]];
        if (!j->pending) continue; /* failed while building */
        if (gst[g] == RD_OK) {
            j->st = join_pieces(j, ps);
            j->pending = 0;
        } else if (j->f.too_big && j->b / 2 >= 2 && !(cfg->cancel && *cfg->cancel)) {
            j->b /= 2; /* too large: again in smaller pieces */
        } else {
            errs[of[g]] = gerr[g];
            j->st = gst[g];
            j->pending = 0;
            if (j->f.too_big)
                rd_err_prefix(&errs[of[g]],
                              "route too long for the server even in pieces of %d stops", j->b);
        }
    }
out:
    free_parts(ps, total);
    free(gst);
    free(gerr);
    free(of);
    return st;
}

/* Sets up route job j for the n stops lonlat: done at once (an error, or fewer
 * than 2 stops: the stop itself, if any), or pending. */
static rd_status route_setup(const rd_router_cfg *cfg, const char *profile, const double *lonlat,
                             int n, route_job *j, rd_error *err) {
    RD_TRY(check_call(cfg, profile, lonlat, n, &j->f, err));
    if (cfg->max_route_stops < 2 || cfg->max_parallel < 1)
        return rd_err(err, RD_ERR_INPUT,
                      "router: stops per route request must be >= 2 and connections >= 1");
    j->f.route = 1;
    j->f.err = err;
    if (n >= 2) {
        j->pending = 1;
        /* halving starts from the route's own length when it is shorter */
        j->b = cfg->max_route_stops < n ? cfg->max_route_stops : n;
        return RD_OK;
    }
    j->lat = malloc(sizeof *j->lat); /* nothing to route: the point itself, if any */
    j->lon = malloc(sizeof *j->lon);
    if (!j->lat || !j->lon) return rd_err(err, RD_ERR_NOMEM, "out of memory");
    if (n == 1) {
        j->lon[0] = lonlat[0];
        j->lat[0] = lonlat[1];
        j->npts = 1;
    }
    return RD_OK;
}

rd_status rd_router_routes(const rd_router_cfg *cfg, int n_routes, const char *const *profiles,
                           const double *const *lonlat, const int *n, char **polylines,
                           rd_error *errs) {
    if (n_routes <= 0) return RD_OK;
    rd_error *own = errs ? NULL : malloc((size_t)n_routes * sizeof *own);
    rd_error *e = errs ? errs : own;
    route_job *jobs = calloc((size_t)n_routes, sizeof *jobs);
    if (!e || !jobs) {
        free(own);
        free(jobs);
        for (int r = 0; r < n_routes; r++) polylines[r] = NULL;
        for (int r = 0; errs && r < n_routes; r++) rd_err(&errs[r], RD_ERR_NOMEM, "out of memory");
        return RD_ERR_NOMEM;
    }
    int pending = 0;
    for (int r = 0; r < n_routes; r++) {
        polylines[r] = NULL;
        rd_error_clear(&e[r]);
        jobs[r].st = route_setup(cfg, profiles[r], lonlat[r], n[r], &jobs[r], &e[r]);
        pending += jobs[r].pending;
    }
    rd_status st = RD_OK;
    while (pending > 0 && st == RD_OK) {
        st = fetch_round(cfg, jobs, n_routes, e);
        pending = 0;
        for (int r = 0; r < n_routes; r++) pending += jobs[r].pending;
    }
    rd_status first = RD_OK;
    for (int r = 0; r < n_routes; r++) {
        route_job *j = &jobs[r];
        if (st != RD_OK && j->pending) j->st = rd_err(&e[r], st, "out of memory");
        if (j->st == RD_OK) {
            polylines[r] = rd_geo_polyline(j->lat, j->lon, j->npts, 5);
            if (!polylines[r])
                j->st = rd_err(&e[r], RD_ERR_NOMEM, "out of memory encoding a route geometry");
        }
        if (first == RD_OK) first = j->st;
        free(j->lat);
        free(j->lon);
    }
    free(jobs);
    free(own);
    return first;
}

rd_status rd_router_route(const rd_router_cfg *cfg, const char *profile, const double *lonlat,
                          int n, char **polyline, rd_error *err) {
    rd_error e;
    rd_status st = rd_router_routes(cfg, 1, &profile, &lonlat, &n, polyline, &e);
    if (st != RD_OK && err) *err = e;
    return st;
}
