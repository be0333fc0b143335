/* Tests of the set-partitioning ILP: over the pool of every feasible route of
 * tiny instances it must find the optimum that brute force finds; it never
 * returns worse than its warm start; malformed pools are errors, not aborts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "brute_force.h"
#include "heur_gen.h"
#include "heuristics/route.h"
#include "solver/pool.h"
#include "model/rng.h"
#include "solver/sp.h"

/* Set-partitioning limits: `seconds`, no node limit. */
static const rd_sp_params *lim(double seconds) {
    static rd_sp_params p;
    rd_sp_params_init(&p);
    p.time_limit = seconds;
    return &p;
}

static void exact_vs_brute_force(int tw) {
    static int64_t cost[1 << NMAX];
    static int seq[1 << NMAX][NMAX];
    for (uint64_t seed = 1; seed <= 12; seed++) {
        gen_opts o = gen_defaults(NMAX, seed);
        o.tw = tw;
        o.cap = 18;
        rd_model *m = gen_model(&o);
        assert_non_null(m);
        rd_pool *pool = rd_pool_create(m, 1000);
        assert_non_null(pool);
        best_routes(m, cost, seq, pool);
        int64_t opt = best_partition(m->n_tasks, cost);
        assert_true(opt > 0);
        rd_solution *inc = singletons(m), *out = rd_solution_create();
        rd_sp_info info;
        rd_error err;
        rd_status st = rd_sp_solve(m, pool, inc, lim(30.0), out, &info, &err);
        if (st != RD_OK) fail_msg("seed %d: %s", (int)seed, err.msg);
        int64_t got = 0;
        int served;
        assert_true(gen_eval(m, out, &got, &served)); /* independent check */
        assert_int_equal(served, m->n_tasks);
        if (got != opt)
            fail_msg("seed %d tw %d: sp %lld, brute force %lld", (int)seed, tw, (long long)got,
                     (long long)opt);
        assert_true(out->cost == opt);
        /* the gain is the start's cost (one route per task, checked
         * independently) minus the optimum */
        int64_t start = 0;
        assert_true(gen_eval(m, inc, &start, &served));
        assert_true(start >= opt);
        assert_true(info.gain == start - opt);
        assert_int_equal(info.improved, start > opt);
        assert_true(info.optimal);
        assert_true(info.bound > (double)opt - 1e-6 && info.bound < (double)opt + 1e-6);
        rd_solution_destroy(inc);
        rd_solution_destroy(out);
        rd_pool_destroy(pool);
        rd_model_destroy(m);
    }
}

static void test_exact_cvrp(void **state) {
    (void)state;
    exact_vs_brute_force(0);
}

static void test_exact_vrptw(void **state) {
    (void)state;
    exact_vs_brute_force(1);
}

/* The regional ILPs alone (no whole-pool ILP), from one route per task over
 * the pool of every feasible route: never worse than the start, feasible by
 * the independent evaluator, never below the optimum; on these tiny
 * instances (a region holds up to 6 routes) they reach it. */
static void regions_only(int tw) {
    static int64_t cost[1 << NMAX];
    static int seq[1 << NMAX][NMAX];
    for (uint64_t seed = 1; seed <= 12; seed++) {
        gen_opts o = gen_defaults(NMAX, seed);
        o.tw = tw;
        o.cap = 18;
        rd_model *m = gen_model(&o);
        assert_non_null(m);
        rd_pool *pool = rd_pool_create(m, 1000);
        best_routes(m, cost, seq, pool);
        int64_t opt = best_partition(m->n_tasks, cost);
        rd_solution *inc = singletons(m), *out = rd_solution_create();
        int64_t start = 0;
        assert_true(gen_eval(m, inc, &start, NULL));
        rd_sp_params p;
        rd_sp_params_init(&p);
        p.time_limit = 30.0;
        p.regions = 1;
        p.whole_share = 0.0;
        p.region_start = seed;
        rd_sp_info info;
        assert_int_equal(rd_sp_solve(m, pool, inc, &p, out, &info, NULL), RD_OK);
        int64_t got = 0;
        int served;
        assert_true(gen_eval(m, out, &got, &served));
        assert_int_equal(served, m->n_tasks);
        assert_true(got == out->cost);
        assert_true(got <= start && got >= opt);
        assert_true(info.regions > 0);
        if (got != opt)
            fail_msg("seed %d tw %d: regions %lld, optimum %lld (start %lld)", (int)seed, tw,
                     (long long)got, (long long)opt, (long long)start);
        assert_true(info.region_improvements > 0 || start == opt);
        rd_solution_destroy(inc);
        rd_solution_destroy(out);
        rd_pool_destroy(pool);
        rd_model_destroy(m);
    }
}

static void test_regions_cvrp(void **state) {
    (void)state;
    regions_only(0);
}

static void test_regions_vrptw(void **state) {
    (void)state;
    regions_only(1);
}

/* The regional ILPs solved in parallel batches give the same answer on 1, 2
 * and 3 threads under a node limit (the batches do not depend on the thread
 * count), and improve a poor start: 60 tasks, a pool of random feasible
 * routes of up to 4 tasks. */
static void test_regions_threads_agree(void **state) {
    (void)state;
    gen_opts o = gen_defaults(60, 17);
    o.cap = 30;
    rd_model *m = gen_model(&o);
    assert_non_null(m);
    rd_pool *pool = rd_pool_create(m, 20000);
    assert_non_null(pool);
    rd_rng rng;
    rd_rng_seed(&rng, 99, 0);
    for (int r = 0; r < 6000; r++) {
        int len = 1 + (int)rd_rng_below(&rng, 4), t[4], k = 0;
        while (k < len) { /* distinct tasks */
            int x = (int)rd_rng_below(&rng, (uint64_t)m->n_tasks), dup = 0;
            for (int j = 0; j < k; j++) dup |= t[j] == x;
            if (!dup) t[k++] = x;
        }
        int64_t c;
        if (rd_route_check(m, 0, t, len, &c)) rd_pool_add(pool, 0, t, len, c);
    }
    rd_solution *inc = singletons(m), *out[3];
    int64_t start = 0;
    assert_true(gen_eval(m, inc, &start, NULL));
    for (int th = 1; th <= 3; th++) {
        rd_sp_params p;
        rd_sp_params_init(&p);
        p.time_limit = 60.0;
        p.max_nodes = 3000;
        p.regions = 1;
        p.whole_share = 0.0;
        p.threads = th;
        rd_sp_info info;
        out[th - 1] = rd_solution_create();
        assert_int_equal(rd_sp_solve(m, pool, inc, &p, out[th - 1], &info, NULL), RD_OK);
        int64_t got = 0;
        int served;
        assert_true(gen_eval(m, out[th - 1], &got, &served));
        assert_int_equal(served, m->n_tasks);
        assert_true(got == out[th - 1]->cost && got < start);
        assert_true(info.regions > 4 && info.region_improvements > 1);
    }
    for (int th = 1; th < 3; th++) {
        assert_int_equal(out[th]->n_routes, out[0]->n_routes);
        assert_true(out[th]->cost == out[0]->cost);
        for (int r = 0; r < out[0]->n_routes; r++) {
            assert_int_equal(out[th]->routes[r].len, out[0]->routes[r].len);
            assert_memory_equal(out[th]->routes[r].visits, out[0]->routes[r].visits,
                                (size_t)out[0]->routes[r].len * sizeof(int));
        }
    }
    for (int th = 0; th < 3; th++) rd_solution_destroy(out[th]);
    rd_solution_destroy(inc);
    rd_pool_destroy(pool);
    rd_model_destroy(m);
}

static void test_never_worse_than_warm_start(void **state) {
    (void)state;
    gen_opts o = gen_defaults(NMAX, 5);
    rd_model *m = gen_model(&o);
    rd_pool *pool = rd_pool_create(m, 100);
    rd_solution *inc = singletons(m), *out = rd_solution_create();
    int64_t inc_cost;
    assert_true(gen_eval(m, inc, &inc_cost, NULL));
    /* Pool = the incumbent only: the answer is the incumbent. */
    rd_sp_info info;
    assert_int_equal(rd_sp_solve(m, pool, inc, lim(10.0), out, &info, NULL), RD_OK);
    assert_true(out->cost == inc_cost);
    assert_false(info.improved);
    /* A cheaper pair joins the pool: the answer uses it and improves. */
    int pair[2] = {0, 1};
    int64_t c;
    if (rd_route_check(m, 0, pair, 2, &c)) {
        rd_pool_add(pool, 0, pair, 2, c);
        assert_int_equal(rd_sp_solve(m, pool, inc, lim(10.0), out, &info, NULL), RD_OK);
        assert_true(out->cost <= inc_cost);
    }
    /* A tiny time limit still returns a plan no worse than the incumbent. */
    assert_int_equal(rd_sp_solve(m, pool, inc, lim(1e-6), out, &info, NULL), RD_OK);
    assert_true(out->cost <= inc_cost);
    assert_true(gen_eval(m, out, NULL, NULL));
    rd_solution_destroy(inc);
    rd_solution_destroy(out);
    rd_pool_destroy(pool);
    rd_model_destroy(m);
}

static void test_unassigned_reasons_kept(void **state) {
    (void)state;
    gen_opts o = gen_defaults(4, 3);
    rd_model *m = gen_model(&o);
    rd_pool *pool = rd_pool_create(m, 100);
    rd_solution *inc = rd_solution_create(), *out = rd_solution_create();
    for (int t = 0; t < 3; t++) rd_solution_add_route(inc, 0, &t, 1);
    rd_solution_add_unassigned(inc, 3, "no room left in the plan");
    assert_int_equal(rd_sp_solve(m, pool, inc, lim(5.0), out, NULL, NULL), RD_OK);
    assert_int_equal(out->n_unassigned, 1);
    assert_int_equal(out->unassigned[0].task, 3);
    assert_string_equal(out->unassigned[0].reason, "no room left in the plan");
    rd_solution_destroy(inc);
    rd_solution_destroy(out);
    rd_pool_destroy(pool);
    rd_model_destroy(m);
}

static void expect_error(rd_model *m, rd_pool *pool, rd_solution *inc, const char *needle) {
    rd_solution *out = rd_solution_create();
    rd_error err;
    rd_error_clear(&err);
    assert_int_equal(rd_sp_solve(m, pool, inc, lim(5.0), out, NULL, &err), RD_ERR_INPUT);
    if (!strstr(err.msg, needle)) fail_msg("'%s' lacks '%s'", err.msg, needle);
    rd_solution_destroy(out);
}

static void test_malformed_pools(void **state) {
    (void)state;
    gen_opts o = gen_defaults(NMAX, 7);
    o.cap = 12;
    rd_model *m = gen_model(&o);
    rd_solution *empty = rd_solution_create(), *inc = singletons(m);
    for (int t = 0; t < NMAX; t++) rd_solution_add_unassigned(empty, t, "not planned");

    rd_pool *pool = rd_pool_create(m, 100);
    expect_error(m, pool, empty, "empty route pool");

    int all[NMAX];
    for (int t = 0; t < NMAX; t++) all[t] = t;
    rd_pool_add(pool, 0, all, NMAX, 1); /* every task on one route: over capacity */
    expect_error(m, pool, inc, "pool route 0 is infeasible: route 1, task 1001: load");
    rd_pool_destroy(pool);

    pool = rd_pool_create(m, 100);
    int twice[3] = {1, 2, 1};
    rd_pool_add(pool, 0, twice, 3, 1);
    expect_error(m, pool, inc, "visits task 1002 twice");
    rd_pool_destroy(pool);

    pool = rd_pool_create(m, 100);
    int bad[1] = {NMAX + 3};
    assert_int_equal(rd_pool_add(pool, 0, bad, 1, 1), -2); /* the pool refuses it */
    assert_int_equal(rd_pool_add(pool, 5, twice, 1, 1), -2);
    rd_pool_destroy(pool);

    /* An infeasible incumbent is refused too. */
    pool = rd_pool_create(m, 100);
    rd_solution *over = rd_solution_create();
    rd_solution_add_route(over, 0, all, NMAX);
    expect_error(m, pool, over, "incumbent is infeasible");
    rd_pool_destroy(pool);
    rd_solution_destroy(over);

    rd_solution_destroy(empty);
    rd_solution_destroy(inc);
    rd_model_destroy(m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_cvrp),
        cmocka_unit_test(test_exact_vrptw),
        cmocka_unit_test(test_regions_cvrp),
        cmocka_unit_test(test_regions_vrptw),
        cmocka_unit_test(test_regions_threads_agree),
        cmocka_unit_test(test_never_worse_than_warm_start),
        cmocka_unit_test(test_unassigned_reasons_kept),
        cmocka_unit_test(test_malformed_pools),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
