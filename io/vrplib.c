#include "io/vrplib.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COORD_MAX  1e9  /* |coordinate|, time, service and weight bound (keeps int64 math exact) */
#define AMOUNT_MAX 1e12 /* demand and capacity bound */

typedef enum ewt_kind { EWT_EUC_2D = 0, EWT_EXPLICIT } ewt_kind;

typedef enum ewf_kind {
    EWF_FULL_MATRIX = 0,
    EWF_LOWER_ROW,
    EWF_UPPER_ROW,
    EWF_LOWER_DIAG_ROW,
    EWF_UPPER_DIAG_ROW,
    EWF_FUNCTION
} ewf_kind;

static const char *const ewf_names[] = {"FULL_MATRIX",    "LOWER_ROW",      "UPPER_ROW",
                                        "LOWER_DIAG_ROW", "UPPER_DIAG_ROW", "FUNCTION"};

/* Per-node sections read row by row. */
typedef enum sec_kind {
    SEC_COORD = 0,
    SEC_DEMAND,
    SEC_TW,
    SEC_SERVICE,
    SEC_PRIZE,
    SEC_RELEASE,
    SEC_COUNT
} sec_kind;

static const char *const sec_names[SEC_COUNT] = {"NODE_COORD_SECTION",  "DEMAND_SECTION",
                                                 "TIME_WINDOW_SECTION", "SERVICE_TIME_SECTION",
                                                 "PRIZE_SECTION",       "RELEASE_TIME_SECTION"};

/* Everything read so far; arrays sized by DIMENSION once it is known. */
typedef struct vp {
    rd_lex *lx;
    char name[128];
    int has_name;
    int dim, dim_line; /* DIMENSION and its line (0: not given) */
    int64_t capacity;
    int cap_line;     /* 0: CAPACITY not given */
    int64_t vehicles; /* 0: not given */
    double service;   /* SERVICE_TIME (default service of every customer) */
    double distance;  /* DISTANCE route limit, or -1 */
    ewt_kind ewt;
    ewf_kind ewf; /* FULL_MATRIX unless EDGE_WEIGHT_FORMAT says otherwise */

    double *x, *y;            /* [dim] coordinates */
    int64_t *demand;          /* [dim] */
    double *tw_a, *tw_b;      /* [dim] time windows */
    double *svc;              /* [dim] service times */
    double *prize;            /* [dim] prizes (PRIZE_SECTION: every customer optional) */
    double *release;          /* [dim] release times (RELEASE_TIME_SECTION) */
    int reload_line;          /* VEHICLES_RELOAD_DEPOT_SECTION: vehicles reload at the depot */
    int *row_line[SEC_COUNT]; /* [dim] line where node i was listed in each section, 0: not yet */
    int sec_line[SEC_COUNT];  /* line of each section header, 0: section absent */
    int depot;                /* 0-based depot node */
    int depot_line;           /* 0: no DEPOT_SECTION */
    double *ew;               /* explicit weights as read */
    int ew_line;              /* 0: no EDGE_WEIGHT_SECTION */
    int ewf_line;             /* 0: no EDGE_WEIGHT_FORMAT */
    int cap_section;          /* a per-vehicle CAPACITY_SECTION was skipped */
    const rd_limits *lim;     /* size limits (io/limits.h) */
} vp;

static void vp_free(vp *p) {
    free(p->x);
    free(p->y);
    free(p->demand);
    free(p->tw_a);
    free(p->tw_b);
    free(p->svc);
    free(p->prize);
    free(p->release);
    for (int k = 0; k < SEC_COUNT; k++) free(p->row_line[k]);
    free(p->ew);
}

int64_t rd_vrplib_scale(rd_round round) {
    switch (round) {
    case RD_ROUND_TRUNC1: return 10;
    case RD_ROUND_EXACT: return 1000000;
    default: return 1;
    }
}

int64_t rd_vrplib_convert(rd_round round, double v, int is_length) {
    switch (round) {
    case RD_ROUND_TRUNC1: return is_length ? rd_round_length(round, v) : llround(10.0 * v);
    case RD_ROUND_NINT: return is_length ? rd_round_length(round, v) : llround(v);
    default: return rd_round_length(round, v);
    }
}

void rd_vrplib_fill_euclid(rd_model *m) {
    const int n = m->n_locs;
    const rd_matrix e = rd_model_euclid(m); /* the values it gives on demand, stored */
    int64_t *d = m->distances[0].v;
    for (int i = 0; i < n; i++) {
        d[(size_t)i * (size_t)n + (size_t)i] = 0;
        for (int j = i + 1; j < n; j++) {
            int64_t v = rd_matrix_euclid(&e, i, j);
            d[(size_t)i * (size_t)n + (size_t)j] = v;
            d[(size_t)j * (size_t)n + (size_t)i] = v;
        }
    }
}

/* Length of the identifier ([A-Za-z_][A-Za-z0-9_]*) at the start of tok. */
static size_t ident_len(rd_tok t) {
    size_t i = 0;
    while (i < t.len) {
        char c = t.s[i];
        int alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
        if (!(alpha || (i > 0 && c >= '0' && c <= '9'))) break;
        i++;
    }
    return i;
}

/* A keyword starts a line of its own: NAME, NAME:, EOF, *_SECTION. */
static int looks_keyword(rd_tok t) {
    size_t n = ident_len(t);
    return n > 0 && t.s[0] >= 'A' && t.s[0] <= 'Z' && (n == t.len || t.s[n] == ':');
}

/* After the rows of a section: the line must start a new keyword (or the
 * input ends); a row starting with something else is a bad row. */
static rd_status end_of_rows(rd_lex *lx, const char *sec, const char *what, rd_error *err) {
    rd_tok t;
    char q[64];
    if (!rd_lex_skip_blank_lines(lx) || !rd_lex_peek(lx, &t) || looks_keyword(t)) return RD_OK;
    return rd_lex_error(lx, lx->line, RD_ERR_INPUT, err, "%s: %s is not %s", sec,
                        rd_tok_quote(t, q, sizeof q), what);
}

static int tok_ends_with(rd_tok t, const char *suffix) {
    size_t n = strlen(suffix);
    return t.len >= n && memcmp(t.s + t.len - n, suffix, n) == 0;
}

/* The travel matrix's size, once DIMENSION and EDGE_WEIGHT_TYPE are known:
 * an explicit matrix is dense and within --max-matrix-bytes; coordinates
 * too (--matrix dense), or are computed on demand (rd_limits_dense_coords).
 * The error names the DIMENSION line. */
static rd_status check_matrix(vp *p, rd_error *err) {
    if (!p->dim_line) return RD_OK;
    int64_t bytes = rd_limits_matrix_bytes(p->dim, 1);
    int over = p->ewt == EWT_EXPLICIT ? bytes > p->lim->max_matrix_bytes
                                      : rd_limits_dense_coords(p->lim, p->dim) < 0;
    if (!over) return RD_OK;
    return rd_lex_error(p->lx, p->dim_line, RD_ERR_INPUT, err,
                        "DIMENSION %d needs a travel matrix of %" PRId64
                        " bytes, over the limit of %" PRId64 " (--max-matrix-bytes)",
                        p->dim, bytes, p->lim->max_matrix_bytes);
}

static rd_status alloc_nodes(vp *p, rd_error *err) {
    size_t n = (size_t)p->dim;
    p->x = calloc(n, sizeof *p->x);
    p->y = calloc(n, sizeof *p->y);
    p->demand = calloc(n, sizeof *p->demand);
    p->tw_a = calloc(n, sizeof *p->tw_a);
    p->tw_b = calloc(n, sizeof *p->tw_b);
    p->svc = calloc(n, sizeof *p->svc);
    p->prize = calloc(n, sizeof *p->prize);
    p->release = calloc(n, sizeof *p->release);
    int ok = p->x && p->y && p->demand && p->tw_a && p->tw_b && p->svc && p->prize && p->release;
    for (int k = 0; k < SEC_COUNT; k++) {
        p->row_line[k] = calloc(n, sizeof *p->row_line[k]);
        ok = ok && p->row_line[k];
    }
    if (!ok) return rd_lex_error(p->lx, p->dim_line, RD_ERR_NOMEM, err, "out of memory");
    return RD_OK;
}

/* Reads a number on the current line and checks |v| <= COORD_MAX. */
static rd_status read_value(vp *p, const char *what, double *out, rd_error *err) {
    RD_TRY(rd_lex_double(p->lx, what, out, err));
    if (fabs(*out) > COORD_MAX)
        return rd_lex_error(p->lx, p->lx->line, RD_ERR_INPUT, err, "%s %g out of range (|v| <= %g)",
                            what, *out, COORD_MAX);
    return RD_OK;
}

/* Line to name for something found missing at the current position. */
static int here_or_last(rd_lex *lx) {
    return rd_lex_skip_blank_lines(lx) ? lx->line : rd_lex_last_line(lx);
}

/* Reads the rows "node values..." of a per-node section, up to the first
 * line that does not start with a number, and checks that every node is
 * listed exactly once. The cursor is on the line after the header. */
static rd_status read_rows(vp *p, sec_kind k, rd_error *err) {
    rd_lex *lx = p->lx;
    const char *sec = sec_names[k];
    int *seen = p->row_line[k];
    int count = 0;
    rd_tok t;
    while (rd_lex_skip_blank_lines(lx) && rd_lex_peek(lx, &t) && rd_tok_is_numeric(t)) {
        int line = lx->line;
        int64_t id;
        RD_TRY(rd_lex_int(lx, "node number", &id, err));
        if (id < 1 || id > p->dim)
            return rd_lex_error(lx, line, RD_ERR_INPUT, err,
                                "%s: node %" PRId64 " out of range 1..%d (DIMENSION)", sec, id,
                                p->dim);
        int i = (int)id - 1;
        if (seen[i])
            return rd_lex_error(lx, line, RD_ERR_INPUT, err,
                                "%s: node %" PRId64 " listed twice (first at line %d)", sec, id,
                                seen[i]);
        seen[i] = line;
        switch (k) {
        case SEC_COORD:
            RD_TRY(read_value(p, "x coordinate", &p->x[i], err));
            RD_TRY(read_value(p, "y coordinate", &p->y[i], err));
            break;
        case SEC_DEMAND:
            RD_TRY(rd_lex_int(lx, "demand", &p->demand[i], err));
            if (p->demand[i] < 0)
                return rd_lex_error(lx, line, RD_ERR_INPUT, err,
                                    "node %" PRId64 ": negative demand %" PRId64, id, p->demand[i]);
            if ((double)p->demand[i] > AMOUNT_MAX)
                return rd_lex_error(lx, line, RD_ERR_INPUT, err,
                                    "node %" PRId64 ": demand %" PRId64 " out of range", id,
                                    p->demand[i]);
            break;
        case SEC_TW:
            RD_TRY(read_value(p, "time window start", &p->tw_a[i], err));
            RD_TRY(read_value(p, "time window end", &p->tw_b[i], err));
            if (p->tw_a[i] < 0)
                return rd_lex_error(lx, line, RD_ERR_INPUT, err,
                                    "node %" PRId64 ": time window starts before 0 (%g)", id,
                                    p->tw_a[i]);
            if (p->tw_b[i] < p->tw_a[i])
                return rd_lex_error(lx, line, RD_ERR_INPUT, err,
                                    "node %" PRId64 ": time window [%g, %g] ends before it starts",
                                    id, p->tw_a[i], p->tw_b[i]);
            break;
        case SEC_RELEASE:
            RD_TRY(read_value(p, "release time", &p->release[i], err));
            if (p->release[i] < 0)
                return rd_lex_error(lx, line, RD_ERR_INPUT, err,
                                    "node %" PRId64 ": negative release time %g", id,
                                    p->release[i]);
            break;
        case SEC_PRIZE:
            RD_TRY(read_value(p, "prize", &p->prize[i], err));
            if (p->prize[i] < 0)
                return rd_lex_error(lx, line, RD_ERR_INPUT, err,
                                    "node %" PRId64 ": negative prize %g", id, p->prize[i]);
            break;
        case SEC_SERVICE:
            RD_TRY(read_value(p, "service time", &p->svc[i], err));
            if (p->svc[i] < 0)
                return rd_lex_error(lx, line, RD_ERR_INPUT, err,
                                    "node %" PRId64 ": negative service time %g", id, p->svc[i]);
            break;
        default: break;
        }
        RD_TRY(rd_lex_expect_eol(lx, "the values of a node row", err));
        rd_lex_next_line(lx);
        count++;
    }
    RD_TRY(end_of_rows(lx, sec, "a node number", err));
    if (count < p->dim)
        return rd_lex_error(lx, here_or_last(lx), RD_ERR_INPUT, err,
                            "%s ends after %d of %d nodes (truncated?)", sec, count, p->dim);
    return RD_OK;
}

/* DEPOT_SECTION: node numbers ended by -1 (or by the next keyword / end of
 * file once one was read). One depot only. */
static rd_status read_depots(vp *p, rd_error *err) {
    rd_lex *lx = p->lx;
    int n_depots = 0;
    rd_tok t;
    while (rd_lex_skip_blank_lines(lx) && rd_lex_peek(lx, &t) && rd_tok_is_numeric(t)) {
        int line = lx->line;
        int64_t id;
        RD_TRY(rd_lex_int(lx, "depot node", &id, err));
        RD_TRY(rd_lex_expect_eol(lx, "the depot node", err));
        rd_lex_next_line(lx);
        if (id == -1) break;
        if (id < 1 || id > p->dim)
            return rd_lex_error(lx, line, RD_ERR_INPUT, err,
                                "DEPOT_SECTION: node %" PRId64 " out of range 1..%d (DIMENSION)",
                                id, p->dim);
        if (n_depots > 0)
            return rd_lex_error(lx, line, RD_ERR_INPUT, err,
                                "DEPOT_SECTION: second depot %" PRId64
                                " (only single-depot instances are supported)",
                                id);
        p->depot = (int)id - 1;
        n_depots++;
    }
    RD_TRY(end_of_rows(lx, "DEPOT_SECTION", "a node number", err));
    if (n_depots == 0)
        return rd_lex_error(lx, p->depot_line, RD_ERR_INPUT, err, "DEPOT_SECTION lists no depot");
    return RD_OK;
}

static size_t ew_count(ewf_kind f, size_t n) {
    switch (f) {
    case EWF_LOWER_ROW:
    case EWF_UPPER_ROW: return n * (n - 1) / 2;
    case EWF_LOWER_DIAG_ROW:
    case EWF_UPPER_DIAG_ROW: return n * (n + 1) / 2;
    default: return n * n;
    }
}

/* EDGE_WEIGHT_SECTION: ew_count() numbers, any number per line. */
static rd_status read_weights(vp *p, rd_error *err) {
    rd_lex *lx = p->lx;
    size_t need = ew_count(p->ewf, (size_t)p->dim);
    /* grown as values arrive, so that memory follows the file's size, not
     * what its DIMENSION promises */
    size_t cap = need < 4096 ? (need ? need : 1) : 4096;
    p->ew = malloc(cap * sizeof *p->ew);
    if (!p->ew) return rd_lex_error(lx, p->ew_line, RD_ERR_NOMEM, err, "out of memory");
    size_t got = 0;
    while (got < need) {
        if (got == cap) {
            size_t nc = cap * 2 < need ? cap * 2 : need;
            double *q = realloc(p->ew, nc * sizeof *q);
            if (!q) return rd_lex_error(lx, lx->line, RD_ERR_NOMEM, err, "out of memory");
            p->ew = q;
            cap = nc;
        }
        rd_tok t;
        if (!rd_lex_peek(lx, &t)) {
            rd_lex_next_line(lx);
            if (!rd_lex_skip_blank_lines(lx) || !rd_lex_peek(lx, &t) || looks_keyword(t))
                return rd_lex_error(lx, here_or_last(lx), RD_ERR_INPUT, err,
                                    "EDGE_WEIGHT_SECTION ends after %zu of %zu values (%s, "
                                    "DIMENSION %d)",
                                    got, need, ewf_names[p->ewf], p->dim);
        }
        rd_lex_token(lx, &t);
        double w;
        RD_TRY(rd_lex_tok_double(lx, t, "edge weight", &w, err));
        if (w < 0 || w > COORD_MAX)
            return rd_lex_error(lx, lx->line, RD_ERR_INPUT, err,
                                "edge weight %g out of range 0..%g", w, COORD_MAX);
        p->ew[got++] = w;
    }
    RD_TRY(rd_lex_expect_eol(lx, "the last edge weight", err));
    rd_lex_next_line(lx);
    return RD_OK;
}

/* Skips the rows of a section we do not use: lines starting with a number. */
static void skip_rows(rd_lex *lx) {
    rd_tok t;
    while (rd_lex_skip_blank_lines(lx) && rd_lex_peek(lx, &t) && rd_tok_is_numeric(t))
        rd_lex_next_line(lx);
}

static rd_status spec_int(vp *p, const char *key, int64_t *out, rd_error *err) {
    RD_TRY(rd_lex_int(p->lx, key, out, err));
    return rd_lex_expect_eol(p->lx, key, err);
}

static rd_status spec_double(vp *p, const char *key, double *out, rd_error *err) {
    RD_TRY(read_value(p, key, out, err));
    return rd_lex_expect_eol(p->lx, key, err);
}

/* One `KEY : value` line; the cursor is just after the ':'. */
static rd_status read_spec(vp *p, rd_tok key, int line, rd_error *err) {
    rd_lex *lx = p->lx;
    char q[64];
    if (rd_tok_is(key, "NAME")) {
        rd_tok v = rd_lex_rest(lx);
        size_t n = v.len < sizeof p->name - 1 ? v.len : sizeof p->name - 1;
        memcpy(p->name, v.s, n);
        p->name[n] = '\0';
        p->has_name = n > 0;
    } else if (rd_tok_is(key, "DIMENSION")) {
        if (p->dim_line)
            return rd_lex_error(lx, line, RD_ERR_INPUT, err,
                                "DIMENSION given twice (first at line %d)", p->dim_line);
        int64_t v;
        RD_TRY(spec_int(p, "DIMENSION", &v, err));
        if (v < 1) return rd_lex_error(lx, line, RD_ERR_INPUT, err, "DIMENSION %" PRId64 " < 1", v);
        if (v > p->lim->max_locations)
            return rd_lex_error(lx, line, RD_ERR_INPUT, err,
                                "DIMENSION %" PRId64 " exceeds the limit of %" PRId64
                                " locations (--max-locations)",
                                v, p->lim->max_locations);
        p->dim = (int)v;
        p->dim_line = line;
        RD_TRY(check_matrix(p, err));
        RD_TRY(alloc_nodes(p, err));
    } else if (rd_tok_is(key, "CAPACITY")) {
        RD_TRY(spec_int(p, "CAPACITY", &p->capacity, err));
        if (p->capacity < 0)
            return rd_lex_error(lx, line, RD_ERR_INPUT, err, "negative CAPACITY %" PRId64,
                                p->capacity);
        if ((double)p->capacity > AMOUNT_MAX)
            return rd_lex_error(lx, line, RD_ERR_INPUT, err, "CAPACITY %" PRId64 " out of range",
                                p->capacity);
        p->cap_line = line;
    } else if (rd_tok_is(key, "VEHICLES")) {
        RD_TRY(spec_int(p, "VEHICLES", &p->vehicles, err));
        if (p->vehicles < 1 || p->vehicles > p->lim->max_vehicles)
            return rd_lex_error(lx, line, RD_ERR_INPUT, err,
                                "VEHICLES %" PRId64 " out of range 1..%" PRId64 " (--max-vehicles)",
                                p->vehicles, p->lim->max_vehicles);
    } else if (rd_tok_is(key, "SERVICE_TIME")) {
        RD_TRY(spec_double(p, "SERVICE_TIME", &p->service, err));
        if (p->service < 0)
            return rd_lex_error(lx, line, RD_ERR_INPUT, err, "negative SERVICE_TIME %g",
                                p->service);
    } else if (rd_tok_is(key, "DISTANCE")) {
        RD_TRY(spec_double(p, "DISTANCE", &p->distance, err));
        if (p->distance <= 0)
            return rd_lex_error(lx, line, RD_ERR_INPUT, err, "DISTANCE %g must be positive",
                                p->distance);
    } else if (rd_tok_is(key, "EDGE_WEIGHT_TYPE")) {
        rd_tok v = rd_lex_rest(lx);
        if (rd_tok_is(v, "EUC_2D"))
            p->ewt = EWT_EUC_2D;
        else if (rd_tok_is(v, "EXPLICIT"))
            p->ewt = EWT_EXPLICIT;
        else
            return rd_lex_error(lx, line, RD_ERR_INPUT, err,
                                "EDGE_WEIGHT_TYPE %s is not supported (EUC_2D or EXPLICIT)",
                                rd_tok_quote(v, q, sizeof q));
        RD_TRY(check_matrix(p, err));
    } else if (rd_tok_is(key, "EDGE_WEIGHT_FORMAT")) {
        /* the section's values are counted and placed by the format: it comes
         * once, before them */
        if (p->ewf_line)
            return rd_lex_error(lx, line, RD_ERR_INPUT, err,
                                "EDGE_WEIGHT_FORMAT given twice (first at line %d)", p->ewf_line);
        if (p->ew_line)
            return rd_lex_error(lx, line, RD_ERR_INPUT, err,
                                "EDGE_WEIGHT_FORMAT after EDGE_WEIGHT_SECTION (line %d), which "
                                "was read as %s",
                                p->ew_line, ewf_names[p->ewf]);
        p->ewf_line = line;
        rd_tok v = rd_lex_rest(lx);
        int found = 0;
        for (int f = 0; f <= EWF_FUNCTION && !found; f++)
            if (rd_tok_is(v, ewf_names[f])) {
                p->ewf = (ewf_kind)f;
                found = 1;
            }
        if (!found)
            return rd_lex_error(lx, line, RD_ERR_INPUT, err,
                                "EDGE_WEIGHT_FORMAT %s is not supported (FULL_MATRIX, LOWER_ROW, "
                                "UPPER_ROW, LOWER_DIAG_ROW, UPPER_DIAG_ROW)",
                                rd_tok_quote(v, q, sizeof q));
    }
    /* TYPE, COMMENT and keys of other dialects carry nothing we use. */
    rd_lex_next_line(lx);
    return RD_OK;
}

static rd_status read_section(vp *p, rd_tok key, int line, rd_error *err) {
    rd_lex *lx = p->lx;
    int k = -1;
    for (int s = 0; s < SEC_COUNT; s++)
        if (rd_tok_is(key, sec_names[s])) k = s;
    int is_depot = rd_tok_is(key, "DEPOT_SECTION");
    int is_ew = rd_tok_is(key, "EDGE_WEIGHT_SECTION");
    if (k < 0 && !is_depot && !is_ew) {
        p->cap_section |= rd_tok_is(key, "CAPACITY_SECTION");
        /* one depot: every vehicle may reload there (the section's pairs say no more) */
        if (rd_tok_is(key, "VEHICLES_RELOAD_DEPOT_SECTION")) p->reload_line = line;
        rd_lex_next_line(lx);
        skip_rows(lx);
        return RD_OK;
    }
    if (!p->dim_line)
        return rd_lex_error(lx, line, RD_ERR_INPUT, err,
                            "%.*s before DIMENSION (missing DIMENSION?)", (int)key.len, key.s);
    rd_lex_next_line(lx);
    if (k >= 0) {
        if (p->sec_line[k])
            return rd_lex_error(lx, line, RD_ERR_INPUT, err, "%s given twice (first at line %d)",
                                sec_names[k], p->sec_line[k]);
        p->sec_line[k] = line;
        return read_rows(p, (sec_kind)k, err);
    }
    if (is_depot) {
        if (p->depot_line)
            return rd_lex_error(lx, line, RD_ERR_INPUT, err,
                                "DEPOT_SECTION given twice (first at line %d)", p->depot_line);
        p->depot_line = line;
        return read_depots(p, err);
    }
    if (p->ew_line)
        return rd_lex_error(lx, line, RD_ERR_INPUT, err,
                            "EDGE_WEIGHT_SECTION given twice (first at line %d)", p->ew_line);
    if (p->ewt != EWT_EXPLICIT)
        return rd_lex_error(lx, line, RD_ERR_INPUT, err,
                            "EDGE_WEIGHT_SECTION but EDGE_WEIGHT_TYPE is not EXPLICIT");
    if (p->ewf == EWF_FUNCTION)
        return rd_lex_error(lx, line, RD_ERR_INPUT, err,
                            "EDGE_WEIGHT_SECTION with EDGE_WEIGHT_FORMAT FUNCTION");
    p->ew_line = line;
    return read_weights(p, err);
}

/* Reads the whole file into p. */
static rd_status parse(vp *p, rd_error *err) {
    rd_lex *lx = p->lx;
    char q[64];
    while (rd_lex_skip_blank_lines(lx)) {
        int line = lx->line;
        rd_tok t;
        rd_lex_peek(lx, &t);
        size_t n = ident_len(t);
        if (n == 0)
            return rd_lex_error(lx, line, RD_ERR_INPUT, err,
                                "unexpected %s (expected `KEY : value`, a section name or EOF)",
                                rd_tok_quote(t, q, sizeof q));
        rd_tok key = {t.s, n};
        rd_lex_advance(lx, n);
        rd_tok next;
        int colon = 0;
        if (rd_lex_peek(lx, &next) && next.s[0] == ':') {
            rd_lex_advance(lx, 1);
            colon = 1;
        } else if (n < t.len) {
            return rd_lex_error(lx, line, RD_ERR_INPUT, err,
                                "unexpected %s (expected `KEY : value`, a section name or EOF)",
                                rd_tok_quote(t, q, sizeof q));
        }
        if (tok_ends_with(key, "_SECTION") && rd_lex_at_eol(lx)) {
            RD_TRY(read_section(p, key, line, err));
        } else if (colon) {
            RD_TRY(read_spec(p, key, line, err));
        } else if (rd_tok_is(key, "EOF") && rd_lex_at_eol(lx)) {
            break;
        } else {
            return rd_lex_error(lx, line, RD_ERR_INPUT, err,
                                "unexpected %s (expected `KEY : value`, a section name or EOF)",
                                rd_tok_quote(key, q, sizeof q));
        }
    }
    return RD_OK;
}

/* Problems that show only once everything is read. */
static rd_status check_complete(vp *p, rd_error *err) {
    rd_lex *lx = p->lx;
    int last = rd_lex_last_line(lx);
    if (!p->dim_line) return rd_lex_error(lx, last, RD_ERR_INPUT, err, "missing DIMENSION");
    if (!p->cap_line)
        return rd_lex_error(lx, last, RD_ERR_INPUT, err, "missing CAPACITY%s",
                            p->cap_section ? " (per-vehicle CAPACITY_SECTION is not supported)"
                                           : "");
    if (p->ewt == EWT_EUC_2D && !p->sec_line[SEC_COORD])
        return rd_lex_error(lx, last, RD_ERR_INPUT, err, "missing NODE_COORD_SECTION");
    if (p->ewt == EWT_EXPLICIT && !p->ew_line)
        return rd_lex_error(lx, last, RD_ERR_INPUT, err, "missing EDGE_WEIGHT_SECTION");
    if (!p->sec_line[SEC_DEMAND])
        return rd_lex_error(lx, last, RD_ERR_INPUT, err, "missing DEMAND_SECTION");
    for (int i = 0; i < p->dim; i++)
        if (i != p->depot && p->demand[i] > p->capacity)
            return rd_lex_error(lx, p->row_line[SEC_DEMAND][i], RD_ERR_INPUT, err,
                                "node %d: demand %" PRId64 " exceeds CAPACITY %" PRId64, i + 1,
                                p->demand[i], p->capacity);
    return RD_OK;
}

/* The file name without directories and extension, for a missing NAME. */
static void base_name(const char *path, char *buf, size_t size) {
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    size_t n = strlen(b);
    const char *dot = strrchr(b, '.');
    if (dot && dot != b) n = (size_t)(dot - b);
    if (n >= size) n = size - 1;
    memcpy(buf, b, n);
    buf[n] = '\0';
}

static void fill_explicit(rd_model *m, const vp *p) {
    const size_t n = (size_t)p->dim;
    int64_t *d = m->distances[0].v;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            int take;
            switch (p->ewf) {
            case EWF_LOWER_ROW: take = j < i; break;
            case EWF_UPPER_ROW: take = j > i; break;
            case EWF_LOWER_DIAG_ROW: take = j <= i; break;
            case EWF_UPPER_DIAG_ROW: take = j >= i; break;
            default: take = 1; break;
            }
            if (!take) continue;
            int64_t v = rd_vrplib_convert(m->round, p->ew[k++], 1);
            d[i * n + j] = v;
            if (p->ewf != EWF_FULL_MATRIX) d[j * n + i] = v;
        }
}

static rd_status build(const vp *p, rd_round round, rd_model **out, rd_error *err) {
    const int has_tw = p->sec_line[SEC_TW] != 0;
    if (round == RD_ROUND_NONE) round = has_tw ? RD_ROUND_TRUNC1 : RD_ROUND_NINT;
    const int n = p->dim, n_tasks = n - 1;
    /* multi-trip (VEHICLES_RELOAD_DEPOT_SECTION): one vehicle type per vehicle,
     * each with reload stops at the depot (as many as total demand / capacity
     * + 1 trips could need, at most 64) */
    const int multi = p->reload_line != 0;
    if (multi && (p->vehicles < 1 || p->vehicles > 10000))
        return rd_lex_error(p->lx, p->reload_line, RD_ERR_INPUT, err,
                            "VEHICLES_RELOAD_DEPOT_SECTION needs VEHICLES (1..10000)");
    int64_t total = 0;
    for (int i = 0; i < n; i++) total += i == p->depot ? 0 : p->demand[i];
    const int K = multi ? (int)p->vehicles : 1;
    int copies = 0;
    if (multi) {
        int64_t c = p->capacity > 0 ? total / p->capacity + 1 : 1;
        copies = (int)(c > 64 ? 64 : c);
    }
    const int n_all = n_tasks + K * copies;
    const int dense = p->ewt == EWT_EXPLICIT || rd_limits_dense_coords(p->lim, n) > 0;
    rd_model *m = rd_model_alloc_ex(n, 1, n_all, n_all, K, 1, dense);
    if (!m) return rd_err(err, RD_ERR_NOMEM, "%s: out of memory for %d locations", p->lx->path, n);
    if (dense) rd_model_share_travel(m); /* travel time = cost = distance: one n² matrix */
    m->round = round;
    m->scale = rd_vrplib_scale(round);
    m->has_tw = has_tw;
    if (p->has_name)
        snprintf(m->name, sizeof m->name, "%s", p->name);
    else
        base_name(p->lx->path, m->name, sizeof m->name);
    snprintf(m->source, sizeof m->source, "%s", p->lx->path);
    if (p->sec_line[SEC_COORD]) {
        m->x = malloc((size_t)n * sizeof *m->x);
        m->y = malloc((size_t)n * sizeof *m->y);
        if (!m->x || !m->y) {
            rd_model_destroy(m);
            return rd_err(err, RD_ERR_NOMEM, "%s: out of memory", p->lx->path);
        }
        memcpy(m->x, p->x, (size_t)n * sizeof *m->x);
        memcpy(m->y, p->y, (size_t)n * sizeof *m->y);
    }
    const int has_svc = p->sec_line[SEC_SERVICE] != 0;
    int t = 0;
    for (int i = 0; i < n; i++) {
        if (i == p->depot) continue;
        m->task_id[t] = t + 1;
        m->task_loc[t] = i;
        m->task_pickup[t] = p->demand[i];
        m->task_service[t] = rd_vrplib_convert(round, has_svc ? p->svc[i] : p->service, 0);
        m->tw_start[t] = has_tw ? rd_vrplib_convert(round, p->tw_a[i], 0) : 0;
        m->tw_end[t] = has_tw ? rd_vrplib_convert(round, p->tw_b[i], 0) : RD_INF;
        if (p->sec_line[SEC_PRIZE]) /* PyVRP's PCVRPTW: every customer optional */
            m->task_prize[t] = rd_vrplib_convert(round, p->prize[i], 0);
        t++;
    }
    if (p->sec_line[SEC_RELEASE]) {
        m->task_release = calloc((size_t)n_all, sizeof *m->task_release);
        if (!m->task_release) {
            rd_model_destroy(m);
            return rd_err(err, RD_ERR_NOMEM, "%s: out of memory", p->lx->path);
        }
        for (int i = 0, q = 0; i < n; i++)
            if (i != p->depot) m->task_release[q++] = rd_vrplib_convert(round, p->release[i], 0);
    }
    for (int v = 0; v < K && multi; v++)
        for (int c = 0; c < copies; c++, t++) { /* reloads at the depot: printed as 0 */
            m->task_id[t] = 0;
            m->task_kind[t] = RD_TASK_RELOAD;
            m->task_owner[t] = v;
            m->task_loc[t] = p->depot;
            m->tw_start[t] = has_tw ? rd_vrplib_convert(round, p->tw_a[p->depot], 0) : 0;
            m->tw_end[t] = has_tw ? rd_vrplib_convert(round, p->tw_b[p->depot], 0) : RD_INF;
        }
    for (int v = 0; v < K; v++) {
        rd_vehicle *veh = &m->vehicles[v];
        veh->id = v + 1;
        veh->count = multi ? 1 : (int)(p->vehicles ? p->vehicles : (n_tasks > 0 ? n_tasks : 1));
        veh->start_loc = veh->end_loc = p->depot;
        if (has_tw) {
            veh->tw_start = rd_vrplib_convert(round, p->tw_a[p->depot], 0);
            veh->tw_end = rd_vrplib_convert(round, p->tw_b[p->depot], 0);
        }
        if (p->distance > 0) veh->max_distance = rd_vrplib_convert(round, p->distance, 0);
        m->veh_capacity[v] = p->capacity;
    }
    if (multi) {
        m->n_facilities = 1;
        if (rd_model_index_breaks(m) != RD_OK) {
            rd_model_destroy(m);
            return rd_err(err, RD_ERR_NOMEM, "%s: out of memory", p->lx->path);
        }
    }
    if (p->ewt == EWT_EXPLICIT)
        fill_explicit(m, p);
    else if (dense)
        rd_vrplib_fill_euclid(m);
    else
        rd_model_travel_euclid(m); /* on demand: O(n) memory */
    rd_status st = rd_model_validate(m, err);
    if (st != RD_OK) {
        rd_err_prefix(err, "%s", p->lx->path);
        rd_model_destroy(m);
        return st;
    }
    *out = m;
    return RD_OK;
}

rd_status rd_vrplib_parse(rd_lex *lx, rd_round round, rd_model **out, rd_error *err) {
    return rd_vrplib_parse_limited(lx, round, NULL, out, err);
}

rd_status rd_vrplib_parse_limited(rd_lex *lx, rd_round round, const rd_limits *lim, rd_model **out,
                                  rd_error *err) {
    *out = NULL;
    if (rd_lex_is_blank(lx)) return rd_err(err, RD_ERR_INPUT, "%s: empty file", lx->path);
    vp p;
    memset(&p, 0, sizeof p);
    p.lx = lx;
    p.lim = rd_limits_or_default(lim);
    p.distance = -1;
    rd_status st = parse(&p, err);
    if (st == RD_OK) st = check_complete(&p, err);
    if (st == RD_OK) st = build(&p, round, out, err);
    vp_free(&p);
    return st;
}

rd_status rd_vrplib_read(const char *path, rd_round round, rd_model **out, rd_error *err) {
    *out = NULL;
    rd_lex lx;
    RD_TRY(rd_lex_open(&lx, path, err));
    rd_status st = rd_vrplib_parse(&lx, round, out, err);
    rd_lex_close(&lx);
    return st;
}
