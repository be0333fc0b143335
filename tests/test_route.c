/* Tests of the route workspace: rd_ws_try's cached evaluation (and its
 * bounded variant) against the plain reference check on many random candidate
 * routes, the reference check against the independent evaluator, and the
 * journal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "heur_gen.h"
#include "heuristics/construct.h"
#include "heuristics/neigh.h"
#include "heuristics/route.h"

/* The configurations every test runs on. */
static gen_opts config(int k) {
    gen_opts o = gen_defaults(40, 100 + (uint64_t)k);
    switch (k) {
    case 0: break;           /* plain CVRP */
    case 1: o.tw = 1; break; /* windows */
    case 2:
        o.tw = 2;
        o.setup = 5;
        o.shared_locs = 1;
        break; /* two windows, setup */
    case 3:
        o.tw = 1;
        o.mixed = 1;
        break; /* pickups and deliveries */
    case 4:
        o.tw = 1;
        o.open_end = 1;
        break; /* open end */
    case 5:
        o.tw = 2;
        o.n_types = 2;
        o.fleet = 6;
        break; /* two types, two profiles */
    case 6:
        o.mixed = 1;
        o.open_start = 1;
        o.n_types = 2;
        break;
    case 7:
        o.tw = 1;
        o.horizon = 400;
        o.cap = 30;
        break; /* tight shift */
    case 8:
        o.pairs = 10;
        o.mixed = 1;
        break; /* shipments among mixed jobs */
    case 9:
        o.tw = 1;
        o.pairs = 8;
        o.skills = 1;
        o.n_types = 2;
        o.fleet = 8;
        break; /* shipments, windows, skills, two types */
    case 10:
        o.tw = 1;
        o.n_types = 6;
        o.fleet = 1;
        o.breaks = 2;
        o.mixed = 1;
        o.horizon = 1500;
        break; /* breaks (two per vehicle, some with max_load), six vehicles */
    case 11:
        o.pairs = 6;
        o.n_types = 5;
        o.fleet = 1;
        o.breaks = 1;
        o.skills = 1;
        o.horizon = 1500;
        break; /* breaks with shipments and skills */
    }
    return o;
}
#define N_CONFIGS 12

/* A workspace with a constructed plan on configuration k. */
static void setup_ws(int k, rd_model **m, rd_ws *w, rd_neigh *nb) {
    gen_opts o = config(k);
    *m = gen_model(&o);
    assert_non_null(*m);
    assert_int_equal(rd_ws_init(w, *m), RD_OK);
    assert_int_equal(rd_neigh_build(nb, *m, 8, w->need_time), RD_OK);
    unsigned char code[64];
    rd_construct_classify(*m, code);
    assert_int_equal(rd_construct(w, nb, code), RD_OK);
}

static int materialize(const rd_ws *w, const rd_seg *s, int ns, int *out) {
    int len = 0;
    for (int k = 0; k < ns; k++) {
        if (s[k].route < 0) {
            out[len++] = s[k].a;
            continue;
        }
        const int *t = w->r[s[k].route].task;
        for (int i = 0; i < s[k].b - s[k].a; i++)
            out[len++] = t[s[k].rev ? s[k].b - 1 - i : s[k].a + i];
    }
    return len;
}

/* A random part of a random non-empty route: often a prefix or a suffix. */
static rd_seg random_part(const rd_ws *w, rd_rng *rng) {
    int r;
    do r = (int)rd_rng_below(rng, (uint64_t)w->n_routes);
    while (w->r[r].len == 0);
    int len = w->r[r].len;
    int a = (int)rd_rng_below(rng, (uint64_t)len + 1),
        b = (int)rd_rng_below(rng, (uint64_t)len + 1);
    if (a > b) {
        int x = a;
        a = b;
        b = x;
    }
    int kind = (int)rd_rng_below(rng, 4);
    if (kind == 0) a = 0;
    if (kind == 1) b = len;
    rd_seg s = rd_seg_part(r, a, b);
    s.rev = rd_rng_below(rng, 5) == 0;
    return s;
}

static int o_pairs(const rd_model *m) {
    for (int t = 0; t < m->n_tasks; t++)
        if (m->task_kind[t] != RD_TASK_JOB) return 1;
    return 0;
}

static int has_duplicate(const int *seq, int len) {
    for (int i = 0; i < len; i++)
        for (int j = i + 1; j < len; j++)
            if (seq[i] == seq[j]) return 1;
    return 0;
}

static void test_try_matches_check(void **state) {
    (void)state;
    for (int k = 0; k < N_CONFIGS; k++) {
        rd_model *m;
        rd_ws w;
        rd_neigh nb;
        setup_ws(k, &m, &w, &nb);
        rd_rng rng;
        rd_rng_seed(&rng, 7, (uint64_t)k);
        int seq[6 * 64], n_feas = 0, n_inf = 0;
        for (int trial = 0; trial < 20000; trial++) {
            rd_seg s[RD_SEG_MAX];
            int ns = 1 + (int)rd_rng_below(&rng, 4);
            for (int i = 0; i < ns; i++)
                s[i] = rd_rng_below(&rng, 3) == 0
                           ? rd_seg_task((int)rd_rng_below(&rng, (uint64_t)m->n_tasks))
                           : random_part(&w, &rng);
            int veh = (int)rd_rng_below(&rng, (uint64_t)m->n_vehicles);
            int len = materialize(&w, s, ns, seq);
            if ((o_pairs(m) || m->n_breaks) && has_duplicate(seq, len))
                continue;    /* no move builds those */
            int rev_brk = 0; /* rd_ws_try refuses to reverse breaks (a search rule) */
            for (int q = 0; q < ns; q++)
                if (s[q].route >= 0 && s[q].rev)
                    for (int i = s[q].a; i < s[q].b; i++)
                        rev_brk |= m->task_kind[w.r[s[q].route].task[i]] == RD_TASK_BREAK;
            if (rev_brk) continue;
            int64_t c1 = -1, c2 = -1;
            int f1 = rd_ws_try(&w, veh, s, ns, &c1);
            int f2 = rd_route_check(m, veh, seq, len, &c2);
            if (f1 != f2 || (f1 && c1 != c2))
                fail_msg("config %d trial %d: try %d/%lld, check %d/%lld", k, trial, f1,
                         (long long)c1, f2, (long long)c2);
            if (f1)
                n_feas++;
            else
                n_inf++;
            /* the bounded variant: feasible and strictly below the bound */
            int64_t bound = f2 ? c2 + rd_rng_range(&rng, -2, 2) : rd_rng_range(&rng, 0, 1000), c3;
            assert_int_equal(rd_ws_try_below(&w, veh, s, ns, bound, &c3), f2 && c2 < bound);
        }
        assert_true(n_feas > (m->n_breaks ? 100 : 500));
        assert_true(n_inf > 500);
        rd_neigh_free(&nb);
        rd_ws_free(&w);
        rd_model_destroy(m);
    }
}

/* rd_ws_scan_pair finds the cheapest insertion that rd_ws_try confirms over
 * every (i <= j), on every route, for shipments taken out of their route. */
static void test_scan_pair(void **state) {
    (void)state;
    for (int k = 8; k < N_CONFIGS; k++) {
        if (!config(k).pairs) continue;
        rd_model *m;
        rd_ws w;
        rd_neigh nb;
        setup_ws(k, &m, &w, &nb);
        int checked = 0, found = 0;
        for (int p = 0; p < m->n_tasks; p++) {
            if (m->task_kind[p] != RD_TASK_PICKUP || w.route_of[p] < 0) continue;
            int pd[2] = {p, m->task_pair[p]};
            rd_ws_journal_begin(&w);
            assert_int_equal(rd_ws_remove(&w, pd, 2), RD_OK);
            for (int r = 0; r < w.n_routes; r++) {
                rd_pair_ins fast = {-1, 0, 0, RD_INF, -1, -1}, slow = {-1, 0, 0, RD_INF, -1, -1};
                rd_ws_scan_pair(&w, r, p, NULL, 0, &fast);
                const int L = w.r[r].len;
                for (int i = 0; i <= L; i++)
                    for (int j = i; j <= L; j++) {
                        rd_seg s[5] = {rd_seg_part(r, 0, i), rd_seg_task(p), rd_seg_part(r, i, j),
                                       rd_seg_task(pd[1]), rd_seg_part(r, j, L)};
                        int64_t c;
                        if (rd_ws_try(&w, w.r[r].vehicle, s, 5, &c) && c - w.r[r].cost < slow.delta)
                            slow = (rd_pair_ins){r, i, j, c - w.r[r].cost, p, pd[1]};
                    }
                if (fast.route != slow.route || fast.delta != slow.delta || fast.i != slow.i ||
                    fast.j != slow.j)
                    fail_msg("config %d pickup %d route %d: scan (%d,%d,%lld), try (%d,%d,%lld)", k,
                             p, r, fast.i, fast.j, (long long)fast.delta, slow.i, slow.j,
                             (long long)slow.delta);
                checked++;
                found += slow.route >= 0;
            }
            rd_ws_journal_revert(&w);
        }
        assert_true(checked > 20);
        assert_true(found > 5);
        rd_neigh_free(&nb);
        rd_ws_free(&w);
        rd_model_destroy(m);
    }
}

/* The reference check agrees with rd_eval on random one-route plans. */
static void test_check_matches_eval(void **state) {
    (void)state;
    for (int k = 0; k < N_CONFIGS; k++) {
        gen_opts o = config(k);
        rd_model *m = gen_model(&o);
        assert_non_null(m);
        rd_rng rng;
        rd_rng_seed(&rng, 11, (uint64_t)k);
        int perm[64], n_feas = 0;
        for (int trial = 0; trial < 3000; trial++) {
            for (int t = 0; t < m->n_tasks; t++) perm[t] = t;
            rd_rng_shuffle_int(&rng, perm, m->n_tasks);
            int len = 1 + (int)rd_rng_below(&rng, 8);
            int veh = (int)rd_rng_below(&rng, (uint64_t)m->n_vehicles);
            if (m->n_breaks > 0) { /* tasks first, then the vehicle's breaks at random places */
                int q = 0;
                for (int i = 0; i < m->n_tasks; i++)
                    if (m->task_kind[perm[i]] != RD_TASK_BREAK) perm[q++] = perm[i];
                for (int k2 = m->veh_brk_first[veh]; k2 < m->veh_brk_first[veh + 1]; k2++) {
                    int at = (int)rd_rng_below(&rng, (uint64_t)len + 1);
                    for (int i = q; i > at; i--) perm[i] = perm[i - 1];
                    perm[at] = m->veh_brk[k2];
                    q++;
                    len++;
                }
                for (int v2 = 0; v2 < m->n_vehicles; v2++) /* the other breaks, unlisted */
                    for (int k2 = m->veh_brk_first[v2]; v2 != veh && k2 < m->veh_brk_first[v2 + 1];
                         k2++)
                        perm[q++] = m->veh_brk[k2];
            }
            int64_t c = -1, ce = -2, served = 0;
            for (int i = 0; i < len; i++) served += m->task_kind[perm[i]] != RD_TASK_BREAK;
            if (!served) continue; /* breaks alone: an empty route, never in a plan */
            int f = rd_route_check(m, veh, perm, len, &c);
            rd_solution *s = rd_solution_create();
            rd_solution_add_route(s, veh, perm, len);
            for (int i = len; i < m->n_tasks; i++) rd_solution_add_unassigned(s, perm[i], "x");
            int fe = gen_eval(m, s, &ce, NULL);
            rd_solution_destroy(s);
            assert_int_equal(f, fe);
            if (f) {
                assert_int_equal(c, ce);
                n_feas++;
            }
        }
        assert_true(n_feas > 50);
        rd_model_destroy(m);
    }
}

/* rd_ws_next_free_type walks exactly the types that have a route slot
 * serving nothing (read from the routes' tasks): its list must follow every
 * change and journal revert. */
static void check_free_types(rd_ws *w) {
    int v = rd_ws_next_free_type(w, 0);
    for (int type = 0; type < w->m->n_vehicles; type++) {
        int free_slot = 0;
        for (int r = 0; r < w->n_routes; r++) {
            if (w->r[r].vehicle != type) continue;
            int served = 0;
            for (int i = 0; i < w->r[r].len; i++) served |= rd_task_served(w->m, w->r[r].task[i]);
            free_slot |= !served;
        }
        if (!free_slot) continue;
        assert_int_equal(v, type);
        v = rd_ws_next_free_type(w, v + 1);
    }
    assert_int_equal(v, -1);
}

static void test_journal_revert(void **state) {
    (void)state;
    rd_model *m;
    rd_ws w;
    rd_neigh nb;
    setup_ws(2, &m, &w, &nb);
    rd_rng rng;
    rd_rng_seed(&rng, 3, 0);
    rd_solution *before = gen_ws_solution(&w);
    int64_t cost = w.cost;
    int routed = w.n_routed;
    for (int round = 0; round < 50; round++) {
        rd_ws_journal_begin(&w);
        for (int step = 0; step < 5; step++) {
            int t = (int)rd_rng_below(&rng, (uint64_t)m->n_tasks);
            int r1 = w.route_of[t];
            if (r1 < 0) continue;
            int r2 = (int)rd_rng_below(&rng, (uint64_t)w.n_routes);
            if (r2 == r1) continue;
            int i = w.pos_of[t], l1 = w.r[r1].len, l2 = w.r[r2].len;
            int q = (int)rd_rng_below(&rng, (uint64_t)l2 + 1);
            rd_seg a[] = {rd_seg_part(r1, 0, i), rd_seg_part(r1, i + 1, l1)};
            rd_seg b[] = {rd_seg_part(r2, 0, q), rd_seg_task(t), rd_seg_part(r2, q, l2)};
            assert_int_equal(rd_ws_set2(&w, r1, a, 2, r2, b, 3), RD_OK);
            check_free_types(&w);
        }
        int rm[3] = {0, 5, 9};
        assert_int_equal(rd_ws_remove(&w, rm, 3), RD_OK);
        assert_true(w.n_routed < routed);
        check_free_types(&w);
        rd_ws_journal_revert(&w);
        check_free_types(&w);
        assert_int_equal(w.cost, cost);
        assert_int_equal(w.n_routed, routed);
    }
    rd_solution *after = gen_ws_solution(&w);
    assert_int_equal(after->n_routes, before->n_routes);
    for (int r = 0; r < after->n_routes; r++) {
        assert_int_equal(after->routes[r].len, before->routes[r].len);
        assert_memory_equal(after->routes[r].visits, before->routes[r].visits,
                            (size_t)after->routes[r].len * sizeof(int));
    }
    for (int t = 0; t < m->n_tasks; t++)
        if (w.route_of[t] >= 0) assert_int_equal(w.r[w.route_of[t]].task[w.pos_of[t]], t);
    rd_solution_destroy(before);
    rd_solution_destroy(after);
    rd_neigh_free(&nb);
    rd_ws_free(&w);
    rd_model_destroy(m);
}

/* Two vehicle types (configs 5 and 6): routes emptied one after another
 * into the next used one, then restored by the journal; the free types
 * follow each step. */
static void test_free_types(void **state) {
    (void)state;
    for (int k = 5; k <= 6; k++) {
        rd_model *m;
        rd_ws w;
        rd_neigh nb;
        setup_ws(k, &m, &w, &nb);
        check_free_types(&w);
        rd_ws_journal_begin(&w);
        int emptied = 0;
        for (int r = 0; r < w.n_routes; r++) {
            if (!rd_route_used(&w.r[r])) continue;
            int to = -1;
            for (int o = r + 1; o < w.n_routes && to < 0; o++)
                if (rd_route_used(&w.r[o])) to = o;
            if (to < 0) break;
            rd_seg a[] = {rd_seg_part(r, 0, 0)};
            rd_seg b[] = {rd_seg_part(to, 0, w.r[to].len), rd_seg_part(r, 0, w.r[r].len)};
            assert_int_equal(rd_ws_set2(&w, r, a, 1, to, b, 2), RD_OK);
            assert_false(rd_route_used(&w.r[r]));
            emptied++;
            check_free_types(&w);
        }
        assert_true(emptied > 0);
        rd_ws_journal_revert(&w);
        check_free_types(&w);
        rd_neigh_free(&nb);
        rd_ws_free(&w);
        rd_model_destroy(m);
    }
}

/* need_time is off only when no window or shift can bind. */
static void test_need_time(void **state) {
    (void)state;
    gen_opts o = gen_defaults(10, 1);
    o.horizon = RD_INF;
    rd_model *m = gen_model(&o);
    assert_non_null(m);
    for (int t = 0; t < m->n_tasks; t++) m->tw_end[t] = RD_INF;
    rd_ws w;
    assert_int_equal(rd_ws_init(&w, m), RD_OK);
    assert_int_equal(w.need_time, 0);
    assert_int_equal(w.mixed, 0);
    rd_ws_free(&w);
    m->vehicles[0].tw_end = 500; /* a shift end a route could reach */
    assert_int_equal(rd_ws_init(&w, m), RD_OK);
    assert_int_equal(w.need_time, 1);
    rd_ws_free(&w);
    rd_model_destroy(m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_try_matches_check), cmocka_unit_test(test_check_matches_eval),
        cmocka_unit_test(test_scan_pair),         cmocka_unit_test(test_journal_revert),
        cmocka_unit_test(test_need_time),         cmocka_unit_test(test_free_types),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
