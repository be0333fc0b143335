#include "cli/lines.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define KEEP_MAX ((size_t)1 << 20) /* a line buffer larger than this is released */
#define WAIT_MS  200               /* how often a wait for input looks at *stop */

void rd_lines_init(rd_lines *r, int fd, size_t max, const volatile int *stop) {
    memset(r, 0, sizeof *r);
    r->fd = fd;
    r->max = max;
    r->stop = stop;
}

void rd_lines_free(rd_lines *r) {
    if (!r) return;
    free(r->buf);
    r->buf = NULL;
    r->cap = 0;
}

/* Refills in[] (it is empty). Returns RD_LINE_OK with data, RD_LINE_EOF,
 * RD_LINE_STOP or RD_LINE_ERROR. */
static rd_line_status fill(rd_lines *r) {
    int idled = 0;
    for (;;) {
        if (r->stop && *r->stop) return RD_LINE_STOP;
        struct pollfd pfd = {.fd = r->fd, .events = POLLIN};
        int k = poll(&pfd, 1, r->stop || r->on_idle ? WAIT_MS : -1);
        if (k < 0 && errno != EINTR) return RD_LINE_ERROR;
        if (k == 0 && !idled && r->on_idle) {
            r->on_idle(r->idle_ctx);
            idled = 1;
        }
        if (k <= 0) continue; /* timeout or signal: look at *stop again */
        ssize_t n = read(r->fd, r->in, sizeof r->in);
        if (n > 0) {
            r->pos = 0;
            r->end = (size_t)n;
            return RD_LINE_OK;
        }
        if (n == 0) {
            r->eof = 1;
            return RD_LINE_EOF;
        }
        if (errno != EINTR && errno != EAGAIN) return RD_LINE_ERROR;
    }
}

/* Appends in[pos..pos+n) to the line unless it is being skipped; a line that
 * would pass the cap (or a failed allocation) switches to skipping. */
static void append(rd_lines *r, size_t *len, size_t n, rd_line_status *skip) {
    if (*skip == RD_LINE_OK && *len + n > r->max) *skip = RD_LINE_TOO_LONG;
    if (*skip == RD_LINE_OK && *len + n + 1 > r->cap) {
        size_t nc = r->cap ? r->cap : 4096;
        while (nc < *len + n + 1) nc = nc <= SIZE_MAX / 2 ? nc * 2 : SIZE_MAX;
        if (nc > r->max + 1) nc = r->max + 1;
        char *nb = realloc(r->buf, nc);
        if (nb) {
            r->buf = nb;
            r->cap = nc;
        } else {
            *skip = RD_LINE_NOMEM;
        }
    }
    if (*skip == RD_LINE_OK) memcpy(r->buf + *len, r->in + r->pos, n);
    *len += n;
    r->pos += n;
}

rd_line_status rd_lines_next(rd_lines *r, const char **line, size_t *len) {
    *line = NULL;
    *len = 0;
    if (r->cap > KEEP_MAX) rd_lines_free(r); /* the last line was a big one */
    rd_line_status skip = RD_LINE_OK;
    size_t n = 0;
    for (;;) {
        if (r->pos == r->end) {
            rd_line_status st = r->eof ? RD_LINE_EOF : fill(r);
            if (st == RD_LINE_EOF && n > 0) break; /* a last line without '\n' */
            if (st != RD_LINE_OK) return st;       /* a partial line is dropped */
        }
        const char *nl = memchr(r->in + r->pos, '\n', r->end - r->pos);
        size_t k = nl ? (size_t)(nl - (r->in + r->pos)) : r->end - r->pos;
        append(r, &n, k, &skip);
        if (nl) {
            r->pos++; /* the '\n' */
            break;
        }
    }
    r->lineno++;
    *len = n;
    if (skip != RD_LINE_OK) return skip;
    if (!r->buf) { /* an empty line before anything was allocated */
        r->buf = malloc(1);
        if (!r->buf) return RD_LINE_NOMEM;
        r->cap = 1;
    }
    r->buf[n] = '\0';
    *line = r->buf;
    return RD_LINE_OK;
}
