#include "cli/stop.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

/* The only process-wide mutable state of the program (see stop.h): the flag,
 * the first signal's number, and the temporary output file to remove if a
 * second signal ends the process. */
static volatile sig_atomic_t g_stop;
static volatile sig_atomic_t g_signal;
static volatile sig_atomic_t g_tmp_set;
static char g_tmp[4096];

static void on_signal(int sig) {
    if (g_stop) { /* the second signal: end now (only async-signal-safe calls) */
        if (g_tmp_set) unlink(g_tmp);
        _exit(128 + sig); /* the shell's status for "killed by sig" */
    }
    g_signal = sig;
    g_stop = 1;
}

void rd_stop_install(void) {
    g_stop = 0;
    g_signal = 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

int rd_stop_requested(void) {
    return g_stop != 0;
}

int rd_stop_signal(void) {
    return g_signal;
}

const volatile int *rd_stop_flag(void) {
    return (const volatile int *)&g_stop;
}

void rd_stop_set_tmp(const char *path) {
    g_tmp_set = 0;
    if (!path || strlen(path) >= sizeof g_tmp) return;
    memcpy(g_tmp, path, strlen(path) + 1);
    g_tmp_set = 1;
}
