#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "model/params.h"

static void test_params_defaults(void **state) {
    (void)state;
    rd_params p;
    rd_params_init(&p);
    assert_int_equal(p.seed, 1);
    assert_int_equal(p.slots, 0);
    /* the default slots: 4, or one per thread when time-limited and large */
    assert_int_equal(rd_params_slots(&p, 30000, 2), 4); /* iteration budget: 4 */
    p.time_limit = 60;
    assert_int_equal(rd_params_slots(&p, RD_SLOTS_LARGE, 2), 4);
    assert_int_equal(rd_params_slots(&p, RD_SLOTS_LARGE + 1, 2), 2);
    assert_int_equal(rd_params_slots(&p, 30000, 1), 1);
    p.slots = 3;
    assert_int_equal(rd_params_slots(&p, 30000, 2), 3);
    p.slots = 0;
    p.time_limit = 0;
    assert_int_equal(rd_params_iterations(&p), RD_DEFAULT_ITERATIONS);
    p.time_limit = 1.0;
    assert_true(rd_params_iterations(&p) == INT64_MAX);
    p.iterations = 5;
    assert_int_equal(rd_params_iterations(&p), 5);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_params_defaults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
