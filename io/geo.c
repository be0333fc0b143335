#include "io/geo.h"

#include <geodesic.h>
#include <math.h>
#include <proj.h>
#include <stdlib.h>
#include <string.h>

#define WGS84_A        6378137.0
#define WGS84_F        (1 / 298.257223563)
#define MEAN_RADIUS    6371008.8 /* IUGG mean Earth radius R1, metres */
#define DEG            (3.14159265358979323846 / 180.0)
#define NO_AREA_BEYOND 999.0              /* proj_get_area_of_use gives -1000 for unknown bounds */
#define POLYLINE_MAX   4000000000000000LL /* |value| bound of a decoded polyline (units) */

static rd_status nomem(rd_error *err) {
    return rd_err(err, RD_ERR_NOMEM, "out of memory");
}

void rd_geo_points_free(rd_geo_points *p) {
    if (!p) return;
    free(p->x);
    free(p->y);
    free(p->lon);
    free(p->lat);
    memset(p, 0, sizeof *p);
}

/* Range check of a [lon, lat] pair in degrees. */
static rd_status check_lonlat(double lon, double lat, rd_error *err) {
    if (!isfinite(lon) || !isfinite(lat))
        return rd_err(err, RD_ERR_INPUT, "expected finite [lon, lat]");
    if (lon < -180 || lon > 180)
        return rd_err(err, RD_ERR_INPUT, "longitude %.10g is outside [-180, 180]", lon);
    if (lat < -90 || lat > 90)
        return rd_err(err, RD_ERR_INPUT, "latitude %.10g is outside [-90, 90]", lat);
    return RD_OK;
}

/* PROJ objects of one conversion, released together. */
typedef struct proj_set {
    PJ_CONTEXT *ctx;
    PJ *crs, *wgs84, *op, *norm, *cs;
} proj_set;

static void proj_set_free(proj_set *s) {
    if (s->cs) proj_destroy(s->cs);
    if (s->norm) proj_destroy(s->norm);
    if (s->op) proj_destroy(s->op);
    if (s->wgs84) proj_destroy(s->wgs84);
    if (s->crs) proj_destroy(s->crs);
    if (s->ctx) proj_context_destroy(s->ctx);
}

static const char *proj_reason(PJ_CONTEXT *ctx) {
    int e = proj_context_errno(ctx);
    const char *s = e ? proj_context_errno_string(ctx, e) : NULL;
    return s ? s : "no further detail";
}

/* Converts the points given in `crs` (a PROJ-known CRS) into `out`. */
static rd_status convert_crs(const char *crs, const double *xy, int n, rd_geo_points *out, int *bad,
                             rd_error *err) {
    proj_set s = {0};
    rd_status st = RD_OK;
    s.ctx = proj_context_create();
    if (!s.ctx) return nomem(err);
    proj_log_level(s.ctx, PJ_LOG_NONE); /* errors are reported here, not on stderr */
    proj_context_set_enable_network(s.ctx, 0);
    s.crs = proj_create(s.ctx, crs);
    if (!s.crs) {
        st = rd_err(err, RD_ERR_INPUT, "unknown CRS \"%s\" (not in PROJ's database)", crs);
        goto done;
    }
    PJ_TYPE type = proj_get_type(s.crs);
    if (type != PJ_TYPE_PROJECTED_CRS && type != PJ_TYPE_GEOGRAPHIC_2D_CRS) {
        st = rd_err(err, RD_ERR_INPUT, "\"%s\" is not a projected or geographic 2D CRS", crs);
        goto done;
    }
    out->planar = type == PJ_TYPE_PROJECTED_CRS;
    double unit = 1.0; /* metres per unit of the projected CRS's first axis */
    if (out->planar) {
        s.cs = proj_crs_get_coordinate_system(s.ctx, s.crs);
        if (!s.cs ||
            !proj_cs_get_axis_info(s.ctx, s.cs, 0, NULL, NULL, NULL, &unit, NULL, NULL, NULL) ||
            !(unit > 0)) {
            st = rd_err(err, RD_ERR_INPUT, "\"%s\": PROJ gives no linear unit for its axes", crs);
            goto done;
        }
    }
    s.wgs84 = proj_create(s.ctx, "EPSG:4326");
    s.op = s.wgs84 ? proj_create_crs_to_crs_from_pj(s.ctx, s.crs, s.wgs84, NULL, NULL) : NULL;
    s.norm = s.op ? proj_normalize_for_visualization(s.ctx, s.op) : NULL;
    if (!s.norm) {
        st = rd_err(err, RD_ERR_INPUT, "\"%s\": no transformation to WGS84 (PROJ: %s)", crs,
                    proj_reason(s.ctx));
        goto done;
    }
    double w = -1000, so = -1000, e = -1000, no = -1000;
    const char *area = NULL;
    int has_area = proj_get_area_of_use(s.ctx, s.crs, &w, &so, &e, &no, &area) &&
                   w > -NO_AREA_BEYOND && so > -NO_AREA_BEYOND && e > -NO_AREA_BEYOND &&
                   no > -NO_AREA_BEYOND;
    for (int i = 0; i < n; i++) {
        double x = xy[2 * i], y = xy[2 * i + 1];
        *bad = i;
        if (!isfinite(x) || !isfinite(y)) {
            st = rd_err(err, RD_ERR_INPUT, "expected finite [x, y]");
            goto done;
        }
        if (!out->planar && (st = check_lonlat(x, y, err)) != RD_OK) goto done;
        proj_errno_reset(s.norm);
        PJ_COORD c = proj_trans(s.norm, PJ_FWD, proj_coord(x, y, 0, 0));
        double lon = c.lp.lam, lat = c.lp.phi;
        if (!isfinite(lon) || !isfinite(lat) || lon == HUGE_VAL || fabs(lat) > 90 ||
            fabs(lon) > 540) {
            st = rd_err(err, RD_ERR_INPUT, "[%.10g, %.10g] cannot be transformed from %s to WGS84",
                        x, y, crs);
            goto done;
        }
        if (has_area) {
            int in_lon = w <= e ? (lon >= w && lon <= e) : (lon >= w || lon <= e);
            if (!in_lon || lat < so || lat > no) {
                /* the area's name up to its list of countries */
                int len = area ? (int)strcspn(area, ":;") : 0;
                st = rd_err(err, RD_ERR_INPUT,
                            "[%.10g, %.10g] (lon %.6f, lat %.6f) is outside the area of use of %s "
                            "(%.*s: lon %g to %g, lat %g to %g)",
                            x, y, lon, lat, crs, len < 80 ? len : 80, area ? area : "", w, e, so,
                            no);
                goto done;
            }
        }
        out->lon[i] = lon;
        out->lat[i] = lat;
        out->x[i] = out->planar ? x * unit : lon;
        out->y[i] = out->planar ? y * unit : lat;
    }
    *bad = -1;
done:
    proj_set_free(&s);
    return st;
}

rd_status rd_geo_points_make(const char *crs, const double *xy, int n, rd_geo_points *out, int *bad,
                             rd_error *err) {
    memset(out, 0, sizeof *out);
    *bad = -1;
    size_t sz = (size_t)(n > 0 ? n : 1) * sizeof(double);
    out->n = n;
    out->x = malloc(sz);
    out->y = malloc(sz);
    out->lon = malloc(sz);
    out->lat = malloc(sz);
    if (!out->x || !out->y || !out->lon || !out->lat) return nomem(err);
    if (crs) return convert_crs(crs, xy, n, out, bad, err);
    for (int i = 0; i < n; i++) {
        double lon = xy[2 * i], lat = xy[2 * i + 1];
        if (check_lonlat(lon, lat, err) != RD_OK) {
            *bad = i;
            return RD_ERR_INPUT;
        }
        out->x[i] = out->lon[i] = lon;
        out->y[i] = out->lat[i] = lat;
    }
    return RD_OK;
}

double rd_geo_geodesic(double lon1, double lat1, double lon2, double lat2) {
    struct geod_geodesic g;
    geod_init(&g, WGS84_A, WGS84_F);
    double s12 = 0;
    geod_inverse(&g, lat1, lon1, lat2, lon2, &s12, NULL, NULL);
    return s12;
}

double rd_geo_haversine(double lon1, double lat1, double lon2, double lat2) {
    double dlat = (lat2 - lat1) * DEG, dlon = (lon2 - lon1) * DEG;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * DEG) * cos(lat2 * DEG) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * MEAN_RADIUS * asin(sqrt(a < 1 ? a : 1));
}

double rd_geo_distance(const rd_geo_points *p, int i, int j) {
    if (p->planar) return hypot(p->x[i] - p->x[j], p->y[i] - p->y[j]);
    return rd_geo_geodesic(p->lon[i], p->lat[i], p->lon[j], p->lat[j]);
}

/* rd_geo_lengths' context: the points (planar metres or WGS84 degrees) and
 * the ellipsoid. */
typedef struct geo_len {
    int planar;
    double *x, *y;   /* planar: x, y; else lat, lon (geod_inverse's order) */
    double *px, *py; /* the plane of rd_lengths (geodesics: equirectangular) */
    struct geod_geodesic g;
} geo_len;

/* Geodesics: an equirectangular plane whose distances do not exceed the
 * geodesic ones by more than 2 % (lb 0.98) over a region of at most 5
 * degrees each way within 80 degrees of the equator: north-south metres
 * per degree at the ellipsoid's smallest meridional radius a(1 - e²), east-
 * west ones at the cosine of the region's latitude farthest from the equator
 * (the parallels are shortest there; a geodesic of 5 degrees bends less than
 * 0.1 degree poleward of it). Elsewhere no plane (lb 0: neighbour lists scan
 * every pair). */
static void geo_len_plane(geo_len *c, int n, rd_lengths *len) {
    if (c->planar) {
        memcpy(c->px, c->x, (size_t)n * sizeof *c->px);
        memcpy(c->py, c->y, (size_t)n * sizeof *c->py);
        len->lb = 1;
        return;
    }
    double la0 = 90, la1 = -90, lo0 = 180, lo1 = -180;
    for (int i = 0; i < n; i++) {
        la0 = fmin(la0, c->x[i]), la1 = fmax(la1, c->x[i]);
        lo0 = fmin(lo0, c->y[i]), lo1 = fmax(lo1, c->y[i]);
    }
    const double far = fmax(fabs(la0), fabs(la1));
    if (n == 0 || la1 - la0 > 5 || lo1 - lo0 > 5 || far > 80) return; /* lb 0 */
    const double e2 = WGS84_F * (2 - WGS84_F), m_deg = WGS84_A * (1 - e2) * DEG;
    const double p_deg = WGS84_A * cos(fmin(far + 0.1, 90) * DEG) * DEG;
    for (int i = 0; i < n; i++) {
        c->px[i] = (c->y[i] - lo0) * p_deg;
        c->py[i] = (c->x[i] - la0) * m_deg;
    }
    len->lb = 0.98;
}

static double geo_len_length(const void *ctx, int i, int j) {
    const geo_len *c = ctx;
    if (c->planar) return hypot(c->x[i] - c->x[j], c->y[i] - c->y[j]);
    double d = 0;
    geod_inverse(&c->g, c->x[i], c->y[i], c->x[j], c->y[j], &d, NULL, NULL);
    return d;
}

static void geo_len_free(void *ctx) {
    geo_len *c = ctx;
    if (!c) return;
    free(c->x);
    free(c->y);
    free(c->px);
    free(c->py);
    free(c);
}

rd_lengths *rd_geo_lengths(const rd_geo_points *p) {
    rd_lengths *len = calloc(1, sizeof *len);
    geo_len *c = calloc(1, sizeof *c);
    const size_t sz = (size_t)(p->n > 0 ? p->n : 1) * sizeof(double);
    if (c) {
        c->x = malloc(sz);
        c->y = malloc(sz);
        c->px = malloc(sz);
        c->py = malloc(sz);
    }
    if (!len || !c || !c->x || !c->y || !c->px || !c->py) {
        free(len);
        geo_len_free(c);
        return NULL;
    }
    c->planar = p->planar;
    geod_init(&c->g, WGS84_A, WGS84_F);
    for (int i = 0; i < p->n; i++) {
        c->x[i] = p->planar ? p->x[i] : p->lat[i];
        c->y[i] = p->planar ? p->y[i] : p->lon[i];
    }
    *len = (rd_lengths){.n = p->n, .length = geo_len_length, .ctx = c, .ctx_free = geo_len_free};
    geo_len_plane(c, p->n, len);
    if (len->lb > 0) len->px = c->px, len->py = c->py;
    return len;
}

/* VROOM rounds a router's non-negative figures half up (utils::round). */
static int64_t round_up(double v) {
    return (int64_t)(v + 0.5);
}

rd_status rd_geo_matrix(const rd_geo_points *p, double speed, double detour, int64_t *dist,
                        int64_t *dur, rd_error *err) {
    if (!(speed > 0) || !isfinite(speed))
        return rd_err(err, RD_ERR_INPUT, "speed %g m/s: expected a positive number", speed);
    if (!(detour >= 1) || !isfinite(detour))
        return rd_err(err, RD_ERR_INPUT, "detour %g: expected a number >= 1", detour);
    const size_t n = (size_t)p->n;
    struct geod_geodesic g;
    geod_init(&g, WGS84_A, WGS84_F);
    const double per_m = detour / speed;
    /* Rows in parallel (each cell is written once, whatever the thread
     * count: the result does not depend on it); later rows are shorter. */
#pragma omp parallel for schedule(dynamic, 8) if (n >= 256)
    for (size_t i = 0; i < n; i++) {
        if (dist) dist[i * n + i] = 0;
        if (dur) dur[i * n + i] = 0;
        for (size_t j = i + 1; j < n; j++) {
            double d;
            if (p->planar) {
                d = hypot(p->x[i] - p->x[j], p->y[i] - p->y[j]);
            } else {
                d = 0;
                geod_inverse(&g, p->lat[i], p->lon[i], p->lat[j], p->lon[j], &d, NULL, NULL);
            }
            if (dist) dist[i * n + j] = dist[j * n + i] = round_up(d);
            if (dur) dur[i * n + j] = dur[j * n + i] = round_up(d * per_m);
        }
    }
    return RD_OK;
}

double rd_geo_default_speed(const char *profile) {
    static const struct {
        const char *name;
        double speed;
    } table[] = {
        {"car", 8.3},          {"auto", 8.3},       {"driving-car", 8.3},
        {"van", 7.5},          {"truck", 6.9},      {"driving-hgv", 6.9},
        {"bike", 4.2},         {"bicycle", 4.2},    {"cycling-regular", 4.2},
        {"foot", 1.4},         {"pedestrian", 1.4}, {"walking", 1.4},
        {"foot-walking", 1.4},
    };
    for (size_t k = 0; profile && k < sizeof table / sizeof *table; k++)
        if (!strcmp(table[k].name, profile)) return table[k].speed;
    return 0;
}

/* Appends the polyline encoding of the signed value v (Google's algorithm). */
static size_t encode_value(long long v, char *out) {
    unsigned long long u = v < 0 ? ~((unsigned long long)v << 1) : (unsigned long long)v << 1;
    size_t k = 0;
    while (u >= 0x20) {
        out[k++] = (char)((0x20 | (u & 0x1f)) + 63);
        u >>= 5;
    }
    out[k++] = (char)(u + 63);
    return k;
}

char *rd_geo_polyline(const double *lat, const double *lon, int n, int precision) {
    double f = pow(10.0, precision);
    /* at most 13 characters per value (64-bit) */
    char *s = malloc((size_t)(n > 0 ? n : 0) * 26 + 1);
    if (!s) return NULL;
    size_t k = 0;
    long long plat = 0, plon = 0;
    for (int i = 0; i < n; i++) {
        long long a = llround(lat[i] * f), b = llround(lon[i] * f);
        k += encode_value(a - plat, s + k);
        k += encode_value(b - plon, s + k);
        plat = a;
        plon = b;
    }
    s[k] = '\0';
    return s;
}

rd_status rd_geo_polyline_decode(const char *s, size_t len, int precision, double **lat,
                                 double **lon, int *n, rd_error *err) {
    *lat = *lon = NULL;
    *n = 0;
    if (precision < 0 || precision > 10)
        return rd_err(err, RD_ERR_INPUT, "polyline precision %d: expected 0 to 10", precision);
    /* every value ends with a byte below '?' + 0x20: that bounds the points */
    size_t values = 0;
    for (size_t i = 0; i < len; i++) values += (unsigned char)s[i] < 63 + 0x20;
    if (values / 2 > INT32_MAX) return rd_err(err, RD_ERR_INPUT, "polyline: too many points");
    size_t cap = values / 2 + 1;
    double *la = malloc(cap * sizeof *la), *lo = malloc(cap * sizeof *lo);
    if (!la || !lo) {
        free(la);
        free(lo);
        return nomem(err);
    }
    const double f = pow(10.0, precision);
    long long acc[2] = {0, 0}; /* running latitude, longitude in units of 10^-precision */
    size_t i = 0, k = 0, at = 0;
    int half = 0; /* 0: a latitude comes next, 1: a longitude */
    const char *why = NULL;
    while (i < len && !why) {
        unsigned long long u = 0;
        int shift = 0, more = 1;
        at = i;
        while (more && !why) {
            int c = i < len ? (unsigned char)s[i] - 63 : -1;
            if (i >= len)
                why = "is cut short";
            else if (c < 0 || c > 63)
                why = "has a byte outside '?'..'~'";
            else if (shift > 60 || (shift == 60 && (c & 0x1f) > 0xf))
                why = "exceeds 64 bits";
            if (why) break;
            u |= (unsigned long long)(c & 0x1f) << shift;
            shift += 5;
            more = c >= 0x20;
            i++;
        }
        if (why) break;
        /* zig-zag: the low bit is the sign (then the value is the complement);
         * far beyond any coordinate (180° at precision 10 is 1.8e12) is refused
         * before the running sum could overflow */
        unsigned long long mag = u >> 1;
        long long v = mag > POLYLINE_MAX ? 0 : (u & 1) ? -(long long)mag - 1 : (long long)mag;
        if (mag > POLYLINE_MAX || llabs(acc[half] + v) > POLYLINE_MAX) {
            why = "is out of range";
            break;
        }
        acc[half] += v;
        if (half) {
            la[k] = (double)acc[0] / f;
            lo[k] = (double)acc[1] / f;
            k++;
        }
        half = !half;
    }
    if (!why && half) {
        why = "is a latitude without its longitude";
    }
    if (why) {
        free(la);
        free(lo);
        return rd_err(err, RD_ERR_INPUT, "polyline: the value at byte %zu %s", at, why);
    }
    *lat = la;
    *lon = lo;
    *n = (int)k;
    return RD_OK;
}
