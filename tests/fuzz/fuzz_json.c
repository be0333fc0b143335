/* Fuzz harness: the JSON (VROOM) reader, io/json_in.c. Each input is read
 * twice through rd_json_read_limited: as `rondo solve` reads it, and as a
 * serve request in plan mode (the request's id and the vehicles' steps). The
 * reader must return a model or an error, never crash, leak or overflow.
 * The matrix-bytes limit is lowered to 64 MiB so that a small input cannot
 * ask for more memory than the fuzzer's budget (the limit itself is part of
 * what is tested). Built with libFuzzer (-DRONDO_FUZZ=ON) or with
 * tests/fuzz/replay.c (every build; ctest replays the corpus). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "io/json_in.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    rd_limits lim;
    rd_limits_init(&lim);
    lim.max_matrix_bytes = (int64_t)64 << 20;
    for (int mode = 0; mode < 2; mode++) {
        rd_model *m = NULL;
        rd_json_extras x;
        rd_json_plan plan;
        char *id = NULL;
        rd_error err;
        rd_error_clear(&err);
        rd_status st = rd_json_read_limited((const char *)data, size, "fuzz", &lim, &m, &x,
                                            mode ? &plan : NULL, mode ? &id : NULL, &err);
        if (st == RD_OK) {
            rd_model_destroy(m);
            rd_json_extras_free(&x);
        } else if (m || !err.msg[0]) {
            abort(); /* a failure leaves no model and names the problem */
        }
        if (mode) rd_json_plan_free(&plan);
        free(id);
    }
    return 0;
}
