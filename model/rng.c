#include "model/rng.h"

static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
}

void rd_rng_seed(rd_rng *rng, uint64_t seed, uint64_t stream) {
    uint64_t x = seed ^ (stream * 0xD1B54A32D192ED03ull);
    (void)splitmix64(&x); /* decorrelate neighbouring (seed, stream) pairs */
    for (int i = 0; i < 4; i++) rng->s[i] = splitmix64(&x);
    if (!(rng->s[0] | rng->s[1] | rng->s[2] | rng->s[3])) rng->s[0] = 1;
}

uint64_t rd_rng_next(rd_rng *rng) {
    uint64_t *s = rng->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

uint64_t rd_rng_below(rd_rng *rng, uint64_t n) {
    if (n == 0) return 0;
    /* Lemire's rejection on the low product: unbiased, rarely loops. */
    uint64_t threshold = (0 - n) % n;
    for (;;) {
        uint64_t r = rd_rng_next(rng);
        __uint128_t m = (__uint128_t)r * n;
        if ((uint64_t)m >= threshold) return (uint64_t)(m >> 64);
    }
}

int64_t rd_rng_range(rd_rng *rng, int64_t lo, int64_t hi) {
    if (hi <= lo) return lo;
    return lo + (int64_t)rd_rng_below(rng, (uint64_t)(hi - lo) + 1);
}

double rd_rng_unit(rd_rng *rng) {
    return (double)(rd_rng_next(rng) >> 11) * 0x1.0p-53;
}

void rd_rng_shuffle_int(rd_rng *rng, int *a, int n) {
    for (int i = n - 1; i > 0; i--) {
        int j = (int)rd_rng_below(rng, (uint64_t)i + 1);
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
