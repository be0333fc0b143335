/* Fuzz harness: `rondo serve`'s handling of one request line (rd_serve_line,
 * cli/cmd_serve.c): read, solve (one thread, one slot, 2 iterations: the
 * point is the reading and the answer, not the search), answer. Checked on
 * top of "no crash, no leak, no undefined behaviour": a blank line gets no
 * answer; any other line gets exactly one line on the output, which parses
 * as a JSON object with an integer `code`, and an `error` string when the
 * code is not 0. Matrix bytes are capped at 64 MiB, a request's search at
 * 0.25 s (--max-time). Built with libFuzzer
 * (-DRONDO_FUZZ=ON) or with tests/fuzz/replay.c. */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "model/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* serve hands over lines without their newline */
    if (memchr(data, '\n', size)) return 0;
    rd_limits lim;
    rd_limits_init(&lim);
    lim.max_matrix_bytes = (int64_t)64 << 20;
    rd_log log;
    rd_log_init(&log, RD_LOG_QUIET, stderr);
    rd_params p;
    rd_params_init(&p);
    p.threads = 1;
    p.slots = 1;
    p.iterations = 2;
    p.log = &log;
    char *buf = NULL;
    size_t blen = 0;
    FILE *out = open_memstream(&buf, &blen);
    if (!out) return 0;
    /* a request's own budget (options.time_limit, iterations) is capped as
     * `rondo serve --max-time` caps it: a request asking 50 s must not trip
     * libFuzzer's 10 s timeout */
    const rd_serve_cfg cfg = {.defaults = &p, .limits = &lim, .max_time = 0.25};
    int code = rd_serve_line(out, (const char *)data, size, 1, &cfg);
    if (fclose(out) != 0) abort();
    if (code < 0) {
        if (blen != 0) abort(); /* a blank line is not answered */
    } else {
        /* one line, a JSON object with the code returned */
        if (blen == 0 || buf[blen - 1] != '\n' || memchr(buf, '\n', blen - 1)) abort();
        json_error_t je;
        json_t *a = json_loadb(buf, blen, 0, &je);
        json_t *c = json_object_get(a, "code");
        if (!json_is_object(a) || !json_is_integer(c) || json_integer_value(c) != code) abort();
        if (code != 0 && !json_is_string(json_object_get(a, "error"))) abort();
        json_decref(a);
    }
    free(buf);
    return 0;
}
