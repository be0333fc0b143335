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
        return rd_argm_int64(flag, text, 1, 100000000, &l->max_locations, msg, size);
    if (!strcmp(flag, "--max-vehicles"))
        return rd_argm_int64(flag, text, 1, 1000000000, &l->max_vehicles, msg, size);
    if (!strcmp(flag, "--max-matrix-bytes"))
        return rd_argm_int64(flag, text, 1, (int64_t)1 << 62, &l->max_matrix_bytes, msg, size);
    if (!strcmp(flag, "--matrix")) {
        static const char *const names[] = {"auto", "dense", "on-demand"};
        for (int k = 0; k < 3; k++)
            if (!strcmp(text, names[k])) {
                l->travel = (rd_travel_mode)k;
                return 0;
            }
        snprintf(msg, size, "%s: expected auto, dense or on-demand, got '%s'", flag, text);
        return -1;
    }
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

static const rd_opt *find_long(const rd_opt *opts, int n, const char *name, size_t len) {
    for (int k = 0; k < n; k++)
        if (opts[k].long_name && strlen(opts[k].long_name) == len &&
            !strncmp(opts[k].long_name, name, len))
            return &opts[k];
    return NULL;
}

static const rd_opt *find_short(const rd_opt *opts, int n, char c) {
    for (int k = 0; k < n; k++)
        if (opts[k].short_name == c) return &opts[k];
    return NULL;
}

/* --name[=value] at argv[*i]. */
static int parse_long(int argc, char **argv, int *i, const rd_opt *opts, int n, rd_opt_fn apply,
                      void *ctx, char *msg, size_t size) {
    const char *a = argv[*i];
    const char *eq = strchr(a, '=');
    size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
    char flag[64];
    snprintf(flag, sizeof flag, "--%.*s", (int)len, a + 2);
    const rd_opt *od = find_long(opts, n, a + 2, len);
    if (!od) {
        snprintf(msg, size, "unknown option '%s'", flag);
        return RD_ARGS_ERROR;
    }
    const char *v = NULL;
    if (od->takes_value) {
        if (eq)
            v = eq + 1;
        else if (*i + 1 < argc)
            v = argv[++*i];
        else {
            snprintf(msg, size, "%s needs a value", flag);
            return RD_ARGS_ERROR;
        }
    } else if (eq) {
        snprintf(msg, size, "%s takes no value", flag);
        return RD_ARGS_ERROR;
    }
    return apply(ctx, od->id, flag, v, msg, size);
}

/* -x, -xVALUE, -x VALUE, -cg at argv[*i]. */
static int parse_short(int argc, char **argv, int *i, const rd_opt *opts, int n, rd_opt_fn apply,
                       void *ctx, char *msg, size_t size) {
    for (const char *c = argv[*i] + 1; *c; c++) {
        const rd_opt *od = find_short(opts, n, *c);
        char flag[3] = {'-', *c, '\0'};
        if (!od) {
            snprintf(msg, size, "unknown option '%s'", flag);
            return RD_ARGS_ERROR;
        }
        const char *v = NULL;
        if (od->takes_value) {
            if (c[1])
                v = c + 1;
            else if (*i + 1 < argc)
                v = argv[++*i];
            else {
                snprintf(msg, size, "%s needs a value", flag);
                return RD_ARGS_ERROR;
            }
        }
        int r = apply(ctx, od->id, flag, v, msg, size);
        if (r != RD_ARGS_RUN || v) return r; /* (a value takes the rest of the word) */
    }
    return RD_ARGS_RUN;
}

int rd_args_parse(int argc, char **argv, const rd_opt *opts, int n, rd_opt_fn apply, void *ctx,
                  char *msg, size_t size) {
    int only_positional = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int r;
        if (only_positional || a[0] != '-' || !a[1])
            r = apply(ctx, 0, NULL, a, msg, size);
        else if (!strcmp(a, "--")) {
            only_positional = 1;
            continue;
        } else if (a[1] == '-')
            r = parse_long(argc, argv, &i, opts, n, apply, ctx, msg, size);
        else
            r = parse_short(argc, argv, &i, opts, n, apply, ctx, msg, size);
        if (r != RD_ARGS_RUN) return r;
    }
    return RD_ARGS_RUN;
}
