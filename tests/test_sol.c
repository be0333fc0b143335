/* Tests of the .sol writer and reader, and the independent-evaluator test on
 * real data: the best-known solutions of X-n101-k25 and C101 read back and
 * evaluated by rd_eval must be feasible with the published costs (and, when
 * ../shared/instances is present, every X and Solomon best-known solution). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/instance.h"
#include "io/sol.h"
#include "model/eval.h"

#define INST   RONDO_SOURCE_DIR "/instances/"
#define SHARED RONDO_SOURCE_DIR "/../shared/instances/"

static rd_model *load(const char *path, rd_round round) {
    rd_model *m = NULL;
    rd_error err;
    rd_error_clear(&err);
    rd_status st = rd_instance_read(path, round, &m, &err);
    if (st) print_error("%s\n", err.msg);
    assert_int_equal(st, RD_OK);
    return m;
}

/* Reads `sol` for `m`, evaluates it, and checks feasibility and the cost. */
static void check_bks(const rd_model *m, const char *sol, int64_t want_cost, int want_routes) {
    rd_solution *s;
    int64_t claimed;
    rd_error err;
    rd_error_clear(&err);
    rd_status st = rd_sol_read(sol, m, &s, &claimed, &err);
    if (st) print_error("%s\n", err.msg);
    assert_int_equal(st, RD_OK);
    rd_eval_report rep;
    assert_int_equal(rd_eval(m, s, &rep, NULL), RD_OK);
    if (!rep.feasible || rep.cost != claimed || (want_cost >= 0 && rep.cost != want_cost)) {
        char buf[256];
        for (int k = 0; k < rep.n_viol && k < 5; k++) {
            rd_violation_describe(m, &rep.viol[k], buf, sizeof buf);
            print_error("%s: %s\n", sol, buf);
        }
        print_error("%s: cost %lld claimed %lld\n", sol, (long long)rep.cost, (long long)claimed);
    }
    assert_true(rep.feasible);
    assert_int_equal(rep.cost, claimed);
    if (want_cost >= 0) assert_int_equal(rep.cost, want_cost);
    if (want_routes >= 0) assert_int_equal(rep.n_routes, want_routes);
    assert_int_equal(rep.n_served, m->n_tasks);
    rd_eval_report_free(&rep);
    rd_solution_destroy(s);
}

static void test_bks_x101(void **state) {
    (void)state;
    rd_model *m = load(INST "X-n101-k25.vrp", RD_ROUND_NONE);
    check_bks(m, INST "X-n101-k25.sol", 27591, 26);
    rd_model_destroy(m);
}

static void test_bks_c101(void **state) {
    (void)state;
    rd_model *m = load(INST "C101.txt", RD_ROUND_NONE);
    check_bks(m, INST "C101.sol", 8273, 10); /* 827.3 in tenths */
    rd_model_destroy(m);
}

/* Text of a file with trailing blanks removed from every line. */
static char *slurp_trimmed(const char *path) {
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *out = calloc(1, 1 << 20);
    assert_non_null(out);
    size_t n = 0;
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        size_t k = strlen(line);
        while (k && (line[k - 1] == '\n' || line[k - 1] == '\r' || line[k - 1] == ' ')) k--;
        memcpy(out + n, line, k);
        n += k;
        out[n++] = '\n';
    }
    fclose(f);
    return out;
}

/* Writes `s` with `comments` into a string (caller frees). */
static char *write_to_string(const rd_model *m, const rd_solution *s, const char *comments) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(rd_sol_write(f, m, s, comments, NULL), RD_OK);
    fclose(f);
    return buf;
}

/* The writer reproduces the published files line for line. */
static void test_writer_matches_bks(void **state) {
    (void)state;
    const char *names[2][2] = {{"X-n101-k25.vrp", "X-n101-k25.sol"}, {"C101.txt", "C101.sol"}};
    for (int k = 0; k < 2; k++) {
        char ipath[512], spath[512];
        snprintf(ipath, sizeof ipath, INST "%s", names[k][0]);
        snprintf(spath, sizeof spath, INST "%s", names[k][1]);
        rd_model *m = load(ipath, RD_ROUND_NONE);
        rd_solution *s;
        int64_t claimed;
        assert_int_equal(rd_sol_read(spath, m, &s, &claimed, NULL), RD_OK);
        s->cost = claimed;
        char *got = write_to_string(m, s, "seed 1\nunassigned: none\n");
        char *want = slurp_trimmed(spath);
        const char *head = "# seed 1\n# unassigned: none\n";
        assert_int_equal(strncmp(got, head, strlen(head)), 0);
        assert_string_equal(got + strlen(head), want);
        free(got);
        free(want);
        rd_solution_destroy(s);
        rd_model_destroy(m);
    }
}

static char tmpdir[64];

static int setup_tmp(void **state) {
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/rondo_test_sol_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_tmp(void **state) {
    (void)state;
    DIR *d = opendir(tmpdir);
    if (d) {
        struct dirent *e;
        char p[512];
        while ((e = readdir(d)))
            if (e->d_name[0] != '.') {
                snprintf(p, sizeof p, "%s/%s", tmpdir, e->d_name);
                unlink(p);
            }
        closedir(d);
    }
    rmdir(tmpdir);
    return 0;
}

static const char *write_tmp(const char *name, const char *text) {
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* write -> read -> same routes and cost, for every convention. */
static void test_round_trip(void **state) {
    (void)state;
    const rd_round rounds[3] = {RD_ROUND_NINT, RD_ROUND_TRUNC1, RD_ROUND_EXACT};
    const char *want_cost[3] = {"Cost 829\n", "Cost 827.3\n", "Cost 828.9369\n"};
    for (int k = 0; k < 3; k++) {
        rd_model *m = load(INST "C101.txt", rounds[k]);
        rd_solution *s;
        int64_t claimed;
        assert_int_equal(rd_sol_read(INST "C101.sol", m, &s, &claimed, NULL), RD_OK);
        rd_eval_report rep;
        assert_int_equal(rd_eval(m, s, &rep, NULL), RD_OK);
        s->cost = rep.cost;
        rd_eval_report_free(&rep);
        /* an empty route is not written */
        assert_int_equal(rd_solution_add_route(s, 0, NULL, 0), RD_OK);
        char *text = write_to_string(m, s, NULL);
        assert_non_null(strstr(text, want_cost[k]));
        const char *path = write_tmp("rt.sol", text);
        rd_solution *back;
        int64_t claimed2;
        assert_int_equal(rd_sol_read(path, m, &back, &claimed2, NULL), RD_OK);
        assert_int_equal(back->n_routes, s->n_routes - 1);
        for (int r = 0; r < back->n_routes; r++) {
            assert_int_equal(back->routes[r].len, s->routes[r].len);
            assert_int_equal(back->routes[r].vehicle, 0);
            assert_memory_equal(back->routes[r].visits, s->routes[r].visits,
                                (size_t)s->routes[r].len * sizeof(int));
        }
        if (rounds[k] == RD_ROUND_EXACT) /* 4 decimals printed: within 50e-6 */
            assert_true(llabs(claimed2 - s->cost) <= 50);
        else
            assert_int_equal(claimed2, s->cost);
        free(text);
        rd_solution_destroy(back);
        rd_solution_destroy(s);
        rd_model_destroy(m);
    }
}

static void test_writer_reload_and_comments(void **state) {
    (void)state;
    rd_model *m = load(INST "X-n101-k25.vrp", RD_ROUND_NONE);
    rd_solution *s = rd_solution_create();
    int visits[3] = {4, -1, 9};
    assert_int_equal(rd_solution_add_route(s, 0, visits, 3), RD_OK);
    s->cost = 1234;
    char *text = write_to_string(m, s, "one\ntwo");
    assert_string_equal(text, "# one\n# two\nRoute #1: 5 0 10\nCost 1234\n");
    free(text);
    visits[0] = m->n_tasks;
    rd_solution_clear(s);
    assert_int_equal(rd_solution_add_route(s, 0, visits, 1), RD_OK);
    FILE *f = fopen("/dev/null", "w");
    assert_non_null(f);
    assert_int_equal(rd_sol_write(f, m, s, NULL, NULL), RD_ERR_INTERNAL);
    fclose(f);
    rd_solution_destroy(s);
    rd_model_destroy(m);
}

static void test_writer_reports_write_failure(void **state) {
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    if (!f) skip();
    rd_model *m = load(INST "X-n101-k25.vrp", RD_ROUND_NONE);
    rd_solution *s = rd_solution_create();
    int v = 0;
    assert_int_equal(rd_solution_add_route(s, 0, &v, 1), RD_OK);
    rd_error err;
    assert_int_equal(rd_sol_write(f, m, s, "c", &err), RD_ERR_INTERNAL);
    assert_non_null(strstr(err.msg, "cannot write"));
    fclose(f);
    rd_solution_destroy(s);
    rd_model_destroy(m);
}

static void test_reader_tolerance(void **state) {
    (void)state;
    rd_model *m = load(INST "C101.txt", RD_ROUND_NONE);
    const char *text = "# produced by hand\r\n\r\n"
                       "Route #1: 5 3 7   \r\n"
                       "  route #2 :2 1\t\r\n"
                       "Route  3 : 10\r\n"
                       "\r\n"
                       "Route #4:\r\n"
                       "Cost: 123.4  \r\n"
                       "# trailing comment";
    rd_solution *s;
    int64_t claimed;
    rd_error err;
    rd_error_clear(&err);
    rd_status st = rd_sol_read(write_tmp("tol.sol", text), m, &s, &claimed, &err);
    if (st) print_error("%s\n", err.msg);
    assert_int_equal(st, RD_OK);
    assert_int_equal(claimed, 1234);
    assert_int_equal(s->n_routes, 3);
    assert_int_equal(s->routes[0].len, 3);
    assert_int_equal(s->routes[0].visits[0], 4); /* customer 5 = task index 4 */
    assert_int_equal(s->routes[1].len, 2);
    assert_int_equal(s->routes[1].visits[0], 1);
    assert_int_equal(s->routes[2].visits[0], 9);
    rd_solution_destroy(s);

    /* No Cost line: claimed is -1; the evaluator reports the missing tasks. */
    assert_int_equal(rd_sol_read(write_tmp("nocost.sol", "Route #1: 1\n"), m, &s, &claimed, NULL),
                     RD_OK);
    assert_int_equal(claimed, -1);
    rd_eval_report rep;
    assert_int_equal(rd_eval(m, s, &rep, NULL), RD_OK);
    assert_false(rep.feasible);
    rd_eval_report_free(&rep);
    rd_solution_destroy(s);
    rd_model_destroy(m);
}

static void expect_read_error(const rd_model *m, const char *text, const char *msg) {
    rd_solution *s = (rd_solution *)1;
    int64_t claimed = 7;
    rd_error err;
    rd_error_clear(&err);
    rd_status st = rd_sol_read(write_tmp("bad.sol", text), m, &s, &claimed, &err);
    if (st != RD_ERR_INPUT || !strstr(err.msg, msg))
        print_error("got %d \"%s\", want \"%s\"\n", st, err.msg, msg);
    assert_int_equal(st, RD_ERR_INPUT);
    assert_non_null(strstr(err.msg, msg));
    assert_null(s);
    assert_int_equal(claimed, -1);
}

static void test_reader_errors(void **state) {
    (void)state;
    rd_model *m = load(INST "X-n101-k25.vrp", RD_ROUND_NONE);
    expect_read_error(m, "Route #1: 1 2\nRoute #2: 3 101\n",
                      "bad.sol:2: customer 101 is not a task of instance X-n101-k25");
    expect_read_error(m, "Route #1: 0 2\n", "bad.sol:1: customer 0 is not a task");
    expect_read_error(m, "Route #1: 1 2x\n", "bad.sol:1: customer number: '2x' is not an integer");
    expect_read_error(m, "Route 1 2 3\n", "bad.sol:1: Route line without ':'");
    expect_read_error(m, "\n\nVehicle 1: 2\n", "bad.sol:3: unexpected 'Vehicle'");
    expect_read_error(m, "Route #1: 1\nCost abc\n", "bad.sol:2: cost: 'abc' is not a number");
    expect_read_error(m, "Route #1: 1\nCost\n", "bad.sol:2: Cost line without a value");
    expect_read_error(m, "Route #1: 1\nCost 12 13\n", "bad.sol:2: unexpected '13' after the cost");
    rd_solution *s;
    int64_t claimed;
    rd_error err;
    assert_int_equal(rd_sol_read(RONDO_SOURCE_DIR "/tests/fixtures", m, &s, &claimed, &err),
                     RD_ERR_INPUT);
    assert_non_null(strstr(err.msg, "is a directory"));
    /* an empty file is an empty plan */
    assert_int_equal(
        rd_sol_read(RONDO_SOURCE_DIR "/tests/fixtures/empty.vrp", m, &s, &claimed, NULL), RD_OK);
    assert_int_equal(s->n_routes, 0);
    rd_solution_destroy(s);
    rd_model_destroy(m);
}

/* Every best-known solution of X and Solomon in ../shared, when present. */
static void check_folder(const char *dir, const char *ext) {
    DIR *d = opendir(dir);
    if (!d) skip();
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name), el = strlen(ext);
        if (len <= el || strcmp(e->d_name + len - el, ext) != 0) continue;
        char ipath[1024], spath[1024];
        snprintf(ipath, sizeof ipath, "%s/%s", dir, e->d_name);
        snprintf(spath, sizeof spath, "%s/%.*s.sol", dir, (int)(len - el), e->d_name);
        if (access(spath, R_OK) != 0) continue;
        rd_model *m = load(ipath, RD_ROUND_NONE);
        check_bks(m, spath, -1, -1);
        rd_model_destroy(m);
        n++;
    }
    closedir(d);
    assert_true(n > 0);
}

static void test_all_shared_x(void **state) {
    (void)state;
    check_folder(SHARED "cvrp/X", ".vrp");
}

static void test_all_shared_solomon(void **state) {
    (void)state;
    check_folder(SHARED "vrptw/solomon", ".txt");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bks_x101),
        cmocka_unit_test(test_bks_c101),
        cmocka_unit_test(test_writer_matches_bks),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_writer_reload_and_comments),
        cmocka_unit_test(test_writer_reports_write_failure),
        cmocka_unit_test(test_reader_tolerance),
        cmocka_unit_test(test_reader_errors),
        cmocka_unit_test(test_all_shared_x),
        cmocka_unit_test(test_all_shared_solomon),
    };
    return cmocka_run_group_tests(tests, setup_tmp, teardown_tmp);
}
