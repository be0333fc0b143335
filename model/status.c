#include "model/status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void rd_error_clear(rd_error *err) {
    if (!err) return;
    err->status = RD_OK;
    err->msg[0] = '\0';
}

rd_status rd_err(rd_error *err, rd_status status, const char *fmt, ...) {
    if (!err) return status;
    err->status = status;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return status;
}

rd_status rd_err_prefix(rd_error *err, const char *fmt, ...) {
    if (!err) return RD_OK;
    char head[RD_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(head, sizeof head, fmt, ap);
    va_end(ap);
    size_t h = strlen(head), t = strlen(err->msg);
    if (h + 2 >= sizeof err->msg) h = sizeof err->msg - 3;
    if (h + 2 + t >= sizeof err->msg) t = sizeof err->msg - 3 - h;
    memmove(err->msg + h + 2, err->msg, t);
    memcpy(err->msg, head, h);
    err->msg[h] = ':';
    err->msg[h + 1] = ' ';
    err->msg[h + 2 + t] = '\0';
    return err->status;
}

const char *rd_status_name(rd_status status) {
    switch (status) {
    case RD_OK: return "ok";
    case RD_ERR_INTERNAL: return "internal error";
    case RD_ERR_INPUT: return "input error";
    case RD_ERR_ROUTING: return "routing error";
    case RD_ERR_NOMEM: return "out of memory";
    case RD_ERR_TIMEOUT: return "timeout";
    }
    return "unknown status";
}

int rd_status_exit_code(rd_status status) {
    switch (status) {
    case RD_OK: return 0;
    case RD_ERR_INPUT: return 2;
    case RD_ERR_ROUTING: return 3;
    default: return 1;
    }
}
