/* answer: the C API's answers (api/rondo.h): the JSON answer of a benchmark
 * file's run, and any JSON answer turned into rondo_plan structs.
 *
 * Internal to the library (not installed). */
#ifndef RD_API_ANSWER_H
#define RD_API_ANSWER_H

#include <stddef.h>

#include "api/rondo.h"
#include "model/model.h"
#include "solver/run.h"

/* The JSON answer of run `r` on benchmark model `m`: {"code": 0, "summary":
 * {cost, routes, unassigned[, lower_bound, gap, optimal]}, "unassigned":
 * [{id, type, reason}], "routes": [{vehicle, cost, duration, distance,
 * steps: [{type, id, location_index, arrival, waiting_time, service,
 * distance, load}]}]} in the instance's units (cost as the .sol's Cost line;
 * ids the customer numbers of the .sol). Returns a malloc'd NUL-terminated
 * text (the caller frees it), or NULL with err set. */
char *rd_api_bench_answer(const rd_model *m, const rd_run_result *r, rd_error *err);

/* The structs of a JSON answer (either kind), owned by the returned object. */
typedef struct rd_api_plan rd_api_plan;

/* Parses the answer text[0..len) into a plan; `interrupted` is copied into
 * it. NULL with err set when the text is not an answer or memory runs out. */
rd_api_plan *rd_api_plan_parse(const char *text, size_t len, int interrupted, rd_error *err);

/* The structs (valid while `ap` lives). */
const rondo_plan *rd_api_plan_structs(const rd_api_plan *ap);

/* Frees `ap` (NULL: nothing). */
void rd_api_plan_free(rd_api_plan *ap);

#endif
