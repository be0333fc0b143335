/* args: strict parsing of command-line values (no atoi: the whole string must
 * be a number in range). Each returns 0 on success, -1 with a message on
 * stderr naming the flag otherwise. The rd_argm_* variants write the message
 * (without the "rondo: error: " prefix) into msg[size] instead. */
#ifndef RD_ARGS_H
#define RD_ARGS_H

#include <stddef.h>
#include <stdint.h>

#include "solver/limits.h"

int rd_arg_int64(const char *flag, const char *text, int64_t lo, int64_t hi, int64_t *out);
int rd_arg_int(const char *flag, const char *text, int lo, int hi, int *out);
int rd_arg_uint64(const char *flag, const char *text, uint64_t *out);
int rd_arg_double(const char *flag, const char *text, double lo, double hi, double *out);

int rd_argm_int64(const char *flag, const char *text, int64_t lo, int64_t hi, int64_t *out,
                  char *msg, size_t size);
int rd_argm_int(const char *flag, const char *text, int lo, int hi, int *out, char *msg,
                size_t size);
int rd_argm_uint64(const char *flag, const char *text, uint64_t *out, char *msg, size_t size);
int rd_argm_double(const char *flag, const char *text, double lo, double hi, double *out, char *msg,
                   size_t size);

/* The size-limit flags of `solve` and `serve` (solver/limits.h):
 * --max-locations N (1..1000000), --max-vehicles N (1..1000000000),
 * --max-matrix-bytes N (1..2^62). Returns 1 when `flag` (the long name,
 * "--max-...") is none of them, 0 when it set `l`, -1 with `msg` for a bad
 * value. */
int rd_argm_limit(const char *flag, const char *text, rd_limits *l, char *msg, size_t size);

/* The same flags' help lines. */
#define RD_LIMIT_FLAGS_HELP                                                                        \
    "  --max-locations N   refuse inputs with more locations (default 20000)\n"                    \
    "  --max-vehicles N    refuse inputs with more vehicles (default 100000)\n"                    \
    "  --max-matrix-bytes N  refuse inputs whose travel matrices would take more\n"                \
    "                      bytes (8 per cell; default 4294967296, 4 GiB); all three\n"             \
    "                      are checked before anything is allocated for them\n"

/* Returns the value of flag argv[*i] and advances *i, or NULL (with a message)
 * when the flag is last. */
const char *rd_arg_value(int argc, char **argv, int *i);

#endif
