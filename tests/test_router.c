/* Tests of io/router against tests/router_server.py, started here on an ephemeral
 * loopback port (python3, stdin a pipe: the server ends when this process does). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <jansson.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <time.h>
#include <unistd.h>

#include "io/geo.h"
#include "io/router.h"

#ifndef RONDO_SOURCE_DIR
#error "RONDO_SOURCE_DIR must be defined (CMakeLists.txt)"
#endif

typedef struct server {
    pid_t pid;
    int in_fd; /* the server's stdin: closing it ends the server */
    int port;
    json_t *nodes;  /* [[lon, lat], ...] */
    json_t *island; /* an isolated node */
    json_t *far;    /* far from every node */
} server;

static server SRV; /* the one server process of this test program */

/* ---- a tiny HTTP client for the control endpoints ---- */

typedef struct buf {
    char *p;
    size_t len;
} buf;

static size_t collect(char *d, size_t s, size_t n, void *u) {
    buf *b = u;
    char *q = realloc(b->p, b->len + s * n + 1);
    if (!q) return 0;
    memcpy(q + b->len, d, s * n);
    b->p = q;
    b->len += s * n;
    b->p[b->len] = '\0';
    return s * n;
}

/* GET (body NULL) or POST `body` to the server's `path`; returns the parsed answer. */
static json_t *call(const char *path, const char *body) {
    char url[256];
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", SRV.port, path);
    CURL *h = curl_easy_init();
    buf b = {0};
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
    if (body) curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    CURLcode cc = curl_easy_perform(h);
    curl_easy_cleanup(h);
    assert_int_equal(cc, CURLE_OK);
    json_t *j = json_loads(b.p, 0, NULL);
    free(b.p);
    assert_non_null(j);
    return j;
}

static void control(const char *json) {
    json_decref(call("/control", json));
}

static int setup(void **state) {
    (void)state;
    int in[2], out[2];
    if (pipe(in) || pipe(out)) return -1;
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[1]);
        close(out[0]);
        execlp("python3", "python3", RONDO_SOURCE_DIR "/tests/router_server.py", "--exit-on-eof",
               (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    char line[32] = "";
    size_t k = 0;
    while (k + 1 < sizeof line) { /* the port, then a newline */
        ssize_t r = read(out[0], line + k, 1);
        if (r <= 0 || line[k] == '\n') break;
        k++;
    }
    line[k] = '\0';
    close(out[0]);
    SRV.pid = pid;
    SRV.in_fd = in[1];
    SRV.port = atoi(line);
    if (SRV.port <= 0) return -1;
    json_t *g = call("/nodes", NULL);
    SRV.nodes = json_incref(json_object_get(g, "nodes"));
    SRV.island = json_incref(json_object_get(g, "island"));
    SRV.far = json_incref(json_object_get(g, "far"));
    json_decref(g);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    json_decref(SRV.nodes);
    json_decref(SRV.island);
    json_decref(SRV.far);
    close(SRV.in_fd);
    kill(SRV.pid, SIGTERM);
    waitpid(SRV.pid, NULL, 0);
    return 0;
}

/* ---- helpers ---- */

/* n locations: nodes in a scrambled order (repeats when n > #nodes), each moved a few
 * metres so that snapping matters. */
static double *locations(int n) {
    double *ll = malloc(2 * (size_t)n * sizeof *ll);
    size_t m = json_array_size(SRV.nodes);
    for (int i = 0; i < n; i++) {
        json_t *p = json_array_get(SRV.nodes, (size_t)(i * 7 + 3) % m);
        ll[2 * i] = json_number_value(json_array_get(p, 0)) + 0.0003 * ((i % 3) - 1);
        ll[2 * i + 1] = json_number_value(json_array_get(p, 1)) - 0.0002 * ((i % 2));
    }
    return ll;
}

static void router(rd_router_cfg *cfg, rd_router_kind kind) {
    rd_router_cfg_init(cfg);
    cfg->kind = kind;
    char v[64];
    snprintf(v, sizeof v, "car:%d", SRV.port);
    assert_int_equal(rd_router_cfg_set_host(cfg, "-a", "car:127.0.0.1", NULL), RD_OK);
    assert_int_equal(rd_router_cfg_set_port(cfg, "-p", v, NULL), RD_OK);
    cfg->backoff_ms = 20;
    cfg->timeout_ms = 5000;
    cfg->connect_timeout_ms = 2000;
}

/* Fetches the matrix of ll[0..n) and checks it cell by cell against /truth. */
static void check_matrix(const rd_router_cfg *cfg, const double *ll, int n) {
    int64_t *d = malloc((size_t)n * n * sizeof *d), *m = malloc((size_t)n * n * sizeof *m);
    rd_error err;
    rd_error_clear(&err);
    int bad = 7;
    rd_status st = rd_router_matrix(cfg, "car", ll, n, d, m, &bad, &err);
    if (st != RD_OK) fprintf(stderr, "router: %s\n", err.msg);
    assert_int_equal(st, RD_OK);
    assert_int_equal(bad, -1);
    json_t *locs = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(locs, json_pack("[f,f]", ll[2 * i], ll[2 * i + 1]));
    json_t *q = json_pack("{s:s,s:o}", "api", rd_router_kind_name(cfg->kind), "locations", locs);
    char *body = json_dumps(q, 0);
    json_t *t = call("/truth", body);
    free(body);
    json_decref(q);
    json_t *td = json_object_get(t, "durations"), *tm = json_object_get(t, "distances");
    int asym = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            json_t *a = json_array_get(json_array_get(td, (size_t)i), (size_t)j);
            json_t *b = json_array_get(json_array_get(tm, (size_t)i), (size_t)j);
            assert_true(json_is_integer(a) && json_is_integer(b));
            assert_int_equal(d[i * n + j], json_integer_value(a));
            assert_int_equal(m[i * n + j], json_integer_value(b));
            if (d[i * n + j] != d[j * n + i]) asym = 1;
        }
    if (n > 3) assert_true(asym); /* rows and columns are not swapped */
    json_decref(t);
    free(d);
    free(m);
}

static json_t *stats(void) {
    return call("/stats", NULL);
}

static int64_t stat_int(const char *key) {
    json_t *s = stats();
    int64_t v = json_integer_value(json_object_get(s, key));
    json_decref(s);
    return v;
}

/* Expects rd_router_matrix to fail with `status` and a message containing `needle`. */
static void expect_fail(const rd_router_cfg *cfg, const double *ll, int n, rd_status status,
                        const char *needle, int want_bad) {
    int64_t *d = malloc((size_t)n * n * sizeof *d), *m = malloc((size_t)n * n * sizeof *m);
    rd_error err;
    rd_error_clear(&err);
    int bad = 99;
    rd_status st = rd_router_matrix(cfg, "car", ll, n, d, m, &bad, &err);
    if (st != status || !strstr(err.msg, needle) || bad != want_bad)
        fprintf(stderr, "got status %d bad %d: %s (wanted '%s', bad %d)\n", st, bad, err.msg,
                needle, want_bad);
    assert_int_equal(st, status);
    assert_non_null(strstr(err.msg, needle));
    assert_int_equal(bad, want_bad);
    free(d);
    free(m);
}

/* ---- tests ---- */

static const rd_router_kind KINDS[] = {RD_ROUTER_OSRM, RD_ROUTER_VALHALLA, RD_ROUTER_ORS};

static void test_three_apis(void **state) {
    (void)state;
    double *ll = locations(12);
    for (int k = 0; k < 3; k++) {
        rd_router_cfg cfg;
        router(&cfg, KINDS[k]);
        control("{}");
        check_matrix(&cfg, ll, 12);
        assert_int_equal(stat_int("requests"), 1); /* 12 <= 100: one request */
    }
    rd_router_cfg cfg; /* Valhalla's concise answer ("verbose": false) */
    router(&cfg, RD_ROUTER_VALHALLA);
    cfg.max_locations = 8;
    control("{\"concise\": true}");
    check_matrix(&cfg, ll, 12);
    free(ll);
}

static void test_blocks(void **state) {
    (void)state;
    double *ll = locations(23);
    for (int k = 0; k < 3; k++) {
        rd_router_cfg cfg;
        router(&cfg, KINDS[k]);
        cfg.max_locations = 10;
        cfg.max_parallel = 3;
        control("{\"limit\": 10, \"slow_ms\": 20}"); /* the server refuses more than 10 */
        check_matrix(&cfg, ll, 23);
        json_t *s = stats();
        /* chunks of 5: 5 x 5 blocks, at most 3 in flight, none refused */
        assert_int_equal(json_integer_value(json_object_get(s, "requests")), 25);
        int64_t conc = json_integer_value(json_object_get(s, "max_concurrent"));
        assert_true(conc >= 2 && conc <= 3);
        json_t *e;
        size_t i;
        json_array_foreach(json_object_get(s, "log"), i, e) {
            assert_int_equal(json_integer_value(json_object_get(e, "status")), 200);
            assert_true(json_integer_value(json_object_get(e, "n")) <= 10);
        }
        json_decref(s);
    }
    free(ll);
}

/* One connection at a time: a block follows the previous one at once (no idle
 * polling between requests: 100 requests took 10 s when the loop slept 100 ms). */
static void test_one_connection(void **state) {
    (void)state;
    double *ll = locations(20);
    rd_router_cfg cfg;
    router(&cfg, RD_ROUTER_OSRM);
    cfg.max_locations = 4; /* chunks of 2: 10 x 10 blocks */
    cfg.max_parallel = 1;
    control("{}");
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    check_matrix(&cfg, ll, 20);
    clock_gettime(CLOCK_MONOTONIC, &b);
    double secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    assert_int_equal(stat_int("requests"), 100);
    assert_int_equal(stat_int("max_concurrent"), 1);
    if (secs >= 5.0) fprintf(stderr, "100 sequential blocks took %.2f s\n", secs);
    assert_true(secs < 5.0);
    free(ll);
}

static void test_over_limit_halves_blocks(void **state) {
    (void)state;
    double *ll = locations(23);
    for (int k = 0; k < 3; k++) {
        rd_router_cfg cfg;
        router(&cfg, KINDS[k]);
        cfg.max_locations = 40; /* the server's real limit is 10: 40, 20, then 10 fit */
        control("{\"limit\": 10}");
        check_matrix(&cfg, ll, 23);
        assert_true(stat_int("requests") > 25);
        /* a limit that no block can meet */
        control("{\"limit\": 1}");
        expect_fail(&cfg, ll, 5, RD_ERR_ROUTING, "table too large even in blocks of 2", -1);
    }
    free(ll);
}

static void test_retry_5xx_and_dropped(void **state) {
    (void)state;
    double *ll = locations(6);
    for (int k = 0; k < 3; k++) {
        rd_router_cfg cfg;
        router(&cfg, KINDS[k]);
        control("{\"fail500\": 2}");
        check_matrix(&cfg, ll, 6);
        assert_int_equal(stat_int("requests"), 3);
        control("{\"drop\": 1}");
        check_matrix(&cfg, ll, 6);
        assert_int_equal(stat_int("requests"), 2);
        cfg.retries = 2;
        control("{\"fail500\": 5}");
        expect_fail(&cfg, ll, 6, RD_ERR_ROUTING, "HTTP 500 after 3 attempts", -1);
        assert_int_equal(stat_int("requests"), 3);
    }
    free(ll);
}

static void test_429_retry_after(void **state) {
    (void)state;
    double *ll = locations(5);
    rd_router_cfg cfg;
    router(&cfg, RD_ROUTER_OSRM);
    control("{\"n429\": 1, \"retry_after\": 1}");
    check_matrix(&cfg, ll, 5);
    json_t *s = stats();
    json_t *log = json_object_get(s, "log");
    assert_int_equal(json_array_size(log), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(log, 0), "status")), 429);
    double t0 = json_number_value(json_object_get(json_array_get(log, 0), "t"));
    double t1 = json_number_value(json_object_get(json_array_get(log, 1), "t"));
    assert_true(t1 - t0 >= 0.95); /* Retry-After: 1, not the 20 ms backoff */
    json_decref(s);
    /* a Retry-After beyond max_wait_ms is capped */
    cfg.max_wait_ms = 100;
    control("{\"n429\": 1, \"retry_after\": 30}");
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    check_matrix(&cfg, ll, 5);
    clock_gettime(CLOCK_MONOTONIC, &b);
    assert_true((double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9 < 5.0);
    free(ll);
}

static void test_timeout(void **state) {
    (void)state;
    double *ll = locations(4);
    rd_router_cfg cfg;
    router(&cfg, RD_ROUTER_VALHALLA);
    cfg.timeout_ms = 300;
    control("{\"slow_ms\": 1500}");
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    expect_fail(&cfg, ll, 4, RD_ERR_ROUTING, "no answer within 300 ms (timeout)", -1);
    clock_gettime(CLOCK_MONOTONIC, &b);
    assert_true((double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9 < 1.2);
    control("{}");
    free(ll);
}

static void test_truncated_json(void **state) {
    (void)state;
    double *ll = locations(8);
    for (int k = 0; k < 3; k++) {
        rd_router_cfg cfg;
        router(&cfg, KINDS[k]);
        control("{\"truncate\": 1}");
        expect_fail(&cfg, ll, 8, RD_ERR_ROUTING, "is not valid JSON", -1);
    }
    free(ll);
}

static void test_response_cap(void **state) {
    (void)state;
    double *ll = locations(8);
    rd_router_cfg cfg;
    router(&cfg, RD_ROUTER_ORS);
    cfg.max_response = 200;
    control("{}");
    expect_fail(&cfg, ll, 8, RD_ERR_ROUTING, "larger than the 200-byte cap", -1);
    free(ll);
}

static void test_unreachable(void **state) {
    (void)state;
    double *ll = locations(9);
    ll[2 * 4] = json_number_value(json_array_get(SRV.island, 0));
    ll[2 * 4 + 1] = json_number_value(json_array_get(SRV.island, 1));
    for (int k = 0; k < 3; k++) { /* null cells: the island's row and column */
        rd_router_cfg cfg;
        router(&cfg, KINDS[k]);
        cfg.max_locations = 4; /* in blocks too */
        control("{}");
        expect_fail(&cfg, ll, 9, RD_ERR_ROUTING, "location 4 [", 4);
        expect_fail(&cfg, ll, 9, RD_ERR_ROUTING, "no route: the server found none for 16 of the 16",
                    4);
    }
    ll[2 * 4] = json_number_value(json_array_get(SRV.far, 0));
    ll[2 * 4 + 1] = json_number_value(json_array_get(SRV.far, 1));
    rd_router_cfg cfg;
    router(&cfg, RD_ROUTER_OSRM); /* snapping failure: NoSegment names the coordinate */
    cfg.max_locations = 6;
    expect_fail(&cfg, ll, 9, RD_ERR_ROUTING, "NoSegment", 4);
    router(&cfg, RD_ROUTER_ORS); /* ORS 6010 names the point */
    cfg.max_locations = 6;
    expect_fail(&cfg, ll, 9, RD_ERR_ROUTING, "error 6010", 4);
    router(&cfg, RD_ROUTER_VALHALLA); /* Valhalla 171 does not say which location */
    expect_fail(&cfg, ll, 9, RD_ERR_ROUTING, "error 171: No suitable edges", -1);
    free(ll);
}

static void test_unreachable_server(void **state) {
    (void)state;
    /* a port nobody listens on: bind, note it, close */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    socklen_t sl = sizeof sa;
    getsockname(fd, (struct sockaddr *)&sa, &sl);
    close(fd);
    rd_router_cfg cfg;
    router(&cfg, RD_ROUTER_OSRM);
    char v[32];
    snprintf(v, sizeof v, "%d", ntohs(sa.sin_port));
    assert_int_equal(rd_router_cfg_set_port(&cfg, "-p", v, NULL), RD_OK);
    cfg.retries = 1;
    double *ll = locations(3);
    expect_fail(&cfg, ll, 3, RD_ERR_ROUTING, "after 2 attempts", -1);
    /* port 443 means https (nothing listens there on loopback in the tests) */
    assert_int_equal(rd_router_cfg_set_port(&cfg, "-p", "443", NULL), RD_OK);
    cfg.retries = 0;
    expect_fail(&cfg, ll, 3, RD_ERR_ROUTING, "https://127.0.0.1:443/table/v1/car", -1);
    free(ll);
}

static void test_path_prefix_and_profiles(void **state) {
    (void)state;
    double *ll = locations(5);
    for (int k = 0; k < 3; k++) {
        rd_router_cfg cfg;
        router(&cfg, KINDS[k]);
        assert_int_equal(rd_router_cfg_set_host(&cfg, "-a", "car:127.0.0.1/some/prefix/", NULL),
                         RD_OK);
        control("{}");
        check_matrix(&cfg, ll, 5);
        json_t *s = stats();
        const char *p = json_string_value(
            json_object_get(json_array_get(json_object_get(s, "log"), 0), "path"));
        assert_non_null(p);
        const char *want[] = {"/some/prefix/table/v1/car/", "/some/prefix/sources_to_targets",
                              "/some/prefix/v2/matrix/driving-car"};
        assert_memory_equal(p, want[k], strlen(want[k]));
        json_decref(s);
    }
    free(ll);
}

static void test_config(void **state) {
    (void)state;
    rd_router_cfg cfg;
    rd_router_cfg_init(&cfg);
    rd_error err;
    const rd_router_server *s = rd_router_cfg_server(&cfg, "car");
    assert_string_equal(s->host, "0.0.0.0");
    assert_int_equal(s->port, 5000);
    assert_null(rd_router_cfg_server(&cfg, "bike"));
    assert_int_equal(rd_router_cfg_set_host(&cfg, "-a", "osrm.example.org", &err), RD_OK);
    assert_int_equal(rd_router_cfg_set_host(&cfg, "-a", "bike:10.0.0.2/osrm/bike", &err), RD_OK);
    assert_int_equal(rd_router_cfg_set_port(&cfg, "-p", "bike:5001", &err), RD_OK);
    assert_int_equal(rd_router_cfg_set_port(&cfg, "-p", "443", &err), RD_OK);
    s = rd_router_cfg_server(&cfg, "car");
    assert_string_equal(s->host, "osrm.example.org");
    assert_int_equal(s->port, 443);
    s = rd_router_cfg_server(&cfg, "bike");
    assert_string_equal(s->host, "10.0.0.2");
    assert_string_equal(s->path, "osrm/bike");
    assert_int_equal(s->port, 5001);
    assert_int_equal(rd_router_cfg_set_port(&cfg, "-p", "car:0", &err), RD_ERR_INPUT);
    assert_non_null(strstr(err.msg, "-p: 'car:0'"));
    assert_int_equal(rd_router_cfg_set_port(&cfg, "--port", "car:http", &err), RD_ERR_INPUT);
    assert_int_equal(rd_router_cfg_set_host(&cfg, "-a", "car:", &err), RD_ERR_INPUT);
    assert_non_null(strstr(err.msg, "-a: 'car:': empty host"));
    assert_int_equal(rd_router_cfg_set_host(&cfg, "-a", ":host", &err), RD_ERR_INPUT);
    assert_int_equal(rd_router_cfg_set_host(&cfg, "-a", "car:host:8080", &err), RD_ERR_INPUT);
    assert_non_null(strstr(err.msg, "a port in the host (give it with -p)"));
    rd_router_kind k;
    assert_int_equal(rd_router_parse_kind("-r", "valhalla", &k, &err), RD_OK);
    assert_int_equal(k, RD_ROUTER_VALHALLA);
    assert_int_equal(rd_router_parse_kind("-r", "graphhopper", &k, &err), RD_ERR_INPUT);
    /* a profile without a server is an input error; libosrm a routing one */
    double ll[2] = {4.3, 50.8};
    assert_int_equal(rd_router_matrix(&cfg, "truck", ll, 1, NULL, NULL, NULL, &err), RD_ERR_INPUT);
    assert_non_null(strstr(err.msg, "profile 'truck': no routing server"));
    cfg.kind = RD_ROUTER_LIBOSRM;
    assert_int_equal(rd_router_matrix(&cfg, "car", ll, 1, NULL, NULL, NULL, &err), RD_ERR_ROUTING);
}

/* Route geometry (rd_router_route) for the three APIs, in pieces of 5 stops, equal
 * to the server's own path (/truth_route) point for point; retries after 500s;
 * failures after the retries; one stop without a request; an unreachable stop. */
static void test_route_geometry(void **state) {
    (void)state;
    enum { N = 12 };
    double *ll = locations(N);
    json_t *locs = json_array();
    for (int i = 0; i < N; i++)
        json_array_append_new(locs, json_pack("[f,f]", ll[2 * i], ll[2 * i + 1]));
    json_t *q = json_pack("{s:o}", "locations", locs);
    char *body = json_dumps(q, 0);
    json_t *root = call("/truth_route", body), *truth = json_object_get(root, "points");
    free(body);
    json_decref(q);
    assert_true(json_array_size(truth) > N); /* the paths pass intermediate nodes */
    static const rd_router_kind kinds[] = {RD_ROUTER_OSRM, RD_ROUTER_VALHALLA, RD_ROUTER_ORS};
    for (int k = 0; k < 3; k++) {
        rd_router_cfg cfg;
        router(&cfg, kinds[k]);
        cfg.max_route_stops = 5;
        control(k == 1 ? "{\"fail500\": 2, \"only\": \"route\"}" : "{}");
        char *poly = NULL;
        rd_error err;
        rd_error_clear(&err);
        rd_status st = rd_router_route(&cfg, "car", ll, N, &poly, &err);
        if (st != RD_OK) fprintf(stderr, "route: %s\n", err.msg);
        assert_int_equal(st, RD_OK);
        double *lat, *lon;
        int n;
        assert_int_equal(rd_geo_polyline_decode(poly, strlen(poly), 5, &lat, &lon, &n, &err),
                         RD_OK);
        assert_int_equal(n, (int)json_array_size(truth));
        for (int i = 0; i < n; i++) {
            json_t *p = json_array_get(truth, (size_t)i);
            assert_true(fabs(lon[i] - json_number_value(json_array_get(p, 0))) < 1e-9);
            assert_true(fabs(lat[i] - json_number_value(json_array_get(p, 1))) < 1e-9);
        }
        /* ceil(11 / 4) = 3 pieces (and the two 500s of Valhalla's retried) */
        assert_int_equal(stat_int("requests"), k == 1 ? 5 : 3);
        free(lat);
        free(lon);
        free(poly);
    }
    rd_router_cfg cfg;
    router(&cfg, RD_ROUTER_OSRM);
    cfg.retries = 1;
    control("{\"fail500\": 100, \"only\": \"route\"}");
    char *poly = (char *)1;
    rd_error err;
    assert_int_equal(rd_router_route(&cfg, "car", ll, N, &poly, &err), RD_ERR_ROUTING);
    assert_null(poly);
    assert_non_null(strstr(err.msg, "/route/v1/car: HTTP 500 after 2 attempts"));
    control("{}");
    assert_int_equal(rd_router_route(&cfg, "car", ll, 1, &poly, &err), RD_OK);
    char *one = rd_geo_polyline(&ll[1], &ll[0], 1, 5);
    assert_string_equal(poly, one);
    free(one);
    free(poly);
    assert_int_equal(stat_int("requests"), 0);
    double island[4] = {ll[0], ll[1], json_number_value(json_array_get(SRV.island, 0)),
                        json_number_value(json_array_get(SRV.island, 1))};
    assert_int_equal(rd_router_route(&cfg, "car", island, 2, &poly, &err), RD_ERR_ROUTING);
    assert_non_null(strstr(err.msg, "NoRoute"));
    assert_int_equal(rd_router_route(&cfg, "bike", ll, N, &poly, &err), RD_ERR_INPUT);
    json_decref(root);
    free(ll);
}

/* rd_router_routes: five routes through one transfer (pieces of at most 4 stops, 2
 * connections): each gets what rd_router_route gives it alone, the unreachable one
 * and the one without a server fail alone, and at most 2 requests are in flight;
 * under a server limit of 3 stops the long routes are halved and the others wait
 * for nothing. */
static void test_routes_batch(void **state) {
    (void)state;
    double *ll = locations(12);
    double island[4] = {ll[0], ll[1], json_number_value(json_array_get(SRV.island, 0)),
                        json_number_value(json_array_get(SRV.island, 1))};
    enum { R = 6 };
    const char *profiles[R] = {"car", "car", "car", "car", "car", "bike"};
    const double *stops[R] = {ll, island, ll + 8, ll + 6, ll, ll};
    const int n[R] = {6, 2, 8, 1, 0, 5};
    for (int k = 0; k < 3; k++) {
        rd_router_cfg cfg;
        router(&cfg, KINDS[k]);
        cfg.max_route_stops = 4;
        cfg.max_parallel = 2;
        char *alone[R];
        rd_error err;
        control("{}");
        for (int r = 0; r < R; r++) {
            alone[r] = NULL;
            rd_router_route(&cfg, profiles[r], stops[r], n[r], &alone[r], &err);
        }
        assert_non_null(alone[0]);
        assert_null(alone[1]);
        assert_null(alone[5]);
        for (int round = 0; round < 2; round++) {
            control(round ? "{\"limit\": 3}" : "{\"slow_ms\": 50}");
            char *poly[R];
            rd_error errs[R];
            rd_status st = rd_router_routes(&cfg, R, profiles, stops, n, poly, errs);
            assert_int_equal(st, RD_ERR_ROUTING); /* route 1's, the first to fail */
            for (int r = 0; r < R; r++) {
                if (!alone[r]) {
                    assert_null(poly[r]);
                    continue;
                }
                if (!poly[r]) fprintf(stderr, "route %d: %s\n", r, errs[r].msg);
                assert_non_null(poly[r]);
                assert_string_equal(poly[r], alone[r]);
                assert_int_equal(errs[r].status, RD_OK);
                free(poly[r]);
            }
            assert_int_equal(errs[1].status, RD_ERR_ROUTING);
            assert_int_equal(errs[5].status, RD_ERR_INPUT);
            assert_non_null(strstr(errs[5].msg, "profile 'bike': no routing server"));
            assert_true(stat_int("max_concurrent") <= 2);
            /* 2 + 1 + 3 pieces of 4 stops; under the limit, pieces of 2 after refusals
             * (how many depends on timing: a refusal ends its route's round), none
             * answered with more than 3 stops */
            if (round == 0) assert_int_equal(stat_int("requests"), 6);
            json_t *s = stats(), *e;
            size_t i;
            json_array_foreach(json_object_get(s, "log"), i, e) {
                if (json_integer_value(json_object_get(e, "status")) == 200)
                    assert_true(json_integer_value(json_object_get(e, "n")) <= (round ? 3 : 4));
            }
            json_decref(s);
        }
        for (int r = 0; r < R; r++) free(alone[r]);
    }
    control("{}");
    free(ll);
}

static volatile int CANCEL; /* the tests' cancel flag, set by SIGALRM */

static void on_alarm(int sig) {
    (void)sig;
    CANCEL = 1;
}

/* Sets CANCEL after ms milliseconds. */
static void cancel_after(int ms) {
    CANCEL = 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {{0, 0}, {ms / 1000, (ms % 1000) * 1000}};
    setitimer(ITIMER_REAL, &it, NULL);
}

static double since(const struct timespec *a) {
    struct timespec b;
    clock_gettime(CLOCK_MONOTONIC, &b);
    return (double)(b.tv_sec - a->tv_sec) + (double)(b.tv_nsec - a->tv_nsec) / 1e9;
}

/* cfg->cancel: a matrix and routes waiting on a server that answers after 5 s stop
 * within 100 ms of the flag; a flag already set sends nothing. */
static void test_cancel(void **state) {
    (void)state;
    double *ll = locations(6);
    rd_router_cfg cfg;
    router(&cfg, RD_ROUTER_OSRM);
    cfg.cancel = &CANCEL;
    control("{\"slow_ms\": 5000}");
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cancel_after(300);
    expect_fail(&cfg, ll, 6, RD_ERR_ROUTING, "interrupted before any plan exists", -1);
    double secs = since(&t0);
    assert_true(secs >= 0.25 && secs < 0.8);
    const char *profiles[3] = {"car", "car", "car"};
    const double *stops[3] = {ll, ll + 2, ll + 4};
    const int n[3] = {3, 2, 2};
    char *poly[3];
    rd_error errs[3];
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cancel_after(300);
    assert_int_equal(rd_router_routes(&cfg, 3, profiles, stops, n, poly, errs), RD_ERR_ROUTING);
    secs = since(&t0);
    assert_true(secs >= 0.25 && secs < 0.8);
    for (int r = 0; r < 3; r++) {
        assert_null(poly[r]);
        assert_string_equal(errs[r].msg, "interrupted before any plan exists");
    }
    control("{}");
    CANCEL = 1;
    expect_fail(&cfg, ll, 6, RD_ERR_ROUTING, "interrupted before any plan exists", -1);
    assert_int_equal(stat_int("requests"), 0);
    CANCEL = 0;
    check_matrix(&cfg, ll, 6);
    free(ll);
}

int main(void) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config),
        cmocka_unit_test(test_three_apis),
        cmocka_unit_test(test_blocks),
        cmocka_unit_test(test_one_connection),
        cmocka_unit_test(test_over_limit_halves_blocks),
        cmocka_unit_test(test_retry_5xx_and_dropped),
        cmocka_unit_test(test_429_retry_after),
        cmocka_unit_test(test_timeout),
        cmocka_unit_test(test_truncated_json),
        cmocka_unit_test(test_response_cap),
        cmocka_unit_test(test_unreachable),
        cmocka_unit_test(test_unreachable_server),
        cmocka_unit_test(test_path_prefix_and_profiles),
        cmocka_unit_test(test_route_geometry),
        cmocka_unit_test(test_routes_batch),
        cmocka_unit_test(test_cancel),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    curl_global_cleanup();
    return rc;
}
