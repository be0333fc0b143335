/* lines: newline-delimited records from a file descriptor, with a size cap
 * (the request lines of `rondo serve`).
 *
 * A line is the bytes up to '\n' (excluded; a last line without '\n' before
 * end of file counts too). Any byte may appear in it, NUL included: the
 * caller gets its length. A line longer than the cap is not buffered: the
 * rest of it is read and discarded, and the caller is told how long it was.
 * Memory: a 64 KiB read buffer and a line buffer that grows to the longest
 * line (at most cap + 1 bytes) and is released before the next line when it
 * grew beyond 1 MiB, so nothing accumulates from one line to the next.
 *
 * While waiting for input the reader wakes up every 200 ms to look at
 * *stop (when non-NULL) and gives up when it is set (a signal asked the
 * program to end); the first time a wait lasts that long it calls on_idle
 * (when set), where the caller may tidy up (serve returns freed memory to
 * the system there, not between back-to-back requests).
 *
 * Ownership: the caller owns the rd_lines (rd_lines_init, rd_lines_free);
 * the line returned by rd_lines_next belongs to it and stays valid until the
 * next call. One reader per descriptor; not thread-safe. */
#ifndef RD_LINES_H
#define RD_LINES_H

#include <stddef.h>
#include <stdint.h>

#define RD_LINES_CHUNK 65536 /* bytes per read() */

typedef enum rd_line_status {
    RD_LINE_OK = 0,   /* *line, *len: the line, NUL-terminated (the NUL not counted) */
    RD_LINE_TOO_LONG, /* the line exceeded the cap and was skipped; *len: its length */
    RD_LINE_EOF,      /* end of input: no more lines */
    RD_LINE_STOP,     /* *stop was set while waiting for input */
    RD_LINE_NOMEM,    /* the line buffer could not grow; the line was skipped, *len: its length */
    RD_LINE_ERROR     /* read() failed (errno tells) */
} rd_line_status;

typedef struct rd_lines {
    int fd;                   /* not owned */
    size_t max;               /* longest line accepted, bytes */
    const volatile int *stop; /* not owned; may be NULL */
    int64_t lineno;           /* number of the line last returned (1-based) */
    char *buf;                /* the current line, owned */
    size_t cap;               /* bytes allocated in buf */
    char in[RD_LINES_CHUNK];  /* read buffer */
    size_t pos, end;          /* unread bytes: in[pos..end) */
    int eof;                  /* read() returned 0 */
    void (*on_idle)(void *);  /* may be NULL; set by the caller after rd_lines_init */
    void *idle_ctx;           /* on_idle's argument, not owned */
} rd_lines;

/* Prepares `r` to read lines of at most `max` bytes from `fd`. */
void rd_lines_init(rd_lines *r, int fd, size_t max, const volatile int *stop);

/* Reads the next line. On RD_LINE_OK *line points into r's buffer. */
rd_line_status rd_lines_next(rd_lines *r, const char **line, size_t *len);

/* Frees the line buffer. Accepts NULL. */
void rd_lines_free(rd_lines *r);

#endif
