#include "cli/output.h"

#include "cli/stop.h"
#include "io/sol.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* 1 when `path` exists and is not a regular file (/dev/null, a FIFO, a
 * terminal): written in place, never replaced by a renamed file. */
static int special_file(const char *path) {
    struct stat sb;
    return stat(path, &sb) == 0 && !S_ISREG(sb.st_mode);
}

FILE *rd_out_open(const char *path, char **tmp) {
    *tmp = NULL;
    if (!path) return stdout;
    if (special_file(path)) {
        FILE *f = fopen(path, "w");
        if (!f) fprintf(stderr, "rondo: error: cannot write %s\n", path);
        return f;
    }
    size_t len = strlen(path) + 32;
    *tmp = malloc(len);
    if (!*tmp) return NULL;
    snprintf(*tmp, len, "%s.tmp.%ld", path, (long)getpid());
    rd_stop_set_tmp(*tmp); /* a second signal removes it (cli/stop.h) */
    FILE *f = fopen(*tmp, "w");
    if (!f) rd_stop_set_tmp(NULL);
    if (!f) fprintf(stderr, "rondo: error: cannot write %s\n", *tmp);
    return f;
}

int rd_out_close(FILE *f, const char *path, char *tmp, int ok) {
    if (!path) {
        int bad = fflush(stdout) != 0 || !ok;
        if (bad) fprintf(stderr, "rondo: error: writing the answer failed\n");
        return bad;
    }
    if (!tmp) { /* a special file, written in place */
        int bad = !ok || fclose(f) != 0;
        if (bad) fprintf(stderr, "rondo: error: writing %s failed\n", path);
        return bad;
    }
    int bad = !ok || fflush(f) || fsync(fileno(f));
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, path)) {
        fprintf(stderr, "rondo: error: writing %s failed\n", path);
        remove(tmp);
        rd_stop_set_tmp(NULL);
        free(tmp);
        return 1;
    }
    rd_stop_set_tmp(NULL);
    free(tmp);
    return 0;
}

int rd_out_write(const char *path, rd_out_fn write, void *ctx) {
    char *tmp;
    FILE *f = rd_out_open(path, &tmp);
    if (!f) {
        free(tmp);
        return 1;
    }
    int ok = write(f, ctx);
    return rd_out_close(f, path, tmp, ok && !ferror(f));
}

typedef struct buf_ctx {
    const char *buf;
    size_t len;
} buf_ctx;

static int write_buf(FILE *f, void *ctx) {
    const buf_ctx *b = ctx;
    return fwrite(b->buf, 1, b->len, f) == b->len;
}

int rd_out_write_buf(const char *path, const char *buf, size_t len) {
    buf_ctx b = {buf, len};
    return rd_out_write(path, write_buf, &b);
}

typedef struct sol_ctx {
    const char *path;
    const rd_model *m;
    const rd_solution *s;
    const char *comments;
} sol_ctx;

static int write_sol(FILE *f, void *ctx) {
    const sol_ctx *c = ctx;
    rd_error err;
    rd_error_clear(&err);
    if (rd_sol_write(f, c->m, c->s, c->comments, &err) == RD_OK) return 1;
    fprintf(stderr, "rondo: error: %s: %s\n", c->path ? c->path : "stdout", err.msg);
    return 0;
}

int rd_out_write_sol(const char *path, const rd_model *m, const rd_solution *s,
                     const char *comments) {
    sol_ctx c = {path, m, s, comments};
    return rd_out_write(path, write_sol, &c);
}

typedef struct map_ctx {
    const char *flag;
    const rd_map *map;
    rd_status (*write)(FILE *, const rd_map *, rd_error *);
} map_ctx;

static int write_map(FILE *f, void *ctx) {
    const map_ctx *c = ctx;
    rd_error err;
    rd_error_clear(&err);
    if (c->write(f, c->map, &err) == RD_OK) return 1;
    fprintf(stderr, "rondo: error: %s: %s\n", c->flag, err.msg);
    return 0;
}

int rd_out_write_map(const char *flag, const char *path, const rd_map *map,
                     rd_status (*write)(FILE *, const rd_map *, rd_error *)) {
    map_ctx c = {flag, map, write};
    return rd_out_write(path, write_map, &c);
}
