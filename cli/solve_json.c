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
#include "solver/plan.h"
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

int rd_cli_json_fail(const char *output, rd_status st, const char *msg) {
    fprintf(stderr, "rondo: error: %s\n", msg);
    char *tmp;
    FILE *f = rd_out_open(output, &tmp);
    if (f)
        rd_out_close(f, output, tmp, rd_json_write_error(f, st, msg) == RD_OK);
    else
        free(tmp);
    return rd_status_exit_code(st);
}

/* Writes the answer for plan `s` (with its schedules in plan mode). */
static int write_json(const char *output, const rd_model *m, const rd_json_extras *x,
                      const rd_solution *s, rd_plan_step *const *steps,
                      const rd_json_times *times) {
    rd_error err;
    rd_error_clear(&err);
    char *tmp;
    FILE *f = rd_out_open(output, &tmp);
    if (!f) {
        free(tmp);
        return 1;
    }
    rd_status st =
        steps ? rd_json_write_plan(f, m, x, s, (const rd_plan_step *const *)steps, times, &err)
              : rd_json_write(f, m, x, s, times, &err);
    if (st != RD_OK) fprintf(stderr, "rondo: error: %s\n", err.msg);
    return rd_out_close(f, output, tmp, st == RD_OK);
}

/* Plan mode: schedules every vehicle's steps; the other jobs are unassigned. */
static int solve_plan(const rd_model *m, const rd_json_extras *x, const rd_json_plan *plan,
                      const char *output, int64_t t0, int64_t t1) {
    rd_error err;
    rd_error_clear(&err);
    int code = 0;
    rd_solution *s = rd_solution_create();
    rd_plan_step **steps = calloc((size_t)(plan->n_routes ? plan->n_routes : 1), sizeof *steps);
    char *planned = calloc((size_t)(m->n_tasks ? m->n_tasks : 1), 1);
    if (!s || !steps || !planned) {
        code = rd_cli_json_fail(output, RD_ERR_NOMEM, "out of memory");
        goto out;
    }
    for (int r = 0; r < plan->n_routes; r++) {
        const rd_json_plan_route *pr = &plan->routes[r];
        rd_route rt = {pr->vehicle, pr->len, pr->tasks};
        rd_plan_result res;
        steps[r] = malloc((size_t)(pr->len + 2) * sizeof **steps);
        rd_status st = steps[r] ? rd_plan_route(m, &rt, pr->after, pr->before, steps[r], &res, &err)
                                : rd_err(&err, RD_ERR_NOMEM, "out of memory");
        if (st == RD_ERR_INPUT && res.bad_step >= 0) {
            /* Hard step bounds that cannot be met: name the step and say why, in seconds. */
            char msg[RD_ERROR_MSG_MAX], where[64];
            int js = pr->json_step[res.bad_step];
            if (js >= 0)
                snprintf(where, sizeof where, "vehicles[%d].steps[%d]", pr->vehicle, js);
            else
                snprintf(where, sizeof where, "vehicles[%d].steps", pr->vehicle);
            snprintf(msg, sizeof msg,
                     "%s: infeasible route for vehicle %" PRId64 ": service must start by %g but "
                     "cannot start before %g",
                     where, m->vehicles[pr->vehicle].id,
                     (double)pr->before[res.bad_step] / RD_JSON_TIME_SCALE,
                     (double)res.earliest / RD_JSON_TIME_SCALE);
            code = rd_cli_json_fail(output, st, msg);
            goto out;
        }
        if (st == RD_OK) st = rd_solution_add_route(s, pr->vehicle, pr->tasks, pr->len);
        if (st != RD_OK) {
            code = rd_cli_json_fail(output, st, err.msg);
            goto out;
        }
        for (int i = 0; i < pr->len; i++) planned[pr->tasks[i]] = 1;
    }
    for (int t = 0; t < m->n_tasks; t++)
        if (!planned[t] &&
            rd_solution_add_unassigned(s, t, "not in any vehicle's steps (plan mode)") != RD_OK) {
            code = rd_cli_json_fail(output, RD_ERR_NOMEM, "out of memory");
            goto out;
        }
    int64_t t2 = rd_clock_ns();
    rd_json_times times = {(t1 - t0) / 1000000, (t2 - t1) / 1000000, 0};
    code = write_json(output, m, x, s, steps, &times);
out:
    for (int r = 0; steps && r < plan->n_routes; r++) free(steps[r]);
    free(steps);
    free(planned);
    rd_solution_destroy(s);
    return code;
}

int rd_cli_solve_json(const char *text, size_t len, const char *source, const rd_cli_json_opts *co,
                      rd_params *p) {
    const char *output = co->output;
    int64_t t0 = rd_clock_ns();
    rd_error err;
    rd_error_clear(&err);
    rd_model *m = NULL;
    rd_json_extras x;
    rd_json_plan plan;
    memset(&x, 0, sizeof x);
    memset(&plan, 0, sizeof plan);
    rd_status st = co->plan ? rd_json_read_plan(text, len, source, &m, &x, &plan, &err)
                            : rd_json_read(text, len, source, &m, &x, &err);
    if (st != RD_OK) return rd_cli_json_fail(output, st, err.msg);
    if (co->plan) {
        int code = solve_plan(m, &x, &plan, output, t0, rd_clock_ns());
        rd_json_plan_free(&plan);
        rd_json_extras_free(&x);
        rd_model_destroy(m);
        return code;
    }
    /* The input's options, unless the command line set the same knob. */
    const rd_json_options *o = &x.options;
    if (o->has_time_limit && !co->limit_given) p->time_limit = o->time_limit;
    if (o->has_iterations && !co->iterations_given) p->iterations = o->iterations;
    if (o->has_threads && !co->threads_given) p->threads = o->threads;
    if (co->seed_given) {
        x.options.has_seed = 1;
        x.options.seed = p->seed;
    } else if (o->has_seed) {
        p->seed = o->seed;
    }
    /* VROOM's exploration level (-x, else options.exploration; default 5)
     * scales the default budget. */
    int explore = co->explore >= 0     ? (co->explore < 5 ? co->explore : 5)
                  : o->has_exploration ? o->exploration
                                       : -1;
    if (explore >= 0 && p->time_limit <= 0 && p->iterations <= 0)
        p->iterations = (int64_t)RD_DEFAULT_ITERATIONS * (explore + 1) / 6;
    int64_t t1 = rd_clock_ns();

    int code = 0;
    rd_solution *s = rd_solution_create();
    rd_eval_report rep = {0};
    if (!s) {
        code = rd_cli_json_fail(output, RD_ERR_NOMEM, "out of memory");
        goto out;
    }
    /* --exact: a short heuristic run gives the incumbent, the rest of the
     * limit (default 60 s) goes to the exact mode, as for benchmark files */
    const int exact = co->exact;
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
        code = rd_cli_json_fail(output, st, err.msg);
        goto out;
    }
    int64_t t2 = rd_clock_ns();
    rd_json_times times = {(t1 - t0) / 1000000, (t2 - t1) / 1000000, 0};
    code = write_json(output, m, &x, s, NULL, &times);
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
