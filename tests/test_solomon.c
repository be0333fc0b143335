/* Tests of the Solomon/Homberger reader: C101 under each convention,
 * hand-written layouts, and every bad-input case with its exact message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/instance.h"
#include "io/lex.h"
#include "io/solomon.h"

#define C101 RONDO_SOURCE_DIR "/instances/C101.txt"

static int64_t dist(const rd_model *m, int i, int j) {
    return rd_matrix_at(&m->distances[0], i, j);
}

static rd_status parse_text(const char *text, rd_round round, rd_model **m, rd_error *err) {
    rd_lex lx;
    rd_status st = rd_lex_from_text(&lx, "hand.txt", text, strlen(text), err);
    if (st == RD_OK) st = rd_solomon_parse(&lx, round, m, err);
    rd_lex_close(&lx);
    return st;
}

static void expect_error(const char *text, const char *msg) {
    rd_model *m = (rd_model *)1;
    rd_error err;
    rd_error_clear(&err);
    rd_status st = parse_text(text, RD_ROUND_NONE, &m, &err);
    if (st != RD_ERR_INPUT || !strstr(err.msg, msg))
        print_error("got %d \"%s\", want \"%s\"\n", st, err.msg, msg);
    assert_int_equal(st, RD_ERR_INPUT);
    assert_non_null(strstr(err.msg, msg));
    assert_null(m);
}

static void test_c101_trunc1(void **state) {
    (void)state;
    rd_model *m;
    rd_error err;
    /* through the format sniffing of rd_instance_read */
    assert_int_equal(rd_instance_read(C101, RD_ROUND_NONE, &m, &err), RD_OK);
    assert_string_equal(m->name, "C101");
    assert_int_equal(m->round, RD_ROUND_TRUNC1);
    assert_int_equal(m->scale, 10);
    assert_int_equal(m->has_tw, 1);
    assert_int_equal(m->n_locs, 101);
    assert_int_equal(m->n_tasks, 100);
    assert_int_equal(m->vehicles[0].count, 25);
    assert_int_equal(m->veh_capacity[0], 200);
    assert_int_equal(m->vehicles[0].start_loc, 0);
    assert_int_equal(m->vehicles[0].end_loc, 0);
    assert_int_equal(m->vehicles[0].tw_start, 0);
    assert_int_equal(m->vehicles[0].tw_end, 12360);
    /* customer 1: (45,68) demand 10, window [912, 967], service 90 */
    assert_int_equal(m->task_id[0], 1);
    assert_int_equal(m->task_loc[0], 1);
    assert_int_equal(m->task_pickup[0], 10);
    assert_int_equal(m->tw_start[0], 9120);
    assert_int_equal(m->tw_end[0], 9670);
    assert_int_equal(m->task_service[0], 900);
    assert_int_equal(m->task_id[99], 100);
    /* depot (40,50) - customer 1 (45,68): floor(sqrt(100 * (25 + 324))) = 186 tenths */
    assert_int_equal(dist(m, 0, 1), 186);
    assert_int_equal(dist(m, 1, 0), 186);
    assert_int_equal(rd_matrix_at(&m->durations[0], 0, 1), 186);
    assert_int_equal(rd_matrix_at(&m->costs[0], 0, 1), 186);
    rd_model_destroy(m);
}

static void test_c101_other_conventions(void **state) {
    (void)state;
    rd_model *m;
    assert_int_equal(rd_solomon_read(C101, RD_ROUND_NINT, &m, NULL), RD_OK);
    assert_int_equal(m->scale, 1);
    assert_int_equal(dist(m, 0, 1), 19);
    assert_int_equal(m->tw_end[0], 967);
    rd_model_destroy(m);
    assert_int_equal(rd_solomon_read(C101, RD_ROUND_EXACT, &m, NULL), RD_OK);
    assert_int_equal(m->scale, 1000000);
    assert_int_equal(dist(m, 0, 1), 18681542); /* sqrt(349) = 18.681542 */
    assert_int_equal(m->tw_end[0], 967000000);
    assert_int_equal(m->task_service[0], 90000000);
    rd_model_destroy(m);
}

static void test_hand_layout(void **state) {
    (void)state;
    /* Customer numbers need not be contiguous; no column header line; LF. */
    const char *text = "\n  tiny \n\nVEHICLE\nNUMBER CAPACITY\n 2 30\n\nCUSTOMER\n"
                       "0 0 0 0 0 100 0\n"
                       "7 3 4 10 5 50 2.5\n"
                       "\n"
                       "5 0 1.5 20 0 60 1\n";
    rd_model *m;
    rd_error err;
    rd_error_clear(&err);
    rd_status st = parse_text(text, RD_ROUND_NONE, &m, &err);
    if (st) print_error("%s\n", err.msg);
    assert_int_equal(st, RD_OK);
    assert_string_equal(m->name, "tiny");
    assert_int_equal(m->n_tasks, 2);
    assert_int_equal(m->task_id[0], 7);
    assert_int_equal(m->task_id[1], 5);
    assert_int_equal(m->task_loc[1], 2);
    assert_int_equal(m->task_service[0], 25);
    assert_int_equal(m->tw_start[0], 50);
    assert_int_equal(m->tw_end[1], 600);
    assert_int_equal(m->vehicles[0].count, 2);
    assert_int_equal(m->vehicles[0].tw_end, 1000);
    assert_int_equal(dist(m, 0, 1), 50);
    assert_int_equal(dist(m, 0, 2), 15);
    rd_model_destroy(m);
}

typedef struct bad_case {
    const char *file;
    const char *msg;
} bad_case;

static const bad_case bad_cases[] = {
    {"tw_end_before_start.txt",
     "tw_end_before_start.txt:10: customer 2: time window [825, 800] ends before it starts"},
    {"solomon_short_row.txt", "solomon_short_row.txt:11: expected service time, found end of line"},
    {"solomon_duplicate.txt",
     "solomon_duplicate.txt:11: customer 1 listed twice (first at line 9)"},
    {"solomon_over_capacity.txt",
     "solomon_over_capacity.txt:10: customer 2: demand 60 exceeds capacity 50"},
    {"solomon_no_vehicle.txt", "solomon_no_vehicle.txt:2: expected VEHICLE, found 'NUMBER'"},
};

static void test_bad_fixtures(void **state) {
    (void)state;
    char path[1024];
    for (size_t k = 0; k < sizeof bad_cases / sizeof *bad_cases; k++) {
        snprintf(path, sizeof path, "%s/tests/fixtures/%s", RONDO_SOURCE_DIR, bad_cases[k].file);
        rd_model *m = (rd_model *)1;
        rd_error err;
        rd_error_clear(&err);
        rd_status st = rd_instance_read(path, RD_ROUND_NONE, &m, &err);
        if (st != RD_ERR_INPUT || !strstr(err.msg, bad_cases[k].msg))
            print_error("%s: got %d \"%s\"\n", bad_cases[k].file, st, err.msg);
        assert_int_equal(st, RD_ERR_INPUT);
        assert_non_null(strstr(err.msg, bad_cases[k].msg));
        assert_null(m);
    }
}

#define HEAD "T\nVEHICLE\nNUMBER CAPACITY\n2 30\nCUSTOMER\nCUST NO. ...\n"

/* Size limits (io/limits.h): rows and vehicles, as the rows arrive. */
static void test_limits(void **state) {
    (void)state;
    const char *text = HEAD "0 0 0 0 0 100 0\n1 1 1 5 0 50 0\n2 2 2 5 0 50 0\n";
    rd_limits lim;
    rd_limits_init(&lim);
    struct {
        int64_t locs, veh, bytes;
        const char *msg;
    } cases[] = {
        {2, 100, 1000, "hand.txt:9: more than 2 rows (locations, --max-locations)"},
        {20, 1, 1000, "hand.txt:4: vehicle NUMBER 2 out of range 1..1 (--max-vehicles)"},
        {20, 100, 71,
         "hand.txt:9: 3 rows need a travel matrix of 72 bytes, over the limit of 71 "
         "(--max-matrix-bytes)"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        lim.max_locations = cases[k].locs;
        lim.max_vehicles = cases[k].veh;
        lim.max_matrix_bytes = cases[k].bytes;
        lim.travel = RD_TRAVEL_DENSE; /* auto would compute the travel on demand instead */
        rd_lex lx;
        rd_error err;
        rd_model *m = (rd_model *)1;
        rd_error_clear(&err);
        rd_status st = rd_lex_from_text(&lx, "hand.txt", text, strlen(text), &err);
        if (st == RD_OK) st = rd_solomon_parse_limited(&lx, RD_ROUND_NONE, &lim, &m, &err);
        rd_lex_close(&lx);
        if (st != RD_ERR_INPUT || strcmp(err.msg, cases[k].msg))
            print_error("got %d \"%s\", want \"%s\"\n", st, err.msg, cases[k].msg);
        assert_int_equal(st, RD_ERR_INPUT);
        assert_string_equal(err.msg, cases[k].msg);
        assert_null(m);
    }
    rd_model *m = NULL;
    rd_error err;
    assert_int_equal(parse_text(text, RD_ROUND_NONE, &m, &err), RD_OK);
    rd_model_destroy(m);
}

static void test_bad_inline(void **state) {
    (void)state;
    expect_error(HEAD "1 0 0 0 0 100 0\n", "hand.txt:7: the first customer row must be the depot");
    expect_error(HEAD "0 0 0 0 0 100 0\n1 1 1 -5 0 10 0\n",
                 "hand.txt:8: customer 1: negative demand -5");
    expect_error(HEAD "0 0 0 0 0 100 0\n1 1 one 5 0 10 0\n",
                 "hand.txt:8: y coordinate: 'one' is not a number");
    expect_error(HEAD "0 0 0 0 0 100 0\n1 1 1 5 0 10 0 9\n",
                 "hand.txt:8: unexpected '9' after the 7 values of a customer row");
    expect_error(HEAD "0 0 0 0 0 100 0\n1 1 1 5 0 10 -1\n",
                 "hand.txt:8: customer 1: negative service time -1");
    expect_error(HEAD "0 0 0 0 0 100 0\n1 1 1 5 -3 10 0\n",
                 "hand.txt:8: customer 1: ready time -3");
    expect_error(HEAD, "hand.txt:6: no customer rows after CUSTOMER");
    expect_error("T\nVEHICLE\nNUMBER CAPACITY\n2 -30\nCUSTOMER\n0 0 0 0 0 1 0\n",
                 "hand.txt:4: negative CAPACITY -30");
    expect_error("T\nVEHICLE\nNUMBER CAPACITY\n0 30\nCUSTOMER\n0 0 0 0 0 1 0\n",
                 "hand.txt:4: vehicle NUMBER 0 out of range");
    expect_error("T\nVEHICLE\nNUMBER CAPACITY\n2\nCUSTOMER\n",
                 "hand.txt:4: expected CAPACITY, found end of line");
    expect_error("T\nVEHICLE\nNUMBER CAPACITY\n", "hand.txt:3: expected the vehicle NUMBER");
    expect_error("T\nVEHICLE\nNUMBER CAPACITY\n2 30\nCUSTOMERS\n", "hand.txt:5: expected CUSTOMER");
    expect_error("T\nVEHICLE\n", "hand.txt:2: expected NUMBER, found end of file");
    expect_error("\n\n", "hand.txt: empty file");
}

/* Every prefix of C101 reads or fails cleanly. */
static void test_truncation_sweep(void **state) {
    (void)state;
    rd_lex src;
    assert_int_equal(rd_lex_open(&src, C101, NULL), RD_OK);
    size_t ok = 0;
    for (size_t len = 0; len <= src.len; len += 7) {
        rd_lex lx;
        assert_int_equal(rd_lex_from_text(&lx, "c.txt", src.text, len, NULL), RD_OK);
        rd_model *m;
        rd_status st = rd_solomon_parse(&lx, RD_ROUND_NONE, &m, NULL);
        assert_true(st == RD_OK || st == RD_ERR_INPUT);
        ok += st == RD_OK;
        rd_model_destroy(m);
        rd_lex_close(&lx);
    }
    assert_true(ok > 0);
    rd_lex_close(&src);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_c101_trunc1), cmocka_unit_test(test_c101_other_conventions),
        cmocka_unit_test(test_hand_layout), cmocka_unit_test(test_bad_fixtures),
        cmocka_unit_test(test_bad_inline),  cmocka_unit_test(test_truncation_sweep),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
