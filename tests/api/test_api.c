/* test_api: librondo's public API (api/rondo.h) through the shared library,
 * as a user program sees it: only rondo.h is included. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "rondo.h"

#define SRC(path) RONDO_SOURCE_DIR "/" path

/* the longest a cancel may take to end rondo_solve (the 100 ms;
 * sanitizers slow a search round several times over) */
#ifdef RONDO_SANITIZED
#define CANCEL_MS 1000.0
#else
#define CANCEL_MS 100.0
#endif

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

static rondo_problem *load(const char *path) {
    rondo_problem *p = NULL;
    rondo_status st = rondo_problem_from_file(path, &p);
    if (st != RONDO_OK) fail_msg("%s: %s", path, rondo_errmsg(p));
    return p;
}

/* Two plans are the same: cost, routes, every step's id and arrival. */
static void assert_same_plan(const rondo_plan *a, const rondo_plan *b) {
    assert_true(a->cost == b->cost);
    assert_int_equal(a->n_routes, b->n_routes);
    assert_int_equal(a->n_unassigned, b->n_unassigned);
    for (int r = 0; r < a->n_routes; r++) {
        assert_int_equal(a->routes[r].vehicle, b->routes[r].vehicle);
        assert_int_equal(a->routes[r].n_steps, b->routes[r].n_steps);
        for (int s = 0; s < a->routes[r].n_steps; s++) {
            assert_int_equal(a->routes[r].steps[s].type, b->routes[r].steps[s].type);
            assert_int_equal(a->routes[r].steps[s].id, b->routes[r].steps[s].id);
            assert_true(a->routes[r].steps[s].arrival == b->routes[r].steps[s].arrival);
        }
    }
}

static void test_version_and_strerror(void **state) {
    (void)state;
    char v[32];
    snprintf(v, sizeof v, "%d.%d.%d", RONDO_VERSION_MAJOR, RONDO_VERSION_MINOR,
             RONDO_VERSION_PATCH);
    assert_string_equal(rondo_version(), v);
    assert_string_equal(rondo_strerror(RONDO_ERR_INPUT), "input error");
    assert_string_equal(rondo_strerror((rondo_status)99), "unknown status");
}

/* A JSON city: the answer is VROOM's, the structs say the same thing. */
static void test_json_city(void **state) {
    (void)state;
    rondo_problem *p = load(SRC("instances/city-example.json"));
    assert_int_equal(rondo_answer_json(p), NULL); /* nothing before a solve */
    assert_int_equal(rondo_plan_get(p), NULL);
    assert_int_equal(rondo_set_iterations(p, 30), RONDO_OK);
    assert_int_equal(rondo_set_threads(p, 2), RONDO_OK);
    assert_int_equal(rondo_solve(p), RONDO_OK);
    const char *json = rondo_answer_json(p);
    assert_non_null(json);
    assert_ptr_equal(json, rondo_answer_text(p));
    assert_non_null(strstr(json, "\"code\":0"));
    const rondo_plan *pl = rondo_plan_get(p);
    assert_non_null(pl);
    assert_true(pl->n_routes > 0);
    assert_false(pl->interrupted);
    assert_false(pl->has_lower_bound);
    double sum = 0;
    int jobs = 0, reloads = 0;
    for (int r = 0; r < pl->n_routes; r++) {
        const rondo_route *rt = &pl->routes[r];
        sum += rt->cost;
        assert_int_equal(rt->steps[0].type, RONDO_STEP_START);
        assert_int_equal(rt->steps[rt->n_steps - 1].type, RONDO_STEP_END);
        for (int s = 0; s < rt->n_steps; s++) {
            jobs += rt->steps[s].type == RONDO_STEP_JOB;
            reloads += rt->steps[s].type == RONDO_STEP_RELOAD;
            assert_int_equal(rt->steps[s].n_load, 2); /* the city's two dimensions */
            if (s) assert_true(rt->steps[s].arrival >= rt->steps[s - 1].arrival);
        }
    }
    assert_true(sum == pl->cost);
    assert_int_equal(jobs + pl->n_unassigned, 340);
    assert_true(reloads > 0);
    /* the input is read once: a second solve of the same problem gives the
     * same plan, another seed another search */
    rondo_problem *again = load(SRC("instances/city-example.json"));
    assert_int_equal(rondo_set_iterations(again, 30), RONDO_OK);
    assert_int_equal(rondo_set_threads(again, 1), RONDO_OK);
    assert_int_equal(rondo_solve(again), RONDO_OK);
    assert_same_plan(pl, rondo_plan_get(again));
    assert_int_equal(rondo_solve(p), RONDO_OK);
    assert_same_plan(rondo_plan_get(p), rondo_plan_get(again));
    rondo_problem_free(again);
    rondo_problem_free(p);
}

/* A .vrp: the native answer is the .sol text; the JSON has the same routes. */
static void test_vrp_file(void **state) {
    (void)state;
    rondo_problem *p = load(SRC("instances/X-n101-k25.vrp"));
    assert_int_equal(rondo_set_iterations(p, 50), RONDO_OK);
    assert_int_equal(rondo_set_seed(p, 3), RONDO_OK);
    assert_int_equal(rondo_solve(p), RONDO_OK);
    const char *sol = rondo_answer_text(p);
    assert_non_null(strstr(sol, "Route #1: "));
    const rondo_plan *pl = rondo_plan_get(p);
    char cost[64];
    snprintf(cost, sizeof cost, "\nCost %.0f\n", pl->cost);
    assert_non_null(strstr(sol, cost));
    int visits = 0;
    for (int r = 0; r < pl->n_routes; r++)
        for (int s = 0; s < pl->routes[r].n_steps; s++)
            visits += pl->routes[r].steps[s].type == RONDO_STEP_JOB;
    assert_int_equal(visits, 100);
    assert_int_equal(pl->n_unassigned, 0);
    /* solving again with the same seed gives the same plan */
    rondo_plan first = *pl;
    char *copy = strdup(rondo_answer_json(p));
    assert_int_equal(rondo_solve(p), RONDO_OK);
    assert_true(rondo_plan_get(p)->cost == first.cost);
    assert_string_equal(copy, rondo_answer_json(p));
    free(copy);
    rondo_problem_free(p);
}

/* Bad inputs: the status and a message naming the field or line. */
static void test_bad_inputs(void **state) {
    (void)state;
    rondo_problem *p = NULL;
    const char *neg = "{\"vehicles\":[{\"id\":1,\"start_index\":0,\"capacity\":[-4]}],"
                      "\"jobs\":[{\"id\":1,\"location_index\":1}],"
                      "\"matrices\":{\"car\":{\"durations\":[[0,1],[1,0]]}}}";
    assert_int_equal(rondo_problem_from_json(neg, 0, &p), RONDO_ERR_INPUT);
    assert_non_null(strstr(rondo_errmsg(p), "vehicles[0].capacity"));
    assert_int_equal(rondo_solve(p), RONDO_ERR_USAGE); /* a failed problem cannot solve */
    rondo_problem_free(p);
    p = NULL;
    assert_int_equal(rondo_problem_from_json("{\"jobs\": [", 0, &p), RONDO_ERR_INPUT);
    assert_true(strlen(rondo_errmsg(p)) > 0);
    rondo_problem_free(p);
    p = NULL;
    assert_int_equal(rondo_problem_from_file(SRC("tests/fixtures/truncated.vrp"), &p),
                     RONDO_ERR_INPUT);
    assert_non_null(strstr(rondo_errmsg(p), "truncated.vrp"));
    rondo_problem_free(p);
    p = NULL;
    assert_int_equal(rondo_problem_from_file("/nonexistent/x.vrp", &p), RONDO_ERR_INPUT);
    assert_non_null(strstr(rondo_errmsg(p), "/nonexistent/x.vrp"));
    rondo_problem_free(p);
    /* misuse */
    assert_int_equal(rondo_problem_from_json("{}", 0, NULL), RONDO_ERR_USAGE);
    assert_int_equal(rondo_solve(NULL), RONDO_ERR_USAGE);
    assert_string_equal(rondo_errmsg(NULL), "out of memory");
    rondo_cancel(NULL);
    rondo_problem_free(NULL);
    p = load(SRC("instances/C101-25.txt"));
    assert_int_equal(rondo_set_time_limit(p, -1), RONDO_ERR_USAGE);
    assert_non_null(strstr(rondo_errmsg(p), "rondo_set_time_limit"));
    assert_int_equal(rondo_set_threads(p, -2), RONDO_ERR_USAGE);
    assert_int_equal(rondo_set_iterations(p, -1), RONDO_ERR_USAGE);
    rondo_problem_free(p);
}

/* The exact mode through the API: a proven optimum on a tiny instance. */
static void test_exact(void **state) {
    (void)state;
    rondo_problem *p = load(SRC("instances/X-n101-k25-first20.vrp"));
    assert_int_equal(rondo_set_exact(p, 1), RONDO_OK);
    assert_int_equal(rondo_set_time_limit(p, 60), RONDO_OK);
    assert_int_equal(rondo_solve(p), RONDO_OK);
    const rondo_plan *pl = rondo_plan_get(p);
    assert_true(pl->has_lower_bound);
    assert_true(pl->lower_bound <= pl->cost);
    assert_true(pl->optimal);
    rondo_problem_free(p);
}

/* Column generation's bound through the API: below the proven optimum of
 * C101-25 (191.3), and close. */
static void test_bound(void **state) {
    (void)state;
    rondo_problem *p = load(SRC("instances/C101-25.txt"));
    assert_int_equal(rondo_set_bound(p, 1, 1.5), RONDO_ERR_USAGE);
    assert_int_equal(rondo_set_bound(p, 1, 0), RONDO_OK);
    assert_int_equal(rondo_set_iterations(p, 50), RONDO_OK);
    assert_int_equal(rondo_solve(p), RONDO_OK);
    const rondo_plan *pl = rondo_plan_get(p);
    assert_true(pl->has_lower_bound);
    assert_true(pl->lower_bound <= 191.3 + 1e-9 && pl->lower_bound >= 185.0);
    assert_non_null(strstr(rondo_answer_text(p), "# bound: lower bound"));
    rondo_problem_free(p);
    p = load(SRC("instances/city-example.json")); /* breaks and reloads: refused */
    assert_int_equal(rondo_set_bound(p, 1, 0), RONDO_OK);
    assert_int_equal(rondo_solve(p), RONDO_ERR_INPUT);
    assert_non_null(strstr(rondo_errmsg(p), "--bound: not supported yet"));
    rondo_problem_free(p);
}

typedef struct progress_log {
    int calls;
    double last_fraction;
    int monotone;
} progress_log;

static void on_progress(void *ctx, const rondo_progress *info) {
    progress_log *l = ctx;
    if (info->fraction < l->last_fraction || info->cost <= 0) l->monotone = 0;
    l->last_fraction = info->fraction;
    l->calls++;
}

static void test_progress(void **state) {
    (void)state;
    rondo_problem *p = load(SRC("instances/X-n101-k25.vrp"));
    progress_log log = {0, 0.0, 1};
    assert_int_equal(rondo_set_progress(p, on_progress, &log), RONDO_OK);
    assert_int_equal(rondo_set_iterations(p, 40), RONDO_OK);
    assert_int_equal(rondo_solve(p), RONDO_OK);
    assert_int_equal(log.calls, 20); /* one per epoch */
    assert_true(log.monotone);
    assert_true(log.last_fraction > 0.99);
    rondo_problem_free(p);
}

/* ---- threads ---- */

typedef struct job {
    rondo_problem *p;
    rondo_status st;
} job;

static void *solve_thread(void *arg) {
    job *j = arg;
    j->st = rondo_solve(j->p);
    return NULL;
}

static rondo_problem *budgeted(const char *path, int64_t iterations) {
    rondo_problem *p = load(path);
    assert_int_equal(rondo_set_iterations(p, iterations), RONDO_OK);
    assert_int_equal(rondo_set_threads(p, 2), RONDO_OK);
    return p;
}

/* Two problems solved at once on two threads give the plans each gives
 * alone. */
static void test_two_threads(void **state) {
    (void)state;
    const char *paths[2] = {SRC("instances/X-n101-k25.vrp"), SRC("instances/C101.txt")};
    rondo_problem *alone[2], *together[2];
    for (int i = 0; i < 2; i++) {
        alone[i] = budgeted(paths[i], 60);
        assert_int_equal(rondo_solve(alone[i]), RONDO_OK);
        together[i] = budgeted(paths[i], 60);
    }
    pthread_t th[2];
    job jobs[2] = {{together[0], RONDO_ERR_INTERNAL}, {together[1], RONDO_ERR_INTERNAL}};
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&th[i], NULL, solve_thread, &jobs[i]), 0);
    for (int i = 0; i < 2; i++) pthread_join(th[i], NULL);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(jobs[i].st, RONDO_OK);
        assert_same_plan(rondo_plan_get(alone[i]), rondo_plan_get(together[i]));
        rondo_problem_free(alone[i]);
        rondo_problem_free(together[i]);
    }
}

typedef struct canceller {
    rondo_problem *p;
    double at_ms; /* when rondo_cancel was called */
} canceller;

static void *cancel_thread(void *arg) {
    canceller *c = arg;
    struct timespec d = {0, 400 * 1000000L};
    nanosleep(&d, NULL);
    c->at_ms = now_ms();
    rondo_cancel(c->p);
    return NULL;
}

/* rondo_cancel from another thread ends a 60 s solve at once with the best
 * plan so far. */
static void test_cancel(void **state) {
    (void)state;
    rondo_problem *p = load(SRC("instances/X-n101-k25.vrp"));
    assert_int_equal(rondo_set_time_limit(p, 60), RONDO_OK);
    assert_int_equal(rondo_set_threads(p, 2), RONDO_OK);
    canceller c = {p, 0};
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, cancel_thread, &c), 0);
    assert_int_equal(rondo_solve(p), RONDO_OK);
    double back = now_ms();
    pthread_join(th, NULL);
    printf("cancel: rondo_solve returned %.1f ms after rondo_cancel\n", back - c.at_ms);
    assert_true(back - c.at_ms < CANCEL_MS);
    const rondo_plan *pl = rondo_plan_get(p);
    assert_true(pl->interrupted);
    assert_int_equal(pl->n_unassigned, 0);
    assert_non_null(strstr(rondo_answer_text(p), "Cost "));
    /* the flag is cleared at the end: the next solve runs its budget */
    assert_int_equal(rondo_set_time_limit(p, 0), RONDO_OK);
    assert_int_equal(rondo_set_iterations(p, 5), RONDO_OK);
    assert_int_equal(rondo_solve(p), RONDO_OK);
    assert_false(rondo_plan_get(p)->interrupted);
    rondo_problem_free(p);
}

/* valgrind's loop (tests/valgrind_api.sh): `test_api --cycles N` creates,
 * solves and frees N problems of each kind, good and bad. */
static int cycles(int n) {
    const char *paths[3] = {SRC("instances/city-example.json"), SRC("instances/C101-25.txt"),
                            SRC("tests/fixtures/truncated.vrp")};
    for (int i = 0; i < n; i++)
        for (int k = 0; k < 3; k++) {
            rondo_problem *p = NULL;
            rondo_status st = rondo_problem_from_file(paths[k], &p);
            if (st == RONDO_OK) st = rondo_set_iterations(p, 5);
            if (st == RONDO_OK) st = rondo_solve(p);
            if ((st == RONDO_OK) != (k < 2)) {
                fprintf(stderr, "cycle %d, %s: %s\n", i, paths[k], rondo_errmsg(p));
                rondo_problem_free(p);
                return 1;
            }
            rondo_problem_free(p);
        }
    printf("cycles: %d x 3 problems created, solved, freed\n", n);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 3 && !strcmp(argv[1], "--cycles")) return cycles(atoi(argv[2]));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version_and_strerror),
        cmocka_unit_test(test_json_city),
        cmocka_unit_test(test_vrp_file),
        cmocka_unit_test(test_bad_inputs),
        cmocka_unit_test(test_exact),
        cmocka_unit_test(test_bound),
        cmocka_unit_test(test_progress),
        cmocka_unit_test(test_two_threads),
        cmocka_unit_test(test_cancel),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
