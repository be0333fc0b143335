/* output: crash-safe output files for the program front.
 *
 * A plan is written to a temporary name next to its destination, flushed,
 * fsync'ed and renamed, so that a crash or a signal never leaves a
 * half-written plan under the real name. Without a destination (NULL) the
 * output is stdout. */
#ifndef RD_OUTPUT_H
#define RD_OUTPUT_H

#include <stdio.h>

/* Opens the destination: stdout when `path` is NULL (then *tmp = NULL), else a
 * new temporary file "<path>.tmp.<pid>" whose name goes to *tmp (owned by the
 * caller until rd_out_close). Returns NULL with a message on stderr when the
 * file cannot be created. */
FILE *rd_out_open(const char *path, char **tmp);

/* Completes the write begun by rd_out_open: flushes; for a file, fsyncs,
 * closes and renames it to `path` (or removes it when `ok` is 0 or anything
 * failed). Frees `tmp`. Returns 0 on success, 1 with a message otherwise. */
int rd_out_close(FILE *f, const char *path, char *tmp, int ok);

#endif
