/* rondo matrix: fetches the travel-time matrices of a VROOM JSON input's locations
 * from a routing server (io/router.h) and prints them, so that a planner can fetch
 * once, cache, and feed them back as `matrices`.
 *
 * The locations are read here with a minimal reader (vehicles' start and end, jobs'
 * location, shipments' pickup and delivery location), in VROOM's order (vehicles,
 * then jobs, then shipments; VROOM's input_parser adds them in that order),
 * deduplicated as VROOM does (an exact repeat of a coordinate pair gets the index of
 * its first occurrence). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cmd.h"
#include "cli/output.h"
#include "cli/router_opts.h"
#include "cli/solve_json.h"
#include "io/router.h"

static void usage(FILE *f) {
    fputs(
        "usage: rondo matrix [-r osrm|valhalla|ors] [-a [PROFILE:]HOST[/PATH]]...\n"
        "                    [-p [PROFILE:]PORT]... [--profile P] [-o OUT] [FILE | -i FILE | -]\n"
        "\n"
        "Reads the `location` coordinates of a VROOM JSON input (vehicles' start and\n"
        "end, jobs, shipments' pickup and delivery; in VROOM's order, repeats merged),\n"
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
        "  --router-connections N   requests in flight (default 4)\n"
        "  --router-timeout SEC, --router-connect-timeout SEC, --router-retries N\n"
        "  -o, --output FILE   write to FILE (temporary name, then renamed)\n"
        "  -h, --help          this text\n"
        "\n"
        "exit codes: 0 ok, 1 internal error, 2 input error, 3 routing error (an\n"
        "unreachable location is named by its task or vehicle id and coordinates)\n",
        f);
}

/* The locations found, and for each the first task or vehicle that uses it. */
typedef struct locs {
    double *ll;   /* 2 per location: lon, lat */
    char **owner; /* "job 17", "vehicle 2 (start)", ... */
    int n, cap;
} locs;

static void locs_free(locs *l) {
    for (int i = 0; i < l->n; i++) free(l->owner[i]);
    free(l->ll);
    free(l->owner);
}

/* Describes an id (any JSON scalar) for messages. */
static void id_text(json_t *id, char *out, size_t size) {
    if (json_is_integer(id))
        snprintf(out, size, "%lld", (long long)json_integer_value(id));
    else if (json_is_string(id))
        snprintf(out, size, "\"%s\"", json_string_value(id));
    else
        snprintf(out, size, "(no id)");
}

/* Adds the location `v` at JSON path `path` used by `owner`, unless the same pair
 * is already there. NULL `v`: nothing. Returns 0, or 2 (input error) / 1 (memory)
 * with a message in msg. */
static int add(locs *l, json_t *v, const char *path, const char *owner, char *msg, size_t size) {
    if (!v) return 0;
    double lon = json_number_value(json_array_get(v, 0)),
           lat = json_number_value(json_array_get(v, 1));
    if (!json_is_array(v) || json_array_size(v) != 2 || !json_is_number(json_array_get(v, 0)) ||
        !json_is_number(json_array_get(v, 1)) || lon < -180 || lon > 180 || lat < -90 || lat > 90) {
        snprintf(msg, size, "%s: expected [lon, lat] with lon in [-180, 180], lat in [-90, 90]",
                 path);
        return 2;
    }
    for (int i = 0; i < l->n; i++)
        if (l->ll[2 * i] == lon && l->ll[2 * i + 1] == lat) return 0;
    if (l->n == l->cap) {
        int nc = l->cap ? 2 * l->cap : 64;
        double *ll = realloc(l->ll, 2 * (size_t)nc * sizeof *ll);
        if (ll) l->ll = ll;
        char **ow = realloc(l->owner, (size_t)nc * sizeof *ow);
        if (ow) l->owner = ow;
        if (!ll || !ow) {
            snprintf(msg, size, "out of memory");
            return 1;
        }
        l->cap = nc;
    }
    char *o = strdup(owner);
    if (!o) {
        snprintf(msg, size, "out of memory");
        return 1;
    }
    l->ll[2 * l->n] = lon;
    l->ll[2 * l->n + 1] = lat;
    l->owner[l->n++] = o;
    return 0;
}

/* Collects the locations of the input `root` in VROOM's order. Returns 0, 1 or 2. */
static int collect(json_t *root, locs *l, char *msg, size_t size) {
    char path[96], owner[160], id[64];
    json_t *vs = json_object_get(root, "vehicles");
    json_t *js = json_object_get(root, "jobs");
    json_t *ss = json_object_get(root, "shipments");
    if (!json_is_array(vs) || (js && !json_is_array(js)) || (ss && !json_is_array(ss))) {
        snprintf(msg, size, "%s: expected an array",
                 !json_is_array(vs)         ? "vehicles"
                 : js && !json_is_array(js) ? "jobs"
                                            : "shipments");
        return 2;
    }
    size_t i;
    json_t *e;
    int rc;
    json_array_foreach(vs, i, e) {
        id_text(json_object_get(e, "id"), id, sizeof id);
        static const char *const side[] = {"start", "end"};
        for (int k = 0; k < 2; k++) {
            snprintf(path, sizeof path, "vehicles[%zu].%s", i, side[k]);
            snprintf(owner, sizeof owner, "vehicle %s (%s)", id, side[k]);
            if ((rc = add(l, json_object_get(e, side[k]), path, owner, msg, size))) return rc;
        }
    }
    json_array_foreach(js, i, e) {
        id_text(json_object_get(e, "id"), id, sizeof id);
        snprintf(path, sizeof path, "jobs[%zu].location", i);
        snprintf(owner, sizeof owner, "job %s", id);
        json_t *loc = json_object_get(e, "location");
        if (!loc) {
            snprintf(msg, size, "jobs[%zu]: no location (rondo matrix needs coordinates)", i);
            return 2;
        }
        if ((rc = add(l, loc, path, owner, msg, size))) return rc;
    }
    json_array_foreach(ss, i, e) {
        static const char *const half[] = {"pickup", "delivery"};
        for (int k = 0; k < 2; k++) {
            json_t *h = json_object_get(e, half[k]);
            id_text(json_object_get(h, "id"), id, sizeof id);
            snprintf(path, sizeof path, "shipments[%zu].%s.location", i, half[k]);
            snprintf(owner, sizeof owner, "shipment %s %s", half[k], id);
            json_t *loc = json_object_get(h, "location");
            if (!loc) {
                snprintf(msg, size,
                         "shipments[%zu].%s: no location (rondo matrix needs coordinates)", i,
                         half[k]);
                return 2;
            }
            if ((rc = add(l, loc, path, owner, msg, size))) return rc;
        }
    }
    if (l->n == 0) {
        snprintf(msg, size, "no locations in the input");
        return 2;
    }
    return 0;
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

/* The answer: both matrices and the locations they are for. */
typedef struct answer_ctx {
    const locs *l;
    const int64_t *dur, *dist;
} answer_ctx;

static int write_answer(FILE *f, void *ctx) {
    const answer_ctx *a = ctx;
    const locs *l = a->l;
    fputs("{\"durations\":", f);
    write_matrix(f, a->dur, l->n);
    fputs(",\"distances\":", f);
    write_matrix(f, a->dist, l->n);
    fputs(",\"locations\":[", f);
    for (int i = 0; i < l->n; i++) {
        fputs(i ? ",[" : "[", f);
        write_coord(f, l->ll[2 * i]);
        fputc(',', f);
        write_coord(f, l->ll[2 * i + 1]);
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
    const rd_router_cfg cfg = o.cfg;
    const char *file = o.file, *output = o.output, *profile = o.profile;
    const char *source = file && strcmp(file, "-") ? file : "stdin";
    char *text = NULL;
    size_t len = 0;
    if (rd_cli_slurp(file, &text, &len)) {
        fprintf(stderr, "rondo: error: %s: cannot read\n", source);
        return 2;
    }
    json_error_t je;
    json_t *root = json_loadb(text, len, 0, &je);
    free(text);
    if (!json_is_object(root)) {
        if (root)
            fprintf(stderr, "rondo: error: %s: expected a JSON object\n", source);
        else
            fprintf(stderr, "rondo: error: %s: JSON syntax error at line %d, column %d: %s\n",
                    source, je.line, je.column, je.text);
        json_decref(root);
        return 2;
    }
    locs l = {0};
    int rc = collect(root, &l, msg, sizeof msg);
    json_decref(root);
    if (rc) {
        fprintf(stderr, "rondo: error: %s: %s\n", source, msg);
        locs_free(&l);
        return rc;
    }
    size_t cells = (size_t)l.n * (size_t)l.n;
    int64_t *dur = malloc(cells * sizeof *dur), *dist = malloc(cells * sizeof *dist);
    rd_error err;
    rd_error_clear(&err);
    int bad = -1;
    rd_status st = dur && dist ? rd_router_matrix(&cfg, profile, l.ll, l.n, dur, dist, &bad, &err)
                               : rd_err(&err, RD_ERR_NOMEM, "out of memory");
    if (st != RD_OK) {
        if (bad >= 0) {
            /* the router's message starts "location K [lon, lat]: ": name the task instead */
            const char *rest = strstr(err.msg, "]: ");
            fprintf(stderr, "rondo: error: %s at [%.6f, %.6f] (location %d): %s\n", l.owner[bad],
                    l.ll[2 * bad], l.ll[2 * bad + 1], bad, rest ? rest + 3 : err.msg);
        } else {
            fprintf(stderr, "rondo: error: %s\n", err.msg);
        }
        rc = rd_status_exit_code(st);
        goto out;
    }
    answer_ctx ac = {&l, dur, dist};
    rc = rd_out_write(output, write_answer, &ac);
out:
    free(dur);
    free(dist);
    locs_free(&l);
    return rc;
}
