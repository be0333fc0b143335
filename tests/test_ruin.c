/* Tests of the SISR ruin (string removal) and recreate (greedy insertion with
 * blinks) on generated models: plans stay feasible by rd_eval after each
 * step, removed strings are consecutive in their routes, the route and
 * length bounds of the paper hold, the recreate puts every task back at its
 * cheapest position when nothing blinks, and a passed deadline stops it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "heur_gen.h"
#include "heuristics/construct.h"
#include "heuristics/neigh.h"
#include "heuristics/recreate.h"
#include "heuristics/route.h"
#include "heuristics/ruin.h"

typedef struct fixture {
    rd_model *m;
    rd_ws w;
    rd_neigh nb;
    rd_neigh near; /* the ruin's lists (borrowed by ru) */
    rd_ruin ru;
    rd_recreate rc;
    unsigned char code[512];
} fixture;

static void setup(fixture *f, const gen_opts *o) {
    f->m = gen_model(o);
    assert_non_null(f->m);
    assert_int_equal(rd_ws_init(&f->w, f->m), RD_OK);
    assert_int_equal(rd_neigh_build(&f->nb, f->m, 10, f->w.need_time), RD_OK);
    assert_int_equal(rd_neigh_build(&f->near, f->m, 30, 0), RD_OK);
    assert_int_equal(rd_ruin_init(&f->ru, &f->w, &f->near), RD_OK);
    assert_int_equal(rd_recreate_init(&f->rc, &f->w), RD_OK);
    rd_construct_classify(f->m, f->code);
    assert_int_equal(rd_construct(&f->w, &f->nb, f->code), RD_OK);
}

static void teardown(fixture *f) {
    rd_recreate_free(&f->rc);
    rd_ruin_free(&f->ru);
    rd_neigh_free(&f->nb);
    rd_neigh_free(&f->near);
    rd_ws_free(&f->w);
    rd_model_destroy(f->m);
}

static void assert_feasible(const fixture *f) {
    rd_solution *s = gen_ws_solution(&f->w);
    int64_t cost;
    int served;
    assert_true(gen_eval(f->m, s, &cost, &served));
    assert_int_equal(cost, f->w.cost);
    assert_int_equal(served, f->w.n_routed);
    rd_solution_destroy(s);
}

/* Ruin, check, recreate, check, on every model variant; half the rounds are
 * reverted by the journal, which must restore the cost. */
static void test_ruin_recreate_feasible(void **state) {
    (void)state;
    for (int k = 0; k < 7; k++) {
        gen_opts o = gen_defaults(90, 200 + (uint64_t)k);
        o.tw = k % 3;
        o.pairs = k == 6 ? 30 : 0; /* shipments: both halves leave and come back together */
        o.mixed = k == 3;
        o.open_end = k == 4;
        o.n_types = k == 5 ? 2 : 1;
        fixture f;
        setup(&f, &o);
        assert_int_equal(f.w.n_routed, 90);
        rd_ruin_params rp;
        rd_ruin_params_init(&rp);
        rd_recreate_params cp;
        rd_recreate_params_init(&cp);
        cp.near_routes = k % 2 ? 5 : 0;
        rd_rng rng;
        rd_rng_seed(&rng, 7, (uint64_t)k);
        int list[90];
        for (int round = 0; round < 60; round++) {
            int64_t before = f.w.cost;
            rd_ws_journal_begin(&f.w);
            int nr = 0;
            assert_int_equal(rd_ruin_strings(&f.ru, &f.w, &rng, &rp, -1, list, &nr), RD_OK);
            assert_true(nr > 0);
            assert_int_equal(f.w.n_routed, 90 - nr);
            for (int i = 0; i < nr; i++) assert_int_equal(f.w.route_of[list[i]], -1);
            assert_feasible(&f);
            int stopped = 1;
            assert_int_equal(
                rd_recreate_run(&f.rc, &f.w, &f.nb, &rng, &cp, list, nr, NULL, NULL, &stopped),
                RD_OK);
            assert_int_equal(stopped, 0);
            assert_int_equal(f.w.n_routed, 90); /* the fleet has room for everything */
            assert_feasible(&f);
            if (round % 2) {
                rd_ws_journal_revert(&f.w);
                assert_int_equal(f.w.cost, before);
            } else {
                rd_ws_journal_end(&f.w);
            }
        }
        teardown(&f);
    }
}

/* Without the split variant every removed string is consecutive, no longer
 * than L_max, and at most k_s_max routes lose tasks. */
static void test_strings_consecutive(void **state) {
    (void)state;
    gen_opts o = gen_defaults(120, 31);
    o.tw = 1;
    fixture f;
    setup(&f, &o);
    rd_ruin_params rp;
    rd_ruin_params_init(&rp);
    rp.split_rate = 0.0;
    rp.max_string = 4;
    rd_rng rng;
    rd_rng_seed(&rng, 3, 0);
    int list[120], old_route[120], old_pos[120];
    for (int round = 0; round < 100; round++) {
        memcpy(old_route, f.w.route_of, sizeof old_route);
        memcpy(old_pos, f.w.pos_of, sizeof old_pos);
        rd_ws_journal_begin(&f.w);
        int nr = 0;
        assert_int_equal(rd_ruin_strings(&f.ru, &f.w, &rng, &rp, -1, list, &nr), RD_OK);
        int routes = 0;
        for (int r = 0; r < f.w.n_routes; r++) {
            int lo = 1 << 30, hi = -1, cnt = 0;
            for (int i = 0; i < nr; i++) {
                if (old_route[list[i]] != r) continue;
                cnt++;
                lo = old_pos[list[i]] < lo ? old_pos[list[i]] : lo;
                hi = old_pos[list[i]] > hi ? old_pos[list[i]] : hi;
            }
            if (cnt == 0) continue;
            routes++;
            assert_int_equal(hi - lo + 1, cnt);
            assert_true(cnt <= rp.max_string);
        }
        /* k_s_max = 4·10 / (1 + 4) - 1 = 7 */
        assert_true(routes >= 1 && routes <= 7);
        rd_ws_journal_revert(&f.w);
    }
    teardown(&f);
}

/* With the split variant always on, some round keeps tasks inside a removed span. */
static void test_split_keeps_tasks(void **state) {
    (void)state;
    gen_opts o = gen_defaults(100, 32);
    fixture f;
    setup(&f, &o);
    rd_ruin_params rp;
    rd_ruin_params_init(&rp);
    rp.split_rate = 1.0;
    rd_rng rng;
    rd_rng_seed(&rng, 4, 0);
    int list[100], old_route[100], old_pos[100], gaps = 0;
    for (int round = 0; round < 50; round++) {
        memcpy(old_route, f.w.route_of, sizeof old_route);
        memcpy(old_pos, f.w.pos_of, sizeof old_pos);
        rd_ws_journal_begin(&f.w);
        int nr = 0;
        assert_int_equal(rd_ruin_strings(&f.ru, &f.w, &rng, &rp, -1, list, &nr), RD_OK);
        for (int r = 0; r < f.w.n_routes; r++) {
            int lo = 1 << 30, hi = -1, cnt = 0;
            for (int i = 0; i < nr; i++) {
                if (old_route[list[i]] != r) continue;
                cnt++;
                lo = old_pos[list[i]] < lo ? old_pos[list[i]] : lo;
                hi = old_pos[list[i]] > hi ? old_pos[list[i]] : hi;
            }
            gaps += cnt > 0 && hi - lo + 1 > cnt;
        }
        assert_feasible(&f);
        rd_ws_journal_revert(&f.w);
    }
    assert_true(gaps > 0);
    teardown(&f);
}

/* Without blinks, one task goes to its cheapest feasible position (brute force). */
/* A ruin around a task the plan leaves out cuts the route of its nearest
 * routed neighbour. */
static void test_ruin_around(void **state) {
    (void)state;
    gen_opts o = gen_defaults(60, 9);
    fixture f;
    setup(&f, &o);
    rd_ruin_params rp;
    rd_ruin_params_init(&rp);
    rd_rng rng;
    rd_rng_seed(&rng, 3, 0);
    int list[60];
    for (int u = 0; u < 60; u += 7) {
        rd_ws_journal_begin(&f.w);
        assert_int_equal(rd_ws_remove(&f.w, &u, 1), RD_OK);
        const int *nv = rd_neigh_of(f.ru.near, u);
        int r0 = f.w.route_of[nv[0]];
        assert_true(r0 >= 0);
        int len0 = f.w.r[r0].len, nr = 0;
        assert_int_equal(rd_ruin_strings(&f.ru, &f.w, &rng, &rp, u, list, &nr), RD_OK);
        assert_true(nr > 0);
        assert_true(f.w.r[r0].len < len0); /* the neighbour's route lost tasks */
        assert_int_equal(f.w.route_of[u], -1);
        rd_ws_journal_revert(&f.w);
    }
    teardown(&f);
}

static void test_cheapest_insertion(void **state) {
    (void)state;
    gen_opts o = gen_defaults(60, 33);
    o.tw = 1;
    fixture f;
    setup(&f, &o);
    rd_recreate_params cp;
    rd_recreate_params_init(&cp);
    cp.blink = 0.0;
    rd_rng rng;
    rd_rng_seed(&rng, 5, 0);
    for (int u = 0; u < 60; u += 7) {
        int one = u;
        assert_int_equal(rd_ws_remove(&f.w, &one, 1), RD_OK);
        int64_t best = RD_INF;
        for (int r = 0; r < f.w.n_routes; r++) {
            const rd_rwork *R = &f.w.r[r];
            for (int q = 0; q <= R->len; q++) {
                rd_seg s[3] = {rd_seg_part(r, 0, q), rd_seg_task(u), rd_seg_part(r, q, R->len)};
                int64_t c;
                if (rd_ws_try(&f.w, R->vehicle, s, 3, &c) && c - R->cost < best) best = c - R->cost;
            }
        }
        rd_seg alone[1] = {rd_seg_task(u)};
        int64_t c1;
        if (rd_ws_empty_route(&f.w, 0) >= 0 && rd_ws_try(&f.w, 0, alone, 1, &c1) && c1 < best)
            best = c1;
        int64_t before = f.w.cost;
        int stopped;
        assert_int_equal(
            rd_recreate_run(&f.rc, &f.w, &f.nb, &rng, &cp, &one, 1, NULL, NULL, &stopped), RD_OK);
        assert_true(f.w.route_of[u] >= 0);
        assert_int_equal(f.w.cost - before, best);
    }
    assert_feasible(&f);
    teardown(&f);
}

/* A passed deadline stops the recreate and leaves tasks out; the plan stays feasible. */
static void test_recreate_deadline(void **state) {
    (void)state;
    gen_opts o = gen_defaults(80, 34);
    fixture f;
    setup(&f, &o);
    int list[80];
    for (int t = 0; t < 80; t++) list[t] = t;
    assert_int_equal(rd_ws_remove(&f.w, list, 40), RD_OK);
    rd_recreate_params cp;
    rd_recreate_params_init(&cp);
    rd_rng rng;
    rd_rng_seed(&rng, 6, 0);
    rd_deadline dl = rd_deadline_in(1e-9); /* passed at once */
    int stopped = 0;
    assert_int_equal(rd_recreate_run(&f.rc, &f.w, &f.nb, &rng, &cp, list, 40, &dl, NULL, &stopped),
                     RD_OK);
    assert_int_equal(stopped, 1);
    assert_true(f.w.n_routed < 80);
    assert_feasible(&f);
    volatile int cancel = 1;
    int nu = 0;
    for (int t = 0; t < 80; t++)
        if (f.w.route_of[t] < 0) list[nu++] = t;
    stopped = 0;
    assert_int_equal(
        rd_recreate_run(&f.rc, &f.w, &f.nb, &rng, &cp, list, nu, NULL, &cancel, &stopped), RD_OK);
    assert_int_equal(stopped, 1);
    assert_true(f.w.n_routed < 80);
    assert_feasible(&f);
    teardown(&f);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ruin_recreate_feasible), cmocka_unit_test(test_strings_consecutive),
        cmocka_unit_test(test_split_keeps_tasks),      cmocka_unit_test(test_cheapest_insertion),
        cmocka_unit_test(test_recreate_deadline),      cmocka_unit_test(test_ruin_around),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
