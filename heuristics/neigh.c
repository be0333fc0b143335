#include "heuristics/neigh.h"

#include <math.h>
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

/* Fills the reverse lists of nb (counting sort: each rlist ascending). */
static rd_status reverse_index(rd_neigh *nb) {
    const int n = nb->n_tasks, k = nb->k;
    nb->rfirst = calloc((size_t)n + 2, sizeof *nb->rfirst);
    nb->rlist = malloc((size_t)(n > 0 ? n : 1) * (size_t)(k > 0 ? k : 1) * sizeof *nb->rlist);
    if (!nb->rfirst || !nb->rlist) return RD_ERR_NOMEM;
    for (int t = 0; t < n; t++)
        for (int q = 0; q < k; q++) nb->rfirst[rd_neigh_of(nb, t)[q] + 2]++;
    for (int t = 0; t < n; t++) nb->rfirst[t + 2] += nb->rfirst[t + 1];
    /* rfirst[v + 1] is v's fill pointer: it ends where v + 1's entries start */
    for (int t = 0; t < n; t++)
        for (int q = 0; q < k; q++) nb->rlist[nb->rfirst[rd_neigh_of(nb, t)[q] + 1]++] = t;
    return RD_OK;
}

/* The grid path: travel computed on demand, from the benchmarks' plane or
 * from lengths that come with a plane (rd_lengths.lb). */
static int grid_applies(const rd_matrix *C) {
    return !C->v && (C->x || (C->len && C->len->lb > 0));
}

/* The plane of an on-demand matrix. */
static const double *plane_x(const rd_matrix *C) {
    return C->x ? C->x : C->len->px;
}
static const double *plane_y(const rd_matrix *C) {
    return C->x ? C->y : C->len->py;
}

/* A lower bound of the key of any pair at least `dist` apart on the plane,
 * with slack for the rounding. */
static int64_t key_bound(const rd_matrix *C, double dist, int time_aware) {
    int64_t c = C->x ? rd_round_length(C->round, dist * (1.0 - 1e-9))
                     : rd_matrix_len_value(C, dist * C->len->lb * (1.0 - 1e-9));
    c -= 1;
    if (!time_aware) return c;
    return 5 * (c < RD_INF / 16 ? c : RD_INF / 16); /* prox_dir: 5·cost + what is >= 0 */
}

/* (key, task) pairs ordered as the scan keeps them: by key, then by index. */
typedef struct kj {
    int64_t key;
    int j;
} kj;

static int kj_less(kj a, kj b) {
    return a.key < b.key || (a.key == b.key && a.j < b.j);
}

/* Max-heap of at most k pairs: h[0] is the worst kept. */
static void heap_offer(kj *h, int *cnt, int k, kj x) {
    int c = *cnt;
    if (c == k) {
        if (!kj_less(x, h[0])) return;
        /* replace the top, sift down */
        int p = 0;
        for (;;) {
            int l = 2 * p + 1, r = l + 1, big = p;
            kj cur = x;
            if (l < k && kj_less(cur, h[l])) big = l, cur = h[l];
            if (r < k && kj_less(cur, h[r])) big = r;
            if (big == p) break;
            h[p] = h[big];
            p = big;
        }
        h[p] = x;
        return;
    }
    int q = c; /* sift up */
    while (q > 0 && kj_less(h[(q - 1) / 2], x)) {
        h[q] = h[(q - 1) / 2];
        q = (q - 1) / 2;
    }
    h[q] = x;
    *cnt = c + 1;
}

static int kj_cmp(const void *a, const void *b) {
    kj x = *(const kj *)a, y = *(const kj *)b;
    return kj_less(x, y) ? -1 : kj_less(y, x) ? 1 : 0;
}

/* The spatial grid of the candidate tasks (every task but the reloads):
 * square cells of side `cs` over the bounding box of every task's location,
 * about two candidates per cell; cell c holds task[first[c] .. first[c+1]). */
typedef struct grid {
    double x0, y0, cs;
    int gx, gy;
    int *first, *task;
} grid;

static int grid_cell(const grid *g, double x, double y, int *cx, int *cy) {
    int a = (int)((x - g->x0) / g->cs), b = (int)((y - g->y0) / g->cs);
    *cx = a < 0 ? 0 : a >= g->gx ? g->gx - 1 : a;
    *cy = b < 0 ? 0 : b >= g->gy ? g->gy - 1 : b;
    return *cy * g->gx + *cx;
}

static rd_status grid_build(grid *g, const rd_model *m, const rd_matrix *C, int nn) {
    const double *X = plane_x(C), *Y = plane_y(C);
    double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
    for (int t = 0, seen = 0; t < m->n_tasks; t++) {
        int l = m->task_loc[t];
        if (l < 0) continue; /* a break */
        if (!seen++) x0 = x1 = X[l], y0 = y1 = Y[l];
        x0 = X[l] < x0 ? X[l] : x0, x1 = X[l] > x1 ? X[l] : x1;
        y0 = Y[l] < y0 ? Y[l] : y0, y1 = Y[l] > y1 ? Y[l] : y1;
    }
    double w = x1 - x0, h = y1 - y0, side = w > h ? w : h;
    double cells = nn / 2.0 > 1.0 ? nn / 2.0 : 1.0;
    /* about `cells` square cells; a thin box gets one row of `cells` (at most 3·cells in all) */
    g->cs = sqrt(w * h / cells);
    if (g->cs < side / cells) g->cs = side / cells;
    if (!(g->cs > 0)) g->cs = 1.0; /* every location the same */
    g->x0 = x0, g->y0 = y0;
    g->gx = (int)(w / g->cs) + 1, g->gy = (int)(h / g->cs) + 1;
    size_t nc = (size_t)g->gx * (size_t)g->gy;
    g->first = calloc(nc + 1, sizeof *g->first);
    g->task = malloc((size_t)(nn > 0 ? nn : 1) * sizeof *g->task);
    if (!g->first || !g->task) return RD_ERR_NOMEM;
    int cx, cy;
    for (int t = 0; t < m->n_tasks; t++)
        if (m->task_kind[t] != RD_TASK_RELOAD && m->task_loc[t] >= 0)
            g->first[grid_cell(g, X[m->task_loc[t]], Y[m->task_loc[t]], &cx, &cy) + 1]++;
    for (size_t c = 0; c < nc; c++) g->first[c + 1] += g->first[c];
    int *fill = malloc((nc > 0 ? nc : 1) * sizeof *fill);
    if (!fill) return RD_ERR_NOMEM;
    memcpy(fill, g->first, nc * sizeof *fill);
    for (int t = 0; t < m->n_tasks; t++) /* in task order: each cell's tasks ascending */
        if (m->task_kind[t] != RD_TASK_RELOAD && m->task_loc[t] >= 0)
            g->task[fill[grid_cell(g, X[m->task_loc[t]], Y[m->task_loc[t]], &cx, &cy)]++] = t;
    free(fill);
    return RD_OK;
}

/* Task i's k nearest candidates by (key, index), as the scan keeps them:
 * a break (no location) has every candidate at the same key, so the first
 * k by index; a located task first offers the breaks (the largest key of
 * all but the time-aware far pairs), then rings of cells outwards until no
 * cell further out can hold a key as small as the k-th kept (a cell r rings
 * away is at least (r - 1)·cs from i). h: k entries of scratch. */
static void grid_list(const grid *g, const rd_model *m, const rd_matrix *C, const rd_matrix *T,
                      int i, int k, int time_aware, kj *h, int *out) {
    const int li = m->task_loc[i];
    int cx, cy, cnt = 0;
    if (li < 0) {
        for (int j = 0; j < m->n_tasks && cnt < k; j++)
            if (j != i && m->task_kind[j] != RD_TASK_RELOAD) out[cnt++] = j;
        return;
    }
    for (int b = 0; b < m->n_breaks; b++) {
        int j = m->veh_brk[b];
        if (j != i) heap_offer(h, &cnt, k, (kj){RD_INF / 16, j});
    }
    grid_cell(g, plane_x(C)[li], plane_y(C)[li], &cx, &cy);
    const int rmax = g->gx > g->gy ? g->gx : g->gy;
    for (int r = 0; r <= rmax; r++) {
        if (cnt == k && r >= 2 && key_bound(C, (double)(r - 1) * g->cs, time_aware) > h[0].key)
            break;
        for (int y = cy - r; y <= cy + r; y++) {
            if (y < 0 || y >= g->gy) continue;
            const int edge = y == cy - r || y == cy + r;
            for (int x = cx - r; x <= cx + r; x += edge ? 1 : 2 * r) {
                if (x >= 0 && x < g->gx) {
                    int c = y * g->gx + x;
                    for (int q = g->first[c]; q < g->first[c + 1]; q++) {
                        int j = g->task[q];
                        if (j == i) continue;
                        int64_t a = prox_dir(m, C, T, i, j, time_aware),
                                b = prox_dir(m, C, T, j, i, time_aware);
                        heap_offer(h, &cnt, k, (kj){a < b ? a : b, j});
                    }
                }
                if (r == 0) break;
            }
        }
    }
    qsort(h, (size_t)cnt, sizeof *h, kj_cmp);
    for (int q = 0; q < cnt; q++) out[q] = h[q].j;
}

/* rd_neigh_build_threads on the grid path: O(n·k log k) for evenly spread points. */
static rd_status build_grid(rd_neigh *nb, const rd_model *m, const rd_matrix *C, const rd_matrix *T,
                            int nn, int k, int time_aware, int threads) {
    grid g = {0};
    rd_status st = grid_build(&g, m, C, nn);
    int failed = st != RD_OK;
    if (!failed) {
#pragma omp parallel num_threads(threads > 1 ? threads : 1)
        {
            kj *h = malloc((size_t)k * sizeof *h);
            if (!h) {
#pragma omp atomic write
                failed = 1;
            }
#pragma omp for schedule(dynamic, 64)
            for (int i = 0; i < m->n_tasks; i++)
                if (h)
                    grid_list(&g, m, C, T, i, k, time_aware, h, nb->list + (size_t)i * (size_t)k);
            free(h);
        }
    }
    free(g.first);
    free(g.task);
    return failed ? RD_ERR_NOMEM : RD_OK;
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
    if (k == 0) {
        rd_status st = reverse_index(nb);
        if (st != RD_OK) rd_neigh_free(nb);
        return st;
    }
    const int prof = m->n_vehicles > 0 ? m->vehicles[0].profile : 0;
    const rd_matrix *C = &m->costs[prof], *T = &m->durations[prof];
    if (grid_applies(C)) {
        rd_status st = build_grid(nb, m, C, T, nn, k, time_aware, threads);
        if (st == RD_OK) st = reverse_index(nb);
        if (st != RD_OK) rd_neigh_free(nb);
        return st;
    }
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
    if (failed || reverse_index(nb) != RD_OK) {
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
    if (reverse_index(out) != RD_OK) {
        rd_neigh_free(out);
        return RD_ERR_NOMEM;
    }
    return RD_OK;
}

void rd_neigh_free(rd_neigh *nb) {
    free(nb->list);
    free(nb->rfirst);
    free(nb->rlist);
    memset(nb, 0, sizeof *nb);
}
