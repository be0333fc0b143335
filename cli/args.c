#include "cli/args.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rd_argm_int64(const char *flag, const char *text, int64_t lo, int64_t hi, int64_t *out,
                  char *msg, size_t size) {
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (errno || end == text || *end || v < lo || v > hi) {
        snprintf(msg, size, "%s: expected an integer in [%" PRId64 ", %" PRId64 "], got '%s'", flag,
                 lo, hi, text);
        return -1;
    }
    *out = v;
    return 0;
}

int rd_argm_limit(const char *flag, const char *text, rd_limits *l, char *msg, size_t size) {
    if (!strcmp(flag, "--max-locations"))
        return rd_argm_int64(flag, text, 1, 1000000, &l->max_locations, msg, size);
    if (!strcmp(flag, "--max-vehicles"))
        return rd_argm_int64(flag, text, 1, 1000000000, &l->max_vehicles, msg, size);
    if (!strcmp(flag, "--max-matrix-bytes"))
        return rd_argm_int64(flag, text, 1, (int64_t)1 << 62, &l->max_matrix_bytes, msg, size);
    return 1;
}

int rd_argm_int(const char *flag, const char *text, int lo, int hi, int *out, char *msg,
                size_t size) {
    int64_t v;
    if (rd_argm_int64(flag, text, lo, hi, &v, msg, size)) return -1;
    *out = (int)v;
    return 0;
}

int rd_argm_uint64(const char *flag, const char *text, uint64_t *out, char *msg, size_t size) {
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || end == text || *end || text[0] == '-') {
        snprintf(msg, size, "%s: expected a non-negative integer, got '%s'", flag, text);
        return -1;
    }
    *out = v;
    return 0;
}

int rd_argm_double(const char *flag, const char *text, double lo, double hi, double *out, char *msg,
                   size_t size) {
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || end == text || *end || !isfinite(v) || v < lo || v > hi) {
        snprintf(msg, size, "%s: expected a number in [%g, %g], got '%s'", flag, lo, hi, text);
        return -1;
    }
    *out = v;
    return 0;
}

/* The printing variants: the message goes to stderr. */
#define PRINTED(call)                                                                              \
    do {                                                                                           \
        char msg_[256];                                                                            \
        if (call) {                                                                                \
            fprintf(stderr, "rondo: error: %s\n", msg_);                                           \
            return -1;                                                                             \
        }                                                                                          \
        return 0;                                                                                  \
    } while (0)

int rd_arg_int64(const char *flag, const char *text, int64_t lo, int64_t hi, int64_t *out) {
    PRINTED(rd_argm_int64(flag, text, lo, hi, out, msg_, sizeof msg_));
}

int rd_arg_int(const char *flag, const char *text, int lo, int hi, int *out) {
    PRINTED(rd_argm_int(flag, text, lo, hi, out, msg_, sizeof msg_));
}

int rd_arg_uint64(const char *flag, const char *text, uint64_t *out) {
    PRINTED(rd_argm_uint64(flag, text, out, msg_, sizeof msg_));
}

int rd_arg_double(const char *flag, const char *text, double lo, double hi, double *out) {
    PRINTED(rd_argm_double(flag, text, lo, hi, out, msg_, sizeof msg_));
}

const char *rd_arg_value(int argc, char **argv, int *i) {
    if (*i + 1 >= argc) {
        fprintf(stderr, "rondo: error: %s needs a value\n", argv[*i]);
        return NULL;
    }
    return argv[++*i];
}
