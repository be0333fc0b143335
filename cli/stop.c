#include "cli/stop.h"

#include <signal.h>
#include <string.h>

/* The only process-wide mutable state of the program (see stop.h). */
static volatile sig_atomic_t g_stop;

static void on_signal(int sig) {
    (void)sig;
    g_stop = 1;
    signal(SIGINT, SIG_DFL); /* async-signal-safe; the next signal ends the process */
    signal(SIGTERM, SIG_DFL);
}

void rd_stop_install(void) {
    g_stop = 0;
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

const volatile int *rd_stop_flag(void) {
    return (const volatile int *)&g_stop;
}
