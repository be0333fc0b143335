/* Tests of the route pool: one entry per (vehicle type, task set), the cheaper
 * sequence kept, bounded size with oldest-first eviction. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "heur_gen.h"
#include "solver/pool.h"

static void test_same_set_keeps_cheaper(void **state) {
    (void)state;
    gen_opts o = gen_defaults(10, 1);
    o.n_types = 2;
    rd_model *m = gen_model(&o);
    rd_pool *p = rd_pool_create(m, 100);
    int a[3] = {1, 2, 3}, b[3] = {3, 1, 2}, c[2] = {1, 2};
    assert_int_equal(rd_pool_add(p, 0, a, 3, 50), 1);
    assert_int_equal(rd_pool_add(p, 0, b, 3, 60), 0); /* same set, dearer */
    assert_int_equal(rd_pool_size(p), 1);
    assert_int_equal(rd_pool_add(p, 0, b, 3, 40), 1); /* same set, cheaper: replaces */
    assert_int_equal(rd_pool_size(p), 1);
    assert_int_equal(rd_pool_get(p, 0)->tasks[0], 3);
    assert_true(rd_pool_get(p, 0)->cost == 40);
    assert_int_equal(rd_pool_add(p, 1, a, 3, 70), 1); /* other vehicle type: distinct */
    assert_int_equal(rd_pool_add(p, 0, c, 2, 30), 1); /* subset: distinct */
    assert_int_equal(rd_pool_size(p), 3);
    assert_int_equal(rd_pool_find(p, 0, a, 3), 0);
    assert_int_equal(rd_pool_find(p, 1, b, 3), 1);
    int d[2] = {2, 3};
    assert_int_equal(rd_pool_find(p, 0, d, 2), -1);
    assert_int_equal(rd_pool_add(p, 0, d, 0, 1), 0); /* empty route: ignored */
    assert_true(rd_pool_offered(p) == 6);
    assert_true(rd_pool_accepted(p) == 4);
    rd_pool_destroy(p);
    rd_pool_destroy(NULL);
    rd_model_destroy(m);
}

static void test_eviction_oldest_first(void **state) {
    (void)state;
    gen_opts o = gen_defaults(40, 2);
    rd_model *m = gen_model(&o);
    rd_pool *p = rd_pool_create(m, 20);
    for (int t = 0; t < 40; t++) assert_int_equal(rd_pool_add(p, 0, &t, 1, 100 + t), 1);
    assert_true(rd_pool_size(p) <= 20);
    /* The newest routes are there, the oldest are gone; lookups still work. */
    int last = 39, first = 0;
    assert_true(rd_pool_find(p, 0, &last, 1) >= 0);
    assert_int_equal(rd_pool_find(p, 0, &first, 1), -1);
    for (int i = 0; i < rd_pool_size(p); i++) {
        const rd_pool_route *r = rd_pool_get(p, i);
        assert_int_equal(rd_pool_find(p, 0, r->tasks, r->len), i);
    }
    rd_pool_destroy(p);
    rd_model_destroy(m);
}

/* A route offered again counts as new: the routes of a plan added just
 * before the pool overflows survive the eviction (the set partitioning adds
 * the incumbent's routes, then looks each one up). */
static void test_offered_again_stays(void **state) {
    (void)state;
    gen_opts o = gen_defaults(40, 2);
    rd_model *m = gen_model(&o);
    rd_pool *p = rd_pool_create(m, 20);
    for (int t = 0; t < 20; t++) assert_int_equal(rd_pool_add(p, 0, &t, 1, 100 + t), 1);
    int zero = 0, one = 1;
    assert_int_equal(rd_pool_add(p, 0, &zero, 1, 100), 0); /* not cheaper: kept, refreshed */
    assert_int_equal(rd_pool_add(p, 0, &one, 1, 101), 0);
    for (int t = 20; t < 22; t++) assert_int_equal(rd_pool_add(p, 0, &t, 1, 100 + t), 1);
    assert_true(rd_pool_find(p, 0, &zero, 1) >= 0);
    assert_true(rd_pool_find(p, 0, &one, 1) >= 0);
    int two = 2;
    assert_int_equal(rd_pool_find(p, 0, &two, 1), -1); /* the least recently offered left */
    rd_pool_destroy(p);
    rd_model_destroy(m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_set_keeps_cheaper),
        cmocka_unit_test(test_eviction_oldest_first),
        cmocka_unit_test(test_offered_again_stays),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
