#include "model/log.h"

#include <stdarg.h>

void rd_log_init(rd_log *log, rd_log_level level, FILE *out) {
    log->level = level;
    log->out = out;
}

int rd_log_enabled(const rd_log *log, rd_log_level level) {
    return log && log->out && level <= log->level && level > RD_LOG_QUIET;
}

void rd_logf(const rd_log *log, rd_log_level level, const char *fmt, ...) {
    if (!rd_log_enabled(log, level)) return;
    static const char *const tags[] = {"", "error: ", "warning: ", "", "debug: "};
    char line[1024];
    int k = snprintf(line, sizeof line, "rondo: %s", tags[level]);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line + k, sizeof line - (size_t)k - 1, fmt, ap);
    va_end(ap);
    size_t len = 0;
    while (line[len]) len++;
    line[len] = '\n';
    line[len + 1] = '\0';
    fputs(line, log->out);
    fflush(log->out);
}
