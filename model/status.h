/* status: error values and the error record every fallible function fills.
 *
 * Every function that can fail returns an rd_status; RD_OK (0) is success.
 * Functions take an optional `rd_error *err` (may be NULL) that receives one
 * human-readable message naming where the problem is: `file:line: what` for
 * benchmark files, `json.path: what` for JSON input. The library never calls
 * exit() or abort(); the program maps statuses to exit codes. */
#ifndef RD_STATUS_H
#define RD_STATUS_H

#include <stddef.h>

typedef enum rd_status {
    RD_OK = 0,
    RD_ERR_INTERNAL = 1, /* a bug or an unexpected library failure */
    RD_ERR_INPUT = 2,    /* the input is malformed or inconsistent */
    RD_ERR_ROUTING = 3,  /* travel times could not be obtained */
    RD_ERR_NOMEM = 4,    /* an allocation failed or a size cap was hit */
    RD_ERR_TIMEOUT = 5   /* a deadline passed before any answer existed */
} rd_status;

#define RD_ERROR_MSG_MAX 512

typedef struct rd_error {
    rd_status status;           /* RD_OK when no error was recorded */
    char msg[RD_ERROR_MSG_MAX]; /* one line, no trailing newline */
} rd_error;

/* Clears `err` (may be NULL). */
void rd_error_clear(rd_error *err);

/* Records `status` and a printf-style message in `err` (may be NULL) and
 * returns `status`, so callers can write `return rd_err(err, ...)`. */
rd_status rd_err(rd_error *err, rd_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prefixes the message already in `err` with `fmt...` and ": " (for adding the
 * file name to a line-level message). Returns err->status (RD_OK if err NULL). */
rd_status rd_err_prefix(rd_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Short constant name of a status ("input error", ...). */
const char *rd_status_name(rd_status status);

/* Exit code of a status, VROOM's convention: 0 ok, 1 internal (also out of
 * memory and timeout), 2 input, 3 routing. */
int rd_status_exit_code(rd_status status);

/* Returns early from the calling function when `expr` fails. */
#define RD_TRY(expr)                                                                               \
    do {                                                                                           \
        rd_status rd_try_status_ = (expr);                                                         \
        if (rd_try_status_ != RD_OK) return rd_try_status_;                                        \
    } while (0)

#endif
