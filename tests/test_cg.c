/* Tests of column generation's lower bound (solver/cg.h) and its pricing
 * (solver/price.h): on tiny random instances the exact pricing with
 * elementary routes (ng = n) finds the brute force's most negative route,
 * ng-routes never find a dearer minimum, a Lagrangian bound from any duals
 * stays below the optimum (property test), rd_cg_bound stays below the
 * optimum and meets it on most tiny instances, the bundled instances'
 * bounds stay below their proven optima, the shifted bound's resource
 * weights hold on every feasible route, and refused models name their
 * feature. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "brute_force.h"
#include "heur_gen.h"
#include "io/instance.h"
#include "solver/cg.h"
#include "solver/price.h"
#include "solver/solve.h"
#include "solver/sr.h"

#define RD_CG_RESOURCES_MAX 4 /* (one capacity dimension) */
#define SRC(path)           RONDO_SOURCE_DIR "/" path

static int64_t cost[1 << NMAX];
static int seq[1 << NMAX][NMAX];

/* The brute force's least reduced cost of a feasible route at duals pi and
 * subset-row cuts cuts[0..nc) of duals sigma. */
static double brute_min_rc_cuts(const rd_model *m, const double *pi, const rd_sr_cut *cuts,
                                const double *sigma, int nc) {
    double best = INFINITY;
    for (int S = 1; S < (1 << m->n_tasks); S++) {
        if (cost[S] < 0) continue;
        double rc = (double)cost[S];
        for (int t = 0; t < m->n_tasks; t++)
            if (S >> t & 1) rc -= pi[t];
        for (int c = 0; c < nc; c++) {
            int in = (S >> cuts[c].t[0] & 1) + (S >> cuts[c].t[1] & 1) + (S >> cuts[c].t[2] & 1);
            rc -= sigma[c] * (in / 2);
        }
        if (rc < best) best = rc;
    }
    return best;
}

static double brute_min_rc(const rd_model *m, const double *pi) {
    return brute_min_rc_cuts(m, pi, NULL, NULL, 0);
}

/* nc random subset-row cuts on distinct task triples, duals in [-40, 0]. */
static void random_cuts(const rd_model *m, rd_rng *rng, rd_sr_cut *cuts, double *sigma, int nc) {
    for (int c = 0; c < nc; c++) {
        int a = (int)rd_rng_range(rng, 0, m->n_tasks), b, d;
        do b = (int)rd_rng_range(rng, 0, m->n_tasks);
        while (b == a);
        do d = (int)rd_rng_range(rng, 0, m->n_tasks);
        while (d == a || d == b);
        cuts[c] = (rd_sr_cut){{a, b, d}, 0};
        sigma[c] = -(double)rd_rng_range(rng, 0, 41);
    }
}

/* tw: as gen_opts.tw; 3: no windows and no shift end (time binds nothing,
 * so the pricing splits on the load) */
static rd_model *tiny(uint64_t seed, int tw) {
    gen_opts o = gen_defaults(NMAX - (int)(seed % 3), seed); /* n = 6..8 */
    o.tw = tw == 3 ? 0 : tw;
    o.cap = 15 + (int64_t)(seed % 4) * 5;
    rd_model *m = gen_model(&o);
    assert_non_null(m);
    if (tw == 3) {
        m->vehicles[0].tw_end = RD_INF;
        for (int w = 0; w < m->task_tw_first[m->n_tasks]; w++) m->tw_end[w] = RD_INF;
        m->has_tw = 0;
    }
    best_routes(m, cost, seq, NULL);
    return m;
}

/* Random duals: up to twice the task's round trip from the depot. */
static void random_duals(const rd_model *m, rd_rng *rng, double *pi) {
    const rd_vehicle *v = &m->vehicles[0];
    for (int t = 0; t < m->n_tasks; t++) {
        int64_t trip = rd_matrix_at(&m->costs[0], v->start_loc, m->task_loc[t]) +
                       rd_matrix_at(&m->costs[0], m->task_loc[t], v->start_loc);
        pi[t] = (double)rd_rng_range(rng, 0, 2 * trip + 1);
    }
}

static void pricing_equals_brute_force(int tw) {
    rd_rng rng;
    rd_rng_seed(&rng, 7, 0);
    double pi[NMAX];
    for (uint64_t seed = 40; seed < 56; seed++) {
        rd_model *m = tiny(seed, tw);
        rd_pricer *elem = rd_pricer_create(m, 0, m->n_tasks), *ng = rd_pricer_create(m, 0, 3);
        assert_non_null(elem);
        assert_non_null(ng);
        for (int k = 0; k < 6; k++) {
            random_duals(m, &rng, pi);
            double want = brute_min_rc(m, pi);
            rd_price_opts po = {.exact = 1, .max_routes = 5, .below = INFINITY};
            rd_price_result res;
            rd_error err;
            /* forward only, then from both ends (the default): the same minimum */
            po.forward_only = 1;
            assert_int_equal(rd_pricer_run(elem, pi, &po, NULL, &res, &err), RD_OK);
            assert_true(res.complete);
            if (fabs(res.min_rc - want) > 1e-6)
                fail_msg("seed %d tw %d: forward pricing %.3f, brute force %.3f", (int)seed, tw,
                         res.min_rc, want);
            po.forward_only = 0;
            assert_int_equal(rd_pricer_run(elem, pi, &po, NULL, &res, &err), RD_OK);
            assert_true(res.complete);
            if (fabs(res.min_rc - want) > 1e-6)
                fail_msg("seed %d tw %d: pricing %.3f, brute force %.3f", (int)seed, tw, res.min_rc,
                         want);
            /* the route it returns is that route: cost and reduced cost agree */
            assert_true(res.n >= 1);
            int64_t c;
            assert_true(rd_route_check(m, 0, res.routes[0].visits, res.routes[0].len, &c));
            assert_int_equal(c, res.routes[0].cost);
            double rc = (double)c;
            for (int i = 0; i < res.routes[0].len; i++) rc -= pi[res.routes[0].visits[i]];
            assert_true(fabs(rc - res.routes[0].rc) < 1e-6);
            /* below 0 (column generation's call): exact below it, at least 0 else */
            po.below = 0;
            assert_int_equal(rd_pricer_run(elem, pi, &po, NULL, &res, &err), RD_OK);
            assert_true(res.complete);
            if (want < 0 ? fabs(res.min_rc - want) > 1e-6 : res.min_rc < -1e-9)
                fail_msg("seed %d tw %d: pricing below 0 %.3f, brute force %.3f", (int)seed, tw,
                         res.min_rc, want);
            po.below = INFINITY;
            /* ng-routes include the elementary ones: never a dearer minimum */
            assert_int_equal(rd_pricer_run(ng, pi, &po, NULL, &res, &err), RD_OK);
            assert_true(res.min_rc <= want + 1e-6);
            /* with subset-row cuts: both directions, and the route returned pays them
             * (70 cuts, those with a dual in both of a label's words) */
            rd_sr_cut cuts[70];
            double sigma[70];
            random_cuts(m, &rng, cuts, sigma, 70);
            for (int q = 2; q < 66; q++) sigma[q] = 0;
            want = brute_min_rc_cuts(m, pi, cuts, sigma, 70);
            po.n_cuts = 70, po.cuts = cuts, po.cut_duals = sigma;
            for (int fo = 0; fo < 2; fo++) {
                po.forward_only = fo;
                assert_int_equal(rd_pricer_run(elem, pi, &po, NULL, &res, &err), RD_OK);
                if (fabs(res.min_rc - want) > 1e-6)
                    fail_msg(
                        "seed %d tw %d: pricing with cuts %.3f (forward only: %d), brute force "
                        "%.3f",
                        (int)seed, tw, res.min_rc, fo, want);
                rc = (double)res.routes[0].cost;
                for (int i = 0; i < res.routes[0].len; i++) rc -= pi[res.routes[0].visits[i]];
                for (int q = 0; q < 70; q++)
                    rc -= sigma[q] * rd_sr_coef(&cuts[q], res.routes[0].visits, res.routes[0].len);
                assert_true(fabs(rc - res.routes[0].rc) < 1e-6);
            }
            po.forward_only = 0;
            assert_int_equal(rd_pricer_run(ng, pi, &po, NULL, &res, &err), RD_OK);
            assert_true(res.min_rc <= want + 1e-6);
            po.n_cuts = 0, po.cuts = NULL, po.cut_duals = NULL;
        }
        rd_pricer_destroy(elem);
        rd_pricer_destroy(ng);
        rd_model_destroy(m);
    }
}

static void test_pricing_cvrp(void **state) {
    (void)state;
    pricing_equals_brute_force(0);
}

static void test_pricing_cvrp_untimed(void **state) {
    (void)state;
    pricing_equals_brute_force(3);
}

static void test_pricing_vrptw(void **state) {
    (void)state;
    pricing_equals_brute_force(1);
}

static void test_pricing_several_windows(void **state) {
    (void)state;
    pricing_equals_brute_force(2);
}

/* L(pi) = sum pi + count * min(0, least reduced cost) <= the optimum, for any
 * pi >= 0 (ng-route pricing, ng = 3). */
static void test_lagrangian_bound_below_optimum(void **state) {
    (void)state;
    rd_rng rng;
    rd_rng_seed(&rng, 11, 0);
    double pi[NMAX];
    for (uint64_t seed = 60; seed < 80; seed++) {
        rd_model *m = tiny(seed, (int)(seed % 3));
        int64_t opt = best_partition(m->n_tasks, cost);
        rd_pricer *p = rd_pricer_create(m, 0, 3);
        for (int k = 0; k < 20; k++) {
            random_duals(m, &rng, pi);
            for (int t = 0; t < m->n_tasks; t++) pi[t] *= (double)rd_rng_range(&rng, 0, 3) / 2;
            rd_price_opts po = {.exact = 1, .max_routes = 1, .below = INFINITY};
            rd_price_result res;
            rd_error err;
            assert_int_equal(rd_pricer_run(p, pi, &po, NULL, &res, &err), RD_OK);
            double lag = 0;
            for (int t = 0; t < m->n_tasks; t++) lag += pi[t];
            if (res.min_rc < 0) lag += (double)m->vehicles[0].count * res.min_rc;
            if (lag > (double)opt + 1e-6)
                fail_msg("seed %d: L(pi) = %.3f above the optimum %lld", (int)seed, lag,
                         (long long)opt);
            /* and with subset-row cuts of any duals <= 0: L(pi, sigma) too */
            rd_sr_cut cuts[3];
            double sigma[3];
            random_cuts(m, &rng, cuts, sigma, 3);
            po.n_cuts = 3, po.cuts = cuts, po.cut_duals = sigma;
            assert_int_equal(rd_pricer_run(p, pi, &po, NULL, &res, &err), RD_OK);
            po.n_cuts = 0;
            lag = sigma[0] + sigma[1] + sigma[2];
            for (int t = 0; t < m->n_tasks; t++) lag += pi[t];
            if (res.min_rc < 0) lag += (double)m->vehicles[0].count * res.min_rc;
            if (lag > (double)opt + 1e-6)
                fail_msg("seed %d: L(pi, sigma) = %.3f above the optimum %lld", (int)seed, lag,
                         (long long)opt);
        }
        rd_pricer_destroy(p);
        rd_model_destroy(m);
    }
}

/* rd_cg_bound on m from one route per task (60 s; cuts unless no_cuts):
 * checks that it found a bound no higher than opt (name and seed say where). */
static rd_cg_info bound_from_singletons(const rd_model *m, int64_t opt, int no_cuts,
                                        const char *name, int seed) {
    rd_solution *plan = singletons(m);
    rd_cg_opts o = {60.0, 0, NULL, NULL, 0, no_cuts};
    rd_cg_info info;
    rd_error err;
    if (rd_cg_bound(m, plan, &o, &info, &err) != RD_OK) fail_msg("%s: %s", name, err.msg);
    assert_true(info.has_bound);
    if (info.bound > opt)
        fail_msg("%s seed %d: bound %lld above the optimum %lld", name, seed, (long long)info.bound,
                 (long long)opt);
    rd_solution_destroy(plan);
    return info;
}

/* rd_cg_bound on tiny instances: never above the optimum, converged, and
 * equal to it (rounded up) on most. */
static void test_cg_bound_brute_force(void **state) {
    (void)state;
    int tight = 0, total = 0;
    for (uint64_t seed = 80; seed < 104; seed++) {
        rd_model *m = tiny(seed, (int)(seed % 3));
        int64_t opt = best_partition(m->n_tasks, cost);
        rd_cg_info info = bound_from_singletons(m, opt, 0, "tiny", (int)seed);
        assert_true(info.converged);
        tight += info.bound == opt;
        total++;
        rd_model_destroy(m);
    }
    print_message("cg bound equals the optimum on %d of %d tiny instances\n", tight, total);
    assert_true(tight * 2 >= total);
}

/* rd_cg_routes_cap: some optimal plan uses at most that many routes (the
 * optimum over plans of at most K routes is the optimum), on tiny untimed
 * models with tight capacities; none for models with windows. */
static void test_routes_cap(void **state) {
    (void)state;
    static int64_t best[1 << NMAX][NMAX + 1]; /* [set][routes]: least cost, -1 none */
    int capped = 0, binding = 0;
    for (uint64_t seed = 120; seed < 150; seed++) {
        rd_model *m = tiny(seed, 3);
        m->veh_capacity[0] = 8 + (int64_t)(seed % 5) * 3; /* (several routes) */
        best_routes(m, cost, seq, NULL);
        int64_t k = rd_cg_routes_cap(m), opt = best_partition(m->n_tasks, cost);
        if (opt < 0 || k <= 0) {
            rd_model_destroy(m);
            continue;
        }
        capped++;
        const int n = m->n_tasks;
        for (int r = 0; r <= n; r++) best[0][r] = 0;
        for (int S = 1; S < (1 << n); S++) {
            int low = S & -S, rest = S ^ low;
            best[S][0] = -1;
            for (int r = 1; r <= n; r++) {
                best[S][r] = -1;
                for (int T = rest;; T = (T - 1) & rest) {
                    int R = T | low;
                    int64_t b = best[S ^ R][r - 1];
                    if (cost[R] >= 0 && b >= 0 && (best[S][r] < 0 || cost[R] + b < best[S][r]))
                        best[S][r] = cost[R] + b;
                    if (T == 0) break;
                }
            }
        }
        int64_t within = best[(1 << n) - 1][k < n ? k : n];
        if (within != opt)
            fail_msg("seed %d: optimum %lld, but %lld with at most %lld routes", (int)seed,
                     (long long)opt, (long long)within, (long long)k);
        binding += k < n;
        int64_t total = 0, q = rd_model_capacity(m, 0)[0]; /* the count itself */
        for (int i = 0; i < n; i++) total += rd_model_delivery(m, i)[0];
        assert_int_equal(k, (2 * total + q - 1) / q);
        rd_matrix *c = &m->costs[m->vehicles[0].profile]; /* a detour via the depot: none */
        int a = m->task_loc[0], b = m->task_loc[1], d = m->vehicles[0].start_loc;
        if (c->v && a != b) {
            c->v[(size_t)a * (size_t)c->n + (size_t)b] =
                rd_matrix_at(c, a, d) + rd_matrix_at(c, d, b) + 1;
            assert_int_equal(rd_cg_routes_cap(m), 0);
        }
        rd_model_destroy(m);
    }
    print_message("routes cap on %d tiny models, below the task count on %d\n", capped, binding);
    assert_true(capped >= 10 && binding >= 5);
    rd_model *m = tiny(120, 1); /* windows: no cap */
    assert_int_equal(rd_cg_routes_cap(m), 0);
    rd_model_destroy(m);
}

/* The bundled instances with proven optima (README "Layout"): the bound
 * stays below, and close. */
static void bundled(const char *path, int64_t opt, double close) {
    rd_model *m = NULL;
    rd_error err;
    assert_int_equal(rd_instance_read(path, RD_ROUND_NONE, &m, &err), RD_OK);
    rd_params p;
    rd_params_init(&p);
    p.iterations = 200;
    p.threads = 1;
    rd_solution *plan = rd_solution_create();
    assert_int_equal(rd_solve(m, &p, plan, NULL, &err), RD_OK);
    rd_cg_opts o = {60.0, 0, NULL, NULL, 0, 0};
    rd_cg_info info;
    assert_int_equal(rd_cg_bound(m, plan, &o, &info, &err), RD_OK);
    assert_true(info.has_bound);
    print_message("%s: bound %lld (optimum %lld), %d columns, %d iterations, %.2f s\n", m->name,
                  (long long)info.bound, (long long)opt, info.columns, info.iterations,
                  info.seconds);
    assert_true(info.bound <= opt);
    assert_true((double)info.bound >= close * (double)opt);
    rd_solution_destroy(plan);
    rd_model_destroy(m);
}

/* A master that keeps only 30 generated columns (most are dropped as it
 * goes) converges to the same LP optimum, hence the same bound. */
static void test_dropped_columns(void **state) {
    (void)state;
    rd_model *m = NULL;
    rd_error err;
    assert_int_equal(
        rd_instance_read(SRC("instances/X-n101-k25-first20.vrp"), RD_ROUND_NONE, &m, &err), RD_OK);
    rd_solution *plan = singletons(m);
    rd_cg_info full, kept;
    rd_cg_opts o = {60.0, 0, NULL, NULL, 0, 0};
    assert_int_equal(rd_cg_bound(m, plan, &o, &full, &err), RD_OK);
    o.keep_columns = 30;
    assert_int_equal(rd_cg_bound(m, plan, &o, &kept, &err), RD_OK);
    print_message("all columns kept: bound %lld, %d columns; 30 kept: bound %lld, %d columns, "
                  "%d dropped\n",
                  (long long)full.bound, full.columns, (long long)kept.bound, kept.columns,
                  kept.dropped);
    assert_true(full.converged && kept.converged);
    assert_int_equal(full.dropped, 0);
    assert_true(kept.dropped > 0);
    assert_true(fabs(full.value - kept.value) <= 1e-6 * full.value);
    assert_int_equal(full.bound, kept.bound);
    rd_solution_destroy(plan);
    rd_model_destroy(m);
}

/* rd_cg_weights: on every feasible route of tiny instances (the brute
 * force's sets), each resource's weights sum to at most 1, with shifts that
 * bind (shorter shifts, task limits); and the weights are not trivially
 * small: some route uses more than half of the capacity's. rd_cg_bound
 * (fleets of 25, which make K_v * rc weak) stays below the optimum, and the
 * shifted pricings run (on the bundled wide-window instances). */
static void test_shift_weights(void **state) {
    (void)state;
    double w[RD_CG_RESOURCES_MAX * NMAX];
    double most[RD_CG_RESOURCES_MAX] = {0};
    int shifts = 0, timed = 0;
    for (uint64_t seed = 200; seed < 232; seed++) {
        rd_model *m = tiny(seed, (int)(seed % 4));
        if (seed % 4 != 3) m->vehicles[0].tw_end = 250 + (int64_t)(seed % 5) * 60;
        if (seed % 3 == 0) m->vehicles[0].max_tasks = 2 + (int64_t)(seed % 2);
        m->vehicles[0].count = 25;
        best_routes(m, cost, seq, NULL);
        assert_true(RD_CG_RESOURCES(m) <= RD_CG_RESOURCES_MAX);
        int nres = rd_cg_weights(m, w);
        assert_true(nres >= 1);
        timed += nres >= 2 && seed % 4 != 3;
        for (int k = 0; k < nres; k++)
            for (int S = 1; S < (1 << m->n_tasks); S++) {
                if (cost[S] < 0) continue;
                double sum = 0;
                for (int t = 0; t < m->n_tasks; t++)
                    if (S >> t & 1) sum += w[k * m->n_tasks + t];
                if (sum > 1 + 1e-9)
                    fail_msg("seed %d: resource %d sums to %.4f on a feasible route", (int)seed, k,
                             sum);
                if (sum > most[k]) most[k] = sum;
            }
        int64_t opt = best_partition(m->n_tasks, cost);
        if (opt < 0) { /* (a task no route serves alone: tiny shifts) */
            rd_model_destroy(m);
            continue;
        }
        shifts += bound_from_singletons(m, opt, 0, "tiny", (int)seed).shifts;
        rd_model_destroy(m);
    }
    /* the bundled 25-customer instances, whose fleets of 25 leave L(pi) weak */
    const char *wide[] = {SRC("instances/R201-25.txt"), SRC("instances/RC201-25.txt"),
                          SRC("instances/C204-25.txt"), SRC("instances/RC101-25.txt")};
    const int64_t opt25[] = {4633, 3602, 2131, 4611};
    for (int f = 0; f < 4; f++) {
        rd_model *m = NULL;
        rd_error err;
        assert_int_equal(rd_instance_read(wide[f], RD_ROUND_TRUNC1, &m, &err), RD_OK);
        rd_cg_info info = bound_from_singletons(m, opt25[f], 0, wide[f], 0);
        assert_true(info.converged);
        print_message("%s: %d shifted pricings\n", wide[f], info.shifts);
        shifts += info.shifts;
        rd_model_destroy(m);
    }
    print_message("largest sums over feasible routes: %.3f (capacity), %.3f; %d shifted "
                  "pricings; %d timed models with a second resource\n",
                  most[0], most[1], shifts, timed);
    assert_true(most[0] > 0.5);
    assert_true(timed > 0);
    assert_true(shifts > 0);
}

/* rd_sr_separate: three routes through two of {0, 1, 2} at 1/2 each violate
 * that cut by 1/2; a route through all three at 1 does not; cuts already
 * held are skipped; coefficients count repeated visits. */
static void test_sr_separate(void **state) {
    (void)state;
    int first[] = {0, 2, 4, 6, 9}, visits[] = {0, 1, 1, 2, 2, 0, 3, 4, 5};
    double x[] = {0.5, 0.5, 0.5, 1.0};
    rd_sr_cut out[4];
    int k = rd_sr_separate(6, 4, first, visits, x, 0.05, NULL, 0, out, 4);
    assert_int_equal(k, 1);
    assert_int_equal(out[0].t[0], 0);
    assert_int_equal(out[0].t[1], 1);
    assert_int_equal(out[0].t[2], 2);
    assert_true(fabs(out[0].lhs - 1.5) < 1e-9);
    assert_int_equal(rd_sr_separate(6, 4, first, visits, x, 0.05, out, 1, out + 1, 3), 0);
    int one[] = {0, 1, 2}; /* a route through all three: no violation at 1 */
    int f1[] = {0, 3};
    double x1[] = {1.0};
    assert_int_equal(rd_sr_separate(3, 1, f1, one, x1, 0.0, NULL, 0, out, 4), 0);
    rd_sr_cut c = {{0, 1, 2}, 0};
    int rep[] = {0, 5, 0, 1, 2};
    assert_int_equal(rd_sr_coef(&c, rep, 5), 2);
    assert_int_equal(rd_sr_coef(&c, rep, 2), 0);
}

/* Subset-row cuts inside rd_cg_bound, on the bundled 25-customer RC101
 * (the class whose ng-route LP leaves a gap): cuts are added, the bound is
 * no lower than without them and stays below the published optimum. */
static void test_cuts_raise_bound(void **state) {
    (void)state;
    rd_model *m = NULL;
    rd_error err;
    assert_int_equal(rd_instance_read(SRC("instances/RC101-25.txt"), RD_ROUND_TRUNC1, &m, &err),
                     RD_OK);
    rd_cg_info without = bound_from_singletons(m, 4611, 1, "RC101-25", 0);
    rd_cg_info with = bound_from_singletons(m, 4611, 0, "RC101-25", 0);
    print_message("RC101-25: bound %lld without cuts, %lld with %d cuts (optimum 4,611)\n",
                  (long long)without.bound, (long long)with.bound, with.cuts);
    assert_true(with.converged && without.converged);
    assert_int_equal(without.cuts, 0);
    assert_true(with.cuts > 0);
    assert_true(with.bound > without.bound);
    rd_model_destroy(m);
}

static void test_bundled_bounds(void **state) {
    (void)state;
    bundled(SRC("instances/X-n101-k25-first20.vrp"), 7308, 0.9);
    bundled(SRC("instances/C101-25.txt"), 1913, 0.97); /* 191.3 at one decimal */
}

static void test_refused_models(void **state) {
    (void)state;
    gen_opts o = gen_defaults(6, 3);
    o.pairs = 2;
    rd_model *m = gen_model(&o);
    assert_string_equal(rd_price_unsupported(m), "shipments");
    rd_solution *plan = singletons(m);
    rd_cg_opts co = {5.0, 0, NULL, NULL, 0, 0};
    rd_cg_info info;
    rd_error err;
    assert_int_equal(rd_cg_bound(m, plan, &co, &info, &err), RD_ERR_INPUT);
    assert_non_null(strstr(err.msg, "shipments"));
    rd_solution_destroy(plan);
    rd_model_destroy(m);
    o = gen_defaults(6, 3);
    o.fleet = 1;
    o.breaks = 1;
    m = gen_model(&o);
    assert_string_equal(rd_price_unsupported(m), "breaks");
    rd_model_destroy(m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pricing_cvrp),
        cmocka_unit_test(test_pricing_cvrp_untimed),
        cmocka_unit_test(test_pricing_vrptw),
        cmocka_unit_test(test_pricing_several_windows),
        cmocka_unit_test(test_lagrangian_bound_below_optimum),
        cmocka_unit_test(test_cg_bound_brute_force),
        cmocka_unit_test(test_routes_cap),
        cmocka_unit_test(test_dropped_columns),
        cmocka_unit_test(test_shift_weights),
        cmocka_unit_test(test_sr_separate),
        cmocka_unit_test(test_cuts_raise_bound),
        cmocka_unit_test(test_bundled_bounds),
        cmocka_unit_test(test_refused_models),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
