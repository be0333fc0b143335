/* Tests of the exact mode: it equals brute force on tiny random instances,
 * proves optimality (bound == cost), refuses what it cannot do, stops with
 * the incumbent when cancelled; and the
 * heuristic with a fixed seed and iteration budget reaches the proven
 * optimum on small instances. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "brute_force.h"
#include "heur_gen.h"
#include "solver/exact.h"
#include "solver/solve.h"

static void exact_equals_brute_force(int tw) {
    static int64_t cost[1 << NMAX];
    static int seq[1 << NMAX][NMAX];
    for (uint64_t seed = 21; seed <= 36; seed++) {
        gen_opts o = gen_defaults(NMAX - (int)(seed % 3), seed); /* n = 6..8 */
        o.tw = tw;
        o.cap = 15 + (int64_t)(seed % 4) * 5;
        rd_model *m = gen_model(&o);
        assert_non_null(m);
        best_routes(m, cost, seq, NULL);
        int64_t opt = best_partition(m->n_tasks, cost);
        rd_solution *inc = singletons(m), *out = rd_solution_create();
        rd_exact_info info;
        rd_error err;
        if (rd_exact_solve(m, inc, 30.0, NULL, NULL, out, &info, &err) != RD_OK)
            fail_msg("seed %d: %s", (int)seed, err.msg);
        int64_t got;
        int served;
        assert_true(gen_eval(m, out, &got, &served));
        assert_int_equal(served, m->n_tasks);
        if (got != opt)
            fail_msg("seed %d tw %d: exact %lld, brute force %lld", (int)seed, tw, (long long)got,
                     (long long)opt);
        assert_true(info.optimal);
        assert_true(info.bound > (double)opt - 1e-6 && info.bound < (double)opt + 1e-6);
        rd_solution_destroy(inc);
        rd_solution_destroy(out);
        rd_model_destroy(m);
    }
}

static void test_exact_cvrp_brute_force(void **state) {
    (void)state;
    exact_equals_brute_force(0);
}

static void test_exact_vrptw_brute_force(void **state) {
    (void)state;
    exact_equals_brute_force(1);
}

static void test_exact_several_windows_brute_force(void **state) {
    (void)state;
    exact_equals_brute_force(2);
}

/* The heuristic (fixed seed, iteration budget) against the proven optimum on
 * 20 small instances, 12-20 customers, half with time windows: it must reach
 * the optimum on at least 18. */
static void test_heuristic_reaches_optimum(void **state) {
    (void)state;
    int hits = 0, total = 0;
    for (int i = 0; i < 20; i++) {
        gen_opts o = gen_defaults(12 + (i % 9), 100 + (uint64_t)i);
        o.tw = i % 2;
        o.cap = 20;
        rd_model *m = gen_model(&o);
        assert_non_null(m);
        rd_params p;
        rd_params_init(&p);
        p.iterations = 300;
        p.seed = 1;
        p.threads = 1;
        rd_solution *h = rd_solution_create(), *x = rd_solution_create();
        assert_int_equal(rd_solve(m, &p, h, NULL, NULL), RD_OK);
        rd_exact_info info;
        rd_error err;
        if (rd_exact_solve(m, h, 60.0, NULL, NULL, x, &info, &err) != RD_OK)
            fail_msg("instance %d: %s", i, err.msg);
        assert_true(info.optimal);
        assert_true(x->cost <= h->cost);
        hits += x->cost == h->cost;
        total++;
        if (x->cost != h->cost)
            print_message("instance %d (n=%d, tw=%d): heuristic %lld, optimum %lld\n", i,
                          m->n_tasks, o.tw, (long long)h->cost, (long long)x->cost);
        rd_solution_destroy(h);
        rd_solution_destroy(x);
        rd_model_destroy(m);
    }
    print_message("heuristic at the optimum on %d of %d instances\n", hits, total);
    assert_true(hits >= 18);
}

static void test_refusals(void **state) {
    (void)state;
    gen_opts o = gen_defaults(6, 3);
    rd_model *m = gen_model(&o);
    rd_solution *inc = singletons(m), *out = rd_solution_create();
    rd_error err;
    m->task_prize[2] = 5;
    assert_int_equal(rd_exact_solve(m, inc, 5.0, NULL, NULL, out, NULL, &err), RD_ERR_INPUT);
    assert_non_null(strstr(err.msg, "optional (prize) tasks are not supported"));
    m->task_prize[2] = -1;
    rd_solution_destroy(inc);
    rd_solution_destroy(out);
    rd_model_destroy(m);

    /* 64+ tasks: beyond the 64-bit task sets. */
    o = gen_defaults(70, 4);
    m = gen_model(&o);
    inc = singletons(m);
    out = rd_solution_create();
    assert_int_equal(rd_exact_solve(m, inc, 5.0, NULL, NULL, out, NULL, &err), RD_ERR_INPUT);
    assert_non_null(strstr(err.msg, "has 70 tasks; exact mode handles at most 64"));
    rd_solution_destroy(inc);
    rd_solution_destroy(out);
    rd_model_destroy(m);
}

/* A set cancel flag (a signal in the CLI) ends the call with the incumbent,
 * no bound and the reason; the plan is never worse than the incumbent. */
static void test_cancel(void **state) {
    (void)state;
    gen_opts o = gen_defaults(8, 5);
    rd_model *m = gen_model(&o);
    rd_solution *inc = singletons(m), *out = rd_solution_create();
    rd_exact_info info;
    rd_error err;
    volatile int cancel = 1;
    assert_int_equal(rd_exact_solve(m, inc, 30.0, &cancel, NULL, out, &info, &err), RD_OK);
    assert_string_equal(info.cut, "interrupted before the route enumeration");
    assert_false(info.optimal);
    assert_true(info.bound < 0);
    int64_t got, want;
    int served;
    assert_true(gen_eval(m, out, &got, &served) && served == m->n_tasks);
    assert_true(gen_eval(m, inc, &want, &served));
    assert_int_equal(got, want);
    /* not set: the proof as usual */
    cancel = 0;
    assert_int_equal(rd_exact_solve(m, inc, 30.0, &cancel, NULL, out, &info, &err), RD_OK);
    assert_string_equal(info.cut, "");
    assert_true(info.optimal);
    assert_true(gen_eval(m, out, &got, &served) && got < want);
    rd_solution_destroy(inc);
    rd_solution_destroy(out);
    rd_model_destroy(m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_cvrp_brute_force),
        cmocka_unit_test(test_exact_vrptw_brute_force),
        cmocka_unit_test(test_exact_several_windows_brute_force),
        cmocka_unit_test(test_heuristic_reaches_optimum),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_cancel),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
