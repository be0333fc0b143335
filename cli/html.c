/* html: see cli/html.h. */
#include "cli/html.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/output.h"

int rd_cli_html_write(const char *path, const char *name, const char *input, size_t ilen,
                      const char *answer, size_t alen, const rd_map_coords *coords) {
    rd_map map;
    memset(&map, 0, sizeof map);
    rd_error err;
    rd_error_clear(&err);
    int has_map = 0;
    char why[RD_ERROR_MSG_MAX + 64] = "the input gives no coordinates (only matrices)";
    if (coords) {
        rd_status st = rd_map_from_answer(answer, alen, coords, &map, &err);
        if (st == RD_OK) {
            has_map = 1;
        } else if (st == RD_ERR_NOMEM) {
            fprintf(stderr, "rondo: error: --html: out of memory\n");
            rd_map_free(&map);
            return 1;
        } else { /* a location without coordinates, a step without its location_index
                    (the report refuses an answer that is not a plan, below) */
            snprintf(why, sizeof why, "%s", err.msg);
        }
    }
    rd_report_src src = {name, input, ilen, answer, alen, has_map ? &map : NULL, why};
    /* the page is made in memory: a plan that is not the input's leaves no file */
    char *buf = NULL;
    size_t blen = 0;
    FILE *mem = open_memstream(&buf, &blen);
    rd_status st = mem ? rd_report_write(mem, &src, &err) : RD_ERR_NOMEM;
    if (mem && fclose(mem) != 0 && st == RD_OK) st = rd_err(&err, RD_ERR_NOMEM, "out of memory");
    rd_map_free(&map);
    int code = 0;
    if (st != RD_OK) {
        fprintf(stderr, "rondo: error: report: %s\n", mem ? err.msg : "out of memory");
        code = st == RD_ERR_INPUT ? 2 : 1;
    } else {
        code = rd_out_write_buf(path, buf, blen);
    }
    free(buf);
    return code;
}

typedef struct index_page {
    const char *title;
    const rd_report_entry *e;
    int n;
    rd_error err;
} index_page;

static int write_index(FILE *f, void *ctx) {
    index_page *ix = ctx;
    return rd_report_write_index(f, ix->title, ix->e, ix->n, &ix->err) == RD_OK;
}

int rd_cli_html_index(const char *path, const char *title, const rd_report_entry *e, int n) {
    index_page ix = {title, e, n, {RD_OK, ""}};
    int code = rd_out_write(path, write_index, &ix);
    if (ix.err.status != RD_OK) fprintf(stderr, "rondo: error: --html: %s\n", ix.err.msg);
    return code;
}
