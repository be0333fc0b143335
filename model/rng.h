/* rng: a small, fast, seedable pseudo-random generator (xoshiro256**, Blackman &
 * Vigna 2018), one per search slot.
 *
 * A generator is a plain value owned by whoever holds it; there is no shared
 * state. rd_rng_seed(seed, stream) derives independent streams from one user
 * seed through splitmix64, so slot k's sequence depends only on (seed, k) and
 * never on thread scheduling. Output is identical on every platform. */
#ifndef RD_RNG_H
#define RD_RNG_H

#include <stdint.h>

typedef struct rd_rng {
    uint64_t s[4]; /* xoshiro256** state; never all zero */
} rd_rng;

/* Seeds `rng` for stream `stream` of user seed `seed`. */
void rd_rng_seed(rd_rng *rng, uint64_t seed, uint64_t stream);

/* Next 64 random bits. */
uint64_t rd_rng_next(rd_rng *rng);

/* Uniform integer in [0, n); n must be > 0 (returns 0 otherwise). Unbiased. */
uint64_t rd_rng_below(rd_rng *rng, uint64_t n);

/* Uniform integer in [lo, hi] (inclusive); requires lo <= hi. */
int64_t rd_rng_range(rd_rng *rng, int64_t lo, int64_t hi);

/* Uniform double in [0, 1) with 53 random bits. */
double rd_rng_unit(rd_rng *rng);

/* Shuffles `a[0..n)` in place (Fisher-Yates). */
void rd_rng_shuffle_int(rd_rng *rng, int *a, int n);

#endif
