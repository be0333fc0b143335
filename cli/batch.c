#include "cli/batch.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/stop.h"
#include "io/file.h"
#include "model/clock.h"

int rd_cli_is_dir(const char *path) {
    struct stat sb;
    return path && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static int rank(int code) {
    switch (code) {
    case 0: return 0;
    case 2: return 1;
    case 3: return 2;
    default: return 3; /* 1, and anything unexpected */
    }
}

int rd_batch_worse(int a, int b) {
    return rank(b) > rank(a) ? b : a;
}

/* A growing list of malloc'd paths. */
typedef struct plist {
    char **v;
    int n, cap;
} plist;

static int plist_add(plist *l, char *s) {
    if (!s) return -1;
    if (l->n == l->cap) {
        int nc = l->cap ? 2 * l->cap : 16;
        char **p = realloc(l->v, (size_t)nc * sizeof *p);
        if (!p) {
            free(s);
            return -1;
        }
        l->v = p;
        l->cap = nc;
    }
    l->v[l->n++] = s;
    return 0;
}

static void plist_free(plist *l) {
    for (int k = 0; k < l->n; k++) free(l->v[k]);
    free(l->v);
}

static char *dup_str(const char *s) {
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

static int ends_with(const char *s, const char *suffix) {
    size_t a = strlen(s), b = strlen(suffix);
    return a > b && !strcmp(s + a - b, suffix);
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends dir's *.vrp, *.txt, *.json regular files, sorted by name. Returns 0,
 * or -1 with a message on stderr. */
static int add_dir(plist *l, const char *dir) {
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "rondo: error: %s: cannot read the directory: %s\n", dir, strerror(errno));
        return -1;
    }
    int first = l->n, rc = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *name = e->d_name;
        if (name[0] == '.' ||
            !(ends_with(name, ".vrp") || ends_with(name, ".txt") || ends_with(name, ".json")))
            continue;
        size_t len = strlen(dir) + strlen(name) + 2;
        char *path = malloc(len);
        if (!path) {
            rc = -1;
            break;
        }
        snprintf(path, len, "%s%s%s", dir, ends_with(dir, "/") ? "" : "/", name);
        if (rd_cli_is_dir(path)) {
            free(path);
            continue;
        }
        if (plist_add(l, path)) {
            rc = -1;
            break;
        }
    }
    closedir(d);
    if (rc) {
        fprintf(stderr, "rondo: error: out of memory listing %s\n", dir);
        return -1;
    }
    if (l->n == first) {
        fprintf(stderr, "rondo: error: %s: no .vrp, .txt or .json files in the directory\n", dir);
        return -1;
    }
    qsort(l->v + first, (size_t)(l->n - first), sizeof *l->v, cmp_str);
    return 0;
}

/* DIR/<basename of input without extension><ext>, malloc'd. */
static char *out_name(const char *dir, const char *input, const char *ext) {
    const char *base = strrchr(input, '/');
    base = base ? base + 1 : input;
    const char *dot = strrchr(base, '.');
    size_t blen = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    size_t len = strlen(dir) + blen + strlen(ext) + 2;
    char *s = malloc(len);
    if (s)
        snprintf(s, len, "%s%s%.*s%s", dir, ends_with(dir, "/") ? "" : "/", (int)blen, base, ext);
    return s;
}

int rd_batch_run(const char *const *inputs, int n, const char *out_dir, rd_batch_solve_fn solve,
                 void *ctx) {
    int64_t t0 = rd_clock_ns();
    plist in = {0}, out = {0};
    for (int k = 0; k < n; k++) {
        if (!strcmp(inputs[k], "-")) {
            fprintf(stderr, "rondo: error: solve: stdin (-) cannot be part of a batch\n");
            plist_free(&in);
            return 2;
        }
        int bad =
            rd_cli_is_dir(inputs[k]) ? add_dir(&in, inputs[k]) : plist_add(&in, dup_str(inputs[k]));
        if (bad) {
            plist_free(&in);
            return 2;
        }
    }
    if (mkdir(out_dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "rondo: error: --out-dir %s: cannot create it: %s\n", out_dir,
                strerror(errno));
        plist_free(&in);
        return 1;
    }
    if (!rd_cli_is_dir(out_dir)) {
        fprintf(stderr, "rondo: error: --out-dir %s: not a directory\n", out_dir);
        plist_free(&in);
        return 1;
    }
    int worst = 0, n_ok = 0, n_fail = 0, n_left = 0;
    for (int k = 0; k < in.n; k++) {
        const char *path = in.v[k];
        if (rd_stop_requested()) {
            fprintf(stderr, "rondo: batch: [%d/%d] %s: not solved: interrupted\n", k + 1, in.n,
                    path);
            n_left++;
            continue;
        }
        int64_t t1 = rd_clock_ns();
        char *o = out_name(out_dir, path, rd_file_is_json(path) ? ".json" : ".sol");
        int code;
        rd_cli_result r;
        memset(&r, 0, sizeof r);
        int dup = -1;
        for (int j = 0; o && j < out.n && dup < 0; j++)
            if (out.v[j] && !strcmp(out.v[j], o)) dup = j;
        if (!o) {
            fprintf(stderr, "rondo: error: out of memory\n");
            code = 1;
        } else if (dup >= 0) {
            fprintf(stderr, "rondo: error: %s: its output %s is already the output of %s\n", path,
                    o, in.v[dup]);
            code = 2;
        } else {
            code = solve(ctx, path, o, &r);
        }
        double secs = (double)(rd_clock_ns() - t1) * 1e-9;
        plist_add(&out, dup_str(o && dup < 0 ? o : "")); /* out.v[k] goes with in.v[k] */
        int stopped = rd_stop_requested();
        if (code > 128 && stopped) { /* ended before any plan existed: nothing written */
            fprintf(stderr,
                    "rondo: batch: [%d/%d] %s: not solved: interrupted before any plan exists\n",
                    k + 1, in.n, path);
            n_left++;
            free(o);
            continue;
        }
        worst = rd_batch_worse(worst, code);
        if (code == 0 && r.written) {
            n_ok++;
            fprintf(stderr,
                    "rondo: batch: [%d/%d] %s: %s, cost %s, %d routes, %d unassigned, %.2f s -> "
                    "%s\n",
                    k + 1, in.n, path, stopped ? "interrupted (best plan so far)" : "ok", r.cost,
                    r.routes, r.unassigned, secs, o);
        } else {
            n_fail++;
            fprintf(stderr, "rondo: batch: [%d/%d] %s: error (exit %d), %.2f s\n", k + 1, in.n,
                    path, code, secs);
        }
        free(o);
    }
    int code = worst;
    if (n_left > 0) code = 128 + rd_stop_signal();
    fprintf(stderr,
            "rondo: batch: %d files: %d solved, %d failed, %d not solved (interrupted), %.2f s, "
            "exit %d\n",
            in.n, n_ok, n_fail, n_left, (double)(rd_clock_ns() - t0) * 1e-9, code);
    plist_free(&in);
    plist_free(&out);
    return code;
}
