/* route_walk: the schedule primitives the route workspace's files share
 * (private to heuristics/route*.c; the module's header is route.h). Each is
 * the evaluator's rule (model/eval.h) for one step, inlined in the hot paths. */
#ifndef RD_ROUTE_WALK_H
#define RD_ROUTE_WALK_H

#include "heuristics/route.h"

/* Latest arrival at task t such that begin + setup s + service <= ldn. Exact
 * because begin(arr) is non-decreasing in arr: the answer is min(end, latest
 * begin) of the last window that opens by the latest begin. */
static inline int64_t latest_arrival(const rd_model *m, int t, int64_t s, int64_t ldn) {
    if (ldn <= RD_NO_TIME) return RD_NO_TIME;
    int64_t x = ldn - s - m->task_service[t];
    int a = m->task_tw_first[t], b = m->task_tw_first[t + 1];
    for (int w = b - 1; w >= a; w--)
        if (m->tw_start[w] <= x) return x < m->tw_end[w] ? x : m->tw_end[w];
    return RD_NO_TIME;
}

static inline int64_t sat_add(int64_t a, int64_t b) {
    return a >= RD_INF - b ? RD_INF : a + b;
}

typedef struct walk_state {
    int64_t t, cost, dist, time; /* clock, travel cost, distance, travel time so far */
    int prev;                    /* last location, -1 before an open start */
} walk_state;

/* Adds the arc from the walk's last location to the end location (nothing
 * for an open end, nor after an open start with no located task: breaks
 * only). */
static inline void walk_end(const rd_matrix *C, const rd_matrix *D, const rd_matrix *T,
                            walk_state *st, int end_loc) {
    if (end_loc < 0 || st->prev < 0) return;
    st->cost += rd_matrix_at(C, st->prev, end_loc);
    st->dist += rd_matrix_at(D, st->prev, end_loc);
    int64_t dt = rd_matrix_at(T, st->prev, end_loc);
    st->time += dt;
    st->t += dt;
}

static inline int walk_task(const rd_model *m, const rd_matrix *C, const rd_matrix *D,
                            const rd_matrix *T, int need_time, walk_state *st, int k) {
    int loc = m->task_loc[k];
    if (loc < 0) { /* a break: stays where it is */
        int64_t b = rd_task_begin(m, k, st->t);
        if (b == RD_NO_TIME) return 0;
        st->t = b + m->task_service[k];
        return 1;
    }
    if (st->prev >= 0) {
        st->cost += rd_matrix_at(C, st->prev, loc);
        st->dist += rd_matrix_at(D, st->prev, loc);
        int64_t dt = rd_matrix_at(T, st->prev, loc);
        st->time += dt;
        st->t += dt;
    }
    if (need_time) {
        int64_t b = rd_task_begin(m, k, st->t);
        if (b == RD_NO_TIME) return 0;
        st->t = b + (st->prev != loc ? m->task_setup[k] : 0) + m->task_service[k];
    }
    st->prev = loc;
    return 1;
}

#endif
