/* rondo solve: one instance in (.vrp, Solomon .txt, or VROOM JSON), one
 * answer out (.sol, or VROOM's JSON). Its argument parser is the program's
 * only one for solving: it also reads VROOM's command line (the drop-in mode,
 * cli/cmd_vroom.c) through rd_cli_solve's dialect. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/batch.h"
#include "cli/cmd.h"
#include "cli/output.h"
#include "cli/router_opts.h"
#include "cli/solve_json.h"
#include "cli/stop.h"
#include "io/file.h"
#include "io/instance.h"
#include "io/map.h"
#include "io/sol.h"
#include "model/clock.h"
#include "model/eval.h"
#include "solver/par.h"
#include "solver/run.h"

/* violations described in a .sol's comments (an infeasible plan is a bug) */
#define SOLVE_MAX_VIOL_COMMENTS 1000
#define JSON_MAX_BYTES          ((size_t)1 << 30) /* the largest JSON input read */

#define RD_STR_(x) #x
#define RD_STR(x)  RD_STR_(x)

static void usage(FILE *f) {
    // clang-format off
    fputs("usage: rondo solve [FILE | -i FILE | -] [options]\n"
          "       rondo solve FILE|DIR... --out-dir DIR [options]     (batch)\n"
          "\n"
          "Solves a CVRPLIB/VRPLIB .vrp or Solomon/Homberger .txt instance (format\n"
          "recognised from the content) and writes a CVRPLIB .sol: \"Route #k: ...\"\n"
          "lines and \"Cost X\" in the instance's units, preceded by '#' comment lines\n"
          "(seed, budget, unassigned tasks with reasons). Progress goes to stderr.\n"
          "JSON input (first non-blank byte '{', VROOM's schema; from FILE, -i FILE\n"
          "or stdin) gets VROOM's JSON answer; an input error is then answered with\n"
          "{\"code\":2,\"error\":...} too (see README \"JSON (VROOM) interface\").\n"
          "The same options work without `solve` in VROOM's command line (rondo -h).\n"
          "\n"
          "On a cluster: `mpirun -np K rondo solve ...` (Open MPI; README \"Running on\n"
          "a cluster\"). A batch hands its inputs to the K ranks, the largest first;\n"
          "one input is solved by the K ranks together (regions of the plan). Inputs\n"
          "and outputs must be on a path every rank sees.\n"
          "\n"
          "options:\n"
          "  -i, --input FILE    the input (as FILE; \"-\" or none: stdin)\n"
          "  -o, --output FILE   write the solution to FILE (default: stdout); written\n"
          "                      to a temporary name and renamed when complete\n"
          "  --out-dir DIR       batch mode (several inputs, or a directory: its *.vrp,\n"
          "                      *.txt, *.json files sorted by name): one plan per\n"
          "                      input, DIR/<name>.sol or DIR/<name>.json (DIR is\n"
          "                      created); a line per input and a summary on stderr;\n"
          "                      exit code the worst: 1 > 3 > 2 > 0, or 128+signal\n"
          "                      when a signal left inputs unsolved\n"
          "  -l, --limit SEC     wall-clock time limit in seconds (per input)\n"
          "  --iterations N      improvement rounds per search slot: a deterministic\n"
          "                      budget (same answer for any --threads)\n"
          "                      (default without -l: " RD_STR(RD_DEFAULT_ITERATIONS) ")\n"
          "  --seed N            random seed (default 1)\n"
          "  -t, --threads N     worker threads (default: one per core; under mpirun:\n"
          "                      the machine's cores shared by its ranks)\n"
          "  --slots K           independent search slots (default 4; one per thread\n"
          "                      with -l on more than 2048 stops)\n"
          "  --region-tasks N    under mpirun, one input: tasks per rank from which the\n"
          "                      ranks solve regions of the plan (below: each searches\n"
          "                      the whole plan; default " RD_STR(RD_REGION_TASKS) ")\n"
          "  --granular K        neighbours per stop in moves (default 20)\n"
          "  --sp-share F        share of the time for set partitioning over the\n"
          "                      pool of routes found (GLPK), 0 to switch it off\n"
          "                      (default 0.1)\n"
          "  --debug-moves       re-check every local-search move from scratch and\n"
          "                      stop with exit 1 on a mismatch (slow; testing)\n"
          "  --exact             prove optimality (small instances, about 15-25\n"
          "                      customers): enumerate every feasible route and\n"
          "                      solve the set partitioning with GLPK within -l\n"
          "                      (default 60 s); when there are too many routes,\n"
          "                      column generation (as --bound) proves the plan\n"
          "                      optimal if its bound meets the cost; prints the\n"
          "                      lower bound and gap\n"
          "  --bound             after the search, a lower bound on the cost of any plan\n"
          "                      that serves every task, by column generation (GLPK's\n"
          "                      simplex, ng-route pricing): the .sol's '# bound:' line,\n"
          "                      JSON summary.lower_bound and summary.gap. CVRP and\n"
          "                      VRPTW-like models (no shipments, breaks, reloads,\n"
          "                      prizes: exit 2 naming the feature)\n"
          "  --bound-share F     the share of -l the bound gets, the search the rest\n"
          "                      (default 0.5; without -l the bound gets 60 s)\n"
          "  --round CONV        distance convention: nint, trunc1 (dimacs), exact\n"
          "                      (default: nint for .vrp without time windows,\n"
          "                      trunc1 for time-window instances)\n"
          "  -c, --choose-eta    plan mode (JSON): schedule each vehicle's `steps`\n"
          "                      as given and report every violation, as VROOM -c\n"
          "  -x, --explore N     VROOM's exploration level 0-5 (JSON): scales the\n"
          "                      default budget (5: " RD_STR(RD_DEFAULT_ITERATIONS) " iterations)\n"
          "  -g, --geometry      (JSON) add each route's geometry: an encoded polyline\n"
          "                      of the road path from the routing server's route\n"
          "                      service when -r/-a/-p fetched the matrices, else of\n"
          "                      straight segments between its stops' coordinates\n"
          "  -r, --router R      routing server API: osrm (default), valhalla, ors\n"
          "                      (libosrm is accepted and refused when used)\n"
          "  -a, --host [PROFILE:]HOST[/PATH]   the profile's server (default profile\n"
          "                      car, default host 0.0.0.0); repeat for more profiles\n"
          "  -p, --port [PROFILE:]PORT          its port (default 5000; 443: https)\n"
          "  --table-limit N     locations per matrix request (default 100); larger\n"
          "                      matrices are fetched in blocks\n"
          "  --route-limit N     stops per route request for -g (default 500); longer\n"
          "                      routes are fetched in overlapping pieces\n"
          "  --router-connections N   requests in flight at once (default 4)\n"
          "  --router-timeout SEC     per request (default 300); --router-connect-timeout\n"
          "                      SEC (default 10); --router-retries N after 429, 5xx or\n"
          "                      a failed connection (default 3)\n"
          "                      (without -r/-a/-p, travel is computed offline from\n"
          "                      the coordinates when the input has no matrices)\n"
          "  --geojson FILE      (JSON with coordinates) also write the plan as GeoJSON:\n"
          "                      stops as points, routes as lines, unassigned tasks\n"
          "  --svg FILE          also draw the plan as a self-contained SVG map (JSON with\n"
          "                      coordinates, or .vrp/.txt with coordinates)\n"
          "  --html FILE         (JSON) also write the plan as a self-contained HTML page\n"
          "                      for a dispatcher: summary, map, drivers' sheets, stops\n"
          "                      left out (as `rondo report`); in a batch, FILE is an\n"
          "                      index page and each JSON input gets DIR/<name>.html\n"
          RD_LIMIT_FLAGS_HELP
          "  -q, --quiet         no progress on stderr;  -v, --verbose: more\n"
          "  -h, --help          this text\n"
          "\n"
          "exit codes: 0 solved, 1 internal error, 2 input error, 3 routing error\n",
          f);
    // clang-format on
}

/* Everything the command line says; filled by parse_args. */
typedef struct solve_opts {
    rd_params p;
    const char **files;        /* input paths (argv's; the array is owned), "-" for stdin */
    int n_files;               /* several, or a directory: batch mode (cli/batch.h) */
    const char *out_dir;       /* --out-dir: batch mode's output directory */
    rd_limits limits;          /* --max-locations, --max-vehicles, --max-matrix-bytes */
    const char *text;          /* VROOM's inline JSON (positional argument starting with '{') */
    const char *output;        /* -o */
    const char *geojson, *svg; /* --geojson FILE, --svg FILE */
    const char *html;          /* --html FILE: the report (batch: the index page) */
    rd_round round;
    rd_log_level level;
    int exact, plan, geometry, explore; /* explore: -1 when not given */
    int bound;                          /* --bound: column generation's lower bound */
    double bound_share;                 /* --bound-share (0: the default) */
    int limit_given, iterations_given, threads_given, seed_given;
    rd_router_cfg router; /* -r/-a/-p and the --router-* knobs */
    int router_given;     /* any of them was given */
} solve_opts;

enum opt_id {
    O_HELP = 1,
    O_V, /* -v: --verbose for rondo, --version for VROOM */
    O_VERBOSE,
    O_VERSION,
    O_QUIET,
    O_INPUT,
    O_OUTPUT,
    O_LIMIT,
    O_THREADS,
    O_ITERATIONS,
    O_SEED,
    O_SLOTS,
    O_REGION_TASKS,
    O_GRANULAR,
    O_ROUND,
    O_SP_SHARE,
    O_DEBUG_MOVES,
    O_EXACT,
    O_BOUND,
    O_BOUND_SHARE,
    O_PLAN,
    O_GEOMETRY,
    O_EXPLORE,
    O_HEURISTIC,
    O_TSP_FIX,
    O_STDIN,
    O_GEOJSON,
    O_SVG,
    O_HTML,
    O_OUT_DIR
};

/* rondo's options and VROOM 1.14's (src/main.cpp: -a -c -e -f -g -h -i -l -o
 * -p -r -t -v -x and their long forms, --stdin for the positional input). */
static const rd_opt OPTS[] = {
    {'h', "help", 0, O_HELP},
    {'v', NULL, 0, O_V},
    {0, "verbose", 0, O_VERBOSE},
    {0, "version", 0, O_VERSION},
    {'q', "quiet", 0, O_QUIET},
    {'i', "input", 1, O_INPUT},
    {0, "input-file", 1, O_INPUT},
    {'o', "output", 1, O_OUTPUT},
    {'l', "limit", 1, O_LIMIT},
    {'t', "threads", 1, O_THREADS},
    {0, "iterations", 1, O_ITERATIONS},
    {0, "seed", 1, O_SEED},
    {0, "slots", 1, O_SLOTS},
    {0, "region-tasks", 1, O_REGION_TASKS},
    {0, "granular", 1, O_GRANULAR},
    {0, "round", 1, O_ROUND},
    {0, "sp-share", 1, O_SP_SHARE},
    {0, "debug-moves", 0, O_DEBUG_MOVES},
    {0, "exact", 0, O_EXACT},
    {0, "bound", 0, O_BOUND},
    {0, "bound-share", 1, O_BOUND_SHARE},
    {'c', "choose-eta", 0, O_PLAN},
    {'g', "geometry", 0, O_GEOMETRY},
    {'x', "explore", 1, O_EXPLORE},
    {'e', "heuristic-param", 1, O_HEURISTIC},
    {'f', "apply-tsp-fix", 0, O_TSP_FIX},
    {0, "stdin", 1, O_STDIN},
    {0, "geojson", 1, O_GEOJSON},
    {0, "svg", 1, O_SVG},
    {0, "html", 1, O_HTML},
    {0, "out-dir", 1, O_OUT_DIR},
    RD_ROUTER_OPTS,
    RD_LIMIT_OPTS,
};
#define N_OPTS ((int)(sizeof OPTS / sizeof *OPTS))

/* What parse_args asks of its caller (cli/args.h). */
enum { ARGS_RUN = RD_ARGS_RUN, ARGS_DONE = RD_ARGS_DONE, ARGS_ERROR = RD_ARGS_ERROR };

/* Adds an input. rondo's dialect takes several (a batch); VROOM's one. */
static int set_input(solve_opts *o, const char *a, rd_cli_dialect d, char *msg, size_t size) {
    if (o->text || (o->n_files && d == RD_DIALECT_VROOM)) {
        snprintf(msg, size, "more than one input ('%s', '%s')",
                 o->n_files ? o->files[0] : "inline JSON", a);
        return ARGS_ERROR;
    }
    if (d == RD_DIALECT_VROOM && rd_file_text_is_json(a, strlen(a))) {
        o->text = a;
        return ARGS_RUN;
    }
    const char **f = realloc(o->files, ((size_t)o->n_files + 1) * sizeof *f);
    if (!f) {
        snprintf(msg, size, "out of memory");
        return ARGS_ERROR;
    }
    o->files = f;
    o->files[o->n_files++] = a;
    return ARGS_RUN;
}

/* Applies option `id` (spelt `flag` on the command line) with `v`. */
static int apply(solve_opts *o, rd_cli_dialect d, int id, const char *flag, const char *v,
                 char *msg, size_t size) {
    if (RD_IS_ROUTER_OPT(id)) {
        o->router_given = 1;
        return rd_cli_router_flag(&o->router, (rd_router_flag)(id - RD_ROUTER_OPT), flag, v, msg,
                                  size)
                   ? ARGS_ERROR
                   : ARGS_RUN;
    }
    if (id == RD_LIMIT_OPT)
        return rd_argm_limit(flag, v, &o->limits, msg, size) ? ARGS_ERROR : ARGS_RUN;
    switch ((enum opt_id)id) {
    case O_HELP:
        if (d == RD_DIALECT_VROOM)
            rd_cli_vroom_usage(stdout);
        else
            usage(stdout);
        return ARGS_DONE;
    case O_V: /* VROOM's -v is --version, rondo's --verbose */
        if (d == RD_DIALECT_RONDO) {
            o->level = RD_LOG_DEBUG;
            return ARGS_RUN;
        }
        puts("rondo " RONDO_VERSION " (VROOM 1.14 command line)");
        return ARGS_DONE;
    case O_VERSION: puts("rondo " RONDO_VERSION " (VROOM 1.14 command line)"); return ARGS_DONE;
    case O_VERBOSE: o->level = RD_LOG_DEBUG; return ARGS_RUN;
    case O_QUIET: o->level = RD_LOG_ERROR; return ARGS_RUN;
    case O_INPUT:
    case O_STDIN: return set_input(o, v, id == O_STDIN ? RD_DIALECT_VROOM : d, msg, size);
    case O_OUTPUT: o->output = v; return ARGS_RUN;
    case O_GEOJSON: o->geojson = v; return ARGS_RUN;
    case O_SVG: o->svg = v; return ARGS_RUN;
    case O_HTML: o->html = v; return ARGS_RUN;
    case O_OUT_DIR: o->out_dir = v; return ARGS_RUN;
    case O_LIMIT:
        o->limit_given = 1;
        return rd_argm_double(flag, v, 0.0, 1e7, &o->p.time_limit, msg, size) ? ARGS_ERROR
                                                                              : ARGS_RUN;
    case O_THREADS:
        o->threads_given = 1;
        return rd_argm_int(flag, v, 1, 1024, &o->p.threads, msg, size) ? ARGS_ERROR : ARGS_RUN;
    case O_ITERATIONS:
        o->iterations_given = 1;
        return rd_argm_int64(flag, v, 1, INT64_MAX / 4, &o->p.iterations, msg, size) ? ARGS_ERROR
                                                                                     : ARGS_RUN;
    case O_SEED:
        o->seed_given = 1;
        return rd_argm_uint64(flag, v, &o->p.seed, msg, size) ? ARGS_ERROR : ARGS_RUN;
    case O_SLOTS:
        return rd_argm_int(flag, v, 1, 1024, &o->p.slots, msg, size) ? ARGS_ERROR : ARGS_RUN;
    case O_REGION_TASKS:
        return rd_argm_int(flag, v, 1, 1 << 30, &o->p.region_tasks, msg, size) ? ARGS_ERROR
                                                                               : ARGS_RUN;
    case O_GRANULAR:
        return rd_argm_int(flag, v, 1, 1000, &o->p.granular, msg, size) ? ARGS_ERROR : ARGS_RUN;
    case O_ROUND:
        if (rd_round_parse(v, &o->round)) {
            snprintf(msg, size, "%s: unknown convention '%s' (nint, trunc1, exact)", flag, v);
            return ARGS_ERROR;
        }
        return ARGS_RUN;
    case O_SP_SHARE:
        return rd_argm_double(flag, v, 0.0, 0.9, &o->p.sp_share, msg, size) ? ARGS_ERROR : ARGS_RUN;
    case O_DEBUG_MOVES: o->p.debug_moves = 1; return ARGS_RUN;
    case O_EXACT: o->exact = 1; return ARGS_RUN;
    case O_BOUND: o->bound = 1; return ARGS_RUN;
    case O_BOUND_SHARE:
        return rd_argm_double(flag, v, 0.05, 0.95, &o->bound_share, msg, size) ? ARGS_ERROR
                                                                               : ARGS_RUN;
    case O_PLAN: o->plan = 1; return ARGS_RUN;
    case O_GEOMETRY: o->geometry = 1; return ARGS_RUN;
    case O_EXPLORE:
        /* VROOM caps the level at 5 */
        return rd_argm_int(flag, v, 0, INT32_MAX, &o->explore, msg, size) ? ARGS_ERROR : ARGS_RUN;
    case O_HEURISTIC: /* VROOM's debugging knobs: nothing to set in rondo */
    case O_TSP_FIX: return ARGS_RUN;
    }
    return ARGS_RUN;
}

/* The parser's context: the options and the dialect. */
typedef struct parse_ctx {
    solve_opts *o;
    rd_cli_dialect d;
} parse_ctx;

static int apply_one(void *ctx, int id, const char *flag, const char *v, char *msg, size_t size) {
    parse_ctx *c = ctx;
    if (!flag) return set_input(c->o, v, c->d, msg, size) != ARGS_RUN ? ARGS_ERROR : ARGS_RUN;
    return apply(c->o, c->d, id, flag, v, msg, size);
}

/* Parses argv[1..] (both dialects share this one parser, cli/args.h's).
 * Returns ARGS_RUN, ARGS_DONE (help or version printed) or ARGS_ERROR with
 * msg filled. */
static int parse_args(int argc, char **argv, rd_cli_dialect d, solve_opts *o, char *msg,
                      size_t size) {
    parse_ctx c = {o, d};
    return rd_args_parse(argc, argv, OPTS, N_OPTS, apply_one, &c, msg, size);
}

/* Writes the run's .sol (the prize-collecting objective on its Cost line)
 * to `output` (NULL: stdout) and, with --svg, its map. Returns the exit code. */
static int write_plan(const solve_opts *o, const rd_model *m, const rd_params *p,
                      rd_run_result *run, const char *output) {
    char *com = rd_run_comments(m, p, run, SOLVE_MAX_VIOL_COMMENTS);
    if (!com) {
        fprintf(stderr, "rondo: error: out of memory\n");
        return 1;
    }
    run->plan->cost = run->objective; /* (equal but for prize-collecting models) */
    int code = rd_out_write_sol(output, m, run->plan, com);
    free(com);
    if (!o->svg) return code;
    rd_map map;
    rd_error err;
    rd_error_clear(&err);
    rd_status st = rd_map_from_solution(m, run->plan, &map, &err);
    if (st == RD_OK) {
        if (rd_out_write_map("--svg", o->svg, &map, rd_map_write_svg) && !code) code = 1;
    } else {
        fprintf(stderr, "rondo: error: --svg: %s\n", err.msg);
        if (!code) code = st == RD_ERR_INPUT ? 2 : 1;
    }
    rd_map_free(&map);
    return code;
}

int rd_cmd_solve(int argc, char **argv) {
    return rd_cli_solve(argc, argv, RD_DIALECT_RONDO);
}

/* solve_one's benchmark formats (.vrp, Solomon .txt): read, run, write the
 * .sol (rank 0 only over MPI ranks), log the summary. The exit code. */
static int solve_bench_file(const solve_opts *o, rd_params p, rd_log *log, const char *file,
                            const char *output, int install_stop, rd_cli_result *r) {
    rd_error err;
    rd_error_clear(&err);
    rd_model *m = NULL;
    rd_status st = rd_instance_read_limited(file, o->round, &o->limits, &m, &err);
    if (st != RD_OK) {
        fprintf(stderr, "rondo: error: %s\n", err.msg);
        return rd_status_exit_code(st);
    }
    rd_logf(log, RD_LOG_DEBUG, "%s: read at %.2f s (%d locations, travel %s)", m->name,
            p.start_ns > 0 ? (double)(rd_clock_ns() - p.start_ns) * 1e-9 : 0.0, m->n_locs,
            m->distances[0].v ? "stored" : "computed on demand");
    if (o->svg && (!m->x || !m->y)) {
        fprintf(stderr, "rondo: error: --svg: %s has no coordinates (an explicit matrix)\n", file);
        rd_model_destroy(m);
        return 2;
    }
    if (install_stop) rd_stop_install();
    rd_run_result run;
    rd_run_opts ro = {.exact = o->exact, .bound = o->bound, .bound_share = o->bound_share};
    if ((st = rd_run(m, &p, &ro, &run, &err)) != RD_OK) {
        fprintf(stderr, "rondo: error: %s\n", err.msg);
        rd_model_destroy(m);
        return rd_status_exit_code(st);
    }
    /* over MPI ranks every rank has the plan; rank 0 writes it */
    int code = p.par && p.par->rank != 0 ? 0 : write_plan(o, m, &p, &run, output);
    if (!code) {
        r->written = 1;
        rd_model_format_cost(m, run.objective, r->cost, sizeof r->cost);
        r->routes = run.rep.n_routes;
        r->unassigned = run.plan->n_unassigned;
    }
    char cost[48];
    rd_model_format_cost(m, run.objective, cost, sizeof cost); /* the .sol's Cost */
    int servable = 0; /* (breaks and reloads are not tasks to serve) */
    for (int t = 0; t < m->n_tasks; t++) servable += rd_task_served(m, t);
    rd_logf(log, RD_LOG_INFO, "%s: cost %s, %d routes, %d/%d tasks served, %s, %.2f s", m->name,
            cost, run.rep.n_routes, run.rep.n_served, servable,
            run.rep.feasible ? "feasible" : "INFEASIBLE", run.seconds);
    if (!run.rep.feasible) {
        for (int k = 0; k < run.rep.n_viol && k < 10; k++) {
            char d[256];
            rd_violation_describe(m, &run.rep.viol[k], d, sizeof d);
            rd_logf(log, RD_LOG_ERROR, "violation: %s", d);
        }
        if (!code) code = 1; /* the search promised a feasible plan: a bug */
    }
    rd_run_result_free(&run);
    rd_model_destroy(m);
    return code;
}

/* Solves one input: `file` (a path, "-" or NULL for stdin) or the inline JSON
 * `text`, answer to `output` (NULL: stdout), with the parameters `p` (a copy:
 * the file's own options complete it). `install_stop`: install the signal
 * handlers once the input is read (the single-input path; a batch installs
 * them once for all files). Fills *r (a plan was written, its cost, routes,
 * unassigned tasks) and returns the exit code. */
static int solve_one(const solve_opts *o, rd_cli_dialect dialect, rd_params p, rd_log *log,
                     const char *file, const char *output, const char *html, int install_stop,
                     rd_cli_result *r) {
    memset(r, 0, sizeof *r);
    /* -l counts from here: reading the input, its matrices and the neighbour
     * lists are inside the budget (VROOM's command line: the search only, as
     * VROOM does) */
    if (dialect == RD_DIALECT_RONDO) p.start_ns = rd_clock_ns();
    /* ---- JSON (VROOM) input, recognised by content: handled in cli/solve_json.c ---- */
    /* (VROOM's command line reads JSON only: a file that is not is a JSON error.) */
    if (o->text || !file || !strcmp(file, "-") || dialect == RD_DIALECT_VROOM ||
        rd_file_is_json(file)) {
        char *text = NULL;
        size_t tlen = 0;
        rd_error rerr;
        rd_error_clear(&rerr);
        rd_status rst = o->text ? RD_OK : rd_file_read(file, JSON_MAX_BYTES, &text, &tlen, &rerr);
        if (rst != RD_OK) {
            if (dialect == RD_DIALECT_VROOM) return rd_cli_json_fail(output, rst, rerr.msg);
            fprintf(stderr, "rondo: error: %s\n", rerr.msg);
            return rd_status_exit_code(rst);
        }
        const char *in = o->text ? o->text : text;
        size_t inlen = o->text ? strlen(o->text) : tlen;
        if (dialect == RD_DIALECT_RONDO && !rd_file_text_is_json(in, inlen)) {
            free(text); /* (VROOM's command line: the JSON reader names the problem) */
            fprintf(stderr, "rondo: error: solve: %s (try rondo solve --help)\n",
                    inlen ? "stdin is not JSON: benchmark formats are read from a file"
                          : "no input file and nothing on stdin");
            return 2;
        }
        if (install_stop) rd_stop_install();
        rd_cli_json_opts jo = {.output = output,
                               .plan = o->plan,
                               .explore = o->explore,
                               .exact = o->exact,
                               .bound = o->bound,
                               .bound_share = o->bound_share,
                               .limit_given = o->limit_given,
                               .iterations_given = o->iterations_given,
                               .threads_given = o->threads_given,
                               .seed_given = o->seed_given,
                               .result = r,
                               .limits = &o->limits,
                               .geometry = o->geometry,
                               .geojson = o->geojson,
                               .svg = o->svg,
                               .html = html,
                               .router = &o->router,
                               .router_given = o->router_given,
                               .no_output = p.par && p.par->rank != 0};
        const char *source = o->text ? "inline JSON" : file && strcmp(file, "-") ? file : "stdin";
        int rc = rd_cli_solve_json(in, inlen, source, &jo, &p);
        free(text);
        return rc;
    }
    if (o->geometry)
        fprintf(stderr, "rondo: warning: -g: route geometry is for JSON input; ignored\n");
    if (o->geojson) {
        fprintf(stderr,
                "rondo: error: %s: --geojson needs JSON input with [lon, lat] coordinates "
                "(use --svg for .vrp/.txt)\n",
                file);
        return 2;
    }
    if (html && !o->out_dir) { /* (a batch's index lists benchmark files without a report) */
        fprintf(stderr,
                "rondo: error: %s: --html needs JSON input (VROOM's schema); use --svg for a "
                "map of a .vrp/.txt plan\n",
                file);
        return 2;
    }
    if (o->plan) {
        fprintf(stderr, "rondo: error: %s: -c (plan mode) needs JSON input with vehicles' steps\n",
                file);
        return 2;
    }
    if (o->explore >= 0 && p.time_limit <= 0 && p.iterations <= 0)
        p.iterations = (int64_t)RD_DEFAULT_ITERATIONS * ((o->explore < 5 ? o->explore : 5) + 1) / 6;
    return solve_bench_file(o, p, log, file, output, install_stop, r);
}

/* What the batch's callback needs to solve one of its inputs. */
typedef struct batch_ctx {
    const solve_opts *o;
    rd_log *log;
} batch_ctx;

static int batch_one(void *ctx, const char *input, const char *output, rd_cli_result *r) {
    const batch_ctx *b = ctx;
    char *html = b->o->html ? rd_batch_report_path(output) : NULL; /* JSON plans only */
    int code = solve_one(b->o, RD_DIALECT_RONDO, b->o->p, b->log, input, output, html, 0, r);
    free(html);
    return code;
}

/* Batch mode: several inputs, or a directory, into --out-dir (cli/batch.h),
 * over the ranks of `par`. Usage errors are printed by rank 0 only (every
 * rank finds them). */
static int batch(const solve_opts *o, rd_log *log, const rd_par *par) {
    FILE *f = par->rank == 0 ? stderr : NULL;
    if (o->output) {
        if (f)
            fprintf(f, "rondo: error: solve: -o names one output file; with several inputs or a "
                       "directory use --out-dir DIR (one plan per input)\n");
        return 2;
    }
    if (!o->out_dir && o->n_files == 1) {
        if (f)
            fprintf(f,
                    "rondo: error: solve: %s is a directory: solving the instances in it needs "
                    "--out-dir DIR (one plan per input)\n",
                    o->files[0]);
        return 2;
    }
    if (!o->out_dir) {
        if (f)
            fprintf(f, "rondo: error: solve: several inputs or a directory need --out-dir DIR "
                       "(one plan per input)\n");
        return 2;
    }
    rd_stop_install(); /* once for the whole batch: a signal stops it (cli/batch.h) */
    batch_ctx b = {o, log};
    return rd_batch_run(o->files, o->n_files, o->out_dir, o->html, batch_one, &b, par);
}

static int cli_solve(int argc, char **argv, rd_cli_dialect dialect, rd_par *par) {
    solve_opts o;
    memset(&o, 0, sizeof o);
    rd_params_init(&o.p);
    rd_limits_init(&o.limits);
    rd_router_cfg_init(&o.router);
    o.router.cancel = rd_stop_flag(); /* a signal stops a routing server's answer too */
    o.round = RD_ROUND_NONE;
    o.level = dialect == RD_DIALECT_VROOM ? RD_LOG_ERROR : RD_LOG_INFO; /* VROOM is quiet */
    o.explore = -1;
    char msg[512];
    int pr = parse_args(argc, argv, dialect, &o, msg, sizeof msg);
    if (pr == ARGS_DONE) {
        free(o.files);
        return 0;
    }
    if (pr == ARGS_ERROR) {
        free(o.files);
        if (dialect == RD_DIALECT_VROOM) /* a VROOM front end reads the answer on stdout */
            return rd_cli_json_fail(o.output, RD_ERR_INPUT, msg);
        if (par->rank == 0)
            fprintf(stderr, "rondo: error: solve: %s (try rondo solve --help)\n", msg);
        return 2;
    }
    if (par->size > 1 && !o.threads_given) { /* the machine's cores shared by its ranks */
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        o.p.threads = cores > par->local_size ? (int)(cores / par->local_size) : 1;
    }
    const char *file = o.n_files ? o.files[0] : NULL;
    rd_log log;
    rd_log_init(&log, o.level, stderr);
    o.p.log = &log;
    o.p.cancel = rd_stop_flag(); /* SIGINT/SIGTERM (cli/stop.h) */
    if (dialect == RD_DIALECT_RONDO &&
        (o.n_files > 1 || o.out_dir || (file && rd_cli_is_dir(file)))) {
        int rc = batch(&o, &log, par);
        free(o.files);
        return rc;
    }
    free(o.files);
    if (!file && !o.text && isatty(STDIN_FILENO)) {
        snprintf(msg, sizeof msg, "no input (a file, -i FILE, or JSON on stdin)");
        if (dialect == RD_DIALECT_VROOM) return rd_cli_json_fail(o.output, RD_ERR_INPUT, msg);
        fprintf(stderr, "rondo: error: solve: no input file (try rondo solve --help)\n");
        return 2;
    }
    if (par->size > 1 && !o.text && (!file || !strcmp(file, "-"))) {
        /* (mpirun gives stdin to rank 0 only, and Open MPI 4 forwards it
         * unreliably: ompi#7483, ompi#4744) */
        if (par->rank == 0)
            fprintf(stderr, "rondo: error: solve: under mpirun the input must be a file "
                            "every rank can read, not standard input\n");
        return 2;
    }
    if (par->size > 1) { /* one problem over the ranks (solver/dist.h): rank 0 speaks */
        o.p.par = par;
        if (par->rank != 0) log.level = RD_LOG_ERROR;
    }
    rd_cli_result r;
    int code = solve_one(&o, dialect, o.p, &log, file, o.output, o.html, 1, &r);
    if (par->size > 1 && !par->agreed) rd_par_agree(par, 0); /* failed before the solve */
    return code;
}

int rd_cli_solve(int argc, char **argv, rd_cli_dialect dialect) {
    rd_par par;
    rd_error err;
    rd_error_clear(&err);
    /* VROOM's command line stays one process; rondo's may run on MPI ranks */
    rd_par_single(&par);
    rd_status st = dialect == RD_DIALECT_RONDO ? rd_par_init(&par, &err) : RD_OK;
    if (st != RD_OK) {
        fprintf(stderr, "rondo: error: %s\n", err.msg);
        return rd_status_exit_code(st);
    }
    int rc = cli_solve(argc, argv, dialect, &par);
    rd_par_finalize(&par);
    /* rank 0 speaks for the run (mpirun's exit code); the others report only
     * their own internal failures */
    return par.rank == 0 || rc == 1 ? rc : 0;
}
