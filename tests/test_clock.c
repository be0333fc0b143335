#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "model/clock.h"

static void test_clock_and_deadline(void **state) {
    (void)state;
    int64_t a = rd_clock_ns(), b = rd_clock_ns();
    assert_true(b >= a);
    rd_deadline none = rd_deadline_in(0);
    assert_false(rd_deadline_passed(&none));
    assert_true(rd_deadline_fraction(&none) == 0.0);
    assert_int_equal(rd_deadline_left_ms(&none), 1000000000);
    rd_deadline hour = rd_deadline_in(3600);
    int ms = rd_deadline_left_ms(&hour);
    assert_true(ms > 3590 * 1000 && ms <= 3600 * 1000);
    rd_deadline past = rd_deadline_in(1e-9);
    while (!rd_deadline_passed(&past)) {
    }
    assert_true(rd_deadline_fraction(&past) == 1.0);
    assert_int_equal(rd_deadline_left_ms(&past), 0);
    assert_true(rd_deadline_elapsed(&past) > 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clock_and_deadline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
