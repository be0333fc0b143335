/* rondo: the public C API (api/rondo.h) over the command line's own paths:
 * a JSON problem is read by rd_json_read_initial and answered by
 * rd_cli_json_solve_read (the search and answer of `rondo solve` and `rondo
 * serve`), a benchmark file by rd_instance_read, rd_run and the .sol writer,
 * so that the library and the program give the same plan for the same seed
 * and iterations. The model is read once, at creation, and kept. */
#include "api/rondo.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/answer.h"
#include "cli/cmd.h"
#include "cli/solve_json.h"
#include "io/file.h"
#include "io/instance.h"
#include "io/json_in.h"
#include "io/sol.h"
#include "model/clock.h"
#include "solver/run.h"

#define API_JSON_MAX_BYTES    ((size_t)1 << 30) /* the largest JSON file read, as `rondo solve` */
#define API_MAX_VIOL_COMMENTS 1000              /* violations described in a .sol (a bug) */

/* Returns early from the calling function when `expr` fails. */
#define API_TRY(expr)                                                                              \
    do {                                                                                           \
        rondo_status api_try_ = (expr);                                                            \
        if (api_try_ != RONDO_OK) return api_try_;                                                 \
    } while (0)

#define RONDO_STR_(x) #x
#define RONDO_STR(x)  RONDO_STR_(x)

struct rondo_problem {
    int is_json;        /* the input is VROOM JSON (else a benchmark file) */
    rd_model *model;    /* the model read (owned) */
    rd_json_extras x;   /* JSON: what the answer echoes (owned) */
    rd_json_plan init;  /* JSON: the vehicles' steps, where the search starts (owned) */
    int64_t loading_ms; /* JSON: reading and checking it took (the answer's loading) */
    char *source;       /* the input's name in messages */
    int ready;          /* the input was read and checked (creation succeeded) */
    double cost_unit;   /* model cost units per answer cost unit (progress) */
    /* options: *_given says rondo_set_* set it (the input's options yield) */
    double time_limit;
    int64_t iterations;
    int threads;
    uint64_t seed;
    int exact;
    int bound;          /* rondo_set_bound */
    double bound_share; /* its share of the time limit (0: the default) */
    int limit_given, iterations_given, threads_given, seed_given;
    rondo_progress_fn progress;
    void *progress_ctx;
    int64_t solve_start_ns;
    volatile int cancel; /* rondo_cancel sets it; rd_params.cancel points here */
    /* the last answer */
    char *answer_json, *answer_text; /* answer_text may equal answer_json */
    rd_api_plan *plan;
    char msg[RD_ERROR_MSG_MAX];
};

const char *rondo_version(void) {
    return RONDO_STR(RONDO_VERSION_MAJOR) "." RONDO_STR(RONDO_VERSION_MINOR) "." RONDO_STR(
        RONDO_VERSION_PATCH);
}

const char *rondo_strerror(rondo_status st) {
    switch (st) {
    case RONDO_OK: return "ok";
    case RONDO_ERR_INTERNAL: return "internal error";
    case RONDO_ERR_INPUT: return "input error";
    case RONDO_ERR_ROUTING: return "routing error";
    case RONDO_ERR_NOMEM: return "out of memory";
    case RONDO_ERR_USAGE: return "API misuse";
    }
    return "unknown status";
}

static rondo_status from_rd(rd_status st) {
    switch (st) {
    case RD_OK: return RONDO_OK;
    case RD_ERR_INPUT: return RONDO_ERR_INPUT;
    case RD_ERR_ROUTING: return RONDO_ERR_ROUTING;
    case RD_ERR_NOMEM: return RONDO_ERR_NOMEM;
    case RD_ERR_INTERNAL:
    case RD_ERR_TIMEOUT: break;
    }
    return RONDO_ERR_INTERNAL;
}

/* Records the message of a failure and returns its status. */
static rondo_status fail(rondo_problem *p, rondo_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static rondo_status fail(rondo_problem *p, rondo_status st, const char *fmt, ...) {
    if (!p) return st;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->msg, sizeof p->msg, fmt, ap);
    va_end(ap);
    return st;
}

const char *rondo_errmsg(const rondo_problem *p) {
    return p ? p->msg : "out of memory";
}

static rondo_problem *problem_new(const char *source) {
    rondo_problem *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->seed = 1;
    p->cost_unit = 1.0;
    p->source = strdup(source);
    if (!p->source) {
        free(p);
        return NULL;
    }
    return p;
}

/* Reads and checks the JSON text[0..len) into the problem's model, extras
 * and initial steps, kept for every solve. */
static rondo_status read_json(rondo_problem *p, const char *text, size_t len) {
    rd_error err;
    rd_error_clear(&err);
    int64_t t0 = rd_clock_ns();
    p->is_json = 1;
    rd_status st =
        rd_json_read_initial(text, len, p->source, &p->model, &p->x, &p->init, NULL, &err);
    if (st != RD_OK) return fail(p, from_rd(st), "%s", err.msg);
    p->loading_ms = (rd_clock_ns() - t0) / 1000000;
    p->cost_unit = RD_JSON_COST_SCALE;
    p->ready = 1;
    return RONDO_OK;
}

rondo_status rondo_problem_from_json(const char *text, size_t len, rondo_problem **out) {
    if (!out) return RONDO_ERR_USAGE;
    *out = problem_new("JSON text");
    if (!*out) return RONDO_ERR_NOMEM;
    rondo_problem *p = *out;
    if (!text) return fail(p, RONDO_ERR_USAGE, "rondo_problem_from_json: text is NULL");
    return read_json(p, text, len ? len : strlen(text));
}

rondo_status rondo_problem_from_file(const char *path, rondo_problem **out) {
    if (!out) return RONDO_ERR_USAGE;
    *out = problem_new(path ? path : "(null)");
    if (!*out) return RONDO_ERR_NOMEM;
    rondo_problem *p = *out;
    if (!path) return fail(p, RONDO_ERR_USAGE, "rondo_problem_from_file: path is NULL");
    rd_error err;
    rd_error_clear(&err);
    if (rd_file_is_json(path)) {
        char *text = NULL;
        size_t len = 0;
        rd_status st = rd_file_read(path, API_JSON_MAX_BYTES, &text, &len, &err);
        rondo_status rs =
            st == RD_OK ? read_json(p, text, len) : fail(p, from_rd(st), "%s", err.msg);
        free(text);
        return rs;
    }
    rd_status st = rd_instance_read(path, RD_ROUND_NONE, &p->model, &err);
    if (st != RD_OK) return fail(p, from_rd(st), "%s", err.msg);
    p->cost_unit = (double)(p->model->scale > 0 ? p->model->scale : 1);
    p->ready = 1;
    return RONDO_OK;
}

static void answer_clear(rondo_problem *p) {
    if (p->answer_text != p->answer_json) free(p->answer_text);
    free(p->answer_json);
    rd_api_plan_free(p->plan);
    p->answer_text = p->answer_json = NULL;
    p->plan = NULL;
}

void rondo_problem_free(rondo_problem *p) {
    if (!p) return;
    answer_clear(p);
    rd_json_plan_free(&p->init);
    rd_json_extras_free(&p->x);
    rd_model_destroy(p->model);
    free(p->source);
    free(p);
}

/* ---- options ---- */

/* The usage checks every setter makes: a problem that read its input. */
static rondo_status usable(rondo_problem *p, const char *fn) {
    if (!p) return RONDO_ERR_USAGE;
    if (!p->ready)
        return fail(p, RONDO_ERR_USAGE, "%s: the problem has no input (its creation failed)", fn);
    return RONDO_OK;
}

rondo_status rondo_set_time_limit(rondo_problem *p, double seconds) {
    API_TRY(usable(p, "rondo_set_time_limit"));
    if (!isfinite(seconds) || seconds < 0)
        return fail(p, RONDO_ERR_USAGE, "rondo_set_time_limit: %g is not a number of seconds >= 0",
                    seconds);
    p->time_limit = seconds;
    p->limit_given = 1;
    return RONDO_OK;
}

rondo_status rondo_set_iterations(rondo_problem *p, int64_t rounds) {
    API_TRY(usable(p, "rondo_set_iterations"));
    if (rounds < 0) return fail(p, RONDO_ERR_USAGE, "rondo_set_iterations: rounds must be >= 0");
    p->iterations = rounds;
    p->iterations_given = 1;
    return RONDO_OK;
}

rondo_status rondo_set_threads(rondo_problem *p, int threads) {
    API_TRY(usable(p, "rondo_set_threads"));
    if (threads < 0 || threads > 1024)
        return fail(p, RONDO_ERR_USAGE, "rondo_set_threads: %d is not 0 to 1024", threads);
    p->threads = threads;
    p->threads_given = 1;
    return RONDO_OK;
}

rondo_status rondo_set_seed(rondo_problem *p, uint64_t seed) {
    API_TRY(usable(p, "rondo_set_seed"));
    p->seed = seed;
    p->seed_given = 1;
    return RONDO_OK;
}

rondo_status rondo_set_exact(rondo_problem *p, int on) {
    API_TRY(usable(p, "rondo_set_exact"));
    p->exact = on != 0;
    return RONDO_OK;
}

rondo_status rondo_set_bound(rondo_problem *p, int on, double share) {
    API_TRY(usable(p, "rondo_set_bound"));
    if (!(share >= 0 && share < 1))
        return fail(p, RONDO_ERR_USAGE, "rondo_set_bound: share %g is not in [0, 1)", share);
    p->bound = on != 0;
    p->bound_share = share;
    return RONDO_OK;
}

rondo_status rondo_set_progress(rondo_problem *p, rondo_progress_fn fn, void *ctx) {
    API_TRY(usable(p, "rondo_set_progress"));
    p->progress = fn;
    p->progress_ctx = ctx;
    return RONDO_OK;
}

/* ---- solving ---- */

static void on_progress(void *ctx, const rd_progress *pr) {
    rondo_problem *p = ctx;
    rondo_progress info = {(double)(rd_clock_ns() - p->solve_start_ns) * 1e-9, pr->fraction,
                           (double)pr->cost / p->cost_unit, pr->missed};
    p->progress(p->progress_ctx, &info);
}

/* The parameters of a solve: the options given, the rest the defaults. */
static void params_of(rondo_problem *p, rd_params *rp) {
    rd_params_init(rp);
    if (p->limit_given) rp->time_limit = p->time_limit;
    if (p->iterations_given) rp->iterations = p->iterations;
    if (p->threads_given) rp->threads = p->threads;
    if (p->seed_given) rp->seed = p->seed;
    rp->start_ns = p->solve_start_ns;
    rp->cancel = &p->cancel;
    if (p->progress) {
        rp->progress = on_progress;
        rp->progress_ctx = p;
    }
}

/* Takes the answer text (owned from here) and its structs. */
static rondo_status keep_answer(rondo_problem *p, char *json, char *text) {
    rd_error err;
    rd_error_clear(&err);
    p->answer_json = json;
    p->answer_text = text;
    p->plan = rd_api_plan_parse(json, strlen(json), p->cancel != 0, &err);
    if (!p->plan) {
        rondo_status st = fail(p, from_rd(err.status), "%s", err.msg);
        answer_clear(p);
        return st;
    }
    return RONDO_OK;
}

/* An answer whose exit code is not 0: {"code": N, "error": msg}, or a plan
 * that the evaluator found infeasible (exit code 1). Its status, its message
 * recorded. */
static rondo_status error_answer(rondo_problem *p, const char *answer, int code) {
    json_t *doc = json_loads(answer, 0, NULL);
    const char *msg = json_string_value(json_object_get(doc, "error"));
    rondo_status st = code == 2   ? RONDO_ERR_INPUT
                      : code == 3 ? RONDO_ERR_ROUTING
                                  : RONDO_ERR_INTERNAL;
    if (json_object_get(doc, "routes"))
        fail(p, st, "the plan found violates a constraint (a bug)");
    else
        fail(p, st, "%s", msg ? msg : "solving failed (out of memory)");
    json_decref(doc);
    return st;
}

static rondo_status solve_json(rondo_problem *p, rd_params *rp) {
    char *buf = NULL;
    size_t blen = 0;
    FILE *mem = open_memstream(&buf, &blen);
    if (!mem) return fail(p, RONDO_ERR_NOMEM, "out of memory");
    rd_cli_json_opts co = {.explore = -1,
                           .exact = p->exact,
                           .bound = p->bound,
                           .bound_share = p->bound_share,
                           .limit_given = p->limit_given,
                           .iterations_given = p->iterations_given,
                           .threads_given = p->threads_given,
                           .seed_given = p->seed_given,
                           .silent = 1};
    int code = rd_cli_json_solve_read(mem, p->model, &p->x, &p->init, p->loading_ms, &co, rp);
    if (fclose(mem) != 0 || !buf) {
        free(buf);
        return fail(p, RONDO_ERR_NOMEM, "out of memory writing the answer");
    }
    while (blen > 0 && buf[blen - 1] == '\n') buf[--blen] = '\0'; /* one line: no newline */
    if (code != 0) {
        rondo_status st = error_answer(p, buf, code);
        free(buf);
        return st;
    }
    return keep_answer(p, buf, buf);
}

static rondo_status solve_bench(rondo_problem *p, rd_params *rp) {
    rd_error err;
    rd_error_clear(&err);
    rd_run_result run;
    rd_run_opts ro = {.exact = p->exact, .bound = p->bound, .bound_share = p->bound_share};
    rd_status st = rd_run(p->model, rp, &ro, &run, &err);
    if (st != RD_OK) return fail(p, from_rd(st), "%s", err.msg);
    if (!run.rep.feasible) {
        rd_run_result_free(&run);
        return fail(p, RONDO_ERR_INTERNAL, "the plan found violates a constraint (a bug)");
    }
    char *com = rd_run_comments(p->model, rp, &run, API_MAX_VIOL_COMMENTS);
    char *json = rd_api_bench_answer(p->model, &run, &err);
    char *sol = NULL;
    size_t slen = 0;
    FILE *mem = com && json ? open_memstream(&sol, &slen) : NULL;
    run.plan->cost = run.objective; /* the .sol's Cost line (prize-collecting: the objective) */
    int bad = !mem || rd_sol_write(mem, p->model, run.plan, com, &err) != RD_OK;
    if (mem) bad |= fclose(mem) != 0;
    free(com);
    rd_run_result_free(&run);
    if (bad || !json || !sol) {
        free(json);
        free(sol);
        return fail(p, RONDO_ERR_NOMEM, "out of memory writing the answer");
    }
    return keep_answer(p, json, sol);
}

rondo_status rondo_solve(rondo_problem *p) {
    API_TRY(usable(p, "rondo_solve"));
    answer_clear(p);
    p->msg[0] = '\0';
    p->solve_start_ns = rd_clock_ns();
    rd_params rp;
    params_of(p, &rp);
    rondo_status st = p->is_json ? solve_json(p, &rp) : solve_bench(p, &rp);
    p->cancel = 0; /* (read by keep_answer: the plan's `interrupted`) */
    return st;
}

void rondo_cancel(rondo_problem *p) {
    if (p) p->cancel = 1;
}

const char *rondo_answer_json(const rondo_problem *p) {
    return p ? p->answer_json : NULL;
}

const char *rondo_answer_text(const rondo_problem *p) {
    return p ? p->answer_text : NULL;
}

const rondo_plan *rondo_plan_get(const rondo_problem *p) {
    return p ? rd_api_plan_structs(p->plan) : NULL;
}

int rondo_main(int argc, char **argv) {
    return rd_cli_main(argc, argv);
}
