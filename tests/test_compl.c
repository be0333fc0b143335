/* Tests of the pricer's completion bounds (solver/compl.h): on tiny random
 * instances (CVRP with and without windows, several windows per task), at
 * random duals, for every feasible elementary route and every split of it
 * into a forward part (a prefix) and a backward part (a suffix), the bound
 * of the part's label is at most the reduced cost of the rest of that
 * route. Labels are built here with the model's arithmetic (earliest
 * departures forward, latest begins backward), independently of the
 * pricer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "brute_force.h"
#include "heur_gen.h"
#include "solver/compl.h"

static int64_t cost[1 << NMAX];
static int seq[1 << NMAX][NMAX];

static int64_t leg(const rd_matrix *mx, int a, int b) {
    return a >= 0 && b >= 0 ? rd_matrix_at(mx, a, b) : 0;
}

/* The route's reduced cost from position a to position b (exclusive):
 * the legs between, the leg into a from the start when a == 0 (with the
 * fixed cost) and out of b - 1 to the end when b == len, minus the duals. */
static double part_rc(const rd_model *m, const int *r, int len, int a, int b, const double *pi) {
    const rd_vehicle *veh = &m->vehicles[0];
    const rd_matrix *c = &m->costs[veh->profile];
    double rc = 0;
    if (a == 0) rc += (double)veh->fixed_cost + (double)leg(c, veh->start_loc, m->task_loc[r[0]]);
    for (int i = a; i < b; i++) {
        rc -= pi[r[i]];
        if (i + 1 < b) rc += (double)leg(c, m->task_loc[r[i]], m->task_loc[r[i + 1]]);
    }
    if (b == len) rc += (double)leg(c, m->task_loc[r[len - 1]], veh->end_loc);
    return rc;
}

static void check_route(const rd_model *m, const rd_compl *cb, const int *r, int len,
                        const double *pi) {
    const rd_vehicle *veh = &m->vehicles[0];
    const rd_matrix *du = &m->durations[veh->profile], *c = &m->costs[veh->profile];
    double whole = part_rc(m, r, len, 0, len, pi);
    int64_t dep[NMAX], lat[NMAX];
    int64_t time = veh->tw_start;
    int here = veh->start_loc;
    for (int i = 0; i < len; i++) { /* earliest departures */
        int t = r[i];
        int64_t arr = time + leg(du, here, m->task_loc[t]), begin = -1;
        for (int w = m->task_tw_first[t]; w < m->task_tw_first[t + 1] && begin < 0; w++)
            if (m->tw_end[w] >= arr) begin = arr > m->tw_start[w] ? arr : m->tw_start[w];
        assert_true(begin >= 0);
        dep[i] = time = begin + m->task_service[t];
        here = m->task_loc[t];
    }
    int64_t limit = veh->tw_end - leg(du, m->task_loc[r[len - 1]], veh->end_loc);
    for (int i = len - 1; i >= 0; i--) { /* latest begins */
        int t = r[i];
        limit -= m->task_service[t];
        int64_t best = -1;
        for (int w = m->task_tw_first[t + 1] - 1; w >= m->task_tw_first[t] && best < 0; w--)
            if (m->tw_start[w] <= limit) best = m->tw_end[w] < limit ? m->tw_end[w] : limit;
        assert_true(best >= 0);
        lat[i] = best;
        if (i > 0) limit = best - leg(du, m->task_loc[r[i - 1]], m->task_loc[t]);
    }
    for (int k = 1; k <= len; k++) {
        int64_t load[2 * RD_MAX_DIMS] = {0};
        uint64_t mem[2] = {0, 0};
        for (int i = 0; i < k; i++) { /* the prefix r[0..k): forward at r[k - 1] */
            load[0] += rd_model_delivery(m, r[i])[0];
            load[m->n_dims] += rd_model_pickup(m, r[i])[0];
            mem[0] |= UINT64_C(1) << r[i];
        }
        double fwd = part_rc(m, r, len, 0, k, pi) -
                     (k < len ? 0 : (double)leg(c, m->task_loc[r[len - 1]], veh->end_loc));
        double f = rd_compl_at(cb, 0, r[k - 1], load, dep[k - 1], mem);
        if (fwd + f > whole + 1e-6)
            fail_msg("forward bound %.3f + %.3f above the route's %.3f", fwd, f, whole);
    }
    for (int k = 0; k < len; k++) {
        int64_t load[2 * RD_MAX_DIMS] = {0};
        uint64_t mem[2] = {0, 0};
        for (int i = k; i < len; i++) { /* the suffix r[k..len): backward at r[k] */
            load[0] += rd_model_delivery(m, r[i])[0];
            load[m->n_dims] += rd_model_pickup(m, r[i])[0];
            mem[0] |= UINT64_C(1) << r[i];
        }
        double bwd =
            part_rc(m, r, len, k, len, pi) -
            (k > 0 ? 0
                   : (double)veh->fixed_cost + (double)leg(c, veh->start_loc, m->task_loc[r[0]]));
        double b = rd_compl_at(cb, 1, r[k], load, lat[k], mem);
        if (bwd + b > whole + 1e-6)
            fail_msg("backward bound %.3f + %.3f above the route's %.3f", bwd, b, whole);
    }
}

static void bounds_below_routes(int tw) {
    rd_rng rng;
    rd_rng_seed(&rng, 5, 0);
    int tried = 0;
    for (uint64_t seed = 1; seed < 9; seed++) {
        gen_opts o = gen_defaults(7, seed);
        o.tw = tw;
        o.cap = 20;
        rd_model *m = gen_model(&o);
        assert_non_null(m);
        best_routes(m, cost, seq, NULL);
        const int n = m->n_tasks;
        int task[NMAX], loc[NMAX];
        int64_t zero[NMAX] = {0};
        uint64_t nbhd[NMAX * 2];
        for (int i = 0; i < n; i++) {
            task[i] = i, loc[i] = m->task_loc[i];
            nbhd[2 * i] = (UINT64_C(1) << n) - 1, nbhd[2 * i + 1] = 0; /* (elementary) */
        }
        rd_compl_nodes nd = {.n = n,
                             .task = task,
                             .loc = loc,
                             .nbhd = nbhd,
                             .words = 2,
                             .tail = zero,
                             .head = zero,
                             .timed = 1};
        rd_compl *cb = rd_compl_create(m, 0, &nd);
        assert_non_null(cb);
        double pi[NMAX];
        for (int k = 0; k < 4; k++) {
            for (int t = 0; t < n; t++) pi[t] = (double)rd_rng_range(&rng, 0, 400);
            rd_compl_fill(cb, pi, 1);
            for (int S = 1; S < (1 << n); S++)
                if (cost[S] >= 0) {
                    check_route(m, cb, seq[S], __builtin_popcount((unsigned)S), pi);
                    tried++;
                }
        }
        rd_compl_destroy(cb);
        rd_model_destroy(m);
    }
    print_message("tw %d: %d routes checked\n", tw, tried);
    assert_true(tried > 100);
}

static void test_cvrp(void **state) {
    (void)state;
    bounds_below_routes(0);
}

static void test_windows(void **state) {
    (void)state;
    bounds_below_routes(1);
}

static void test_several_windows(void **state) {
    (void)state;
    bounds_below_routes(2);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cvrp),
        cmocka_unit_test(test_windows),
        cmocka_unit_test(test_several_windows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
