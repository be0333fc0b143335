/* clock: monotonic wall-clock time and deadlines.
 *
 * Time limits are wall-clock (CLOCK_MONOTONIC), never CPU time, so they hold
 * whatever the number of threads. A deadline is a plain value. */
#ifndef RD_CLOCK_H
#define RD_CLOCK_H

#include <stdint.h>

/* Nanoseconds on the monotonic clock (arbitrary origin). */
int64_t rd_clock_ns(void);

typedef struct rd_deadline {
    int64_t start_ns; /* when the deadline was set */
    int64_t end_ns;   /* INT64_MAX: no deadline */
} rd_deadline;

/* A deadline `seconds` from now; seconds <= 0 means none. */
rd_deadline rd_deadline_in(double seconds);

/* A deadline `seconds` after the clock reading start_ns (rd_clock_ns; 0:
 * now); seconds <= 0 means none. */
rd_deadline rd_deadline_from(int64_t start_ns, double seconds);

/* True once the deadline has passed. */
int rd_deadline_passed(const rd_deadline *d);

/* Seconds since the deadline was set. */
double rd_deadline_elapsed(const rd_deadline *d);

/* Whole milliseconds left, 0 once passed, at most 10^9 (GLPK's tm_lim is
 * an int; no deadline gives 10^9). */
int rd_deadline_left_ms(const rd_deadline *d);

/* Fraction of the allowed time used, in [0, 1]; 0 without a deadline. */
double rd_deadline_fraction(const rd_deadline *d);

#endif
