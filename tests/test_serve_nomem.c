/* `rondo serve` when memory runs out: every allocation of one request's
 * handling (rd_serve_line: reading, the search, set partitioning, the answer)
 * is made to fail in turn, through the linker's --wrap of malloc, calloc and
 * realloc (tests/CMakeLists section of the top CMakeLists.txt). Each time the
 * request must still get exactly one answer line, a JSON object whose `code`
 * is what rd_serve_line returned (0 when the failure was absorbed, else 1
 * with an `error`), nothing may crash or leak (the sanitizer build checks
 * that), and the next request must be answered in full. At least one of the
 * failures must land in the solver and be answered with code 1. One thread,
 * so that the allocations come in a fixed order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "cli/cmd.h"
#include "model/log.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);

/* The allocation count since arming, and the one to fail (0: none). A test
 * file's own state: the library under test has none. */
static long n_alloc, fail_at;

static int should_fail(void) {
    return fail_at > 0 && ++n_alloc == fail_at;
}

void *__wrap_malloc(size_t size) {
    return should_fail() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size) {
    return should_fail() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size) {
    return should_fail() ? NULL : __real_realloc(p, size);
}

/* A small over-constrained request: two vehicles, skills, windows, a
 * shipment, a break, priorities (every part of the search allocates). */
static const char REQUEST[] =
    "{\"vehicles\":[{\"id\":1,\"start_index\":0,\"end_index\":0,\"capacity\":[4],"
    "\"skills\":[1],\"time_window\":[0,20000],"
    "\"breaks\":[{\"id\":1,\"time_windows\":[[3000,6000]],\"service\":300}]},"
    "{\"id\":2,\"start_index\":0,\"end_index\":0,\"capacity\":[3],\"time_window\":[0,20000]}],"
    "\"jobs\":[{\"id\":1,\"location_index\":1,\"pickup\":[1],\"service\":120},"
    "{\"id\":2,\"location_index\":2,\"pickup\":[2],\"skills\":[1],\"priority\":10},"
    "{\"id\":3,\"location_index\":3,\"pickup\":[2],\"time_windows\":[[1000,4000]]},"
    "{\"id\":4,\"location_index\":4,\"pickup\":[3]},"
    "{\"id\":5,\"location_index\":5,\"pickup\":[1],\"service\":60}],"
    "\"shipments\":[{\"pickup\":{\"id\":6,\"location_index\":2},"
    "\"delivery\":{\"id\":6,\"location_index\":4},\"amount\":[1]}],"
    "\"matrices\":{\"car\":{\"durations\":["
    "[0,600,900,1200,800,700],[600,0,400,900,700,500],[900,400,0,500,600,800],"
    "[1200,900,500,0,400,900],[800,700,600,400,0,300],[700,500,800,900,300,0]]}}}";

/* Answers REQUEST once and checks the answer line; returns rd_serve_line's
 * code, and the answer's `error` in err_out when the code is not 0. */
static int answer_once(const rd_params *p, const rd_limits *lim, char *err_out, size_t size) {
    char *buf = NULL;
    size_t blen = 0;
    FILE *out = open_memstream(&buf, &blen);
    assert_non_null(out);
    const rd_serve_cfg cfg = {.defaults = p, .limits = lim};
    int code = rd_serve_line(out, REQUEST, strlen(REQUEST), 1, &cfg);
    long armed = fail_at;
    fail_at = 0; /* the checks below allocate freely */
    assert_int_equal(fclose(out), 0);
    assert_true(blen > 0);
    assert_true(buf[blen - 1] == '\n');
    assert_null(memchr(buf, '\n', blen - 1)); /* exactly one line */
    json_error_t je;
    json_t *a = json_loadb(buf, blen, 0, &je);
    if (!a) fail_msg("allocation %ld: the answer is not JSON: %.200s", armed, buf);
    json_t *c = json_object_get(a, "code");
    assert_true(json_is_integer(c));
    assert_int_equal(json_integer_value(c), code);
    if (code != 0) {
        const char *e = json_string_value(json_object_get(a, "error"));
        assert_non_null(e);
        snprintf(err_out, size, "%s", e);
    } else {
        assert_true(json_is_array(json_object_get(a, "routes")));
        err_out[0] = '\0';
    }
    json_decref(a);
    free(buf);
    return code;
}

static void test_every_allocation_fails_once(void **state) {
    (void)state;
    rd_limits lim;
    rd_limits_init(&lim);
    rd_log log;
    rd_log_init(&log, RD_LOG_QUIET, stderr);
    rd_params p;
    rd_params_init(&p);
    p.threads = 1;
    p.slots = 2;
    p.iterations = 30;
    p.log = &log;
    char msg[512];
    /* how many allocations one request makes: armed far away, the wrappers
     * only count (answer_once disarms them after the request) */
    n_alloc = 0;
    fail_at = (long)1 << 40;
    assert_int_equal(answer_once(&p, &lim, msg, sizeof msg), 0);
    const long total = n_alloc;
    assert_true(total > 50);
    int solver_failures = 0, codes_1 = 0, absorbed = 0;
    for (long k = 1; k <= total; k++) {
        n_alloc = 0;
        fail_at = k;
        int code = answer_once(&p, &lim, msg, sizeof msg);
        assert_true(code == 0 || code == 1);
        if (code == 1) {
            codes_1++;
            assert_non_null(strstr(msg, "memory"));
            if (strstr(msg, "search slot") || strstr(msg, "slots") ||
                strstr(msg, "neighbour lists") || strstr(msg, "solution"))
                solver_failures++;
        } else {
            absorbed++;
        }
        /* the service goes on: the next request is answered in full */
        n_alloc = 0;
        fail_at = 0;
        assert_int_equal(answer_once(&p, &lim, msg, sizeof msg), 0);
    }
    print_message("%ld allocations: %d answered with code 1 (%d in the solver), %d absorbed\n",
                  total, codes_1, solver_failures, absorbed);
    assert_true(codes_1 > 0);
    assert_true(solver_failures > 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_allocation_fails_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
