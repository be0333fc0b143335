#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "model/status.h"

static void test_error_record(void **state) {
    (void)state;
    rd_error e;
    rd_error_clear(&e);
    assert_int_equal(e.status, RD_OK);
    assert_int_equal(rd_err(&e, RD_ERR_INPUT, "line %d: bad", 7), RD_ERR_INPUT);
    assert_string_equal(e.msg, "line 7: bad");
    rd_err_prefix(&e, "%s", "a.vrp");
    assert_string_equal(e.msg, "a.vrp: line 7: bad");
    assert_int_equal(rd_err(NULL, RD_ERR_ROUTING, "ignored"), RD_ERR_ROUTING);
}

static void test_exit_codes(void **state) {
    (void)state;
    assert_int_equal(rd_status_exit_code(RD_OK), 0);
    assert_int_equal(rd_status_exit_code(RD_ERR_INTERNAL), 1);
    assert_int_equal(rd_status_exit_code(RD_ERR_INPUT), 2);
    assert_int_equal(rd_status_exit_code(RD_ERR_ROUTING), 3);
    assert_int_equal(rd_status_exit_code(RD_ERR_NOMEM), 1);
    assert_string_equal(rd_status_name(RD_ERR_INPUT), "input error");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_record),
        cmocka_unit_test(test_exit_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
