/* rondo solve: one instance file in, one .sol out. */
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/cmd.h"
#include "cli/output.h"
#include "cli/solve_json.h"
#include "io/instance.h"
#include "io/sol.h"
#include "solver/eval.h"
#include "solver/exact.h"
#include "solver/solve.h"

/* The only process-wide state: set by SIGINT/SIGTERM, read by the search
 * through rd_params.cancel. A second signal restores the default action so
 * that it ends the process at once. */
#define RD_STR_(x) #x
#define RD_STR(x)  RD_STR_(x)

static volatile sig_atomic_t g_stop;

static void on_signal(int sig) {
    g_stop = 1;
    signal(sig, SIG_DFL);
}

static void usage(FILE *f) {
    // clang-format off
    fputs("usage: rondo solve [FILE | -i FILE | -] [options]\n"
          "\n"
          "Solves a CVRPLIB/VRPLIB .vrp or Solomon/Homberger .txt instance (format\n"
          "recognised from the content) and writes a CVRPLIB .sol: \"Route #k: ...\"\n"
          "lines and \"Cost X\" in the instance's units, preceded by '#' comment lines\n"
          "(seed, budget, unassigned tasks with reasons). Progress goes to stderr.\n"
          "JSON input (first non-blank byte '{', VROOM's schema; from FILE, -i FILE\n"
          "or stdin) gets VROOM's JSON answer; an input error is then answered with\n"
          "{\"code\":2,\"error\":...} too (see README \"JSON (VROOM) interface\").\n"
          "\n"
          "options:\n"
          "  -i, --input FILE    the input (as FILE; \"-\" or none: stdin)\n"
          "  -o, --output FILE   write the solution to FILE (default: stdout); written\n"
          "                      to a temporary name and renamed when complete\n"
          "  -l, --limit SEC     wall-clock time limit in seconds\n"
          "  --iterations N      improvement rounds per search slot: a deterministic\n"
          "                      budget (same answer for any --threads)\n"
          "                      (default without -l: " RD_STR(RD_DEFAULT_ITERATIONS) ")\n"
          "  --seed N            random seed (default 1)\n"
          "  -t, --threads N     worker threads (default: one per core)\n"
          "  --slots K           independent search slots (default 4)\n"
          "  --granular K        neighbours per stop in moves (default 20)\n"
          "  --sp-share F        share of the time for set partitioning over the\n"
          "                      pool of routes found (GLPK), 0 to switch it off\n"
          "                      (default 0.1)\n"
          "  --debug-moves       re-check every local-search move from scratch and\n"
          "                      stop with exit 1 on a mismatch (slow; testing)\n"
          "  --exact             prove optimality (small instances, about 15-25\n"
          "                      customers): enumerate every feasible route and\n"
          "                      solve the set partitioning with GLPK within -l\n"
          "                      (default 60 s); prints the lower bound and gap\n"
          "  --round CONV        distance convention: nint, trunc1 (dimacs), exact\n"
          "                      (default: nint for .vrp without time windows,\n"
          "                      trunc1 for time-window instances)\n"
          "  -q, --quiet         no progress on stderr;  -v, --verbose: more\n"
          "  -h, --help          this text\n"
          "\n"
          "exit codes: 0 solved, 1 internal error, 2 input error\n",
          f);
    // clang-format on
}

/* Writes the solution (with its comment block) to `path` or stdout. */
static int write_output(const char *path, const rd_model *m, const rd_solution *s,
                        const char *comments) {
    rd_error err;
    rd_error_clear(&err);
    char *tmp;
    FILE *f = rd_out_open(path, &tmp);
    if (!f) {
        free(tmp);
        return 1;
    }
    rd_status st = rd_sol_write(f, m, s, comments, &err);
    if (st != RD_OK) fprintf(stderr, "rondo: error: writing the solution: %s\n", err.msg);
    return rd_out_close(f, path, tmp, st == RD_OK);
}

/* Appends a formatted line to a growing buffer (best effort: lines beyond the
 * cap are dropped with a note). */
static void append(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void append(char **buf, size_t *len, size_t *cap, const char *fmt, ...) {
    enum { CAP = 1 << 20 };
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (k < 0) return;
    if ((size_t)k >= sizeof line) k = sizeof line - 1;
    if (*len + (size_t)k + 2 > CAP) return;
    if (*len + (size_t)k + 2 > *cap) {
        size_t nc = *cap ? *cap * 2 : 4096;
        while (nc < *len + (size_t)k + 2) nc *= 2;
        char *p = realloc(*buf, nc);
        if (!p) return;
        *buf = p;
        *cap = nc;
    }
    memcpy(*buf + *len, line, (size_t)k);
    *len += (size_t)k;
    (*buf)[(*len)++] = '\n';
    (*buf)[*len] = '\0';
}

int rd_cmd_solve(int argc, char **argv) {
    rd_params p;
    rd_params_init(&p);
    const char *file = NULL, *output = NULL;
    rd_round round = RD_ROUND_NONE;
    rd_log_level level = RD_LOG_INFO;
    int exact = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            if (!(output = rd_arg_value(argc, argv, &i))) return 2;
        } else if (!strcmp(a, "-l") || !strcmp(a, "--limit")) {
            if (!(v = rd_arg_value(argc, argv, &i)) || rd_arg_double(a, v, 0.0, 1e7, &p.time_limit))
                return 2;
        } else if (!strcmp(a, "--iterations")) {
            if (!(v = rd_arg_value(argc, argv, &i)) ||
                rd_arg_int64(a, v, 1, INT64_MAX / 4, &p.iterations))
                return 2;
        } else if (!strcmp(a, "--seed")) {
            if (!(v = rd_arg_value(argc, argv, &i)) || rd_arg_uint64(a, v, &p.seed)) return 2;
        } else if (!strcmp(a, "--threads") || !strcmp(a, "-t")) {
            if (!(v = rd_arg_value(argc, argv, &i)) || rd_arg_int(a, v, 1, 1024, &p.threads))
                return 2;
        } else if (!strcmp(a, "--slots")) {
            if (!(v = rd_arg_value(argc, argv, &i)) || rd_arg_int(a, v, 1, 1024, &p.slots))
                return 2;
        } else if (!strcmp(a, "--granular")) {
            if (!(v = rd_arg_value(argc, argv, &i)) || rd_arg_int(a, v, 1, 1000, &p.granular))
                return 2;
        } else if (!strcmp(a, "--round")) {
            if (!(v = rd_arg_value(argc, argv, &i))) return 2;
            if (rd_round_parse(v, &round)) {
                fprintf(stderr,
                        "rondo: error: --round: unknown convention '%s' (nint, trunc1, exact)\n",
                        v);
                return 2;
            }
        } else if (!strcmp(a, "--sp-share")) {
            if (!(v = rd_arg_value(argc, argv, &i)) || rd_arg_double(a, v, 0.0, 0.9, &p.sp_share))
                return 2;
        } else if (!strcmp(a, "--debug-moves")) {
            p.debug_moves = 1;
        } else if (!strcmp(a, "--exact")) {
            exact = 1;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            level = RD_LOG_ERROR;
        } else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
            level = RD_LOG_DEBUG;
        } else if ((!strcmp(a, "-i") || !strcmp(a, "--input")) && file) {
            fprintf(stderr, "rondo: error: solve: more than one input file\n");
            return 2;
        } else if (!strcmp(a, "-i") || !strcmp(a, "--input")) {
            if (!(file = rd_arg_value(argc, argv, &i))) return 2;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "rondo: error: solve: unknown option '%s' (try rondo solve --help)\n",
                    a);
            return 2;
        } else if (file) {
            fprintf(stderr, "rondo: error: solve: more than one input file ('%s', '%s')\n", file,
                    a);
            return 2;
        } else {
            file = a;
        }
    }
    if (!file && isatty(STDIN_FILENO)) {
        fprintf(stderr, "rondo: error: solve: no input file (try rondo solve --help)\n");
        return 2;
    }
    rd_log log;
    rd_log_init(&log, level, stderr);
    p.log = &log;
    p.cancel = (const volatile int *)&g_stop;

    /* ---- JSON (VROOM) input, recognised by content: handled in cli/solve_json.c ---- */
    if (!file || !strcmp(file, "-") || rd_cli_file_is_json(file)) {
        char *text = NULL;
        size_t tlen = 0;
        if (rd_cli_slurp(file, &text, &tlen) != 0) {
            fprintf(stderr, "rondo: error: %s: cannot read\n", file ? file : "stdin");
            return 2;
        }
        if (!rd_cli_looks_json(text, tlen)) {
            free(text);
            fprintf(stderr, "rondo: error: solve: %s (try rondo solve --help)\n",
                    tlen ? "stdin is not JSON: benchmark formats are read from a file"
                         : "no input file and nothing on stdin");
            return 2;
        }
        g_stop = 0;
        signal(SIGINT, on_signal);
        signal(SIGTERM, on_signal);
        int rc = rd_cli_solve_json(text, tlen, file && strcmp(file, "-") ? file : "stdin", output,
                                   &p, argc, argv);
        free(text);
        return rc;
    }
    /* ---- benchmark formats (.vrp, Solomon .txt) ---- */

    rd_error err;
    rd_error_clear(&err);
    rd_model *m = NULL;
    rd_status st = rd_instance_read(file, round, &m, &err);
    if (st != RD_OK) {
        fprintf(stderr, "rondo: error: %s\n", err.msg);
        return rd_status_exit_code(st);
    }
    g_stop = 0;
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);

    rd_solution *s = rd_solution_create();
    rd_solve_stats stats = {0};
    int code = 0;
    if (!s) {
        fprintf(stderr, "rondo: error: out of memory\n");
        rd_model_destroy(m);
        return 1;
    }
    double exact_limit = p.time_limit > 0 ? p.time_limit : 60.0;
    rd_exact_info xinfo = {0};
    xinfo.bound = -1;
    if (exact) { /* a short heuristic run gives the incumbent; the rest is the exact's */
        p.time_limit = 0.1 * exact_limit;
        if (p.iterations <= 0) p.iterations = 200;
    }
    st = rd_solve(m, &p, s, &stats, &err);
    if (st == RD_OK && exact) {
        rd_solution *x = rd_solution_create();
        if (!x)
            st = rd_err(&err, RD_ERR_NOMEM, "out of memory");
        else
            st = rd_exact_solve(m, s, exact_limit - stats.seconds, &log, x, &xinfo, &err);
        if (st == RD_OK) st = rd_solution_copy(s, x);
        if (st == RD_OK) {
            s->lower_bound = xinfo.bound >= 0 ? (int64_t)(xinfo.bound + 1e-6) : -1;
            stats.seconds += xinfo.seconds;
        }
        rd_solution_destroy(x);
    }
    if (st != RD_OK) {
        fprintf(stderr, "rondo: error: %s\n", err.msg);
        code = rd_status_exit_code(st);
        goto out;
    }
    rd_eval_report rep;
    if ((st = rd_eval(m, s, &rep, &err)) != RD_OK) {
        fprintf(stderr, "rondo: error: %s\n", err.msg);
        code = 1;
        goto out;
    }
    char *com = NULL;
    size_t clen = 0, ccap = 0;
    append(&com, &clen, &ccap, "rondo: %s, convention %s, seed %" PRIu64 ", %d slots", m->name,
           rd_round_name(m->round), p.seed, p.slots);
    if (exact)
        append(&com, &clen, &ccap,
               "time limit %g s, time %.2f s (heuristic start: %" PRId64 " iterations)",
               exact_limit, stats.seconds, stats.iterations);
    else if (p.time_limit > 0)
        append(&com, &clen, &ccap, "time limit %g s, time %.2f s, %" PRId64 " iterations",
               p.time_limit, stats.seconds, stats.iterations);
    else /* no time here: with an iteration budget the file is byte-reproducible */
        append(&com, &clen, &ccap, "iterations %" PRId64 " per slot", rd_params_iterations(&p));
    if (g_stop) append(&com, &clen, &ccap, "interrupted: best solution so far");
    if (exact) {
        char lb[48];
        /* costs are integers: the bound rounds up */
        int64_t lbv = xinfo.bound >= 0 ? (int64_t)(xinfo.bound - 1e-6) + 1 : -1;
        if (xinfo.optimal) lbv = rep.cost;
        rd_model_format_cost(m, lbv, lb, sizeof lb);
        if (xinfo.optimal)
            append(&com, &clen, &ccap, "exact: optimal (lower bound %s = cost)", lb);
        else if (lbv >= 0)
            append(&com, &clen, &ccap, "exact: lower bound %s, gap %.2f %%", lb,
                   100.0 * (double)(rep.cost - lbv) / (double)rep.cost);
        else
            append(&com, &clen, &ccap, "exact: no lower bound within the time limit");
        append(&com, &clen, &ccap, "exact: %" PRId64 " feasible task sets enumerated in %.2f s",
               xinfo.routes, xinfo.enum_secs);
    }
    for (int u = 0; u < s->n_unassigned; u++)
        append(&com, &clen, &ccap, "unassigned %" PRId64 ": %s", m->task_id[s->unassigned[u].task],
               s->unassigned[u].reason);
    for (int k = 0; k < rep.n_viol; k++) {
        char d[256];
        rd_violation_describe(m, &rep.viol[k], d, sizeof d);
        append(&com, &clen, &ccap, "violation: %s", d);
    }
    char cost[48];
    rd_model_format_cost(m, rep.cost, cost, sizeof cost);
    code = write_output(output, m, s, com);
    free(com);
    rd_logf(&log, RD_LOG_INFO, "%s: cost %s, %d routes, %d/%d tasks served, %s, %.2f s", m->name,
            cost, rep.n_routes, rep.n_served, m->n_tasks, rep.feasible ? "feasible" : "INFEASIBLE",
            stats.seconds);
    if (!rep.feasible) {
        for (int k = 0; k < rep.n_viol && k < 10; k++) {
            char d[256];
            rd_violation_describe(m, &rep.viol[k], d, sizeof d);
            rd_logf(&log, RD_LOG_ERROR, "violation: %s", d);
        }
        if (!code) code = 1; /* the search promised a feasible plan: a bug */
    }
    rd_eval_report_free(&rep);
out:
    rd_solution_destroy(s);
    rd_model_destroy(m);
    return code;
}
