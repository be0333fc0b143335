/* Tests of the local search: it keeps every route feasible (checked by
 * rd_eval), never raises the cost, ends at a local optimum, and stops at once
 * on a passed deadline or a cancel flag; with the debug check on, every move
 * of many runs over random instances matches a from-scratch recomputation,
 * for each operator family alone and all together, in both move modes; the
 * moves of left-out tasks, from a poor over-constrained start, end where
 * brute force (every insertion, insertion with a reordered window, exchange
 * and ejection, each route checked
 * from scratch) finds nothing better in VROOM's order; the localised passes
 * end where a search of every task and route pair finds nothing. */
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
        /* a break stays: its vehicle's route is infeasible without it */
        if (f->w.route_of[t] >= 0 && f->m->task_kind[t] != RD_TASK_BREAK) list[nr++] = t;
    }
    assert_int_equal(rd_ws_remove(&f->w, list, nr), RD_OK);
    for (int t = 0; t < n; t++)
        if (code[t] == RD_ALONE_OK && f->w.route_of[t] < 0) {
            int placed;
            assert_int_equal(rd_construct_insert(&f->w, &f->nb, t, &placed), RD_OK);
        }
}

/* Instance kind k (0..6) of n tasks: capacity only, one window per task,
 * several windows with setup times and shared locations, mixed loads, open
 * routes, two vehicle types, six one-vehicle types with a break each. */
static gen_opts kind_opts(int k, int n, uint64_t seed) {
    gen_opts o = gen_defaults(n, seed);
    o.tw = k % 3; /* 0: capacity only, 1: windows, 2: several windows */
    o.setup = k == 2 ? 3 : 0;
    o.shared_locs = k == 2;
    o.mixed = k == 3;
    o.open_end = k == 4;
    o.n_types = k == 5 ? 2 : k == 6 ? 6 : 1;
    o.cap = k == 5 ? 30 : 50;
    if (k == 6) { /* six vehicle types of one vehicle each (as JSON), a break in every route */
        o.fleet = 1;
        o.breaks = 1;
    }
    return o;
}

/* The debug check recomputes every applied move from scratch: it must never
 * fire (rd_ls_run returns RD_OK) over many perturb + LS rounds, on capacity-only
 * instances, one window per task, several windows with setup times, mixed
 * loads, open routes, two vehicle types and six one-vehicle types with a
 * break in every route (SWAP* around breaks), with each operator family alone
 * and all together, first and best improvement. */
static void test_debug_check(void **state) {
    (void)state;
    const int families[] = {RD_LS_RELOCATE, RD_LS_RELOCATE3, RD_LS_SWAP,     RD_LS_SWAP2,
                            RD_LS_TWO_OPT,  RD_LS_EMPTY,     RD_LS_SWAPSTAR, RD_LS_ALL};
    const int nf = (int)(sizeof families / sizeof families[0]);
    for (int k = 0; k < 7; k++) {
        gen_opts o = kind_opts(k, 60, 300 + (uint64_t)k);
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

/* SWAP* alone improves a constructed CVRP plan and one with a break in
 * every route, and is skipped, harmlessly, on a model without coordinates. */
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

    /* one-vehicle types with a break in every route: SWAP* moves jobs
     * around the breaks, each move re-checked from scratch */
    o = kind_opts(6, 80, 78);
    fx_open(&f, &o);
    f.ls.ops = RD_LS_SWAPSTAR;
    f.ls.debug_check = 1;
    before = f.w.cost;
    assert_int_equal(rd_ls_run(&f.ls, &f.w, &f.nb, &f.rng, NULL, NULL, &stopped), RD_OK);
    assert_true(f.w.cost < before);
    assert_true(f.ls.swapstar_moves > 0);
    check_plan(&f, f.w.n_routed);
    fx_close(&f);
}

/* ---- moves of left-out tasks against brute force ---- */

/* VROOM's order of (priority served, tasks served, cost): 1 when a beats b. */
static int lex_better(int64_t pa, int64_t na, int64_t ca, int64_t pb, int64_t nb, int64_t cb) {
    if (pa != pb) return pa > pb;
    if (na != nb) return na > nb;
    return ca < cb;
}

/* The plain check's cost of t[0..len) for type v, or -1 when infeasible. */
static int64_t plain_cost(const rd_model *m, int v, const int *t, int len) {
    int64_t c;
    return rd_route_check(m, v, t, len, &c) ? c : -1;
}

/* Every single insertion of a left-out job (any position of any route slot),
 * every insertion with a window of up to 3 consecutive jobs reordered (any
 * order of the window and the job), every exchange with a job of the route (left-out job in at any
 * position, the other out) and every ejection (the other into any position of another route), each
 * checked from scratch by rd_route_check: none may beat the plan in VROOM's order. Returns the
 * number of improving moves found. */
static int brute_force_improvements(const rd_ws *w) {
    const rd_model *m = w->m;
    int found = 0, a[64], b[64];
    for (int u = 0; u < m->n_tasks; u++) {
        if (w->route_of[u] >= 0 || m->task_kind[u] != RD_TASK_JOB) continue;
        const int64_t pu = m->task_priority[u];
        for (int r = 0; r < w->n_routes; r++) {
            const rd_rwork *R = &w->r[r];
            const int L = R->len;
            /* insertion */
            for (int j = 0; j <= L; j++) {
                int k = 0;
                for (int i = 0; i <= L; i++) {
                    if (i == j) a[k++] = u;
                    if (i < L) a[k++] = R->task[i];
                }
                found += plain_cost(m, R->vehicle, a, k) >= 0; /* one more served */
            }
            /* insertion with a window of W = min(3, L) consecutive jobs
             * reordered: u and the window in any order */
            const int W = L < 3 ? L : 3;
            for (int st = 0; W > 0 && st + W <= L; st++) {
                int jobs = 1;
                for (int i = st; i < st + W; i++) jobs &= m->task_kind[R->task[i]] == RD_TASK_JOB;
                for (int code = 0; jobs && code < 256; code++) {
                    int o[4], used = 0, ok = 1; /* o: base-4 digits, a permutation of 0..W */
                    for (int i = 0; i <= W; i++) {
                        o[i] = (code >> (2 * i)) & 3;
                        ok &= o[i] <= W && !(used & (1 << o[i]));
                        used |= 1 << o[i];
                    }
                    if (!ok || code >> (2 * (W + 1))) continue;
                    int k = 0;
                    for (int i = 0; i < st; i++) a[k++] = R->task[i];
                    for (int i = 0; i <= W; i++) a[k++] = o[i] == W ? u : R->task[st + o[i]];
                    for (int i = st + W; i < L; i++) a[k++] = R->task[i];
                    found += plain_cost(m, R->vehicle, a, k) >= 0; /* one more served */
                }
            }
            /* exchange u in, s out; ejection: s into another route */
            for (int p = 0; p < L; p++) {
                const int s = R->task[p];
                if (m->task_kind[s] != RD_TASK_JOB) continue;
                int64_t best_in = -1;
                for (int j = 0; j < L; j++) { /* j: u's position among the L - 1 others */
                    int k = 0;
                    for (int i = 0, o = 0; i < L; i++) {
                        if (i == p) continue;
                        if (o++ == j) a[k++] = u;
                        a[k++] = R->task[i];
                    }
                    if (k < L) a[k++] = u;
                    int64_t c = plain_cost(m, R->vehicle, a, k);
                    if (c < 0) continue;
                    if (best_in < 0 || c < best_in) best_in = c;
                    found += lex_better(pu, 0, c, m->task_priority[s], 0, R->cost);
                }
                if (best_in < 0) continue;
                for (int r2 = 0; r2 < w->n_routes; r2++) {
                    if (r2 == r) continue;
                    const rd_rwork *R2 = &w->r[r2];
                    for (int j = 0; j <= R2->len; j++) {
                        int k = 0;
                        for (int i = 0; i <= R2->len; i++) {
                            if (i == j) b[k++] = s;
                            if (i < R2->len) b[k++] = R2->task[i];
                        }
                        found += plain_cost(m, R2->vehicle, b, k) >= 0; /* one more served */
                    }
                }
            }
        }
    }
    return found;
}

static void test_left_out_moves(void **state) {
    (void)state;
    int64_t total = 0, reorders = 0;
    for (int k = 0; k < 36; k++) {
        gen_opts o = gen_defaults(16, 500 + (uint64_t)k);
        o.cap = 20; /* 16 tasks of 1..10 units, 40 or 60 units of room: some stay out */
        o.tw = k % 2;
        o.n_types = k % 4 >= 2 ? 2 : 1;
        o.fleet = o.n_types == 2 ? 1 : 2;
        o.skills = o.n_types == 2 && k % 8 >= 4; /* some tasks only type 1 serves */
        if (k >= 24) {                           /* one vehicle, room for all, time windows bind */
            o.cap = 1000;
            o.tw = 1;
            o.n_types = o.fleet = 1;
            o.skills = 0;
            o.horizon = 600 + 40 * (k - 24);
        }
        fixture f;
        f.m = gen_model(&o);
        assert_non_null(f.m);
        for (int t = 0; t < f.m->n_tasks; t++) /* some priorities (k >= 8) */
            f.m->task_priority[t] = k >= 8 && t % 5 == 0 ? 3 : 0;
        assert_int_equal(rd_ws_init(&f.w, f.m), RD_OK);
        assert_int_equal(rd_neigh_build(&f.nb, f.m, f.m->n_tasks - 1, f.w.need_time), RD_OK);
        assert_int_equal(rd_ls_init(&f.ls, f.m), RD_OK);
        rd_rng_seed(&f.rng, 7, (uint64_t)k);
        unsigned char code[64], may[64];
        rd_construct_classify(f.m, code);
        for (int t = 0; t < f.m->n_tasks; t++) may[t] = code[t] == 0;
        /* a poor start: the tasks in reverse order of index, first fit */
        for (int t = f.m->n_tasks - 1; t >= 0; t--) {
            if (!may[t]) continue;
            for (int r = 0; r < f.w.n_routes; r++) {
                rd_seg sg[2] = {rd_seg_part(r, 0, f.w.r[r].len), rd_seg_task(t)};
                int64_t c;
                if (rd_ws_try(&f.w, f.w.r[r].vehicle, sg, 2, &c)) {
                    assert_int_equal(rd_ws_set(&f.w, r, sg, 2), RD_OK);
                    break;
                }
            }
        }
        const int64_t prio0 = f.w.prio_routed, n0 = f.w.n_routed, c0 = f.w.cost;
        assert_true(n0 < f.m->n_tasks); /* over-constrained */
        f.ls.may_insert = may;
        f.ls.ops = RD_LS_LEFT_OUT;
        f.ls.debug_check = 1; /* every move recomputed from scratch */
        int stopped;
        assert_int_equal(rd_ls_run(&f.ls, &f.w, &f.nb, &f.rng, NULL, NULL, &stopped), RD_OK);
        for (int t = 0; t < f.m->n_tasks; t++) /* a full pass (nothing skipped) finds none */
            f.ls.last_test[t] = f.ls.out_test[t] = f.ls.ej_tick[t] = -1;
        const int64_t moves = f.ls.out_moves;
        assert_int_equal(rd_ls_run(&f.ls, &f.w, &f.nb, &f.rng, NULL, NULL, &stopped), RD_OK);
        assert_int_equal(f.ls.out_moves, moves);
        total += moves;
        reorders += f.ls.reorder_moves;
        /* never worse in VROOM's order, feasible by rd_eval, and no single
         * insertion (plain or with a reordered window), exchange or ejection
         * left that brute force finds better */
        assert_false(lex_better(prio0, n0, c0, f.w.prio_routed, f.w.n_routed, f.w.cost));
        check_plan(&f, f.w.n_routed);
        assert_int_equal(brute_force_improvements(&f.w), 0);
        fx_close(&f);
    }
    assert_true(total > 0);
    assert_true(reorders > 0);
}

/* Localised search (a pass looks only at the tasks near routes changed since
 * the previous pass or run): after every perturb + run, a fresh rd_ls that
 * scans every task and route pair finds no improving move: the localised
 * run ends at a local optimum of the full neighbourhood. Over the instance
 * kinds of test_debug_check, all operators, both move modes, SWAP* on every
 * task or on related tasks only, 25 rounds each. */
static void test_localised_optimum(void **state) {
    (void)state;
    int64_t rounds = 0, local_moves = 0;
    int longest = 0;
    for (int k = 0; k < 7; k++) {
        gen_opts o = kind_opts(k, 80, 500 + (uint64_t)k);
        if (k % 2 && k != 5) o.cap = 1000; /* long routes: SWAP* on related tasks */
        fixture f;
        fx_open(&f, &o);
        unsigned char code[256];
        rd_construct_classify(f.m, code);
        rd_rng prng;
        rd_rng_seed(&prng, 11, (uint64_t)k);
        f.ls.swap_near = k % 2 ? &f.nb : NULL; /* SWAP* on related tasks, or on all */
        for (int best = 0; best < 2; best++) {
            f.ls.best_move = best;
            for (int round = 0; round < 25; round++) {
                int stopped;
                int64_t m0 = f.ls.moves;
                assert_int_equal(rd_ls_run(&f.ls, &f.w, &f.nb, &f.rng, NULL, NULL, &stopped),
                                 RD_OK);
                assert_false(stopped);
                local_moves += f.ls.moves - m0;
                rd_ls full;
                assert_int_equal(rd_ls_init(&full, f.m), RD_OK);
                full.best_move = best;
                full.swap_near = f.ls.swap_near;
                rd_rng frng;
                rd_rng_seed(&frng, 99, (uint64_t)round);
                int64_t before = f.w.cost;
                assert_int_equal(rd_ls_run(&full, &f.w, &f.nb, &frng, NULL, NULL, &stopped), RD_OK);
                if (full.moves != 0)
                    fail_msg("config %d, round %d: the full search still found %lld moves "
                             "(%lld -> %lld)",
                             k, round, (long long)full.moves, (long long)before,
                             (long long)f.w.cost);
                rd_ls_free(&full);
                for (int r = 0; r < f.w.n_routes; r++)
                    if (f.w.r[r].len > longest) longest = f.w.r[r].len;
                rounds++;
                perturb(&f, &prng, code);
            }
        }
        check_plan(&f, f.w.n_routed);
        fx_close(&f);
    }
    print_message("%lld rounds, %lld moves by the localised search, longest route %d\n",
                  (long long)rounds, (long long)local_moves, longest);
    assert_true(local_moves > 500);
    assert_true(longest * longest > RD_LS_SWAPSTAR_FULL); /* related SWAP* was exercised */
}

/* ---- inter-route moves where capacity binds, against the plain check ---- */

/* Route r with position i replaced by the tasks in[0..nin) (i = len: put at
 * the end; nout 0: nothing leaves) into buf; returns its length. */
static int spliced(const rd_rwork *R, int i, int nout, const int *in, int nin, int *buf) {
    int n = 0;
    for (int p = 0; p < i; p++) buf[n++] = R->task[p];
    for (int p = 0; p < nin; p++) buf[n++] = in[p];
    for (int p = i + nout; p < R->len; p++) buf[n++] = R->task[p];
    return n;
}

/* Relocations of u before or after v and swaps of u and v (v a granular
 * neighbour of u in another route), each route priced from scratch by
 * rd_route_check: the number that lower the cost; *full counts the
 * candidates whose loads exceed the receiving vehicle's capacity. */
static int brute_force_inter(const rd_ws *w, const rd_neigh *nb, int *full) {
    const rd_model *m = w->m;
    int found = 0, a[256], b[256];
    for (int u = 0; u < m->n_tasks; u++) {
        const int ru = w->route_of[u];
        if (ru < 0) continue;
        const rd_rwork *RU = &w->r[ru];
        for (int q = 0; q < nb->k; q++) {
            const int v = rd_neigh_of(nb, u)[q], rv = w->route_of[v];
            if (rv < 0 || rv == ru) continue;
            const rd_rwork *RV = &w->r[rv];
            const int i = w->pos_of[u], j = w->pos_of[v];
            for (int kind = 0; kind < 3; kind++) { /* after v, before v, swap */
                const int na =
                    kind < 2 ? spliced(RU, i, 1, NULL, 0, a) : spliced(RU, i, 1, &v, 1, a);
                const int nb2 = kind == 0   ? spliced(RV, j + 1, 0, &u, 1, b)
                                : kind == 1 ? spliced(RV, j, 0, &u, 1, b)
                                            : spliced(RV, j, 1, &u, 1, b);
                int64_t load = 0; /* capacity-only or mixed: the largest of both ends */
                for (int x = 0; x < nb2; x++) load += rd_model_pickup(m, b[x])[0];
                int64_t dl = 0;
                for (int x = 0; x < nb2; x++) dl += rd_model_delivery(m, b[x])[0];
                if (load > rd_model_capacity(m, RV->vehicle)[0] ||
                    dl > rd_model_capacity(m, RV->vehicle)[0])
                    ++*full;
                int64_t ca, cb;
                if (!rd_route_check(m, RU->vehicle, a, na, &ca) ||
                    !rd_route_check(m, RV->vehicle, b, nb2, &cb))
                    continue;
                if (na == 0) ca = 0;
                if (ca + cb < RU->cost + RV->cost) found++;
            }
        }
    }
    return found;
}

/* Relocation and swap between routes skip the candidates whose load totals
 * exceed the receiving vehicle's capacity before pricing them (once per
 * block, for every orientation and place): on tight capacities (one vehicle
 * type, mixed loads, two types of different capacities), the local optimum
 * they reach has no improving relocation or swap that the plain check
 * accepts, and many candidates were over capacity. */
static void test_capacity_filter(void **state) {
    (void)state;
    int full = 0, rounds = 0;
    const int kinds[3] = {0, 3, 5};
    for (int x = 0; x < 3; x++) {
        gen_opts o = kind_opts(kinds[x], 60, 900 + (uint64_t)x);
        o.cap = kinds[x] == 5 ? 25 : 40;
        fixture f;
        fx_open(&f, &o);
        unsigned char code[256];
        rd_construct_classify(f.m, code);
        rd_rng prng;
        rd_rng_seed(&prng, 5, (uint64_t)x);
        f.ls.ops = RD_LS_RELOCATE | RD_LS_SWAP;
        for (int round = 0; round < 20; round++) {
            f.ls.best_move = round % 2;
            int stopped;
            assert_int_equal(rd_ls_run(&f.ls, &f.w, &f.nb, &f.rng, NULL, NULL, &stopped), RD_OK);
            int found = brute_force_inter(&f.w, &f.nb, &full);
            if (found)
                fail_msg("kind %d, round %d: %d improving moves left", kinds[x], round, found);
            rounds++;
            perturb(&f, &prng, code);
        }
        fx_close(&f);
    }
    print_message("%d local optima, %d candidates over capacity\n", rounds, full);
    assert_true(full > 1000);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_improves_feasibly), cmocka_unit_test(test_stops),
        cmocka_unit_test(test_fixes_bad_order),   cmocka_unit_test(test_uses_empty_route),
        cmocka_unit_test(test_debug_check),       cmocka_unit_test(test_debug_check_fires),
        cmocka_unit_test(test_swap_star),         cmocka_unit_test(test_left_out_moves),
        cmocka_unit_test(test_localised_optimum), cmocka_unit_test(test_capacity_filter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
