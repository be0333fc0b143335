#include "heuristics/neigh.h"

#include <stdlib.h>
#include <string.h>

/* Proximity of i -> j (×5 to stay integer): 5·cost + waiting + 5·time warp. */
static inline int64_t prox_dir(const rd_model *m, const rd_matrix *C, const rd_matrix *T, int i,
                               int j, int time_aware) {
    int li = m->task_loc[i], lj = m->task_loc[j];
    if (li < 0 || lj < 0) return RD_INF / 16; /* breaks: no location, nobody's neighbour */
    int64_t c = rd_matrix_at(C, li, lj);
    if (!time_aware) return c;
    int64_t ei = m->tw_start[m->task_tw_first[i]], lti = m->tw_end[m->task_tw_first[i + 1] - 1];
    int64_t ej = m->tw_start[m->task_tw_first[j]], ltj = m->tw_end[m->task_tw_first[j + 1] - 1];
    int64_t s = m->task_service[i] + m->task_setup[i], t = rd_matrix_at(T, li, lj);
    int64_t wait = ej - s - t - lti, warp = ei + s + t - ltj;
    /* saturate: "no limit" windows are RD_INF-sized */
    if (wait > RD_INF / 16) wait = RD_INF / 16;
    if (warp > RD_INF / 16) warp = RD_INF / 16;
    if (c > RD_INF / 16) c = RD_INF / 16;
    return 5 * c + (wait > 0 ? wait : 0) + 5 * (warp > 0 ? warp : 0);
}

/* Inserts j with key kv into the sorted k-best list (key, l) of cnt entries;
 * j comes in increasing order, so equal keys keep index order. */
static void keep_best(int64_t *key, int *l, int *cnt, int k, int j, int64_t kv) {
    if (*cnt == k && kv >= key[k - 1]) return;
    int p = *cnt < k ? (*cnt)++ : k - 1;
    while (p > 0 && key[p - 1] > kv) {
        key[p] = key[p - 1];
        l[p] = l[p - 1];
        p--;
    }
    key[p] = kv;
    l[p] = j;
}

#define TILE 16  /* tasks whose lists are built together: C[j][tile] shares cache lines */
#define JB   256 /* tasks j taken together for one tile */

rd_status rd_neigh_build_threads(rd_neigh *nb, const rd_model *m, int k, int time_aware,
                                 int threads) {
    memset(nb, 0, sizeof *nb);
    const int n = m->n_tasks;
    int nn = 0; /* possible neighbours: every task but the reloads */
    for (int t = 0; t < n; t++) nn += m->task_kind[t] != RD_TASK_RELOAD;
    if (k > nn - 1) k = nn - 1;
    if (k < 0) k = 0;
    nb->n_tasks = n;
    nb->k = k;
    nb->list = malloc((size_t)(n > 0 ? n : 1) * (size_t)(k > 0 ? k : 1) * sizeof *nb->list);
    if (!nb->list) return RD_ERR_NOMEM;
    if (k == 0) return RD_OK;
    const int prof = m->n_vehicles > 0 ? m->vehicles[0].profile : 0;
    const rd_matrix *C = &m->costs[prof], *T = &m->durations[prof];
    const int tiles = (n + TILE - 1) / TILE;
    int failed = 0;
#pragma omp parallel num_threads(threads > 1 ? threads : 1)
    {
        int64_t *key = malloc((size_t)TILE * (size_t)k * sizeof *key);
        if (!key) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp for schedule(dynamic, 4)
        for (int b = 0; b < tiles; b++) {
            if (!key) continue;
            const int i0 = b * TILE, i1 = i0 + TILE < n ? i0 + TILE : n;
            int cnt[TILE] = {0};
            int64_t kv[JB];
            /* blocks of JB tasks j: a row of the tile reads C[i][j..] in one run,
             * and the other direction's lines C[j][tile] come from memory once
             * per block and then from cache for the other rows of the tile; every
             * row still sees j in increasing order */
            for (int j0 = 0; j0 < n; j0 += JB) {
                const int j1 = j0 + JB < n ? j0 + JB : n;
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < j1; j++) { /* the keys first: a loop without stores */
                        int64_t a = prox_dir(m, C, T, i, j, time_aware),
                                c = prox_dir(m, C, T, j, i, time_aware);
                        kv[j - j0] = a < c ? a : c;
                    }
                    int64_t *ki = key + (size_t)(i - i0) * (size_t)k;
                    int *li = nb->list + (size_t)i * (size_t)k;
                    for (int j = j0; j < j1; j++) {
                        if (cnt[i - i0] == k && kv[j - j0] >= ki[k - 1]) continue; /* most j */
                        if (i == j || m->task_kind[j] == RD_TASK_RELOAD) continue;
                        keep_best(ki, li, &cnt[i - i0], k, j, kv[j - j0]);
                    }
                }
            }
        }
        free(key);
    }
    if (failed) {
        rd_neigh_free(nb);
        return RD_ERR_NOMEM;
    }
    return RD_OK;
}

rd_status rd_neigh_build(rd_neigh *nb, const rd_model *m, int k, int time_aware) {
    return rd_neigh_build_threads(nb, m, k, time_aware, 1);
}

rd_status rd_neigh_prefix(rd_neigh *out, const rd_neigh *src, int k) {
    memset(out, 0, sizeof *out);
    if (k > src->k) k = src->k;
    if (k < 0) k = 0;
    const int n = src->n_tasks;
    out->list = malloc((size_t)(n > 0 ? n : 1) * (size_t)(k > 0 ? k : 1) * sizeof *out->list);
    if (!out->list) return RD_ERR_NOMEM;
    out->n_tasks = n;
    out->k = k;
    for (int t = 0; t < n; t++)
        memcpy(out->list + (size_t)t * (size_t)k, rd_neigh_of(src, t), (size_t)k * sizeof(int));
    return RD_OK;
}

void rd_neigh_free(rd_neigh *nb) {
    free(nb->list);
    memset(nb, 0, sizeof *nb);
}
