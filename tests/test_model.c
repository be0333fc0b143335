#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "model/model.h"

static rd_model *tiny(void) {
    rd_model *m = rd_model_alloc(3, 1, 2, 2, 1, 2);
    assert_non_null(m);
    m->task_id[0] = 11;
    m->task_id[1] = 12;
    m->task_loc[0] = 1;
    m->task_loc[1] = 2;
    for (int t = 0; t < 2; t++) m->tw_end[t] = 100;
    m->vehicles[0].start_loc = 0;
    m->veh_capacity[0] = 5;
    m->veh_capacity[1] = 7;
    return m;
}

static void test_alloc_defaults(void **state) {
    (void)state;
    rd_model *m = tiny();
    assert_int_equal(m->task_pair[0], -1);
    assert_true(m->task_prize[1] == -1);
    assert_int_equal(m->vehicles[0].count, 1);
    assert_true(m->vehicles[0].max_tasks == RD_INF);
    assert_int_equal(m->task_tw_first[2], 2);
    assert_true(rd_model_capacity(m, 0)[1] == 7);
    assert_int_equal(rd_model_fleet_size(m), 1);
    assert_int_equal(rd_model_validate(m, NULL), RD_OK);
    assert_null(rd_model_alloc(1, 1, 1, 1, 1, RD_MAX_DIMS + 1));
    rd_model_destroy(m);
    rd_model_destroy(NULL);
}

static void expect_invalid(rd_model *m, const char *needle) {
    rd_error e;
    rd_error_clear(&e);
    assert_int_not_equal(rd_model_validate(m, &e), RD_OK);
    if (!strstr(e.msg, needle)) fail_msg("message '%s' lacks '%s'", e.msg, needle);
    rd_model_destroy(m);
}

static void test_validate_rejects(void **state) {
    (void)state;
    rd_model *m = tiny();
    m->task_loc[1] = 3;
    expect_invalid(m, "task 12: location 3 out of range");
    m = tiny();
    m->task_pickup[2 * 1 + 1] = -1;
    expect_invalid(m, "task 12: negative amount");
    m = tiny();
    m->tw_start[0] = 50;
    m->tw_end[0] = 10;
    expect_invalid(m, "task 11: time window [50, 10] ends before it starts");
    m = tiny();
    m->veh_capacity[1] = -3;
    expect_invalid(m, "vehicle 1: negative capacity");
    m = tiny();
    m->vehicles[0].tw_start = 9;
    m->vehicles[0].tw_end = 8;
    expect_invalid(m, "vehicle 1: time window [9, 8]");
    m = tiny();
    m->task_kind[0] = RD_TASK_PICKUP;
    expect_invalid(m, "inconsistent shipment pair");
    m = tiny();
    m->n_vehicles = 0;
    expect_invalid(m, "no vehicle");
}

static void test_format_cost(void **state) {
    (void)state;
    rd_model *m = tiny();
    char buf[32];
    m->round = RD_ROUND_NINT;
    rd_model_format_cost(m, 27591, buf, sizeof buf);
    assert_string_equal(buf, "27591");
    m->round = RD_ROUND_TRUNC1;
    m->scale = 10;
    rd_model_format_cost(m, 8273, buf, sizeof buf);
    assert_string_equal(buf, "827.3");
    rd_model_format_cost(m, 5, buf, sizeof buf);
    assert_string_equal(buf, "0.5");
    m->round = RD_ROUND_EXACT;
    m->scale = 1000000;
    rd_model_format_cost(m, 1234567891, buf, sizeof buf);
    assert_string_equal(buf, "1234.5679");
    rd_model_destroy(m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alloc_defaults),
        cmocka_unit_test(test_validate_rejects),
        cmocka_unit_test(test_format_cost),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
