/* solve_json: the JSON (VROOM) side of `rondo solve`.
 *
 * cmd_solve.c recognises JSON input by content (first non-blank byte `{`) and
 * hands it here: read, solve with rd_solve, write VROOM's answer to stdout or
 * the -o file (temporary name, then rename). On an input error the answer is
 * {"code":2,"error":"..."} on stdout (or -o) and `rondo: error: ...` on
 * stderr. Options in the input's `options` apply unless the command line set
 * the same knob (flags override). Plan mode (-c) schedules the vehicles'
 * `steps` instead of searching (solver/plan.h). */
#ifndef RD_SOLVE_JSON_H
#define RD_SOLVE_JSON_H

#include <stddef.h>

#include "solver/params.h"
#include "solver/status.h"

/* Reads all of `path` ("-" or NULL: stdin) into *buf (NUL-terminated, owned by
 * the caller) and *len. Returns 0, or -1 when the file cannot be read. */
int rd_cli_slurp(const char *path, char **buf, size_t *len);

/* 1 when the first non-blank byte of buf[0..len) is '{'. */
int rd_cli_looks_json(const char *buf, size_t len);

/* 1 when the file at `path` starts (after blanks) with '{'; 0 otherwise or
 * when it cannot be opened (the caller's reader then reports the error). */
int rd_cli_file_is_json(const char *path);

/* What the command line asks of a JSON solve. */
typedef struct rd_cli_json_opts {
    const char *output; /* -o FILE, or NULL: stdout */
    int plan;           /* -c: plan mode (VROOM's choose ETA): schedule the vehicles' steps */
    int explore;        /* -x level (0..5, VROOM's exploration), or -1 when not given */
    int exact;          /* --exact: prove optimality; summary gets optimal and lower_bound */
    /* Knobs the command line set (the input's `options` do not override them). */
    int limit_given;      /* -l */
    int iterations_given; /* --iterations */
    int threads_given;    /* -t */
    int seed_given;       /* --seed */
} rd_cli_json_opts;

/* Solves the JSON input text[0..len) named `source` with the command-line
 * parameters `p` (completed here with the input's options) and writes the
 * answer. In plan mode nothing is searched: each vehicle's `steps` is
 * scheduled by rd_plan_route and jobs in no steps are unassigned. Returns the
 * exit code. */
int rd_cli_solve_json(const char *text, size_t len, const char *source, const rd_cli_json_opts *o,
                      rd_params *p);

/* Reports an error: `rondo: error: msg` on stderr and {"code": <exit code of
 * st>, "error": msg} on stdout or in `output`. Returns the exit code. */
int rd_cli_json_fail(const char *output, rd_status st, const char *msg);

#endif
