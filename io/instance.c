#include "io/instance.h"

#include <string.h>

#include "io/lex.h"
#include "io/solomon.h"
#include "io/vrplib.h"
#include "io/wcvrptw.h"

/* Recognises the format from the first non-blank lines: VRPLIB starts with
 * `KEY :` / `KEY:` or a `*_SECTION` header; Solomon has a name line and a
 * VEHICLE or CUSTOMER line among the next 8. Leaves the cursor where it was. */
static rd_format sniff(rd_lex *lx) {
    rd_lex probe = *lx; /* shares the text; only the cursor moves */
    rd_tok t;
    if (!rd_lex_skip_blank_lines(&probe) || !rd_lex_token(&probe, &t)) return RD_FORMAT_UNKNOWN;
    size_t n = 0;
    while (n < t.len && ((t.s[n] >= 'A' && t.s[n] <= 'Z') || (t.s[n] >= 'a' && t.s[n] <= 'z') ||
                         t.s[n] == '_' || (n > 0 && t.s[n] >= '0' && t.s[n] <= '9')))
        n++;
    if (n > 0) {
        if (n < t.len && t.s[n] == ':') return RD_FORMAT_VRPLIB;
        rd_tok next;
        if (n == t.len && rd_lex_peek(&probe, &next) && next.s[0] == ':') return RD_FORMAT_VRPLIB;
        if (n == t.len && n > 8 && memcmp(t.s + n - 8, "_SECTION", 8) == 0 && rd_lex_at_eol(&probe))
            return RD_FORMAT_VRPLIB;
    }
    /* Solomon: a name line, then VEHICLE ... CUSTOMER within the next lines. */
    for (int k = 0; k < 8; k++) {
        rd_lex_next_line(&probe);
        if (!rd_lex_skip_blank_lines(&probe) || !rd_lex_token(&probe, &t)) break;
        if (rd_tok_is(t, "VEHICLE") || rd_tok_is(t, "CUSTOMER")) return RD_FORMAT_SOLOMON;
    }
    return RD_FORMAT_UNKNOWN;
}

rd_status rd_instance_read(const char *path, rd_round round, rd_model **out, rd_error *err) {
    return rd_instance_read_limited(path, round, NULL, out, err);
}

rd_status rd_instance_read_limited(const char *path, rd_round round, const rd_limits *lim,
                                   rd_model **out, rd_error *err) {
    *out = NULL;
    rd_lex lx;
    RD_TRY(rd_lex_open(&lx, path, err));
    rd_status st;
    if (rd_lex_is_blank(&lx)) {
        st = rd_err(err, RD_ERR_INPUT, "%s: empty file", path);
    } else {
        if (rd_wcvrptw_sniff(&lx)) {
            st = rd_wcvrptw_parse(&lx, 0, out, err);
            rd_lex_close(&lx);
            return st;
        }
        switch (sniff(&lx)) {
        case RD_FORMAT_VRPLIB: st = rd_vrplib_parse_limited(&lx, round, lim, out, err); break;
        case RD_FORMAT_SOLOMON: st = rd_solomon_parse_limited(&lx, round, lim, out, err); break;
        default: {
            rd_lex probe = lx;
            rd_lex_skip_blank_lines(&probe);
            st = rd_lex_error(&lx, probe.line, RD_ERR_INPUT, err,
                              "unrecognised instance format (expected VRPLIB `KEY : value` "
                              "lines or a Solomon name line followed by VEHICLE)");
            break;
        }
        }
    }
    rd_lex_close(&lx);
    return st;
}

int rd_round_parse(const char *name, rd_round *out) {
    if (!name) return -1;
    if (strcmp(name, "nint") == 0) {
        *out = RD_ROUND_NINT;
        return 0;
    }
    if (strcmp(name, "trunc1") == 0 || strcmp(name, "dimacs") == 0) {
        *out = RD_ROUND_TRUNC1;
        return 0;
    }
    if (strcmp(name, "exact") == 0) {
        *out = RD_ROUND_EXACT;
        return 0;
    }
    return -1;
}
