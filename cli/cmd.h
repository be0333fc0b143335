/* cmd: the program's subcommands. Each takes the arguments after its name
 * (argv[0] is the subcommand name) and returns the process exit code:
 * 0 success, 1 internal error, 2 input error, 3 routing error. */
#ifndef RD_CMD_H
#define RD_CMD_H

#include <stdint.h>
#include <stdio.h>

#include "io/router.h"
#include "io/limits.h"
#include "model/params.h"

#define RONDO_VERSION "0.1.0"

/* The whole command line (`rondo COMMAND ...`): the program's main
 * (api/prog.c, through rondo_main). Returns the exit code. */
int rd_cli_main(int argc, char **argv);

int rd_cmd_solve(int argc, char **argv);
int rd_cmd_check(int argc, char **argv);
int rd_cmd_bench(int argc, char **argv);
int rd_cmd_serve(int argc, char **argv);
int rd_cmd_matrix(int argc, char **argv);
int rd_cmd_generate(int argc, char **argv); /* cli/cmd_generate.c: a city instance */
int rd_cmd_report(int argc, char **argv);   /* cli/cmd_report.c: a plan as an HTML page */

/* What serve answers every request with (owned by the caller, read only). */
typedef struct rd_serve_cfg {
    const rd_params *defaults; /* the request's options complete a copy of these */
    int seed_given;            /* --seed was given: reported in each summary */
    const rd_limits *limits;   /* input size limits, NULL: the defaults */
    /* -r/-a/-p were given (NULL: travel offline): the matrices of a request
     * with coordinates and no matrices, and with `geometry` (-g) its routes'
     * road paths, come from that server */
    const rd_router_cfg *router;
    int geometry;
    /* --max-time: no request searches longer than this many seconds, whatever
     * its options ask (its time limit is lowered, an iteration budget gets
     * this time limit too); 0: no cap */
    double max_time;
} rd_serve_cfg;

/* serve's handling of one request line (cli/cmd_serve.c), apart from the
 * line reader so that tests/fuzz can drive it: a blank line (only spaces,
 * tabs, CR) returns -1 and writes nothing; anything else gets exactly one
 * answer line on `out` (rd_cli_json_answer in serve mode with `cfg`;
 * `lineno` names the line in error messages and warnings on stderr) and its
 * code (0, 1, 2, 3) is returned. */
int rd_serve_line(FILE *out, const char *line, size_t len, int64_t lineno, const rd_serve_cfg *cfg);

/* The command line `rondo solve`'s one parser (cli/cmd_solve.c) reads:
 * rondo's, or VROOM's (the drop-in mode: -v is --version, a positional
 * argument starting with '{' is the JSON input itself, the program is quiet
 * on stderr, and argument errors are answered with {"code":2,"error":...}
 * on stdout too). Both accept every flag of the other except -v. */
typedef enum rd_cli_dialect { RD_DIALECT_RONDO = 0, RD_DIALECT_VROOM = 1 } rd_cli_dialect;

/* `rondo solve` with argv[1..] read in `dialect`. */
int rd_cli_solve(int argc, char **argv, rd_cli_dialect dialect);

/* VROOM drop-in mode (cli/cmd_vroom.c): 1 when the program was called as
 * VROOM would be: through a link named `vroom`, or with argv[1] an option
 * (starting with '-') that is not one of rondo's own top-level ones, inline
 * JSON, or a file that holds JSON. */
int rd_cli_vroom_invocation(int argc, char **argv);

/* Runs the drop-in mode: argv as VROOM's `vroom [OPTION...] [INLINE JSON]`. */
int rd_cmd_vroom(int argc, char **argv);

/* The drop-in mode's help text (VROOM's flags and what rondo does with them). */
void rd_cli_vroom_usage(FILE *f);

#endif
