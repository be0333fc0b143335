/* solve_json: the JSON (VROOM) side of `rondo solve`.
 *
 * cmd_solve.c recognises JSON input by content (first non-blank byte `{`) and
 * hands it here: read, solve with rd_solve, write VROOM's answer to stdout or
 * the -o file (temporary name, then rename). On an input error the answer is
 * {"code":2,"error":"..."} on stdout (or -o) and `rondo: error: ...` on
 * stderr. Options in the input's `options` apply unless the command line set
 * the same knob (flags override). */
#ifndef RD_SOLVE_JSON_H
#define RD_SOLVE_JSON_H

#include <stddef.h>

#include "solver/params.h"

/* Reads all of `path` ("-" or NULL: stdin) into *buf (NUL-terminated, owned by
 * the caller) and *len. Returns 0, or -1 when the file cannot be read. */
int rd_cli_slurp(const char *path, char **buf, size_t *len);

/* 1 when the first non-blank byte of buf[0..len) is '{'. */
int rd_cli_looks_json(const char *buf, size_t len);

/* 1 when the file at `path` starts (after blanks) with '{'; 0 otherwise or
 * when it cannot be opened (the caller's reader then reports the error). */
int rd_cli_file_is_json(const char *path);

/* Solves the JSON input text[0..len) named `source`; `p` holds the
 * command-line parameters, `argc/argv` the solve arguments (to tell which
 * flags were given). Returns the exit code. */
int rd_cli_solve_json(const char *text, size_t len, const char *source, const char *output,
                      rd_params *p, int argc, char **argv);

#endif
