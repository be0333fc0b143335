/* log: a level-gated logger writing whole lines to a stream (stderr).
 *
 * No global state: whoever needs to log is handed a `const rd_log *`. A NULL
 * logger is silent. Each call formats into a local buffer and writes it with
 * one fputs, so lines from several threads do not interleave. */
#ifndef RD_LOG_H
#define RD_LOG_H

#include <stdio.h>

typedef enum rd_log_level {
    RD_LOG_QUIET = 0, /* nothing */
    RD_LOG_ERROR = 1,
    RD_LOG_WARN = 2,
    RD_LOG_INFO = 3, /* default: progress lines */
    RD_LOG_DEBUG = 4
} rd_log_level;

typedef struct rd_log {
    rd_log_level level; /* messages above this level are dropped */
    FILE *out;          /* not owned; usually stderr */
} rd_log;

/* Sets `log` to write messages up to `level` on `out`. */
void rd_log_init(rd_log *log, rd_log_level level, FILE *out);

/* True when a message at `level` would be written. */
int rd_log_enabled(const rd_log *log, rd_log_level level);

/* Writes "rondo: <level>: <message>\n" (info: "rondo: <message>"). Thread-safe. */
void rd_logf(const rd_log *log, rd_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
