/* rondo serve: a long-running service on stdin/stdout. One VROOM JSON
 * request per line in, one JSON answer per line out, in order, flushed after
 * each; logs on stderr only.
 *
 * Each request goes through rd_cli_json_answer (cli/solve_json.h) in serve
 * mode, the same read-solve-write path as `rondo solve`: the request's "id"
 * is echoed, its `options` override the service's defaults. Lines that cannot
 * be requests (too long, unreadable) are answered here with
 * {"code":2,"error":...}. Nothing outlives a request: the model, the search
 * and the answer are freed before the next line is read, the line buffer is
 * released when it grew beyond 1 MiB (cli/lines.h), and after a large
 * request glibc's free memory is handed back to the system as soon as the
 * service waits 200 ms for input (not between back-to-back requests, where
 * giving it back and faulting it in again cost up to a third of a 500-stop
 * request's time).
 *
 * With the routing flags of `rondo solve` (-r, -a, -p, --table-limit,
 * --route-limit, --router-*; cli/router_opts.h) a request with coordinates and
 * no matrices gets its matrices from that server, and with -g its routes'
 * geometry from the server's route service (a route whose request fails gets
 * straight segments and a warning naming the line and the vehicle).
 *
 * SIGINT/SIGTERM (cli/stop.h): the request being solved stops its search,
 * is answered with the best plan so far, and the service exits with 0; while
 * waiting for input it exits at once with 0; a second signal ends the
 * process. End of input: exit 0. Exit 1 only when stdin cannot be read or
 * stdout cannot be written (the client is gone). */
#include <inttypes.h>
#include <malloc.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/cmd.h"
#include "cli/lines.h"
#include "cli/router_opts.h"
#include "cli/solve_json.h"
#include "cli/stop.h"
#include "io/json_out.h"
#include "model/clock.h"
#include "model/params.h"

#define RD_STR_(x) #x
#define RD_STR(x)  RD_STR_(x)

/* A request's budget when neither the request nor the command line gives
 * one: improvement rounds per slot (deterministic; about 0.2 s for 100 stops
 * on the reference machine, see bench/RESULTS.md). */
#define RD_SERVE_DEFAULT_ITERATIONS 100
/* The longest request line accepted by default (--max-line). */
#define RD_SERVE_DEFAULT_MAX_LINE   (64u << 20)
/* After a request line longer than this, freed memory is returned to the
 * system (malloc_trim) when the service next waits for input, so that a
 * burst of large requests does not leave the resident size at its peak. */
#define RD_SERVE_TRIM_AFTER         ((size_t)1 << 20)

static void usage(FILE *f) {
    // clang-format off
    fputs("usage: rondo serve [options]\n"
          "\n"
          "Answers VROOM JSON requests: one request per line on stdin (the schema of\n"
          "rondo solve's JSON input, plus an optional top-level \"id\", any JSON scalar,\n"
          "echoed first in the answer), one answer per line on stdout, in order,\n"
          "flushed after each: VROOM's answer, or {\"id\":...,\"code\":N,\"error\":...}\n"
          "for a line that is not a valid request (code 2) or a request that fails\n"
          "inside the solver (code 1); the service goes on. Blank lines (only spaces,\n"
          "tabs, CR) are skipped without an answer. Logs go to stderr only.\n"
          "A request's \"options\" (time_limit, iterations, exploration, threads, seed)\n"
          "override the defaults below; a budget among them (time_limit, iterations or\n"
          "exploration) replaces the default budget as a whole.\n"
          "End of input: exit 0. SIGINT/SIGTERM: the current request is answered with\n"
          "its best plan so far and the service exits 0 (a second signal: at once).\n"
          "\n"
          "options (the defaults of every request):\n"
          "  -l, --limit SEC     wall-clock time limit per request\n"
          "  --iterations N      improvement rounds per search slot (deterministic;\n"
          "                      default without -l: " RD_STR(RD_SERVE_DEFAULT_ITERATIONS) ")\n"
          "  -t, --threads N     worker threads (default: one per core)\n"
          "  --seed N            random seed (default 1)\n"
          "  --max-time SEC      no request searches longer than SEC seconds, whatever\n"
          "                      its options ask (a longer time_limit is lowered, an\n"
          "                      iteration budget stops at SEC too; default: no cap)\n"
          "  --max-line BYTES    longest request line (default 67108864, 64 MiB); a\n"
          "                      longer line is discarded as it is read (not kept in\n"
          "                      memory) and answered with code 2\n"
          "  -g, --geometry      each route gets \"geometry\", an encoded polyline (the\n"
          "                      routing server's road path with -r/-a/-p, else\n"
          "                      straight segments between the stops)\n"
          "  -r, --router R      routing server API: osrm (default), valhalla, ors;\n"
          "  -a, --host [PROFILE:]HOST[/PATH], -p, --port [PROFILE:]PORT: as in rondo\n"
          "                      solve: a request with coordinates and no matrices\n"
          "                      gets its matrices (and with -g its geometry) from\n"
          "                      that server (without these flags: offline)\n"
          "  --table-limit N, --route-limit N, --router-connections N,\n"
          "  --router-timeout SEC, --router-connect-timeout SEC, --router-retries N:\n"
          "                      as in rondo solve\n"
          RD_LIMIT_FLAGS_HELP
          "  -q, --quiet         errors only on stderr;  -v, --verbose: a line per\n"
          "                      request and the search's progress\n"
          "  -h, --help          this text\n"
          "\n"
          "exit codes: 0 end of input or signal, 1 stdin or stdout failed, 2 bad option\n",
          f);
    // clang-format on
}

/* Everything the command line says. */
typedef struct serve_opts {
    rd_params p; /* the defaults of every request */
    size_t max_line;
    rd_log_level level;
    int limit_given, iterations_given, seed_given;
    rd_limits limits;     /* --max-locations, --max-vehicles, --max-matrix-bytes */
    rd_router_cfg router; /* -r/-a/-p and the --router-* knobs */
    int router_given;     /* any of them was given */
    int geometry;         /* -g */
    double max_time;      /* --max-time, 0: none */
} serve_opts;

enum {
    S_HELP = 1,
    S_GEOMETRY,
    S_QUIET,
    S_VERBOSE,
    S_LIMIT,
    S_ITERATIONS,
    S_THREADS,
    S_SEED,
    S_MAX_LINE,
    S_MAX_TIME
};

static const rd_opt SERVE_OPTS[] = {
    {'h', "help", 0, S_HELP},
    {'g', "geometry", 0, S_GEOMETRY},
    {'q', "quiet", 0, S_QUIET},
    {'v', "verbose", 0, S_VERBOSE},
    {'l', "limit", 1, S_LIMIT},
    {0, "iterations", 1, S_ITERATIONS},
    {'t', "threads", 1, S_THREADS},
    {0, "seed", 1, S_SEED},
    {0, "max-line", 1, S_MAX_LINE},
    {0, "max-time", 1, S_MAX_TIME},
    RD_ROUTER_OPTS,
    RD_LIMIT_OPTS,
};

static int serve_apply(void *ctx, int id, const char *flag, const char *v, char *msg, size_t size) {
    serve_opts *o = ctx;
    int bad = 0;
    int64_t n = 0;
    if (!flag) {
        snprintf(msg, size, "unexpected argument '%s' (requests come on stdin)", v);
        return RD_ARGS_ERROR;
    }
    if (RD_IS_ROUTER_OPT(id)) {
        o->router_given = 1;
        bad = rd_cli_router_flag(&o->router, (rd_router_flag)(id - RD_ROUTER_OPT), flag, v, msg,
                                 size);
    } else if (id == RD_LIMIT_OPT) {
        bad = rd_argm_limit(flag, v, &o->limits, msg, size);
    }
    switch (id) {
    case S_HELP: usage(stdout); return RD_ARGS_DONE;
    case S_GEOMETRY: o->geometry = 1; break;
    case S_QUIET: o->level = RD_LOG_ERROR; break;
    case S_VERBOSE: o->level = RD_LOG_DEBUG; break;
    case S_LIMIT:
        o->limit_given = 1;
        bad = rd_argm_double(flag, v, 0.0, 1e7, &o->p.time_limit, msg, size);
        break;
    case S_ITERATIONS:
        o->iterations_given = 1;
        bad = rd_argm_int64(flag, v, 1, INT64_MAX / 4, &o->p.iterations, msg, size);
        break;
    case S_THREADS: bad = rd_argm_int(flag, v, 1, 1024, &o->p.threads, msg, size); break;
    case S_SEED:
        o->seed_given = 1;
        bad = rd_argm_uint64(flag, v, &o->p.seed, msg, size);
        break;
    case S_MAX_LINE:
        bad = rd_argm_int64(flag, v, 1, (int64_t)1 << 40, &n, msg, size);
        o->max_line = (size_t)n;
        break;
    case S_MAX_TIME: bad = rd_argm_double(flag, v, 0.0, 1e7, &o->max_time, msg, size); break;
    }
    return bad ? RD_ARGS_ERROR : RD_ARGS_RUN;
}

/* Returns 0 to run, 1 when help was printed, -1 with `msg` on a bad argument. */
static int parse_args(int argc, char **argv, serve_opts *o, char *msg, size_t size) {
    int r = rd_args_parse(argc, argv, SERVE_OPTS, (int)(sizeof SERVE_OPTS / sizeof *SERVE_OPTS),
                          serve_apply, o, msg, size);
    return r == RD_ARGS_DONE ? 1 : r == RD_ARGS_ERROR ? -1 : 0;
}

/* on_idle of the line reader: returns free memory to the system when a
 * large request asked for it (*ctx: nonzero). */
static void trim_when_idle(void *ctx) {
    int *due = ctx;
    if (*due) malloc_trim(0);
    *due = 0;
}

/* 1 when line[0..len) holds only spaces, tabs and carriage returns. */
static int blank(const char *line, size_t len) {
    for (size_t i = 0; i < len; i++)
        if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r') return 0;
    return 1;
}

/* Answers a line that is no request (too long, no memory for it). */
static int answer_line_error(int64_t lineno, rd_status st, const char *msg) {
    fprintf(stderr, "rondo: error: line %" PRId64 ": %s\n", lineno, msg);
    rd_json_write_error(stdout, st, msg);
    return rd_status_exit_code(st);
}

int rd_serve_line(FILE *out, const char *line, size_t len, int64_t lineno,
                  const rd_serve_cfg *cfg) {
    if (blank(line, len)) return -1;
    char where[48];
    snprintf(where, sizeof where, "line %" PRId64, lineno);
    rd_params p = *cfg->defaults; /* the request's options complete a fresh copy */
    rd_cli_json_opts jo = {.explore = -1,
                           .seed_given = cfg->seed_given,
                           .serve = 1,
                           .max_time = cfg->max_time,
                           .log_prefix = where,
                           .limits = cfg->limits,
                           .geometry = cfg->geometry,
                           .router = cfg->router,
                           .router_given = cfg->router != NULL};
    return rd_cli_json_answer(out, line, len, "request", &jo, &p);
}

int rd_cmd_serve(int argc, char **argv) {
    serve_opts o;
    memset(&o, 0, sizeof o);
    rd_params_init(&o.p);
    o.max_line = RD_SERVE_DEFAULT_MAX_LINE;
    rd_limits_init(&o.limits);
    rd_router_cfg_init(&o.router);
    o.router.cancel = rd_stop_flag(); /* a signal stops a routing server's answer too */
    o.level = RD_LOG_INFO;
    char msg[512];
    int pr = parse_args(argc, argv, &o, msg, sizeof msg);
    if (pr > 0) return 0;
    if (pr < 0) {
        fprintf(stderr, "rondo: error: serve: %s (try rondo serve --help)\n", msg);
        return 2;
    }
    if (!o.limit_given && !o.iterations_given) o.p.iterations = RD_SERVE_DEFAULT_ITERATIONS;
    /* The search's progress lines only with -v: a service answers many requests. */
    rd_log search_log, log;
    rd_log_init(&search_log, o.level >= RD_LOG_DEBUG ? RD_LOG_DEBUG : RD_LOG_ERROR, stderr);
    rd_log_init(&log, o.level, stderr);
    o.p.log = &search_log;
    o.p.cancel = rd_stop_flag();
    signal(SIGPIPE, SIG_IGN); /* a client gone shows as a write error, not a silent death */
    rd_stop_install();

    rd_lines *in = malloc(sizeof *in);
    if (!in) {
        fprintf(stderr, "rondo: error: serve: out of memory\n");
        return 1;
    }
    int trim_due = 0;
    rd_lines_init(in, STDIN_FILENO, o.max_line, rd_stop_flag());
    in->on_idle = trim_when_idle;
    in->idle_ctx = &trim_due;
    char budget[96];
    if (o.p.time_limit > 0 && o.p.iterations > 0)
        snprintf(budget, sizeof budget, "%g s or %" PRId64 " iterations", o.p.time_limit,
                 o.p.iterations);
    else if (o.p.time_limit > 0)
        snprintf(budget, sizeof budget, "%g s", o.p.time_limit);
    else
        snprintf(budget, sizeof budget, "%" PRId64 " iterations", o.p.iterations);
    if (o.max_time > 0) {
        size_t k = strlen(budget);
        snprintf(budget + k, sizeof budget - k, ", at most %g s", o.max_time);
    }
    rd_logf(&log, RD_LOG_INFO, "serve: ready: one JSON request per line (default budget %s)",
            budget);
    const rd_serve_cfg cfg = {.defaults = &o.p,
                              .seed_given = o.seed_given,
                              .limits = &o.limits,
                              .router = o.router_given ? &o.router : NULL,
                              .geometry = o.geometry,
                              .max_time = o.max_time};

    int64_t n_req = 0, n_err = 0, t_start = rd_clock_ns();
    int rc = 0;
    for (;;) {
        const char *line;
        size_t len;
        rd_line_status ls = rd_lines_next(in, &line, &len);
        if (ls == RD_LINE_EOF || ls == RD_LINE_STOP) break;
        if (ls == RD_LINE_ERROR) {
            fprintf(stderr, "rondo: error: serve: reading stdin failed\n");
            rc = 1;
            break;
        }
        int64_t t0 = rd_clock_ns();
        int code;
        if (ls == RD_LINE_TOO_LONG) {
            snprintf(msg, sizeof msg, "request line of %zu bytes is longer than %zu (--max-line)",
                     len, o.max_line);
            code = answer_line_error(in->lineno, RD_ERR_INPUT, msg);
        } else if (ls == RD_LINE_NOMEM) {
            snprintf(msg, sizeof msg, "out of memory reading a request line of %zu bytes", len);
            code = answer_line_error(in->lineno, RD_ERR_NOMEM, msg);
        } else {
            code = rd_serve_line(stdout, line, len, in->lineno, &cfg);
            if (code < 0) continue; /* blank line: no answer */
        }
        n_req++;
        n_err += code != 0;
        if (fflush(stdout) != 0 || ferror(stdout)) {
            fprintf(stderr, "rondo: error: serve: writing the answer to stdout failed\n");
            rc = 1;
            break;
        }
        rd_logf(&log, RD_LOG_DEBUG, "serve: line %" PRId64 ": code %d, %.3f s", in->lineno, code,
                (double)(rd_clock_ns() - t0) * 1e-9);
        if (len > RD_SERVE_TRIM_AFTER) trim_due = 1;
        if (rd_stop_requested()) break;
    }
    rd_logf(&log, RD_LOG_INFO, "serve: %s: %" PRId64 " answers (%" PRId64 " errors) in %.1f s",
            rd_stop_requested() ? "stopped by a signal"
            : rc                ? "stopped"
                                : "end of input",
            n_req, n_err, (double)(rd_clock_ns() - t_start) * 1e-9);
    rd_lines_free(in);
    free(in);
    return rc;
}
