#include "model/params.h"

void rd_params_init(rd_params *p) {
    p->time_limit = 0.0;
    p->start_ns = 0;
    p->iterations = 0;
    p->seed = 1;
    p->threads = 0;
    p->slots = 0;
    p->granular = 20;
    p->sp_share = 0.1;
    p->sp_nodes = 2000;
    p->pool_size = 5000;
    p->debug_moves = 0;
    p->log = NULL;
    p->cancel = NULL;
    p->initial = NULL;
    p->anneal_from = 0.0;
    p->anneal_until = 1.0;
    p->par = NULL;
    p->progress = NULL;
    p->progress_ctx = NULL;
    p->region_tasks = 0;
}

int rd_params_slots(const rd_params *p, int n_tasks, int threads) {
    if (p->slots > 0) return p->slots;
    if (p->time_limit > 0 && n_tasks > RD_SLOTS_LARGE) return threads > 1 ? threads : 1;
    return 4;
}

int64_t rd_params_iterations(const rd_params *p) {
    if (p->iterations > 0) return p->iterations;
    if (p->time_limit > 0) return INT64_MAX;
    return RD_DEFAULT_ITERATIONS;
}
