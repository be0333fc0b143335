/* Tests of the granular neighbour lists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

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

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nearest_by_cost),
        cmocka_unit_test(test_time_aware),
        cmocka_unit_test(test_small),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
