/* file: whole inputs into memory, and what kind of text they hold.
 *
 * rd_file_read reads a file (or standard input for NULL or "-") whole, in
 * growing chunks rather than trusting its size (pipes and /proc files report
 * 0, and a file may grow while it is read), into a malloc'd buffer with a NUL
 * after its len bytes; the caller owns it. Errors: RD_ERR_INPUT "<path>:
 * cannot open: <reason>", "<path>: is a directory, not an instance file",
 * "<path>: cannot read: <reason>"; RD_ERR_NOMEM "<path>: file larger than N
 * MiB" (over `max` bytes) or "<path>: out of memory".
 *
 * JSON is recognised by content: the first byte that is not white space is
 * '{'. Thread-safe; no state. */
#ifndef RD_FILE_H
#define RD_FILE_H

#include <stddef.h>

#include "model/status.h"

rd_status rd_file_read(const char *path, size_t max, char **buf, size_t *len, rd_error *err);

/* 1 when buf[0..len) holds JSON (its first non-blank byte is '{'). */
int rd_file_text_is_json(const char *buf, size_t len);

/* 1 when the file at `path` holds JSON by the same rule (0 when it cannot be
 * opened: the reader then reports why). Reads only up to its first non-blank
 * byte. */
int rd_file_is_json(const char *path);

#endif
