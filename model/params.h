/* params: the knobs of one solve, with defaults.
 *
 * A plain struct owned by the caller; rd_params_init() fills the defaults.
 * Nothing here is global: two solves in one process may use different params. */
#ifndef RD_PARAMS_H
#define RD_PARAMS_H

#include <stdint.h>

#include "model/log.h"

struct rd_solution;
struct rd_par;

/* Iterations per slot when neither a time limit nor an iteration budget is given. */
#define RD_DEFAULT_ITERATIONS 2000

/* What a progress callback is told (rd_params.progress). */
typedef struct rd_progress {
    double seconds;  /* since the budget's start */
    double fraction; /* of the budget spent (time or rounds), 0..1 */
    int64_t cost;    /* the best plan's cost so far (model units) */
    int64_t missed;  /* the tasks it leaves out */
} rd_progress;

typedef struct rd_params {
    double time_limit;          /* wall-clock seconds for the whole solve; <= 0: none */
    int64_t start_ns;           /* rd_clock_ns() reading time_limit counts from (the
                                   command's start, so that reading the input and
                                   building the neighbour lists are counted); 0: when
                                   rd_solve starts */
    int64_t iterations;         /* local-search rounds per slot; <= 0: none (see above) */
    uint64_t seed;              /* user seed; slot k's RNG is derived from (seed, k); default 1 */
    int threads;                /* OpenMP threads; 0: one per core */
    int slots;                  /* independent search slots K (not tied to threads); 0
                                   (default): rd_params_slots decides */
    int granular;               /* neighbours per stop considered by moves; default 20 */
    double sp_share;            /* share of the time for set partitioning over the route
                                   pool between epochs; 0: off; default 0.1 */
    int64_t sp_nodes;           /* branch-and-bound nodes per set partitioning under an
                                   iteration budget (deterministic end); default 2000 */
    int pool_size;              /* routes kept in the pool (oldest evicted); default 5000 */
    int debug_moves;            /* nonzero: re-check every applied local-search move from
                                   scratch (route check, plan cost) and fail with
                                   RD_ERR_INTERNAL on a mismatch; slow, for testing */
    const rd_log *log;          /* not owned; NULL: silent */
    const volatile int *cancel; /* not owned; when *cancel != 0 the search stops and returns
                                   its best solution (signal handlers set it) */
    const struct rd_solution *initial; /* not owned; NULL: none. Feasible routes (from
                                   rd_initial_build) every slot starts from: the other
                                   tasks are inserted into them, then the search runs */
    double anneal_from;  /* the share of a longer run's annealing schedule this solve */
    double anneal_until; /* covers: from .. until (0: 1); default 0 .. 1 (solver/dist.c
                            runs one schedule over several solves) */
    int region_tasks;    /* one problem over MPI ranks: tasks per rank from which the
                            ranks solve regions of the plan, below which each searches
                            the whole plan (solver/dist.h); 0: RD_REGION_TASKS */
    struct rd_par *par;  /* not owned; NULL or one rank: this process solves alone; more:
                            rd_run agrees with the other ranks that each has its model
                            (rd_par_agree) and solves over them (solver/dist.h) */
    /* Called after each of the search's epochs (20 per solve), from the thread
     * that called rd_solve, with the best plan so far; NULL: none. Must not
     * call back into the solve. */
    void (*progress)(void *ctx, const rd_progress *pr);
    void *progress_ctx; /* passed to progress */
} rd_params;

/* Tasks per rank from which one problem over MPI ranks is cut into regions
 * (a region of fewer tasks is solved worse than the whole plan). */
#define RD_REGION_TASKS 400

/* Fills `p` with the defaults. */
void rd_params_init(rd_params *p);

/* Slots by default: 4, the count measured best on instances of up to a
 * thousand stops; one per thread in a time-limited run on more than
 * RD_SLOTS_LARGE tasks, where a round costs more and rounds, not diversity,
 * decide (Flanders2 at 60 s on 2 threads: 4,607,222 with 2 slots against
 * 4,619,247 with 4). An iteration budget keeps 4 whatever the threads, so
 * that the plan stays independent of -t. */
#define RD_SLOTS_LARGE 2048

/* The slots of a solve: p->slots when set, else the default above for
 * n_tasks tasks on `threads` threads. */
int rd_params_slots(const rd_params *p, int n_tasks, int threads);

/* Iterations per slot actually used: p->iterations, or RD_DEFAULT_ITERATIONS when
 * neither an iteration budget nor a time limit is set, or INT64_MAX (time limit only). */
int64_t rd_params_iterations(const rd_params *p);

#endif
