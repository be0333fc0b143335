/* Tests of the local search: it keeps every route feasible (checked by
 * rd_eval), never raises the cost, ends at a local optimum, and stops at once
 * on a passed deadline or a cancel flag; with the debug check on, every move
 * of many runs over random instances matches a from-scratch recomputation,
 * for each operator family alone and all together, in both move modes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "heur_gen.h"
#include "heuristics/construct.h"
#include "heuristics/ls.h"
#include "heuristics/neigh.h"
#include "heuristics/route.h"

typedef struct fixture {
    rd_model *m;
    rd_ws w;
    rd_neigh nb;
    rd_ls ls;
    rd_rng rng;
} fixture;

static void fx_open(fixture *f, const gen_opts *o) {
    f->m = gen_model(o);
    assert_non_null(f->m);
    assert_int_equal(rd_ws_init(&f->w, f->m), RD_OK);
    assert_int_equal(rd_neigh_build(&f->nb, f->m, 10, f->w.need_time), RD_OK);
    assert_int_equal(rd_ls_init(&f->ls, f->m), RD_OK);
    rd_rng_seed(&f->rng, 1, 0);
    unsigned char code[256];
    rd_construct_classify(f->m, code);
    assert_int_equal(rd_construct(&f->w, &f->nb, code), RD_OK);
}

static void fx_close(fixture *f) {
    rd_ls_free(&f->ls);
    rd_neigh_free(&f->nb);
    rd_ws_free(&f->w);
    rd_model_destroy(f->m);
}

static void check_plan(const fixture *f, int n_served) {
    rd_solution *s = gen_ws_solution(&f->w);
    int64_t cost;
    int served;
    assert_true(gen_eval(f->m, s, &cost, &served));
    assert_int_equal(cost, f->w.cost);
    assert_int_equal(served, n_served);
    rd_solution_destroy(s);
}

static void test_improves_feasibly(void **state) {
    (void)state;
    for (int k = 0; k < 6; k++) {
        gen_opts o = gen_defaults(100, 20 + (uint64_t)k);
        o.tw = k % 3;
        o.mixed = k == 3;
        o.open_end = k == 4;
        o.n_types = k == 5 ? 2 : 1;
        o.setup = k == 2 ? 4 : 0;
        o.shared_locs = k == 2;
        fixture f;
        fx_open(&f, &o);
        int served = f.w.n_routed;
        int64_t before = f.w.cost;
        int stopped;
        assert_int_equal(rd_ls_run(&f.ls, &f.w, &f.nb, &f.rng, NULL, NULL, &stopped), RD_OK);
        assert_false(stopped);
        assert_true(f.w.cost < before);
        check_plan(&f, served);
        /* a local optimum: a second run finds nothing */
        int64_t moves = f.ls.moves, after = f.w.cost;
        for (int t = 0; t < f.m->n_tasks; t++) f.ls.last_test[t] = -1; /* force a full pass */
        assert_int_equal(rd_ls_run(&f.ls, &f.w, &f.nb, &f.rng, NULL, NULL, &stopped), RD_OK);
        assert_int_equal(f.ls.moves, moves);
        assert_int_equal(f.w.cost, after);
        fx_close(&f);
    }
}

static void test_stops(void **state) {
    (void)state;
    gen_opts o = gen_defaults(150, 3);
    o.tw = 1;
    fixture f;
    fx_open(&f, &o);
    int64_t before = f.w.cost;
    rd_deadline past = rd_deadline_in(1e-9);
    while (!rd_deadline_passed(&past)) {
    }
    int stopped;
    assert_int_equal(rd_ls_run(&f.ls, &f.w, &f.nb, &f.rng, &past, NULL, &stopped), RD_OK);
    assert_true(stopped);
    assert_true(f.w.cost <= before);
    volatile int cancel = 1;
    assert_int_equal(rd_ls_run(&f.ls, &f.w, &f.nb, &f.rng, NULL, &cancel, &stopped), RD_OK);
    assert_true(stopped);
    check_plan(&f, f.w.n_routed);
    fx_close(&f);
}

/* A bad order on one route is repaired (0-1-2-3 on a line costs 404, the
 * given order 804). */
static void test_fixes_bad_order(void **state) {
    (void)state;
    gen_opts o = gen_defaults(4, 1);
    o.fleet = 2;
    fixture f;
    fx_open(&f, &o);
    const int nl = f.m->n_locs;
    double xs[5] = {0, -100, -101, 100, 101};
    for (int i = 0; i < nl; i++)
        for (int j = 0; j < nl; j++) {
            int64_t d = (int64_t)(xs[i] > xs[j] ? xs[i] - xs[j] : xs[j] - xs[i]);
            f.m->durations[0].v[i * nl + j] = f.m->distances[0].v[i * nl + j] =
                f.m->costs[0].v[i * nl + j] = d;
        }
    f.m->vehicles[0].tw_end = RD_INF;
    rd_ws_free(&f.w);
    assert_int_equal(rd_ws_init(&f.w, f.m), RD_OK);
    int bad[4] = {0, 2, 1, 3};
    assert_int_equal(rd_ws_set_tasks(&f.w, 0, bad, 4), RD_OK);
    assert_int_equal(f.w.cost, 804);
    int stopped;
    assert_int_equal(rd_ls_run(&f.ls, &f.w, &f.nb, &f.rng, NULL, NULL, &stopped), RD_OK);
    assert_int_equal(f.w.cost, 404);
    check_plan(&f, 4);
    fx_close(&f);
}

/* A cheaper vehicle type left unused is taken through the empty-route move. */
static void test_uses_empty_route(void **state) {
    (void)state;
    gen_opts o = gen_defaults(12, 6);
    o.n_types = 2;
    o.fleet = 3;
    o.cap = 100;
    fixture f;
    fx_open(&f, &o);
    const int nl = f.m->n_locs;
    /* type 0 now costs 30×, type 1 (profile 1) 1×: so much that even a
     * locally optimal type-0 route gains by handing a task to type 1 */
    for (int i = 0; i < nl * nl; i++) {
        f.m->costs[0].v[i] = 30 * f.m->distances[0].v[i];
        f.m->costs[1].v[i] = f.m->distances[1].v[i];
    }
    rd_ws_free(&f.w);
    assert_int_equal(rd_ws_init(&f.w, f.m), RD_OK);
    int all[12];
    for (int t = 0; t < 12; t++) all[t] = t;
    assert_int_equal(rd_ws_set_tasks(&f.w, f.w.type_first[0], all, 12), RD_OK);
    int64_t before = f.w.cost;
    int stopped;
    assert_int_equal(rd_ls_run(&f.ls, &f.w, &f.nb, &f.rng, NULL, NULL, &stopped), RD_OK);
    assert_true(f.w.cost < before);
    int on_type1 = 0;
    for (int r = f.w.type_first[1]; r < f.w.type_first[2]; r++) on_type1 += f.w.r[r].len;
    assert_true(on_type1 > 0);
    check_plan(&f, 12);
    fx_close(&f);
}

/* Ruins a plan a little (removes a few random tasks) and reinserts them, as
 * the search does between LS runs. */
static void perturb(fixture *f, rd_rng *rng, const unsigned char *code) {
    int list[32], nr = 0;
    const int n = f->m->n_tasks;
    for (int k = 0; k < 24; k++) {
        int t = (int)rd_rng_below(rng, (uint64_t)n);
        if (f->w.route_of[t] >= 0) list[nr++] = t;
    }
    assert_int_equal(rd_ws_remove(&f->w, list, nr), RD_OK);
    for (int t = 0; t < n; t++)
        if (code[t] == RD_ALONE_OK && f->w.route_of[t] < 0) {
            int placed;
            assert_int_equal(rd_construct_insert(&f->w, &f->nb, t, &placed), RD_OK);
        }
}

/* The debug check recomputes every applied move from scratch: it must never
 * fire (rd_ls_run returns RD_OK) over many perturb + LS rounds, on capacity-only
 * instances, one window per task, several windows with setup times, mixed
 * loads, open routes and two vehicle types, with each operator family alone
 * and all together, first and best improvement. */
static void test_debug_check(void **state) {
    (void)state;
    const int families[] = {RD_LS_RELOCATE, RD_LS_RELOCATE3, RD_LS_SWAP,     RD_LS_SWAP2,
                            RD_LS_TWO_OPT,  RD_LS_EMPTY,     RD_LS_SWAPSTAR, RD_LS_ALL};
    const int nf = (int)(sizeof families / sizeof families[0]);
    for (int k = 0; k < 6; k++) {
        gen_opts o = gen_defaults(60, 300 + (uint64_t)k);
        o.tw = k % 3; /* 0: capacity only, 1: windows, 2: several windows */
        o.setup = k == 2 ? 3 : 0;
        o.shared_locs = k == 2;
        o.mixed = k == 3;
        o.open_end = k == 4;
        o.n_types = k == 5 ? 2 : 1;
        o.cap = k == 5 ? 30 : 50;
        fixture f;
        fx_open(&f, &o);
        unsigned char code[256];
        rd_construct_classify(f.m, code);
        rd_rng prng;
        rd_rng_seed(&prng, 7, (uint64_t)k);
        f.ls.debug_check = 1;
        int64_t moves = 0;
        for (int fam = 0; fam < nf; fam++)
            for (int best = 0; best < 2; best++) {
                f.ls.ops = families[fam];
                f.ls.best_move = best;
                for (int round = 0; round < 10; round++) {
                    int served = f.w.n_routed;
                    int64_t before = f.w.cost, m0 = f.ls.moves;
                    int stopped;
                    rd_status st = rd_ls_run(&f.ls, &f.w, &f.nb, &f.rng, NULL, NULL, &stopped);
                    if (st != RD_OK) fail_msg("%s", f.ls.err.msg);
                    assert_false(stopped);
                    assert_true(f.w.cost <= before);
                    assert_true(f.ls.moves == m0 || f.w.cost < before);
                    assert_int_equal(f.w.n_routed, served);
                    moves += f.ls.moves - m0;
                    perturb(&f, &prng, code);
                }
            }
        print_message("config %d: %lld moves checked\n", k, (long long)moves);
        assert_true(moves > 100);
        check_plan(&f, f.w.n_routed);
        fx_close(&f);
    }
}

/* The debug check does fire: a workspace whose cached route cost was
 * tampered with makes the next applied move fail with RD_ERR_INTERNAL. */
static void test_debug_check_fires(void **state) {
    (void)state;
    gen_opts o = gen_defaults(60, 41);
    fixture f;
    fx_open(&f, &o);
    f.ls.debug_check = 1;
    for (int r = 0; r < f.w.n_routes; r++)
        if (f.w.r[r].len > 0) {
            f.w.r[r].cost += 1000; /* every move now looks better than it is */
            f.w.cost += 1000;
        }
    int stopped;
    assert_int_equal(rd_ls_run(&f.ls, &f.w, &f.nb, &f.rng, NULL, NULL, &stopped), RD_ERR_INTERNAL);
    assert_int_equal(f.ls.err.status, RD_ERR_INTERNAL);
    assert_true(f.ls.err.msg[0] != 0);
    fx_close(&f);
}

/* SWAP* alone improves a constructed CVRP plan and is skipped, harmlessly,
 * on a model without coordinates. */
static void test_swap_star(void **state) {
    (void)state;
    gen_opts o = gen_defaults(120, 77);
    fixture f;
    fx_open(&f, &o);
    f.ls.ops = RD_LS_SWAPSTAR;
    int64_t before = f.w.cost;
    int stopped;
    assert_int_equal(rd_ls_run(&f.ls, &f.w, &f.nb, &f.rng, NULL, NULL, &stopped), RD_OK);
    assert_true(f.w.cost < before);
    assert_true(f.ls.swapstar_moves > 0);
    assert_int_equal(f.ls.swapstar_moves, f.ls.moves);
    check_plan(&f, f.w.n_routed);
    fx_close(&f);

    fx_open(&f, &o);
    rd_ls_free(&f.ls);
    free(f.m->x);
    free(f.m->y);
    f.m->x = f.m->y = NULL;
    assert_int_equal(rd_ls_init(&f.ls, f.m), RD_OK);
    assert_null(f.ls.angle);
    f.ls.ops = RD_LS_SWAPSTAR;
    before = f.w.cost;
    assert_int_equal(rd_ls_run(&f.ls, &f.w, &f.nb, &f.rng, NULL, NULL, &stopped), RD_OK);
    assert_int_equal(f.w.cost, before);
    assert_int_equal(f.ls.moves, 0);
    fx_close(&f);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_improves_feasibly), cmocka_unit_test(test_stops),
        cmocka_unit_test(test_fixes_bad_order),   cmocka_unit_test(test_uses_empty_route),
        cmocka_unit_test(test_debug_check),       cmocka_unit_test(test_debug_check_fires),
        cmocka_unit_test(test_swap_star),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
