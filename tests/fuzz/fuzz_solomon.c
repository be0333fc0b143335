/* Fuzz harness: the Solomon/Homberger reader, io/solomon.c, on the text
 * itself (rd_lex_from_text); the first byte picks the distance convention.
 * The reader must return a validated model or an error naming the line,
 * never crash, leak or overflow. Built with libFuzzer (-DRONDO_FUZZ=ON) or
 * with tests/fuzz/replay.c. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "io/lex.h"
#include "io/solomon.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const rd_round rounds[4] = {RD_ROUND_NONE, RD_ROUND_NINT, RD_ROUND_TRUNC1,
                                       RD_ROUND_EXACT};
    rd_limits lim;
    rd_limits_init(&lim);
    lim.max_matrix_bytes = (int64_t)256 << 20;
    rd_error err;
    rd_error_clear(&err);
    rd_lex lx;
    if (rd_lex_from_text(&lx, "fuzz.txt", (const char *)data, size, &err) != RD_OK) return 0;
    rd_model *m = NULL;
    rd_round round = rounds[size ? data[0] % 4 : 0];
    rd_status st = rd_solomon_parse_limited(&lx, round, &lim, &m, &err);
    if (st == RD_OK)
        rd_model_destroy(m);
    else if (m || !err.msg[0])
        abort();
    rd_lex_close(&lx);
    return 0;
}
