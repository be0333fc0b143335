/* Tests of the local search: it keeps every route feasible (checked by
 * rd_eval), never raises the cost, ends at a local optimum, and stops at once
 * on a passed deadline or a cancel flag. */
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
    for (int i = 0; i < nl * nl; i++) { /* type 0 now costs 3×, type 1 (profile 1) 1× */
        f.m->costs[0].v[i] = 3 * f.m->distances[0].v[i];
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

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_improves_feasibly),
        cmocka_unit_test(test_stops),
        cmocka_unit_test(test_fixes_bad_order),
        cmocka_unit_test(test_uses_empty_route),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
