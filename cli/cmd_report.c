/* rondo report: the HTML report (io/report.h) of a plan made earlier. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cmd.h"
#include "cli/html.h"
#include "io/file.h"
#include "io/json_in.h"

#define REPORT_MAX_BYTES ((size_t)1 << 30) /* the largest input or plan read */

static void usage(FILE *f) {
    fputs("usage: rondo report INPUT.json PLAN.json [-o FILE]\n"
          "\n"
          "Writes the plan PLAN.json (the JSON answer of `rondo solve` or VROOM for\n"
          "INPUT.json) as one self-contained HTML page for a dispatcher: a summary,\n"
          "the map (when the input has coordinates), each route's driver's sheet\n"
          "(printed one route per page) with a chart of its load and time windows,\n"
          "and the stops left out with their reasons. No network is needed to\n"
          "read it. The same page comes from `rondo solve INPUT.json --html FILE`.\n"
          "\n"
          "  -o, --output FILE   write the page to FILE (default: stdout); written to a\n"
          "                      temporary name and renamed when complete\n"
          "  -h, --help          this text\n"
          "\n"
          "exit codes: 0 written, 1 internal error, 2 input error (an unreadable\n"
          "input, a plan that is not an answer with code 0, or a plan naming a\n"
          "vehicle or job the input lacks)\n",
          f);
}

enum { O_OUTPUT, O_HELP };
static const rd_opt OPTS[] = {{'o', "output", 1, O_OUTPUT}, {'h', "help", 0, O_HELP}};

typedef struct report_opts {
    const char *files[2];
    int n_files;
    const char *output;
} report_opts;

static int apply(void *ctx, int id, const char *flag, const char *v, char *msg, size_t size) {
    report_opts *o = ctx;
    if (!flag) {
        if (o->n_files == 2) {
            snprintf(msg, size, "too many arguments ('%s')", v);
            return RD_ARGS_ERROR;
        }
        o->files[o->n_files++] = v;
        return RD_ARGS_RUN;
    }
    if (id == O_HELP) {
        usage(stdout);
        return RD_ARGS_DONE;
    }
    o->output = v;
    return RD_ARGS_RUN;
}

int rd_cmd_report(int argc, char **argv) {
    report_opts o = {{NULL, NULL}, 0, NULL};
    char msg[512];
    int pr = rd_args_parse(argc, argv, OPTS, (int)(sizeof OPTS / sizeof OPTS[0]), apply, &o, msg,
                           sizeof msg);
    if (pr == RD_ARGS_DONE) return 0;
    if (pr == RD_ARGS_ERROR || o.n_files != 2) {
        fprintf(stderr, "rondo: error: report: %s (try rondo report --help)\n",
                pr == RD_ARGS_ERROR ? msg : "needs INPUT.json and PLAN.json");
        return 2;
    }
    rd_error err;
    rd_error_clear(&err);
    char *in = NULL, *plan = NULL;
    size_t ilen = 0, plen = 0;
    rd_model *m = NULL;
    rd_json_extras x;
    memset(&x, 0, sizeof x);
    int code = 0;
    rd_status st = rd_file_read(o.files[0], REPORT_MAX_BYTES, &in, &ilen, &err);
    if (st == RD_OK) st = rd_file_read(o.files[1], REPORT_MAX_BYTES, &plan, &plen, &err);
    if (st == RD_OK && (!rd_file_text_is_json(in, ilen) || !rd_file_text_is_json(plan, plen)))
        st = rd_err(&err, RD_ERR_INPUT, "%s: not JSON (a report needs VROOM JSON and its answer)",
                    rd_file_text_is_json(in, ilen) ? o.files[1] : o.files[0]);
    /* the input read as `solve` reads it: checked, and its locations' coordinates */
    if (st == RD_OK) st = rd_json_read(in, ilen, o.files[0], &m, &x, &err);
    if (st != RD_OK) {
        fprintf(stderr, "rondo: error: %s\n", err.msg);
        code = rd_status_exit_code(st);
    } else {
        int any = 0;
        for (int l = 0; l < x.n_locs; l++) any |= x.loc_has_coords[l];
        rd_map_coords c = {x.n_locs, x.loc_has_coords, x.loc_lonlat, x.loc_xy, x.planar, 1};
        code = rd_cli_html_write(o.output, o.files[0], in, ilen, plan, plen, any ? &c : NULL);
    }
    rd_json_extras_free(&x);
    rd_model_destroy(m);
    free(in);
    free(plan);
    return code;
}
