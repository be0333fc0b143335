#include "io/sol.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "io/lex.h"
#include "io/vrplib.h"

rd_status rd_sol_write(FILE *f, const rd_model *m, const rd_solution *s, const char *comments,
                       rd_error *err) {
    int bad = 0;
    errno = 0;
    for (const char *c = comments; c && *c;) {
        const char *nl = strchr(c, '\n');
        size_t n = nl ? (size_t)(nl - c) : strlen(c);
        bad |= fprintf(f, "# %.*s\n", (int)n, c) < 0;
        c += n + (nl ? 1 : 0);
    }
    int k = 0;
    for (int r = 0; r < s->n_routes; r++) {
        const rd_route *rt = &s->routes[r];
        if (rt->len == 0) continue;
        bad |= fprintf(f, "Route #%d:", ++k) < 0;
        for (int i = 0; i < rt->len; i++) {
            int v = rt->visits[i];
            if (v >= m->n_tasks)
                return rd_err(err, RD_ERR_INTERNAL, "route %d: visit %d is not a task", k, v);
            if (v >= 0 && m->task_kind[v] == RD_TASK_BREAK) continue; /* not a stop */
            if (v >= 0) /* a reload prints its facility's id */
                bad |= fprintf(f, " %" PRId64, m->task_id[v]) < 0;
            else
                bad |= fprintf(f, " 0") < 0;
        }
        bad |= fprintf(f, "\n") < 0;
    }
    char cost[64];
    rd_model_format_cost(m, s->cost, cost, sizeof cost);
    bad |= fprintf(f, "Cost %s\n", cost) < 0;
    bad |= fflush(f) != 0;
    if (bad || ferror(f))
        return rd_err(err, RD_ERR_INTERNAL, "cannot write the solution: %s",
                      errno ? strerror(errno) : "write error");
    return RD_OK;
}

typedef struct id_entry {
    int64_t id;
    int task;
} id_entry;

static int cmp_id(const void *a, const void *b) {
    const id_entry *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Task index of input id `id`, or -1. */
static int find_task(const id_entry *ids, int n, int64_t id) {
    id_entry key = {id, 0};
    const id_entry *e = bsearch(&key, ids, (size_t)n, sizeof *ids, cmp_id);
    return e ? e->task : -1;
}

static int starts_nocase(rd_tok t, const char *word) {
    size_t n = strlen(word);
    return t.len >= n && rd_tok_is_nocase((rd_tok){t.s, n}, word);
}

typedef struct reader {
    rd_lex lx;
    const rd_model *m;
    id_entry *ids;
    int *visits;
    int n_visits, cap_visits;
} reader;

static rd_status add_visit(reader *rd, rd_tok t, rd_error *err) {
    rd_lex *lx = &rd->lx;
    int64_t id;
    RD_TRY(rd_lex_tok_int(lx, t, "customer number", &id, err));
    int task = find_task(rd->ids, rd->m->n_tasks, id);
    if (task < 0) {
        if (id == 0 && rd->m->n_facilities > 0)
            task = -1; /* reload stop */
        else
            return rd_lex_error(lx, lx->line, RD_ERR_INPUT, err,
                                "customer %" PRId64 " is not a task of instance %s", id,
                                rd->m->name);
    }
    if (rd->n_visits == rd->cap_visits) {
        int nc = rd->cap_visits ? 2 * rd->cap_visits : 64;
        int *nv = realloc(rd->visits, (size_t)nc * sizeof *nv);
        if (!nv) return rd_err(err, RD_ERR_NOMEM, "%s: out of memory", lx->path);
        rd->visits = nv;
        rd->cap_visits = nc;
    }
    rd->visits[rd->n_visits++] = task;
    return RD_OK;
}

/* "Route #k: c1 c2 ..." with the cursor after "Route". */
static rd_status read_route(reader *rd, rd_solution *s, rd_error *err) {
    rd_lex *lx = &rd->lx;
    rd_tok t;
    int colon = 0;
    rd->n_visits = 0;
    while (!colon && rd_lex_token(lx, &t)) {
        const char *c = memchr(t.s, ':', t.len);
        if (!c) continue;
        colon = 1;
        size_t after = (size_t)(c - t.s) + 1;
        if (after < t.len) RD_TRY(add_visit(rd, (rd_tok){c + 1, t.len - after}, err));
    }
    if (!colon) return rd_lex_error(lx, lx->line, RD_ERR_INPUT, err, "Route line without ':'");
    while (rd_lex_token(lx, &t)) RD_TRY(add_visit(rd, t, err));
    if (rd->n_visits == 0) return RD_OK;
    rd_status st = rd_solution_add_route(s, 0, rd->visits, rd->n_visits);
    if (st != RD_OK) return rd_err(err, st, "%s: out of memory", lx->path);
    return RD_OK;
}

/* "Cost X" or "Cost: X" with the cursor after "Cost". */
static rd_status read_cost(reader *rd, int64_t *claimed, rd_error *err) {
    rd_lex *lx = &rd->lx;
    rd_tok t;
    if (rd_lex_peek(lx, &t) && t.s[0] == ':') rd_lex_advance(lx, 1);
    if (!rd_lex_token(lx, &t))
        return rd_lex_error(lx, lx->line, RD_ERR_INPUT, err, "Cost line without a value");
    double v;
    RD_TRY(rd_lex_tok_double(lx, t, "cost", &v, err));
    if (v < 0 || v > 1e12)
        return rd_lex_error(lx, lx->line, RD_ERR_INPUT, err, "cost %g out of range", v);
    RD_TRY(rd_lex_expect_eol(lx, "the cost", err));
    *claimed = rd_vrplib_convert(rd->m->round, v, 0);
    return RD_OK;
}

static rd_status read_all(reader *rd, rd_solution *s, int64_t *claimed, rd_error *err) {
    rd_lex *lx = &rd->lx;
    const rd_model *m = rd->m;
    rd->ids = malloc((size_t)(m->n_tasks > 0 ? m->n_tasks : 1) * sizeof *rd->ids);
    if (!rd->ids) return rd_err(err, RD_ERR_NOMEM, "%s: out of memory", lx->path);
    for (int t = 0; t < m->n_tasks; t++) rd->ids[t] = (id_entry){m->task_id[t], t};
    qsort(rd->ids, (size_t)m->n_tasks, sizeof *rd->ids, cmp_id);
    char q[64];
    while (rd_lex_skip_blank_lines(lx)) {
        rd_tok t;
        rd_lex_peek(lx, &t);
        if (t.s[0] == '#') {
            rd_lex_next_line(lx);
            continue;
        }
        if (starts_nocase(t, "route")) {
            rd_lex_advance(lx, 5);
            RD_TRY(read_route(rd, s, err));
        } else if (starts_nocase(t, "cost")) {
            rd_lex_advance(lx, 4);
            RD_TRY(read_cost(rd, claimed, err));
        } else {
            return rd_lex_error(lx, lx->line, RD_ERR_INPUT, err,
                                "unexpected %s (expected `Route #k: ...`, `Cost X` or a `#` "
                                "comment)",
                                rd_tok_quote(t, q, sizeof q));
        }
        rd_lex_next_line(lx);
    }
    return RD_OK;
}

rd_status rd_sol_read(const char *path, const rd_model *m, rd_solution **out, int64_t *claimed,
                      rd_error *err) {
    *out = NULL;
    *claimed = -1;
    reader rd;
    memset(&rd, 0, sizeof rd);
    rd.m = m;
    RD_TRY(rd_lex_open(&rd.lx, path, err));
    rd_solution *s = rd_solution_create();
    rd_status st =
        s ? read_all(&rd, s, claimed, err) : rd_err(err, RD_ERR_NOMEM, "%s: out of memory", path);
    if (st == RD_OK) {
        *out = s;
    } else {
        rd_solution_destroy(s);
        *claimed = -1;
    }
    free(rd.ids);
    free(rd.visits);
    rd_lex_close(&rd.lx);
    return st;
}
