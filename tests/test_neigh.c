/* Tests of the granular neighbour lists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>

#include "heur_gen.h"
#include "heuristics/neigh.h"

/* Without time: each list holds the k cheapest other tasks, cheapest first. */
static void test_nearest_by_cost(void **state) {
    (void)state;
    gen_opts o = gen_defaults(30, 5);
    rd_model *m = gen_model(&o);
    assert_non_null(m);
    rd_neigh nb;
    assert_int_equal(rd_neigh_build(&nb, m, 6, 0), RD_OK);
    assert_int_equal(nb.k, 6);
    const rd_matrix *C = &m->costs[0];
    for (int i = 0; i < m->n_tasks; i++) {
        const int *l = rd_neigh_of(&nb, i);
        int64_t worst = 0;
        for (int q = 0; q < nb.k; q++) {
            assert_int_not_equal(l[q], i);
            for (int p = 0; p < q; p++) assert_int_not_equal(l[p], l[q]);
            int64_t c = rd_matrix_at(C, m->task_loc[i], m->task_loc[l[q]]);
            assert_true(c >= worst);
            worst = c;
        }
        /* no task outside the list is strictly closer than its last entry */
        for (int j = 0; j < m->n_tasks; j++) {
            if (j == i) continue;
            int in = 0;
            for (int q = 0; q < nb.k; q++) in |= l[q] == j;
            if (!in) assert_true(rd_matrix_at(C, m->task_loc[i], m->task_loc[j]) >= worst);
        }
    }
    rd_neigh_free(&nb);
    rd_model_destroy(m);
}

/* With time: a task whose window makes it unreachable from i (in both
 * orders) comes after a slightly farther one that fits. */
static void test_time_aware(void **state) {
    (void)state;
    gen_opts o = gen_defaults(3, 1);
    o.tw = 1;
    rd_model *m = gen_model(&o);
    assert_non_null(m);
    /* place tasks: 0 at x=0, 1 at x=10 (window far off), 2 at x=20 (window fits) */
    const int nl = m->n_locs;
    double xs[4] = {50, 0, 10, 20};
    for (int i = 0; i < nl; i++)
        for (int j = 0; j < nl; j++) {
            int64_t d = (int64_t)(xs[i] > xs[j] ? xs[i] - xs[j] : xs[j] - xs[i]);
            m->durations[0].v[i * nl + j] = m->distances[0].v[i * nl + j] =
                m->costs[0].v[i * nl + j] = d;
        }
    m->tw_start[0] = 100, m->tw_end[0] = 110;
    m->tw_start[1] = 500, m->tw_end[1] = 510;
    m->tw_start[2] = 130, m->tw_end[2] = 150;
    rd_neigh nb;
    assert_int_equal(rd_neigh_build(&nb, m, 2, 0), RD_OK);
    assert_int_equal(rd_neigh_of(&nb, 0)[0], 1);
    rd_neigh_free(&nb);
    assert_int_equal(rd_neigh_build(&nb, m, 2, 1), RD_OK);
    assert_int_equal(rd_neigh_of(&nb, 0)[0], 2);
    assert_int_equal(rd_neigh_of(&nb, 0)[1], 1);
    rd_neigh_free(&nb);
    rd_model_destroy(m);
}

static void test_small(void **state) {
    (void)state;
    gen_opts o = gen_defaults(1, 1);
    rd_model *m = gen_model(&o);
    rd_neigh nb;
    assert_int_equal(rd_neigh_build(&nb, m, 20, 1), RD_OK);
    assert_int_equal(nb.k, 0);
    rd_neigh_free(&nb);
    rd_model_destroy(m);
}

/* The proximity of the header, written out here: 5·cost + waiting + 5·time
 * warp of i -> j (cost alone without time), the smaller of both orders. */
static int64_t ref_key(const rd_model *m, int i, int j, int time_aware) {
    int64_t best = INT64_MAX;
    for (int dir = 0; dir < 2; dir++) {
        int a = dir ? j : i, b = dir ? i : j, la = m->task_loc[a], lb = m->task_loc[b];
        int64_t c = rd_matrix_at(&m->costs[0], la, lb), v = c;
        if (time_aware) {
            int64_t t = rd_matrix_at(&m->durations[0], la, lb);
            int64_t ea = m->tw_start[m->task_tw_first[a]];
            int64_t la_end = m->tw_end[m->task_tw_first[a + 1] - 1];
            int64_t eb = m->tw_start[m->task_tw_first[b]];
            int64_t lb_end = m->tw_end[m->task_tw_first[b + 1] - 1];
            int64_t s = m->task_service[a] + m->task_setup[a];
            int64_t wait = eb - s - t - la_end, warp = ea + s + t - lb_end;
            v = 5 * c + (wait > 0 ? wait : 0) + 5 * (warp > 0 ? warp : 0);
        }
        if (v < best) best = v;
    }
    return best;
}

/* The tiled, threaded build equals a plain sort of every other task by (key,
 * index), with and without time, on an asymmetric matrix of 300 tasks (more
 * than one block of 256, not a multiple of the tile); a prefix of the lists
 * equals the lists built with the smaller k. */
static void test_tiled_equals_reference(void **state) {
    (void)state;
    for (int time_aware = 0; time_aware < 2; time_aware++) {
        gen_opts o = gen_defaults(300, 11 + (uint64_t)time_aware);
        o.tw = 2;
        o.shared_locs = 1;
        rd_model *m = gen_model(&o);
        assert_non_null(m);
        const int nl = m->n_locs, n = m->n_tasks;
        for (int i = 0; i < nl; i++) /* asymmetric, with ties */
            for (int j = 0; j < nl; j++) m->costs[0].v[i * nl + j] += (i * 7 + j * 3) % 5;
        rd_neigh a, b, pre;
        assert_int_equal(rd_neigh_build_threads(&a, m, 40, time_aware, 2), RD_OK);
        assert_int_equal(rd_neigh_build(&b, m, 12, time_aware), RD_OK);
        assert_int_equal(rd_neigh_prefix(&pre, &a, 12), RD_OK);
        int64_t *key = malloc((size_t)n * sizeof *key);
        int *idx = malloc((size_t)n * sizeof *idx);
        for (int i = 0; i < n; i++) {
            int c = 0;
            for (int j = 0; j < n; j++)
                if (j != i) key[c] = ref_key(m, i, j, time_aware), idx[c++] = j;
            for (int x = 1; x < c; x++) /* insertion sort by (key, index) */
                for (int y = x; y > 0 && key[y - 1] > key[y]; y--) {
                    int64_t tk = key[y];
                    key[y] = key[y - 1], key[y - 1] = tk;
                    int ti = idx[y];
                    idx[y] = idx[y - 1], idx[y - 1] = ti;
                }
            for (int q = 0; q < 40; q++) assert_int_equal(rd_neigh_of(&a, i)[q], idx[q]);
            for (int q = 0; q < 12; q++) {
                assert_int_equal(rd_neigh_of(&b, i)[q], idx[q]);
                assert_int_equal(rd_neigh_of(&pre, i)[q], idx[q]);
            }
        }
        free(key);
        free(idx);
        rd_neigh_free(&a);
        rd_neigh_free(&b);
        rd_neigh_free(&pre);
        rd_model_destroy(m);
    }
}

/* A model of n tasks at n + 1 points (point 0 a depot, where the last task
 * is a reload) of the distribution `kind`, travel on demand (dense 0) or
 * the same values stored (dense 1). */
static rd_model *coord_model(int n, int kind, rd_round round, int dense) {
    rd_model *m = rd_model_alloc_ex(n + 1, 1, n, n, 1, 1, dense);
    assert_non_null(m);
    m->round = round;
    m->x = malloc((size_t)(n + 1) * sizeof *m->x);
    m->y = malloc((size_t)(n + 1) * sizeof *m->y);
    assert_non_null(m->x);
    assert_non_null(m->y);
    uint64_t s = 99 + (uint64_t)kind;
    for (int i = 0; i <= n; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        double a = (double)(s >> 33 & 0xfffff) / 1048576.0,
               b = (double)(s >> 13 & 0xfffff) / 1048576.0;
        switch (kind) {
        case 0: m->x[i] = floor(a * 12), m->y[i] = floor(b * 12); break; /* ties, coincident */
        case 1: m->x[i] = a * 1000, m->y[i] = b * 1000; break;           /* uniform */
        case 2:                                                          /* clusters */
            m->x[i] = (i % 5) * 300 + a * 20, m->y[i] = (i % 3) * 500 + b * 20;
            break;
        case 3: m->x[i] = floor(a * 5000), m->y[i] = 7; break; /* on a line */
        default: m->x[i] = 3, m->y[i] = 3; break;              /* one point */
        }
    }
    for (int t = 0; t < n; t++) {
        m->task_loc[t] = t + 1;
        m->task_kind[t] = RD_TASK_JOB;
    }
    m->task_loc[n - 1] = 0;
    m->task_kind[n - 1] = RD_TASK_RELOAD;
    m->task_owner[n - 1] = 0;
    const rd_matrix e = rd_model_euclid(m);
    if (!dense) {
        rd_model_travel_euclid(m);
    } else {
        for (int i = 0; i <= n; i++)
            for (int j = 0; j <= n; j++)
                m->costs[0].v[i * (n + 1) + j] = m->distances[0].v[i * (n + 1) + j] =
                    m->durations[0].v[i * (n + 1) + j] = rd_matrix_euclid(&e, i, j);
    }
    return m;
}

/* With travel computed on demand from coordinates, the lists come from a
 * spatial grid; they equal the lists of the same values stored densely (the
 * sorted-matrix scan), ties and coincident points included, for every
 * distribution, convention and k. */
static void test_grid_equals_scan(void **state) {
    (void)state;
    const rd_round rounds[] = {RD_ROUND_NINT, RD_ROUND_TRUNC1, RD_ROUND_EXACT};
    const int ks[] = {1, 7, 40, 1000};
    for (int kind = 0; kind < 5; kind++)
        for (int r = 0; r < 3; r++) {
            const int n = kind == 1 && r == 0 ? 2500 : 700;
            rd_model *od = coord_model(n, kind, rounds[r], 0),
                     *de = coord_model(n, kind, rounds[r], 1);
            assert_null(od->costs[0].v);
            for (size_t q = 0; q < sizeof ks / sizeof *ks; q++) {
                rd_neigh a, b;
                assert_int_equal(rd_neigh_build_threads(&a, od, ks[q], 0, 2), RD_OK);
                assert_int_equal(rd_neigh_build(&b, de, ks[q], 0), RD_OK);
                assert_int_equal(a.k, b.k);
                assert_int_equal(a.k, ks[q] < n - 2 ? ks[q] : n - 2); /* the reload is no one's */
                for (int t = 0; t < n; t++)
                    for (int c = 0; c < a.k; c++)
                        if (rd_neigh_of(&a, t)[c] != rd_neigh_of(&b, t)[c])
                            fail_msg("kind %d round %d k %d: task %d entry %d: grid %d, scan %d",
                                     kind, r, ks[q], t, c, rd_neigh_of(&a, t)[c],
                                     rd_neigh_of(&b, t)[c]);
                rd_neigh_free(&a);
                rd_neigh_free(&b);
            }
            rd_model_destroy(od);
            rd_model_destroy(de);
        }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nearest_by_cost),
        cmocka_unit_test(test_time_aware),
        cmocka_unit_test(test_small),
        cmocka_unit_test(test_tiled_equals_reference),
        cmocka_unit_test(test_grid_equals_scan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
