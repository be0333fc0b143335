/* vrplib: reads CVRPLIB / VRPLIB `.vrp` instances (X, Homberger 1000, the
 * PyVRP dialect) into a model, and holds the benchmark distance conventions
 * that io/solomon shares.
 *
 * Accepted: specification lines `KEY : value` / `KEY: value` (NAME, TYPE,
 * COMMENT, DIMENSION, CAPACITY, VEHICLES, SERVICE_TIME, DISTANCE,
 * EDGE_WEIGHT_TYPE EUC_2D|EXPLICIT, EDGE_WEIGHT_FORMAT; other keys are
 * ignored), the sections NODE_COORD_SECTION, DEMAND_SECTION, DEPOT_SECTION
 * (ended by -1, or by the next keyword / end of file once a depot was read),
 * EDGE_WEIGHT_SECTION, TIME_WINDOW_SECTION, SERVICE_TIME_SECTION, and EOF.
 * Any other `NAME_SECTION` header (PyVRP's RELEASE_TIME_SECTION,
 * BACKHAUL_SECTION, VEHICLES_*_SECTION, ...) is skipped with its rows, which
 * must start with a number; anything else is an error.
 *
 * Model: one location per node (n_locs = DIMENSION, node k is location k-1);
 * the depot is the DEPOT_SECTION node (default node 1; several depots are an
 * error); the other nodes are the tasks in file order, task_id = 1..n-1
 * (the numbering of .sol files); demand -> task_pickup (n_dims 1). One
 * vehicle type: count = VEHICLES, else n-1 (unlimited fleet, the X-instance
 * rule), start = end = depot, capacity = CAPACITY, shift = the depot's time
 * window or [0, RD_INF], max_distance = DISTANCE × scale when given.
 * One profile; durations = distances = costs.
 *
 * Conventions (`round`; RD_ROUND_NONE: nint without TIME_WINDOW_SECTION,
 * trunc1 with one):
 *  - nint   d = (int64)(sqrt(dx²+dy²) + 0.5), scale 1;
 *  - trunc1 d = floor(sqrt(100·(dx²+dy²))) tenths, in exact integer
 *           arithmetic when all coordinates are integers, scale 10;
 *  - exact  d = llround(10^6 · sqrt(dx²+dy²)), scale 10^6.
 * Times (windows, service) and DISTANCE are multiplied by the scale and
 * rounded to the nearest integer (exact for integer inputs).
 * EXPLICIT matrices: each given value w (any number >= 0) is converted by the
 * same convention as a Euclidean length: nint (int64)(w + 0.5), trunc1
 * floor(10·w + 1e-9), exact llround(10^6·w); so integer matrices stay as
 * given under the default nint. FULL_MATRIX, LOWER_ROW, UPPER_ROW,
 * LOWER_DIAG_ROW, UPPER_DIAG_ROW are read (default FULL_MATRIX; FUNCTION
 * means coordinates);
 * the diagonal of the non-DIAG formats is 0. Values may span lines.
 *
 * Errors: RD_ERR_INPUT with "path:line: problem" for every malformed or
 * inconsistent input (problems found only at the end name the last line);
 * DIMENSION, VEHICLES and the matrix's bytes are checked against the limits
 * (io/limits.h) when they are read, before anything is allocated for
 * them (RD_ERR_INPUT naming the line and the flag that raises the limit);
 * explicit weights are stored as they are read. RD_ERR_NOMEM when memory
 * runs out.
 * On failure *out is NULL and nothing leaks. Work: O(file + n²). */
#ifndef RD_VRPLIB_H
#define RD_VRPLIB_H

#include "io/lex.h"
#include "io/limits.h"
#include "model/model.h"

/* Largest number of locations a benchmark reader accepts by default: the
 * model keeps one dense n×n int64 matrix (travel time = cost = distance;
 * 8·n² bytes, 3.2 GB at this cap). The limit itself is rd_limits's
 * max_locations (io/limits.h). Larger instances (Belgium's Flanders1/2)
 * wait for the on-the-fly coordinate matrix (DESIGN.md, "Memory and scale"). */
#define RD_MAX_LOCS RD_LIMIT_LOCATIONS

/* Reads the file `path`. */
rd_status rd_vrplib_read(const char *path, rd_round round, rd_model **out, rd_error *err);

/* Reads from an open lexer (cursor at the start of the input). */
rd_status rd_vrplib_parse(rd_lex *lx, rd_round round, rd_model **out, rd_error *err);

/* rd_vrplib_parse under the limits `lim` (NULL: the defaults). */
rd_status rd_vrplib_parse_limited(rd_lex *lx, rd_round round, const rd_limits *lim, rd_model **out,
                                  rd_error *err);

/* The scale of a convention: nint/none 1, trunc1 10, exact 10^6. */
int64_t rd_vrplib_scale(rd_round round);

/* Converts a length or time `v` in instance units to model units under
 * `round`. As a Euclidean/explicit length (`is_length`): nint (int64)(v+0.5),
 * trunc1 floor(10v + 1e-9), exact llround(10^6 v); as a time: llround(v ×
 * scale). The caller keeps |v| below 10^9. */
int64_t rd_vrplib_convert(rd_round round, double v, int is_length);

/* Fills the model's three matrices from m->x / m->y (n_locs points) under
 * m->round, which must be NINT, TRUNC1 or EXACT. Coordinates must be finite
 * with |c| <= 10^9. O(n²) time, no allocation. */
void rd_vrplib_fill_euclid(rd_model *m);

#endif
