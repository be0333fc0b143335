/* Tests of the independent evaluator on hand-made feasible and infeasible plans,
 * with every figure computed by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "model/eval.h"

/* Five locations on a line: 0 (depot) at x=0, then x = 10, 20, 30, 40.
 * Travel time = distance = |dx|; cost = 2 × distance to tell them apart.
 * Tasks 0..3 at locations 1..4 (ids 101..104), pickup 4 each, service 5,
 * windows wide open unless a test narrows them. One vehicle type, 2 vehicles,
 * capacity 10, shift [0, 1000], fixed cost 7. */
static rd_model *line_model(void) {
    rd_model *m = rd_model_alloc(5, 1, 4, 4, 1, 1);
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
        m->tw_start[t] = 0;
        m->tw_end[t] = 1000;
    }
    m->vehicles[0].count = 2;
    m->vehicles[0].start_loc = m->vehicles[0].end_loc = 0;
    m->vehicles[0].tw_end = 1000;
    m->vehicles[0].fixed_cost = 7;
    m->veh_capacity[0] = 10;
    strcpy(m->name, "line");
    assert_int_equal(rd_model_validate(m, NULL), RD_OK);
    return m;
}

static rd_solution *plan(int n_routes, const int *lens, const int *visits) {
    rd_solution *s = rd_solution_create();
    assert_non_null(s);
    for (int r = 0, off = 0; r < n_routes; off += lens[r], r++)
        assert_int_equal(rd_solution_add_route(s, 0, visits + off, lens[r]), RD_OK);
    return s;
}

static int count_kind(const rd_eval_report *rep, rd_viol_kind kind) {
    int n = 0;
    for (int k = 0; k < rep->n_viol; k++) n += rep->viol[k].kind == kind;
    return n;
}

static void test_feasible_plan(void **state) {
    (void)state;
    rd_model *m = line_model();
    /* Route 1: depot -> 101 -> 102 -> depot: distance 10 + 10 + 20 = 40.
     * Route 2: depot -> 104 -> 103 -> depot: distance 40 + 10 + 30 = 80. */
    int lens[] = {2, 2}, visits[] = {0, 1, 3, 2};
    rd_solution *s = plan(2, lens, visits);
    rd_eval_report rep;
    assert_int_equal(rd_eval(m, s, &rep, NULL), RD_OK);
    assert_true(rep.feasible);
    assert_int_equal(rep.n_viol, 0);
    assert_int_equal(rep.distance, 120);
    assert_int_equal(rep.cost, 2 * 120 + 2 * 7);
    assert_int_equal(rep.n_routes, 2);
    assert_int_equal(rep.n_served, 4);
    /* Route 1 duration: travel 40 + service 10. */
    assert_int_equal(rep.route[0].duration, 50);
    assert_int_equal(rep.route[0].service, 10);
    assert_int_equal(rep.route[1].duration, 90);
    rd_eval_report_free(&rep);
    rd_solution_destroy(s);
    rd_model_destroy(m);
}

static void test_overload(void **state) {
    (void)state;
    rd_model *m = line_model();
    int lens[] = {3, 1}, visits[] = {0, 1, 2, 3};
    rd_solution *s = plan(2, lens, visits);
    rd_eval_report rep;
    assert_int_equal(rd_eval(m, s, &rep, NULL), RD_OK);
    assert_false(rep.feasible);
    assert_int_equal(rep.n_viol, 1);
    assert_int_equal(rep.viol[0].kind, RD_VIOL_LOAD);
    assert_int_equal(rep.viol[0].value, 12);
    assert_int_equal(rep.viol[0].limit, 10);
    assert_int_equal(rep.viol[0].route, 0);
    char buf[256];
    rd_violation_describe(m, &rep.viol[0], buf, sizeof buf);
    assert_non_null(strstr(buf, "load 12 exceeds capacity 10"));
    assert_non_null(strstr(buf, "route 1"));
    rd_eval_report_free(&rep);
    rd_solution_destroy(s);
    rd_model_destroy(m);
}

static void test_deliveries_on_board_from_start(void **state) {
    (void)state;
    rd_model *m = line_model();
    /* Task 101 delivers 8 (on board from the start), 102 picks up 4:
     * start load 8 (ok), after 101: 0, after 102: 4. Feasible. With 102 first:
     * start 8, after 102 = 12 > 10: overload. */
    m->task_pickup[0] = 0;
    m->task_delivery[0] = 8;
    int lens[] = {2}, ok[] = {0, 1}, bad[] = {1, 0};
    rd_solution *s = plan(1, lens, ok);
    rd_eval_report rep;
    assert_int_equal(rd_eval(m, s, &rep, NULL), RD_OK);
    assert_int_equal(count_kind(&rep, RD_VIOL_LOAD), 0);
    rd_eval_report_free(&rep);
    rd_solution_destroy(s);
    s = plan(1, lens, bad);
    assert_int_equal(rd_eval(m, s, &rep, NULL), RD_OK);
    assert_int_equal(count_kind(&rep, RD_VIOL_LOAD), 1);
    assert_int_equal(rep.viol[0].value, 12);
    rd_eval_report_free(&rep);
    rd_solution_destroy(s);
    rd_model_destroy(m);
}

static void test_time_windows(void **state) {
    (void)state;
    rd_model *m = line_model();
    /* 102 opens at 100: arrival 10 + 5 + 10 = 25, wait 75, begin 100, leave 105,
     * back at 125. 101 closes at 9: arrival 10 is late by 1. */
    m->tw_start[1] = 100;
    m->tw_end[0] = 9;
    int lens[] = {2, 2}, visits[] = {0, 1, 2, 3};
    rd_solution *s = plan(2, lens, visits);
    rd_eval_report rep;
    assert_int_equal(rd_eval(m, s, &rep, NULL), RD_OK);
    assert_false(rep.feasible);
    assert_int_equal(rep.n_viol, 1);
    assert_int_equal(rep.viol[0].kind, RD_VIOL_LATE);
    assert_int_equal(rep.viol[0].value, 10);
    assert_int_equal(rep.viol[0].limit, 9);
    assert_int_equal(rep.viol[0].task, 0);
    assert_int_equal(rep.route[0].waiting, 75);
    assert_int_equal(rep.route[0].duration, 125);
    assert_int_equal(rep.waiting, 75);
    rd_eval_report_free(&rep);
    rd_solution_destroy(s);
    rd_model_destroy(m);
}

static void test_several_windows(void **state) {
    (void)state;
    /* Task 101 with windows [0, 5] and [50, 60]: arrival 10 misses the first,
     * waits for the second (40), begins 50. */
    rd_model *m = rd_model_alloc(5, 1, 1, 2, 1, 1);
    assert_non_null(m);
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++)
            m->durations[0].v[i * 5 + j] = m->distances[0].v[i * 5 + j] = m->costs[0].v[i * 5 + j] =
                10 * (i > j ? i - j : j - i);
    m->task_id[0] = 1;
    m->task_loc[0] = 1;
    m->task_tw_first[0] = 0;
    m->task_tw_first[1] = 2;
    m->tw_start[0] = 0;
    m->tw_end[0] = 5;
    m->tw_start[1] = 50;
    m->tw_end[1] = 60;
    m->vehicles[0].start_loc = m->vehicles[0].end_loc = 0;
    m->veh_capacity[0] = 1;
    assert_int_equal(rd_model_validate(m, NULL), RD_OK);
    int lens[] = {1}, visits[] = {0};
    rd_solution *s = plan(1, lens, visits);
    rd_eval_report rep;
    assert_int_equal(rd_eval(m, s, &rep, NULL), RD_OK);
    assert_true(rep.feasible);
    assert_int_equal(rep.route[0].waiting, 40);
    assert_int_equal(rep.route[0].duration, 60);
    rd_eval_report_free(&rep);
    /* Arriving after 60 is late against the last window. */
    m->tw_end[1] = 8; /* invalid order now: validate must say so */
    assert_int_equal(rd_model_validate(m, NULL), RD_ERR_INPUT);
    rd_solution_destroy(s);
    rd_model_destroy(m);
}

static void test_shift_end_and_limits(void **state) {
    (void)state;
    rd_model *m = line_model();
    m->vehicles[0].tw_end = 60;
    m->vehicles[0].max_tasks = 1;
    m->vehicles[0].max_distance = 70;
    m->vehicles[0].max_travel_time = 75;
    /* depot -> 104 -> depot: 80 travel, 5 service: ends 85 > 60. */
    int lens[] = {1, 2}, visits[] = {3, 0, 1};
    rd_solution *s = plan(2, lens, visits);
    rd_solution_add_unassigned(s, 2, "test");
    rd_eval_report rep;
    assert_int_equal(rd_eval(m, s, &rep, NULL), RD_OK);
    assert_false(rep.feasible);
    assert_int_equal(count_kind(&rep, RD_VIOL_SHIFT_END), 1);
    assert_int_equal(count_kind(&rep, RD_VIOL_MAX_DISTANCE), 1);
    assert_int_equal(count_kind(&rep, RD_VIOL_MAX_TRAVEL_TIME), 1);
    assert_int_equal(count_kind(&rep, RD_VIOL_MAX_TASKS), 1);
    assert_int_equal(count_kind(&rep, RD_VIOL_MISSING), 0);
    assert_int_equal(rep.n_unassigned, 1);
    rd_eval_report_free(&rep);
    rd_solution_destroy(s);
    rd_model_destroy(m);
}

static void test_duplicates_missing_fleet_and_indices(void **state) {
    (void)state;
    rd_model *m = line_model();
    int lens[] = {1, 1, 2}, visits[] = {0, 0, 1, 9};
    rd_solution *s = plan(3, lens, visits);
    rd_eval_report rep;
    assert_int_equal(rd_eval(m, s, &rep, NULL), RD_OK);
    assert_false(rep.feasible);
    assert_int_equal(count_kind(&rep, RD_VIOL_DUPLICATE), 1);
    assert_int_equal(count_kind(&rep, RD_VIOL_BAD_VISIT), 1);
    assert_int_equal(count_kind(&rep, RD_VIOL_FLEET), 1); /* 3 routes, 2 vehicles */
    /* Task 102 counts as served (its route is not scheduled because of the bad
     * visit); 103 and 104 appear nowhere. */
    assert_int_equal(count_kind(&rep, RD_VIOL_MISSING), 2);
    rd_eval_report_free(&rep);
    rd_solution_destroy(s);

    s = rd_solution_create();
    int one[] = {0};
    rd_solution_add_route(s, 5, one, 1);
    assert_int_equal(rd_eval(m, s, &rep, NULL), RD_OK);
    assert_int_equal(count_kind(&rep, RD_VIOL_BAD_VEHICLE), 1);
    rd_eval_report_free(&rep);
    rd_solution_destroy(s);
    rd_model_destroy(m);
}

static void test_setup_only_when_location_changes(void **state) {
    (void)state;
    rd_model *m = line_model();
    m->task_loc[1] = 1; /* 101 and 102 share location 1 */
    for (int t = 0; t < 4; t++) m->task_setup[t] = 3;
    int lens[] = {2, 2}, visits[] = {0, 1, 2, 3};
    rd_solution *s = plan(2, lens, visits);
    rd_eval_report rep;
    assert_int_equal(rd_eval(m, s, &rep, NULL), RD_OK);
    /* Route 1: travel 20, setup 3 once, service 10. */
    assert_int_equal(rep.route[0].service, 13);
    assert_int_equal(rep.route[0].duration, 33);
    assert_int_equal(rep.route[0].distance, 20);
    rd_eval_report_free(&rep);
    rd_solution_destroy(s);
    rd_model_destroy(m);
}

static void test_open_route(void **state) {
    (void)state;
    rd_model *m = line_model();
    m->vehicles[0].end_loc = -1;
    int lens[] = {2, 2}, visits[] = {0, 1, 2, 3};
    rd_solution *s = plan(2, lens, visits);
    rd_eval_report rep;
    assert_int_equal(rd_eval(m, s, &rep, NULL), RD_OK);
    assert_true(rep.feasible);
    assert_int_equal(rep.route[0].distance, 20); /* no return leg */
    assert_int_equal(rep.route[1].distance, 40);
    rd_eval_report_free(&rep);
    rd_solution_destroy(s);
    rd_model_destroy(m);
}

static void test_shipment_precedence(void **state) {
    (void)state;
    rd_model *m = line_model();
    /* 101 -> 103 is a shipment: pickup task 0, delivery task 2. */
    m->task_kind[0] = RD_TASK_PICKUP;
    m->task_pair[0] = 2;
    m->task_kind[2] = RD_TASK_DELIVERY;
    m->task_pair[2] = 0;
    m->task_pickup[2] = 0;
    m->task_delivery[2] = 4;
    assert_int_equal(rd_model_validate(m, NULL), RD_OK);
    int lens[] = {3, 1}, good[] = {0, 1, 2, 3}, bad[] = {2, 1, 0, 3};
    rd_solution *s = plan(2, lens, good);
    rd_eval_report rep;
    assert_int_equal(rd_eval(m, s, &rep, NULL), RD_OK);
    assert_true(rep.feasible);
    rd_eval_report_free(&rep);
    rd_solution_destroy(s);
    s = plan(2, lens, bad);
    assert_int_equal(rd_eval(m, s, &rep, NULL), RD_OK);
    assert_int_equal(count_kind(&rep, RD_VIOL_PRECEDENCE), 1);
    rd_eval_report_free(&rep);
    rd_solution_destroy(s);
    rd_model_destroy(m);
}

static void test_unassigned_and_served_twice(void **state) {
    (void)state;
    rd_model *m = line_model();
    int lens[] = {2}, visits[] = {0, 1};
    rd_solution *s = plan(1, lens, visits);
    rd_solution_add_unassigned(s, 2, "no room left in the plan");
    rd_solution_add_unassigned(s, 3, "no room left in the plan");
    rd_eval_report rep;
    assert_int_equal(rd_eval(m, s, &rep, NULL), RD_OK);
    assert_true(rep.feasible);
    assert_int_equal(rep.n_unassigned, 2);
    rd_eval_report_free(&rep);
    rd_solution_add_unassigned(s, 0, "listed although served");
    assert_int_equal(rd_eval(m, s, &rep, NULL), RD_OK);
    assert_int_equal(count_kind(&rep, RD_VIOL_DUPLICATE), 1);
    rd_eval_report_free(&rep);
    rd_solution_destroy(s);
    rd_model_destroy(m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_feasible_plan),
        cmocka_unit_test(test_overload),
        cmocka_unit_test(test_deliveries_on_board_from_start),
        cmocka_unit_test(test_time_windows),
        cmocka_unit_test(test_several_windows),
        cmocka_unit_test(test_shift_end_and_limits),
        cmocka_unit_test(test_duplicates_missing_fleet_and_indices),
        cmocka_unit_test(test_setup_only_when_location_changes),
        cmocka_unit_test(test_open_route),
        cmocka_unit_test(test_shipment_precedence),
        cmocka_unit_test(test_unassigned_and_served_twice),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
