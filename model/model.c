#define _DEFAULT_SOURCE /* madvise's MADV_HUGEPAGE (Linux) */
#include "model/model.h"

#include <inttypes.h>
#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static void *zalloc(size_t n, size_t size, int *ok) {
    if (n == 0) n = 1; /* keep every array non-NULL so indexing code needs no special case */
    void *p = calloc(n, size);
    if (!p) *ok = 0;
    return p;
}

/* The cache of a profile's matrices on lengths: 2^tbits direct-mapped
 * entries. A pair i < j has the key K = i·n + j < 2^kbits; H = K·odd mod
 * 2^kbits is a bijection, its high tbits pick the entry and its low
 * tag_bits = kbits - tbits are stored with the pair's rounded length and
 * rounded travel time, from which the profile's three matrices take their
 * values: word = ((⌊d + ½⌋ + 1) << dur_bits | ⌊d·per_m + ½⌋) << tag_bits |
 * tag, 0 for an empty entry. One atomic word per entry, so concurrent
 * readers and writers never see half of an entry; a pair whose figures do
 * not fit is computed every time. */
struct rd_len_cache {
    _Atomic uint64_t *slot;
    int kbits, tbits, tag_bits, dur_bits;
};

#define LEN_ODD 0x9E3779B97F4A7C15ull

static rd_len_cache *len_cache_new(int n) {
    rd_len_cache *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    int kbits = 1;
    while (kbits < 62 && ((uint64_t)1 << kbits) < (uint64_t)n * (uint64_t)n) kbits++;
    int tbits = 10; /* about 64 entries per location, at most 2^22 */
    while (tbits < 22 && ((uint64_t)1 << tbits) < (uint64_t)n * 64u) tbits++;
    if (tbits > kbits) tbits = kbits;
    c->kbits = kbits, c->tbits = tbits, c->tag_bits = kbits - tbits;
    c->dur_bits = (64 - c->tag_bits) / 2;
    c->slot = calloc((size_t)1 << tbits, sizeof *c->slot);
    if (!c->slot) {
        free(c);
        return NULL;
    }
    for (size_t e = 0; e < (size_t)1 << tbits; e++) atomic_init(&c->slot[e], 0);
    return c;
}

static void len_cache_free(rd_len_cache *c) {
    if (!c) return;
    free((void *)c->slot);
    free(c);
}

int64_t rd_matrix_len(const rd_matrix *m, int i, int j) {
    if (i == j) return 0;
    const int a = i < j ? i : j, b = i < j ? j : i;
    const rd_len_cache *c = m->cache;
    const uint64_t kmask = ((uint64_t)1 << c->kbits) - 1;
    const uint64_t key = (uint64_t)a * (uint64_t)m->n + (uint64_t)b;
    const uint64_t h = (key * LEN_ODD) & kmask, tmask = ((uint64_t)1 << c->tag_bits) - 1;
    const uint64_t dmask = ((uint64_t)1 << c->dur_bits) - 1;
    _Atomic uint64_t *e = &c->slot[h >> c->tag_bits];
    uint64_t w = atomic_load_explicit(e, memory_order_relaxed);
    int64_t dist, dur;
    if (w && (w & tmask) == (h & tmask)) {
        w >>= c->tag_bits;
        dist = (int64_t)(w >> c->dur_bits) - 1;
        dur = (int64_t)(w & dmask);
    } else {
        const double d = m->len->length(m->len->ctx, a, b);
        dist = (int64_t)(d + 0.5); /* rd_matrix_len_value's rounding */
        dur = (int64_t)(d * m->per_m + 0.5);
        const int dist_bits = 64 - c->tag_bits - c->dur_bits;
        if (dist >= 0 && dur >= 0 && (uint64_t)dur <= dmask &&
            (uint64_t)dist + 1 < ((uint64_t)1 << dist_bits))
            atomic_store_explicit(
                e,
                (((uint64_t)(dist + 1) << c->dur_bits | (uint64_t)dur) << c->tag_bits) |
                    (h & tmask),
                memory_order_relaxed);
    }
    return rd_matrix_len_of(m, dist, dur);
}

static void matrix_free(rd_matrix *mats, int n) {
    if (!mats) return;
    for (int i = 0; i < n; i++) {
        if (!mats[i].borrowed) free(mats[i].v);
        if (mats[i].owns_cache) len_cache_free(mats[i].cache);
    }
    free(mats);
}

/* Asks for transparent huge pages over a large matrix before it is first
 * written (calloc maps it untouched): reads across its rows, which the
 * neighbour lists and the search do, then miss the TLB 512 times less. A
 * refusal (no THP, another OS) changes nothing but speed. */
static void advise_huge(void *p, size_t bytes) {
#ifdef MADV_HUGEPAGE
    const uintptr_t huge = (uintptr_t)2 << 20;
    if (!p || bytes < 16 * huge) return;
    uintptr_t a = ((uintptr_t)p + huge - 1) & ~(huge - 1), e = ((uintptr_t)p + bytes) & ~(huge - 1);
    if (e > a) (void)madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
    (void)p, (void)bytes;
#endif
}

static rd_matrix *matrix_alloc(int n_profiles, int n_locs, int dense, int *ok) {
    rd_matrix *mats = zalloc((size_t)n_profiles, sizeof *mats, ok);
    if (!mats) return NULL;
    for (int i = 0; i < n_profiles; i++) {
        mats[i].n = n_locs;
        if (!dense) continue; /* rd_model_travel_euclid follows */
        mats[i].v = zalloc((size_t)n_locs * (size_t)n_locs, sizeof(int64_t), ok);
        advise_huge(mats[i].v, (size_t)n_locs * (size_t)n_locs * sizeof(int64_t));
    }
    return mats;
}

rd_model *rd_model_alloc(int n_locs, int n_profiles, int n_tasks, int n_tw, int n_vehicles,
                         int n_dims) {
    return rd_model_alloc_ex(n_locs, n_profiles, n_tasks, n_tw, n_vehicles, n_dims, 1);
}

rd_model *rd_model_alloc_ex(int n_locs, int n_profiles, int n_tasks, int n_tw, int n_vehicles,
                            int n_dims, int dense) {
    if (n_locs < 0 || n_profiles < 1 || n_tasks < 0 || n_tw < 0 || n_vehicles < 0 || n_dims < 1 ||
        n_dims > RD_MAX_DIMS)
        return NULL;
    int ok = 1;
    rd_model *m = zalloc(1, sizeof *m, &ok);
    if (!m) return NULL;
    m->round = RD_ROUND_NONE;
    m->scale = 1;
    m->n_locs = n_locs;
    m->n_profiles = n_profiles;
    m->durations = matrix_alloc(n_profiles, n_locs, dense, &ok);
    m->distances = matrix_alloc(n_profiles, n_locs, dense, &ok);
    m->costs = matrix_alloc(n_profiles, n_locs, dense, &ok);
    m->n_dims = n_dims;
    m->n_tasks = n_tasks;
    size_t nt = (size_t)n_tasks, nd = (size_t)n_dims;
    m->task_id = zalloc(nt, sizeof *m->task_id, &ok);
    m->task_loc = zalloc(nt, sizeof *m->task_loc, &ok);
    m->task_owner = zalloc(nt, sizeof *m->task_owner, &ok);
    m->veh_brk_first = zalloc((size_t)n_vehicles + 1, sizeof *m->veh_brk_first, &ok);
    m->veh_rel_first = zalloc((size_t)n_vehicles + 1, sizeof *m->veh_rel_first, &ok);
    m->task_kind = zalloc(nt, sizeof *m->task_kind, &ok);
    m->task_pair = zalloc(nt, sizeof *m->task_pair, &ok);
    m->task_service = zalloc(nt, sizeof *m->task_service, &ok);
    m->task_setup = zalloc(nt, sizeof *m->task_setup, &ok);
    m->task_pickup = zalloc(nt * nd, sizeof *m->task_pickup, &ok);
    m->task_delivery = zalloc(nt * nd, sizeof *m->task_delivery, &ok);
    m->task_prize = zalloc(nt, sizeof *m->task_prize, &ok);
    m->task_priority = zalloc(nt, sizeof *m->task_priority, &ok);
    m->task_tw_first = zalloc(nt + 1, sizeof *m->task_tw_first, &ok);
    m->n_tw = n_tw;
    m->tw_start = zalloc((size_t)n_tw, sizeof *m->tw_start, &ok);
    m->tw_end = zalloc((size_t)n_tw, sizeof *m->tw_end, &ok);
    m->n_vehicles = n_vehicles;
    m->vehicles = zalloc((size_t)n_vehicles, sizeof *m->vehicles, &ok);
    m->veh_capacity = zalloc((size_t)n_vehicles * nd, sizeof *m->veh_capacity, &ok);
    if (!ok) {
        rd_model_destroy(m);
        return NULL;
    }
    for (int t = 0; t < n_tasks; t++) {
        m->task_pair[t] = -1;
        m->task_prize[t] = -1;
        m->task_owner[t] = -1;
    }
    if (n_tw == n_tasks)
        for (int t = 0; t <= n_tasks; t++) m->task_tw_first[t] = t;
    for (int v = 0; v < n_vehicles; v++) {
        rd_vehicle *veh = &m->vehicles[v];
        veh->id = v + 1;
        veh->count = 1;
        veh->start_loc = veh->end_loc = -1;
        veh->tw_start = 0;
        veh->tw_end = RD_INF;
        veh->max_tasks = veh->max_travel_time = veh->max_distance = RD_INF;
        veh->max_reloads = RD_INF;
    }
    return m;
}

void rd_model_share_travel(rd_model *m) {
    for (int p = 0; p < m->n_profiles; p++) {
        rd_matrix *shared[2] = {&m->durations[p], &m->costs[p]};
        for (int k = 0; k < 2; k++) {
            if (!shared[k]->borrowed) free(shared[k]->v);
            shared[k]->v = m->distances[p].v;
            shared[k]->borrowed = 1;
        }
    }
}

rd_matrix rd_model_euclid(const rd_model *m) {
    int integral = 1;
    for (int i = 0; i < m->n_locs && integral; i++)
        integral = m->x[i] == floor(m->x[i]) && m->y[i] == floor(m->y[i]) &&
                   fabs(m->x[i]) <= RD_INT_COORD_MAX && fabs(m->y[i]) <= RD_INT_COORD_MAX;
    return (rd_matrix){
        .n = m->n_locs, .x = m->x, .y = m->y, .round = m->round, .integral = integral};
}

void rd_model_travel_euclid(rd_model *m) {
    const rd_matrix e = rd_model_euclid(m);
    rd_matrix *all[3] = {m->durations, m->distances, m->costs};
    for (int k = 0; k < 3; k++)
        for (int p = 0; p < m->n_profiles; p++) {
            rd_matrix *a = &all[k][p];
            if (!a->borrowed) free(a->v);
            if (a->owns_cache) len_cache_free(a->cache);
            *a = e;
        }
}

rd_status rd_model_travel_lengths(rd_model *m, rd_lengths *len, const rd_len_profile *prof) {
    if (m->lengths && m->lengths->ctx_free) m->lengths->ctx_free(m->lengths->ctx);
    free(m->lengths);
    m->lengths = len;
    rd_matrix *all[3] = {m->durations, m->distances, m->costs};
    rd_status st = RD_OK;
    for (int p = 0; p < m->n_profiles; p++) {
        /* one cache per profile, owned by its distances */
        rd_len_cache *c = len_cache_new(m->n_locs);
        if (!c) st = RD_ERR_NOMEM;
        for (int k = 0; k < 3; k++) {
            rd_matrix *a = &all[k][p];
            if (!a->borrowed) free(a->v);
            if (a->owns_cache) len_cache_free(a->cache);
            *a = (rd_matrix){.n = m->n_locs,
                             .len = len,
                             .per_m = prof[p].per_m,
                             .cache = c,
                             .owns_cache = k == 1};
            a->a = k == 0 ? prof[p].dur_factor : k == 2 ? prof[p].dur_cost : 0;
            a->b = k == 1 ? 1 : k == 2 ? prof[p].dist_cost : 0;
        }
    }
    return st;
}

int64_t rd_matrix_max(const rd_matrix *a) {
    int64_t best = 0;
    if (a->v) {
        size_t nn = (size_t)a->n * (size_t)a->n;
        for (size_t i = 0; i < nn; i++)
            if (a->v[i] > best) best = a->v[i];
        return best;
    }
    if (a->n == 0) return 0;
    if (!a->x) { /* on lengths: d(i, j) <= d(i, 0) + d(0, j) */
        double far = 0;
        for (int i = 1; i < a->n; i++) {
            double d = a->len->length(a->len->ctx, 0, i);
            if (d > far) far = d;
        }
        return rd_matrix_len_value(a, 2 * far) + 1;
    }
    double x0 = a->x[0], x1 = a->x[0], y0 = a->y[0], y1 = a->y[0];
    for (int i = 1; i < a->n; i++) {
        x0 = fmin(x0, a->x[i]), x1 = fmax(x1, a->x[i]);
        y0 = fmin(y0, a->y[i]), y1 = fmax(y1, a->y[i]);
    }
    /* every distance is at most the diagonal; one unit of slack for the rounding */
    return rd_round_length(a->round, hypot(x1 - x0, y1 - y0)) + 1;
}

void rd_model_destroy(rd_model *m) {
    if (!m) return;
    free(m->x);
    free(m->y);
    matrix_free(m->durations, m->n_profiles);
    matrix_free(m->distances, m->n_profiles);
    matrix_free(m->costs, m->n_profiles);
    if (m->lengths && m->lengths->ctx_free) m->lengths->ctx_free(m->lengths->ctx);
    free(m->lengths);
    free(m->task_id);
    free(m->task_loc);
    free(m->task_owner);
    free(m->task_max_load);
    free(m->task_release);
    free(m->task_unroutable);
    free(m->veh_brk_first);
    free(m->veh_brk);
    free(m->veh_rel_first);
    free(m->veh_rel);
    free(m->veh_shift_cap);
    free(m->task_kind);
    free(m->task_pair);
    free(m->task_service);
    free(m->task_setup);
    free(m->task_pickup);
    free(m->task_delivery);
    free(m->task_prize);
    free(m->task_priority);
    free(m->task_tw_first);
    free(m->tw_start);
    free(m->tw_end);
    free(m->vehicles);
    free(m->veh_capacity);
    free(m->task_skill_first);
    free(m->task_skills);
    free(m->veh_skill_first);
    free(m->veh_skills);
    free(m->can_serve);
    free(m);
}

static int cmp_i64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Copies n lists (first[0..n], sk) into *ofirst / *osk, each sorted and deduplicated. */
static int copy_lists(int n, const int *first, const int64_t *sk, int **ofirst, int64_t **osk) {
    int total = first[n] - first[0];
    *ofirst = malloc(((size_t)n + 1) * sizeof **ofirst);
    *osk = malloc((size_t)(total > 0 ? total : 1) * sizeof **osk);
    if (!*ofirst || !*osk) return 0;
    int k = 0;
    for (int i = 0; i < n; i++) {
        (*ofirst)[i] = k;
        int a = k;
        for (int j = first[i]; j < first[i + 1]; j++) (*osk)[k++] = sk[j];
        qsort(*osk + a, (size_t)(k - a), sizeof **osk, cmp_i64);
        int o = a;
        for (int j = a; j < k; j++)
            if (j == a || (*osk)[j] != (*osk)[o - 1]) (*osk)[o++] = (*osk)[j];
        k = o;
    }
    (*ofirst)[n] = k;
    return 1;
}

rd_status rd_model_set_skills(rd_model *m, const int *task_first, const int64_t *task_sk,
                              const int *veh_first, const int64_t *veh_sk) {
    if (task_first[m->n_tasks] == task_first[0]) return RD_OK;
    const int n = m->n_tasks, nv = m->n_vehicles;
    if (!copy_lists(n, task_first, task_sk, &m->task_skill_first, &m->task_skills) ||
        !copy_lists(nv, veh_first, veh_sk, &m->veh_skill_first, &m->veh_skills) ||
        !(m->can_serve = malloc((size_t)nv * (size_t)(n > 0 ? n : 1))))
        return RD_ERR_NOMEM;
    for (int v = 0; v < nv; v++) {
        const int64_t *vs = m->veh_skills + m->veh_skill_first[v];
        size_t nvs = (size_t)(m->veh_skill_first[v + 1] - m->veh_skill_first[v]);
        for (int t = 0; t < n; t++) {
            int ok = 1;
            for (int j = m->task_skill_first[t]; ok && j < m->task_skill_first[t + 1]; j++)
                ok = bsearch(&m->task_skills[j], vs, nvs, sizeof *vs, cmp_i64) != NULL;
            m->can_serve[(size_t)v * (size_t)n + (size_t)t] = (unsigned char)ok;
        }
    }
    return RD_OK;
}

rd_status rd_model_index_breaks(rd_model *m) {
    int nb = 0;
    for (int t = 0; t < m->n_tasks; t++) nb += m->task_kind[t] == RD_TASK_BREAK;
    free(m->veh_brk);
    m->veh_brk = malloc((size_t)(nb > 0 ? nb : 1) * sizeof *m->veh_brk);
    if (!m->veh_brk) return RD_ERR_NOMEM;
    m->n_breaks = nb;
    int k = 0;
    for (int v = 0; v < m->n_vehicles; v++) {
        m->veh_brk_first[v] = k;
        int a = k;
        for (int t = 0; t < m->n_tasks; t++)
            if (m->task_kind[t] == RD_TASK_BREAK && m->task_owner[t] == v) {
                /* insertion by first window start */
                int i = k++;
                while (i > a && m->tw_start[m->task_tw_first[m->veh_brk[i - 1]]] >
                                    m->tw_start[m->task_tw_first[t]]) {
                    m->veh_brk[i] = m->veh_brk[i - 1];
                    i--;
                }
                m->veh_brk[i] = t;
            }
    }
    m->veh_brk_first[m->n_vehicles] = k;
    int nr = 0;
    for (int t = 0; t < m->n_tasks; t++) nr += m->task_kind[t] == RD_TASK_RELOAD;
    free(m->veh_rel);
    m->veh_rel = malloc((size_t)(nr > 0 ? nr : 1) * sizeof *m->veh_rel);
    if (!m->veh_rel) return RD_ERR_NOMEM;
    m->n_reloads = nr;
    k = 0;
    for (int v = 0; v < m->n_vehicles; v++) {
        m->veh_rel_first[v] = k;
        for (int t = 0; t < m->n_tasks; t++)
            if (m->task_kind[t] == RD_TASK_RELOAD && m->task_owner[t] == v) m->veh_rel[k++] = t;
    }
    m->veh_rel_first[m->n_vehicles] = k;
    return RD_OK;
}

rd_status rd_model_validate(const rd_model *m, rd_error *err) {
    if (!m) return rd_err(err, RD_ERR_INTERNAL, "no model");
    if (m->n_vehicles < 1) return rd_err(err, RD_ERR_INPUT, "no vehicle");
    if (m->n_dims < 1 || m->n_dims > RD_MAX_DIMS)
        return rd_err(err, RD_ERR_INPUT, "%d capacity dimensions (1..%d supported)", m->n_dims,
                      RD_MAX_DIMS);
    if (m->n_profiles < 1 || !m->durations || !m->distances || !m->costs)
        return rd_err(err, RD_ERR_INTERNAL, "model has no travel matrices");
    if (m->scale < 1) return rd_err(err, RD_ERR_INTERNAL, "model scale %" PRId64, m->scale);
    for (int t = 0; t < m->n_tasks; t++) {
        int64_t id = m->task_id[t];
        if (m->task_kind[t] == RD_TASK_BREAK) {
            int v = m->task_owner[t];
            if (m->task_loc[t] != -1 || v < 0 || v >= m->n_vehicles || m->vehicles[v].count != 1 ||
                m->task_pair[t] != -1)
                return rd_err(err, RD_ERR_INTERNAL,
                              "break %" PRId64 ": needs location -1 and one vehicle of count 1",
                              id);
            int in = 0;
            for (int k = m->veh_brk_first[v]; k < m->veh_brk_first[v + 1]; k++)
                in |= m->veh_brk[k] == t;
            if (!in) return rd_err(err, RD_ERR_INTERNAL, "break %" PRId64 ": not indexed", id);
        } else if (m->task_kind[t] == RD_TASK_RELOAD) {
            int v = m->task_owner[t];
            if (v < 0 || v >= m->n_vehicles || m->vehicles[v].count != 1 || m->task_pair[t] != -1)
                return rd_err(err, RD_ERR_INTERNAL,
                              "reload at %" PRId64 ": needs one vehicle of count 1", id);
            for (int d = 0; d < m->n_dims; d++)
                if (rd_model_pickup(m, t)[d] != 0 || rd_model_delivery(m, t)[d] != 0)
                    return rd_err(err, RD_ERR_INTERNAL, "reload at %" PRId64 ": has an amount", id);
        } else if (m->task_owner[t] != -1) {
            return rd_err(err, RD_ERR_INTERNAL, "task %" PRId64 ": owner on a non-break", id);
        }
        if (m->task_kind[t] != RD_TASK_BREAK && (m->task_loc[t] < 0 || m->task_loc[t] >= m->n_locs))
            return rd_err(err, RD_ERR_INPUT, "task %" PRId64 ": location %d out of range 0..%d", id,
                          m->task_loc[t], m->n_locs - 1);
        if (m->task_service[t] < 0 || m->task_setup[t] < 0)
            return rd_err(err, RD_ERR_INPUT, "task %" PRId64 ": negative service or setup time",
                          id);
        if (m->task_priority[t] < 0 || m->task_priority[t] > 100)
            return rd_err(err, RD_ERR_INPUT, "task %" PRId64 ": priority %d outside 0..100", id,
                          m->task_priority[t]);
        for (int d = 0; d < m->n_dims; d++)
            if (rd_model_pickup(m, t)[d] < 0 || rd_model_delivery(m, t)[d] < 0)
                return rd_err(err, RD_ERR_INPUT, "task %" PRId64 ": negative amount", id);
        int k = m->task_kind[t], p = m->task_pair[t];
        if (k == RD_TASK_JOB || k == RD_TASK_BREAK || k == RD_TASK_RELOAD
                ? p != -1
                : (p < 0 || p >= m->n_tasks || m->task_pair[p] != t || m->task_kind[p] == k ||
                   m->task_kind[p] == RD_TASK_JOB))
            return rd_err(err, RD_ERR_INTERNAL, "task %" PRId64 ": inconsistent shipment pair", id);
        for (int d = 0; k == RD_TASK_BREAK && d < m->n_dims; d++)
            if (rd_model_pickup(m, t)[d] != 0 || rd_model_delivery(m, t)[d] != 0)
                return rd_err(err, RD_ERR_INTERNAL, "break %" PRId64 ": has an amount", id);
        /* a shipment's amount is the pickup half's pickup and the delivery half's delivery */
        for (int d = 0; (k == RD_TASK_PICKUP || k == RD_TASK_DELIVERY) && d < m->n_dims; d++)
            if ((k == RD_TASK_PICKUP ? rd_model_delivery(m, t)[d] : rd_model_pickup(m, t)[d]) !=
                    0 ||
                (k == RD_TASK_PICKUP && rd_model_pickup(m, t)[d] != rd_model_delivery(m, p)[d]))
                return rd_err(err, RD_ERR_INTERNAL,
                              "task %" PRId64 ": inconsistent shipment amount", id);
        int a = m->task_tw_first[t], b = m->task_tw_first[t + 1];
        if (a < 0 || b > m->n_tw || b <= a)
            return rd_err(err, RD_ERR_INTERNAL, "task %" PRId64 ": no time window", id);
        for (int w = a; w < b; w++) {
            if (m->tw_end[w] < m->tw_start[w])
                return rd_err(err, RD_ERR_INPUT,
                              "task %" PRId64 ": time window [%" PRId64 ", %" PRId64
                              "] ends before it starts",
                              id, m->tw_start[w], m->tw_end[w]);
            if (w > a && m->tw_start[w] <= m->tw_end[w - 1])
                return rd_err(err, RD_ERR_INPUT,
                              "task %" PRId64 ": time windows overlap or are not sorted", id);
        }
    }
    for (int v = 0; v < m->n_vehicles; v++) {
        const rd_vehicle *veh = &m->vehicles[v];
        if (veh->count < 1)
            return rd_err(err, RD_ERR_INTERNAL, "vehicle %" PRId64 ": count %d", veh->id,
                          veh->count);
        if (veh->start_loc < -1 || veh->start_loc >= m->n_locs || veh->end_loc < -1 ||
            veh->end_loc >= m->n_locs)
            return rd_err(err, RD_ERR_INPUT, "vehicle %" PRId64 ": location out of range", veh->id);
        if (veh->tw_end < veh->tw_start)
            return rd_err(err, RD_ERR_INPUT,
                          "vehicle %" PRId64 ": time window [%" PRId64 ", %" PRId64
                          "] ends before it starts",
                          veh->id, veh->tw_start, veh->tw_end);
        if (veh->profile < 0 || veh->profile >= m->n_profiles)
            return rd_err(err, RD_ERR_INTERNAL, "vehicle %" PRId64 ": profile out of range",
                          veh->id);
        for (int d = 0; d < m->n_dims; d++)
            if (rd_model_capacity(m, v)[d] < 0)
                return rd_err(err, RD_ERR_INPUT, "vehicle %" PRId64 ": negative capacity", veh->id);
    }
    return RD_OK;
}

int64_t rd_model_total_prize(const rd_model *m) {
    int64_t total = 0;
    for (int t = 0; t < m->n_tasks; t++)
        if (m->task_prize[t] > 0) total += m->task_prize[t];
    return total;
}

int64_t rd_model_fleet_size(const rd_model *m) {
    int64_t total = 0;
    for (int v = 0; v < m->n_vehicles; v++) total += m->vehicles[v].count;
    return total;
}

void rd_model_format_cost(const rd_model *m, int64_t value, char *buf, size_t size) {
    switch (m->round) {
    case RD_ROUND_TRUNC1: {
        const char *sign = value < 0 ? "-" : "";
        int64_t a = value < 0 ? -value : value;
        snprintf(buf, size, "%s%" PRId64 ".%" PRId64, sign, a / 10, a % 10);
        break;
    }
    case RD_ROUND_EXACT: snprintf(buf, size, "%.4f", (double)value / (double)m->scale); break;
    default: snprintf(buf, size, "%" PRId64, value); break;
    }
}

const char *rd_round_name(rd_round r) {
    switch (r) {
    case RD_ROUND_NINT: return "nint";
    case RD_ROUND_TRUNC1: return "trunc1";
    case RD_ROUND_EXACT: return "exact";
    case RD_ROUND_NONE: return "none";
    }
    return "none";
}
