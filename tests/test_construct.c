/* Tests of the construction heuristics: savings (no windows) and sequential
 * insertion (windows) give plans rd_eval finds feasible, the fleet is
 * respected, and tasks nobody can serve get the right class and reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "heur_gen.h"
#include "heuristics/construct.h"
#include "heuristics/neigh.h"
#include "heuristics/route.h"

/* Constructs on `m`; checks the plan with rd_eval and the workspace's cost. */
static void construct_and_check(const rd_model *m, int *served, int *routes) {
    rd_ws w;
    rd_neigh nb;
    unsigned char code[256];
    assert_int_equal(rd_ws_init(&w, m), RD_OK);
    assert_int_equal(rd_neigh_build(&nb, m, 10, w.need_time), RD_OK);
    rd_construct_classify(m, code);
    assert_int_equal(rd_construct(&w, &nb, code), RD_OK);
    rd_solution *s = gen_ws_solution(&w);
    int64_t cost;
    assert_true(gen_eval(m, s, &cost, served));
    assert_int_equal(cost, w.cost);
    *routes = s->n_routes;
    rd_solution_destroy(s);
    rd_neigh_free(&nb);
    rd_ws_free(&w);
}

static void test_savings(void **state) {
    (void)state;
    for (uint64_t seed = 1; seed <= 5; seed++) {
        gen_opts o = gen_defaults(120, seed);
        rd_model *m = gen_model(&o);
        assert_non_null(m);
        int served, routes;
        construct_and_check(m, &served, &routes);
        assert_int_equal(served, 120);
        /* savings should need few more routes than the capacity bound (~ 120*5.5/50) */
        assert_true(routes <= 20);
        rd_model_destroy(m);
    }
}

static void test_savings_limits(void **state) {
    (void)state;
    gen_opts o = gen_defaults(80, 9);
    o.mixed = 1;
    o.open_end = 1;
    rd_model *m = gen_model(&o);
    assert_non_null(m);
    m->vehicles[0].max_tasks = 6;
    m->vehicles[0].max_distance = 250;
    int served, routes;
    construct_and_check(m, &served, &routes);
    assert_int_equal(served, 80);
    rd_model_destroy(m);
}

static void test_insertion_tw(void **state) {
    (void)state;
    for (int tw = 1; tw <= 2; tw++)
        for (uint64_t seed = 1; seed <= 4; seed++) {
            gen_opts o = gen_defaults(100, seed);
            o.tw = tw;
            o.setup = tw == 2 ? 3 : 0;
            o.shared_locs = tw == 2;
            rd_model *m = gen_model(&o);
            assert_non_null(m);
            int served, routes;
            construct_and_check(m, &served, &routes);
            assert_int_equal(served, 100);
            rd_model_destroy(m);
        }
}

static void test_insertion_types(void **state) {
    (void)state;
    gen_opts o = gen_defaults(60, 4);
    o.tw = 1;
    o.n_types = 2;
    o.fleet = 8;
    o.mixed = 1;
    rd_model *m = gen_model(&o);
    assert_non_null(m);
    int served, routes;
    construct_and_check(m, &served, &routes);
    assert_int_equal(served, 60);
    rd_model_destroy(m);
}

/* Two vehicles of capacity 50 cannot carry everything: the rest stays out,
 * and the plan uses no more than the fleet. */
static void test_fleet_respected(void **state) {
    (void)state;
    for (int tw = 0; tw <= 1; tw++) {
        gen_opts o = gen_defaults(60, 2);
        o.tw = tw;
        o.fleet = 2;
        rd_model *m = gen_model(&o);
        assert_non_null(m);
        int served, routes;
        construct_and_check(m, &served, &routes); /* rd_eval checks the fleet */
        assert_true(routes <= 2);
        assert_true(served < 60);
        assert_true(served >= 10);
        char buf[128];
        rd_construct_reason(m, 0, RD_ALONE_OK, buf, sizeof buf);
        assert_string_equal(buf, "no room left in the plan");
        rd_model_destroy(m);
    }
}

static void test_classify(void **state) {
    (void)state;
    gen_opts o = gen_defaults(6, 3);
    o.tw = 1;
    rd_model *m = gen_model(&o);
    assert_non_null(m);
    m->task_delivery[1] = 51;            /* above capacity 50 */
    m->tw_start[2] = m->tw_end[2] = 995; /* cannot return to the depot by 1000 */
    m->vehicles[0].max_distance = 1000;
    unsigned char code[6];
    rd_construct_classify(m, code);
    assert_int_equal(code[0], RD_ALONE_OK);
    assert_int_equal(code[1], RD_ALONE_CAPACITY);
    assert_int_equal(code[2], RD_ALONE_TIME);
    char buf[160];
    rd_construct_reason(m, 1, code[1], buf, sizeof buf);
    assert_string_equal(buf, "amount exceeds every vehicle capacity");
    rd_construct_reason(m, 2, code[2], buf, sizeof buf);
    assert_string_equal(buf, "time window [995, 995] cannot be reached from any vehicle shift");
    m->vehicles[0].max_distance = 1; /* nothing is within 1 of the depot */
    rd_construct_classify(m, code);
    assert_int_equal(code[0], RD_ALONE_LIMITS);
    rd_model_destroy(m);
}

/* rd_construct_insert puts a removed task back at its cheapest feasible place. */
static void test_insert(void **state) {
    (void)state;
    gen_opts o = gen_defaults(50, 8);
    o.tw = 1;
    rd_model *m = gen_model(&o);
    rd_ws w;
    rd_neigh nb;
    unsigned char code[50];
    assert_int_equal(rd_ws_init(&w, m), RD_OK);
    assert_int_equal(rd_neigh_build(&nb, m, 10, 1), RD_OK);
    rd_construct_classify(m, code);
    assert_int_equal(rd_construct(&w, &nb, code), RD_OK);
    for (int t = 0; t < 50; t++) {
        assert_int_equal(rd_ws_remove(&w, &t, 1), RD_OK);
        int64_t removed = w.cost;
        /* the cheapest place over all positions, by brute force */
        int64_t best = RD_INF;
        for (int r = 0; r < w.n_routes; r++)
            for (int q = 0; q <= w.r[r].len; q++) {
                rd_seg s[3] = {rd_seg_part(r, 0, q), rd_seg_task(t), rd_seg_part(r, q, w.r[r].len)};
                int64_t c;
                if (rd_ws_try(&w, w.r[r].vehicle, s, 3, &c) && c - w.r[r].cost < best)
                    best = c - w.r[r].cost;
            }
        int placed;
        assert_int_equal(rd_construct_insert(&w, &nb, t, &placed), RD_OK);
        assert_true(placed);
        assert_true(w.cost - removed >= best);
    }
    rd_solution *s = gen_ws_solution(&w);
    int64_t cost;
    assert_true(gen_eval(m, s, &cost, NULL));
    assert_int_equal(cost, w.cost);
    rd_solution_destroy(s);
    rd_neigh_free(&nb);
    rd_ws_free(&w);
    rd_model_destroy(m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_savings),         cmocka_unit_test(test_savings_limits),
        cmocka_unit_test(test_insertion_tw),    cmocka_unit_test(test_insertion_types),
        cmocka_unit_test(test_fleet_respected), cmocka_unit_test(test_classify),
        cmocka_unit_test(test_insert),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
