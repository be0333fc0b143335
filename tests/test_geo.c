#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/geo.h"

/* JFK to Singapore Changi: GeographicLib's documented example (geodesic.h),
 * 15,347,512.94 m on WGS84. */
static void test_geodesic_reference(void **state) {
    (void)state;
    double s = rd_geo_geodesic(-73.78, 40.64, 103.99, 1.36);
    assert_true(fabs(s - 15347512.94) < 0.01);
    assert_true(rd_geo_geodesic(10, 53.55, 10, 53.55) == 0);
}

/* City-scale pairs: the geodesic on the ellipsoid against the haversine on a
 * sphere of the mean radius. The haversine is short by 0.08 % to 0.33 %
 * depending on latitude and bearing (printed; README "Travel times from
 * coordinates" quotes these figures): below the detour factor's own
 * uncertainty, but not negligible over a day of driving. */
static void test_geodesic_vs_haversine(void **state) {
    (void)state;
    static const struct {
        const char *what;
        double lon1, lat1, lon2, lat2;
        double geodesic; /* metres, GeographicLib (rounded to the centimetre) */
    } pairs[] = {
        {"Hamburg Rathaus - Hamburg Airport (N-S)", 9.9937, 53.5503, 9.9882, 53.6304, 8922.35},
        {"Hamburg Hbf - Altona (E-W)", 10.0067, 53.5530, 9.9351, 53.5520, 4746.74},
        {"Hamburg Rathaus - Winterhude (NE)", 9.9937, 53.5503, 10.0290, 53.5780, 3869.76},
        {"Paris Hotel de Ville - Eiffel Tower", 2.3522, 48.8566, 2.2945, 48.8584, 4238.77},
        {"Tokyo Shinjuku - Tokyo Tower", 139.6917, 35.6895, 139.7454, 35.6586, 5948.93},
    };
    for (size_t k = 0; k < sizeof pairs / sizeof *pairs; k++) {
        double g = rd_geo_geodesic(pairs[k].lon1, pairs[k].lat1, pairs[k].lon2, pairs[k].lat2);
        double h = rd_geo_haversine(pairs[k].lon1, pairs[k].lat1, pairs[k].lon2, pairs[k].lat2);
        double rel = (h - g) / g;
        printf("# %-40s geodesic %10.2f m  haversine %10.2f m  diff %+7.2f m (%+.3f %%)\n",
               pairs[k].what, g, h, h - g, 100 * rel);
        assert_true(fabs(g - pairs[k].geodesic) < 0.01);
        assert_true(fabs(rel) < 0.004);  /* under 0.4 % at city scale */
        assert_true(fabs(rel) > 0.0001); /* and the ellipsoid does matter */
    }
}

static void test_matrix_rounding(void **state) {
    (void)state;
    rd_geo_points p;
    int bad;
    rd_error e;
    double xy[] = {9.9937, 53.5503, 9.9882, 53.6304, 10.0067, 53.5530};
    assert_int_equal(rd_geo_points_make(NULL, xy, 3, &p, &bad, &e), RD_OK);
    assert_false(p.planar);
    int64_t dist[9], dur[9];
    assert_int_equal(rd_geo_matrix(&p, 8.3, 1.3, dist, dur, &e), RD_OK);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(dist[i * 3 + i], 0);
        assert_int_equal(dur[i * 3 + i], 0);
        for (int j = 0; j < 3; j++) {
            double d = rd_geo_distance(&p, i, j);
            assert_int_equal(dist[i * 3 + j], (int64_t)(d + 0.5));
            assert_int_equal(dur[i * 3 + j], (int64_t)(d * 1.3 / 8.3 + 0.5));
            assert_int_equal(dist[i * 3 + j], dist[j * 3 + i]);
        }
    }
    assert_int_equal(dist[1], 8922); /* 8922.35 m */
    assert_int_equal(dur[1], 1397);  /* 8922.35 × 1.3 / 8.3 = 1397.48 s */
    assert_int_equal(rd_geo_matrix(&p, 0, 1.3, dist, dur, &e), RD_ERR_INPUT);
    assert_string_equal(e.msg, "speed 0 m/s: expected a positive number");
    assert_int_equal(rd_geo_matrix(&p, 8.3, 0.9, dist, dur, &e), RD_ERR_INPUT);
    assert_string_equal(e.msg, "detour 0.9: expected a number >= 1");
    rd_geo_points_free(&p);
}

/* Rows are spread over threads from 256 points on: the same matrix for any
 * thread count. */
static void test_matrix_threads(void **state) {
    (void)state;
    enum { N = 300 };
    double xy[2 * N];
    for (int i = 0; i < N; i++) {
        xy[2 * i] = 9.8 + 0.4 * ((i * 7919) % 1000) / 1000.0;
        xy[2 * i + 1] = 53.4 + 0.3 * ((i * 104729) % 997) / 997.0;
    }
    rd_geo_points p;
    int bad;
    rd_error e;
    assert_int_equal(rd_geo_points_make(NULL, xy, N, &p, &bad, &e), RD_OK);
    int64_t *d1 = malloc(sizeof(int64_t) * N * N), *t1 = malloc(sizeof(int64_t) * N * N);
    int64_t *d4 = malloc(sizeof(int64_t) * N * N), *t4 = malloc(sizeof(int64_t) * N * N);
    omp_set_num_threads(1);
    assert_int_equal(rd_geo_matrix(&p, 8.3, 1.3, d1, t1, &e), RD_OK);
    omp_set_num_threads(4);
    assert_int_equal(rd_geo_matrix(&p, 8.3, 1.3, d4, t4, &e), RD_OK);
    assert_memory_equal(d1, d4, sizeof(int64_t) * N * N);
    assert_memory_equal(t1, t4, sizeof(int64_t) * N * N);
    assert_int_equal(d1[1 * N + 2], (int64_t)(rd_geo_distance(&p, 1, 2) + 0.5));
    free(d1);
    free(t1);
    free(d4);
    free(t4);
    rd_geo_points_free(&p);
}

/* Known points: UTM zone 32N's false origin (500000 E on the equator) is
 * 9°E 0°N; a projected CRS gives plane distances in metres, also when its
 * unit is the US survey foot. */
static void test_crs(void **state) {
    (void)state;
    rd_geo_points p;
    int bad;
    rd_error e;
    double origin[] = {500000, 0};
    assert_int_equal(rd_geo_points_make("EPSG:32632", origin, 1, &p, &bad, &e), RD_OK);
    assert_true(p.planar);
    assert_true(fabs(p.lon[0] - 9) < 1e-9 && fabs(p.lat[0]) < 1e-9);
    rd_geo_points_free(&p);

    /* ETRS89 / UTM 32N in Hamburg: 3-4-5 metres apart, near the town hall */
    double hh[] = {566000, 5934000, 569000, 5938000};
    assert_int_equal(rd_geo_points_make("EPSG:25832", hh, 2, &p, &bad, &e), RD_OK);
    assert_true(fabs(rd_geo_distance(&p, 0, 1) - 5000) < 1e-9);
    assert_true(fabs(p.lon[0] - 9.9962) < 1e-3 && fabs(p.lat[0] - 53.5507) < 1e-3);
    int64_t dist[4], dur[4];
    assert_int_equal(rd_geo_matrix(&p, 10, 1.0, dist, dur, &e), RD_OK);
    assert_int_equal(dist[1], 5000);
    assert_int_equal(dur[2], 500);
    /* the plane distance is the grid distance: the geodesic differs by UTM's scale */
    double g = rd_geo_geodesic(p.lon[0], p.lat[0], p.lon[1], p.lat[1]);
    assert_true(fabs(g - 5000) < 5 && fabs(g - 5000) > 0.1);
    rd_geo_points_free(&p);

    /* NAD83 / New York Long Island (ftUS): 1000 ft = 304.8006 m */
    double ny[] = {1000000, 200000, 1000000, 201000};
    assert_int_equal(rd_geo_points_make("EPSG:2263", ny, 2, &p, &bad, &e), RD_OK);
    assert_true(fabs(rd_geo_distance(&p, 0, 1) - 1200.0 / 3937 * 1000) < 1e-6);
    rd_geo_points_free(&p);

    /* a geographic CRS: [lon, lat] whatever its axis order, then geodesics */
    double ll[] = {10, 53.55, 10.1, 53.55};
    assert_int_equal(rd_geo_points_make("EPSG:4258", ll, 2, &p, &bad, &e), RD_OK);
    assert_false(p.planar);
    assert_true(fabs(p.lon[0] - 10) < 1e-9 && fabs(p.lat[0] - 53.55) < 1e-9);
    assert_true(fabs(rd_geo_distance(&p, 0, 1) - rd_geo_geodesic(10, 53.55, 10.1, 53.55)) < 1e-6);
    rd_geo_points_free(&p);
}

static void test_errors(void **state) {
    (void)state;
    rd_geo_points p;
    int bad;
    rd_error e;
    double xy[] = {9.99, 53.55, 10.0, 95.0};
    assert_int_equal(rd_geo_points_make(NULL, xy, 2, &p, &bad, &e), RD_ERR_INPUT);
    assert_int_equal(bad, 1);
    assert_string_equal(e.msg, "latitude 95 is outside [-90, 90]");
    rd_geo_points_free(&p);
    double lon[] = {181.5, 10};
    assert_int_equal(rd_geo_points_make(NULL, lon, 1, &p, &bad, &e), RD_ERR_INPUT);
    assert_int_equal(bad, 0);
    assert_string_equal(e.msg, "longitude 181.5 is outside [-180, 180]");
    rd_geo_points_free(&p);
    double nan_xy[] = {NAN, 1};
    assert_int_equal(rd_geo_points_make(NULL, nan_xy, 1, &p, &bad, &e), RD_ERR_INPUT);
    assert_string_equal(e.msg, "expected finite [lon, lat]");
    rd_geo_points_free(&p);

    assert_int_equal(rd_geo_points_make("EPSG:999999", xy, 2, &p, &bad, &e), RD_ERR_INPUT);
    assert_int_equal(bad, -1);
    assert_string_equal(e.msg, "unknown CRS \"EPSG:999999\" (not in PROJ's database)");
    rd_geo_points_free(&p);
    assert_int_equal(rd_geo_points_make("EPSG:4978", xy, 2, &p, &bad, &e), RD_ERR_INPUT);
    assert_string_equal(e.msg, "\"EPSG:4978\" is not a projected or geographic 2D CRS");
    rd_geo_points_free(&p);

    /* UTM 32N's origin is on the equator, far outside ETRS89's area of use */
    double utm[] = {566000, 5934000, 500000, 0};
    assert_int_equal(rd_geo_points_make("EPSG:25832", utm, 2, &p, &bad, &e), RD_ERR_INPUT);
    assert_int_equal(bad, 1);
    assert_string_equal(e.msg, "[500000, 0] (lon 9.000000, lat 0.000000) is outside the area of "
                               "use of EPSG:25832 (Europe between 6°E and 12°E: lon 6 to 12.01, "
                               "lat 38.76 to 84.33)");
    rd_geo_points_free(&p);
}

static void test_default_speeds(void **state) {
    (void)state;
    assert_true(rd_geo_default_speed("car") == 8.3);
    assert_true(rd_geo_default_speed("driving-hgv") == 6.9);
    assert_true(rd_geo_default_speed("foot") == 1.4);
    assert_true(rd_geo_default_speed("hovercraft") == 0);
}

/* Google's documented example of the encoded polyline algorithm. */
static void test_polyline(void **state) {
    (void)state;
    double lat[] = {38.5, 40.7, 43.252}, lon[] = {-120.2, -120.95, -126.453};
    char *s = rd_geo_polyline(lat, lon, 3, 5);
    assert_non_null(s);
    assert_string_equal(s, "_p~iF~ps|U_ulLnnqC_mqNvxq`@");
    free(s);
    s = rd_geo_polyline(lat, lon, 0, 5);
    assert_string_equal(s, "");
    free(s);
    /* a single point, and repeated points (zero deltas: '?') */
    double la2[] = {0, 0}, lo2[] = {0, 0};
    s = rd_geo_polyline(la2, lo2, 2, 5);
    assert_string_equal(s, "????");
    free(s);
}

/* The decoder on Google's example, and its errors. */
static void test_polyline_decode(void **state) {
    (void)state;
    static const char g[] = "_p~iF~ps|U_ulLnnqC_mqNvxq`@";
    double *lat, *lon;
    int n;
    rd_error e;
    assert_int_equal(rd_geo_polyline_decode(g, strlen(g), 5, &lat, &lon, &n, &e), RD_OK);
    assert_int_equal(n, 3);
    const double want[3][2] = {{38.5, -120.2}, {40.7, -120.95}, {43.252, -126.453}};
    for (int i = 0; i < 3; i++) {
        assert_true(fabs(lat[i] - want[i][0]) < 1e-9);
        assert_true(fabs(lon[i] - want[i][1]) < 1e-9);
    }
    free(lat);
    free(lon);
    /* the same text read at precision 6: every coordinate ten times smaller */
    assert_int_equal(rd_geo_polyline_decode(g, strlen(g), 6, &lat, &lon, &n, &e), RD_OK);
    assert_int_equal(n, 3);
    assert_true(fabs(lat[2] - 4.3252) < 1e-9 && fabs(lon[2] + 12.6453) < 1e-9);
    free(lat);
    free(lon);
    assert_int_equal(rd_geo_polyline_decode("", 0, 5, &lat, &lon, &n, &e), RD_OK);
    assert_int_equal(n, 0);
    assert_non_null(lat);
    free(lat);
    free(lon);
    static const struct {
        const char *text, *msg;
    } bad[] = {
        {"_p~iF", "polyline: the value at byte 0 is a latitude without its longitude"},
        {"_p~iF~ps|", "polyline: the value at byte 5 is cut short"},
        {"_p~iF ps|U", "polyline: the value at byte 5 has a byte outside '?'..'~'"},
        {"~~~~~~~~~~~~~~?", "polyline: the value at byte 0 exceeds 64 bits"},
        {"~~~~~~~~~~~_?", "polyline: the value at byte 0 is out of range"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        assert_int_equal(
            rd_geo_polyline_decode(bad[k].text, strlen(bad[k].text), 5, &lat, &lon, &n, &e),
            RD_ERR_INPUT);
        assert_null(lat);
        assert_null(lon);
        assert_string_equal(e.msg, bad[k].msg);
    }
    assert_int_equal(rd_geo_polyline_decode(g, strlen(g), 11, &lat, &lon, &n, &e), RD_ERR_INPUT);
    assert_string_equal(e.msg, "polyline precision 11: expected 0 to 10");
}

/* Encoding then decoding gives the points back to half a unit of the last
 * digit, at precision 5 (OSRM, ORS, VROOM's answer) and 6 (Valhalla), over
 * the whole coordinate range and across signs. */
static void test_polyline_round_trip(void **state) {
    (void)state;
    enum { N = 500 };
    double lat[N], lon[N];
    for (int i = 0; i < N; i++) {
        lat[i] = -90 + 180.0 * ((i * 7919) % 1009) / 1008.0 + 1e-7 * (i % 13);
        lon[i] = -180 + 360.0 * ((i * 104729) % 997) / 996.0 - 3e-7 * (i % 7);
    }
    lat[1] = lat[0]; /* a repeated point: zero deltas */
    lon[1] = lon[0];
    for (int precision = 5; precision <= 6; precision++) {
        char *s = rd_geo_polyline(lat, lon, N, precision);
        assert_non_null(s);
        double *la, *lo;
        int n;
        rd_error e;
        assert_int_equal(rd_geo_polyline_decode(s, strlen(s), precision, &la, &lo, &n, &e), RD_OK);
        assert_int_equal(n, N);
        double half = 0.5 * pow(10.0, -precision) + 1e-12;
        for (int i = 0; i < N; i++) {
            assert_true(fabs(la[i] - lat[i]) <= half);
            assert_true(fabs(lo[i] - lon[i]) <= half);
        }
        /* and re-encoding the decoded points gives the same text */
        char *again = rd_geo_polyline(la, lo, n, precision);
        assert_string_equal(again, s);
        free(again);
        free(la);
        free(lo);
        free(s);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_geodesic_reference),
        cmocka_unit_test(test_geodesic_vs_haversine),
        cmocka_unit_test(test_matrix_rounding),
        cmocka_unit_test(test_matrix_threads),
        cmocka_unit_test(test_crs),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_default_speeds),
        cmocka_unit_test(test_polyline),
        cmocka_unit_test(test_polyline_decode),
        cmocka_unit_test(test_polyline_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
