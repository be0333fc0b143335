#include "io/lex.h"

#include "io/file.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NUM_TOKEN_MAX 64 /* longest token accepted as a number */

static int is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

rd_status rd_lex_error(const rd_lex *lx, int line, rd_status status, rd_error *err, const char *fmt,
                       ...) {
    char msg[RD_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return rd_err(err, status, "%s:%d: %s", lx->path ? lx->path : "?", line, msg);
}

static rd_status take_text(rd_lex *lx, const char *name, char *text, size_t len, rd_error *err) {
    lx->path = strdup(name);
    if (!lx->path) {
        free(text);
        return rd_err(err, RD_ERR_NOMEM, "%s: out of memory", name);
    }
    text[len] = '\0';
    lx->text = text;
    lx->len = len;
    lx->pos = 0;
    lx->line = 1;
    return RD_OK;
}

rd_status rd_lex_from_text(rd_lex *lx, const char *name, const char *text, size_t len,
                           rd_error *err) {
    memset(lx, 0, sizeof *lx);
    if (len > RD_LEX_MAX_BYTES)
        return rd_err(err, RD_ERR_NOMEM, "%s: input larger than %zu MiB", name,
                      RD_LEX_MAX_BYTES >> 20);
    char *copy = malloc(len + 1);
    if (!copy) return rd_err(err, RD_ERR_NOMEM, "%s: out of memory", name);
    if (len) memcpy(copy, text, len);
    return take_text(lx, name, copy, len, err);
}

rd_status rd_lex_open(rd_lex *lx, const char *path, rd_error *err) {
    memset(lx, 0, sizeof *lx);
    char *buf;
    size_t len;
    RD_TRY(rd_file_read(path, RD_LEX_MAX_BYTES, &buf, &len, err));
    return take_text(lx, path, buf, len, err);
}

void rd_lex_close(rd_lex *lx) {
    if (!lx) return;
    free(lx->path);
    free(lx->text);
    memset(lx, 0, sizeof *lx);
}

int rd_lex_is_blank(const rd_lex *lx) {
    for (size_t i = 0; i < lx->len; i++)
        if (!is_blank(lx->text[i]) && lx->text[i] != '\n') return 0;
    return 1;
}

static void skip_blanks(rd_lex *lx) {
    while (lx->pos < lx->len && is_blank(lx->text[lx->pos])) lx->pos++;
}

int rd_lex_skip_blank_lines(rd_lex *lx) {
    for (;;) {
        skip_blanks(lx);
        if (lx->pos >= lx->len) return 0;
        if (lx->text[lx->pos] != '\n') return 1;
        lx->pos++;
        lx->line++;
    }
}

void rd_lex_next_line(rd_lex *lx) {
    while (lx->pos < lx->len && lx->text[lx->pos] != '\n') lx->pos++;
    if (lx->pos < lx->len) {
        lx->pos++;
        lx->line++;
    }
}

int rd_lex_peek(rd_lex *lx, rd_tok *tok) {
    skip_blanks(lx);
    size_t a = lx->pos, b = a;
    while (b < lx->len && lx->text[b] != '\n' && !is_blank(lx->text[b])) b++;
    tok->s = lx->text + a;
    tok->len = b - a;
    return b > a;
}

int rd_lex_token(rd_lex *lx, rd_tok *tok) {
    int got = rd_lex_peek(lx, tok);
    lx->pos += tok->len;
    return got;
}

int rd_lex_at_eol(rd_lex *lx) {
    skip_blanks(lx);
    return lx->pos >= lx->len || lx->text[lx->pos] == '\n';
}

rd_tok rd_lex_rest(rd_lex *lx) {
    skip_blanks(lx);
    size_t a = lx->pos, b = a;
    while (b < lx->len && lx->text[b] != '\n') b++;
    lx->pos = b;
    while (b > a && is_blank(lx->text[b - 1])) b--;
    return (rd_tok){lx->text + a, b - a};
}

void rd_lex_advance(rd_lex *lx, size_t n) {
    for (size_t i = 0; i < n && lx->pos < lx->len && lx->text[lx->pos] != '\n'; i++) lx->pos++;
}

int rd_lex_last_line(const rd_lex *lx) {
    int line = 1;
    for (size_t i = 0; i < lx->len; i++)
        if (lx->text[i] == '\n' && i + 1 < lx->len) line++;
    return line;
}

const char *rd_tok_quote(rd_tok tok, char *buf, size_t size) {
    if (size < 8) {
        if (size) buf[0] = '\0';
        return buf;
    }
    size_t limit = size - 6; /* quotes, "...", NUL */
    if (limit > 40) limit = 40;
    size_t k = 0;
    buf[k++] = '\'';
    for (size_t i = 0; i < tok.len && i < limit; i++) {
        unsigned char c = (unsigned char)tok.s[i];
        buf[k++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
    }
    if (tok.len > limit) {
        memcpy(buf + k, "...", 3);
        k += 3;
    }
    buf[k++] = '\'';
    buf[k] = '\0';
    return buf;
}

int rd_tok_is(rd_tok tok, const char *word) {
    size_t n = strlen(word);
    return tok.len == n && memcmp(tok.s, word, n) == 0;
}

static char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

int rd_tok_is_nocase(rd_tok tok, const char *word) {
    size_t n = strlen(word);
    if (tok.len != n) return 0;
    for (size_t i = 0; i < n; i++)
        if (lower(tok.s[i]) != lower(word[i])) return 0;
    return 1;
}

static int is_digit(char c) {
    return c >= '0' && c <= '9';
}

int rd_tok_is_numeric(rd_tok tok) {
    if (tok.len == 0) return 0;
    size_t i = 0;
    if (tok.s[i] == '+' || tok.s[i] == '-') i++;
    if (i < tok.len && tok.s[i] == '.') i++;
    return i < tok.len && is_digit(tok.s[i]);
}

/* Copies a numeric-looking token into buf (NUL-terminated); 0 when it is too
 * long or holds a character no decimal number has (so strtod's "inf", "nan"
 * and hex forms are refused). */
static int num_copy(rd_tok tok, char *buf, size_t size, int allow_float) {
    if (tok.len == 0 || tok.len >= size) return 0;
    for (size_t i = 0; i < tok.len; i++) {
        char c = tok.s[i];
        int ok = is_digit(c) || c == '+' || c == '-' ||
                 (allow_float && (c == '.' || c == 'e' || c == 'E'));
        if (!ok) return 0;
    }
    memcpy(buf, tok.s, tok.len);
    buf[tok.len] = '\0';
    return 1;
}

/* "what: 'tok' problem" at the current line (RD_ERR_INPUT). */
static rd_status tok_error(const rd_lex *lx, rd_tok tok, const char *what, const char *problem,
                           rd_error *err) {
    char q[64];
    return rd_lex_error(lx, lx->line, RD_ERR_INPUT, err, "%s: %s %s", what,
                        rd_tok_quote(tok, q, sizeof q), problem);
}

rd_status rd_lex_tok_int(const rd_lex *lx, rd_tok tok, const char *what, int64_t *out,
                         rd_error *err) {
    char buf[NUM_TOKEN_MAX];
    if (!num_copy(tok, buf, sizeof buf, 0))
        return tok_error(lx, tok, what, "is not an integer", err);
    char *end;
    errno = 0;
    long long v = strtoll(buf, &end, 10);
    if (end == buf || *end != '\0') return tok_error(lx, tok, what, "is not an integer", err);
    if (errno == ERANGE) return tok_error(lx, tok, what, "is out of range", err);
    *out = (int64_t)v;
    return RD_OK;
}

rd_status rd_lex_tok_double(const rd_lex *lx, rd_tok tok, const char *what, double *out,
                            rd_error *err) {
    char buf[NUM_TOKEN_MAX];
    if (!num_copy(tok, buf, sizeof buf, 1)) return tok_error(lx, tok, what, "is not a number", err);
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    if (end == buf || *end != '\0') return tok_error(lx, tok, what, "is not a number", err);
    /* ERANGE also flags underflow to a tiny value, which is harmless. */
    if (!isfinite(v) || (errno == ERANGE && fabs(v) > 1.0))
        return tok_error(lx, tok, what, "is out of range", err);
    *out = v;
    return RD_OK;
}

rd_status rd_lex_int(rd_lex *lx, const char *what, int64_t *out, rd_error *err) {
    rd_tok tok;
    if (!rd_lex_token(lx, &tok))
        return rd_lex_error(lx, lx->line, RD_ERR_INPUT, err, "expected %s, found end of line",
                            what);
    return rd_lex_tok_int(lx, tok, what, out, err);
}

rd_status rd_lex_double(rd_lex *lx, const char *what, double *out, rd_error *err) {
    rd_tok tok;
    if (!rd_lex_token(lx, &tok))
        return rd_lex_error(lx, lx->line, RD_ERR_INPUT, err, "expected %s, found end of line",
                            what);
    return rd_lex_tok_double(lx, tok, what, out, err);
}

rd_status rd_lex_expect_eol(rd_lex *lx, const char *what, rd_error *err) {
    rd_tok tok;
    char q[64];
    if (!rd_lex_peek(lx, &tok)) return RD_OK;
    return rd_lex_error(lx, lx->line, RD_ERR_INPUT, err, "unexpected %s after %s",
                        rd_tok_quote(tok, q, sizeof q), what);
}
