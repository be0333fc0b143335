/* html: the program's HTML reports (io/report.h) written as files: a plan's
 * page (`rondo solve --html`, `rondo report`) and a batch's index page.
 * Files are written crash-safe (cli/output.h); messages go to stderr. */
#ifndef RD_HTML_H
#define RD_HTML_H

#include <stddef.h>

#include "io/map.h"
#include "io/report.h"

/* Writes the report of `answer` (a plan's JSON answer) for `input` (its
 * VROOM JSON input), named `name`, to `path` (NULL: stdout). The map is
 * drawn from `coords` (NULL: the input gives none; the page says so); a
 * step at a location without coordinates leaves the map out with that
 * reason. Returns 0; 2 when the answer is not a plan of the input (message
 * on stderr, nothing written); 1 when writing fails or memory runs out. */
int rd_cli_html_write(const char *path, const char *name, const char *input, size_t ilen,
                      const char *answer, size_t alen, const rd_map_coords *coords);

/* Writes a batch's index page (rd_report_write_index) to `path`. Returns 0
 * or 1 (message on stderr). */
int rd_cli_html_index(const char *path, const char *title, const rd_report_entry *e, int n);

#endif
