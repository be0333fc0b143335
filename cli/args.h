/* args: the program's one option parser (rd_args_parse over a command's
 * table of rd_opt rows) and strict parsing of option values (no atoi: the
 * whole string must be a number in range). The rd_argm_* value parsers
 * return 0 on success, -1 with a message naming the flag (without the
 * "rondo: error: " prefix) in msg[size] otherwise. */
#ifndef RD_ARGS_H
#define RD_ARGS_H

#include <stddef.h>
#include <stdint.h>

#include "io/limits.h"

int rd_argm_int64(const char *flag, const char *text, int64_t lo, int64_t hi, int64_t *out,
                  char *msg, size_t size);
int rd_argm_int(const char *flag, const char *text, int lo, int hi, int *out, char *msg,
                size_t size);
int rd_argm_uint64(const char *flag, const char *text, uint64_t *out, char *msg, size_t size);
int rd_argm_double(const char *flag, const char *text, double lo, double hi, double *out, char *msg,
                   size_t size);

/* The size-limit flags of `solve` and `serve` (io/limits.h):
 * --max-locations N (1..1000000), --max-vehicles N (1..1000000000),
 * --max-matrix-bytes N (1..2^62). Returns 1 when `flag` (the long name,
 * "--max-...") is none of them, 0 when it set `l`, -1 with `msg` for a bad
 * value. */
int rd_argm_limit(const char *flag, const char *text, rd_limits *l, char *msg, size_t size);

/* The same flags as rows of a command's option table (below): id RD_LIMIT_OPT. */
#define RD_LIMIT_OPT 2000
// clang-format off
#define RD_LIMIT_OPTS                                                         \
    {0, "max-locations", 1, RD_LIMIT_OPT},                                    \
    {0, "max-vehicles", 1, RD_LIMIT_OPT},                                     \
    {0, "max-matrix-bytes", 1, RD_LIMIT_OPT},                                 \
    {0, "matrix", 1, RD_LIMIT_OPT}
// clang-format on

/* The same flags' help lines. */
#define RD_LIMIT_FLAGS_HELP                                                                        \
    "  --max-locations N   refuse inputs with more locations (default 1000000)\n"                  \
    "  --max-vehicles N    refuse inputs with more vehicles (default 100000)\n"                    \
    "  --max-matrix-bytes N  refuse inputs whose dense travel matrices would take more\n"          \
    "                      bytes (8 per cell; default 4294967296, 4 GiB); all three\n"             \
    "                      are checked before anything is allocated for them\n"                    \
    "  --matrix MODE       coordinate inputs (EUC_2D .vrp, Solomon): dense (n² values),\n"        \
    "                      on-demand (computed when needed, O(n) memory) or auto\n"                \
    "                      (default: dense up to 32 MiB, n = 2048, else on-demand)\n"

/* One option of a command's table: -s and/or --long, with a value or not. */
typedef struct rd_opt {
    char short_name;       /* 0: long form only */
    const char *long_name; /* NULL: short form only */
    int takes_value;
    int id; /* the command's own number for it */
} rd_opt;

/* What the parser and its callbacks return. */
enum { RD_ARGS_RUN = 0, RD_ARGS_DONE = 1, RD_ARGS_ERROR = -1 };

/* Applies option `id` (its `flag` as written: "--name" or "-s"; `value` NULL
 * for a flag without one) or takes a positional argument (`flag` NULL,
 * `value` the argument). Returns RD_ARGS_RUN to go on, RD_ARGS_DONE (help
 * printed: stop, exit 0) or RD_ARGS_ERROR with msg filled. */
typedef int (*rd_opt_fn)(void *ctx, int id, const char *flag, const char *value, char *msg,
                         size_t size);

/* The program's one option parser: argv[1..argc) against opts[0..n):
 * long options as --name VALUE or --name=VALUE, short ones as -x VALUE or
 * -xVALUE, short flags bundled (-cg), "--" ends the options, "-" alone is a
 * positional argument. Calls `apply` for each, in order. Returns RD_ARGS_RUN,
 * RD_ARGS_DONE or RD_ARGS_ERROR with msg filled ("unknown option '--x'",
 * "--x needs a value", "--x takes no value", or the callback's message). */
int rd_args_parse(int argc, char **argv, const rd_opt *opts, int n, rd_opt_fn apply, void *ctx,
                  char *msg, size_t size);

#endif
