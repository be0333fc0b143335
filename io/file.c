#include "io/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Reads fd to its end into a growing buffer (cap: a first guess). */
static rd_status read_all(int fd, const char *path, size_t max, size_t cap, char **out,
                          size_t *out_len, rd_error *err) {
    size_t len = 0;
    char *buf = malloc(cap + 1);
    if (!buf) return rd_err(err, RD_ERR_NOMEM, "%s: out of memory", path);
    for (;;) {
        if (len == cap) {
            if (cap > max) {
                free(buf);
                return rd_err(err, RD_ERR_NOMEM, "%s: file larger than %zu MiB", path, max >> 20);
            }
            size_t ncap = cap * 2 > max + 1 ? max + 1 : cap * 2;
            char *nb = realloc(buf, ncap + 1);
            if (!nb) {
                free(buf);
                return rd_err(err, RD_ERR_NOMEM, "%s: out of memory", path);
            }
            buf = nb;
            cap = ncap;
        }
        ssize_t got = read(fd, buf + len, cap - len);
        if (got < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            free(buf);
            if (e == EISDIR)
                return rd_err(err, RD_ERR_INPUT, "%s: is a directory, not an instance file", path);
            return rd_err(err, RD_ERR_INPUT, "%s: cannot read: %s", path, strerror(e));
        }
        if (got == 0) break;
        len += (size_t)got;
    }
    if (len > max) {
        free(buf);
        return rd_err(err, RD_ERR_NOMEM, "%s: file larger than %zu MiB", path, max >> 20);
    }
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    return RD_OK;
}

rd_status rd_file_read(const char *path, size_t max, char **buf, size_t *len, rd_error *err) {
    *buf = NULL;
    *len = 0;
    const int is_stdin = !path || !strcmp(path, "-");
    const char *name = is_stdin ? "stdin" : path;
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY);
    if (fd < 0) return rd_err(err, RD_ERR_INPUT, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        if (!is_stdin) close(fd);
        return rd_err(err, RD_ERR_INPUT, "%s: cannot read: %s", name, strerror(e));
    }
    rd_status s = RD_OK;
    if (S_ISDIR(st.st_mode))
        s = rd_err(err, RD_ERR_INPUT, "%s: is a directory, not an instance file", name);
    else if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > (uintmax_t)max)
        s = rd_err(err, RD_ERR_NOMEM, "%s: file larger than %zu MiB", name, max >> 20);
    else
        s = read_all(fd, name, max,
                     S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t)st.st_size + 1 : 65536, buf,
                     len, err);
    if (!is_stdin) close(fd);
    return s;
}

int rd_file_text_is_json(const char *buf, size_t len) {
    for (size_t i = 0; i < len; i++) {
        char c = buf[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        return c == '{';
    }
    return 0;
}

int rd_file_is_json(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    char b[4096];
    int json = 0;
    size_t k;
    while ((k = fread(b, 1, sizeof b, f)) > 0) {
        size_t i = 0;
        while (i < k && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) i++;
        if (i < k) {
            json = rd_file_text_is_json(b + i, k - i);
            break;
        }
    }
    fclose(f);
    return json;
}
