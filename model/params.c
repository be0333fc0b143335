#include "model/params.h"

void rd_params_init(rd_params *p) {
    p->time_limit = 0.0;
    p->start_ns = 0;
    p->iterations = 0;
    p->seed = 1;
    p->threads = 0;
    p->slots = 4;
    p->granular = 20;
    p->sp_share = 0.1;
    p->sp_nodes = 2000;
    p->pool_size = 5000;
    p->debug_moves = 0;
    p->log = NULL;
    p->cancel = NULL;
    p->initial = NULL;
}

int64_t rd_params_iterations(const rd_params *p) {
    if (p->iterations > 0) return p->iterations;
    if (p->time_limit > 0) return INT64_MAX;
    return RD_DEFAULT_ITERATIONS;
}
