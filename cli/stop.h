/* stop: the program's one piece of process-wide state, the stop flag that
 * SIGINT and SIGTERM set.
 *
 * rd_stop_install() clears the flag and installs the handlers. The first
 * SIGINT or SIGTERM sets the flag; a second one (either) ends the process at
 * once with exit status 128 + its number (130 SIGINT, 143 SIGTERM) after removing
 * the temporary output file being written if there is one
 * (rd_stop_set_tmp, used by cli/output.c), so that no partial file is left. Long work polls the
 * flag (the search reads it through rd_params.cancel = rd_stop_flag()) and finishes with its best
 * answer. Interrupted system calls are restarted (SA_RESTART): a write in progress completes; code
 * that waits for input must wake up by itself to look at the flag (cmd_serve.c polls).
 *
 * Install from the main thread before starting other threads; reading the
 * flag is safe from any thread. */
#ifndef RD_STOP_H
#define RD_STOP_H

/* Clears the flag and installs the SIGINT/SIGTERM handlers. */
void rd_stop_install(void);

/* Nonzero once SIGINT or SIGTERM arrived after rd_stop_install(). */
int rd_stop_requested(void);

/* The number of the first signal received since rd_stop_install(), or 0. */
int rd_stop_signal(void);

/* Names the temporary file a second signal must remove before the process
 * ends (NULL: none). Paths of 4096 bytes or more are not registered. */
void rd_stop_set_tmp(const char *path);

/* The flag itself, for rd_params.cancel (never NULL; lives as long as the
 * process). */
const volatile int *rd_stop_flag(void);

#endif
