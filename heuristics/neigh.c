#include "heuristics/neigh.h"

#include <stdlib.h>
#include <string.h>

/* Proximity of i -> j (×5 to stay integer): 5·cost + waiting + 5·time warp. */
static int64_t prox_dir(const rd_model *m, const rd_matrix *C, const rd_matrix *T, int i, int j,
                        int time_aware) {
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

rd_status rd_neigh_build(rd_neigh *nb, const rd_model *m, int k, int time_aware) {
    memset(nb, 0, sizeof *nb);
    const int n = m->n_tasks;
    int nn = 0; /* possible neighbours: every task but the reloads */
    for (int t = 0; t < n; t++) nn += m->task_kind[t] != RD_TASK_RELOAD;
    if (k > nn - 1) k = nn - 1;
    if (k < 0) k = 0;
    nb->n_tasks = n;
    nb->k = k;
    nb->list = malloc((size_t)(n > 0 ? n : 1) * (size_t)(k > 0 ? k : 1) * sizeof *nb->list);
    int64_t *key = malloc((size_t)(k + 1) * sizeof *key);
    if (!nb->list || !key) {
        free(key);
        rd_neigh_free(nb);
        return RD_ERR_NOMEM;
    }
    if (k == 0) {
        free(key);
        return RD_OK;
    }
    const int prof = m->n_vehicles > 0 ? m->vehicles[0].profile : 0;
    const rd_matrix *C = &m->costs[prof], *T = &m->durations[prof];
    for (int i = 0; i < n; i++) {
        int *l = nb->list + (size_t)i * (size_t)k;
        int cnt = 0;
        for (int j = 0; j < n; j++) {
            if (j == i || m->task_kind[j] == RD_TASK_RELOAD) continue; /* nobody's neighbour */
            int64_t a = prox_dir(m, C, T, i, j, time_aware),
                    b = prox_dir(m, C, T, j, i, time_aware);
            int64_t kv = a < b ? a : b;
            /* sorted insertion into the k best so far; j increases, so equal keys keep index order
             */
            if (cnt == k && kv >= key[k - 1]) continue;
            int p = cnt < k ? cnt++ : k - 1;
            while (p > 0 && key[p - 1] > kv) {
                key[p] = key[p - 1];
                l[p] = l[p - 1];
                p--;
            }
            key[p] = kv;
            l[p] = j;
        }
    }
    free(key);
    return RD_OK;
}

void rd_neigh_free(rd_neigh *nb) {
    free(nb->list);
    memset(nb, 0, sizeof *nb);
}
