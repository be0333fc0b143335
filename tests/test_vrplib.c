/* Tests of the VRPLIB reader: the bundled X instance under each convention,
 * hand-written files for each feature, every bad-input fixture with its exact
 * message, and truncation/corruption sweeps that must never crash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/instance.h"
#include "io/lex.h"
#include "io/vrplib.h"

#define X101      RONDO_SOURCE_DIR "/instances/X-n101-k25.vrp"
#define FIX(name) RONDO_SOURCE_DIR "/tests/fixtures/" name

static int64_t dist(const rd_model *m, int i, int j) {
    return rd_matrix_at(&m->distances[0], i, j);
}

/* Parses `text` as a VRPLIB file named "hand.vrp". */
static rd_status parse_text(const char *text, rd_round round, rd_model **m, rd_error *err) {
    rd_lex lx;
    rd_status st = rd_lex_from_text(&lx, "hand.vrp", text, strlen(text), err);
    if (st == RD_OK) st = rd_vrplib_parse(&lx, round, m, err);
    rd_lex_close(&lx);
    return st;
}

static void expect_error(const char *text, rd_status want, const char *msg) {
    rd_model *m = (rd_model *)1;
    rd_error err;
    rd_error_clear(&err);
    rd_status st = parse_text(text, RD_ROUND_NONE, &m, &err);
    if (st != want || !strstr(err.msg, msg))
        print_error("got status %d message \"%s\", want %d containing \"%s\"\n", st, err.msg, want,
                    msg);
    assert_int_equal(st, want);
    assert_non_null(strstr(err.msg, msg));
    assert_null(m);
}

static void test_x101_default(void **state) {
    (void)state;
    rd_model *m;
    rd_error err;
    assert_int_equal(rd_vrplib_read(X101, RD_ROUND_NONE, &m, &err), RD_OK);
    assert_string_equal(m->name, "X-n101-k25");
    assert_string_equal(m->source, X101);
    assert_int_equal(m->round, RD_ROUND_NINT);
    assert_int_equal(m->scale, 1);
    assert_int_equal(m->has_tw, 0);
    assert_int_equal(m->n_locs, 101);
    assert_int_equal(m->n_tasks, 100);
    assert_int_equal(m->n_dims, 1);
    assert_int_equal(m->n_vehicles, 1);
    assert_int_equal(m->vehicles[0].count, 100); /* no VEHICLES: unlimited fleet */
    assert_int_equal(m->vehicles[0].start_loc, 0);
    assert_int_equal(m->vehicles[0].end_loc, 0);
    assert_int_equal(m->vehicles[0].tw_start, 0);
    assert_true(m->vehicles[0].tw_end == RD_INF);
    assert_int_equal(m->veh_capacity[0], 206);
    assert_int_equal(m->task_id[0], 1);
    assert_int_equal(m->task_loc[0], 1);
    assert_int_equal(m->task_pickup[0], 38);
    assert_int_equal(m->task_id[99], 100);
    assert_int_equal(m->task_service[0], 0);
    assert_true(m->tw_end[0] == RD_INF);
    assert_true(m->x[0] == 365.0 && m->y[0] == 689.0);
    /* node 1 (365,689) - node 2 (146,180): sqrt(307042) = 554.11 */
    assert_int_equal(dist(m, 0, 1), 554);
    assert_int_equal(dist(m, 1, 0), 554);
    assert_int_equal(dist(m, 1, 2), 669); /* (146,180)-(792,5): 669.28 */
    assert_int_equal(dist(m, 5, 5), 0);
    assert_int_equal(rd_matrix_at(&m->costs[0], 1, 2), 669);
    assert_int_equal(rd_matrix_at(&m->durations[0], 1, 2), 669);
    rd_model_destroy(m);
}

static void test_x101_conventions(void **state) {
    (void)state;
    rd_model *m;
    assert_int_equal(rd_instance_read(X101, RD_ROUND_TRUNC1, &m, NULL), RD_OK);
    assert_int_equal(m->round, RD_ROUND_TRUNC1);
    assert_int_equal(m->scale, 10);
    assert_int_equal(dist(m, 0, 1), 5541); /* floor(sqrt(100 * 307042)) */
    assert_int_equal(dist(m, 1, 2), 6692);
    rd_model_destroy(m);
    assert_int_equal(rd_instance_read(X101, RD_ROUND_EXACT, &m, NULL), RD_OK);
    assert_int_equal(m->scale, 1000000);
    assert_int_equal(dist(m, 0, 1), 554113707);
    assert_int_equal(dist(m, 1, 2), 669283946);
    rd_model_destroy(m);
    assert_int_equal(rd_instance_read(X101, RD_ROUND_NINT, &m, NULL), RD_OK);
    assert_int_equal(dist(m, 0, 1), 554);
    rd_model_destroy(m);
}

/* Depot not first, `KEY: value` without a space, VEHICLES, SERVICE_TIME with
 * a per-node override, time windows (so trunc1 by default), DISTANCE, and
 * PyVRP extras that must be skipped. */
static const char *const hand_tw = "NAME: hand\n"
                                   "TYPE: VRPTW\n"
                                   "COMMENT: made by hand\n"
                                   "DIMENSION: 4\n"
                                   "VEHICLES: 3\n"
                                   "CAPACITY:20\n"
                                   "SERVICE_TIME: 5\n"
                                   "DISTANCE : 100.5\n"
                                   "VEHICLES_MAX_DURATION: 400\n"
                                   "EDGE_WEIGHT_TYPE: EUC_2D\n"
                                   "NODE_COORD_SECTION\n"
                                   "1 3 4\n"
                                   "2 0 1\n"
                                   "3 0 0\n"
                                   "4 1.5 0\n"
                                   "DEMAND_SECTION\n"
                                   "1 4\n"
                                   "2 7\n"
                                   "3 0\n"
                                   "4 20\n"
                                   "RELEASE_TIME_SECTION\n"
                                   "1 0\n2 0\n3 0\n4 0\n"
                                   "\n"
                                   "TIME_WINDOW_SECTION\n"
                                   "1 10 20\n"
                                   "2 0 100.5\n"
                                   "3 0 1000\n"
                                   "4 30 40\n"
                                   "SERVICE_TIME_SECTION\n"
                                   "1 5\n2 2.5\n3 0\n4 5\n"
                                   "VEHICLES_DEPOT_SECTION\n"
                                   "1 3\n2 3\n3 3\n"
                                   "DEPOT_SECTION\n"
                                   "3\n"
                                   "-1\n"
                                   "EOF\n"
                                   "anything after EOF is ignored\n";

static void test_hand_tw(void **state) {
    (void)state;
    rd_model *m;
    rd_error err;
    rd_error_clear(&err);
    rd_status st = parse_text(hand_tw, RD_ROUND_NONE, &m, &err);
    if (st) print_error("%s\n", err.msg);
    assert_int_equal(st, RD_OK);
    assert_string_equal(m->name, "hand");
    assert_int_equal(m->round, RD_ROUND_TRUNC1);
    assert_int_equal(m->scale, 10);
    assert_int_equal(m->has_tw, 1);
    assert_int_equal(m->n_locs, 4);
    assert_int_equal(m->n_tasks, 3);
    /* tasks are nodes 1, 2, 4 (the depot, node 3, is skipped), ids 1..3 */
    int64_t ids[3] = {1, 2, 3}, locs[3] = {0, 1, 3}, dem[3] = {4, 7, 20};
    int64_t svc[3] = {50, 25, 50}, a[3] = {100, 0, 300}, b[3] = {200, 1005, 400};
    for (int t = 0; t < 3; t++) {
        assert_int_equal(m->task_id[t], ids[t]);
        assert_int_equal(m->task_loc[t], locs[t]);
        assert_int_equal(m->task_pickup[t], dem[t]);
        assert_int_equal(m->task_service[t], svc[t]);
        assert_int_equal(m->tw_start[t], a[t]);
        assert_int_equal(m->tw_end[t], b[t]);
    }
    const rd_vehicle *v = &m->vehicles[0];
    assert_int_equal(v->count, 3);
    assert_int_equal(v->start_loc, 2);
    assert_int_equal(v->end_loc, 2);
    assert_int_equal(v->tw_start, 0);
    assert_int_equal(v->tw_end, 10000);
    assert_int_equal(v->max_distance, 1005);
    assert_int_equal(m->veh_capacity[0], 20);
    assert_int_equal(dist(m, 0, 2), 50); /* (3,4)-(0,0) = 5.0 */
    assert_int_equal(dist(m, 0, 1), 42); /* sqrt(18) = 4.2426 */
    assert_int_equal(dist(m, 2, 3), 15); /* non-integer coordinates: 1.5 */
    rd_model_destroy(m);

    assert_int_equal(parse_text(hand_tw, RD_ROUND_NINT, &m, NULL), RD_OK);
    assert_int_equal(m->scale, 1);
    assert_int_equal(dist(m, 0, 1), 4);
    assert_int_equal(dist(m, 2, 3), 2);      /* nint(1.5) = 2 */
    assert_int_equal(m->tw_end[1], 101);     /* llround(100.5) */
    assert_int_equal(m->task_service[1], 3); /* llround(2.5) */
    rd_model_destroy(m);
}

static const char *const explicit_head =
    "NAME : ex\nDIMENSION : 3\nCAPACITY : 5\nEDGE_WEIGHT_TYPE : EXPLICIT\n";
static const char *const explicit_tail =
    "DEMAND_SECTION\n1 0\n2 1\n3 1\nDEPOT_SECTION\n 1\n -1\nEOF\n";

static rd_model *explicit_model(const char *format_and_section, rd_round round) {
    char text[1024];
    snprintf(text, sizeof text, "%s%s%s", explicit_head, format_and_section, explicit_tail);
    rd_model *m;
    rd_error err;
    rd_error_clear(&err);
    rd_status st = parse_text(text, round, &m, &err);
    if (st) print_error("%s\n", err.msg);
    assert_int_equal(st, RD_OK);
    assert_null(m->x);
    return m;
}

/* Symmetric matrix 0 1 2 / 1 0 3 / 2 3 0 in every triangular layout. */
static void test_explicit_formats(void **state) {
    (void)state;
    const char *layouts[] = {
        "EDGE_WEIGHT_FORMAT : LOWER_ROW\nEDGE_WEIGHT_SECTION\n1\n2 3\n",
        "EDGE_WEIGHT_FORMAT : UPPER_ROW\nEDGE_WEIGHT_SECTION\n1 2\n3\n",
        "EDGE_WEIGHT_FORMAT : LOWER_DIAG_ROW\nEDGE_WEIGHT_SECTION\n0\n1 0\n2 3 0\n",
        "EDGE_WEIGHT_FORMAT : UPPER_DIAG_ROW\nEDGE_WEIGHT_SECTION\n0 1 2 0 3 0\n",
        "EDGE_WEIGHT_FORMAT : FULL_MATRIX\nEDGE_WEIGHT_SECTION\n0 1 2\n1 0\n3 2 3 0\n",
    };
    const int64_t want[9] = {0, 1, 2, 1, 0, 3, 2, 3, 0};
    for (size_t k = 0; k < sizeof layouts / sizeof *layouts; k++) {
        rd_model *m = explicit_model(layouts[k], RD_ROUND_NONE);
        assert_int_equal(m->round, RD_ROUND_NINT);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) assert_int_equal(dist(m, i, j), want[i * 3 + j]);
        rd_model_destroy(m);
    }
}

static void test_explicit_asymmetric_and_rounding(void **state) {
    (void)state;
    const char *full = "EDGE_WEIGHT_FORMAT: FULL_MATRIX\nEDGE_WEIGHT_SECTION\n"
                       "0 1.5 2.26\n4 0 6\n7 8.04 0\n";
    rd_model *m = explicit_model(full, RD_ROUND_NONE);
    assert_int_equal(dist(m, 0, 1), 2); /* nint */
    assert_int_equal(dist(m, 1, 0), 4);
    assert_int_equal(dist(m, 0, 2), 2);
    assert_int_equal(dist(m, 2, 1), 8);
    rd_model_destroy(m);
    m = explicit_model(full, RD_ROUND_TRUNC1);
    assert_int_equal(dist(m, 0, 1), 15);
    assert_int_equal(dist(m, 0, 2), 22);
    assert_int_equal(dist(m, 2, 1), 80);
    rd_model_destroy(m);
    m = explicit_model(full, RD_ROUND_EXACT);
    assert_int_equal(dist(m, 0, 2), 2260000);
    rd_model_destroy(m);
}

static void test_depot_section_endings(void **state) {
    (void)state;
    const char *base = "NAME : d\nDIMENSION : 3\nCAPACITY : 5\nNODE_COORD_SECTION\n1 0 0\n2 0 3\n"
                       "3 4 0\nDEMAND_SECTION\n1 1\n2 0\n3 1\nDEPOT_SECTION\n2\n";
    const char *endings[] = {"", "-1\n", "EOF\n", "\n\n", "-1\nEOF"};
    for (size_t k = 0; k < sizeof endings / sizeof *endings; k++) {
        char text[512];
        snprintf(text, sizeof text, "%s%s", base, endings[k]);
        rd_model *m;
        assert_int_equal(parse_text(text, RD_ROUND_NONE, &m, NULL), RD_OK);
        assert_int_equal(m->vehicles[0].start_loc, 1);
        assert_int_equal(m->n_tasks, 2);
        assert_int_equal(m->task_loc[1], 2);
        assert_int_equal(m->task_id[1], 2);
        rd_model_destroy(m);
    }
    /* No DEPOT_SECTION at all: node 1 is the depot. */
    rd_model *m;
    assert_int_equal(parse_text("NAME : d\nDIMENSION : 2\nCAPACITY : 5\nNODE_COORD_SECTION\n1 0 0\n"
                                "2 0 3\nDEMAND_SECTION\n1 0\n2 5\n",
                                RD_ROUND_NONE, &m, NULL),
                     RD_OK);
    assert_int_equal(m->vehicles[0].start_loc, 0);
    assert_int_equal(m->vehicles[0].count, 1);
    rd_model_destroy(m);
}

typedef struct bad_case {
    const char *file;
    rd_status status;
    const char *msg;
} bad_case;

/* The fixtures of tests/fixtures and the message each must give (also
 * checked through the CLI by tests/cli/bad_input.sh). */
static const bad_case bad_cases[] = {
    {"truncated.vrp", RD_ERR_INPUT, "truncated.vrp:9: NODE_COORD_SECTION ends after 3 of 5 nodes"},
    {"missing_section.vrp", RD_ERR_INPUT, "missing_section.vrp:15: missing DEMAND_SECTION"},
    {"non_numeric.vrp", RD_ERR_INPUT, "non_numeric.vrp:9: y coordinate: 'abc' is not a number"},
    {"crlf_non_numeric.vrp", RD_ERR_INPUT,
     "crlf_non_numeric.vrp:14: demand: '3x' is not an integer"},
    {"negative_demand.vrp", RD_ERR_INPUT, "negative_demand.vrp:15: node 3: negative demand -4"},
    {"negative_capacity.vrp", RD_ERR_INPUT, "negative_capacity.vrp:5: negative CAPACITY -10"},
    {"demand_over_capacity.vrp", RD_ERR_INPUT,
     "demand_over_capacity.vrp:16: node 4: demand 15 exceeds CAPACITY 10"},
    {"tw_end_before_start.vrp", RD_ERR_INPUT,
     "tw_end_before_start.vrp:21: node 3: time window [50, 20] ends before it starts"},
    {"unknown_ewt.vrp", RD_ERR_INPUT, "unknown_ewt.vrp:4: EDGE_WEIGHT_TYPE 'GEO' is not supported"},
    {"empty.vrp", RD_ERR_INPUT, "empty.vrp: empty file"},
    {"duplicate_node.vrp", RD_ERR_INPUT,
     "duplicate_node.vrp:10: NODE_COORD_SECTION: node 2 listed twice (first at line 8)"},
    {"node_out_of_range.vrp", RD_ERR_INPUT,
     "node_out_of_range.vrp:16: DEMAND_SECTION: node 9 out of range 1..5"},
    {"missing_capacity.vrp", RD_ERR_INPUT, "missing_capacity.vrp:20: missing CAPACITY"},
    {"missing_dimension.vrp", RD_ERR_INPUT,
     "missing_dimension.vrp:5: NODE_COORD_SECTION before DIMENSION"},
    {"multi_depot.vrp", RD_ERR_INPUT, "multi_depot.vrp:20: DEPOT_SECTION: second depot 2"},
    {"matrix_too_short.vrp", RD_ERR_INPUT,
     "matrix_too_short.vrp:10: EDGE_WEIGHT_SECTION ends after 3 of 6 values"},
    {"unexpected_line.vrp", RD_ERR_INPUT, "unexpected_line.vrp:6: unexpected 'NODE_COORDS'"},
    {"unknown_format.txt", RD_ERR_INPUT, "unknown_format.txt:1: unrecognised instance format"},
};

static void test_bad_fixtures(void **state) {
    (void)state;
    char path[1024];
    for (size_t k = 0; k < sizeof bad_cases / sizeof *bad_cases; k++) {
        const bad_case *c = &bad_cases[k];
        snprintf(path, sizeof path, "%s/tests/fixtures/%s", RONDO_SOURCE_DIR, c->file);
        rd_model *m = (rd_model *)1;
        rd_error err;
        rd_error_clear(&err);
        rd_status st = rd_instance_read(path, RD_ROUND_NONE, &m, &err);
        if (st != c->status || !strstr(err.msg, c->msg))
            print_error("%s: got %d \"%s\", want %d \"%s\"\n", c->file, st, err.msg, c->status,
                        c->msg);
        assert_int_equal(st, c->status);
        assert_non_null(strstr(err.msg, c->msg));
        assert_null(m);
        /* The message starts with the path as given. */
        assert_int_equal(strncmp(err.msg, path, strlen(path)), 0);
    }
}

/* parse_text under explicit limits. */
static void expect_limited(const char *text, const rd_limits *lim, const char *msg) {
    rd_lex lx;
    rd_error err;
    rd_model *m = (rd_model *)1;
    rd_error_clear(&err);
    rd_status st = rd_lex_from_text(&lx, "hand.vrp", text, strlen(text), &err);
    if (st == RD_OK) st = rd_vrplib_parse_limited(&lx, RD_ROUND_NONE, lim, &m, &err);
    rd_lex_close(&lx);
    if (st != RD_ERR_INPUT || strcmp(err.msg, msg))
        print_error("got %d \"%s\", want \"%s\"\n", st, err.msg, msg);
    assert_int_equal(st, RD_ERR_INPUT);
    assert_string_equal(err.msg, msg);
    assert_null(m);
}

#define SMALL3                                                                                     \
    "NAME : s\nTYPE : CVRP\nDIMENSION : 3\nVEHICLES : 2\nCAPACITY : 10\n"                          \
    "EDGE_WEIGHT_TYPE : EUC_2D\nNODE_COORD_SECTION\n1 0 0\n2 3 4\n3 6 8\nDEMAND_SECTION\n1 0\n"    \
    "2 1\n3 1\nDEPOT_SECTION\n1\n-1\nEOF\n"

/* Reads text (a .vrp) under `round` with the travel `mode`. */
static rd_model *read_mode(const char *text, rd_round round, rd_travel_mode mode) {
    rd_limits lim;
    rd_limits_init(&lim);
    lim.travel = mode;
    rd_lex lx;
    rd_error err;
    rd_model *m = NULL;
    rd_status st = rd_lex_from_text(&lx, "hand.vrp", text, strlen(text), &err);
    if (st == RD_OK) st = rd_vrplib_parse_limited(&lx, round, &lim, &m, &err);
    rd_lex_close(&lx);
    if (st != RD_OK) print_error("%s\n", err.msg);
    assert_int_equal(st, RD_OK);
    return m;
}

/* On-demand travel (--matrix on-demand) gives every entry the dense matrix
 * holds, in every convention: integral and fractional coordinates, the
 * trunc1 integer path, ties and coincident points, large coordinates. */
static void test_on_demand_equals_dense(void **state) {
    (void)state;
    enum { N = 160 };
    const rd_round rounds[] = {RD_ROUND_NINT, RD_ROUND_TRUNC1, RD_ROUND_EXACT};
    size_t cap = 64 * N + 512;
    char *text = malloc(cap);
    assert_non_null(text);
    uint64_t s = 12345;
    for (int kind = 0; kind < 4; kind++) {
        size_t len = (size_t)snprintf(text, cap,
                                      "NAME : r\nTYPE : CVRP\nDIMENSION : %d\nCAPACITY : 10\n"
                                      "EDGE_WEIGHT_TYPE : EUC_2D\nNODE_COORD_SECTION\n",
                                      N);
        for (int i = 0; i < N; i++) {
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            double a = (double)(s >> 40 & 0xffff), b = (double)(s >> 20 & 0xffff);
            switch (kind) {
            case 0: a = fmod(a, 9), b = fmod(b, 9); break; /* integers: many ties, coincident */
            case 1: a /= 7.0, b /= 13.0; break;            /* fractional */
            case 2: a *= 150.0, b *= 150.0; break;         /* large integers (< 10^7) */
            case 3: a = a * 1000.0 + 0.25, b = b * 1000.0; break; /* large, not integral */
            }
            len += (size_t)snprintf(text + len, cap - len, "%d %.17g %.17g\n", i + 1, a, b);
        }
        len += (size_t)snprintf(text + len, cap - len, "DEMAND_SECTION\n");
        for (int i = 0; i < N; i++)
            len += (size_t)snprintf(text + len, cap - len, "%d %d\n", i + 1, i ? 1 : 0);
        snprintf(text + len, cap - len, "DEPOT_SECTION\n1\n-1\nEOF\n");
        for (size_t r = 0; r < sizeof rounds / sizeof *rounds; r++) {
            rd_model *d = read_mode(text, rounds[r], RD_TRAVEL_DENSE);
            rd_model *o = read_mode(text, rounds[r], RD_TRAVEL_ON_DEMAND);
            assert_non_null(d->distances[0].v);
            assert_null(o->distances[0].v);
            assert_null(o->costs[0].v);
            assert_null(o->durations[0].v);
            int64_t mx = 0;
            for (int i = 0; i < N; i++)
                for (int j = 0; j < N; j++) {
                    int64_t want = rd_matrix_at(&d->costs[0], i, j);
                    if (want > mx) mx = want;
                    if (rd_matrix_at(&o->costs[0], i, j) != want ||
                        rd_matrix_at(&o->durations[0], i, j) != want ||
                        rd_matrix_at(&o->distances[0], i, j) != want)
                        fail_msg("kind %d, %s: (%d, %d) on demand %lld, dense %lld", kind,
                                 rd_round_name(rounds[r]), i, j,
                                 (long long)rd_matrix_at(&o->costs[0], i, j), (long long)want);
                }
            /* the on-demand bound holds; the dense one is exact */
            assert_int_equal(rd_matrix_max(&d->costs[0]), mx);
            assert_true(rd_matrix_max(&o->costs[0]) >= mx);
            rd_model_destroy(d);
            rd_model_destroy(o);
        }
    }
    free(text);
}

/* Size limits (io/limits.h): checked when the header is read, before
 * anything grows with them. */
static void test_limits(void **state) {
    (void)state;
    rd_limits lim;
    rd_limits_init(&lim);
    rd_model *m = NULL;
    rd_error err;
    assert_int_equal(parse_text(SMALL3, RD_ROUND_NONE, &m, &err), RD_OK);
    rd_model_destroy(m);
    lim.max_locations = 2;
    expect_limited(SMALL3, &lim,
                   "hand.vrp:3: DIMENSION 3 exceeds the limit of 2 locations (--max-locations)");
    rd_limits_init(&lim);
    lim.max_vehicles = 1;
    expect_limited(SMALL3, &lim, "hand.vrp:4: VEHICLES 2 out of range 1..1 (--max-vehicles)");
    rd_limits_init(&lim);
    lim.max_matrix_bytes = 71; /* 3 × 3 × 8 = 72 */
    lim.travel = RD_TRAVEL_DENSE;
    expect_limited(SMALL3, &lim,
                   "hand.vrp:3: DIMENSION 3 needs a travel matrix of 72 bytes, over the limit "
                   "of 71 (--max-matrix-bytes)");
    /* an explicit matrix is dense whatever --matrix says */
    lim.travel = RD_TRAVEL_ON_DEMAND;
    expect_limited("NAME : e\nTYPE : CVRP\nDIMENSION : 3\nCAPACITY : 10\n"
                   "EDGE_WEIGHT_TYPE : EXPLICIT\nEDGE_WEIGHT_FORMAT : FULL_MATRIX\n",
                   &lim,
                   "hand.vrp:3: DIMENSION 3 needs a travel matrix of 72 bytes, over the limit "
                   "of 71 (--max-matrix-bytes)");
    /* auto: coordinates over the limit are computed on demand, not refused */
    lim.travel = RD_TRAVEL_AUTO;
    rd_lex lx;
    assert_int_equal(rd_lex_from_text(&lx, "hand.vrp", SMALL3, strlen(SMALL3), &err), RD_OK);
    assert_int_equal(rd_vrplib_parse_limited(&lx, RD_ROUND_NONE, &lim, &m, &err), RD_OK);
    rd_lex_close(&lx);
    assert_null(m->distances[0].v);
    assert_int_equal(rd_matrix_at(&m->costs[0], 0, 2), 10);
    assert_int_equal(rd_matrix_at(&m->durations[0], 2, 1), 5);
    rd_model_destroy(m);
    lim.max_matrix_bytes = 72;
    assert_int_equal(rd_vrplib_read(X101, RD_ROUND_NONE, &m, &err), RD_OK);
    rd_model_destroy(m);
    rd_limits_init(&lim);
    /* 20000² explicit weights promised, three given: an error about the
     * missing values, after storing only what the file holds */
    expect_limited("NAME : e\nTYPE : CVRP\nDIMENSION : 20000\nCAPACITY : 10\n"
                   "EDGE_WEIGHT_TYPE : EXPLICIT\nEDGE_WEIGHT_FORMAT : FULL_MATRIX\n"
                   "EDGE_WEIGHT_SECTION\n0 1 2\nEOF\n",
                   &lim,
                   "hand.vrp:9: EDGE_WEIGHT_SECTION ends after 3 of 400000000 values "
                   "(FULL_MATRIX, DIMENSION 20000)");
}

static void test_bad_inline(void **state) {
    (void)state;
    expect_error("NAME : a\nDIMENSION : 1000001\n", RD_ERR_INPUT,
                 "hand.vrp:2: DIMENSION 1000001 exceeds the limit of 1000000 locations "
                 "(--max-locations)");
    expect_error("NAME : a\nDIMENSION : 2000000000\n", RD_ERR_INPUT,
                 "hand.vrp:2: DIMENSION 2000000000 exceeds the limit of 1000000 locations "
                 "(--max-locations)");
    expect_error("NAME : a\nDIMENSION : 3\nVEHICLES : 100001\n", RD_ERR_INPUT,
                 "hand.vrp:3: VEHICLES 100001 out of range 1..100000 (--max-vehicles)");
    expect_error("NAME : a\nDIMENSION : 0\n", RD_ERR_INPUT, "hand.vrp:2: DIMENSION 0 < 1");
    expect_error("DIMENSION : 3\nDIMENSION : 3\n", RD_ERR_INPUT,
                 "hand.vrp:2: DIMENSION given twice (first at line 1)");
    expect_error("DIMENSION : 3 4\n", RD_ERR_INPUT, "hand.vrp:1: unexpected '4' after DIMENSION");
    expect_error("DIMENSION :\n", RD_ERR_INPUT,
                 "hand.vrp:1: expected DIMENSION, found end of line");
    expect_error("DIMENSION : 2\nCAPACITY : 5\nVEHICLES : 0\n", RD_ERR_INPUT,
                 "hand.vrp:3: VEHICLES 0 out of range");
    expect_error("DIMENSION : 2\nEDGE_WEIGHT_TYPE : EXPLICIT\nEDGE_WEIGHT_FORMAT : FUNNY\n",
                 RD_ERR_INPUT, "hand.vrp:3: EDGE_WEIGHT_FORMAT 'FUNNY' is not supported");
    expect_error("DIMENSION : 2\nCAPACITY : 5\nNODE_COORD_SECTION\n1 0 0\n2 0\n", RD_ERR_INPUT,
                 "hand.vrp:5: expected y coordinate, found end of line");
    expect_error("DIMENSION : 2\nCAPACITY : 5\nNODE_COORD_SECTION\n1 0 0 0\n", RD_ERR_INPUT,
                 "hand.vrp:4: unexpected '0' after the values of a node row");
    expect_error("DIMENSION : 2\nCAPACITY : 5\nNODE_COORD_SECTION\n1 0 0\nfoo 1 2\n", RD_ERR_INPUT,
                 "hand.vrp:5: NODE_COORD_SECTION: 'foo' is not a node number");
    expect_error("DIMENSION : 2\nCAPACITY : 5\nNODE_COORD_SECTION\n1 0 0\n2 1e10 0\n", RD_ERR_INPUT,
                 "hand.vrp:5: x coordinate 1e+10 out of range");
    expect_error(
        "DIMENSION : 2\nCAPACITY : 5\nNODE_COORD_SECTION\n1 0 0\n2 0 1\nNODE_COORD_SECTION\n",
        RD_ERR_INPUT, "hand.vrp:6: NODE_COORD_SECTION given twice (first at line 3)");
    expect_error("DIMENSION : 2\nCAPACITY : 5\nNODE_COORD_SECTION\n1 0 0\n2 0 1\nDEMAND_SECTION\n"
                 "1 0\n2 1\nDEPOT_SECTION\n-1\nEOF\n",
                 RD_ERR_INPUT, "hand.vrp:9: DEPOT_SECTION lists no depot");
    expect_error("DIMENSION : 2\nCAPACITY : 5\nNODE_COORD_SECTION\n1 0 0\n2 0 1\nDEMAND_SECTION\n"
                 "1 0\n2 1\nDEPOT_SECTION\n3\n-1\n",
                 RD_ERR_INPUT, "hand.vrp:10: DEPOT_SECTION: node 3 out of range 1..2");
    expect_error("DIMENSION : 2\nCAPACITY : 5\nEDGE_WEIGHT_TYPE : EXPLICIT\nEDGE_WEIGHT_FORMAT : "
                 "FULL_MATRIX\nEDGE_WEIGHT_SECTION\n0 1\n1 x\n",
                 RD_ERR_INPUT, "hand.vrp:7: edge weight: 'x' is not a number");
    expect_error("DIMENSION : 2\nCAPACITY : 5\nEDGE_WEIGHT_TYPE : EXPLICIT\nEDGE_WEIGHT_FORMAT : "
                 "FULL_MATRIX\nEDGE_WEIGHT_SECTION\n0 -1\n1 0\n",
                 RD_ERR_INPUT, "hand.vrp:6: edge weight -1 out of range");
    expect_error("DIMENSION : 2\nCAPACITY : 5\nEDGE_WEIGHT_TYPE : EXPLICIT\nEDGE_WEIGHT_FORMAT : "
                 "FULL_MATRIX\nEDGE_WEIGHT_SECTION\n0 1\n1 0 7\n",
                 RD_ERR_INPUT, "hand.vrp:7: unexpected '7' after the last edge weight");
    /* the format decides how many weights the section holds and where they go:
     * once, before the section (a fuzzer's file read 6 LOWER_ROW weights, then
     * switched to FULL_MATRIX and placed 16) */
    expect_error(
        "DIMENSION : 4\nCAPACITY : 5\nEDGE_WEIGHT_TYPE : EXPLICIT\nEDGE_WEIGHT_FORMAT : "
        "LOWER_ROW\nEDGE_WEIGHT_SECTION\n1 2 3\n4 5\n6\nEDGE_WEIGHT_FORMAT : FULL_MATRIX\n",
        RD_ERR_INPUT, "hand.vrp:9: EDGE_WEIGHT_FORMAT given twice (first at line 4)");
    expect_error("DIMENSION : 2\nCAPACITY : 5\nEDGE_WEIGHT_TYPE : EXPLICIT\nEDGE_WEIGHT_SECTION\n"
                 "0 1\n1 0\nEDGE_WEIGHT_FORMAT : LOWER_ROW\n",
                 RD_ERR_INPUT,
                 "hand.vrp:7: EDGE_WEIGHT_FORMAT after EDGE_WEIGHT_SECTION (line 4), which was "
                 "read as FULL_MATRIX");
    expect_error("DIMENSION : 2\nCAPACITY : 5\nEDGE_WEIGHT_TYPE : EXPLICIT\nNODE_COORD_SECTION\n"
                 "1 0 0\n2 0 1\nDEMAND_SECTION\n1 0\n2 1\n",
                 RD_ERR_INPUT, "hand.vrp:9: missing EDGE_WEIGHT_SECTION");
    expect_error("DIMENSION : 2\nCAPACITY : 5\nEDGE_WEIGHT_SECTION\n0 1\n1 0\n", RD_ERR_INPUT,
                 "hand.vrp:3: EDGE_WEIGHT_SECTION but EDGE_WEIGHT_TYPE is not EXPLICIT");
    expect_error("DIMENSION : 2\nCAPACITY : 5\nNODE_COORD_SECTION\n1 0 0\n2 0 1\n"
                 "TIME_WINDOW_SECTION\n1 -5 10\n2 0 1\n",
                 RD_ERR_INPUT, "hand.vrp:7: node 1: time window starts before 0");
    expect_error("DIMENSION : 2\nCAPACITY : 5\nNODE_COORD_SECTION\n1 0 0\n2 0 1\n"
                 "SERVICE_TIME_SECTION\n1 0\n2 -1\n",
                 RD_ERR_INPUT, "hand.vrp:8: node 2: negative service time -1");
    expect_error("DIMENSION : 2\nCAPACITY : 5\nBACKHAUL_SECTION\n1 0\nfoo bar\n", RD_ERR_INPUT,
                 "hand.vrp:5: unexpected 'foo'");
    expect_error("DIMENSION : 2\n1 2 3\n", RD_ERR_INPUT, "hand.vrp:2: unexpected '1'");
    expect_error("DIMENSION : 2\nCAPACITY : 5\nDEMAND_SECTION\n1 0\n2 1\n", RD_ERR_INPUT,
                 "hand.vrp:5: missing NODE_COORD_SECTION");
    expect_error(" \r\n\t\n", RD_ERR_INPUT, "hand.vrp: empty file");
    expect_error("NAME : pyvrp\nDIMENSION : 2\nVEHICLES : 2\nNODE_COORD_SECTION\n1 0 0\n2 0 1\n"
                 "DEMAND_SECTION\n1 0\n2 1\nCAPACITY_SECTION\n1 10\n2 20\nEOF\n",
                 RD_ERR_INPUT,
                 "hand.vrp:13: missing CAPACITY (per-vehicle CAPACITY_SECTION is not supported)");
}

/* Every prefix of a valid file, and many single-byte corruptions of it, must
 * give RD_OK or an input error, never a crash, hang or leak (ASan build). */
static void test_truncation_and_corruption_sweep(void **state) {
    (void)state;
    size_t n = strlen(hand_tw);
    char *buf = malloc(n + 1);
    assert_non_null(buf);
    for (size_t len = 0; len <= n; len++) {
        memcpy(buf, hand_tw, len);
        buf[len] = '\0';
        rd_model *m;
        rd_error err;
        rd_status st = parse_text(buf, RD_ROUND_NONE, &m, &err);
        assert_true(st == RD_OK || st == RD_ERR_INPUT);
        if (st == RD_OK) {
            /* valid from the last demand row on (a CVRP without windows) */
            assert_true(len >= (size_t)(strstr(hand_tw, "\n4 2") - hand_tw) + 4);
            rd_model_destroy(m);
        } else {
            assert_non_null(strstr(err.msg, "hand.vrp"));
        }
    }
    const char bytes[] = {'\0', '\n', '\r', ' ', '-', '9', ':', 'x', '.', 'E', '\xff'};
    uint64_t seed = 12345;
    for (int k = 0; k < 3000; k++) {
        memcpy(buf, hand_tw, n + 1);
        for (int r = 0; r < 1 + k % 3; r++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            size_t at = (size_t)(seed >> 33) % n;
            buf[at] = bytes[(seed >> 20) % sizeof bytes];
        }
        rd_lex lx;
        assert_int_equal(rd_lex_from_text(&lx, "hand.vrp", buf, n, NULL), RD_OK);
        rd_model *m;
        rd_status st = rd_vrplib_parse(&lx, RD_ROUND_NONE, &m, NULL);
        assert_true(st == RD_OK || st == RD_ERR_INPUT);
        rd_model_destroy(m);
        rd_lex_close(&lx);
    }
    free(buf);
}

static void test_round_names(void **state) {
    (void)state;
    rd_round r;
    assert_int_equal(rd_round_parse("nint", &r), 0);
    assert_int_equal(r, RD_ROUND_NINT);
    assert_int_equal(rd_round_parse("trunc1", &r), 0);
    assert_int_equal(r, RD_ROUND_TRUNC1);
    assert_int_equal(rd_round_parse("dimacs", &r), 0);
    assert_int_equal(r, RD_ROUND_TRUNC1);
    assert_int_equal(rd_round_parse("exact", &r), 0);
    assert_int_equal(r, RD_ROUND_EXACT);
    assert_int_equal(rd_round_parse("NINT", &r), -1);
    assert_int_equal(rd_round_parse("", &r), -1);
    assert_string_equal(rd_round_name(RD_ROUND_NINT), "nint");
    assert_string_equal(rd_round_name(RD_ROUND_TRUNC1), "trunc1");
    assert_string_equal(rd_round_name(RD_ROUND_EXACT), "exact");
    assert_string_equal(rd_round_name(RD_ROUND_NONE), "none");
}

static void test_instance_errors(void **state) {
    (void)state;
    rd_model *m = (rd_model *)1;
    rd_error err;
    assert_int_equal(rd_instance_read(RONDO_SOURCE_DIR "/tests/fixtures", RD_ROUND_NONE, &m, &err),
                     RD_ERR_INPUT);
    assert_non_null(strstr(err.msg, "tests/fixtures: is a directory"));
    assert_null(m);
    assert_int_equal(rd_instance_read(FIX("no_such_file.vrp"), RD_ROUND_NONE, &m, &err),
                     RD_ERR_INPUT);
    assert_non_null(strstr(err.msg, "no_such_file.vrp: cannot open: No such file"));
    assert_int_equal(rd_vrplib_read(FIX("empty.vrp"), RD_ROUND_NONE, &m, &err), RD_ERR_INPUT);
    assert_non_null(strstr(err.msg, "empty.vrp: empty file"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_x101_default),
        cmocka_unit_test(test_x101_conventions),
        cmocka_unit_test(test_hand_tw),
        cmocka_unit_test(test_explicit_formats),
        cmocka_unit_test(test_explicit_asymmetric_and_rounding),
        cmocka_unit_test(test_depot_section_endings),
        cmocka_unit_test(test_bad_fixtures),
        cmocka_unit_test(test_bad_inline),
        cmocka_unit_test(test_truncation_and_corruption_sweep),
        cmocka_unit_test(test_round_names),
        cmocka_unit_test(test_instance_errors),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_on_demand_equals_dense),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
