/* Brute force for tiny instances (n <= NMAX tasks, one vehicle type with an
 * unlimited fleet): the cheapest feasible sequence of every task set by trying
 * every permutation with the plain route check, then the optimal partition by
 * dynamic programming over subsets. The oracle of test_sp, test_exact and
 * test_cg.
 * Header-only so that each test stays standalone; include it after cmocka.h. */
#ifndef BRUTE_FORCE_H
#define BRUTE_FORCE_H

#include <stdint.h>
#include <string.h>

#include "heuristics/route.h"
#include "model/solution.h"
#include "solver/pool.h"

#define NMAX 8

/* Best feasible sequence of every subset by brute force over permutations
 * (rd_route_check: the plain reference check). cost[S] = -1 if infeasible. */
static inline void best_routes(const rd_model *m, int64_t *cost, int (*seq)[NMAX], rd_pool *pool) {
    const int n = m->n_tasks;
    for (int S = 0; S < (1 << n); S++) cost[S] = -1;
    int perm[NMAX];
    for (int S = 1; S < (1 << n); S++) {
        int k = 0;
        for (int t = 0; t < n; t++)
            if (S >> t & 1) perm[k++] = t;
        /* iterate permutations in lexicographic order */
        for (;;) {
            int64_t c;
            if (rd_route_check(m, 0, perm, k, &c) && (cost[S] < 0 || c < cost[S])) {
                cost[S] = c;
                memcpy(seq[S], perm, (size_t)k * sizeof *perm);
            }
            int i = k - 2;
            while (i >= 0 && perm[i] >= perm[i + 1]) i--;
            if (i < 0) break;
            int j = k - 1;
            while (perm[j] <= perm[i]) j--;
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
            for (int a = i + 1, b = k - 1; a < b; a++, b--) {
                t = perm[a];
                perm[a] = perm[b];
                perm[b] = t;
            }
        }
        if (cost[S] >= 0 && pool) assert_true(rd_pool_add(pool, 0, seq[S], k, cost[S]) == 1);
    }
}

/* A plan of one route per task (vehicle type 0): the start of the solvers
 * under test. */
static inline rd_solution *singletons(const rd_model *m) {
    rd_solution *s = rd_solution_create();
    for (int t = 0; t < m->n_tasks; t++) rd_solution_add_route(s, 0, &t, 1);
    return s;
}

/* Optimal partition cost by dynamic programming over subsets. */
static inline int64_t best_partition(int n, const int64_t *cost) {
    static int64_t best[1 << NMAX];
    best[0] = 0;
    for (int S = 1; S < (1 << n); S++) {
        best[S] = -1;
        int low = S & -S, rest = S ^ low;
        for (int T = rest;; T = (T - 1) & rest) { /* subsets of S containing low */
            int R = T | low;
            if (cost[R] >= 0 && best[S ^ R] >= 0 &&
                (best[S] < 0 || cost[R] + best[S ^ R] < best[S]))
                best[S] = cost[R] + best[S ^ R];
            if (T == 0) break;
        }
    }
    return best[(1 << n) - 1];
}

#endif
