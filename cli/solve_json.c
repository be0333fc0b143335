#include "cli/solve_json.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/output.h"
#include "io/json_in.h"
#include "io/json_out.h"
#include "solver/clock.h"
#include "solver/eval.h"
#include "solver/exact.h"
#include "solver/solve.h"

#define SLURP_MAX ((size_t)1 << 30)

int rd_cli_slurp(const char *path, char **buf, size_t *len) {
    int is_stdin = !path || !strcmp(path, "-");
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    *buf = NULL;
    *len = 0;
    if (!f) return -1;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    while (b) {
        if (n + 1 >= cap) {
            char *nb = cap < SLURP_MAX ? realloc(b, cap * 2) : NULL;
            if (!nb) {
                free(b);
                b = NULL;
                break;
            }
            b = nb;
            cap *= 2;
        }
        size_t k = fread(b + n, 1, cap - n - 1, f);
        n += k;
        if (k == 0) break;
    }
    int bad = !b || ferror(f);
    if (!is_stdin) fclose(f);
    if (bad) {
        free(b);
        return -1;
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return 0;
}

int rd_cli_looks_json(const char *buf, size_t len) {
    for (size_t i = 0; i < len; i++) {
        char c = buf[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        return c == '{';
    }
    return 0;
}

int rd_cli_file_is_json(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    char b[4096];
    int json = 0;
    size_t k;
    while ((k = fread(b, 1, sizeof b, f)) > 0) {
        size_t i = 0;
        while (i < k && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) i++;
        if (i < k) {
            json = b[i] == '{';
            break;
        }
    }
    fclose(f);
    return json;
}

static int flag_given(int argc, char **argv, const char *a, const char *b) {
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], a) || (b && !strcmp(argv[i], b))) return 1;
    return 0;
}

static int fail(const char *output, rd_status st, const char *msg) {
    fprintf(stderr, "rondo: error: %s\n", msg);
    char *tmp;
    FILE *f = rd_out_open(output, &tmp);
    if (f)
        rd_out_close(f, output, tmp, rd_json_write_error(f, st, msg) == RD_OK);
    else
        free(tmp);
    return rd_status_exit_code(st);
}

int rd_cli_solve_json(const char *text, size_t len, const char *source, const char *output,
                      rd_params *p, int argc, char **argv) {
    int64_t t0 = rd_clock_ns();
    rd_error err;
    rd_error_clear(&err);
    rd_model *m = NULL;
    rd_json_extras x;
    memset(&x, 0, sizeof x);
    rd_status st = rd_json_read(text, len, source, &m, &x, &err);
    if (st != RD_OK) return fail(output, st, err.msg);
    /* The input's options, unless the command line set the same knob. */
    const rd_json_options *o = &x.options;
    if (o->has_time_limit && !flag_given(argc, argv, "-l", "--limit"))
        p->time_limit = o->time_limit;
    if (o->has_iterations && !flag_given(argc, argv, "--iterations", NULL))
        p->iterations = o->iterations;
    if (o->has_threads && !flag_given(argc, argv, "--threads", "-t")) p->threads = o->threads;
    if (flag_given(argc, argv, "--seed", NULL)) {
        x.options.has_seed = 1;
        x.options.seed = p->seed;
    } else if (o->has_seed) {
        p->seed = o->seed;
    }
    /* VROOM's exploration level (default 5) scales the default budget. */
    if (o->has_exploration && p->time_limit <= 0 && p->iterations <= 0)
        p->iterations = (int64_t)RD_DEFAULT_ITERATIONS * (o->exploration + 1) / 6;
    int64_t t1 = rd_clock_ns();

    int code = 0;
    rd_solution *s = rd_solution_create();
    rd_eval_report rep = {0};
    if (!s) {
        code = fail(output, RD_ERR_NOMEM, "out of memory");
        goto out;
    }
    /* --exact: a short heuristic run gives the incumbent, the rest of the
     * limit (default 60 s) goes to the exact mode, as for benchmark files */
    const int exact = flag_given(argc, argv, "--exact", NULL);
    const double exact_limit = p->time_limit > 0 ? p->time_limit : 60.0;
    if (exact) {
        p->time_limit = 0.1 * exact_limit;
        if (p->iterations <= 0) p->iterations = 200;
    }
    rd_solve_stats stats = {0};
    st = rd_solve(m, p, s, &stats, &err);
    if (st == RD_OK && exact) {
        rd_exact_info xi = {0};
        rd_solution *xs = rd_solution_create();
        if (!xs)
            st = rd_err(&err, RD_ERR_NOMEM, "out of memory");
        else
            st = rd_exact_solve(m, s, exact_limit - stats.seconds, p->log, xs, &xi, &err);
        if (st == RD_OK) st = rd_solution_copy(s, xs);
        rd_solution_destroy(xs);
        if (st == RD_OK) {
            x.exact = 1;
            x.optimal = xi.optimal;
            /* the bound is on the sum of the routes' per-leg costs (model
             * units): round it down to VROOM's cost unit */
            x.lower_bound = xi.bound >= 0 ? (int64_t)(xi.bound + 1e-6) / RD_JSON_COST_SCALE : -1;
        }
    }
    if (st == RD_OK) st = rd_eval(m, s, &rep, &err);
    if (st != RD_OK) {
        code = fail(output, st, err.msg);
        goto out;
    }
    int64_t t2 = rd_clock_ns();
    rd_json_times times = {(t1 - t0) / 1000000, (t2 - t1) / 1000000, 0};
    char *tmp;
    FILE *f = rd_out_open(output, &tmp);
    if (!f) {
        free(tmp);
        code = 1;
        goto out;
    }
    st = rd_json_write(f, m, &x, s, &times, &err);
    if (st != RD_OK) fprintf(stderr, "rondo: error: %s\n", err.msg);
    code = rd_out_close(f, output, tmp, st == RD_OK);
    if (!rep.feasible) {
        for (int k = 0; k < rep.n_viol && k < 10; k++) {
            char d[256];
            rd_violation_describe(m, &rep.viol[k], d, sizeof d);
            fprintf(stderr, "rondo: violation: %s\n", d);
        }
        if (!code) code = 1; /* the search promised a feasible plan: a bug */
    }
out:
    rd_eval_report_free(&rep);
    rd_solution_destroy(s);
    rd_json_extras_free(&x);
    rd_model_destroy(m);
    return code;
}
