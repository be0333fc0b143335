/* Tests of the JSON (VROOM) reader and writer: every input error with its
 * exact message, the model mapping (units, profiles per costs/speed), and the
 * writer's answer parsed back with jansson (steps, arrivals, loads, sums). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/json_in.h"
#include "io/json_out.h"
#include "model/eval.h"

#define VEH "\"vehicles\":[{\"id\":1,\"start_index\":0,\"end_index\":0,\"capacity\":[10,5]}]"
#define JOBS                                                                                       \
    "\"jobs\":[{\"id\":1,\"location_index\":1,\"delivery\":[2,1]},{\"id\":2,\"location_index\":2," \
    "\"pickup\":[1,1]}]"
#define MAT   "\"matrix\":[[0,5,7],[5,0,3],[7,3,0]]"
#define VALID "{" VEH "," JOBS "," MAT "}"

static rd_status parse(const char *text, rd_model **m, rd_json_extras *x, rd_error *err) {
    rd_error_clear(err);
    return rd_json_read(text, strlen(text), "t.json", m, x, err);
}

static void expect_error(const char *text, const char *want) {
    rd_model *m = NULL;
    rd_json_extras x;
    rd_error err;
    rd_status st = parse(text, &m, &x, &err);
    if (st != RD_ERR_INPUT || strcmp(err.msg, want))
        print_error("input %s\n  got (%d) '%s'\n want '%s'\n", text, st, err.msg, want);
    assert_int_equal(st, RD_ERR_INPUT);
    assert_string_equal(err.msg, want);
    assert_null(m);
    assert_null(x.task_desc);
}

/* rd_json_read_limited with `lim`: an input error with exactly `want`. */
static void expect_limited(const char *text, const rd_limits *lim, const char *want) {
    rd_model *m = NULL;
    rd_json_extras x;
    rd_error err;
    rd_error_clear(&err);
    rd_status st =
        rd_json_read_limited(text, strlen(text), "t.json", lim, &m, &x, NULL, NULL, &err);
    if (st != RD_ERR_INPUT || strcmp(err.msg, want))
        print_error("got (%d) '%s'\n want '%s'\n", st, err.msg, want);
    assert_int_equal(st, RD_ERR_INPUT);
    assert_string_equal(err.msg, want);
    assert_null(m);
}

/* Values whose model arithmetic could overflow int64 (found by fuzz_json). */
static void test_value_bounds(void **state) {
    (void)state;
    expect_error("{" VEH "," JOBS ",\"matrix\":[[0,4294967296,7],[5,0,3],[7,3,0]]}",
                 "matrix[0][1]: 4294967296 is beyond 2^32 - 1");
    expect_error("{" VEH ",\"jobs\":[{\"id\":1,\"location_index\":1,\"service\":4294967296}]," MAT
                 "}",
                 "jobs[0].service: 4294967296 is beyond 2^32 - 1");
    expect_error(
        "{\"vehicles\":[{\"id\":1,\"start_index\":0,\"costs\":{\"per_km\":4294967296}}]," JOBS
        "," MAT "}",
        "vehicles[0].costs.per_km: 4294967296 is beyond 2^32 - 1");
    expect_error("{\"vehicles\":[{\"id\":1,\"start_index\":0,\"speed_factor\":1e-9}]," JOBS "," MAT
                 "}",
                 "vehicles[0].speed_factor: 1e-09 is below 1e-06");
    expect_error("{\"vehicles\":[{\"id\":1,\"start_index\":0,\"capacity\":[10,5],\"speed_factor\":"
                 "0.001,\"costs\":{"
                 "\"per_hour\":4294967295}}]," JOBS
                 ",\"matrix\":[[0,4294967295,7],[5,0,3],[7,3,0]]}",
                 "matrices: profile \"car\" with per_hour 4294967295, per_km 0 and speed_factor "
                 "0.001: a leg of the matrices would cost 1.84e+24 model units, over 9.2e+17 (3 "
                 "locations)");
}

/* Size limits (io/limits.h), checked before the matrices are allocated. */
static void test_limits(void **state) {
    (void)state;
    rd_limits lim;
    rd_limits_init(&lim);
    lim.max_locations = 2;
    expect_limited(VALID, &lim, "matrix: 3 rows, over the limit of 2 locations (--max-locations)");
    rd_limits_init(&lim);
    lim.max_vehicles = 1;
    expect_limited("{\"vehicles\":[{\"id\":1,\"start_index\":0},{\"id\":2,\"start_index\":0}]," JOBS
                   "," MAT "}",
                   &lim, "vehicles: 2 vehicles, over the limit of 1 (--max-vehicles)");
    rd_limits_init(&lim);
    lim.max_matrix_bytes = 215; /* 3 matrices × 3² cells × 8 bytes = 216 */
    expect_limited(VALID, &lim,
                   "matrices: 3 locations and 1 vehicle profiles need 216 bytes of travel "
                   "matrices, over the limit of 215 (--max-matrix-bytes)");
    lim.max_matrix_bytes = 216;
    rd_model *m = NULL;
    rd_json_extras x;
    rd_error err;
    assert_int_equal(
        rd_json_read_limited(VALID, strlen(VALID), "t.json", &lim, &m, &x, NULL, NULL, &err),
        RD_OK);
    rd_model_destroy(m);
    rd_json_extras_free(&x);
    /* 100,001 rows of one value each: 80 GB of matrix, over the default 4 GiB */
    size_t n = 100001, len = 0;
    char *text = malloc(n * 4 + 256);
    assert_non_null(text);
    len += (size_t)sprintf(text, "{" VEH "," JOBS ",\"matrix\":[");
    for (size_t i = 0; i < n; i++) len += (size_t)sprintf(text + len, "%s[0]", i ? "," : "");
    sprintf(text + len, "]}");
    expect_limited(text, NULL,
                   "matrix: 100001 rows need a travel matrix of 80001600008 bytes, over the "
                   "limit of 4294967296 (--max-matrix-bytes)");
    free(text);
}

static void test_errors(void **state) {
    (void)state;
    expect_error("{\"vehicles\": [\n  {\"id\": 1,}]}",
                 "t.json: JSON syntax error at line 2, column 12: string or '}' expected near '}'");
    expect_error("[1]", "input: expected a JSON object");
    expect_error("{\"vehicles\":{}," JOBS "," MAT "}", "vehicles: expected an array");
    expect_error("{\"vehicles\":[]," JOBS "," MAT "}",
                 "vehicles: empty array, at least one vehicle is needed");
    expect_error("{" VEH "," MAT "}", "jobs: missing, and no shipments: nothing to do");
    expect_error("{" VEH ",\"jobs\":[]," MAT "}", "jobs: missing, and no shipments: nothing to do");
    expect_error("{" VEH ",\"jobs\":[{\"id\":1,\"location_index\":1,\"service\":\"x\"}]," MAT "}",
                 "jobs[0].service: expected a non-negative integer");
    expect_error("{" VEH ",\"jobs\":[{\"id\":1,\"location_index\":1,\"delivery\":[2,-1]}]," MAT "}",
                 "jobs[0].delivery[1]: negative amount -1");
    expect_error("{" VEH ",\"jobs\":[{\"id\":1,\"location_index\":1,\"pickup\":[2,1.5]}]," MAT "}",
                 "jobs[0].pickup[1]: expected a non-negative integer");
    expect_error("{" VEH ",\"jobs\":[{\"id\":1,\"location_index\":1,\"delivery\":[2]}]," MAT "}",
                 "jobs[0].delivery: 1 values, expected 2 (the length of vehicles[0].capacity)");
    expect_error("{" VEH
                 ",\"jobs\":[{\"id\":1,\"location_index\":1},{\"id\":1,\"location_index\":2}"
                 "]," MAT "}",
                 "jobs[1].id: duplicate job id 1 (also jobs[0])");
    expect_error("{\"vehicles\":[{\"id\":4,\"start_index\":0},{\"id\":4,\"end_index\":0}]," JOBS
                 "," MAT "}",
                 "vehicles[1].id: duplicate vehicle id 4 (also vehicles[0])");
    expect_error("{" VEH ",\"jobs\":[{\"id\":1,\"location_index\":3}]," MAT "}",
                 "jobs[0].location_index: 3 is out of range (matrix size 3)");
    expect_error("{\"vehicles\":[{\"id\":1,\"start_index\":9,\"capacity\":[1,1]}]," JOBS "," MAT
                 "}",
                 "vehicles[0].start_index: 9 is out of range (matrix size 3)");
    expect_error("{" VEH "," JOBS ",\"matrix\":[[0,5,7],[5,0],[7,3,0]]}",
                 "matrix: not square: row 1 has 2 values, expected 3");
    expect_error("{" VEH "," JOBS ",\"matrices\":{\"car\":{\"durations\":[[0,1],[1,0]]}}}",
                 "jobs[1].location_index: 2 is out of range (matrix size 2)");
    expect_error("{" VEH "," JOBS ",\"matrices\":{\"car\":{\"durations\":[[0,1],[1,-2]]}}}",
                 "matrices.car.durations[1][1]: expected a non-negative integer");
    expect_error("{" VEH "," JOBS ",\"matrices\":{\"truck\":{\"durations\":[[0]]}}}",
                 "matrices.car: missing (a vehicle uses profile \"car\")");
    expect_error("{" VEH "," JOBS "}",
                 "vehicles[0].start_index: an index needs matrices, and the input has none (give "
                 "start [lon, lat] on every task and vehicle instead)");
    expect_error("{\"vehicles\":[{\"id\":1,\"start\":[2.3,48.8]}],\"jobs\":[{\"id\":1,"
                 "\"location\":[2.3,48.9]},{\"id\":2,\"location_index\":0}]}",
                 "jobs[1].location_index: an index needs matrices, and the input has none (give "
                 "location [lon, lat] on every task and vehicle instead)");
    expect_error("{\"vehicles\":[{\"id\":1,\"start\":[2.3,48.8]}],\"jobs\":[{\"id\":1}]}",
                 "jobs[0].location: missing (without matrices every task needs location [lon, "
                 "lat])");
    expect_error("{\"vehicles\":[{\"id\":1,\"start_index\":0}],\"jobs\":[{\"id\":1,"
                 "\"location\":[2.3,48.9]}],\"matrix\":[[0,1],[1,0]]}",
                 "jobs[0].location_index: missing (required with custom matrices)");
    expect_error("{" VEH
                 ",\"jobs\":[{\"id\":1,\"location_index\":1,\"time_windows\":[[50,20]]}]," MAT "}",
                 "jobs[0].time_windows[0]: end 20 is before start 50");
    expect_error("{\"vehicles\":[{\"id\":1,\"start_index\":0,\"time_window\":[9,8]}]," JOBS "," MAT
                 "}",
                 "vehicles[0].time_window: end 8 is before start 9");
    expect_error("{" VEH ",\"jobs\":[{\"id\":1,\"location_index\":1,\"skills\":[\"a\"]}]," MAT "}",
                 "jobs[0].skills[0]: expected a non-negative integer below 2^32");
    expect_error("{" VEH ",\"jobs\":[{\"id\":1,\"location_index\":1,\"skills\":3}]," MAT "}",
                 "jobs[0].skills: expected an array of non-negative integers");
    expect_error("{\"vehicles\":[{\"id\":1,\"start_index\":0,\"skills\":[-1]}]," JOBS "," MAT "}",
                 "vehicles[0].skills[0]: expected a non-negative integer below 2^32");
    expect_error("{" VEH ",\"jobs\":[{\"id\":1,\"location_index\":1,\"prize\":-3}]," MAT "}",
                 "jobs[0].prize: expected a non-negative integer");
    expect_error("{" VEH ",\"shipments\":[{\"prize\":3,\"pickup\":{\"id\":1,\"location_index\":1},"
                 "\"delivery\":{\"id\":2,\"location_index\":0}}]," MAT "}",
                 "shipments[0].prize: not supported yet");
#define VB(b)                                                                                      \
    "{\"vehicles\":[{\"id\":1,\"start_index\":0,\"capacity\":[10,5],\"breaks\":" b "}]," JOBS      \
    "," MAT "}"
    expect_error(VB("{}"), "vehicles[0].breaks: expected an array of break objects");
    expect_error(VB("[{\"service\":5}]"), "vehicles[0].breaks[0].id: missing");
    expect_error(VB("[{\"id\":1},{\"id\":1}]"),
                 "vehicles[0].breaks[1].id: duplicate break id 1 (also vehicles[0].breaks[0])");
    expect_error(VB("[{\"id\":1,\"time_windows\":[[9,5]]}]"),
                 "vehicles[0].breaks[0].time_windows[0]: end 5 is before start 9");
    expect_error(VB("[{\"id\":1,\"max_load\":[1]}]"),
                 "vehicles[0].breaks[0].max_load: 1 values, expected 2 (the length of "
                 "vehicles[0].capacity)");
    expect_error(VB("[{\"id\":1,\"service\":-3}]"),
                 "vehicles[0].breaks[0].service: expected a non-negative integer");
#undef VB
    expect_error("{" VEH "," JOBS ",\"shipments\":[{}]," MAT "}", "shipments[0].pickup: missing");
    expect_error("{" VEH "," JOBS ",\"shipments\":{}," MAT "}", "shipments: expected an array");
    expect_error("{" VEH "," JOBS
                 ",\"shipments\":[{\"pickup\":{\"id\":1,\"location_index\":1}}]," MAT "}",
                 "shipments[0].delivery: missing");
    expect_error("{" VEH "," JOBS
                 ",\"shipments\":[{\"amount\":[1],\"pickup\":{\"id\":1,\"location_index\":1},"
                 "\"delivery\":{\"id\":2,\"location_index\":2}}]," MAT "}",
                 "shipments[0].amount: 1 values, expected 2 (the length of vehicles[0].capacity)");
    expect_error("{" VEH "," JOBS ",\"shipments\":[{\"pickup\":{\"id\":1,\"location_index\":1},"
                 "\"delivery\":{\"id\":2,\"location_index\":9}}]," MAT "}",
                 "shipments[0].delivery.location_index: 9 is out of range (matrix size 3)");
    expect_error("{" VEH "," JOBS ",\"shipments\":[{\"pickup\":{\"id\":1,\"location_index\":1},"
                 "\"delivery\":{\"id\":2,\"location_index\":2}},{\"pickup\":{\"id\":1,"
                 "\"location_index\":1},\"delivery\":{\"id\":3,\"location_index\":2}}]," MAT "}",
                 "shipments[1].pickup.id: duplicate pickup id 1 (also shipments[0].pickup)");
    expect_error("{" VEH ",\"shipments\":[{\"pickup\":{\"id\":1,\"location_index\":1,"
                 "\"time_windows\":[[5,4]]},\"delivery\":{\"id\":2,\"location_index\":2}}]," MAT
                 "}",
                 "shipments[0].pickup.time_windows[0]: end 4 is before start 5");
    expect_error("{" VEH "," JOBS ",\"facilities\":[{\"id\":1}]," MAT "}",
                 "facilities[0].location_index: missing");
    expect_error("{\"vehicles\":[{\"id\":1}]," JOBS "," MAT "}",
                 "vehicles[0]: neither start nor end");
    expect_error("{\"vehicles\":[{\"id\":1,\"start_index\":0,\"speed_factor\":0}]," JOBS "," MAT
                 "}",
                 "vehicles[0].speed_factor: expected a number in (0, 5]");
    expect_error("{" VEH "," JOBS "," MAT ",\"options\":{\"exploration\":9}}",
                 "options.exploration: expected an integer in [0, 5]");
}

static void test_model_mapping(void **state) {
    (void)state;
    const char *text =
        "{\"vehicles\":[{\"id\":7,\"start_index\":0,\"capacity\":[4],\"costs\":{\"fixed\":10,"
        "\"per_hour\":1800,\"per_km\":5},\"time_window\":[100,900],\"speed_factor\":2,"
        "\"description\":\"van\"},{\"id\":8,\"end_index\":0,\"capacity\":[4]},"
        "{\"id\":9,\"start_index\":0,\"end_index\":0,\"capacity\":[4]}],"
        "\"jobs\":[{\"id\":3,\"location_index\":1,\"amount\":[2],\"service\":5,\"setup\":2,"
        "\"time_windows\":[[50,60],[10,20],[15,30]],\"priority\":4,\"description\":\"d\","
        "\"location\":[1.5,2.5]}],\"unknown_key\":1,"
        "\"matrices\":{\"car\":{\"durations\":[[0,3],[3,0]],\"distances\":[[0,30],[30,0]]}},"
        "\"options\":{\"seed\":5,\"time_limit\":1.5}}";
    rd_model *m;
    rd_json_extras x;
    rd_error err;
    assert_int_equal(parse(text, &m, &x, &err), RD_OK);
    assert_int_equal(m->n_profiles, 2); /* (car, 1800, 5, 2) and (car, 3600, 0, 1) */
    assert_int_equal(m->vehicles[0].profile, 0);
    assert_int_equal(m->vehicles[1].profile, 1);
    assert_int_equal(m->vehicles[2].profile, 1);
    assert_int_equal(rd_matrix_at(&m->durations[0], 0, 1), 150); /* round(100/2) * 3 */
    assert_int_equal(rd_matrix_at(&m->durations[1], 0, 1), 300);
    assert_int_equal(rd_matrix_at(&m->costs[0], 0, 1), 90000 * 3 + 360 * 5 * 30);
    assert_int_equal(m->vehicles[0].fixed_cost, 10 * RD_JSON_COST_SCALE);
    assert_int_equal(m->vehicles[0].tw_start, 10000);
    assert_int_equal(m->vehicles[1].start_loc, -1);
    assert_int_equal(m->vehicles[0].end_loc, -1);
    assert_int_equal(m->task_id[0], 3);
    assert_int_equal(rd_model_delivery(m, 0)[0], 2);
    assert_int_equal(m->task_service[0], 500);
    assert_int_equal(m->task_setup[0], 200);
    assert_int_equal(m->task_priority[0], 4);
    assert_int_equal(m->task_tw_first[1] - m->task_tw_first[0], 2); /* [10,30] merged, [50,60] */
    assert_int_equal(m->tw_start[0], 1000);
    assert_int_equal(m->tw_end[0], 3000);
    assert_int_equal(m->tw_start[1], 5000);
    assert_true(x.vrptw);
    assert_true(x.report_distances);
    assert_int_equal(x.amount_size, 1);
    assert_string_equal(x.veh_desc[0], "van");
    assert_string_equal(x.task_desc[0], "d");
    assert_true(x.task_has_coords[0]);
    assert_true(x.options.has_seed);
    assert_int_equal(x.options.seed, 5);
    assert_true(x.options.has_time_limit);
    assert_false(x.options.has_threads);
    rd_json_extras_free(&x);
    rd_model_destroy(m);
}

/* Writes `s` for `text` and parses the answer back. */
static json_t *answer(const char *text, rd_solution *(*plan)(const rd_model *)) {
    rd_model *m;
    rd_json_extras x;
    rd_error err;
    assert_int_equal(parse(text, &m, &x, &err), RD_OK);
    rd_solution *s = plan(m);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    rd_json_times t = {1, 2, 0};
    assert_int_equal(rd_json_write(f, m, &x, s, &t, NULL, &err), RD_OK);
    fclose(f);
    json_error_t je;
    json_t *root = json_loads(buf, 0, &je);
    if (!root) print_error("%s\n", buf);
    assert_non_null(root);
    free(buf);
    rd_solution_destroy(s);
    rd_json_extras_free(&x);
    rd_model_destroy(m);
    return root;
}

static rd_solution *two_jobs_then_unassigned(const rd_model *m) {
    (void)m;
    rd_solution *s = rd_solution_create();
    int v[2] = {0, 1};
    rd_solution_add_route(s, 0, v, 2);
    rd_solution_add_route(s, 1, NULL, 0);
    rd_solution_add_unassigned(s, 2, "no room left in the plan");
    return s;
}

static json_int_t geti(json_t *o, const char *key) {
    json_t *v = json_object_get(o, key);
    if (!json_is_integer(v)) print_error("no integer %s\n", key);
    assert_true(json_is_integer(v));
    return json_integer_value(v);
}

static void test_writer(void **state) {
    (void)state;
    /* Vehicle 1: start 0, end 0, shift from 100; vehicle 2 unused (open end).
     * job 11 at 1: window [120, 200], service 10, setup 4; job 12 at 1 again (no
     * setup), service 6, pickup; job 13 unassigned. speed_factor 1. */
    const char *text =
        "{\"vehicles\":[{\"id\":1,\"start_index\":0,\"end_index\":0,\"capacity\":[10,5],"
        "\"time_window\":[100,1000],\"costs\":{\"per_km\":1000}},"
        "{\"id\":2,\"start_index\":0,\"capacity\":[10,5]}],"
        "\"jobs\":[{\"id\":11,\"location_index\":1,\"delivery\":[2,1],\"setup\":4,\"service\":10,"
        "\"time_windows\":[[120,200]],\"priority\":3,\"description\":\"first\"},"
        "{\"id\":12,\"location_index\":1,\"pickup\":[1,2],\"setup\":4,\"service\":6},"
        "{\"id\":13,\"location_index\":2}],"
        "\"matrices\":{\"car\":{\"durations\":[[0,5,7],[6,0,3],[7,3,0]],"
        "\"distances\":[[0,50,70],[60,0,30],[70,30,0]]}},\"options\":{\"seed\":9}}";
    json_t *root = answer(text, two_jobs_then_unassigned);
    assert_int_equal(geti(root, "code"), 0);
    json_t *routes = json_object_get(root, "routes");
    assert_int_equal(json_array_size(routes), 1);
    json_t *r = json_array_get(routes, 0);
    assert_int_equal(geti(r, "vehicle"), 1);
    json_t *steps = json_object_get(r, "steps");
    assert_int_equal(json_array_size(steps), 4);
    /* start at 100; arrive 105, wait 15, setup 4, service 10 -> leave 134;
     * job 12 same place: arrive 134, no setup, service 6 -> 140; end at 146. */
    static const json_int_t arrival[4] = {100, 105, 134, 146};
    static const json_int_t waiting[4] = {0, 15, 0, 0};
    static const json_int_t setup[4] = {0, 4, 0, 0};
    static const json_int_t duration[4] = {0, 5, 5, 11};
    static const json_int_t distance[4] = {0, 50, 50, 110};
    static const json_int_t load0[4] = {2, 0, 1, 1}, load1[4] = {1, 0, 2, 2};
    static const char *const type[4] = {"start", "job", "job", "end"};
    for (int k = 0; k < 4; k++) {
        json_t *st = json_array_get(steps, (size_t)k);
        assert_string_equal(json_string_value(json_object_get(st, "type")), type[k]);
        assert_int_equal(geti(st, "arrival"), arrival[k]);
        assert_int_equal(geti(st, "waiting_time"), waiting[k]);
        assert_int_equal(geti(st, "setup"), setup[k]);
        assert_int_equal(geti(st, "duration"), duration[k]);
        assert_int_equal(geti(st, "distance"), distance[k]);
        json_t *load = json_object_get(st, "load");
        assert_int_equal(json_integer_value(json_array_get(load, 0)), load0[k]);
        assert_int_equal(json_integer_value(json_array_get(load, 1)), load1[k]);
    }
    assert_int_equal(geti(json_array_get(steps, 1), "id"), 11);
    assert_string_equal(json_string_value(json_object_get(json_array_get(steps, 1), "description")),
                        "first");
    /* VRPTW cost: round(11 * 3600 / 3600 + 110 * 1000 / 1000) = 121 */
    assert_int_equal(geti(r, "cost"), 121);
    assert_int_equal(geti(r, "duration"), 11);
    assert_int_equal(geti(r, "waiting_time"), 15);
    assert_int_equal(geti(r, "service"), 16);
    assert_int_equal(geti(r, "setup"), 4);
    assert_int_equal(geti(r, "priority"), 3);
    json_t *sum = json_object_get(root, "summary");
    assert_int_equal(geti(sum, "cost"), 121);
    assert_int_equal(geti(sum, "routes"), 1);
    assert_int_equal(geti(sum, "unassigned"), 1);
    assert_int_equal(geti(sum, "distance"), 110);
    assert_int_equal(geti(sum, "seed"), 9);
    assert_int_equal(geti(json_object_get(sum, "computing_times"), "solving"), 2);
    assert_int_equal(json_integer_value(json_array_get(json_object_get(sum, "delivery"), 0)), 2);
    assert_int_equal(json_integer_value(json_array_get(json_object_get(sum, "pickup"), 1)), 2);
    json_t *u = json_array_get(json_object_get(root, "unassigned"), 0);
    assert_int_equal(geti(u, "id"), 13);
    assert_string_equal(json_string_value(json_object_get(u, "type")), "job");
    assert_int_equal(geti(u, "location_index"), 2);
    assert_string_equal(json_string_value(json_object_get(u, "reason")),
                        "no room left in the plan");
    json_decref(root);
}

static rd_solution *open_route(const rd_model *m) {
    (void)m;
    rd_solution *s = rd_solution_create();
    int v[3] = {1, 0, 2};
    rd_solution_add_route(s, 0, v, 3);
    return s;
}

static void test_writer_open_cvrp(void **state) {
    (void)state;
    /* No start: no start step, first arrival at the shift start (0); no end:
     * no end step. CVRP cost with speed_factor 0.7: floor((round(100 / 0.7 * 3600)
     * × 13 + 360 × 2 × 130) / 360000) = 18. */
    const char *text = "{\"vehicles\":[{\"id\":5,\"end_index\":3,\"speed_factor\":0.7,"
                       "\"costs\":{\"per_km\":2}}],"
                       "\"jobs\":[{\"id\":1,\"location_index\":1},{\"id\":2,\"location_index\":2},"
                       "{\"id\":3,\"location_index\":0}],"
                       "\"matrices\":{\"car\":{\"durations\":[[0,1,2,9],[1,0,3,9],[2,3,0,2],"
                       "[9,9,2,0]],\"distances\":[[0,10,20,90],[10,0,30,90],[20,30,0,20],"
                       "[90,90,20,0]]}}}";
    json_t *root = answer(text, open_route);
    json_t *r = json_array_get(json_object_get(root, "routes"), 0);
    json_t *steps = json_object_get(r, "steps");
    assert_int_equal(json_array_size(steps), 4);
    assert_string_equal(json_string_value(json_object_get(json_array_get(steps, 0), "type")),
                        "job");
    assert_int_equal(geti(json_array_get(steps, 0), "id"), 2);
    assert_int_equal(geti(json_array_get(steps, 0), "arrival"), 0);
    /* legs 2->1 (3), 1->0 (1), 0->3 (9) at 143 hundredths a cell: 4.29, 5.72, 18.59 s */
    assert_int_equal(geti(json_array_get(steps, 1), "arrival"), 4);
    assert_int_equal(geti(json_array_get(steps, 2), "arrival"), 5);
    assert_int_equal(geti(json_array_get(steps, 3), "arrival"), 18);
    assert_int_equal(geti(json_array_get(steps, 3), "duration"), 18);
    assert_string_equal(json_string_value(json_object_get(json_array_get(steps, 3), "type")),
                        "end");
    assert_int_equal(geti(r, "distance"), 130);
    assert_int_equal(geti(r, "cost"), (514286 * 13 + 360 * 2 * 130) / 360000);
    assert_null(json_object_get(json_object_get(root, "summary"), "seed"));
    json_decref(root);
}

static rd_solution *all_unassigned(const rd_model *m) {
    rd_solution *s = rd_solution_create();
    for (int t = 0; t < m->n_tasks; t++)
        rd_solution_add_unassigned(s, t,
                                   t == 0 ? "time window [1000, 1500] cannot be reached from any "
                                            "vehicle shift"
                                          : "amount exceeds every vehicle capacity");
    return s;
}

/* No route: empty routes, zero sums; the search's reasons quote windows in
 * model units (1/100 s) and the answer in seconds. */
static void test_writer_unassigned(void **state) {
    (void)state;
    const char *text = "{\"vehicles\":[{\"id\":1,\"start_index\":0}],\"jobs\":[{\"id\":4,"
                       "\"location_index\":1,\"time_windows\":[[10,15]]},{\"id\":5,"
                       "\"location_index\":1}]," MAT "}";
    json_t *root = answer(text, all_unassigned);
    assert_int_equal(json_array_size(json_object_get(root, "routes")), 0);
    json_t *sum = json_object_get(root, "summary");
    assert_int_equal(geti(sum, "cost"), 0);
    assert_int_equal(geti(sum, "unassigned"), 2);
    assert_null(json_object_get(sum, "distance")); /* no distances matrix */
    json_t *u = json_object_get(root, "unassigned");
    assert_string_equal(json_string_value(json_object_get(json_array_get(u, 0), "reason")),
                        "time window [10, 15] cannot be reached from any vehicle shift");
    assert_string_equal(json_string_value(json_object_get(json_array_get(u, 1), "reason")),
                        "amount exceeds every vehicle capacity");
    json_decref(root);
}

static void test_read_file(void **state) {
    (void)state;
    rd_model *m;
    rd_json_extras x;
    rd_error err;
    rd_error_clear(&err);
    assert_int_equal(
        rd_json_read_file(RONDO_SOURCE_DIR "/tests/fixtures/json/small.json", &m, &x, &err), RD_OK);
    assert_int_equal(m->n_tasks, 10);
    assert_int_equal(m->n_vehicles, 2);
    assert_int_equal(m->n_profiles, 2); /* per_hour/per_km on one, speed_factor on the other */
    assert_int_equal(m->vehicles[1].end_loc, -1);
    assert_int_equal(x.amount_size, 2);
    assert_true(x.options.has_iterations);
    rd_json_extras_free(&x);
    rd_model_destroy(m);
    assert_int_equal(rd_json_read_file("/nonexistent/in.json", &m, &x, &err), RD_ERR_INPUT);
    assert_string_equal(err.msg, "/nonexistent/in.json: cannot open: No such file or directory");
    assert_null(m);
}

static void test_write_error(void **state) {
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(rd_json_write_error(f, RD_ERR_INPUT, "jobs[3].skills: not supported yet"),
                     RD_OK);
    fclose(f);
    assert_string_equal(buf, "{\"code\":2,\"error\":\"jobs[3].skills: not supported yet\"}\n");
    free(buf);
}

/* rd_json_read_request: the id of a request, as compact JSON, whatever
 * becomes of the problem. Returns the id (caller frees) and the status. */
static char *request_id(const char *text, rd_status want, const char *want_msg) {
    rd_model *m = NULL;
    rd_json_extras x;
    rd_error err;
    rd_error_clear(&err);
    char *id = (char *)"unset";
    rd_status st = rd_json_read_request(text, strlen(text), "request", &m, &x, &id, &err);
    if (st != want || (want_msg && strcmp(err.msg, want_msg)))
        print_error("input %s\n  got (%d) '%s'\n", text, st, err.msg);
    assert_int_equal(st, want);
    if (want_msg) assert_string_equal(err.msg, want_msg);
    assert_true(want == RD_OK ? m != NULL : m == NULL);
    rd_json_extras_free(&x);
    rd_model_destroy(m);
    return id;
}

static void expect_id(const char *text, rd_status want, const char *want_msg, const char *want_id) {
    char *id = request_id(text, want, want_msg);
    if (want_id) {
        assert_non_null(id);
        assert_string_equal(id, want_id);
    } else {
        assert_null(id);
    }
    free(id);
}

static void test_request_id(void **state) {
    (void)state;
    expect_id(VALID, RD_OK, NULL, NULL);
    expect_id("{\"id\":7," VEH "," JOBS "," MAT "}", RD_OK, NULL, "7");
    expect_id("{" VEH ",\"id\": \"a \\\"b\\\"\"," JOBS "," MAT "}", RD_OK, NULL, "\"a \\\"b\\\"\"");
    expect_id("{\"id\":-2.5," VEH "," JOBS "," MAT "}", RD_OK, NULL, "-2.5");
    expect_id("{\"id\":true," VEH "," JOBS "," MAT "}", RD_OK, NULL, "true");
    expect_id("{\"id\":null," VEH "," JOBS "," MAT "}", RD_OK, NULL, "null");
    /* the problem is refused: the id is still read, for the error answer */
    expect_id("{\"id\":\"r1\"," MAT "}", RD_ERR_INPUT, "vehicles: missing", "\"r1\"");
    expect_id("{\"id\":3}", RD_ERR_INPUT, "vehicles: missing", "3");
    /* no id to read */
    expect_id("{\"id\":3,", RD_ERR_INPUT, NULL, NULL);
    expect_id("[{\"id\":3}]", RD_ERR_INPUT, "input: expected a JSON object", NULL);
    expect_id("{\"id\":[3]," VEH "," JOBS "," MAT "}", RD_ERR_INPUT,
              "id: expected a string, number, boolean or null", NULL);
    expect_id("{\"id\":{\"a\":1}}", RD_ERR_INPUT, "id: expected a string, number, boolean or null",
              NULL);
    /* rd_json_read ignores the id (an unknown key for VROOM) */
    rd_model *m;
    rd_json_extras x;
    rd_error err;
    const char *t = "{\"id\":[3]," VEH "," JOBS "," MAT "}";
    assert_int_equal(parse(t, &m, &x, &err), RD_OK);
    rd_json_extras_free(&x);
    rd_model_destroy(m);
}

/* The answer of a serve request starts with its id; so does an error answer. */
static void test_write_id(void **state) {
    (void)state;
    const char *text = "{\"id\":\"r-9\",\"vehicles\":[{\"id\":1,\"start_index\":0}],"
                       "\"jobs\":[{\"id\":4,\"location_index\":1}]," MAT "}";
    rd_model *m;
    rd_json_extras x;
    rd_error err;
    char *id = NULL;
    assert_int_equal(rd_json_read_request(text, strlen(text), "r", &m, &x, &id, &err), RD_OK);
    x.id = id;
    rd_solution *s = all_unassigned(m);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(rd_json_write(f, m, &x, s, NULL, NULL, &err), RD_OK);
    fclose(f);
    const char *head = "{\"id\":\"r-9\",\"code\":0,\"summary\":";
    assert_true(!strncmp(buf, head, strlen(head)));
    assert_non_null(strchr(buf, '\n'));
    assert_ptr_equal(strchr(buf, '\n'), buf + len - 1); /* one line */
    free(buf);
    rd_solution_destroy(s);
    rd_json_extras_free(&x);
    rd_model_destroy(m);
    free(id);

    buf = NULL;
    f = open_memstream(&buf, &len);
    assert_int_equal(rd_json_write_error_id(f, "1.5", RD_ERR_INPUT, "vehicles: missing"), RD_OK);
    assert_int_equal(rd_json_write_error_id(f, NULL, RD_ERR_NOMEM, "out of memory"), RD_OK);
    assert_int_equal(rd_json_write_error_id(f, "{oops", RD_ERR_INPUT, "x"), RD_ERR_INTERNAL);
    fclose(f);
    assert_string_equal(buf, "{\"id\":1.5,\"code\":2,\"error\":\"vehicles: missing\"}\n"
                             "{\"code\":1,\"error\":\"out of memory\"}\n");
    free(buf);
}

/* The model's plane (m->x, m->y, for SWAP*'s polar sectors): kept when every
 * used location has coordinates (longitude scaled by the cosine of the mean
 * latitude, and latitude), none when one lacks them. */
static void test_plane(void **state) {
    (void)state;
    static const char *with =
        "{\"vehicles\":[{\"id\":1,\"start_index\":0,\"end_index\":0,\"start\":[10,50],"
        "\"end\":[10,50],\"capacity\":[10]}],\"jobs\":[{\"id\":1,\"location_index\":1,"
        "\"location\":[10.1,50.1],\"delivery\":[2]},{\"id\":2,\"location_index\":2,"
        "\"location\":[9.9,49.9],\"delivery\":[1]}]," MAT "}";
    static const char *without_one =
        "{\"vehicles\":[{\"id\":1,\"start_index\":0,\"end_index\":0,\"start\":[10,50],"
        "\"end\":[10,50],\"capacity\":[10]}],\"jobs\":[{\"id\":1,\"location_index\":1,"
        "\"location\":[10.1,50.1],\"delivery\":[2]},{\"id\":2,\"location_index\":2,"
        "\"delivery\":[1]}]," MAT "}";
    const char *texts[3] = {with, without_one, VALID};
    for (int k = 0; k < 3; k++) {
        rd_model *m = NULL;
        rd_json_extras x;
        rd_error err;
        assert_int_equal(parse(texts[k], &m, &x, &err), RD_OK);
        if (k == 0) {
            assert_non_null(m->x);
            assert_non_null(m->y);
            const double kx = cos(50.0 * 3.14159265358979323846 / 180.0); /* mean latitude 50 */
            const double lon[3] = {10, 10.1, 9.9}, lat[3] = {50, 50.1, 49.9};
            for (int l = 0; l < 3; l++) {
                assert_true(fabs(m->x[l] - lon[l] * kx) < 1e-9);
                assert_true(fabs(m->y[l] - lat[l]) < 1e-9);
            }
        } else {
            assert_null(m->x);
        }
        rd_model_destroy(m);
        rd_json_extras_free(&x);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_model_mapping),
        cmocka_unit_test(test_writer),
        cmocka_unit_test(test_writer_open_cvrp),
        cmocka_unit_test(test_writer_unassigned),
        cmocka_unit_test(test_read_file),
        cmocka_unit_test(test_write_error),
        cmocka_unit_test(test_request_id),
        cmocka_unit_test(test_write_id),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_value_bounds),
        cmocka_unit_test(test_plane),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
