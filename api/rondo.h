/* rondo.h: the public C API of librondo, rondo's route optimisation engine.
 *
 * One header, C99 and C++ compatible, no other rondo header needed. Build
 * against the installed library with
 *     cc prog.c $(pkg-config --cflags --libs rondo)
 * or, from CMake, find_package(rondo) and target_link_libraries(t rondo::rondo).
 *
 * A problem's life:
 *
 *     rondo_problem *p = NULL;
 *     if (rondo_problem_from_file("city.json", &p) != RONDO_OK) {
 *         fprintf(stderr, "%s\n", rondo_errmsg(p));   // p may be NULL: then
 *         rondo_problem_free(p);                      // "out of memory"
 *         return 2;
 *     }
 *     rondo_set_time_limit(p, 10);
 *     if (rondo_solve(p) == RONDO_OK) puts(rondo_answer_json(p));
 *     rondo_problem_free(p);
 *
 * Inputs: VROOM's JSON schema (with rondo's extensions: README "JSON (VROOM)
 * interface"), or a benchmark file (CVRPLIB/VRPLIB .vrp, Solomon/Homberger
 * .txt), recognised from the content as `rondo solve` does. Travel for JSON
 * without matrices is computed offline from the coordinates (no routing
 * server is called through this API).
 *
 * Answers: rondo_answer_json gives VROOM's JSON answer for JSON input, the
 * same text `rondo solve` writes; for a benchmark file, a JSON answer of the
 * same shape (code, summary, unassigned with reasons, routes with steps) in
 * the instance's units. rondo_answer_text gives the native answer: the JSON
 * for JSON input, the CVRPLIB .sol text (as `rondo solve FILE` writes it)
 * for a benchmark file. rondo_plan gives the same answer as plain structs.
 *
 * Determinism: with an iteration budget (rondo_set_iterations) and no time
 * limit, the plan depends only on the problem, the seed and the iterations,
 * not on the thread count, the machine or other problems solved at the same
 * time; it equals the plan of `rondo solve --iterations N --seed S`.
 *
 * Threads and state: the library keeps no global mutable state. Distinct
 * problems may be used from distinct threads at the same time; one problem
 * must not be used from two threads at once, except rondo_cancel, which may
 * be called from any thread or from a signal handler while rondo_solve runs.
 * rondo_solve itself runs the search on rondo_set_threads OpenMP threads.
 *
 * Ownership: a rondo_problem is owned by the caller from its creation until
 * rondo_problem_free. Every pointer the library returns (messages, answers,
 * the plan and everything in it) is owned by the problem and stays valid
 * until the next rondo_solve on it or rondo_problem_free, whichever comes
 * first; rondo_strerror and rondo_version return static strings.
 *
 * Errors: every fallible function returns a rondo_status; RONDO_OK is 0. The
 * problem keeps a message for the last failure (rondo_errmsg) that names the
 * field or line at fault, e.g. "vehicles[0].capacity[0]: must be >= 0" or
 * "x.vrp:7: DIMENSION must be a positive integer". */
#ifndef RONDO_H
#define RONDO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define RONDO_API __attribute__((visibility("default")))
#else
#define RONDO_API
#endif

#define RONDO_VERSION_MAJOR 0
#define RONDO_VERSION_MINOR 1
#define RONDO_VERSION_PATCH 0

/* The library's version, "MAJOR.MINOR.PATCH" (static string). */
RONDO_API const char *rondo_version(void);

/* Results of the API's functions. The first four equal `rondo`'s exit codes
 * for the same failure (VROOM's convention). */
typedef enum rondo_status {
    RONDO_OK = 0,
    RONDO_ERR_INTERNAL = 1, /* a bug, or the solver found its own plan infeasible */
    RONDO_ERR_INPUT = 2,    /* the problem is malformed or inconsistent (the message names where) */
    RONDO_ERR_ROUTING = 3,  /* travel times could not be obtained */
    RONDO_ERR_NOMEM = 4,    /* memory ran out, or an input size limit was hit */
    RONDO_ERR_USAGE = 5     /* the API was misused: a NULL argument, an option out of range,
                               an answer asked for before a successful solve */
} rondo_status;

/* A short constant description of `st` ("input error", ...). */
RONDO_API const char *rondo_strerror(rondo_status st);

/* An opaque problem: the input, the options, and the last answer. */
typedef struct rondo_problem rondo_problem;

/* Creates a problem from VROOM-schema JSON text[0..len) (len may be 0 when
 * text is NUL-terminated: strlen is taken). The text is read and checked
 * here: a bad input fails with RONDO_ERR_INPUT and rondo_errmsg(*out) names
 * the field. On every return except RONDO_ERR_NOMEM with *out == NULL, *out
 * is a problem the caller must free, failed or not (a failed one can only
 * give its message). The input's own "options" (time_limit, iterations,
 * threads, seed) apply unless set through rondo_set_*. */
RONDO_API rondo_status rondo_problem_from_json(const char *text, size_t len, rondo_problem **out);

/* Creates a problem from a file: VROOM JSON (first non-blank byte '{'),
 * CVRPLIB/VRPLIB .vrp or Solomon/Homberger .txt, recognised from the
 * content. Benchmark files use their format's distance convention (nint for
 * .vrp without time windows, one truncated decimal otherwise), as `rondo
 * solve` does. Errors and ownership as rondo_problem_from_json. */
RONDO_API rondo_status rondo_problem_from_file(const char *path, rondo_problem **out);

/* Frees the problem and everything it owns (NULL: nothing). Not while
 * rondo_solve runs on it. */
RONDO_API void rondo_problem_free(rondo_problem *p);

/* The message of the problem's last failure ("" after success; "out of
 * memory" for a NULL problem). Owned by the problem. */
RONDO_API const char *rondo_errmsg(const rondo_problem *p);

/* ---- options (each overrides the input's own `options`) ---- */

/* Wall-clock seconds for rondo_solve, from its call (reading was done at
 * creation). 0: none. RONDO_ERR_USAGE when negative or not finite. */
RONDO_API rondo_status rondo_set_time_limit(rondo_problem *p, double seconds);

/* Improvement rounds per search slot: a deterministic budget. 0: none. With
 * neither a time limit nor iterations the default budget is 2000 rounds. */
RONDO_API rondo_status rondo_set_iterations(rondo_problem *p, int64_t rounds);

/* Search threads; 0 (default): one per core. */
RONDO_API rondo_status rondo_set_threads(rondo_problem *p, int threads);

/* Random seed (default 1). */
RONDO_API rondo_status rondo_set_seed(rondo_problem *p, uint64_t seed);

/* Nonzero: after the search, try to prove the plan optimal and give a lower
 * bound (`rondo solve --exact`: every feasible route is enumerated; practical
 * up to about 15-25 stops; the time limit, default 60 s, covers both). The
 * plan's has_lower_bound, lower_bound and optimal then say what was proven. */
RONDO_API rondo_status rondo_set_exact(rondo_problem *p, int on);

/* Nonzero: after the search, a lower bound on the cost of any plan that
 * serves every task, by column generation (`rondo solve --bound`: the LP
 * relaxation of set covering over ng-routes, GLPK's simplex; a Lagrangian
 * bound, valid when stopped early). `share` (0 < share < 1; 0: 0.5) is the
 * part of the time limit the bound gets; without a time limit it gets 60 s.
 * The plan's has_lower_bound and lower_bound say what was proven (none when
 * the plan leaves tasks out). Models with shipments, breaks, reloads or
 * prizes are refused by rondo_solve (RONDO_ERR_INPUT naming the feature). */
RONDO_API rondo_status rondo_set_bound(rondo_problem *p, int on, double share);

/* What the progress callback is told, after each of the search's epochs
 * (20 per solve). */
typedef struct rondo_progress {
    double seconds;   /* since rondo_solve was called */
    double fraction;  /* of the budget spent (time or rounds), 0 to 1 */
    double cost;      /* the best plan's cost so far, in the answer's unit (approximately:
                         the answer rounds each route as the input's convention says) */
    int64_t unserved; /* the tasks that plan leaves out */
} rondo_progress;

/* Called from the thread running rondo_solve; must return quickly and must
 * not call rondo_* on the same problem except rondo_cancel. */
typedef void (*rondo_progress_fn)(void *ctx, const rondo_progress *info);

/* Installs (fn non-NULL) or removes (NULL) the progress callback. */
RONDO_API rondo_status rondo_set_progress(rondo_problem *p, rondo_progress_fn fn, void *ctx);

/* ---- solving ---- */

/* Solves the problem with its options. RONDO_OK: an answer exists
 * (rondo_answer_json, rondo_answer_text, rondo_plan); it may leave tasks
 * unserved, each with its reason. Each call solves again from scratch and
 * replaces the previous answer. Errors: RONDO_ERR_INPUT for what only the
 * solve finds (e.g. an initial plan in the vehicles' steps that cannot be
 * followed), RONDO_ERR_INTERNAL, RONDO_ERR_NOMEM; rondo_errmsg says what. */
RONDO_API rondo_status rondo_solve(rondo_problem *p);

/* Asks a running rondo_solve to stop: it returns RONDO_OK with the best plan
 * found so far (its plan's `interrupted` is set) within a search round,
 * milliseconds on a few hundred stops. Async-signal-safe (it sets one
 * flag), callable from any thread. A cancel that arrives before rondo_solve
 * starts makes it return as soon as it has a plan (the flag is cleared when
 * a solve ends). NULL: nothing. */
RONDO_API void rondo_cancel(rondo_problem *p);

/* The last answer as JSON text (see the top of this header), NUL-terminated,
 * or NULL before a successful rondo_solve. */
RONDO_API const char *rondo_answer_json(const rondo_problem *p);

/* The last answer in the input's own format: the JSON for JSON input, the
 * .sol text for a benchmark file; NULL before a successful rondo_solve. */
RONDO_API const char *rondo_answer_text(const rondo_problem *p);

/* ---- the answer as plain structs ---- */

typedef enum rondo_step_type {
    RONDO_STEP_START = 0,
    RONDO_STEP_JOB = 1,
    RONDO_STEP_PICKUP = 2,   /* a shipment's pickup */
    RONDO_STEP_DELIVERY = 3, /* a shipment's delivery */
    RONDO_STEP_BREAK = 4,
    RONDO_STEP_RELOAD = 5, /* unloading at a facility (rondo's multi-trip extension) */
    RONDO_STEP_END = 6
} rondo_step_type;

/* Times are in seconds for JSON input and in the instance's time unit for
 * benchmark files; loads in the input's capacity units. */
typedef struct rondo_step {
    rondo_step_type type;
    int64_t id;             /* the job's, shipment step's, break's or facility's id; for
                               benchmark files the customer number as in the .sol; 0 for
                               start and end */
    int64_t location_index; /* the location's index, -1 when it has none (a break) */
    double arrival;         /* arrival time */
    double waiting_time;    /* waiting before service begins */
    double service;         /* service time */
    double distance;        /* distance travelled from the route's start */
    int n_load;             /* dimensions of `load` */
    const int64_t *load;    /* the load on board after the step */
} rondo_step;

typedef struct rondo_route {
    int64_t vehicle; /* the vehicle's id (benchmark files: the route's number from 1) */
    double cost;     /* the route's cost in the answer's unit */
    double duration; /* its travel time */
    double distance; /* its distance (0 when the input has none) */
    int n_steps;
    const rondo_step *steps;
} rondo_route;

typedef struct rondo_unassigned {
    int64_t id;           /* the job's (or shipment step's) id; benchmark: customer number */
    rondo_step_type type; /* RONDO_STEP_JOB, _PICKUP or _DELIVERY */
    const char *reason;   /* why it is not served, one sentence */
} rondo_unassigned;

typedef struct rondo_plan {
    double cost;         /* the answer's cost: VROOM's cost unit for JSON input, the
                            instance's units (as the .sol's Cost line) for benchmarks */
    int has_lower_bound; /* rondo_set_exact or rondo_set_bound proved a lower bound */
    double lower_bound;  /* ... on the cost, in the same unit */
    int optimal;         /* the plan is proven optimal */
    int interrupted;     /* rondo_cancel ended the search early */
    int n_routes;
    const rondo_route *routes;
    int n_unassigned;
    const rondo_unassigned *unassigned;
} rondo_plan;

/* The last answer as structs, or NULL before a successful rondo_solve. */
RONDO_API const rondo_plan *rondo_plan_get(const rondo_problem *p);

/* ---- the program ---- */

/* Runs rondo's command line (`rondo solve ...`, `rondo serve`, ...) as the
 * `rondo` program does, and returns its exit code. It installs SIGINT and
 * SIGTERM handlers and writes on stdout and stderr: for programs that embed
 * the command line, not for library use. */
RONDO_API int rondo_main(int argc, char **argv);

#ifdef __cplusplus
}
#endif

#endif
