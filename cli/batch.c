#include "cli/batch.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/html.h"
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

/* One input of the batch and what became of it. */
typedef struct entry {
    const char *in; /* input path (the batch's list owns it) */
    char *out;      /* output path (owned), NULL when memory ran out */
    int dup;        /* index of the earlier input with the same output, or -1 */
    int state;      /* E_* */
    int code;       /* exit code of its solve */
    int stopped;    /* the stop flag was up when its solve ended */
    double secs;    /* wall time of its solve */
    rd_cli_result r;
} entry;

enum { E_TODO, E_RUNNING, E_DONE, E_LEFT };

/* The batch's inputs, outputs and tallies; in an MPI run, rank 0's schedule
 * as well (the main thread and the dispatcher share it under `mu`). */
typedef struct batch {
    entry *e;
    int n;
    int *order;  /* the order inputs are handed out in */
    int next;    /* next position in `order` */
    int printed; /* entries [0, printed) have their line on stderr */
    int worst, n_ok, n_fail, n_left;
    int stopping; /* a signal (here or at a rank) stops the batch */
    int sig;      /* a rank's signal number, for the exit code */
    pthread_mutex_t mu;
} batch;

/* Solves entry k with `solve` (or fails it: out of memory, duplicate output). */
static void run_entry(batch *b, int k, rd_batch_solve_fn solve, void *ctx) {
    entry *e = &b->e[k];
    int64_t t1 = rd_clock_ns();
    memset(&e->r, 0, sizeof e->r);
    if (!e->out) {
        fprintf(stderr, "rondo: error: out of memory\n");
        e->code = 1;
    } else if (e->dup >= 0) {
        fprintf(stderr, "rondo: error: %s: its output %s is already the output of %s\n", e->in,
                e->out, b->e[e->dup].in);
        e->code = 2;
    } else {
        e->code = solve(ctx, e->in, e->out, &e->r);
    }
    e->secs = (double)(rd_clock_ns() - t1) * 1e-9;
    e->stopped = rd_stop_requested();
}

/* Prints the line of every finished entry from b->printed on, in input
 * order, and counts them. */
static void report(batch *b) {
    for (; b->printed < b->n; b->printed++) {
        int k = b->printed;
        entry *e = &b->e[k];
        const char *path = e->in;
        if (e->state == E_LEFT) {
            fprintf(stderr, "rondo: batch: [%d/%d] %s: not solved: interrupted\n", k + 1, b->n,
                    path);
            b->n_left++;
            continue;
        }
        if (e->state != E_DONE) return;
        if (e->code > 128 && e->stopped) { /* ended before any plan existed: nothing written */
            fprintf(stderr,
                    "rondo: batch: [%d/%d] %s: not solved: interrupted before any plan exists\n",
                    k + 1, b->n, path);
            b->n_left++;
            continue;
        }
        b->worst = rd_batch_worse(b->worst, e->code);
        if (e->code == 0 && e->r.written) {
            b->n_ok++;
            fprintf(stderr,
                    "rondo: batch: [%d/%d] %s: %s, cost %s, %d routes, %d unassigned, %.2f s -> "
                    "%s\n",
                    k + 1, b->n, path, e->stopped ? "interrupted (best plan so far)" : "ok",
                    e->r.cost, e->r.routes, e->r.unassigned, e->secs, e->out);
        } else {
            b->n_fail++;
            fprintf(stderr, "rondo: batch: [%d/%d] %s: error (exit %d), %.2f s\n", k + 1, b->n,
                    path, e->code, e->secs);
        }
    }
}

/* Lists the inputs (directories expanded), creates out_dir and names each
 * input's output. Returns 0, or the exit code of a failure (message on
 * stderr; nothing to free then). */
static int prepare(const char *const *inputs, int n, const char *out_dir, plist *in, batch *b) {
    for (int k = 0; k < n; k++) {
        if (!strcmp(inputs[k], "-")) {
            fprintf(stderr, "rondo: error: solve: stdin (-) cannot be part of a batch\n");
            plist_free(in);
            return 2;
        }
        int bad =
            rd_cli_is_dir(inputs[k]) ? add_dir(in, inputs[k]) : plist_add(in, dup_str(inputs[k]));
        if (bad) {
            plist_free(in);
            return 2;
        }
    }
    if (mkdir(out_dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "rondo: error: --out-dir %s: cannot create it: %s\n", out_dir,
                strerror(errno));
        plist_free(in);
        return 1;
    }
    if (!rd_cli_is_dir(out_dir)) {
        fprintf(stderr, "rondo: error: --out-dir %s: not a directory\n", out_dir);
        plist_free(in);
        return 1;
    }
    b->n = in->n;
    b->e = calloc((size_t)in->n, sizeof *b->e);
    b->order = calloc((size_t)in->n, sizeof *b->order);
    if (!b->e || !b->order) {
        fprintf(stderr, "rondo: error: out of memory\n");
        free(b->e);
        free(b->order);
        plist_free(in);
        return 1;
    }
    for (int k = 0; k < in->n; k++) {
        entry *e = &b->e[k];
        e->in = in->v[k];
        e->out = out_name(out_dir, e->in, rd_file_is_json(e->in) ? ".json" : ".sol");
        e->dup = -1;
        for (int j = 0; e->out && j < k && e->dup < 0; j++)
            if (b->e[j].out && b->e[j].dup < 0 && !strcmp(b->e[j].out, e->out)) e->dup = j;
        b->order[k] = k;
    }
    return 0;
}

static void batch_free(batch *b, plist *in) {
    for (int k = 0; k < b->n; k++) free(b->e[k].out);
    free(b->e);
    free(b->order);
    plist_free(in);
}

/* The summary line; returns the batch's exit code. */
static int summary(const batch *b, int64_t t0) {
    int code = b->worst;
    if (b->n_left > 0) code = 128 + (rd_stop_signal() ? rd_stop_signal() : b->sig);
    fprintf(stderr,
            "rondo: batch: %d files: %d solved, %d failed, %d not solved (interrupted), %.2f s, "
            "exit %d\n",
            b->n, b->n_ok, b->n_fail, b->n_left, (double)(rd_clock_ns() - t0) * 1e-9, code);
    return code;
}

char *rd_batch_report_path(const char *output) {
    if (!ends_with(output, ".json")) return NULL;
    size_t n = strlen(output) - strlen(".json");
    char *s = malloc(n + sizeof ".html");
    if (s) snprintf(s, n + sizeof ".html", "%.*s.html", (int)n, output);
    return s;
}

/* `path` as a link from a page in directory `from`: its name when they are
 * in the same directory, else the path as given, malloc'd. */
static char *link_to(const char *path, const char *from) {
    const char *slash = strrchr(path, '/');
    size_t dlen = slash ? (size_t)(slash - path) : 0;
    if (dlen == strlen(from) && !strncmp(path, from, dlen))
        return dup_str(slash ? slash + 1 : path);
    return dup_str(path);
}

/* The index page of a batch with --html: one row per input, links to its
 * plan and report. Returns 0 or 1. */
static int write_index(const batch *b, const char *index) {
    rd_report_entry *rows = calloc((size_t)b->n + 1, sizeof *rows);
    char **links = calloc(2 * (size_t)b->n + 1, sizeof *links), status[64];
    char *dir = dup_str(index);
    char(*st)[64] = calloc((size_t)b->n + 1, sizeof *st);
    int code = 0;
    if (!rows || !links || !dir || !st) {
        fprintf(stderr, "rondo: error: --html: out of memory\n");
        code = 1;
        goto done;
    }
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        dir[0] = '\0';
    for (int k = 0; k < b->n; k++) {
        const entry *e = &b->e[k];
        int ok = e->state == E_DONE && e->code == 0 && e->r.written;
        if (e->state != E_DONE || (e->code > 128 && e->stopped))
            snprintf(status, sizeof status, "not solved (interrupted)");
        else if (ok)
            snprintf(status, sizeof status, "%s", e->stopped ? "interrupted (best plan)" : "ok");
        else
            snprintf(status, sizeof status, "error (exit %d)", e->code);
        snprintf(st[k], sizeof st[k], "%s", status);
        char *rep = ok && e->out ? rd_batch_report_path(e->out) : NULL;
        struct stat sb;
        links[2 * k] = ok && e->out ? link_to(e->out, dir) : NULL;
        links[2 * k + 1] = rep && stat(rep, &sb) == 0 ? link_to(rep, dir) : NULL;
        free(rep);
        rows[k] = (rd_report_entry){
            e->in,       links[2 * k],    links[2 * k + 1], st[k], ok ? e->r.cost : NULL,
            e->r.routes, e->r.unassigned, e->secs};
    }
    code = rd_cli_html_index(index, "rondo batch", rows, b->n);
done:
    for (int k = 0; links && k < 2 * b->n; k++) free(links[k]);
    free(links);
    free(rows);
    free(dir);
    free(st);
    return code;
}

/* ---- the batch over the ranks of an MPI run (cli/batch.h) ---- */

enum { TAG_JOB = 1, TAG_RESULT = 2, TAG_STOP = 3 };

typedef struct sized {
    long long bytes;
    int k;
} sized;

static int cmp_sized(const void *a, const void *b) {
    const sized *x = a, *y = b;
    if (x->bytes != y->bytes) return x->bytes > y->bytes ? -1 : 1;
    return (x->k > y->k) - (x->k < y->k);
}

/* b->order: the largest input first (bytes on disk; unreadable ones count 0),
 * then input order, so that the long solves start first. */
static int order_by_size(batch *b) {
    sized *s = malloc((size_t)(b->n ? b->n : 1) * sizeof *s);
    if (!s) return -1;
    for (int k = 0; k < b->n; k++) {
        struct stat sb;
        s[k].bytes = stat(b->e[k].in, &sb) == 0 ? (long long)sb.st_size : 0;
        s[k].k = k;
    }
    qsort(s, (size_t)b->n, sizeof *s, cmp_sized);
    for (int k = 0; k < b->n; k++) b->order[k] = s[k].k;
    free(s);
    return 0;
}

/* The next entry to solve, marked running, or -1 when none is left or the
 * batch is stopping (the entries not started are then marked left). Under
 * b->mu. */
static int take_next(batch *b) {
    if (rd_stop_requested()) b->stopping = 1;
    if (b->stopping) {
        for (; b->next < b->n; b->next++) b->e[b->order[b->next]].state = E_LEFT;
        report(b);
        return -1;
    }
    if (b->next >= b->n) return -1;
    int k = b->order[b->next++];
    b->e[k].state = E_RUNNING;
    return k;
}

/* Records that entry k ended (its fields filled) and prints what can be
 * printed. Under b->mu. */
static void finish(batch *b, int k, int sig) {
    b->e[k].state = E_DONE;
    if (b->e[k].stopped) {
        b->stopping = 1;
        if (!b->sig) b->sig = sig;
    }
    report(b);
}

/* A result message: "k code written stopped signal routes unassigned secs cost". */
static int format_result(char *buf, size_t size, int k, const entry *e) {
    return snprintf(buf, size, "%d %d %d %d %d %d %d %.6f %s", k, e->code, e->r.written, e->stopped,
                    rd_stop_signal(), e->r.routes, e->r.unassigned, e->secs,
                    e->r.cost[0] ? e->r.cost : "-");
}

/* Parses a result message into b->e[k] (k checked); returns k, or -1. */
static int parse_result(batch *b, const char *msg, int *sig) {
    long long f[7];
    char *end;
    const char *p = msg;
    for (int i = 0; i < 7; i++) {
        f[i] = strtoll(p, &end, 10);
        if (end == p) return -1;
        p = end;
    }
    double secs = strtod(p, &end);
    if (end == p || *end != ' ') return -1;
    const char *cost = end + 1;
    int k = (int)f[0];
    if (k < 0 || k >= b->n || b->e[k].state != E_RUNNING) return -1;
    entry *e = &b->e[k];
    e->code = (int)f[1];
    e->r.written = (int)f[2];
    e->stopped = (int)f[3];
    *sig = (int)f[4];
    e->r.routes = (int)f[5];
    e->r.unassigned = (int)f[6];
    e->secs = secs;
    snprintf(e->r.cost, sizeof e->r.cost, "%s", strcmp(cost, "-") ? cost : "");
    return k;
}

/* Rank 0's dispatcher (its own thread while the main thread solves too):
 * answers each worker's "ready" or result with the next input, or with STOP
 * when none is left, until every worker has been stopped. The only thread
 * that calls MPI during the batch. */
typedef struct dispatch_ctx {
    batch *b;
    const rd_par *par;
    int failed; /* an MPI call failed */
} dispatch_ctx;

static void *dispatch(void *arg) {
    dispatch_ctx *d = arg;
    batch *b = d->b;
    int active = d->par->size - 1;
    while (active > 0) {
        char *msg = NULL;
        size_t len = 0;
        int from = -1;
        if (rd_par_recv(d->par, -1, TAG_RESULT, &msg, &len, &from, NULL) != RD_OK) {
            d->failed = 1;
            return NULL;
        }
        pthread_mutex_lock(&b->mu);
        if (strcmp(msg, "ready")) {
            int sig = 0, k = parse_result(b, msg, &sig);
            if (k < 0)
                fprintf(stderr, "rondo: error: batch: rank %d sent a malformed result: %s\n", from,
                        msg);
            else
                finish(b, k, sig);
        }
        int k = take_next(b);
        pthread_mutex_unlock(&b->mu);
        free(msg);
        rd_status st;
        if (k < 0) {
            st = rd_par_send(d->par, from, TAG_STOP, "", 0);
            active--;
        } else { /* "k\0input\0output" */
            const entry *e = &b->e[k];
            size_t a = strlen(e->in) + 1, o = e->out ? strlen(e->out) + 1 : 1;
            char head[16];
            int h = snprintf(head, sizeof head, "%d", k) + 1;
            char *job = malloc((size_t)h + a + o);
            if (!job) {
                d->failed = 1;
                return NULL;
            }
            memcpy(job, head, (size_t)h);
            memcpy(job + h, e->in, a);
            memcpy(job + h + a, e->out ? e->out : "", o);
            st = rd_par_send(d->par, from, TAG_JOB, job, (size_t)h + a + o);
            free(job);
        }
        if (st != RD_OK) {
            d->failed = 1;
            return NULL;
        }
    }
    return NULL;
}

/* A worker rank: asks rank 0 for inputs and solves them until told to stop. */
static int worker(const rd_par *par, rd_batch_solve_fn solve, void *ctx) {
    if (rd_par_send(par, 0, TAG_RESULT, "ready", 5) != RD_OK) return 1;
    for (;;) {
        char *msg = NULL;
        size_t len = 0;
        int tag = 0;
        if (rd_par_recv(par, 0, -1, &msg, &len, NULL, &tag) != RD_OK) return 1;
        if (tag == TAG_STOP) {
            free(msg);
            return 0;
        }
        /* "k\0input\0output": the output is named by rank 0 (a shared path) */
        size_t a = strlen(msg) + 1;
        const char *in = a < len ? msg + a : "";
        size_t at_out = a + strlen(in) + 1;
        const char *out = at_out < len ? msg + at_out : "";
        batch one = {0};
        entry e = {.in = in, .out = *out ? (char *)out : NULL, .dup = -1};
        one.e = &e;
        one.n = 1;
        run_entry(&one, 0, solve, ctx);
        char res[256];
        format_result(res, sizeof res, (int)strtol(msg, NULL, 10), &e);
        free(msg);
        if (rd_par_send(par, 0, TAG_RESULT, res, strlen(res)) != RD_OK) return 1;
    }
}

int rd_batch_run(const char *const *inputs, int n, const char *out_dir, const char *html_index,
                 rd_batch_solve_fn solve, void *ctx, const rd_par *par) {
    if (par && par->size > 1 && par->rank != 0) return worker(par, solve, ctx);
    int64_t t0 = rd_clock_ns();
    plist in = {0};
    batch b = {0};
    int code = prepare(inputs, n, out_dir, &in, &b);
    int ranks = par && par->size > 1 ? par->size : 1;
    if (ranks > 1 && !code && order_by_size(&b)) {
        fprintf(stderr, "rondo: error: out of memory\n");
        batch_free(&b, &in);
        code = 1;
    }
    if (code) {
        if (ranks > 1) { /* stop the workers: nothing to hand out */
            batch none = {0};
            pthread_mutex_init(&none.mu, NULL);
            dispatch_ctx d = {&none, par, 0};
            dispatch(&d);
            pthread_mutex_destroy(&none.mu);
        }
        return code;
    }
    pthread_mutex_init(&b.mu, NULL);
    pthread_t th;
    dispatch_ctx d = {&b, par, 0};
    int threaded = ranks > 1 && pthread_create(&th, NULL, dispatch, &d) == 0;
    if (ranks > 1 && !threaded) dispatch(&d); /* no thread: rank 0 only hands out */
    for (;;) {                                /* rank 0 solves too (or alone) */
        pthread_mutex_lock(&b.mu);
        int k = take_next(&b);
        pthread_mutex_unlock(&b.mu);
        if (k < 0) break;
        run_entry(&b, k, solve, ctx);
        pthread_mutex_lock(&b.mu);
        finish(&b, k, rd_stop_signal());
        pthread_mutex_unlock(&b.mu);
    }
    if (threaded) pthread_join(th, NULL);
    if (d.failed) {
        fprintf(stderr, "rondo: error: batch: MPI message exchange failed\n");
        b.worst = rd_batch_worse(b.worst, 1);
    }
    report(&b);
    code = summary(&b, t0);
    if (html_index && write_index(&b, html_index)) code = rd_batch_worse(code, 1);
    pthread_mutex_destroy(&b.mu);
    batch_free(&b, &in);
    return code;
}
