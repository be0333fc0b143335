/* neigh: granular neighbour lists, the k tasks "closest" to each task.
 *
 * Closeness is the travel cost between the two locations (the smaller of both
 * directions) on the profile of vehicle type 0. When time matters it is
 * correlated with the time windows as in Vidal's HGS: a pair pays, in the
 * better of its two orders, 1/5 of the waiting it forces and the full time
 * warp (lateness) it would cause, so that reachable neighbours come first.
 * Ties are broken by task index, so the lists are deterministic.
 *
 * Ownership: rd_neigh_build allocates `list` and the reverse lists;
 * rd_neigh_free releases them.
 * Read-only afterwards (shareable between threads). Build: O(n²·log k) time
 * at worst (O(n²) when the lists fill early), O(n·k) memory, in tiles of 16
 * tasks so that both directions of the travel matrix are read along cache
 * lines; rd_neigh_build_threads splits the tiles over threads (OpenMP) with
 * the same lists. */
#ifndef RD_NEIGH_H
#define RD_NEIGH_H

#include "model/model.h"
#include "model/status.h"

typedef struct rd_neigh {
    int n_tasks; /* tasks */
    int k;       /* neighbours per task: min(granular, n_tasks - 1) */
    int *list;   /* [n_tasks * k] neighbours of task t at list[t*k ..], closest first */
    /* Reverse lists: the tasks whose lists name task t are rlist[rfirst[t] ..
     * rfirst[t + 1]), ascending (built with the lists; NULL in a list made by
     * hand: users then fall back to scanning every task) */
    int *rfirst; /* [n_tasks + 1] */
    int *rlist;  /* [n_tasks * k] */
} rd_neigh;

/* Builds the lists with up to `k` neighbours per task; `time_aware` nonzero
 * adds the time-window correlation. RD_ERR_NOMEM on failure. */
rd_status rd_neigh_build(rd_neigh *nb, const rd_model *m, int k, int time_aware);

/* The same lists built on `threads` threads (<= 1: the caller's only). */
rd_status rd_neigh_build_threads(rd_neigh *nb, const rd_model *m, int k, int time_aware,
                                 int threads);

/* *out = the first k entries of each of src's lists (k <= src->k): the lists
 * rd_neigh_build would give with k and the same time_aware. RD_ERR_NOMEM. */
rd_status rd_neigh_prefix(rd_neigh *out, const rd_neigh *src, int k);

/* Frees the lists. Accepts a zeroed or freed struct. */
void rd_neigh_free(rd_neigh *nb);

/* The neighbours of task t (nb->k of them). */
static inline const int *rd_neigh_of(const rd_neigh *nb, int t) {
    return nb->list + (size_t)t * (size_t)nb->k;
}

#endif
