/* router: travel-time matrices from OSRM, Valhalla and openrouteservice (see router.h). */
#include "io/router.h"

#include <curl/curl.h>
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "io/geo.h"

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

typedef struct sbuf {
    char *p;
    size_t len, cap;
    int oom;
} sbuf;

static void sb_add(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_add(sbuf *b, const char *fmt, ...) {
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

/* ---------------------------------------------------------------- one request */

typedef struct req {
    int s0, ns, d0, nd;     /* sources [s0, s0+ns), destinations [d0, d0+nd) */
    char *url, *body;       /* body NULL: GET */
    char where[640];        /* for messages: the service URL without coordinates, block */
    CURL *h;                /* while in flight */
    char *buf;              /* response body */
    size_t len, cap, limit; /* limit: the response size cap */
    int overflow;           /* the response passed the cap */
    long retry_after_s;     /* Retry-After of the last answer, -1 when none */
    int attempts;           /* requests sent so far */
    int64_t not_before_ms;  /* monotonic time before which it must not be (re)sent */
    int done;               /* answered and parsed */
    double *lat, *lon;      /* route: the piece's geometry, degrees (malloc'd) */
    int npts;               /* route: points in lat, lon */
} req;

static size_t on_body(char *data, size_t size, size_t nmemb, void *user) {
    req *r = user;
    size_t k = size * nmemb;
    if (r->len + k > r->limit) {
        r->overflow = 1;
        return 0; /* aborts the transfer: CURLE_WRITE_ERROR */
    }
    if (r->len + k + 1 > r->cap) {
        size_t nc = r->cap ? r->cap : 4096;
        while (nc < r->len + k + 1) nc *= 2;
        char *p = realloc(r->buf, nc);
        if (!p) return 0;
        r->buf = p;
        r->cap = nc;
    }
    memcpy(r->buf + r->len, data, k);
    r->len += k;
    r->buf[r->len] = '\0';
    return k;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *user) {
    req *r = user;
    size_t k = size * nmemb;
    static const char name[] = "retry-after:";
    if (k > sizeof name - 1 && !strncasecmp(data, name, sizeof name - 1)) {
        char v[32];
        size_t vl = k - (sizeof name - 1);
        if (vl >= sizeof v) vl = sizeof v - 1;
        memcpy(v, data + sizeof name - 1, vl);
        v[vl] = '\0';
        char *end;
        long s = strtol(v, &end, 10); /* seconds; an HTTP date falls back to the backoff */
        while (*end == ' ' || *end == '\r' || *end == '\n') end++;
        if (end != v && !*end && s >= 0) r->retry_after_s = s;
    }
    return k;
}

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---------------------------------------------------------------- fetch state */

typedef struct fetch {
    const rd_router_cfg *cfg;
    const rd_router_server *srv;
    const char *profile; /* as named by the caller */
    const char *api_profile;
    const double *lonlat;
    int n;
    int64_t *dur, *dist; /* n*n, -1 for a null cell */
    rd_error *err;
    int *bad;
    int too_big; /* a server said the block (route: the piece) was too large */
    int route;   /* nonzero: route geometry through the n stops (rd_router_route) */
} fetch;

static const char *api_profile(rd_router_kind kind, const char *profile) {
    /* VROOM's default profile is "car"; Valhalla and ORS name theirs differently. */
    static const char *const valhalla[][2] = {
        {"car", "auto"}, {"bike", "bicycle"}, {"foot", "pedestrian"}};
    static const char *const ors[][2] = {
        {"car", "driving-car"}, {"bike", "cycling-regular"}, {"foot", "foot-walking"}};
    for (int k = 0; k < 3; k++) {
        if (kind == RD_ROUTER_VALHALLA && !strcmp(profile, valhalla[k][0])) return valhalla[k][1];
        if (kind == RD_ROUTER_ORS && !strcmp(profile, ors[k][0])) return ors[k][1];
    }
    return profile;
}

/* Appends `v` as a JSON string (quoted and escaped). */
static void sb_json_string(sbuf *b, const char *v) {
    json_t *c = json_string(v);
    char *cs = c ? json_dumps(c, JSON_ENCODE_ANY) : NULL;
    json_decref(c);
    if (!cs) b->oom = 1;
    sb_add(b, "%s", cs ? cs : "\"\"");
    free(cs);
}

/* Builds the route request of r's stops [s0, s0 + ns) (route.h's three formats). */
/* The server's URL up to the service: scheme (https on port 443), host,
 * port and path prefix. */
static void sb_base_url(sbuf *u, const rd_router_server *s) {
    sb_add(u, "%s://%s:%d/%s%s", s->port == 443 ? "https" : "http", s->host, s->port, s->path,
           s->path[0] ? "/" : "");
}

static rd_status build_route_request(fetch *f, req *r) {
    const double *ll = f->lonlat + 2 * (size_t)r->s0;
    sbuf u = {0}, b = {0};
    sb_base_url(&u, f->srv);
    size_t keep = 0; /* the URL up to the coordinates, for messages */
    if (f->cfg->kind == RD_ROUTER_OSRM) {
        sb_add(&u, "route/v1/%s", f->api_profile);
        keep = u.len;
        for (int k = 0; k < r->ns; k++)
            sb_add(&u, "%s%.6f,%.6f", k ? ";" : "/", ll[2 * k], ll[2 * k + 1]);
        /* continue_straight=false: a U-turn at a stop is allowed, as in the table's
         * durations (VROOM asks the same) */
        sb_add(&u, "?alternatives=false&steps=false&overview=full&geometries=polyline"
                   "&continue_straight=false");
    } else if (f->cfg->kind == RD_ROUTER_VALHALLA) {
        sb_add(&u, "route");
        keep = u.len;
        sb_add(&b, "{\"locations\":[");
        for (int k = 0; k < r->ns; k++)
            sb_add(&b, "%s{\"lon\":%.6f,\"lat\":%.6f}", k ? "," : "", ll[2 * k], ll[2 * k + 1]);
        sb_add(&b, "],\"costing\":");
        sb_json_string(&b, f->api_profile);
        sb_add(&b, ",\"directions_options\":{\"directions_type\":\"none\"}}");
    } else {
        sb_add(&u, "v2/directions/%s", f->api_profile);
        keep = u.len;
        sb_add(&b, "{\"coordinates\":[");
        for (int k = 0; k < r->ns; k++)
            sb_add(&b, "%s[%.6f,%.6f]", k ? "," : "", ll[2 * k], ll[2 * k + 1]);
        sb_add(&b, "]}");
    }
    if (u.oom || b.oom) {
        free(u.p);
        free(b.p);
        return rd_err(f->err, RD_ERR_NOMEM, "out of memory building a routing request");
    }
    if (r->ns == f->n)
        snprintf(r->where, sizeof r->where, "%.*s", keep > 400 ? 400 : (int)keep, u.p);
    else
        snprintf(r->where, sizeof r->where, "%.*s (stops %d-%d of %d)",
                 keep > 400 ? 400 : (int)keep, u.p, r->s0, r->s0 + r->ns - 1, f->n);
    r->url = u.p;
    r->body = b.p;
    return RD_OK;
}

/* Builds r's URL and body. The block's locations: the sources, then the destinations
 * unless both chunks are the same. */
static rd_status build_request(fetch *f, req *r) {
    if (f->route) return build_route_request(f, r);
    const double *ll = f->lonlat;
    int same = r->s0 == r->d0 && r->ns == r->nd;
    sbuf u = {0}, b = {0};
    sb_base_url(&u, f->srv);
    if (f->cfg->kind == RD_ROUTER_OSRM) {
        sb_add(&u, "table/v1/%s/", f->api_profile);
        for (int k = 0; k < r->ns; k++)
            sb_add(&u, "%s%.6f,%.6f", k ? ";" : "", ll[2 * (r->s0 + k)], ll[2 * (r->s0 + k) + 1]);
        if (!same)
            for (int k = 0; k < r->nd; k++)
                sb_add(&u, ";%.6f,%.6f", ll[2 * (r->d0 + k)], ll[2 * (r->d0 + k) + 1]);
        sb_add(&u, "?");
        if (!same) {
            sb_add(&u, "sources=");
            for (int k = 0; k < r->ns; k++) sb_add(&u, "%s%d", k ? ";" : "", k);
            sb_add(&u, "&destinations=");
            for (int k = 0; k < r->nd; k++) sb_add(&u, "%s%d", k ? ";" : "", r->ns + k);
            sb_add(&u, "&");
        }
        sb_add(&u, "annotations=duration,distance");
    } else if (f->cfg->kind == RD_ROUTER_VALHALLA) {
        sb_add(&u, "sources_to_targets");
        sb_add(&b, "{\"sources\":[");
        for (int k = 0; k < r->ns; k++)
            sb_add(&b, "%s{\"lon\":%.6f,\"lat\":%.6f}", k ? "," : "", ll[2 * (r->s0 + k)],
                   ll[2 * (r->s0 + k) + 1]);
        sb_add(&b, "],\"targets\":[");
        for (int k = 0; k < r->nd; k++)
            sb_add(&b, "%s{\"lon\":%.6f,\"lat\":%.6f}", k ? "," : "", ll[2 * (r->d0 + k)],
                   ll[2 * (r->d0 + k) + 1]);
        sb_add(&b, "],\"costing\":");
        sb_json_string(&b, f->api_profile);
        sb_add(&b, "}");
    } else {
        sb_add(&u, "v2/matrix/%s", f->api_profile);
        sb_add(&b, "{\"locations\":[");
        for (int k = 0; k < r->ns; k++)
            sb_add(&b, "%s[%.6f,%.6f]", k ? "," : "", ll[2 * (r->s0 + k)], ll[2 * (r->s0 + k) + 1]);
        if (!same)
            for (int k = 0; k < r->nd; k++)
                sb_add(&b, ",[%.6f,%.6f]", ll[2 * (r->d0 + k)], ll[2 * (r->d0 + k) + 1]);
        sb_add(&b, "],\"metrics\":[\"duration\",\"distance\"]");
        if (!same) {
            sb_add(&b, ",\"sources\":[");
            for (int k = 0; k < r->ns; k++) sb_add(&b, "%s%d", k ? "," : "", k);
            sb_add(&b, "],\"destinations\":[");
            for (int k = 0; k < r->nd; k++) sb_add(&b, "%s%d", k ? "," : "", r->ns + k);
            sb_add(&b, "]");
        }
        sb_add(&b, "}");
    }
    if (!u.oom) { /* OSRM: up to the coordinates; the others: the whole URL */
        const char *q = f->cfg->kind == RD_ROUTER_OSRM ? strstr(u.p, "table/v1/") : NULL;
        int keep = q ? (int)(strchr(q + 9, '/') - u.p) : (int)u.len;
        int whole = r->ns == f->n && r->nd == f->n;
        snprintf(r->where, sizeof r->where, "%.*s%s", keep > 400 ? 400 : keep, u.p,
                 whole ? "" : " (block: rows ");
        if (!whole) {
            size_t w = strlen(r->where);
            snprintf(r->where + w, sizeof r->where - w, "%d-%d, columns %d-%d)", r->s0,
                     r->s0 + r->ns - 1, r->d0, r->d0 + r->nd - 1);
        }
    }
    if (u.oom || b.oom) {
        free(u.p);
        free(b.p);
        return rd_err(f->err, RD_ERR_NOMEM, "out of memory building a routing request");
    }
    r->url = u.p;
    r->body = b.p;
    return RD_OK;
}

/* The location index (0-based, within the block's list) in an error message, after
 * `word` ("coordinate " for OSRM, "point " for ORS), or -1. */
static int index_after(const char *msg, const char *word) {
    const char *p = msg ? strstr(msg, word) : NULL;
    if (!p) return -1;
    p += strlen(word);
    char *end;
    long v = strtol(p, &end, 10);
    return end == p || v < 0 || v > INT32_MAX ? -1 : (int)v;
}

/* The global index of the block's k-th location. */
static int block_location(const req *r, int k) {
    int same = r->s0 == r->d0 && r->ns == r->nd;
    if (k < 0) return -1;
    if (k < r->ns) return r->s0 + k;
    if (!same && k < r->ns + r->nd) return r->d0 + k - r->ns;
    return -1;
}

static rd_status unroutable(fetch *f, int loc, const char *fmt, const char *detail) {
    if (f->bad) *f->bad = loc;
    if (loc < 0)
        return rd_err(f->err, RD_ERR_ROUTING, "%s: %s", rd_router_kind_name(f->cfg->kind), detail);
    rd_err(f->err, RD_ERR_ROUTING, fmt, rd_router_kind_name(f->cfg->kind), detail);
    return rd_err_prefix(f->err, "location %d [%.6f, %.6f]", loc, f->lonlat[2 * loc],
                         f->lonlat[2 * loc + 1]);
}

/* Reads an error answer (any HTTP status) in the API's error format; returns the
 * status to report (f->too_big set when the table was too large). */
static rd_status api_error(fetch *f, req *r, long http, json_t *root) {
    const char *kind = rd_router_kind_name(f->cfg->kind);
    const char *code = NULL, *msg = NULL;
    long num = 0;
    if (f->cfg->kind == RD_ROUTER_OSRM) {
        code = json_string_value(json_object_get(root, "code"));
        msg = json_string_value(json_object_get(root, "message"));
        if (code && !strcmp(code, "TooBig")) f->too_big = 1;
        if (code && (!strcmp(code, "NoSegment") || !strcmp(code, "NoTable"))) {
            int loc = block_location(r, index_after(msg, "coordinate "));
            char d[RD_ERROR_MSG_MAX / 2];
            snprintf(d, sizeof d, "%s: %s", code, msg ? msg : "no message");
            return unroutable(f, loc, "%s: no road near this location (%s)", d);
        }
    } else if (f->cfg->kind == RD_ROUTER_VALHALLA) {
        num = (long)json_integer_value(json_object_get(root, "error_code"));
        msg = json_string_value(json_object_get(root, "error"));
        if (num == 150) f->too_big = 1; /* "Exceeded max locations" */
        if (num == 170 || num == 171) {
            char d[RD_ERROR_MSG_MAX / 2];
            snprintf(d, sizeof d, "error %ld: %s", num, msg ? msg : "no message");
            return unroutable(f, -1, "%s: %s", d);
        }
    } else {
        json_t *e = json_object_get(root, "error");
        if (json_is_string(e))
            msg = json_string_value(e);
        else {
            num = (long)json_integer_value(json_object_get(e, "code"));
            msg = json_string_value(json_object_get(e, "message"));
        }
        /* matrix 6004, directions 2004: more locations than the server takes */
        if (num == 6004 || num == 2004) f->too_big = 1;
        if (num == 6010 || num == 2010) { /* matrix "point K", directions "coordinate K" */
            int loc = block_location(r, index_after(msg, num == 6010 ? "point " : "coordinate "));
            char d[RD_ERROR_MSG_MAX / 2];
            snprintf(d, sizeof d, "error %ld: %s", num, msg ? msg : "no message");
            return unroutable(f, loc, "%s: no road near this location (%s)", d);
        }
    }
    char c[64] = "";
    if (code)
        snprintf(c, sizeof c, "%s: ", code);
    else if (num)
        snprintf(c, sizeof c, "error %ld: ", num);
    return rd_err(f->err, RD_ERR_ROUTING, "%s: HTTP %ld from %s: %s%s", kind, http, r->where, c,
                  msg ? msg : "(no message)");
}

/* Reads one value of a cell: a non-negative number (scaled), or null (-1). */
static int cell(json_t *v, double scale, int64_t *out) {
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

/* Stores an (ns × nd) array of arrays `a` into out (NULL: checked only). */
static int rows_into(fetch *f, req *r, json_t *a, double scale, int64_t *out) {
    if (json_array_size(a) != (size_t)r->ns) return -1;
    for (int i = 0; i < r->ns; i++) {
        json_t *row = json_array_get(a, (size_t)i);
        if (json_array_size(row) != (size_t)r->nd) return -1;
        for (int j = 0; j < r->nd; j++) {
            int64_t v;
            if (cell(json_array_get(row, (size_t)j), scale, &v)) return -1;
            if (out) out[(int64_t)(r->s0 + i) * f->n + r->d0 + j] = v;
        }
    }
    return 0;
}

/* Appends the m points lat[i], lon[i] to r's, without a first point equal (to
 * 1e-6°) to the last one kept: the joint of two legs or pieces, which both carry
 * it. Returns 0, or -1 when memory runs out. */
static int append_points(req *r, const double *lat, const double *lon, int m) {
    int skip = r->npts > 0 && m > 0 &&
               llround(lat[0] * 1e6) == llround(r->lat[r->npts - 1] * 1e6) &&
               llround(lon[0] * 1e6) == llround(r->lon[r->npts - 1] * 1e6);
    size_t total = (size_t)r->npts + (size_t)(m - skip);
    if (total > INT32_MAX) return -1;
    double *la = realloc(r->lat, (total + 1) * sizeof *la);
    if (!la) return -1;
    r->lat = la;
    double *lo = realloc(r->lon, (total + 1) * sizeof *lo);
    if (!lo) return -1;
    r->lon = lo;
    memcpy(r->lat + r->npts, lat + skip, (size_t)(m - skip) * sizeof *lat);
    memcpy(r->lon + r->npts, lon + skip, (size_t)(m - skip) * sizeof *lon);
    r->npts = (int)total;
    return 0;
}

/* Decodes the polyline `v` (a JSON string, `what` in messages) at `precision` and
 * appends its points to r's (append_points). Returns RD_OK, RD_ERR_ROUTING when `v`
 * is not a polyline, RD_ERR_NOMEM. */
static rd_status append_polyline(fetch *f, req *r, json_t *v, int precision, const char *what) {
    const char *kind = rd_router_kind_name(f->cfg->kind);
    if (!json_is_string(v))
        return rd_err(f->err, RD_ERR_ROUTING, "%s: answer from %s: expected %s as a string", kind,
                      r->where, what);
    double *lat, *lon;
    int m;
    rd_error e;
    rd_status st = rd_geo_polyline_decode(json_string_value(v), json_string_length(v), precision,
                                          &lat, &lon, &m, &e);
    if (st == RD_ERR_NOMEM) return rd_err(f->err, st, "out of memory reading a route geometry");
    if (st != RD_OK)
        return rd_err(f->err, RD_ERR_ROUTING, "%s: answer from %s: %s: %s", kind, r->where, what,
                      e.msg);
    int bad = append_points(r, lat, lon, m);
    free(lat);
    free(lon);
    return bad ? rd_err(f->err, RD_ERR_NOMEM, "out of memory joining a route geometry") : RD_OK;
}

/* Reads a route answer's geometry into r->lat, r->lon: OSRM's and ORS's
 * routes[0].geometry (precision 5), Valhalla's trip.legs[k].shape (precision 6)
 * joined. */
static rd_status parse_route(fetch *f, req *r, json_t *root) {
    const char *kind = rd_router_kind_name(f->cfg->kind);
    if (f->cfg->kind != RD_ROUTER_VALHALLA) {
        json_t *route0 = json_array_get(json_object_get(root, "routes"), 0);
        return append_polyline(f, r, json_object_get(route0, "geometry"), 5, "routes[0].geometry");
    }
    json_t *trip = json_object_get(root, "trip");
    json_t *status = json_object_get(trip, "status");
    if (json_is_integer(status) && json_integer_value(status) != 0) {
        const char *m = json_string_value(json_object_get(trip, "status_message"));
        return rd_err(f->err, RD_ERR_ROUTING,
                      "%s: answer from %s: trip status %" JSON_INTEGER_FORMAT ": %s", kind,
                      r->where, json_integer_value(status), m ? m : "(no message)");
    }
    json_t *legs = json_object_get(trip, "legs");
    if (!json_is_array(legs) || json_array_size(legs) == 0)
        return rd_err(f->err, RD_ERR_ROUTING, "%s: answer from %s: expected trip.legs", kind,
                      r->where);
    for (size_t k = 0; k < json_array_size(legs); k++) {
        char what[48];
        snprintf(what, sizeof what, "trip.legs[%zu].shape", k);
        RD_TRY(append_polyline(f, r, json_object_get(json_array_get(legs, k), "shape"), 6, what));
    }
    return RD_OK;
}

/* Parses a 200 answer into the matrices (route: the geometry). */
static rd_status parse_answer(fetch *f, req *r, json_t *root) {
    const char *kind = rd_router_kind_name(f->cfg->kind);
    if (f->cfg->kind == RD_ROUTER_OSRM) {
        const char *code = json_string_value(json_object_get(root, "code"));
        if (!code || strcmp(code, "Ok")) return api_error(f, r, 200, root);
    } else if (f->cfg->kind == RD_ROUTER_VALHALLA) {
        if (json_object_get(root, "error_code")) return api_error(f, r, 200, root);
    } else if (json_object_get(root, "error")) {
        return api_error(f, r, 200, root);
    }
    if (f->route) return parse_route(f, r, root);
    if (f->cfg->kind == RD_ROUTER_VALHALLA) {
        json_t *a = json_object_get(root, "sources_to_targets");
        if (json_is_object(a)) { /* "verbose": false: {durations: [[s]], distances: [[km]]} */
            if (rows_into(f, r, json_object_get(a, "durations"), 1.0, f->dur) ||
                rows_into(f, r, json_object_get(a, "distances"), 1000.0, f->dist))
                return rd_err(f->err, RD_ERR_ROUTING,
                              "%s: answer from %s: expected sources_to_targets.durations and "
                              ".distances as %d rows of %d numbers or null",
                              kind, r->where, r->ns, r->nd);
            return RD_OK;
        }
        int ok = json_array_size(a) == (size_t)r->ns;
        for (int i = 0; ok && i < r->ns; i++) {
            json_t *row = json_array_get(a, (size_t)i);
            if (json_array_size(row) != (size_t)r->nd) {
                ok = 0;
                break;
            }
            for (int j = 0; j < r->nd; j++) {
                json_t *c = json_array_get(row, (size_t)j);
                int64_t t, d;
                if (!json_is_object(c) || cell(json_object_get(c, "time"), 1.0, &t) ||
                    cell(json_object_get(c, "distance"), 1000.0, &d)) {
                    ok = 0;
                    break;
                }
                if (t < 0 || d < 0) t = d = -1;
                int64_t at = (int64_t)(r->s0 + i) * f->n + r->d0 + j;
                f->dur[at] = t;
                f->dist[at] = d;
            }
        }
        if (!ok)
            return rd_err(f->err, RD_ERR_ROUTING,
                          "%s: answer from %s: expected sources_to_targets as %d rows of %d "
                          "{time, distance}",
                          kind, r->where, r->ns, r->nd);
        return RD_OK;
    }
    if (rows_into(f, r, json_object_get(root, "durations"), 1.0, f->dur) ||
        rows_into(f, r, json_object_get(root, "distances"), 1.0, f->dist))
        return rd_err(f->err, RD_ERR_ROUTING,
                      "%s: answer from %s: expected durations and distances as %d rows of "
                      "%d numbers or null",
                      kind, r->where, r->ns, r->nd);
    return RD_OK;
}

/* ---------------------------------------------------------------- the transfer loop */

static rd_status start(fetch *f, CURLM *multi, req *r, struct curl_slist *hdrs) {
    CURL *h = curl_easy_init();
    if (!h) return rd_err(f->err, RD_ERR_NOMEM, "out of memory (curl_easy_init)");
    r->len = 0;
    r->overflow = 0;
    r->retry_after_s = -1;
    r->npts = 0;
    r->limit = f->cfg->max_response;
    r->attempts++;
    curl_easy_setopt(h, CURLOPT_URL, r->url);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, r);
    curl_easy_setopt(h, CURLOPT_PRIVATE, r);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, f->cfg->connect_timeout_ms);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, f->cfg->timeout_ms);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, ""); /* gzip/deflate when offered */
    curl_easy_setopt(h, CURLOPT_USERAGENT, "rondo");
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    if ((curl_off_t)f->cfg->max_response > 0)
        curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)f->cfg->max_response);
    if (r->body) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, r->body);
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    }
    if (curl_multi_add_handle(multi, h) != CURLM_OK) {
        curl_easy_cleanup(h);
        return rd_err(f->err, RD_ERR_INTERNAL, "curl_multi_add_handle failed");
    }
    r->h = h;
    return RD_OK;
}

/* Decides what a finished transfer means: RD_OK with r->done, RD_OK with a retry
 * scheduled (r->not_before_ms), or an error. */
static rd_status finish(fetch *f, req *r, CURLcode cc) {
    const rd_router_cfg *cfg = f->cfg;
    const char *kind = rd_router_kind_name(cfg->kind);
    long http = 0;
    curl_easy_getinfo(r->h, CURLINFO_RESPONSE_CODE, &http);
    int retry = 0;
    char why[160];
    if (cc != CURLE_OK) {
        if (r->overflow || cc == CURLE_FILESIZE_EXCEEDED)
            return rd_err(f->err, RD_ERR_ROUTING,
                          "%s: answer from %s is larger than the %zu-byte cap", kind, r->where,
                          cfg->max_response);
        if (cc == CURLE_OPERATION_TIMEDOUT)
            return rd_err(f->err, RD_ERR_ROUTING, "%s: %s: no answer within %ld ms (timeout)", kind,
                          r->where, cfg->timeout_ms);
        if (cc == CURLE_OUT_OF_MEMORY || cc == CURLE_WRITE_ERROR)
            return rd_err(f->err, RD_ERR_NOMEM, "out of memory reading a routing answer");
        snprintf(why, sizeof why, "%s", curl_easy_strerror(cc));
        retry = cc == CURLE_COULDNT_CONNECT || cc == CURLE_COULDNT_RESOLVE_HOST ||
                cc == CURLE_RECV_ERROR || cc == CURLE_SEND_ERROR || cc == CURLE_GOT_NOTHING ||
                cc == CURLE_PARTIAL_FILE;
        if (!retry) return rd_err(f->err, RD_ERR_ROUTING, "%s: %s: %s", kind, r->where, why);
    } else if (http == 429 || (http >= 500 && http <= 599)) {
        snprintf(why, sizeof why, "HTTP %ld", http);
        retry = 1;
    }
    if (retry) {
        if (r->attempts > cfg->retries)
            return rd_err(f->err, RD_ERR_ROUTING, "%s: %s: %s after %d attempts", kind, r->where,
                          why, r->attempts);
        int64_t wait = cfg->backoff_ms;
        for (int k = 1; k < r->attempts && wait < cfg->max_wait_ms; k++) wait *= 2;
        if (http == 429 && r->retry_after_s >= 0) wait = (int64_t)r->retry_after_s * 1000;
        if (wait > cfg->max_wait_ms) wait = cfg->max_wait_ms;
        r->not_before_ms = now_ms() + wait;
        return RD_OK;
    }
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
    rd_status st = http == 200 ? parse_answer(f, r, root) : api_error(f, r, http, root);
    json_decref(root);
    if (st == RD_OK) r->done = 1;
    return st;
}

/* Sends the nreq requests rs (URLs and bodies built), at most cfg->max_parallel at
 * a time (one curl multi handle), retrying as router.h says, until every one is
 * answered and parsed or one fails (its error in f->err; the others are abandoned).
 * The responses stay in rs for the caller to free (free_requests). */
static rd_status transfer(fetch *f, req *rs, int nreq) {
    CURLM *multi = curl_multi_init();
    struct curl_slist *hdrs = curl_slist_append(NULL, "Content-Type: application/json");
    rd_status st = RD_OK;
    if (!multi || !hdrs) {
        st = rd_err(f->err, RD_ERR_NOMEM, "out of memory");
        goto out;
    }
    int next = 0, active = 0, left = nreq;
    while (st == RD_OK && left > 0) {
        /* start what may start: new requests in order, then retries whose wait is over */
        int64_t now = now_ms(), wake = -1;
        for (int k = 0; k < nreq && active < f->cfg->max_parallel && st == RD_OK; k++) {
            req *r = &rs[k];
            if (r->done || r->h || (k >= next && k != next)) continue;
            if (r->not_before_ms > now) {
                if (wake < 0 || r->not_before_ms < wake) wake = r->not_before_ms;
                continue;
            }
            st = start(f, multi, r, hdrs);
            if (st == RD_OK) active++;
            if (k == next) next++;
        }
        if (st != RD_OK) break;
        int running;
        curl_multi_perform(multi, &running);
        CURLMsg *m;
        int q;
        while (st == RD_OK && (m = curl_multi_info_read(multi, &q))) {
            if (m->msg != CURLMSG_DONE) continue;
            char *pv = NULL;
            curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &pv);
            req *r = (req *)pv;
            CURLcode cc = m->data.result;
            st = finish(f, r, cc);
            curl_multi_remove_handle(multi, r->h);
            curl_easy_cleanup(r->h);
            r->h = NULL;
            active--;
            if (r->done) left--;
        }
        if (st != RD_OK || left == 0) break;
        if (next < nreq && active < f->cfg->max_parallel) continue; /* a slot is free: fill it */
        int timeout = 100;
        if (wake >= 0) {
            int64_t w = wake - now_ms();
            if (w < timeout) timeout = w < 0 ? 0 : (int)w;
        }
        if (active > 0)
            curl_multi_poll(multi, NULL, 0, timeout, NULL);
        else if (timeout > 0) {
            struct timespec ts = {timeout / 1000, (long)(timeout % 1000) * 1000000L};
            nanosleep(&ts, NULL);
        }
    }
out:
    for (int k = 0; k < nreq; k++)
        if (rs[k].h) {
            curl_multi_remove_handle(multi, rs[k].h);
            curl_easy_cleanup(rs[k].h);
            rs[k].h = NULL;
        }
    if (multi) curl_multi_cleanup(multi);
    curl_slist_free_all(hdrs);
    return st;
}

static void free_requests(req *rs, int nreq) {
    for (int k = 0; rs && k < nreq; k++) {
        free(rs[k].url);
        free(rs[k].body);
        free(rs[k].buf);
        free(rs[k].lat);
        free(rs[k].lon);
    }
    free(rs);
}

/* Fetches every block of size b (locations per request). */
static rd_status fetch_blocks(fetch *f, int b) {
    int n = f->n;
    int chunk = n <= b ? n : b / 2;
    int nc = (n + chunk - 1) / chunk;
    int nreq = nc * nc;
    req *rs = calloc((size_t)nreq, sizeof *rs);
    if (!rs) return rd_err(f->err, RD_ERR_NOMEM, "out of memory");
    rd_status st = RD_OK;
    for (int i = 0; i < nc && st == RD_OK; i++)
        for (int j = 0; j < nc && st == RD_OK; j++) {
            req *r = &rs[i * nc + j];
            r->s0 = i * chunk;
            r->ns = n - r->s0 < chunk ? n - r->s0 : chunk;
            r->d0 = j * chunk;
            r->nd = n - r->d0 < chunk ? n - r->d0 : chunk;
            st = build_request(f, r);
        }
    if (st == RD_OK) st = transfer(f, rs, nreq);
    free_requests(rs, nreq);
    return st;
}

/* After assembly: a null cell makes the location with the most null cells in its
 * row and column (the lowest index among equals) the unroutable one, as VROOM
 * blames the location whose routes are missing. */
static rd_status check_nulls(fetch *f) {
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
 * the profile's server (*srv). */
static rd_status check_call(const rd_router_cfg *cfg, const char *profile, const double *lonlat,
                            int n, const rd_router_server **srv, rd_error *err) {
    if (n < 0) return rd_err(err, RD_ERR_INPUT, "router: negative number of locations");
    if (cfg->kind == RD_ROUTER_LIBOSRM)
        return rd_err(err, RD_ERR_ROUTING,
                      "libosrm: rondo is not linked with libosrm; run osrm-routed and use -r osrm");
    *srv = rd_router_cfg_server(cfg, profile);
    if (!*srv)
        return rd_err(err, RD_ERR_INPUT,
                      "profile '%s': no routing server (give one with -a %s:HOST and -p %s:PORT)",
                      profile, profile, profile);
    for (int i = 0; i < 2 * n; i++)
        if (!isfinite(lonlat[i]))
            return rd_err(err, RD_ERR_INPUT, "location %d: coordinates are not finite", i / 2);
    return RD_OK;
}

/* Fetches the route through f's stops in pieces of at most b stops, consecutive
 * pieces sharing a stop, and joins them into *lat, *lon (*npts points, malloc'd). */
static rd_status fetch_pieces(fetch *f, int b, double **lat, double **lon, int *npts) {
    const int n = f->n;
    const int nreq = n <= b ? 1 : (n - 1 + b - 2) / (b - 1); /* ceil((n - 1) / (b - 1)) */
    req *rs = calloc((size_t)nreq, sizeof *rs);
    if (!rs) return rd_err(f->err, RD_ERR_NOMEM, "out of memory");
    rd_status st = RD_OK;
    for (int k = 0; k < nreq && st == RD_OK; k++) {
        req *r = &rs[k];
        r->s0 = k * (b - 1);
        r->ns = n - r->s0 < b ? n - r->s0 : b;
        st = build_request(f, r);
    }
    if (st == RD_OK) st = transfer(f, rs, nreq);
    /* the pieces end to end, the stop two pieces share kept once (append_points) */
    req all = {.npts = 0};
    for (int k = 0; k < nreq && st == RD_OK; k++)
        if (append_points(&all, rs[k].lat, rs[k].lon, rs[k].npts))
            st = rd_err(f->err, RD_ERR_NOMEM, "out of memory joining a route geometry");
    free_requests(rs, nreq);
    if (st == RD_OK) {
        *lat = all.lat;
        *lon = all.lon;
        *npts = all.npts;
    } else {
        free(all.lat);
        free(all.lon);
    }
    return st;
}

rd_status rd_router_route(const rd_router_cfg *cfg, const char *profile, const double *lonlat,
                          int n, char **polyline, rd_error *err) {
    *polyline = NULL;
    const rd_router_server *srv = NULL;
    RD_TRY(check_call(cfg, profile, lonlat, n, &srv, err));
    if (cfg->max_route_stops < 2 || cfg->max_parallel < 1)
        return rd_err(err, RD_ERR_INPUT,
                      "router: stops per route request must be >= 2 and connections >= 1");
    double *lat = NULL, *lon = NULL;
    int npts = 0;
    rd_status st = RD_OK;
    if (n < 2) { /* nothing to route: the point itself, if any */
        lat = malloc(sizeof *lat);
        lon = malloc(sizeof *lon);
        if (lat && lon && n == 1) {
            lon[0] = lonlat[0];
            lat[0] = lonlat[1];
            npts = 1;
        }
        if (!lat || !lon) st = rd_err(err, RD_ERR_NOMEM, "out of memory");
    } else {
        fetch f = {.cfg = cfg,
                   .srv = srv,
                   .profile = profile,
                   .api_profile = api_profile(cfg->kind, profile),
                   .lonlat = lonlat,
                   .n = n,
                   .err = err,
                   .route = 1};
        /* halving starts from the route's own length when it is shorter */
        int b = cfg->max_route_stops < n ? cfg->max_route_stops : n;
        for (;; b /= 2) {
            f.too_big = 0;
            st = fetch_pieces(&f, b, &lat, &lon, &npts);
            if (st == RD_OK || !f.too_big || b / 2 < 2) break;
        }
        if (st != RD_OK && f.too_big)
            rd_err_prefix(err, "route too long for the server even in pieces of %d stops", b);
    }
    if (st == RD_OK) {
        *polyline = rd_geo_polyline(lat, lon, npts, 5);
        if (!*polyline) st = rd_err(err, RD_ERR_NOMEM, "out of memory encoding a route geometry");
    }
    free(lat);
    free(lon);
    return st;
}

rd_status rd_router_matrix(const rd_router_cfg *cfg, const char *profile, const double *lonlat,
                           int n, int64_t *durations, int64_t *distances, int *bad, rd_error *err) {
    if (bad) *bad = -1;
    const rd_router_server *srv = NULL;
    RD_TRY(check_call(cfg, profile, lonlat, n, &srv, err));
    if (n == 0) return RD_OK;
    if (cfg->max_locations < 2 || cfg->max_parallel < 1)
        return rd_err(err, RD_ERR_INPUT, "router: block size must be >= 2 and connections >= 1");
    size_t cells = (size_t)n * (size_t)n;
    if ((size_t)n > SIZE_MAX / (size_t)n / sizeof(int64_t))
        return rd_err(err, RD_ERR_NOMEM, "router: %d locations: matrix too large", n);
    fetch f = {.cfg = cfg,
               .srv = srv,
               .profile = profile,
               .api_profile = api_profile(cfg->kind, profile),
               .lonlat = lonlat,
               .n = n,
               .err = err,
               .bad = bad};
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
