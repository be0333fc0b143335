#include "io/limits.h"

static const rd_limits DEFAULTS = {RD_LIMIT_LOCATIONS, RD_LIMIT_VEHICLES, RD_LIMIT_MATRIX_BYTES,
                                   RD_TRAVEL_AUTO};

void rd_limits_init(rd_limits *l) {
    *l = DEFAULTS;
}

const rd_limits *rd_limits_or_default(const rd_limits *l) {
    return l ? l : &DEFAULTS;
}

int64_t rd_limits_matrix_bytes(int64_t n, int64_t count) {
    if (n <= 0 || count <= 0) return 0;
    /* n² × 8 × count without overflow */
    if (n > 3037000499) return INT64_MAX; /* n² > INT64_MAX */
    int64_t cells = n * n;
    if (cells > INT64_MAX / 8 / count) return INT64_MAX;
    return cells * 8 * count;
}

int rd_limits_dense_coords(const rd_limits *l, int64_t n) {
    l = rd_limits_or_default(l);
    int64_t bytes = rd_limits_matrix_bytes(n, 1);
    switch (l->travel) {
    case RD_TRAVEL_DENSE: return bytes <= l->max_matrix_bytes ? 1 : -1;
    case RD_TRAVEL_ON_DEMAND: return 0;
    default: return bytes <= RD_DENSE_AUTO_BYTES && bytes <= l->max_matrix_bytes;
    }
}
