/* rondo matrix: fetches the travel-time matrices of a VROOM JSON input's locations
 * from a routing server (io/router.h) and prints them, so that a planner can fetch
 * once, cache, and feed them back as `matrices`.
 *
 * The locations are the JSON reader's own (rd_json_read_locations: the input read
 * and checked as `rondo solve` reads it, its distinct coordinates in the order the
 * model numbers them: vehicles' start and end, jobs, stations, shipments' pickup and
 * delivery, facilities; VROOM's input_parser adds them in that order, an exact
 * repeat of a coordinate pair getting the index of its first occurrence).
 * SIGINT/SIGTERM stop the requests (cli/stop.h): nothing is written and the exit
 * status is 128 + the signal. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "cli/output.h"
#include "cli/router_opts.h"
#include "cli/solve_json.h"
#include "cli/stop.h"
#include "io/file.h"
#include "io/json_in.h"
#include "io/router.h"

static void usage(FILE *f) {
    fputs(
        "usage: rondo matrix [-r osrm|valhalla|ors] [-a [PROFILE:]HOST[/PATH]]...\n"
        "                    [-p [PROFILE:]PORT]... [--profile P] [-o OUT] [FILE | -i FILE | -]\n"
        "\n"
        "Reads the `location` coordinates of a VROOM JSON input (vehicles' start and\n"
        "end, jobs, stations, shipments' pickup and delivery, facilities; in VROOM's\n"
        "order, repeats merged; the input is checked as `rondo solve` checks it),\n"
        "fetches their travel times from the routing server of profile P (default car)\n"
        "and prints one line of JSON:\n"
        "  "
        "{\"durations\":[[s,...],...],\"distances\":[[m,...],...],\"locations\":[[lon,lat],...]}\n"
        "Row i / column i belong to locations[i]: give the input `location_index` i and\n"
        "`\"matrices\": {\"car\": {\"durations\": ..., \"distances\": ...}}` to reuse it.\n"
        "\n"
        "options:\n"
        "  -r, --router R      osrm (default), valhalla or ors\n"
        "  -a, --host [PROFILE:]HOST[/PATH]   as VROOM's -a (default car:0.0.0.0)\n"
        "  -p, --port [PROFILE:]PORT          as VROOM's -p (default 5000; 443: https)\n"
        "  --profile P         the profile to fetch (default car)\n"
        "  --table-limit N     locations per request (default 100)\n"
        "  --route-limit N     stops per route request, as in solve (the same routing\n"
        "                      flags everywhere; a matrix has no route requests)\n"
        "  --router-connections N   requests in flight (default 4)\n"
        "  --router-timeout SEC, --router-connect-timeout SEC, --router-retries N\n"
        "  -o, --output FILE   write to FILE (temporary name, then renamed)\n"
        "  -h, --help          this text\n"
        "\n"
        "exit codes: 0 ok, 1 internal error, 2 input error, 3 routing error (an\n"
        "unreachable location is named by its task or vehicle id and coordinates),\n"
        "130/143 after SIGINT/SIGTERM (no output)\n",
        f);
}

/* Writes the n x n matrix m as a JSON array of rows (streamed: a tree of n² JSON
 * values would cost ~50 bytes per cell). */
static void write_matrix(FILE *f, const int64_t *m, int n) {
    fputc('[', f);
    for (int i = 0; i < n; i++) {
        fputs(i ? ",[" : "[", f);
        for (int j = 0; j < n; j++)
            fprintf(f, j ? ",%" PRId64 : "%" PRId64, m[(size_t)i * (size_t)n + (size_t)j]);
        fputc(']', f);
    }
    fputc(']', f);
}

/* Writes x with the fewest digits (up to 17) that read back as x. */
static void write_coord(FILE *f, double x) {
    char b[40];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(b, sizeof b, "%.*g", prec, x);
        if (strtod(b, NULL) == x) break;
    }
    fputs(b, f);
}

/* The answer: both matrices and the locations they are for (as the input gives
 * them). */
typedef struct answer_ctx {
    const rd_json_locations *l;
    const int64_t *dur, *dist;
} answer_ctx;

static int write_answer(FILE *f, void *ctx) {
    const answer_ctx *a = ctx;
    const rd_json_locations *l = a->l;
    fputs("{\"durations\":", f);
    write_matrix(f, a->dur, l->n);
    fputs(",\"distances\":", f);
    write_matrix(f, a->dist, l->n);
    fputs(",\"locations\":[", f);
    for (int i = 0; i < l->n; i++) {
        fputs(i ? ",[" : "[", f);
        write_coord(f, l->given[2 * i]);
        fputc(',', f);
        write_coord(f, l->given[2 * i + 1]);
        fputc(']', f);
    }
    return fputs("]}\n", f) != EOF;
}

enum { M_HELP = 1, M_PROFILE, M_OUTPUT, M_INPUT };

static const rd_opt MATRIX_OPTS[] = {
    {'h', "help", 0, M_HELP},
    {0, "profile", 1, M_PROFILE},
    {'o', "output", 1, M_OUTPUT},
    {'i', "input", 1, M_INPUT},
    RD_ROUTER_OPTS,
};

/* What the command line says. */
typedef struct matrix_opts {
    rd_router_cfg cfg;
    const char *file, *output, *profile;
} matrix_opts;

static int matrix_apply(void *ctx, int id, const char *flag, const char *v, char *msg,
                        size_t size) {
    matrix_opts *o = ctx;
    if (RD_IS_ROUTER_OPT(id))
        return rd_cli_router_flag(&o->cfg, (rd_router_flag)(id - RD_ROUTER_OPT), flag, v, msg, size)
                   ? RD_ARGS_ERROR
                   : RD_ARGS_RUN;
    switch (id) {
    case 0: /* the input, as -i */
    case M_INPUT:
        if (o->file) {
            snprintf(msg, size, "more than one input ('%s', '%s')", o->file, v);
            return RD_ARGS_ERROR;
        }
        o->file = v;
        break;
    case M_HELP: usage(stdout); return RD_ARGS_DONE;
    case M_PROFILE: o->profile = v; break;
    case M_OUTPUT: o->output = v; break;
    }
    return RD_ARGS_RUN;
}

int rd_cmd_matrix(int argc, char **argv) {
    matrix_opts o = {.profile = "car"};
    rd_router_cfg_init(&o.cfg);
    char msg[RD_ERROR_MSG_MAX];
    int pr = rd_args_parse(argc, argv, MATRIX_OPTS, (int)(sizeof MATRIX_OPTS / sizeof *MATRIX_OPTS),
                           matrix_apply, &o, msg, sizeof msg);
    if (pr == RD_ARGS_DONE) return 0;
    if (pr == RD_ARGS_ERROR) {
        fprintf(stderr, "rondo: error: matrix: %s (try rondo matrix --help)\n", msg);
        return 2;
    }
    rd_router_cfg cfg = o.cfg;
    const char *file = o.file, *output = o.output, *profile = o.profile;
    const char *source = file && strcmp(file, "-") ? file : "stdin";
    char *text = NULL;
    size_t len = 0;
    rd_error err;
    rd_error_clear(&err);
    rd_status rst = rd_file_read(file, (size_t)1 << 30, &text, &len, &err);
    if (rst != RD_OK) {
        fprintf(stderr, "rondo: error: %s\n", err.msg);
        return rd_status_exit_code(rst);
    }
    rd_json_locations l;
    rd_status st = rd_json_read_locations(text, len, source, &l, &err);
    free(text);
    if (st != RD_OK) {
        fprintf(stderr, "rondo: error: %s\n", err.msg);
        return rd_status_exit_code(st);
    }
    rd_stop_install(); /* a signal stops the requests (a second one ends the process) */
    cfg.cancel = rd_stop_flag();
    size_t cells = (size_t)l.n * (size_t)l.n;
    int64_t *dur = malloc(cells * sizeof *dur), *dist = malloc(cells * sizeof *dist);
    int bad = -1, rc;
    st = dur && dist ? rd_router_matrix(&cfg, profile, l.lonlat, l.n, dur, dist, &bad, &err)
                     : rd_err(&err, RD_ERR_NOMEM, "out of memory");
    if (st != RD_OK && rd_stop_requested()) {
        fprintf(stderr, "rondo: matrix: stopped by a signal (%s); nothing written\n", err.msg);
        rc = 128 + rd_stop_signal();
    } else if (st != RD_OK) {
        if (bad >= 0) {
            /* the router's message starts "location K [lon, lat]: ": name the task instead */
            const char *rest = strstr(err.msg, "]: ");
            fprintf(stderr, "rondo: error: %s at [%.6f, %.6f] (location %d): %s\n", l.owner[bad],
                    l.given[2 * bad], l.given[2 * bad + 1], bad, rest ? rest + 3 : err.msg);
        } else {
            fprintf(stderr, "rondo: error: %s\n", err.msg);
        }
        rc = rd_status_exit_code(st);
    } else {
        answer_ctx ac = {&l, dur, dist};
        rc = rd_out_write(output, write_answer, &ac);
    }
    free(dur);
    free(dist);
    rd_json_locations_free(&l);
    return rc;
}
