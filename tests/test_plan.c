/* Tests of the plan-mode scheduler (solver/plan.c) on hand-computed routes:
 * the latest start that avoids waiting, waiting for a later window, delays
 * and lead times with the cheapest total, hard step bounds, every other
 * violation cause, open routes, and agreement with the evaluator's schedule
 * when nothing constrains the times. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "io/json_in.h"
#include "io/json_out.h"
#include "solver/plan.h"

/* Five locations on a line 10 apart (0 is the depot); travel time = distance
 * = 10 × |i - j|, cost = 2 × distance. Tasks 0..3 at locations 1..4 (ids
 * 101..104): service 5, pickup 4, one window each (wide open unless a test
 * narrows it; windows are set through the model's arrays, one per task).
 * One vehicle: start and end at 0, shift [0, 1000], capacity 10. */
static rd_model *line_model_tw(int n_tw) {
    rd_model *m = rd_model_alloc(5, 1, 4, n_tw, 1, 1);
    assert_non_null(m);
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++) {
            int64_t d = 10 * (i > j ? i - j : j - i);
            m->durations[0].v[i * 5 + j] = d;
            m->distances[0].v[i * 5 + j] = d;
            m->costs[0].v[i * 5 + j] = 2 * d;
        }
    for (int t = 0; t < 4; t++) {
        m->task_id[t] = 101 + t;
        m->task_loc[t] = t + 1;
        m->task_pickup[t] = 4;
        m->task_service[t] = 5;
        m->task_tw_first[t] = t;
    }
    for (int k = 0; k < n_tw; k++) m->tw_end[k] = 1000;
    m->task_tw_first[4] = 4;
    m->vehicles[0].start_loc = m->vehicles[0].end_loc = 0;
    m->vehicles[0].tw_end = 1000;
    m->veh_capacity[0] = 10;
    strcpy(m->name, "line");
    return m;
}

static rd_model *line_model(void) {
    return line_model_tw(4);
}

static void window(rd_model *m, int task, int64_t a, int64_t b) {
    m->tw_start[task] = a;
    m->tw_end[task] = b;
}

/* Schedules visits[0..len) on vehicle 0 (bounds may be NULL); asserts RD_OK. */
static void run(rd_model *m, const int *visits, int len, const int64_t *after,
                const int64_t *before, rd_plan_step *steps, rd_plan_result *res) {
    assert_int_equal(rd_model_validate(m, NULL), RD_OK);
    rd_route rt = {0, len, (int *)visits};
    rd_error err;
    rd_error_clear(&err);
    rd_status st = rd_plan_route(m, &rt, after, before, steps, res, &err);
    if (st != RD_OK) print_error("rd_plan_route: %s\n", err.msg);
    assert_int_equal(st, RD_OK);
    assert_int_equal(res->n_steps, len + 2);
}

/* Checks one step's arrival, begin (service start) and waiting. */
static void times(const rd_plan_step *s, int64_t arrival, int64_t begin) {
    assert_int_equal(s->s.arrival, arrival);
    assert_int_equal(s->s.begin, begin);
    assert_int_equal(s->s.waiting, begin - arrival);
}

/* A window later than the earliest arrival: the route leaves late enough not
 * to wait (least makespan) instead of leaving at the shift start. */
static void test_latest_start_without_waiting(void **state) {
    (void)state;
    rd_model *m = line_model();
    window(m, 0, 100, 200);
    int v[] = {0, 1};
    rd_plan_step s[4];
    rd_plan_result r;
    run(m, v, 2, NULL, NULL, s, &r);
    /* leave 90, 0->1 takes 10: begin 100, leave 105, 1->2: 115, leave 120, 2->0: 140 */
    times(&s[0], 90, 90);
    times(&s[1], 100, 100);
    times(&s[2], 115, 115);
    times(&s[3], 140, 140);
    assert_int_equal(s[0].s.kind, RD_STEP_START);
    assert_int_equal(s[1].s.kind, RD_STEP_TASK);
    assert_int_equal(s[3].s.kind, RD_STEP_END);
    assert_int_equal(s[3].s.travel, 40);
    assert_int_equal(s[3].s.distance, 40);
    assert_int_equal(s[3].s.cost, 80);
    assert_int_equal(r.causes, 0);
    for (int k = 0; k < 4; k++) assert_int_equal(s[k].causes, 0);
    rd_model_destroy(m);
}

/* Two windows; the first is missed: wait for the second one (no violation),
 * leaving late enough that the wait disappears. */
static void test_wait_for_second_window(void **state) {
    (void)state;
    rd_model *m = line_model_tw(5);
    /* task 0: [0, 5] and [50, 60]; the others keep one wide window each */
    int64_t ws[5] = {0, 50, 0, 0, 0}, we[5] = {5, 60, 1000, 1000, 1000};
    int first[5] = {0, 2, 3, 4, 5};
    memcpy(m->tw_start, ws, sizeof ws);
    memcpy(m->tw_end, we, sizeof we);
    memcpy(m->task_tw_first, first, sizeof first);
    int v[] = {0};
    rd_plan_step s[3];
    rd_plan_result r;
    run(m, v, 1, NULL, NULL, s, &r);
    times(&s[0], 40, 40);
    times(&s[1], 50, 50);
    times(&s[2], 65, 65);
    assert_int_equal(r.causes, 0);
    rd_model_destroy(m);
}

/* A window that cannot be reached: the least violation is a delay of 5 at
 * the task (leaving before the shift would only move it to a lead time at
 * the start, which here cannot happen: times are >= 0). */
static void test_delay(void **state) {
    (void)state;
    rd_model *m = line_model();
    window(m, 1, 0, 15); /* task 1 at location 2: earliest arrival 20 */
    int v[] = {1, 0};
    rd_plan_step s[4];
    rd_plan_result r;
    run(m, v, 2, NULL, NULL, s, &r);
    times(&s[0], 0, 0);
    times(&s[1], 20, 20);
    times(&s[2], 35, 35);
    times(&s[3], 50, 50);
    assert_int_equal(s[1].causes, RD_PLAN_DELAY);
    assert_int_equal(s[1].delay, 5);
    assert_int_equal(s[1].lead_time, 0);
    assert_int_equal(r.causes, RD_PLAN_DELAY);
    assert_int_equal(r.delay, 5);
    assert_int_equal(r.lead_time, 0);
    rd_model_destroy(m);
}

/* The order makes one of two windows fail: serving task 0 early (lead time)
 * costs as much as serving task 1 late (delay) over a whole range; the
 * earliest schedule among those is chosen. Task 0 (location 1) window
 * [100, 110], task 1 (location 2) window [0, 60]: serving task 0 at x gives
 * lead 100 - x and delay max(0, x + 15 - 60); total 55 for x in [45, 100];
 * earliest: x = 45, task 1 at 60 on time. */
static void test_lead_time_against_delay(void **state) {
    (void)state;
    rd_model *m = line_model();
    window(m, 0, 100, 110);
    window(m, 1, 0, 60);
    int v[] = {0, 1};
    rd_plan_step s[4];
    rd_plan_result r;
    run(m, v, 2, NULL, NULL, s, &r);
    times(&s[0], 35, 35);
    times(&s[1], 45, 45);
    times(&s[2], 60, 60);
    times(&s[3], 85, 85);
    assert_int_equal(s[1].causes, RD_PLAN_LEAD_TIME);
    assert_int_equal(s[1].lead_time, 55);
    assert_int_equal(s[2].causes, 0);
    assert_int_equal(r.causes, RD_PLAN_LEAD_TIME);
    assert_int_equal(r.lead_time, 55);
    assert_int_equal(r.delay, 0);
    rd_model_destroy(m);
}

/* Hard bounds: service_before 50 on a task whose window opens at 100 forces
 * a lead time of 50; service_after on the end makes the vehicle wait there;
 * bounds that cannot be met are an input error naming the step. */
static void test_hard_bounds(void **state) {
    (void)state;
    rd_model *m = line_model();
    window(m, 0, 100, 200);
    int v[] = {0, 1};
    int64_t after[4] = {0, 0, 0, 300}, before[4] = {RD_INF, 50, RD_INF, RD_INF};
    rd_plan_step s[4];
    rd_plan_result r;
    run(m, v, 2, after, before, s, &r);
    times(&s[0], 40, 40);
    times(&s[1], 50, 50);
    times(&s[2], 65, 65);
    times(&s[3], 90, 300); /* waits at the end for its service_after */
    assert_int_equal(s[1].causes, RD_PLAN_LEAD_TIME);
    assert_int_equal(s[1].lead_time, 50);
    assert_int_equal(r.lead_time, 50);

    /* service_at 500 on task 0, service_before 400 on task 1: the earliest
     * task 1 can begin is 500 + 5 + 10 = 515. */
    int64_t a2[4] = {0, 500, 0, 0}, b2[4] = {RD_INF, 500, 400, RD_INF};
    rd_route rt = {0, 2, v};
    rd_error err;
    assert_int_equal(rd_plan_route(m, &rt, a2, b2, s, &r, &err), RD_ERR_INPUT);
    assert_int_equal(r.bad_step, 2);
    assert_int_equal(r.earliest, 515);
    assert_string_equal(err.msg, "step 2: the earliest possible service start 515 is after its "
                                 "bound 400");
    rd_model_destroy(m);
}

/* Start before the shift (forced by service_at on the start) is a lead time
 * at the start; ending after the shift is a delay at the end. */
static void test_shift_violations(void **state) {
    (void)state;
    rd_model *m = line_model();
    m->vehicles[0].tw_start = 100;
    m->vehicles[0].tw_end = 130;
    int v[] = {2};
    int64_t after[3] = {80, 0, 0}, before[3] = {80, RD_INF, RD_INF};
    rd_plan_step s[3];
    rd_plan_result r;
    run(m, v, 1, after, before, s, &r);
    times(&s[0], 80, 80);
    times(&s[1], 110, 110);
    times(&s[2], 145, 145);
    assert_int_equal(s[0].causes, RD_PLAN_LEAD_TIME);
    assert_int_equal(s[0].lead_time, 20);
    assert_int_equal(s[2].causes, RD_PLAN_DELAY);
    assert_int_equal(s[2].delay, 15);
    assert_int_equal(r.causes, RD_PLAN_LEAD_TIME | RD_PLAN_DELAY);
    assert_int_equal(r.lead_time, 20);
    assert_int_equal(r.delay, 15);
    rd_model_destroy(m);
}

/* Load, max_tasks, max_travel_time and max_distance, each on the steps where
 * it is exceeded. Pickups of 4 against capacity 10: the third task reaches
 * 12. max_tasks 2: the third task. Travel so far: 10, 20, 30, 60 at the end;
 * max_travel_time 25 fails from the third task on, max_distance 45 at the
 * end only. */
static void test_other_causes(void **state) {
    (void)state;
    rd_model *m = line_model();
    m->vehicles[0].max_tasks = 2;
    m->vehicles[0].max_travel_time = 25;
    m->vehicles[0].max_distance = 45;
    int v[] = {0, 1, 2};
    rd_plan_step s[5];
    rd_plan_result r;
    run(m, v, 3, NULL, NULL, s, &r);
    assert_int_equal(s[0].causes, 0);
    assert_int_equal(s[1].causes, 0);
    assert_int_equal(s[2].causes, 0);
    assert_int_equal(s[3].causes, RD_PLAN_LOAD | RD_PLAN_MAX_TASKS | RD_PLAN_MAX_TRAVEL_TIME);
    assert_int_equal(s[4].causes, RD_PLAN_LOAD | RD_PLAN_MAX_TRAVEL_TIME | RD_PLAN_MAX_DISTANCE);
    assert_int_equal(s[3].s.load[0], 12);
    assert_int_equal(s[4].s.travel, 60);
    assert_int_equal(r.causes, RD_PLAN_LOAD | RD_PLAN_MAX_TASKS | RD_PLAN_MAX_TRAVEL_TIME |
                                   RD_PLAN_MAX_DISTANCE);
    assert_int_equal(r.lead_time + r.delay, 0);

    /* Deliveries are on board at the start: 2 × 6 = 12 > 10 at departure. */
    m->task_pickup[0] = m->task_pickup[1] = 0;
    m->task_delivery[0] = m->task_delivery[1] = 6;
    int v2[] = {0, 1};
    run(m, v2, 2, NULL, NULL, s, &r);
    assert_int_equal(s[0].s.load[0], 12);
    assert_int_equal(s[0].causes, RD_PLAN_LOAD);
    assert_int_equal(s[1].causes, 0);
    rd_model_destroy(m);
}

/* A shipment's halves (pickup 0 -> delivery 1): in order is fine, reversed
 * flags both steps, a pickup alone flags the pickup. */
static void test_precedence(void **state) {
    (void)state;
    rd_model *m = line_model();
    m->task_kind[0] = RD_TASK_PICKUP;
    m->task_kind[1] = RD_TASK_DELIVERY;
    m->task_pair[0] = 1;
    m->task_pair[1] = 0;
    m->task_pickup[1] = 0;
    m->task_delivery[1] = 4;
    rd_plan_step s[4];
    rd_plan_result r;
    int ok[] = {0, 1}, rev[] = {1, 0}, alone[] = {0};
    run(m, ok, 2, NULL, NULL, s, &r);
    assert_int_equal(r.causes, 0);
    run(m, rev, 2, NULL, NULL, s, &r);
    assert_int_equal(s[1].causes & RD_PLAN_PRECEDENCE, RD_PLAN_PRECEDENCE);
    assert_int_equal(s[2].causes & RD_PLAN_PRECEDENCE, RD_PLAN_PRECEDENCE);
    run(m, alone, 1, NULL, NULL, s, &r);
    assert_int_equal(s[1].causes, RD_PLAN_PRECEDENCE);
    rd_model_destroy(m);
}

/* An open route (no start, no end location): the start step sits at the
 * first task, reached with no travel; the end at the last task. */
static void test_open_route(void **state) {
    (void)state;
    rd_model *m = line_model();
    m->vehicles[0].start_loc = m->vehicles[0].end_loc = -1;
    window(m, 2, 200, 300);
    int v[] = {2, 3};
    rd_plan_step s[4];
    rd_plan_result r;
    run(m, v, 2, NULL, NULL, s, &r);
    assert_int_equal(s[0].s.loc, 3);
    assert_int_equal(s[3].s.loc, 4);
    times(&s[0], 200, 200);
    times(&s[1], 200, 200);
    times(&s[2], 215, 215);
    times(&s[3], 220, 220);
    assert_int_equal(s[3].s.travel, 10);
    assert_int_equal(r.causes, 0);
    rd_model_destroy(m);
}

/* Without windows or bounds the plan is the evaluator's schedule: leave at
 * the shift start, pack everything (setup included). */
static void test_matches_evaluator(void **state) {
    (void)state;
    rd_model *m = line_model();
    m->task_setup[1] = 3;
    m->task_setup[3] = 7;
    m->vehicles[0].tw_start = 20;
    int v[] = {3, 1, 0, 2};
    rd_plan_step s[6];
    rd_plan_result r;
    run(m, v, 4, NULL, NULL, s, &r);
    rd_route rt = {0, 4, v};
    rd_step_eval ev[6];
    int n = 0;
    assert_int_equal(rd_eval_route_steps(m, &rt, ev, &n, NULL), RD_OK);
    assert_int_equal(n, 6);
    for (int k = 0; k < n; k++) {
        assert_int_equal(s[k].s.kind, ev[k].kind);
        assert_int_equal(s[k].s.task, ev[k].task);
        assert_int_equal(s[k].s.loc, ev[k].loc);
        assert_int_equal(s[k].s.arrival, ev[k].arrival);
        assert_int_equal(s[k].s.begin, ev[k].begin);
        assert_int_equal(s[k].s.setup, ev[k].setup);
        assert_int_equal(s[k].s.service, ev[k].service);
        assert_int_equal(s[k].s.departure, ev[k].departure);
        assert_int_equal(s[k].s.travel, ev[k].travel);
        assert_int_equal(s[k].s.distance, ev[k].distance);
        assert_int_equal(s[k].s.load[0], ev[k].load[0]);
    }
    assert_int_equal(s[0].s.arrival, 20);
    rd_model_destroy(m);
}

/* Brute force: the same lexicographic objective minimised over every integer
 * time 0..H by a grid dynamic programme over t (no candidate reduction). */
enum { H = 1500 };
typedef struct lex {
    int64_t v, mk, sum;
} lex;
static int lex_less(lex a, lex b) {
    if (a.v != b.v) return a.v < b.v;
    if (a.mk != b.mk) return a.mk < b.mk;
    return a.sum < b.sum;
}
static int64_t dist_to_windows(const int64_t *s, const int64_t *e, int nw, int64_t t) {
    int64_t best = INT64_MAX;
    for (int k = 0; k < nw; k++) {
        int64_t d = t < s[k] ? s[k] - t : t > e[k] ? t - e[k] : 0;
        if (d < best) best = d;
    }
    return best;
}
static lex brute(const rd_model *m, const int *v, int len, const int64_t *lo, const int64_t *hi) {
    lex g[2][H + 1];
    const rd_vehicle *veh = &m->vehicles[0];
    int n = len + 2, prev_loc = veh->start_loc;
    lex inf = {INT64_MAX, 0, 0};
    int64_t gap = 0;
    for (int p = 0; p < n; p++) {
        int t = p == 0 || p == n - 1 ? -1 : v[p - 1];
        lex *cur = g[p & 1], *old = g[(p + 1) & 1];
        lex best = inf;
        for (int64_t x = 0; x <= H; x++) {
            if (p > 0 && x - gap >= 0 && lex_less(old[x - gap], best)) best = old[x - gap];
            if (x < lo[p] || x > hi[p] || (p > 0 && best.v == INT64_MAX)) {
                cur[x] = inf;
                continue;
            }
            lex o = p > 0 ? best : (lex){0, -x, 0};
            if (p == 0)
                o.v += x < veh->tw_start ? veh->tw_start - x : 0;
            else if (p == n - 1)
                o.v += x > veh->tw_end ? x - veh->tw_end : 0;
            else
                o.v += dist_to_windows(m->tw_start + m->task_tw_first[t],
                                       m->tw_end + m->task_tw_first[t],
                                       m->task_tw_first[t + 1] - m->task_tw_first[t], x);
            if (p == n - 1) o.mk += x;
            o.sum += x;
            cur[x] = o;
        }
        /* gap to the next step: action here + travel */
        int loc = t >= 0 ? m->task_loc[t] : p == 0 ? veh->start_loc : -1;
        int64_t action = 0;
        if (t >= 0) {
            action = (prev_loc != loc ? m->task_setup[t] : 0) + m->task_service[t];
            prev_loc = loc;
        }
        int next = p + 1 >= n ? -1 : p + 1 == n - 1 ? veh->end_loc : m->task_loc[v[p]];
        gap = action + (loc >= 0 && next >= 0 ? rd_matrix_at(&m->durations[0], loc, next) : 0);
    }
    lex best = inf;
    for (int64_t x = 0; x <= H; x++)
        if (lex_less(g[(n - 1) & 1][x], best)) best = g[(n - 1) & 1][x];
    return best;
}

static uint64_t next_rand(uint64_t *s) {
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 33;
}

/* 300 random routes (1-4 tasks, one or two windows each, sometimes a
 * service_after / service_before, open or closed ends): the plan's objective
 * equals the brute force's, and its schedule is consistent (waits >= 0,
 * bounds met, reported violations = distances to the windows). */
static void test_against_brute_force(void **state) {
    (void)state;
    uint64_t seed = 12345;
    for (int iter = 0; iter < 300; iter++) {
        rd_model *m = line_model_tw(8);
        int pos = 0;
        for (int t = 0; t < 4; t++) {
            m->task_tw_first[t] = pos;
            int nw = 1 + (int)(next_rand(&seed) % 2);
            int64_t a = (int64_t)(next_rand(&seed) % 150);
            for (int k = 0; k < nw; k++) {
                m->tw_start[pos] = a;
                m->tw_end[pos] = a + (int64_t)(next_rand(&seed) % 40);
                a = m->tw_end[pos] + 1 + (int64_t)(next_rand(&seed) % 60);
                pos++;
            }
            m->task_setup[t] = (int64_t)(next_rand(&seed) % 3) * 4;
        }
        m->task_tw_first[4] = pos;
        m->n_tw = pos;
        m->vehicles[0].tw_start = (int64_t)(next_rand(&seed) % 40);
        m->vehicles[0].tw_end = 150 + (int64_t)(next_rand(&seed) % 200);
        if (next_rand(&seed) % 4 == 0) m->vehicles[0].start_loc = -1;
        if (next_rand(&seed) % 4 == 0) m->vehicles[0].end_loc = -1;
        int len = 1 + (int)(next_rand(&seed) % 4), v[4] = {0, 1, 2, 3};
        for (int i = 3; i > 0; i--) { /* shuffle, then keep len */
            int j = (int)(next_rand(&seed) % (uint64_t)(i + 1)), x = v[i];
            v[i] = v[j];
            v[j] = x;
        }
        int64_t lo[6] = {0}, hi[6];
        for (int p = 0; p < len + 2; p++) {
            hi[p] = RD_INF;
            if (next_rand(&seed) % 6 == 0) lo[p] = (int64_t)(next_rand(&seed) % 200);
            if (next_rand(&seed) % 6 == 0) hi[p] = lo[p] + (int64_t)(next_rand(&seed) % 300);
        }
        assert_int_equal(rd_model_validate(m, NULL), RD_OK);
        rd_route rt = {0, len, v};
        rd_plan_step s[6];
        rd_plan_result r;
        rd_status st = rd_plan_route(m, &rt, lo, hi, s, &r, NULL);
        int64_t hb[6];
        for (int p = 0; p < len + 2; p++) hb[p] = hi[p] < H ? hi[p] : H;
        lex want = brute(m, v, len, lo, hb);
        if (want.v == INT64_MAX) { /* infeasible bounds */
            assert_int_equal(st, RD_ERR_INPUT);
            assert_true(r.bad_step >= 0);
            rd_model_destroy(m);
            continue;
        }
        assert_int_equal(st, RD_OK);
        lex got = {0, s[len + 1].s.begin - s[0].s.begin, 0};
        for (int p = 0; p < len + 2; p++) {
            got.v += s[p].lead_time + s[p].delay;
            got.sum += s[p].s.begin;
            assert_true(s[p].s.waiting >= 0);
            assert_true(s[p].s.begin >= lo[p] && s[p].s.begin <= hi[p]);
        }
        if (got.v != want.v || got.mk != want.mk || got.sum != want.sum)
            print_error("iter %d: got (%lld, %lld, %lld), brute force (%lld, %lld, %lld)\n", iter,
                        (long long)got.v, (long long)got.mk, (long long)got.sum, (long long)want.v,
                        (long long)want.mk, (long long)want.sum);
        assert_int_equal(got.v, want.v);
        assert_int_equal(got.mk, want.mk);
        assert_int_equal(got.sum, want.sum);
        rd_model_destroy(m);
    }
}

/* ---- the JSON side: vehicles' steps (io/json_in) and the plan answer (io/json_out) ---- */

#define PV(steps)                                                                                  \
    "{\"vehicles\":[{\"id\":7,\"start_index\":0,\"end_index\":0,\"steps\":" steps "},"             \
    "{\"id\":8,\"start_index\":0}],\"jobs\":[{\"id\":1,\"location_index\":1},"                     \
    "{\"id\":2,\"location_index\":2,\"time_windows\":[[0,1]]}],"                                   \
    "\"matrix\":[[0,5,7],[5,0,3],[7,3,0]]}"

static void expect_plan_error(const char *text, const char *want) {
    rd_model *m = NULL;
    rd_json_extras x;
    rd_json_plan plan;
    rd_error err;
    rd_error_clear(&err);
    rd_status st = rd_json_read_plan(text, strlen(text), "p.json", &m, &x, &plan, &err);
    if (st != RD_ERR_INPUT || strcmp(err.msg, want))
        print_error("input %s\n  got (%d) '%s'\n want '%s'\n", text, st, err.msg, want);
    assert_int_equal(st, RD_ERR_INPUT);
    assert_string_equal(err.msg, want);
    assert_null(m);
    assert_int_equal(plan.n_routes, 0);
    assert_null(plan.routes);
}

static void test_json_steps_errors(void **state) {
    (void)state;
    expect_plan_error(PV("{}"), "vehicles[0].steps: expected an array of step objects");
    expect_plan_error(PV("[3]"), "vehicles[0].steps[0]: expected an object");
    expect_plan_error(PV("[{\"id\":1}]"), "vehicles[0].steps[0].type: missing");
    expect_plan_error(PV("[{\"type\":\"job\"}]"), "vehicles[0].steps[0].id: missing");
    expect_plan_error(PV("[{\"type\":\"job\",\"id\":-1}]"),
                      "vehicles[0].steps[0].id: expected a non-negative integer");
    expect_plan_error(PV("[{\"type\":\"job\",\"id\":9}]"),
                      "vehicles[0].steps[0].id: no job has id 9");
    expect_plan_error(PV("[{\"type\":\"job\",\"id\":1},{\"type\":\"job\",\"id\":1}]"),
                      "vehicles[0].steps[1].id: job 1 is already in vehicles[0].steps[0]");
    expect_plan_error(PV("[{\"type\":\"job\",\"id\":1},{\"type\":\"start\"}]"),
                      "vehicles[0].steps[1].type: \"start\" must be the first step");
    expect_plan_error(PV("[{\"type\":\"end\"},{\"type\":\"job\",\"id\":1}]"),
                      "vehicles[0].steps[0].type: \"end\" must be the last step");
    expect_plan_error(PV("[{\"type\":\"pickup\",\"id\":1}]"),
                      "vehicles[0].steps[0].id: no shipment pickup has id 1");
    expect_plan_error(PV("[{\"type\":\"break\",\"id\":1}]"),
                      "vehicles[0].steps[0].id: vehicle 7 has no break with id 1");
    expect_plan_error(PV("[{\"type\":\"lunch\"}]"), "vehicles[0].steps[0].type: \"lunch\" is not "
                                                    "one of start, job, pickup, delivery, break, "
                                                    "end");
    expect_plan_error(PV("[{\"type\":\"job\",\"id\":1,\"service_at\":50,\"service_before\":40}]"),
                      "vehicles[0].steps[0]: no time satisfies service_at / service_after / "
                      "service_before (50 > 40)");
    expect_plan_error(PV("[{\"type\":\"job\",\"id\":1,\"service_after\":5000000000}]"),
                      "vehicles[0].steps[0].service_after: 5000000000 is beyond 2^32 - 1");
    expect_plan_error(PV("[{\"type\":\"job\",\"id\":1,\"service_at\":\"noon\"}]"),
                      "vehicles[0].steps[0].service_at: expected a non-negative integer");
    /* A job in the steps of two vehicles. */
    const char *two = "{\"vehicles\":[{\"id\":7,\"start_index\":0,\"steps\":[{\"type\":\"job\","
                      "\"id\":2}]},{\"id\":8,\"start_index\":0,\"steps\":[{\"type\":\"job\","
                      "\"id\":2}]}],\"jobs\":[{\"id\":2,\"location_index\":1}],\"matrix\":[[0,1],"
                      "[1,0]]}";
    expect_plan_error(two, "vehicles[1].steps[0].id: job 2 is already in vehicles[0].steps[0]");

    /* Outside plan mode, steps are refused; empty steps ask for nothing. */
    rd_model *m = NULL;
    rd_json_extras x;
    rd_error err;
    const char *t = PV("[{\"type\":\"job\",\"id\":1}]");
    assert_int_equal(rd_json_read(t, strlen(t), "p.json", &m, &x, &err), RD_ERR_INPUT);
    assert_string_equal(err.msg, "vehicles[0].steps: not supported yet outside plan mode (-c)");
    t = PV("[]");
    assert_int_equal(rd_json_read(t, strlen(t), "p.json", &m, &x, &err), RD_OK);
    rd_json_extras_free(&x);
    rd_model_destroy(m);
}

/* The steps as read: tasks in order, bounds in 1/100 s at step positions
 * (start 0, jobs 1.., end len + 1), where each came from in the input;
 * vehicles without job steps get no route. */
static void test_json_steps_read(void **state) {
    (void)state;
    const char *t = PV("[{\"type\":\"start\",\"service_after\":3},{\"type\":\"job\",\"id\":2,"
                       "\"service_at\":20},{\"type\":\"job\",\"id\":1,\"service_before\":40},"
                       "{\"type\":\"end\",\"service_after\":10,\"service_before\":90}]");
    rd_model *m = NULL;
    rd_json_extras x;
    rd_json_plan plan;
    rd_error err;
    assert_int_equal(rd_json_read_plan(t, strlen(t), "p.json", &m, &x, &plan, &err), RD_OK);
    assert_int_equal(plan.n_routes, 1);
    const rd_json_plan_route *r = &plan.routes[0];
    assert_int_equal(r->vehicle, 0);
    assert_int_equal(r->len, 2);
    assert_int_equal(r->tasks[0], 1);
    assert_int_equal(r->tasks[1], 0);
    int64_t after[4] = {300, 2000, 0, 1000}, before[4] = {RD_INF, 2000, 4000, 9000};
    int js[4] = {0, 1, 2, 3};
    for (int p = 0; p < 4; p++) {
        assert_int_equal(r->after[p], after[p]);
        assert_int_equal(r->before[p], before[p]);
        assert_int_equal(r->json_step[p], js[p]);
    }
    rd_json_plan_free(&plan);
    rd_json_extras_free(&x);
    rd_model_destroy(m);

    /* Implicit start and end; a vehicle with only start/end: no route. */
    t = "{\"vehicles\":[{\"id\":1,\"start_index\":0,\"steps\":[{\"type\":\"start\"},{\"type\":"
        "\"end\"}]},{\"id\":2,\"start_index\":0,\"steps\":[{\"type\":\"job\",\"id\":5}]}],"
        "\"jobs\":[{\"id\":5,\"location_index\":1}],\"matrix\":[[0,1],[1,0]]}";
    assert_int_equal(rd_json_read_plan(t, strlen(t), "p.json", &m, &x, &plan, &err), RD_OK);
    assert_int_equal(plan.n_routes, 1);
    assert_int_equal(plan.routes[0].vehicle, 1);
    assert_int_equal(plan.routes[0].json_step[0], -1);
    assert_int_equal(plan.routes[0].json_step[1], 0);
    assert_int_equal(plan.routes[0].json_step[2], -1);
    rd_json_plan_free(&plan);
    rd_json_extras_free(&x);
    rd_model_destroy(m);
}

/* Reads `text` in plan mode, schedules every route and returns the answer
 * parsed back (caller: json_decref). */
static json_t *plan_answer(const char *text) {
    rd_model *m = NULL;
    rd_json_extras x;
    rd_json_plan plan;
    rd_error err;
    rd_error_clear(&err);
    rd_status st = rd_json_read_plan(text, strlen(text), "p.json", &m, &x, &plan, &err);
    if (st != RD_OK) print_error("%s\n", err.msg);
    assert_int_equal(st, RD_OK);
    rd_solution *s = rd_solution_create();
    rd_plan_step *steps[4] = {0};
    assert_true(plan.n_routes <= 4);
    for (int r = 0; r < plan.n_routes; r++) {
        const rd_json_plan_route *pr = &plan.routes[r];
        rd_route rt = {pr->vehicle, pr->len, pr->tasks};
        rd_plan_result res;
        steps[r] = malloc((size_t)(pr->len + 2) * sizeof **steps);
        assert_int_equal(rd_plan_route(m, &rt, pr->after, pr->before, steps[r], &res, &err), RD_OK);
        assert_int_equal(rd_solution_add_route(s, pr->vehicle, pr->tasks, pr->len), RD_OK);
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(
        rd_json_write_plan(f, m, &x, s, (const rd_plan_step *const *)steps, NULL, NULL, &err),
        RD_OK);
    fclose(f);
    json_error_t je;
    json_t *root = json_loads(buf, 0, &je);
    assert_non_null(root);
    free(buf);
    for (int r = 0; r < 4; r++) free(steps[r]);
    rd_solution_destroy(s);
    rd_json_plan_free(&plan);
    rd_json_extras_free(&x);
    rd_model_destroy(m);
    return root;
}

static const char *cause_at(json_t *viol, size_t k) {
    return json_string_value(json_object_get(json_array_get(viol, k), "cause"));
}
static json_int_t duration_at(json_t *viol, size_t k) {
    return json_integer_value(json_object_get(json_array_get(viol, k), "duration"));
}

/* The answer's violations on steps, routes and summary, in seconds; the plan
 * cost from the reported metrics. Job 1 (location 1) first, then job 2
 * (location 2, window [0, 1]) reached after 5 + 3 = 8 s: delay 7. */
static void test_json_plan_answer(void **state) {
    (void)state;
    json_t *root = plan_answer(PV("[{\"type\":\"job\",\"id\":1},{\"type\":\"job\",\"id\":2}]"));
    json_t *route = json_array_get(json_object_get(root, "routes"), 0);
    json_t *steps = json_object_get(route, "steps");
    assert_int_equal(json_array_size(steps), 4);
    json_t *v2 = json_object_get(json_array_get(steps, 2), "violations");
    assert_int_equal(json_array_size(v2), 1);
    assert_string_equal(cause_at(v2, 0), "delay");
    assert_int_equal(duration_at(v2, 0), 7);
    json_t *rv = json_object_get(route, "violations");
    assert_int_equal(json_array_size(rv), 1);
    assert_int_equal(duration_at(rv, 0), 7);
    json_t *sv = json_object_get(json_object_get(root, "summary"), "violations");
    assert_int_equal(json_array_size(sv), 1);
    assert_string_equal(cause_at(sv, 0), "delay");
    /* 0 -> 1 -> 2 -> 0: 5 + 3 + 7 = 15 s of travel; cost = duration (per_hour 3600) */
    assert_int_equal(json_integer_value(json_object_get(route, "duration")), 15);
    assert_int_equal(json_integer_value(json_object_get(route, "cost")), 15);
    json_decref(root);

    /* speed_factor 1.5: travel 0 -> 1 is round(100 / 1.5) × 1 = 67 hundredths;
     * the window [0, 0] is missed by 0.67 s, which truncates to arrival 0 =
     * window end: VROOM reports no delay, nor does rondo. */
    root = plan_answer("{\"vehicles\":[{\"id\":1,\"start_index\":0,\"speed_factor\":1.5,"
                       "\"steps\":[{\"type\":\"job\",\"id\":1}]}],\"jobs\":[{\"id\":1,"
                       "\"location_index\":1,\"time_windows\":[[0,0]]}],\"matrix\":[[0,1],[1,0]]}");
    route = json_array_get(json_object_get(root, "routes"), 0);
    steps = json_object_get(route, "steps");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(steps, 1), "arrival")), 0);
    assert_int_equal(json_array_size(json_object_get(json_array_get(steps, 1), "violations")), 0);
    assert_int_equal(json_array_size(json_object_get(route, "violations")), 0);
    json_decref(root);
}

static void test_cause_names(void **state) {
    (void)state;
    assert_string_equal(rd_plan_cause_name(0), "lead_time");
    assert_string_equal(rd_plan_cause_name(1), "delay");
    assert_string_equal(rd_plan_cause_name(8), "max_distance");
    assert_null(rd_plan_cause_name(RD_PLAN_N_CAUSES));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_latest_start_without_waiting),
        cmocka_unit_test(test_wait_for_second_window),
        cmocka_unit_test(test_delay),
        cmocka_unit_test(test_lead_time_against_delay),
        cmocka_unit_test(test_hard_bounds),
        cmocka_unit_test(test_shift_violations),
        cmocka_unit_test(test_other_causes),
        cmocka_unit_test(test_precedence),
        cmocka_unit_test(test_open_route),
        cmocka_unit_test(test_matches_evaluator),
        cmocka_unit_test(test_against_brute_force),
        cmocka_unit_test(test_json_steps_errors),
        cmocka_unit_test(test_json_steps_read),
        cmocka_unit_test(test_json_plan_answer),
        cmocka_unit_test(test_cause_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
