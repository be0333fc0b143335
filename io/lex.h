/* lex: a line-aware cursor over a whole input file held in memory.
 *
 * The benchmark readers (io/vrplib, io/solomon, io/sol) are line oriented:
 * they look at the first token of a line, then read the values on it. This
 * module gives them that and nothing more:
 *  - a line ends at '\n'; a '\r' before it (CRLF files) is a blank;
 *  - blanks are space, tab, '\r', '\v' and '\f';
 *  - a token is a maximal run of non-blank bytes inside one line; reading a
 *    token never crosses a line end, so a missing value is noticed on its line;
 *  - numbers are read with strtoll/strtod and validated in full: the whole
 *    token must be the number (only the characters 0-9 + - . e E), finite,
 *    and in range; otherwise the error names `path:line` and the token.
 *
 * Ownership: rd_lex_open()/rd_lex_from_text() fill a caller-provided rd_lex
 * that owns a copy of the path and the text; rd_lex_close() frees them
 * (safe on a zeroed or already closed rd_lex). Tokens point into the text and
 * are valid until rd_lex_close(). Not thread-safe; one rd_lex per reader.
 *
 * Errors: opening returns RD_ERR_INPUT for a missing/unreadable file or a
 * directory ("path: is a directory") and RD_ERR_NOMEM when memory runs out or
 * the file is larger than RD_LEX_MAX_BYTES; reading functions return
 * RD_ERR_INPUT with "path:line: problem". Work: opening is O(file size), every
 * other call O(bytes it moves over). */
#ifndef RD_LEX_H
#define RD_LEX_H

#include <stddef.h>
#include <stdint.h>

#include "model/status.h"

#define RD_LEX_MAX_BYTES ((size_t)512 << 20) /* largest file read (512 MiB) */

typedef struct rd_tok {
    const char *s; /* first byte (not NUL-terminated) */
    size_t len;    /* bytes */
} rd_tok;

typedef struct rd_lex {
    char *path; /* name used in messages (owned) */
    char *text; /* the file's bytes plus a terminating NUL (owned) */
    size_t len; /* bytes in text, without the NUL */
    size_t pos; /* cursor: offset of the next unread byte */
    int line;   /* 1-based line number of the cursor */
} rd_lex;

/* Reads the whole file `path` into `lx` (cursor at line 1). On failure `lx`
 * holds nothing to free (rd_lex_close is still allowed). */
rd_status rd_lex_open(rd_lex *lx, const char *path, rd_error *err);

/* Same over a copy of text[0..len); `name` stands for the path in messages. */
rd_status rd_lex_from_text(rd_lex *lx, const char *name, const char *text, size_t len,
                           rd_error *err);

/* Frees what `lx` owns and zeroes it. Accepts NULL. */
void rd_lex_close(rd_lex *lx);

/* Nonzero when the input holds nothing but blanks and line ends. */
int rd_lex_is_blank(const rd_lex *lx);

/* Moves to the first token of the next line holding one (the current line
 * included). Returns 0, with the cursor at the end of input, when none is left. */
int rd_lex_skip_blank_lines(rd_lex *lx);

/* Skips the rest of the current line and its line end. */
void rd_lex_next_line(rd_lex *lx);

/* Reads the next token of the current line into *tok; returns 0 (and leaves
 * *tok empty) at the end of the line. rd_lex_peek does not move the cursor. */
int rd_lex_token(rd_lex *lx, rd_tok *tok);
int rd_lex_peek(rd_lex *lx, rd_tok *tok);

/* Nonzero when only blanks remain on the current line. */
int rd_lex_at_eol(rd_lex *lx);

/* The rest of the current line with blanks trimmed at both ends (may be
 * empty); the cursor moves to the line end (not past it). */
rd_tok rd_lex_rest(rd_lex *lx);

/* Advances the cursor by `n` bytes of the current line (n <= bytes before the
 * line end), e.g. past a ':' found in a token. */
void rd_lex_advance(rd_lex *lx, size_t n);

/* Reads the next token of the line as an integer / a finite number. `what`
 * names the value in messages ("DIMENSION", "demand of node 3").
 * Errors (RD_ERR_INPUT): "path:line: expected <what>, found end of line",
 * "path:line: <what>: 'tok' is not an integer" (or "a number"), or out of range. */
rd_status rd_lex_int(rd_lex *lx, const char *what, int64_t *out, rd_error *err);
rd_status rd_lex_double(rd_lex *lx, const char *what, double *out, rd_error *err);

/* Converts a token already read (same rules and messages as above). */
rd_status rd_lex_tok_int(const rd_lex *lx, rd_tok tok, const char *what, int64_t *out,
                         rd_error *err);
rd_status rd_lex_tok_double(const rd_lex *lx, rd_tok tok, const char *what, double *out,
                            rd_error *err);

/* RD_OK when only blanks remain on the line, else "path:line: unexpected
 * 'tok' after <what>". */
rd_status rd_lex_expect_eol(rd_lex *lx, const char *what, rd_error *err);

/* Line number of the last line of the input (for problems found at the end). */
int rd_lex_last_line(const rd_lex *lx);

/* Records "path:line: <message>" in err with `status` and returns `status`. */
rd_status rd_lex_error(const rd_lex *lx, int line, rd_status status, rd_error *err, const char *fmt,
                       ...) __attribute__((format(printf, 5, 6)));

/* Nonzero when the token equals `word` (exactly / ignoring ASCII case). */
int rd_tok_is(rd_tok tok, const char *word);
int rd_tok_is_nocase(rd_tok tok, const char *word);

/* Nonzero when the token looks numeric: its first byte is a digit, or a sign
 * or '.' followed by a digit. Used to tell data rows from keywords. */
int rd_tok_is_numeric(rd_tok tok);

/* Writes the token quoted for a message ('abc', at most ~40 bytes, non-
 * printable bytes as '?') into buf. Returns buf. */
const char *rd_tok_quote(rd_tok tok, char *buf, size_t size);

#endif
