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
    assert_int_equal(p.slots, 4);
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
