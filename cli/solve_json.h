/* solve_json: the JSON (VROOM) side of `rondo solve`.
 *
 * cmd_solve.c recognises JSON input by content (first non-blank byte `{`) and
 * hands it here: read, solve with rd_solve, write VROOM's answer to stdout or
 * the -o file (temporary name, then rename). On an input error the answer is
 * {"code":2,"error":"..."} on stdout (or -o) and `rondo: error: ...` on
 * stderr. Options in the input's `options` apply unless the command line set
 * the same knob (flags override). Plan mode (-c) schedules the vehicles'
 * `steps` instead of searching (solver/plan.h).
 *
 * With --geojson / --svg the answer is also drawn as maps (io/map.h), from
 * the answer's own text, after refusing (exit 2) an input whose locations lack
 * coordinates.
 *
 * `rondo serve` (cli/cmd_serve.c) answers each request line through the same
 * function, rd_cli_json_answer, in serve mode. */
#ifndef RD_SOLVE_JSON_H
#define RD_SOLVE_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "io/json_in.h"
#include "io/router.h"
#include "io/limits.h"
#include "model/params.h"
#include "model/status.h"

/* What was written for one input (batch mode's per-file line). */
typedef struct rd_cli_result {
    int written;    /* 1: a plan (not an error answer) was written */
    char cost[48];  /* its cost as written (the .sol's Cost, the answer's summary.cost) */
    int routes;     /* routes in the plan */
    int unassigned; /* tasks left unassigned */
} rd_cli_result;

/* What the command line asks of a JSON solve. */
typedef struct rd_cli_json_opts {
    const char *output;  /* rd_cli_solve_json: -o FILE, or NULL: stdout */
    int plan;            /* -c: plan mode (VROOM's choose ETA): schedule the vehicles' steps */
    int explore;         /* -x level (0..5, VROOM's exploration), or -1 when not given */
    int exact;           /* --exact: prove optimality; summary gets optimal and lower_bound */
    int bound;           /* --bound (or options.bound): column generation's lower bound;
                            summary gets lower_bound and gap */
    double bound_share;  /* --bound-share; 0: the default */
    const char *geojson; /* --geojson FILE: the plan as GeoJSON (io/map.h), or NULL */
    const char *svg;     /* --svg FILE: the plan as an SVG map, or NULL */
    const char *html;    /* --html FILE: the plan as an HTML report (cli/html.h), or NULL;
                            the map in it when the input has coordinates */
    int geometry;        /* -g: each route gets "geometry", an encoded polyline: the road path
                            from the routing server's route service when the matrices came from
                            it (router_given, coordinates and no matrices; a route whose request
                            fails gets straight segments and a warning naming its vehicle), else
                            straight segments between its stops' coordinates; a warning when
                            coordinates lack */
    /* Knobs the command line set (the input's `options` do not override them;
     * in serve mode only seed_given counts, for summary.seed). */
    int limit_given;      /* -l */
    int iterations_given; /* --iterations */
    int threads_given;    /* -t */
    int seed_given;       /* --seed */
    /* Serve mode (`rondo serve`, cli/cmd_serve.c): the text is one request.
     * Its top-level "id" (any JSON scalar) is echoed as the first member of
     * the answer, error answers included when it could be read; its
     * `options` override the parameters passed in (the service's defaults),
     * and a budget among them (time_limit, iterations or exploration)
     * replaces the default budget as a whole. plan and exact must be 0. */
    int serve;
    /* Serve mode: no request searches longer than this (seconds; its
     * time limit lowered, an iteration budget given this time limit too);
     * 0: no cap. */
    double max_time;
    /* Routing server (-r/-a/-p, --table-limit, --router-*; io/router.h): for an input
     * with `location`s and no matrices, the travel times come from
     * rd_router_matrix(router, profile, ...) when router_given, else offline. The
     * config is owned by the caller and outlives the call; NULL: none. */
    const rd_router_cfg *router;
    int router_given;        /* any routing flag was given on the command line */
    int no_output;           /* rd_cli_solve_json: solve, write nothing (an MPI rank other
                                than 0 of a one-problem run: rank 0 writes the answer) */
    const char *log_prefix;  /* prefixes the error lines on stderr (serve: "line 12"), or NULL */
    int silent;              /* rd_cli_json_answer writes nothing on stderr (the C API,
                                api/rondo.h: the answer alone says what went wrong) */
    rd_cli_result *result;   /* rd_cli_solve_json: filled when non-NULL */
    const rd_limits *limits; /* input size limits (io/limits.h), NULL: the defaults */
} rd_cli_json_opts;

/* Reads, solves and answers the JSON input text[0..len) named `source` (in
 * syntax-error messages) with the parameters `p` (completed here with the
 * input's options, see rd_cli_json_opts): writes exactly one answer line to
 * `f`: VROOM's answer, or {"code":N,"error":...} when the input is refused
 * (2), the solver fails or memory runs out (1); only a failure of `f` itself
 * can leave it incomplete (ferror(f) tells). An error answer's message also
 * goes to stderr after "rondo: error: ". In plan mode nothing is searched:
 * each vehicle's `steps` is scheduled by rd_plan_route and jobs in no steps
 * are unassigned. Does not flush or close `f`; allocates nothing that
 * outlives the call. Returns the exit code of the answer (0, 1, 2, 3); 1 also
 * when the plan found is infeasible (a bug, reported on stderr, the answer
 * being written all the same). */
int rd_cli_json_answer(FILE *f, const char *text, size_t len, const char *source,
                       const rd_cli_json_opts *o, rd_params *p);

/* rd_cli_json_answer's search and answer for an input read already (by
 * rd_json_read_initial: the C API, api/rondo.h, reads once and solves as
 * often as asked): solves `m` (its extras `x`, the vehicles' steps `init` as
 * the search's start) with `p` completed by x's options unless `co` says the
 * knob was given, and writes one answer line to `f` (no request id, no
 * geometry; co->plan, co->serve and the maps are not for this path). The
 * answer's computing_times.loading is `loading_ms`. Nothing of m, x, init is
 * freed; x's solve figures (exact, optimal, lower_bound) are set anew each
 * call. Returns the exit code, as rd_cli_json_answer. */
int rd_cli_json_solve_read(FILE *f, const rd_model *m, rd_json_extras *x, const rd_json_plan *init,
                           int64_t loading_ms, const rd_cli_json_opts *co, rd_params *p);

/* `rondo solve`'s JSON path: rd_cli_json_answer, the answer built in memory
 * and then written to o->output (temporary name, then renamed) or stdout.
 * Returns the exit code (1 also when the output cannot be written). */
int rd_cli_solve_json(const char *text, size_t len, const char *source, const rd_cli_json_opts *o,
                      rd_params *p);

/* Reports an error: `rondo: error: msg` on stderr and {"code": <exit code of
 * st>, "error": msg} on stdout or in `output`. Returns the exit code. */
int rd_cli_json_fail(const char *output, rd_status st, const char *msg);

#endif
