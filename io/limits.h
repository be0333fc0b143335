/* limits: the size limits the input readers hold every input to, checked
 * before any allocation that grows with them, so that a small file declaring
 * a huge size (a .vrp with DIMENSION 2000000000, a JSON matrix of 100,000
 * rows, thousands of vehicles) is refused with an input error naming the
 * field or line, never attempted.
 *
 * Defaults (rd_limits_init): 20,000 locations (the benchmark readers' dense
 * n×n matrix: 3.2 GB at this size), 100,000 vehicles, 4 GiB of travel
 * matrices. `rondo solve` and `rondo serve` override them with
 * --max-locations, --max-vehicles and --max-matrix-bytes. A plain value
 * struct, copied freely; the readers never modify it. */
#ifndef RD_LIMITS_H
#define RD_LIMITS_H

#include <stdint.h>

#define RD_LIMIT_LOCATIONS    20000
#define RD_LIMIT_VEHICLES     100000
#define RD_LIMIT_MATRIX_BYTES ((int64_t)4 << 30)

typedef struct rd_limits {
    /* Locations: a .vrp's DIMENSION, a Solomon file's rows (depot included),
     * the rows of a JSON matrix. */
    int64_t max_locations;
    /* Vehicles: a .vrp's VEHICLES, a Solomon file's vehicle NUMBER, the
     * entries of a JSON input's `vehicles`. */
    int64_t max_vehicles;
    /* Bytes of the model's dense travel matrices, 8 per cell: n² × 8 for a
     * benchmark file (time = cost = distance share one matrix), 3 × n² × 8
     * per model profile for JSON (durations, distances, costs). */
    int64_t max_matrix_bytes;
} rd_limits;

/* Fills the defaults above. */
void rd_limits_init(rd_limits *l);

/* The limits to apply: `l`, or the defaults (static, read-only) when NULL. */
const rd_limits *rd_limits_or_default(const rd_limits *l);

/* Bytes of `count` n×n int64 matrices, saturating at INT64_MAX (n >= 0). */
int64_t rd_limits_matrix_bytes(int64_t n, int64_t count);

#endif
