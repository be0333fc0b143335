/* Travel of JSON problems with coordinates only, computed on demand
 * (rd_model_travel_lengths over io/geo.c's lengths) against the dense
 * matrices the reader builds from the same coordinates: every entry of
 * every profile equal, geodesic and projected CRS, and the neighbour lists
 * of the spatial grid equal to the scan of the dense values (time windows,
 * breaks and reloads included). Also: a vehicle gets no more reload stops
 * than its shift can hold. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heuristics/neigh.h"
#include "io/json_in.h"

/* Appends printf output to the growing buffer *b of length *len. */
static void put(char **b, size_t *len, size_t *cap, const char *fmt, ...) {
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int w = vsnprintf(*b + *len, *cap - *len, fmt, ap);
        va_end(ap);
        assert_true(w >= 0);
        if ((size_t)w < *cap - *len) {
            *len += (size_t)w;
            return;
        }
        *cap *= 2;
        *b = realloc(*b, *cap);
        assert_non_null(*b);
    }
}

/* A city of n jobs in Hamburg: [lon, lat] or EPSG:25832 metres (planar),
 * every fifth point repeated from an earlier one (shared locations), every
 * third job with a two-hour window; cars and trucks (profile "truck", per_km
 * costs, slower), lunch breaks, one recycling centre. */
static char *city(int n, int planar, unsigned seed) {
    size_t len = 0, cap = 1 << 16;
    char *b = malloc(cap);
    assert_non_null(b);
    double *px = malloc((size_t)n * 2 * sizeof *px);
    assert_non_null(px);
    srand(seed);
    for (int i = 0; i < n; i++) {
        int dup = i > 5 && i % 5 == 0;
        int from = dup ? rand() % i : i;
        px[2 * i] =
            dup ? px[2 * from]
                : (planar ? 560000 + 30000.0 * rand() / RAND_MAX : 9.8 + 0.4 * rand() / RAND_MAX);
        px[2 * i + 1] =
            dup ? px[2 * from + 1]
                : (planar ? 5920000 + 30000.0 * rand() / RAND_MAX : 53.4 + 0.3 * rand() / RAND_MAX);
    }
    const char *depot = planar ? "[575000, 5935000]" : "[10.0, 53.55]";
    put(&b, &len, &cap, "{%s\"vehicles\": [", planar ? "\"crs\": \"EPSG:25832\", " : "");
    for (int v = 0; v < 6; v++)
        put(&b, &len, &cap,
            "%s{\"id\": %d, \"start\": %s, \"end\": %s, \"capacity\": [40], \"time_window\": "
            "[21600, 64800]%s%s}",
            v ? ", " : "", v + 1, depot, depot,
            v % 2 ? ", \"profile\": \"truck\", \"costs\": {\"per_hour\": 4000, \"per_km\": 3}, "
                    "\"reload_facilities\": [1]"
                  : "",
            v % 3 == 0 ? ", \"breaks\": [{\"id\": 1, \"time_windows\": [[41400, 46800]], "
                         "\"service\": 1800}]"
                       : "");
    put(&b, &len, &cap, "], \"facilities\": [{\"id\": 1, \"location\": %s, \"service\": 600}]",
        planar ? "[565000, 5925000]" : "[9.9, 53.45]");
    put(&b, &len, &cap, ", \"jobs\": [");
    for (int i = 0; i < n; i++) {
        put(&b, &len, &cap, "%s{\"id\": %d, \"location\": [%.6f, %.6f], \"pickup\": [%d]",
            i ? ", " : "", i + 1, px[2 * i], px[2 * i + 1], 1 + i % 4);
        if (i % 3 == 0) {
            int s = 21600 + 3600 * (i % 9);
            put(&b, &len, &cap, ", \"time_windows\": [[%d, %d]]", s, s + 7200);
        }
        put(&b, &len, &cap, "}");
    }
    put(&b, &len, &cap, "]}");
    free(px);
    return b;
}

static rd_model *read_city(const char *text, rd_travel_mode mode) {
    rd_limits lim = *rd_limits_or_default(NULL);
    lim.travel = mode;
    rd_json_read_opts o = {.lim = &lim};
    rd_model *m = NULL;
    rd_json_extras x;
    rd_error err = {0};
    rd_status st = rd_json_read_ex(text, strlen(text), "city", &o, &m, &x, NULL, NULL, &err);
    if (st != RD_OK) fail_msg("read: %s", err.msg);
    rd_json_extras_free(&x);
    return m;
}

static void compare(int planar) {
    char *text = city(700, planar, 7u + (unsigned)planar);
    rd_model *de = read_city(text, RD_TRAVEL_DENSE), *od = read_city(text, RD_TRAVEL_ON_DEMAND);
    free(text);
    assert_int_equal(de->n_locs, od->n_locs);
    assert_int_equal(de->n_profiles, 2);
    assert_int_equal(od->n_profiles, 2);
    assert_non_null(de->costs[0].v);
    assert_null(od->costs[0].v);
    assert_non_null(od->lengths);
    assert_true(od->lengths->lb > 0); /* a plane: the grid path */
    const int n = de->n_locs;
    for (int pass = 0; pass < 2; pass++) /* computed, then from the cache */
        for (int p = 0; p < 2; p++) {
            const rd_matrix *A[3] = {&de->durations[p], &de->distances[p], &de->costs[p]},
                            *B[3] = {&od->durations[p], &od->distances[p], &od->costs[p]};
            for (int k = 0; k < 3; k++) {
                int64_t bound = rd_matrix_max(B[k]), bad = 0;
                /* both threads fill one cache at once */
#pragma omp parallel for num_threads(2) reduction(+ : bad) schedule(dynamic, 7)
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++) {
                        int64_t a = rd_matrix_at(A[k], i, j), b = rd_matrix_at(B[k], i, j);
                        bad += a != b || b > bound;
                    }
                if (bad)
                    fail_msg("planar %d profile %d matrix %d: %lld cells differ or exceed %lld",
                             planar, p, k, (long long)bad, (long long)bound);
            }
        }
    const int ks[] = {1, 7, 40, 5000};
    for (int ta = 0; ta < 2; ta++)
        for (size_t q = 0; q < sizeof ks / sizeof *ks; q++) {
            rd_neigh a, b;
            assert_int_equal(rd_neigh_build_threads(&a, od, ks[q], ta, 2), RD_OK);
            assert_int_equal(rd_neigh_build(&b, de, ks[q], ta), RD_OK);
            assert_int_equal(a.k, b.k);
            for (int t = 0; t < de->n_tasks; t++)
                for (int c = 0; c < a.k; c++)
                    if (rd_neigh_of(&a, t)[c] != rd_neigh_of(&b, t)[c])
                        fail_msg("planar %d time %d k %d: task %d entry %d: grid %d, scan %d",
                                 planar, ta, ks[q], t, c, rd_neigh_of(&a, t)[c],
                                 rd_neigh_of(&b, t)[c]);
            rd_neigh_free(&a);
            rd_neigh_free(&b);
        }
    rd_model_destroy(de);
    rd_model_destroy(od);
}

static void test_geodesic(void **state) {
    (void)state;
    compare(0);
}

static void test_planar(void **state) {
    (void)state;
    compare(1);
}

/* Reload copies per facility: the capacity bound (11 jobs of 1, capacity
 * 1: 11 / 1 + 1 = 12), the shift's (3600 s over a 1000 s service: 3),
 * max_working_time's (2500 s: 2); no bound from a service of 0. */
static void test_reload_copies_by_shift(void **state) {
    (void)state;
    const struct {
        const char *extra;
        int service, want;
    } cases[] = {{"", 1000, 3}, {", \"max_working_time\": 2500", 1000, 2}, {"", 0, 12}};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        size_t len = 0, cap = 4096;
        char *b = malloc(cap);
        assert_non_null(b);
        put(&b, &len, &cap,
            "{\"vehicles\": [{\"id\": 1, \"start\": [10, 53.5], \"capacity\": [1], "
            "\"time_window\": [0, 3600], \"reload_facilities\": [1]%s}], \"facilities\": "
            "[{\"id\": 1, \"location\": [10.01, 53.5], \"service\": %d}], \"jobs\": [",
            cases[c].extra, cases[c].service);
        for (int j = 0; j < 11; j++)
            put(&b, &len, &cap, "%s{\"id\": %d, \"location\": [10.0%d, 53.51], \"pickup\": [1]}",
                j ? ", " : "", j + 1, j);
        put(&b, &len, &cap, "]}");
        rd_model *m = read_city(b, RD_TRAVEL_AUTO);
        free(b);
        assert_int_equal(m->n_reloads, cases[c].want);
        rd_model_destroy(m);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_geodesic),
        cmocka_unit_test(test_planar),
        cmocka_unit_test(test_reload_copies_by_shift),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
