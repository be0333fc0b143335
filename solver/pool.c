#include "solver/pool.h"

#include <stdlib.h>
#include <string.h>

struct rd_pool {
    const rd_model *m;
    int capacity;       /* most routes held */
    int n;              /* routes held */
    rd_pool_route *r;   /* [capacity] */
    int *slot;          /* [nslots] hash table of route indices, -1 empty */
    int nslots;         /* power of two >= 2 * capacity */
    uint64_t *task_key; /* [n_tasks] random 64-bit key per task */
    int64_t counter;    /* insertion counter */
    int64_t offered, accepted;
    int *scratch;  /* [n_tasks] sorted copy of a task list */
    int *scratch2; /* [n_tasks] */
};

static uint64_t mix(uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

rd_pool *rd_pool_create(const rd_model *m, int capacity) {
    if (capacity < 1) return NULL;
    rd_pool *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->m = m;
    p->capacity = capacity;
    p->nslots = 16;
    while (p->nslots < 2 * capacity) p->nslots *= 2;
    size_t nt = (size_t)(m->n_tasks > 0 ? m->n_tasks : 1);
    p->r = calloc((size_t)capacity, sizeof *p->r);
    p->slot = malloc((size_t)p->nslots * sizeof *p->slot);
    p->task_key = malloc(nt * sizeof *p->task_key);
    p->scratch = malloc(nt * sizeof *p->scratch);
    p->scratch2 = malloc(nt * sizeof *p->scratch2);
    if (!p->r || !p->slot || !p->task_key || !p->scratch || !p->scratch2) {
        rd_pool_destroy(p);
        return NULL;
    }
    for (int i = 0; i < p->nslots; i++) p->slot[i] = -1;
    for (int t = 0; t < m->n_tasks; t++) p->task_key[t] = mix((uint64_t)t * 0x2545F4914F6CDD1Dull);
    return p;
}

void rd_pool_destroy(rd_pool *p) {
    if (!p) return;
    if (p->r)
        for (int i = 0; i < p->n; i++) free(p->r[i].tasks);
    free(p->r);
    free(p->slot);
    free(p->task_key);
    free(p->scratch);
    free(p->scratch2);
    free(p);
}

static int cmp_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* True when route q has vehicle v and the same task set as sorted[0..len). */
static int same_set(rd_pool *p, const rd_pool_route *q, int v, const int *sorted, int len) {
    if (q->vehicle != v || q->len != len) return 0;
    memcpy(p->scratch2, q->tasks, (size_t)len * sizeof *q->tasks);
    qsort(p->scratch2, (size_t)len, sizeof *p->scratch2, cmp_int);
    return memcmp(p->scratch2, sorted, (size_t)len * sizeof *sorted) == 0;
}

static void rebuild_table(rd_pool *p) {
    for (int i = 0; i < p->nslots; i++) p->slot[i] = -1;
    for (int i = 0; i < p->n; i++) {
        size_t h = (size_t)(p->r[i].key & (uint64_t)(p->nslots - 1));
        while (p->slot[h] >= 0) h = (h + 1) & (size_t)(p->nslots - 1);
        p->slot[h] = i;
    }
}

static int cmp_added(const void *a, const void *b) {
    int64_t x = ((const rd_pool_route *)a)->added, y = ((const rd_pool_route *)b)->added;
    return (x > y) - (x < y);
}

/* Evicts the oldest tenth (at least one route) and rebuilds the table. */
static void evict(rd_pool *p) {
    qsort(p->r, (size_t)p->n, sizeof *p->r, cmp_added);
    int drop = p->n / 10 > 0 ? p->n / 10 : 1;
    for (int i = 0; i < drop; i++) free(p->r[i].tasks);
    memmove(p->r, p->r + drop, (size_t)(p->n - drop) * sizeof *p->r);
    p->n -= drop;
    rebuild_table(p);
}

/* Sorts tasks into p->scratch, computes the key and probes the table: returns
 * the route index of the same set, or -1 with *hole = the free slot. */
static int lookup(rd_pool *p, int vehicle, const int *tasks, int len, uint64_t *key, size_t *hole) {
    memcpy(p->scratch, tasks, (size_t)len * sizeof *tasks);
    qsort(p->scratch, (size_t)len, sizeof *p->scratch, cmp_int);
    uint64_t k = mix((uint64_t)vehicle + 0x51ED27ull);
    for (int i = 0; i < len; i++) k += p->task_key[p->scratch[i]];
    *key = k;
    size_t mask = (size_t)(p->nslots - 1), h = (size_t)(k & (uint64_t)mask);
    for (; p->slot[h] >= 0; h = (h + 1) & mask) {
        const rd_pool_route *q = &p->r[p->slot[h]];
        if (q->key == k && same_set(p, q, vehicle, p->scratch, len)) return p->slot[h];
    }
    *hole = h;
    return -1;
}

/* True when the route names only tasks and a vehicle type of the model. */
static int valid(const rd_pool *p, int vehicle, const int *tasks, int len) {
    if (vehicle < 0 || vehicle >= p->m->n_vehicles || len > p->m->n_tasks) return 0;
    for (int i = 0; i < len; i++)
        if (tasks[i] < 0 || tasks[i] >= p->m->n_tasks) return 0;
    return 1;
}

int rd_pool_find(rd_pool *p, int vehicle, const int *tasks, int len) {
    uint64_t key;
    size_t hole;
    if (len <= 0 || !valid(p, vehicle, tasks, len)) return -1;
    return lookup(p, vehicle, tasks, len, &key, &hole);
}

int rd_pool_add(rd_pool *p, int vehicle, const int *tasks, int len, int64_t cost) {
    p->offered++;
    if (len <= 0) return 0;
    if (!valid(p, vehicle, tasks, len)) return -2;
    uint64_t key;
    size_t h, mask = (size_t)(p->nslots - 1);
    int found = lookup(p, vehicle, tasks, len, &key, &h);
    if (found >= 0) {
        rd_pool_route *q = &p->r[found];
        if (cost >= q->cost) {
            q->added = p->counter++; /* offered again: recent (the incumbent's routes stay) */
            return 0;
        }
        memcpy(q->tasks, tasks, (size_t)len * sizeof *tasks); /* same length: same set */
        q->cost = cost;
        q->added = p->counter++;
        p->accepted++;
        return 1;
    }
    int *copy = malloc((size_t)len * sizeof *copy);
    if (!copy) return -1;
    memcpy(copy, tasks, (size_t)len * sizeof *tasks);
    if (p->n == p->capacity) {
        evict(p);
        h = (size_t)(key & (uint64_t)mask);
        while (p->slot[h] >= 0) h = (h + 1) & mask;
    }
    rd_pool_route *q = &p->r[p->n];
    q->vehicle = vehicle;
    q->len = len;
    q->tasks = copy;
    q->cost = cost;
    q->key = key;
    q->added = p->counter++;
    p->slot[h] = p->n++;
    p->accepted++;
    return 1;
}

int rd_pool_size(const rd_pool *p) {
    return p->n;
}
const rd_pool_route *rd_pool_get(const rd_pool *p, int i) {
    return &p->r[i];
}
int64_t rd_pool_offered(const rd_pool *p) {
    return p->offered;
}
int64_t rd_pool_accepted(const rd_pool *p) {
    return p->accepted;
}
