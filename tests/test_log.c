#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "model/log.h"

static void test_log_levels(void **state) {
    (void)state;
    char buf[512] = {0};
    FILE *f = fmemopen(buf, sizeof buf, "w");
    assert_non_null(f);
    rd_log log;
    rd_log_init(&log, RD_LOG_WARN, f);
    rd_logf(&log, RD_LOG_INFO, "hidden %d", 1);
    rd_logf(&log, RD_LOG_WARN, "shown %d", 2);
    rd_logf(NULL, RD_LOG_ERROR, "no logger");
    fclose(f);
    assert_null(strstr(buf, "hidden"));
    assert_string_equal(buf, "rondo: warning: shown 2\n");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_log_levels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
