/* limits: the size limits the input readers hold every input to, checked
 * before any allocation that grows with them, so that a small file declaring
 * a huge size (a .vrp with DIMENSION 2000000000, a JSON matrix of 100,000
 * rows, thousands of vehicles) is refused with an input error naming the
 * field or line, never attempted.
 *
 * Defaults (rd_limits_init): 1,000,000 locations, 100,000 vehicles, 4 GiB
 * of dense travel matrices (explicit matrices, JSON matrices; a coordinate
 * input above RD_DENSE_AUTO_BYTES computes its travel on demand instead, in
 * O(n) memory). Every command that reads inputs overrides them with
 * --max-locations, --max-vehicles, --max-matrix-bytes and --matrix. A plain
 * value struct, copied freely; the readers never modify it. */
#ifndef RD_LIMITS_H
#define RD_LIMITS_H

#include <stdint.h>

#define RD_LIMIT_LOCATIONS    1000000
#define RD_LIMIT_VEHICLES     100000
#define RD_LIMIT_MATRIX_BYTES ((int64_t)4 << 30)

/* How a coordinate input (EUC_2D .vrp, Solomon) gets its travel matrix. */
typedef enum rd_travel_mode {
    RD_TRAVEL_AUTO = 0, /* dense up to RD_DENSE_AUTO_BYTES (and max_matrix_bytes), else on demand */
    RD_TRAVEL_DENSE,    /* always n² values (refused above max_matrix_bytes) */
    RD_TRAVEL_ON_DEMAND /* always computed from the coordinates when asked: O(n) memory */
} rd_travel_mode;

/* Auto: the largest dense matrix built from coordinates (32 MiB, n = 2,048):
 * beyond it the matrix no longer fits the caches and computing a distance
 * is faster than reading it (bench/RESULTS.md, 2026-12-06 "province scale"). */
#define RD_DENSE_AUTO_BYTES ((int64_t)32 << 20)

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
    /* Not a limit but the readers' other choice: dense or on-demand travel
     * for coordinate inputs (--matrix). */
    rd_travel_mode travel;
} rd_limits;

/* Fills the defaults above. */
void rd_limits_init(rd_limits *l);

/* The limits to apply: `l`, or the defaults (static, read-only) when NULL. */
const rd_limits *rd_limits_or_default(const rd_limits *l);

/* For a coordinate input of n locations: 1 when its matrix is to be dense,
 * 0 when computed on demand, -1 when it must be refused (RD_TRAVEL_DENSE
 * above max_matrix_bytes). `l` NULL: the defaults. */
int rd_limits_dense_coords(const rd_limits *l, int64_t n);

/* Bytes of `count` n×n int64 matrices, saturating at INT64_MAX (n >= 0). */
int64_t rd_limits_matrix_bytes(int64_t n, int64_t count);

#endif
