/* sol: CVRPLIB solution files ("Route #k: c1 c2 ..." lines and "Cost X").
 *
 * Task numbering follows the instance: a task's printed number is its
 * task_id (VRPLIB: node position after removing the depot, 1..n-1; Solomon:
 * the customer number), so the files read with ../shared/tools/check_solution.py
 * and compare with the best-known solutions. A reload stop prints its
 * facility's id (0 for a depot: PyVRP's MTVRPTWR; the landfill's stop id in
 * the waste-collection format); breaks are not printed. */
#ifndef RD_SOL_H
#define RD_SOL_H

#include <stdio.h>

#include "model/eval.h"
#include "model/model.h"
#include "model/solution.h"

/* Writes `s` to `f`: one "Route #k: ..." line per non-empty route (k from 1),
 * then "Cost X" with the cost formatted in the instance's units
 * (rd_model_format_cost). `comments` (may be NULL) holds extra lines written
 * first, each prefixed with "# " (seed, time, lower bound, unassigned tasks
 * with reasons, violations). Returns RD_ERR_INTERNAL when writing fails. */
rd_status rd_sol_write(FILE *f, const rd_model *m, const rd_solution *s, const char *comments,
                       rd_error *err);

/* Reads a .sol file for model `m` into *out (a new solution owned by the
 * caller). Every route is given vehicle type 0. Lines other than "Route"
 * lines, "Cost" and comments ("#") are an error; a customer number that is
 * not a task id of `m` is an error naming `file:line`. Tasks absent from all
 * routes are NOT added to the unassigned list (the evaluator then reports
 * them missing). The claimed cost, if present, goes to *claimed (model units,
 * parsed with the instance's convention), else *claimed = -1. */
rd_status rd_sol_read(const char *path, const rd_model *m, rd_solution **out, int64_t *claimed,
                      rd_error *err);

#endif
