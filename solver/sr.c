/* sr: see solver/sr.h. */
#include "solver/sr.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int rd_sr_coef(const rd_sr_cut *c, const int *visits, int len) {
    int n = 0;
    for (int i = 0; i < len; i++)
        n += visits[i] == c->t[0] || visits[i] == c->t[1] || visits[i] == c->t[2];
    return n / 2;
}

static int same_set(const rd_sr_cut *a, int i, int j, int k) {
    return a->t[0] == i && a->t[1] == j && a->t[2] == k;
}

/* For elementary routes the left-hand side of {i, j, k} is
 * P(i,j) + P(i,k) + P(j,k) - 2 T(i,j,k), P the x of the routes through a
 * pair and T through all three: a route through exactly two counts once,
 * through three (three pairs) once too. Routes are taken as task sets
 * (repeated visits count once: the violation found may be less than the
 * cut's, never more). */
int rd_sr_separate(int n_tasks, int n_routes, const int *first, const int *visits, const double *x,
                   double min_viol, const rd_sr_cut *have, int n_have, rd_sr_cut *out, int most) {
    if (most <= 0 || n_tasks < 3) return 0;
    const size_t n = (size_t)n_tasks;
    const int words = (n_tasks + 63) / 64;
    double *pair = calloc(n * n + 1, sizeof *pair);
    uint64_t *in = calloc((size_t)n_routes * (size_t)words + 1, sizeof *in); /* route r's tasks */
    int *by = malloc(((size_t)n_routes * n + 1) * sizeof *by); /* routes through task i */
    int *cnt = calloc(n + 1, sizeof *cnt);
    int *tasks = malloc((n + 1) * sizeof *tasks);
    if (!pair || !in || !by || !cnt || !tasks) {
        free(pair), free(in), free(by), free(cnt), free(tasks);
        return -1;
    }
    for (int r = 0; r < n_routes; r++) {
        uint64_t *row = in + (size_t)r * (size_t)words;
        int k = 0;
        for (int v = first[r]; v < first[r + 1]; v++) {
            int t = visits[v];
            if (row[t / 64] >> (t % 64) & 1) continue;
            row[t / 64] |= UINT64_C(1) << (t % 64);
            tasks[k++] = t;
            by[(size_t)t * (size_t)n_routes + (size_t)cnt[t]++] = r;
        }
        for (int a = 0; a < k; a++)
            for (int b = 0; b < k; b++)
                if (a != b) pair[(size_t)tasks[a] * n + (size_t)tasks[b]] += x[r];
    }
    int found = 0;
    for (int i = 0; i < n_tasks; i++)
        for (int j = i + 1; j < n_tasks; j++) {
            double pij = pair[(size_t)i * n + (size_t)j];
            if (pij <= 1e-9) continue;
            for (int k = j + 1; k < n_tasks; k++) {
                double s = pij + pair[(size_t)i * n + (size_t)k] + pair[(size_t)j * n + (size_t)k];
                if (s <= 1 + min_viol) continue;
                double three = 0;
                for (int a = 0; a < cnt[i]; a++) {
                    int r = by[(size_t)i * (size_t)n_routes + (size_t)a];
                    const uint64_t *row = in + (size_t)r * (size_t)words;
                    if ((row[j / 64] >> (j % 64) & 1) && (row[k / 64] >> (k % 64) & 1))
                        three += x[r];
                }
                double lhs = s - 2 * three;
                if (lhs <= 1 + min_viol) continue;
                int dup = 0;
                for (int h = 0; h < n_have && !dup; h++) dup = same_set(&have[h], i, j, k);
                if (dup || (found == most && lhs <= out[found - 1].lhs)) continue;
                int at = found < most ? found++ : found - 1; /* (most violated first) */
                while (at > 0 && out[at - 1].lhs < lhs) out[at] = out[at - 1], at--;
                out[at] = (rd_sr_cut){{i, j, k}, lhs};
            }
        }
    free(pair), free(in), free(by), free(cnt), free(tasks);
    return found;
}
