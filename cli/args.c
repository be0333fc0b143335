#include "cli/args.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int rd_arg_int64(const char *flag, const char *text, int64_t lo, int64_t hi, int64_t *out) {
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (errno || end == text || *end || v < lo || v > hi) {
        fprintf(stderr,
                "rondo: error: %s: expected an integer in [%" PRId64 ", %" PRId64 "], got '%s'\n",
                flag, lo, hi, text);
        return -1;
    }
    *out = v;
    return 0;
}

int rd_arg_int(const char *flag, const char *text, int lo, int hi, int *out) {
    int64_t v;
    if (rd_arg_int64(flag, text, lo, hi, &v)) return -1;
    *out = (int)v;
    return 0;
}

int rd_arg_uint64(const char *flag, const char *text, uint64_t *out) {
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || end == text || *end || text[0] == '-') {
        fprintf(stderr, "rondo: error: %s: expected a non-negative integer, got '%s'\n", flag,
                text);
        return -1;
    }
    *out = v;
    return 0;
}

int rd_arg_double(const char *flag, const char *text, double lo, double hi, double *out) {
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || end == text || *end || !isfinite(v) || v < lo || v > hi) {
        fprintf(stderr, "rondo: error: %s: expected a number in [%g, %g], got '%s'\n", flag, lo, hi,
                text);
        return -1;
    }
    *out = v;
    return 0;
}

const char *rd_arg_value(int argc, char **argv, int *i) {
    if (*i + 1 >= argc) {
        fprintf(stderr, "rondo: error: %s needs a value\n", argv[*i]);
        return NULL;
    }
    return argv[++*i];
}
