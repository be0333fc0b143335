/* output: crash-safe output files for the program front.
 *
 * A plan is written to a temporary name next to its destination, flushed,
 * fsync'ed and renamed, so that a crash or a signal never leaves a
 * half-written plan under the real name. Without a destination (NULL) the
 * output is stdout; a destination that exists and is not a regular file
 * (/dev/null, a FIFO, a terminal) is written in place, never replaced. */
#ifndef RD_OUTPUT_H
#define RD_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include "io/map.h"
#include "model/model.h"
#include "model/solution.h"

/* Opens the destination: stdout when `path` is NULL, the file itself when it
 * is special (then *tmp = NULL), else a new temporary file
 * "<path>.tmp.<pid>" whose name goes to *tmp (owned by the caller until
 * rd_out_close). Returns NULL with a message on stderr when the
 * file cannot be created. */
FILE *rd_out_open(const char *path, char **tmp);

/* Completes the write begun by rd_out_open: flushes; for a file, fsyncs,
 * closes and renames it to `path` (or removes it when `ok` is 0 or anything
 * failed). Frees `tmp`. Returns 0 on success, 1 with a message otherwise. */
int rd_out_close(FILE *f, const char *path, char *tmp, int ok);

/* Writes something whole to `path` (NULL: stdout) between rd_out_open and
 * rd_out_close: `write` returns 1 when it wrote everything (0: the file is
 * removed). Returns 0, or 1 with a message on stderr. */
typedef int (*rd_out_fn)(FILE *f, void *ctx);
int rd_out_write(const char *path, rd_out_fn write, void *ctx);

/* rd_out_write of the bytes buf[0..len). */
int rd_out_write_buf(const char *path, const char *buf, size_t len);

/* rd_out_write of a .sol (io/sol.h: rd_sol_write with its comment lines). */
int rd_out_write_sol(const char *path, const rd_model *m, const rd_solution *s,
                     const char *comments);

/* rd_out_write of a map (io/map.h: rd_map_write_svg or rd_map_write_geojson);
 * a writer's error is reported as "`flag`: message". */
int rd_out_write_map(const char *flag, const char *path, const rd_map *map,
                     rd_status (*write)(FILE *, const rd_map *, rd_error *));

#endif
