/* Tests of the granular neighbour lists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
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

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nearest_by_cost),
        cmocka_unit_test(test_time_aware),
        cmocka_unit_test(test_small),
        cmocka_unit_test(test_tiled_equals_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
