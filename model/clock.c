#include "model/clock.h"

#include <time.h>

int64_t rd_clock_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

rd_deadline rd_deadline_in(double seconds) {
    return rd_deadline_from(0, seconds);
}

rd_deadline rd_deadline_from(int64_t start_ns, double seconds) {
    rd_deadline d;
    d.start_ns = start_ns > 0 ? start_ns : rd_clock_ns();
    d.end_ns = seconds > 0 ? d.start_ns + (int64_t)(seconds * 1e9) : INT64_MAX;
    return d;
}

int rd_deadline_passed(const rd_deadline *d) {
    return d->end_ns != INT64_MAX && rd_clock_ns() >= d->end_ns;
}

double rd_deadline_elapsed(const rd_deadline *d) {
    return (rd_clock_ns() - d->start_ns) * 1e-9;
}

int rd_deadline_left_ms(const rd_deadline *d) {
    double ms = (double)(d->end_ns - rd_clock_ns()) * 1e-6;
    return ms <= 0 ? 0 : ms >= 1e9 ? 1000000000 : (int)ms;
}

double rd_deadline_fraction(const rd_deadline *d) {
    if (d->end_ns == INT64_MAX) return 0.0;
    double f = (double)(rd_clock_ns() - d->start_ns) / (double)(d->end_ns - d->start_ns);
    return f < 0 ? 0 : f > 1 ? 1 : f;
}
