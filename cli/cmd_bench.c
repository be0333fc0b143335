/* cmd_bench: `rondo bench LIST ...` solves every instance of a list, checks
 * each answer with the independent evaluator, compares it with the
 * best-known solution (bks.csv) and prints one table row per instance as soon
 * as it is done, then averages.
 *
 * The table goes to stdout, progress to stderr; the solver itself logs at
 * warning level only so that the table stays readable. Exit code: 0 when
 * every instance was solved feasibly, 1 otherwise, 2 for a bad command line,
 * an unreadable LIST or an unreadable --bks file given explicitly. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/cmd.h"
#include "cli/lines.h"
#include "cli/output.h"
#include "cli/stop.h"
#include "io/instance.h"
#include "io/sol.h"
#include "model/clock.h"
#include "model/eval.h"
#include "model/log.h"
#include "model/model.h"
#include "model/params.h"
#include "model/solution.h"
#include "solver/run.h"

#define BENCH_LINE_MAX          4096    /* longest accepted line in LIST or the csv */
#define BENCH_MAX_ENTRIES       1000000 /* cap on list lines and csv rows */
#define BENCH_PATH_MAX          4096    /* longest path built from --dir/--out and a name */
#define BENCH_MAX_VIOL_COMMENTS 20      /* violations described in a .sol file's comments */

static const char *const bench_usage =
    "usage: rondo bench LIST [options]\n"
    "\n"
    "Solves every instance named in LIST (one path per line, relative to --dir;\n"
    "'#' comments and blank lines are skipped), checks each solution with the\n"
    "independent evaluator and compares its cost with the best-known solution.\n"
    "\n"
    "options:\n"
    "  --dir DIR         instance folder (default ../shared/instances)\n"
    "  --bks FILE        best-known solutions csv (default DIR/bks.csv)\n"
    "  --factor F        time limit F x customers seconds per instance (default 0.01)\n"
    "  -l SECONDS        fixed time limit per instance instead\n"
    "  --iterations N    iteration budget per slot instead of a time limit\n"
    "                    (with --factor or -l as well: whichever ends first)\n"
    "  --seed N          random seed (default 1)\n"
    "  --threads N       OpenMP threads (default: one per core)\n"
    "  --slots K         independent search slots (default 4; one per thread on\n"
    "                    more than 2048 stops, unless --iterations alone)\n"
    "  --round CONV      distance convention: nint, trunc1 (dimacs), exact\n"
    "                    (default: the format's own)\n"
    "  --out DIR         write each solution as DIR/<name>.sol\n"
    "  --sp-share F      share of the time for set partitioning (0: off; default 0.1)\n"
    "  --checker SCRIPT  with --out: also run the outside checker\n"
    "                    (python3 SCRIPT INSTANCE SOL --round CONV, e.g.\n"
    "                    ../shared/tools/check_solution.py) on each .sol and show\n"
    "                    its verdict in the last column; a rejection counts as\n"
    "                    infeasible\n" RD_LIMIT_FLAGS_HELP "  --help            this text\n"
    "\n"
    "SIGINT/SIGTERM: the instance being solved ends with its best plan, its row\n"
    "and the summary so far are printed, and the exit code is 128 + the signal\n"
    "(a second signal ends the program at once). Otherwise: 0 when every\n"
    "instance was solved feasibly, 1 when one was not, 2 on bad usage.\n"
    "\n"
    "Exit code: 0 when every instance was solved feasibly, 1 otherwise,\n"
    "2 for a bad command line or an unreadable LIST.\n";

typedef struct bench_opts {
    const char *list;    /* LIST file */
    const char *dir;     /* instance folder */
    const char *bks;     /* csv path, or NULL: <dir>/bks.csv */
    const char *out;     /* solution folder, or NULL */
    const char *checker; /* outside checker script (python3), or NULL */
    double factor;       /* seconds per customer (when !has_limit) */
    double limit;        /* fixed seconds per instance (when has_limit) */
    int has_factor;      /* --factor given */
    int has_limit;       /* -l given */
    int64_t iterations;  /* iteration budget per slot; 0: none */
    uint64_t seed;       /* user seed */
    int threads;         /* OpenMP threads; 0: one per core */
    int slots;           /* search slots; 0: the params default */
    rd_round round;      /* RD_ROUND_NONE: the format's default */
    double sp_share;     /* set-partitioning share, < 0: the params default */
    rd_limits limits;    /* --max-* and --matrix */
} bench_opts;

/* One row of bks.csv (only the columns bench uses). */
typedef struct bks_entry {
    char *set;     /* "cvrp/X" (owned) */
    char *name;    /* "X-n101-k25" (owned) */
    char *cost;    /* "27591" as written (owned) */
    double cost_v; /* the same as a number, instance units */
    int vehicles;  /* routes of the BKS solution, or -1 when not given */
} bks_entry;

typedef struct bks_table {
    bks_entry *e; /* [n] */
    int n, cap;
} bks_table;

/* The instances of LIST in order (paths relative to --dir, owned). */
typedef struct bench_list {
    char **path; /* [n] */
    int n, cap;
} bench_list;

/* Running totals for the summary. */
typedef struct bench_totals {
    int total;       /* instances in the list */
    int feasible;    /* solved feasibly */
    int n_gap;       /* instances contributing to gap_sum */
    double gap_sum;  /* sum of gaps in percent */
    int n_time;      /* instances solved (contributing to time_sum) */
    double time_sum; /* sum of solve seconds */
} bench_totals;

static char *dup_range(const char *s, size_t len) {
    char *d = malloc(len + 1);
    if (!d) return NULL;
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

/* Calls fn(ctx, file, lineno, line) for each line of `file` (cli/lines.h),
 * the line stripped of its end-of-line characters and trailing blanks.
 * fn returns 0 to go on, -1 to stop (it printed why). Returns 0, or -1 with
 * a message on stderr (unreadable file, a line over BENCH_LINE_MAX). */
static int each_line(const char *file, int (*fn)(void *, const char *, int, char *), void *ctx) {
    int fd = open(file, O_RDONLY);
    if (fd < 0) {
        fprintf(stderr, "rondo: error: %s: %s\n", file, strerror(errno));
        return -1;
    }
    rd_lines *in = malloc(sizeof *in);
    if (!in) {
        close(fd);
        fprintf(stderr, "rondo: error: out of memory reading %s\n", file);
        return -1;
    }
    rd_lines_init(in, fd, BENCH_LINE_MAX, NULL);
    int rc = 0;
    for (;;) {
        const char *line;
        size_t len;
        rd_line_status ls = rd_lines_next(in, &line, &len);
        if (ls == RD_LINE_EOF) break;
        if (ls != RD_LINE_OK) {
            fprintf(stderr, "rondo: error: %s:%" PRId64 ": %s\n", file, in->lineno,
                    ls == RD_LINE_TOO_LONG ? "line too long"
                    : ls == RD_LINE_NOMEM  ? "out of memory"
                                           : "read error");
            rc = -1;
            break;
        }
        char *buf = (char *)line; /* the reader's own buffer, valid until the next line */
        while (len > 0 && (buf[len - 1] == '\r' || buf[len - 1] == ' ' || buf[len - 1] == '\t'))
            buf[--len] = '\0';
        if ((rc = fn(ctx, file, (int)in->lineno, buf)) != 0) break;
    }
    rd_lines_free(in);
    free(in);
    close(fd);
    return rc;
}

static void bench_list_free(bench_list *l) {
    for (int i = 0; i < l->n; i++) free(l->path[i]);
    free(l->path);
    l->path = NULL;
    l->n = l->cap = 0;
}

/* One line of LIST into l (each_line's callback). */
static int list_line(void *ctx, const char *file, int line, char *buf) {
    bench_list *l = ctx;
    char *hash = strchr(buf, '#');
    if (hash) *hash = '\0';
    char *s = buf;
    while (*s == ' ' || *s == '\t') s++;
    size_t len = strlen(s);
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r')) len--;
    if (len == 0) return 0;
    if (l->n == l->cap) {
        if (l->cap >= BENCH_MAX_ENTRIES) {
            fprintf(stderr, "rondo: error: %s:%d: more than %d instances\n", file, line,
                    BENCH_MAX_ENTRIES);
            return -1;
        }
        int cap = l->cap ? 2 * l->cap : 64;
        char **p = realloc(l->path, (size_t)cap * sizeof *p);
        if (!p) goto nomem;
        l->path = p;
        l->cap = cap;
    }
    if (!(l->path[l->n] = dup_range(s, len))) goto nomem;
    l->n++;
    return 0;
nomem:
    fprintf(stderr, "rondo: error: out of memory reading %s\n", file);
    return -1;
}

/* Reads LIST: one path per line, '#' starts a comment, blank lines skipped.
 * Returns 0, or -1 with a message on stderr. */
static int bench_list_read(const char *file, bench_list *l) {
    if (each_line(file, list_line, l) != 0) {
        bench_list_free(l);
        return -1;
    }
    if (l->n == 0) {
        fprintf(stderr, "rondo: error: %s: no instance listed\n", file);
        return -1;
    }
    return 0;
}

static void bks_table_free(bks_table *t) {
    for (int i = 0; i < t->n; i++) {
        free(t->e[i].set);
        free(t->e[i].name);
        free(t->e[i].cost);
    }
    free(t->e);
    t->e = NULL;
    t->n = t->cap = 0;
}

/* Splits a csv line into at most `max` fields in place (double-quoted fields
 * may hold commas; "" inside quotes is a quote). Returns the field count. */
static int csv_split(char *line, char **field, int max) {
    int n = 0;
    char *s = line;
    for (;;) {
        char *w = s, *start = s;
        if (*s == '"') {
            s++;
            for (;;) {
                if (*s == '\0') break;
                if (*s == '"') {
                    if (s[1] == '"') {
                        *w++ = '"';
                        s += 2;
                        continue;
                    }
                    s++;
                    break;
                }
                *w++ = *s++;
            }
            while (*s && *s != ',') s++; /* ignore anything after the closing quote */
        } else {
            while (*s && *s != ',') s++;
            w = s;
        }
        char sep = *s;
        *w = '\0';
        if (n < max) field[n++] = start;
        if (sep != ',') break;
        s++;
    }
    return n;
}

/* One row of bks.csv into t (each_line's callback). */
static int bks_line(void *ctx, const char *file, int line, char *buf) {
    bks_table *t = ctx;
    if (buf[0] == '\0' || buf[0] == '#') return 0;
    char *field[7];
    int nf = csv_split(buf, field, 7);
    if (line == 1 && nf >= 2 && strcmp(field[0], "set") == 0) return 0; /* header */
    if (nf < 3) {
        fprintf(stderr, "rondo: warning: %s:%d: fewer than 3 columns, row skipped\n", file, line);
        return 0;
    }
    char *end;
    errno = 0;
    double cost = strtod(field[2], &end);
    if (errno || end == field[2] || *end) {
        fprintf(stderr, "rondo: warning: %s:%d: bks_cost '%s' is not a number, row skipped\n", file,
                line, field[2]);
        return 0;
    }
    int vehicles = -1;
    if (nf >= 4 && field[3][0]) {
        errno = 0;
        long v = strtol(field[3], &end, 10);
        if (!errno && end != field[3] && !*end && v >= 0 && v <= INT32_MAX) vehicles = (int)v;
    }
    if (t->n == t->cap) {
        if (t->cap >= BENCH_MAX_ENTRIES) {
            fprintf(stderr, "rondo: error: %s:%d: more than %d rows\n", file, line,
                    BENCH_MAX_ENTRIES);
            return -1;
        }
        int cap = t->cap ? 2 * t->cap : 256;
        bks_entry *e = realloc(t->e, (size_t)cap * sizeof *e);
        if (!e) goto nomem;
        t->e = e;
        t->cap = cap;
    }
    bks_entry *e = &t->e[t->n];
    e->set = dup_range(field[0], strlen(field[0]));
    e->name = dup_range(field[1], strlen(field[1]));
    e->cost = dup_range(field[2], strlen(field[2]));
    e->cost_v = cost;
    if (nf >= 6 && strstr(field[5], "-x10")) e->cost_v /= 10.0; /* dimacs-x10: cost × 10 */
    e->vehicles = vehicles;
    t->n++; /* counted before the check so that bks_table_free releases partial rows */
    if (!e->set || !e->name || !e->cost) goto nomem;
    return 0;
nomem:
    fprintf(stderr, "rondo: error: out of memory reading %s\n", file);
    return -1;
}

/* Reads bks.csv (header `set,instance,bks_cost,bks_vehicles,...`). Rows whose
 * cost is not a number are skipped with a warning. Returns 0, or -1 with a
 * message on stderr when the file cannot be read. */
static int bks_read(const char *file, bks_table *t) {
    if (each_line(file, bks_line, t) == 0) return 0;
    bks_table_free(t);
    return -1;
}

/* The BKS row for instance `name` listed under folder `set` (the list entry's
 * directory, e.g. "cvrp/X"): a row matching both wins, else the first row
 * with that name (names repeat across sets). NULL when none. */
static const bks_entry *bks_find(const bks_table *t, const char *set, const char *name) {
    const bks_entry *any = NULL;
    for (int i = 0; i < t->n; i++) {
        if (strcmp(t->e[i].name, name) != 0) continue;
        if (strcmp(t->e[i].set, set) == 0) return &t->e[i];
        if (!any) any = &t->e[i];
    }
    return any;
}

/* Splits list entry `path` into its directory ("cvrp/X") and its instance
 * name (file name without extension, "X-n101-k25"). */
static void split_entry(const char *path, char *set, size_t set_size, char *name,
                        size_t name_size) {
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t dlen = slash ? (size_t)(slash - path) : 0;
    snprintf(set, set_size, "%.*s", (int)dlen, path);
    const char *dot = strrchr(base, '.');
    size_t nlen = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    snprintf(name, name_size, "%.*s", (int)nlen, base);
}

/* Creates directory `dir` unless it exists. Returns 0, or -1 with a message. */
static int ensure_dir(const char *dir) {
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (S_ISDIR(st.st_mode)) return 0;
        fprintf(stderr, "rondo: error: %s: not a directory\n", dir);
        return -1;
    }
    if (mkdir(dir, 0777) != 0) {
        fprintf(stderr, "rondo: error: cannot create %s: %s\n", dir, strerror(errno));
        return -1;
    }
    return 0;
}

/* Parses the command line into `o`. Returns -1 when the program should exit
 * with 0 (--help), 2 on bad usage (message printed), 0 otherwise. */
enum {
    B_HELP = 1,
    B_DIR,
    B_BKS,
    B_OUT,
    B_SP_SHARE,
    B_CHECKER,
    B_FACTOR,
    B_LIMIT,
    B_ITERATIONS,
    B_SEED,
    B_THREADS,
    B_SLOTS,
    B_ROUND
};

static const rd_opt BENCH_OPTS[] = {
    {'h', "help", 0, B_HELP},
    {0, "dir", 1, B_DIR},
    {0, "bks", 1, B_BKS},
    {0, "out", 1, B_OUT},
    {0, "sp-share", 1, B_SP_SHARE},
    {0, "checker", 1, B_CHECKER},
    {0, "factor", 1, B_FACTOR},
    {'l', "limit", 1, B_LIMIT},
    {0, "iterations", 1, B_ITERATIONS},
    {0, "seed", 1, B_SEED},
    {0, "threads", 1, B_THREADS},
    {0, "slots", 1, B_SLOTS},
    {0, "round", 1, B_ROUND},
    RD_LIMIT_OPTS,
};

static int bench_apply(void *ctx, int id, const char *flag, const char *v, char *msg, size_t size) {
    bench_opts *o = ctx;
    int bad = 0;
    if (id == RD_LIMIT_OPT && rd_argm_limit(flag, v, &o->limits, msg, size)) return RD_ARGS_ERROR;
    switch (id) {
    case 0: /* the LIST */
        if (o->list) {
            snprintf(msg, size, "bench: more than one LIST (%s, %s)", o->list, v);
            return RD_ARGS_ERROR;
        }
        o->list = v;
        break;
    case B_HELP: fputs(bench_usage, stdout); return RD_ARGS_DONE;
    case B_DIR: o->dir = v; break;
    case B_BKS: o->bks = v; break;
    case B_OUT: o->out = v; break;
    case B_CHECKER: o->checker = v; break;
    case B_SP_SHARE: bad = rd_argm_double(flag, v, 0.0, 0.9, &o->sp_share, msg, size); break;
    case B_FACTOR:
        bad = rd_argm_double(flag, v, 1e-9, 1e6, &o->factor, msg, size);
        o->has_factor = 1;
        break;
    case B_LIMIT:
        bad = rd_argm_double(flag, v, 1e-6, 1e9, &o->limit, msg, size);
        o->has_limit = 1;
        break;
    case B_ITERATIONS: bad = rd_argm_int64(flag, v, 1, INT64_MAX, &o->iterations, msg, size); break;
    case B_SEED: bad = rd_argm_uint64(flag, v, &o->seed, msg, size); break;
    case B_THREADS: bad = rd_argm_int(flag, v, 0, 4096, &o->threads, msg, size); break;
    case B_SLOTS: bad = rd_argm_int(flag, v, 1, 4096, &o->slots, msg, size); break;
    case B_ROUND:
        if (rd_round_parse(v, &o->round) != 0) {
            snprintf(msg, size, "--round: unknown convention '%s' (nint, trunc1, dimacs, exact)",
                     v);
            bad = 1;
        }
        break;
    }
    return bad ? RD_ARGS_ERROR : RD_ARGS_RUN;
}

/* Fills *o from argv. Returns 0 to run, -1 after --help, 2 on an error
 * (printed). */
static int bench_parse(int argc, char **argv, bench_opts *o) {
    *o = (bench_opts){.dir = "../shared/instances",
                      .factor = 0.01,
                      .seed = 1,
                      .round = RD_ROUND_NONE,
                      .sp_share = -1};
    rd_limits_init(&o->limits);
    char msg[512];
    int r = rd_args_parse(argc, argv, BENCH_OPTS, (int)(sizeof BENCH_OPTS / sizeof *BENCH_OPTS),
                          bench_apply, o, msg, sizeof msg);
    if (r == RD_ARGS_DONE) return -1;
    if (r == RD_ARGS_ERROR) {
        fprintf(stderr, "rondo: error: %s (try rondo bench --help)\n", msg);
        return 2;
    }
    if (!o->list) {
        fprintf(stderr, "rondo: error: bench: no LIST given\n%s", bench_usage);
        return 2;
    }
    if (o->checker && !o->out) {
        fprintf(stderr, "rondo: error: bench: --checker needs --out\n");
        return 2;
    }
    if (o->has_factor && o->has_limit) {
        fprintf(stderr, "rondo: error: bench: --factor and -l exclude each other\n");
        return 2;
    }
    return 0;
}

/* Time limit for an instance of `n` customers: -l, else --factor, else (with
 * --iterations alone) none, else the default factor. */
static double bench_time_limit(const bench_opts *o, int n) {
    if (o->has_limit) return o->limit;
    if (o->iterations > 0 && !o->has_factor) return 0.0;
    return o->factor * (double)n;
}

static void print_header(int w) {
    printf("%-*s %6s %12s %12s %8s %6s %6s %8s  %-8s %s\n", w, "instance", "n", "cost", "BKS",
           "gap%", "routes", "(BKS)", "seconds", "feasible", "outside check");
    fflush(stdout);
}

/* Runs `python3 checker instance sol --round conv` and copies the first line
 * of its output into `verdict`. Returns 1 when the checker accepted the plan
 * (exit 0), 0 otherwise. */
static int run_checker(const char *checker, const char *instance, const char *sol, const char *conv,
                       char *verdict, size_t size) {
    int fd[2];
    snprintf(verdict, size, "checker did not run");
    if (pipe(fd) != 0) return 0;
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return 0;
    }
    if (pid == 0) {
        dup2(fd[1], STDOUT_FILENO);
        dup2(fd[1], STDERR_FILENO);
        close(fd[0]);
        close(fd[1]);
        execlp("python3", "python3", checker, instance, sol, "--round", conv, (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    FILE *f = fdopen(fd[0], "r");
    size_t k = 0;
    if (f) {
        int c;
        while ((c = fgetc(f)) != EOF) /* drain everything, keep the first line */
            if (c == '\n')
                k = size;
            else if (k + 1 < size)
                verdict[k++] = (char)c, verdict[k] = '\0';
        fclose(f);
    } else {
        close(fd[0]);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* Solves one list entry and prints its row. Returns 1 when it was solved
 * feasibly, 0 otherwise (errors are printed in the row). */
static int bench_one(const bench_opts *o, const rd_log *solver_log, const bks_table *bks,
                     const char *entry, int index, int total, int w, bench_totals *tot) {
    char set[BENCH_PATH_MAX], name[256], path[BENCH_PATH_MAX];
    split_entry(entry, set, sizeof set, name, sizeof name);
    if ((size_t)snprintf(path, sizeof path, "%s/%s", o->dir, entry) >= sizeof path) {
        printf("%-*s ERROR: path too long\n", w, name);
        fflush(stdout);
        return 0;
    }
    fprintf(stderr, "rondo: bench [%d/%d] %s\n", index + 1, total, path);

    rd_error err;
    rd_error_clear(&err);
    rd_model *m = NULL;
    const int64_t start = rd_clock_ns(); /* the time limit counts the reading too */
    rd_status st = rd_instance_read_limited(path, o->round, &o->limits, &m, &err);
    if (st != RD_OK) {
        printf("%-*s ERROR: %s: %s\n", w, name, rd_status_name(st), err.msg);
        fflush(stdout);
        return 0;
    }

    double limit = bench_time_limit(o, m->n_tasks);
    rd_params p;
    rd_params_init(&p);
    p.time_limit = limit;
    p.start_ns = start;
    p.iterations = o->iterations;
    p.seed = o->seed;
    p.threads = o->threads;
    if (o->slots > 0) p.slots = o->slots;
    if (o->sp_share >= 0) p.sp_share = o->sp_share;
    p.log = solver_log;
    p.cancel = rd_stop_flag(); /* SIGINT/SIGTERM: this instance ends with its best plan */

    int ok = 0;
    rd_run_result run;
    st = rd_run(m, &p, NULL, &run, &err);
    if (st != RD_OK) {
        printf("%-*s ERROR: solve: %s: %s\n", w, name, rd_status_name(st), err.msg);
        goto done;
    }
    const rd_solve_stats *stats = &run.stats;
    fprintf(stderr,
            "rondo: bench %s: %" PRId64 " rounds; set partitioning: %d calls, %d improved "
            "(by %" PRId64 " = %.3f%% in all), %.2f s (%.0f%%), pool %d routes of %" PRId64
            " offered\n",
            name, stats->iterations, stats->sp_calls, stats->sp_improvements, stats->sp_gain,
            run.rep.cost > 0 ? 100.0 * (double)stats->sp_gain / (double)run.rep.cost : 0.0,
            stats->sp_seconds, run.seconds > 0 ? 100.0 * stats->sp_seconds / run.seconds : 0.0,
            stats->pool_size, stats->pool_offered);
    /* Mandatory tasks left out make a benchmark answer incomplete; optional
     * ones (prize-collecting) may be left out. */
    ok = run.rep.feasible && run.mandatory_left == 0;
    char cost[64], gap[32] = "-", bks_cost[64] = "-", bks_routes[16] = "-", feas[64];
    rd_model_format_cost(m, run.objective, cost, sizeof cost);
    const bks_entry *b = bks_find(bks, set, name);
    double g = 0;
    int have_gap = 0;
    if (b) {
        snprintf(bks_cost, sizeof bks_cost, "%s", b->cost);
        if (b->vehicles >= 0) snprintf(bks_routes, sizeof bks_routes, "%d", b->vehicles);
        if (b->cost_v > 0) {
            double c = (double)run.objective / (double)m->scale;
            g = 100.0 * (c - b->cost_v) / b->cost_v;
            snprintf(gap, sizeof gap, "%.2f", g);
            have_gap = 1;
        }
    }
    if (ok)
        snprintf(feas, sizeof feas, "yes");
    else
        snprintf(feas, sizeof feas, "NO (%d violations, %d unassigned)", run.rep.n_viol,
                 run.mandatory_left);
    tot->time_sum += run.seconds;
    tot->n_time++;

    char outside[256] = "-";
    if (o->out) {
        char file[BENCH_PATH_MAX];
        char *com = rd_run_comments(m, &p, &run, BENCH_MAX_VIOL_COMMENTS);
        run.plan->cost = run.objective; /* (the .sol's Cost line) */
        if ((size_t)snprintf(file, sizeof file, "%s/%s.sol", o->out, name) >= sizeof file) {
            fprintf(stderr, "rondo: error: %s/%s.sol: path too long\n", o->out, name);
            ok = 0;
        } else if (!com || rd_out_write_sol(file, m, run.plan, com) != 0) {
            ok = 0;
        } else if (o->checker && !run_checker(o->checker, path, file, rd_round_name(m->round),
                                              outside, sizeof outside)) {
            ok = 0;
        }
        free(com);
    }
    if (!ok && run.rep.feasible && run.mandatory_left == 0)
        snprintf(feas, sizeof feas, "NO (see check)");
    int servable = 0; /* customers (reload stops and breaks are not) */
    for (int t = 0; t < m->n_tasks; t++) servable += rd_task_served(m, t);
    printf("%-*s %6d %12s %12s %8s %6d %6s %8.2f  %-8s %s\n", w, name, servable, cost, bks_cost,
           gap, run.rep.n_routes, bks_routes, run.seconds, feas, outside);
    if (ok && have_gap) { /* averages count only plans both checks accept */
        tot->gap_sum += g;
        tot->n_gap++;
    }
    rd_run_result_free(&run);
done:
    fflush(stdout);
    rd_model_destroy(m);
    return ok;
}

int rd_cmd_bench(int argc, char **argv) {
    bench_opts o;
    int r = bench_parse(argc, argv, &o);
    if (r < 0) return 0;
    if (r > 0) return r;

    bench_list list = {0};
    if (bench_list_read(o.list, &list) != 0) return 2;

    bks_table bks = {0};
    char bks_default[BENCH_PATH_MAX];
    if (o.bks) {
        if (bks_read(o.bks, &bks) != 0) {
            bench_list_free(&list);
            return 2;
        }
    } else {
        snprintf(bks_default, sizeof bks_default, "%s/bks.csv", o.dir);
        FILE *probe = fopen(bks_default, "r");
        if (probe) {
            fclose(probe);
            if (bks_read(bks_default, &bks) != 0) {
                bench_list_free(&list);
                return 2;
            }
        } else {
            fprintf(stderr, "rondo: warning: %s: %s; no best-known costs\n", bks_default,
                    strerror(errno));
        }
    }
    if (o.out && ensure_dir(o.out) != 0) {
        bks_table_free(&bks);
        bench_list_free(&list);
        return 2;
    }

    int w = 8; /* instance column width: the longest name */
    for (int i = 0; i < list.n; i++) {
        char set[BENCH_PATH_MAX], name[256];
        split_entry(list.path[i], set, sizeof set, name, sizeof name);
        int len = (int)strlen(name);
        if (len > w) w = len;
    }

    rd_log solver_log;
    rd_log_init(&solver_log, RD_LOG_WARN, stderr);
    if (o.has_limit)
        fprintf(stderr, "rondo: bench: %d instances, %.3g s each, seed %" PRIu64 "\n", list.n,
                o.limit, o.seed);
    else if (o.iterations > 0 && !o.has_factor)
        fprintf(stderr,
                "rondo: bench: %d instances, %" PRId64 " iterations per slot, seed %" PRIu64 "\n",
                list.n, o.iterations, o.seed);
    else
        fprintf(stderr, "rondo: bench: %d instances, %g s per customer, seed %" PRIu64 "\n", list.n,
                o.factor, o.seed);

    bench_totals tot;
    memset(&tot, 0, sizeof tot);
    tot.total = list.n;
    rd_stop_install();
    print_header(w);
    int solved = 0;
    for (int i = 0; i < list.n && !rd_stop_requested(); i++, solved++)
        tot.feasible += bench_one(&o, &solver_log, &bks, list.path[i], i, list.n, w, &tot);

    printf("\n");
    if (rd_stop_requested())
        printf("interrupted by signal %d: %d of %d instances run, the one running then ended "
               "with its best plan\n",
               rd_stop_signal(), solved, list.n);
    if (tot.n_gap > 0)
        printf("average gap %.2f %% over %d feasible instance%s with a BKS\n",
               tot.gap_sum / tot.n_gap, tot.n_gap, tot.n_gap == 1 ? "" : "s");
    else
        printf("average gap - (no feasible instance with a BKS)\n");
    if (tot.n_time > 0)
        printf("average time %.2f s over %d solved instances (total %.1f s)\n",
               tot.time_sum / tot.n_time, tot.n_time, tot.time_sum);
    printf("feasible %d/%d\n", tot.feasible, tot.total);
    fflush(stdout);

    bks_table_free(&bks);
    bench_list_free(&list);
    if (rd_stop_requested()) return 128 + rd_stop_signal();
    return tot.feasible == tot.total ? 0 : 1;
}
