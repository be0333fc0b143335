/* sub: the model of a part of a problem — some of its tasks and some of its
 * vehicles — for solving one region of a plan on its own (the decomposition
 * of one problem over MPI ranks, solver/dist.h).
 *
 * The sub-model keeps the parent's locations: it shares (borrows) its
 * coordinates, travel matrices and length source, read-only, so a route
 * costs the same in both. It has the tasks the caller takes (jobs and
 * shipments, both halves of a shipment together), every break and reload
 * stop of the vehicle types it keeps, and the vehicle types given a count
 * of at least one, with that count. Everything else (windows, amounts,
 * skills, priorities, prizes, releases, limits) is copied from the parent.
 * Index maps go both ways.
 *
 * Ownership: rd_sub_build fills an rd_sub that owns the sub-model and the
 * maps; rd_sub_free releases them (not the parent's shared data). The parent
 * must outlive the rd_sub and stay frozen. Thread-safe for distinct rd_subs. */
#ifndef RD_SUB_H
#define RD_SUB_H

#include "model/model.h"
#include "model/solution.h"

typedef struct rd_sub {
    rd_model *m;   /* the sub-model (owned), validated */
    int *task_of;  /* [m->n_tasks] the parent's index of each sub-model task */
    int *veh_of;   /* [m->n_vehicles] the parent's index of each sub-model vehicle type */
    int *sub_task; /* [parent n_tasks] the sub-model's index of a parent task, or -1 */
    int *sub_veh;  /* [parent n_vehicles] the sub-model's index of a parent type, or -1 */
} rd_sub;

/* Builds the sub-model of `parent` with the tasks t where take[t] != 0
 * (jobs and shipment halves; breaks and reloads are taken with their
 * vehicle types) and veh_count[v] vehicles of each type v (0: type left
 * out; at most its count). RD_ERR_INPUT when a shipment half is taken
 * without its partner, a count is out of range, or no vehicle is kept;
 * RD_ERR_NOMEM. On failure *out is zeroed (nothing to free). */
rd_status rd_sub_build(const rd_model *parent, const unsigned char *take, const int *veh_count,
                       rd_sub *out, rd_error *err);

/* Frees what rd_sub_build made (accepts a zeroed struct). */
void rd_sub_free(rd_sub *s);

/* Appends the routes and unassigned tasks of `in` (a plan of the sub-model)
 * to `out` (a plan of the parent), indices mapped to the parent's. */
rd_status rd_sub_to_parent(const rd_sub *s, const rd_solution *in, rd_solution *out);

#endif
