/* price: see solver/price.h. */
#include "solver/price.h"

#include "heuristics/route.h"
#include "solver/compl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_ARCS       10
#define DEFAULT_KEEP       16
#define DEFAULT_MAX_LABELS 2000000

enum { FWD = 0, BWD = 1 };

#define SR_WORDS (RD_PRICE_MAX_CUTS / 64)

/* A label's memory is kept as a bit mask over its node's neighbourhood when
 * the neighbourhood has at most this many members (else the mask is 0, which
 * passes every subset test). */
#define NB_LIST 64

typedef struct label {
    int node;     /* pricer node (task); -1 for the start (forward) or the end (backward) */
    int parent;   /* the label it extends (forward: its predecessor's, backward: its
                     successor's), -1 for a root */
    int ntasks;   /* visits so far */
    short dead;   /* dominated after it was made */
    short dir;    /* FWD or BWD */
    double cost;  /* reduced cost so far (forward: fixed cost, legs, minus the duals;
                     backward: the legs to the end minus the duals) */
    int64_t time; /* forward: earliest departure from its task; backward: latest
                     begin of service at its task (at the end: the shift end) */
    int64_t real; /* cost so far in model units (fixed + legs) */
    uint64_t sr[SR_WORDS]; /* subset-row cuts visited an odd number of times (bit c: cut c) */
} label;

/* The live labels at one node, cheapest first, with copies of what rules
 * most dominance checks out (cost, time, memory) side by side for a fast
 * scan. */
typedef struct bucket {
    int n, cap;
    int *idx;       /* label indices */
    double *cost;   /* their reduced costs, ascending */
    int64_t *time;  /* their times, smaller better (backward: negated); untimed: the sum
                       of their loads */
    uint64_t *mask; /* their ng-memories as subsets of the node's neighbourhood
                       (bit a: its a-th member; see rd_pricer.nb_list) */
} bucket;

struct rd_pricer {
    const rd_model *m;
    int v;          /* vehicle type */
    int n;          /* nodes: the tasks the type may serve */
    int *task;      /* [n] the node's task */
    int *loc;       /* [n] its location */
    int64_t *head;  /* [n] no route reaches the node sooner than shift start + head */
    int64_t *tail;  /* [n] nor gets from it to the end in less than tail (travel only) */
    int words;      /* 64-bit words of a node set */
    int ng;         /* the neighbourhoods' size */
    int timed;      /* time constrains the routes (windows, a shift end): labels compare
                       their times; else time is left out of dominance */
    int counted;    /* max_tasks binds: labels compare their task counts */
    uint64_t *nbhd; /* [n * words] each node's ng-neighbourhood */
    int *nb_list;   /* [n * NB_LIST] its members (a memory at the node is a subset),
                       the first NB_LIST of them; nb_cnt[j] of them */
    int *nb_cnt;
    int *succ;   /* [n * n] a call's successors, cheapest reduced arc first */
    double *arc; /* [n] scratch: reduced arc costs from one node */
    /* bidirectional exact pricing (Righini, Salani 2006): forward labels are
     * extended while their critical resource is at most `half`, backward
     * labels while theirs is beyond it, and the two meet on an arc. crit: 0
     * none (forward only), 1 time, 2 load at index crit_at of the loads. */
    int crit, crit_at;
    int64_t half, lo, hi; /* the half-way point, kept within [lo, hi], moved to balance */
    /* the labels of a call */
    label *lab;
    int64_t *load; /* [cap * 2 * dims]: deliveries then pickups */
    uint64_t *mem; /* [cap * words]: the ng-memory */
    int64_t n_lab, cap;
    bucket *at;       /* [2 n] labels at each node: forward ones, then backward ones */
    rd_compl *cbound; /* the completion bounds (NULL: none) */
    /* the labels waiting to be extended, least key first (a binary heap) */
    int64_t *heap, *hkey;
    int64_t n_heap, cap_heap;
    /* the routes returned */
    rd_priced *out;
    int *out_visits;
    int out_cap, visits_cap;
    int *best, *best_b; /* [max_routes] best routes: forward label, backward label */
    double *best_rc;
    /* the call's subset-row cuts: the cuts each node's task is in, the cost of
     * a second visit (-dual, >= 0) */
    uint64_t *cutmask; /* [n * SR_WORDS] */
    double cut_pen[RD_PRICE_MAX_CUTS];
};

/* The cost of the second visits: the sum of cut_pen over the cuts in a and
 * in b (b's complement when `not_b`). */
static double sr_pen(const rd_pricer *p, const uint64_t *a, const uint64_t *b, int not_b) {
    double pen = 0;
    for (int w = 0; w < SR_WORDS; w++) {
        uint64_t odd = a[w] & (not_b ? ~b[w] : b[w]);
        for (int c = 64 * w; odd; c++, odd >>= 1)
            if (odd & 1) pen += p->cut_pen[c];
    }
    return pen;
}

const char *rd_price_unsupported(const rd_model *m) {
    for (int t = 0; t < m->n_tasks; t++) {
        switch (m->task_kind[t]) {
        case RD_TASK_PICKUP:
        case RD_TASK_DELIVERY: return "shipments";
        case RD_TASK_BREAK: return "breaks";
        case RD_TASK_RELOAD: return "reloads (multi-trip)";
        default: break;
        }
        if (m->task_prize[t] >= 0) return "optional tasks (prizes)";
        if (m->task_release && m->task_release[t] > 0) return "release times";
        if (m->task_unroutable && m->task_unroutable[t]) return "unreachable tasks";
    }
    for (int v = 0; v < m->n_vehicles; v++) {
        if (m->vehicles[v].max_travel_time < RD_INF) return "max_travel_time";
        if (m->vehicles[v].max_distance < RD_INF) return "max_distance";
    }
    if (m->veh_shift_cap) return "shift capacities";
    return NULL;
}

static int64_t leg(const rd_matrix *mx, int a, int b) {
    return a >= 0 && b >= 0 ? rd_matrix_at(mx, a, b) : 0;
}

/* Puts the k entries of order[0..n) of least key first, cheapest first
 * (partial selection sort: O(n k)). */
static void cheapest_first(int *order, const double *key, int n, int k) {
    for (int a = 0; a < k && a < n; a++) {
        int b = a;
        for (int j = a + 1; j < n; j++)
            if (key[order[j]] < key[order[b]]) b = j;
        int s = order[a];
        order[a] = order[b];
        order[b] = s;
    }
}

/* The ng-neighbourhoods: each node's `ng` nearest nodes by travel cost. */
static void neighbourhoods(rd_pricer *p, int ng) {
    p->ng = ng;
    memset(p->nbhd, 0, (size_t)(p->n + 1) * (size_t)p->words * sizeof *p->nbhd);
    const rd_matrix *c = &p->m->costs[p->m->vehicles[p->v].profile];
    int *order = p->succ; /* (scratch) */
    for (int i = 0; i < p->n; i++) {
        for (int j = 0; j < p->n; j++) {
            order[j] = j;
            p->arc[j] = (double)leg(c, p->loc[j], p->loc[i]) + (double)leg(c, p->loc[i], p->loc[j]);
        }
        int k = ng < p->n ? ng : p->n;
        cheapest_first(order, p->arc, p->n, k);
        uint64_t *set = p->nbhd + (size_t)i * (size_t)p->words;
        set[i / 64] |= UINT64_C(1) << (i % 64);
        for (int a = 0; a < k; a++) set[order[a] / 64] |= UINT64_C(1) << (order[a] % 64);
        int *list = p->nb_list + (size_t)i * NB_LIST, cnt = 0;
        for (int j = 0; j < p->n && cnt <= NB_LIST; j++)
            if ((set[j / 64] >> (j % 64)) & 1) {
                if (cnt < NB_LIST) list[cnt] = j;
                cnt++;
            }
        p->nb_cnt[i] = cnt; /* (> NB_LIST: no masks at this node) */
    }
}

/* Lower bounds on travel durations: head[i] from the start to node i and
 * tail[i] from node i to the end, over any path through the nodes
 * (Bellman-Ford: a matrix need not keep the triangle inequality). When it
 * does not settle, 0 (no pruning). */
#define SP_PASSES 50

static void shortest(rd_pricer *p, int64_t *d, int to_end) {
    const rd_vehicle *veh = &p->m->vehicles[p->v];
    const rd_matrix *du = &p->m->durations[veh->profile];
    for (int i = 0; i < p->n; i++)
        d[i] = to_end ? leg(du, p->loc[i], veh->end_loc) : leg(du, veh->start_loc, p->loc[i]);
    for (int pass = 0; pass < SP_PASSES; pass++) {
        int changed = 0;
        for (int i = 0; i < p->n; i++)
            for (int k = 0; k < p->n; k++) {
                int64_t via = to_end ? leg(du, p->loc[i], p->loc[k]) + d[k]
                                     : d[k] + leg(du, p->loc[k], p->loc[i]);
                if (via < d[i]) d[i] = via, changed = 1;
            }
        if (!changed) return;
    }
    memset(d, 0, (size_t)p->n * sizeof *d);
}

/* The bidirectional pricing's critical resource: time when it binds (and no
 * setup makes a task's time depend on its predecessor), else the load of
 * the one direction the capacity counts first. */
static void crit_setup(rd_pricer *p) {
    const rd_model *m = p->m;
    const rd_vehicle *veh = &m->vehicles[p->v];
    /* the horizon: the shift end, else the latest window end of any task */
    int64_t hi = veh->tw_end < RD_INF / 2 ? veh->tw_end : 0, del = 0, pick = 0;
    for (int i = 0; i < p->n; i++) {
        int t = p->task[i];
        if (m->task_setup[t] > 0) return;
        int64_t last = m->tw_end[m->task_tw_first[t + 1] - 1];
        if (veh->tw_end >= RD_INF / 2 && last > hi) hi = last;
        del += rd_model_delivery(m, t)[0];
        pick += rd_model_pickup(m, t)[0];
    }
    int64_t cap = m->n_dims > 0 ? rd_model_capacity(m, p->v)[0] : RD_INF;
    if (p->timed && hi < RD_INF / 2 && hi > veh->tw_start) {
        p->crit = 1, p->lo = veh->tw_start, p->hi = hi;
    } else if (cap > 0 && cap < RD_INF / 2 && (del > 0 || pick > 0)) {
        p->crit = 2, p->crit_at = del > 0 ? 0 : m->n_dims, p->lo = 0, p->hi = cap;
    }
    p->half = p->lo + (p->hi - p->lo) / 2;
}

rd_pricer *rd_pricer_create(const rd_model *m, int v, int ng) {
    rd_pricer *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->m = m;
    p->v = v;
    p->task = malloc((size_t)(m->n_tasks + 1) * sizeof *p->task);
    p->loc = malloc((size_t)(m->n_tasks + 1) * sizeof *p->loc);
    if (!p->task || !p->loc) goto fail;
    for (int t = 0; t < m->n_tasks; t++)
        if (m->task_kind[t] == RD_TASK_JOB &&
            (!m->can_serve || m->can_serve[(size_t)v * m->n_tasks + t]))
            p->task[p->n] = t, p->loc[p->n++] = m->task_loc[t];
    p->words = (p->n + 63) / 64 + 1;
    size_t n = (size_t)(p->n + 1);
    p->nbhd = calloc(n * (size_t)p->words, sizeof *p->nbhd);
    p->nb_list = malloc(n * NB_LIST * sizeof *p->nb_list);
    p->nb_cnt = malloc(n * sizeof *p->nb_cnt);
    p->succ = malloc(n * n * sizeof *p->succ);
    p->arc = malloc(n * sizeof *p->arc);
    p->head = malloc(n * sizeof *p->head);
    p->tail = malloc(n * sizeof *p->tail);
    p->at = calloc(2 * n, sizeof *p->at);
    p->cutmask = calloc(n * SR_WORDS, sizeof *p->cutmask);
    if (!p->nbhd || !p->nb_list || !p->nb_cnt || !p->succ || !p->arc || !p->head || !p->tail ||
        !p->at || !p->cutmask)
        goto fail;
    neighbourhoods(p, ng > 0 ? ng : 1);
    shortest(p, p->head, 0);
    shortest(p, p->tail, 1);
    const rd_vehicle *veh = &m->vehicles[v];
    p->timed = m->has_tw || veh->tw_end < RD_INF / 2;
    p->counted = veh->max_tasks < RD_INF / 2;
    for (int i = 0; i < p->n && !p->timed; i++) /* (windows the horizon does not hold) */
        for (int w = m->task_tw_first[p->task[i]]; w < m->task_tw_first[p->task[i] + 1]; w++)
            p->timed |= m->tw_start[w] > veh->tw_start || m->tw_end[w] < RD_INF / 2;
    crit_setup(p);
    rd_compl_nodes cn = {.n = p->n,
                         .task = p->task,
                         .loc = p->loc,
                         .nbhd = p->nbhd,
                         .words = p->words,
                         .tail = p->tail,
                         .head = p->head,
                         .timed = p->timed};
    p->cbound = rd_compl_create(m, v, &cn); /* (NULL: none, or no memory for it) */
    return p;
fail:
    rd_pricer_destroy(p);
    return NULL;
}

void rd_pricer_set_ng(rd_pricer *p, int ng) {
    if (ng != p->ng) neighbourhoods(p, ng > 0 ? ng : 1);
}

int rd_pricer_ng(const rd_pricer *p) {
    return p->ng;
}

void rd_pricer_destroy(rd_pricer *p) {
    if (!p) return;
    for (int i = 0; p->at && i < 2 * p->n; i++) {
        free(p->at[i].idx);
        free(p->at[i].cost);
        free(p->at[i].time);
        free(p->at[i].mask);
    }
    free(p->at);
    free(p->task);
    free(p->loc);
    free(p->head);
    free(p->tail);
    free(p->nbhd);
    free(p->nb_list);
    free(p->nb_cnt);
    free(p->succ);
    free(p->arc);
    free(p->cutmask);
    free(p->lab);
    free(p->load);
    free(p->mem);
    free(p->out);
    free(p->out_visits);
    free(p->best);
    free(p->best_b);
    free(p->best_rc);
    free(p->heap);
    free(p->hkey);
    rd_compl_destroy(p->cbound);
    free(p);
}

/* A new label slot (its index), or -1 out of memory. */
static int64_t new_label(rd_pricer *p) {
    const int nd = p->m->n_dims;
    if (p->n_lab == p->cap) {
        int64_t cap = p->cap ? 2 * p->cap : 4096;
        label *l = realloc(p->lab, (size_t)cap * sizeof *l);
        if (l) p->lab = l;
        int64_t *ld = realloc(p->load, (size_t)cap * 2 * (size_t)nd * sizeof *ld);
        if (ld) p->load = ld;
        uint64_t *mm = realloc(p->mem, (size_t)cap * (size_t)p->words * sizeof *mm);
        if (mm) p->mem = mm;
        if (!l || !ld || !mm) return -1;
        p->cap = cap;
    }
    return p->n_lab++;
}

static int64_t *load_of(rd_pricer *p, int64_t i) {
    return p->load + (size_t)i * 2 * (size_t)p->m->n_dims;
}
static uint64_t *mem_of(rd_pricer *p, int64_t i) {
    return p->mem + (size_t)i * (size_t)p->words;
}

/* The order labels are extended in: by time when time binds (forward the
 * earliest, backward the latest first), else by load; so a label is extended
 * once the labels that could dominate it are made (fewer labels extended
 * only to be dominated later). */
static int64_t key_of(rd_pricer *p, int64_t i) {
    if (p->timed) return p->lab[i].dir == FWD ? p->lab[i].time : -p->lab[i].time;
    int64_t k = 0;
    const int64_t *ld = load_of(p, i);
    for (int d = 0; d < 2 * p->m->n_dims; d++) k += ld[d];
    return k;
}

static int heap_push(rd_pricer *p, int64_t i) {
    if (p->n_heap == p->cap_heap) {
        int64_t cap = p->cap_heap ? 2 * p->cap_heap : 4096;
        int64_t *h = realloc(p->heap, (size_t)cap * sizeof *h);
        if (h) p->heap = h;
        int64_t *k = realloc(p->hkey, (size_t)cap * sizeof *k);
        if (k) p->hkey = k;
        if (!h || !k) return -1;
        p->cap_heap = cap;
    }
    int64_t key = key_of(p, i), c = p->n_heap++;
    while (c > 0 && p->hkey[(c - 1) / 2] > key) {
        p->heap[c] = p->heap[(c - 1) / 2];
        p->hkey[c] = p->hkey[(c - 1) / 2];
        c = (c - 1) / 2;
    }
    p->heap[c] = i;
    p->hkey[c] = key;
    return 0;
}

static int64_t heap_pop(rd_pricer *p) {
    int64_t top = p->heap[0], last = p->heap[--p->n_heap], lk = p->hkey[p->n_heap], c = 0;
    for (;;) {
        int64_t a = 2 * c + 1;
        if (a >= p->n_heap) break;
        if (a + 1 < p->n_heap && p->hkey[a + 1] < p->hkey[a]) a++;
        if (p->hkey[a] >= lk) break;
        p->heap[c] = p->heap[a];
        p->hkey[c] = p->hkey[a];
        c = a;
    }
    if (p->n_heap > 0) {
        p->heap[c] = last;
        p->hkey[c] = lk;
    }
    return top;
}

/* Whether label a dominates label b (same node, same direction) in what
 * the bucket's copies leave out: tasks, loads, memory. */
static int dominates(rd_pricer *p, int64_t a, int64_t b) {
    if (p->counted && p->lab[a].ntasks > p->lab[b].ntasks) return 0;
    /* a may pay for second visits b does not */
    if (p->lab[a].cost + sr_pen(p, p->lab[a].sr, p->lab[b].sr, 1) > p->lab[b].cost + 1e-9) return 0;
    const int64_t *x = load_of(p, a), *y = load_of(p, b);
    for (int d = 0; d < 2 * p->m->n_dims; d++)
        if (x[d] > y[d]) return 0;
    const uint64_t *ma = mem_of(p, a), *mb = mem_of(p, b);
    for (int w = 0; w < p->words; w++)
        if (ma[w] & ~mb[w]) return 0;
    return 1;
}

static int bucket_grow(bucket *bk) {
    int cap = bk->cap ? 2 * bk->cap : 8;
    int *i = realloc(bk->idx, (size_t)cap * sizeof *i);
    if (i) bk->idx = i;
    double *c = realloc(bk->cost, (size_t)cap * sizeof *c);
    if (c) bk->cost = c;
    int64_t *t = realloc(bk->time, (size_t)cap * sizeof *t);
    if (t) bk->time = t;
    uint64_t *mk = realloc(bk->mask, (size_t)cap * sizeof *mk);
    if (mk) bk->mask = mk;
    if (!i || !c || !t || !mk) return -1;
    bk->cap = cap;
    return 0;
}

/* Label i's memory as a mask over its node's neighbourhood (NB_LIST). */
static uint64_t mask_of(rd_pricer *p, int64_t i) {
    int j = p->lab[i].node;
    if (p->nb_cnt[j] > NB_LIST) return 0;
    const uint64_t *mem = mem_of(p, i);
    const int *list = p->nb_list + (size_t)j * NB_LIST;
    uint64_t mk = 0;
    for (int a = 0; a < p->nb_cnt[j]; a++)
        if ((mem[list[a] / 64] >> (list[a] % 64)) & 1) mk |= UINT64_C(1) << a;
    return mk;
}

/* Files label i at its node unless a label there dominates it (no more
 * cost, time no worse: forward an earlier departure, backward a later
 * latest begin, a memory that is a subset, and dominates()). The bucket
 * stays sorted by cost, so the labels that may dominate i are a prefix,
 * cheapest (most likely) first. The labels i dominates are found when they
 * are popped (popped_dominated): labels are made in key order, so a label
 * rarely dominates one made before it. Heuristic mode keeps at most `keep`
 * labels per node (the cheapest). Returns 1 when kept, 0 when not, -1 out
 * of memory. */
static int file_label(rd_pricer *p, int64_t i, const rd_price_opts *o) {
    const label *l = &p->lab[i];
    bucket *bk = &p->at[l->node + (l->dir == BWD ? p->n : 0)];
    const double c = l->cost;
    const int64_t t = key_of(p, i); /* (untimed: the loads' sum, no more when dominating) */
    const uint64_t mk = mask_of(p, i);
    int n = bk->n, at = 0;
    for (; at < n && bk->cost[at] <= c; at++)
        if (bk->time[at] <= t && !(bk->mask[at] & ~mk) && dominates(p, bk->idx[at], i)) return 0;
    if (!o->exact && n >= o->keep) { /* full: the dearest goes when i is cheaper */
        if (bk->cost[n - 1] <= c) return 0;
        p->lab[bk->idx[n - 1]].dead = 1;
        n = --bk->n;
    }
    if (n == bk->cap && bucket_grow(bk) != 0) return -1;
    int rest = n - at;
    memmove(bk->idx + at + 1, bk->idx + at, (size_t)rest * sizeof *bk->idx);
    memmove(bk->cost + at + 1, bk->cost + at, (size_t)rest * sizeof *bk->cost);
    memmove(bk->time + at + 1, bk->time + at, (size_t)rest * sizeof *bk->time);
    memmove(bk->mask + at + 1, bk->mask + at, (size_t)rest * sizeof *bk->mask);
    bk->idx[at] = (int)i, bk->cost[at] = c, bk->time[at] = t, bk->mask[at] = mk;
    bk->n = n + 1;
    return 1;
}

/* Whether a label no dearer than label i (popped, filed) at its node
 * dominates it; then i is dead and leaves the bucket. */
static int popped_dominated(rd_pricer *p, int64_t i) {
    const label *l = &p->lab[i];
    bucket *bk = &p->at[l->node + (l->dir == BWD ? p->n : 0)];
    const double c = l->cost;
    const int64_t t = key_of(p, i);
    const uint64_t mk = mask_of(p, i);
    int n = bk->n, k = 0, self = -1;
    for (; k < n && bk->cost[k] <= c; k++) {
        if (bk->idx[k] == i) {
            self = k;
            continue;
        }
        if (bk->time[k] <= t && !(bk->mask[k] & ~mk) && dominates(p, bk->idx[k], i)) break;
    }
    if (k == n || bk->cost[k] > c) return 0;
    while (self < 0 && ++k < n)
        if (bk->idx[k] == i) self = k;
    if (self >= 0) {
        int rest = n - self - 1;
        memmove(bk->idx + self, bk->idx + self + 1, (size_t)rest * sizeof *bk->idx);
        memmove(bk->cost + self, bk->cost + self + 1, (size_t)rest * sizeof *bk->cost);
        memmove(bk->time + self, bk->time + self + 1, (size_t)rest * sizeof *bk->time);
        memmove(bk->mask + self, bk->mask + self + 1, (size_t)rest * sizeof *bk->mask);
        bk->n = n - 1;
    }
    p->lab[i].dead = 1;
    return 1;
}

/* The `arcs` successors of node i a heuristic pricing tries in this call,
 * cheapest reduced arc first, at the head of p->succ + i * n. */
static void order_successors(rd_pricer *p, const double *pi, int i, int arcs) {
    const rd_matrix *c = &p->m->costs[p->m->vehicles[p->v].profile];
    int *s = p->succ + (size_t)i * (size_t)p->n;
    for (int j = 0; j < p->n; j++) {
        s[j] = j;
        p->arc[j] = (double)leg(c, p->loc[i], p->loc[j]) - pi[p->task[j]];
    }
    cheapest_first(s, p->arc, p->n, arcs);
}

/* One pricing call's state. */
typedef struct call {
    const double *pi;
    const rd_price_opts *o;
    const rd_deadline *dl;
    int64_t root, end; /* the forward root (the start) and the backward one (the end) */
    int n_best;        /* routes kept in p->best */
    int complete;      /* 0: cut by max_labels or the deadline */
    int bidir;         /* this call meets backward labels halfway */
    int comp;          /* the completion bound is filled for this call's duals */
    double min_rc;     /* least reduced cost of a route seen */
    int64_t made[2];   /* labels made per direction */
} call;

/* The location label i stands at. */
static int where(const rd_pricer *p, int64_t i) {
    const label *l = &p->lab[i];
    const rd_vehicle *veh = &p->m->vehicles[p->v];
    return l->node >= 0 ? p->loc[l->node] : l->dir == FWD ? veh->start_loc : veh->end_loc;
}

/* The route of forward label f then backward label b (f's last task, or the
 * start, to b's first task, or the end): its reduced cost, or NAN when the
 * two do not meet (memories, loads, tasks, time). */
static double join(rd_pricer *p, int64_t f, int64_t b) {
    const rd_model *m = p->m;
    const rd_vehicle *veh = &m->vehicles[p->v];
    const label *lf = &p->lab[f], *lb = &p->lab[b];
    if (lf->ntasks + lb->ntasks == 0 || lf->ntasks + lb->ntasks > veh->max_tasks) return NAN;
    int from = where(p, f), to = where(p, b);
    if (lf->time + leg(&m->durations[veh->profile], from, to) > lb->time) return NAN;
    const int nd = m->n_dims;
    const int64_t *cap = rd_model_capacity(m, p->v), *x = load_of(p, f), *y = load_of(p, b);
    for (int d = 0; d < 2 * nd; d++)
        if (x[d] + y[d] > cap[d % nd]) return NAN;
    const uint64_t *ma = mem_of(p, f), *mb = mem_of(p, b);
    for (int w = 0; w < p->words; w++)
        if (ma[w] & mb[w]) return NAN;
    return lf->cost + (double)leg(&m->costs[veh->profile], from, to) + lb->cost +
           sr_pen(p, lf->sr, lb->sr, 0);
}

/* Keeps the route f then b (reduced cost rc) among the best o->max_routes
 * (1 when kept); the least reduced cost seen in c->min_rc. */
static int offer(rd_pricer *p, call *c, int64_t f, int64_t b, double rc) {
    if (rc < c->min_rc) c->min_rc = rc;
    const rd_price_opts *o = c->o;
    if (rc >= o->below || o->max_routes <= 0) return 0;
    int n = c->n_best;
    if (n == o->max_routes && rc >= p->best_rc[n - 1]) return 0;
    int k = n < o->max_routes ? n++ : n - 1;
    while (k > 0 && p->best_rc[k - 1] > rc) {
        p->best[k] = p->best[k - 1];
        p->best_b[k] = p->best_b[k - 1];
        p->best_rc[k] = p->best_rc[k - 1];
        k--;
    }
    p->best[k] = (int)f;
    p->best_b[k] = (int)b;
    p->best_rc[k] = rc;
    c->n_best = n;
    return 1;
}

/* A route whose reduced cost is at least this can neither enter the best
 * nor lower the least reduced cost. */
static double threshold(const rd_pricer *p, const call *c) {
    double t = c->o->below;
    if (c->o->max_routes <= 0)
        t = -INFINITY;
    else if (c->n_best == c->o->max_routes && p->best_rc[c->n_best - 1] < t)
        t = p->best_rc[c->n_best - 1];
    return t > c->min_rc ? t : c->min_rc;
}

/* Extends label li to node j, forward (j after li's node) or backward (j
 * before it): a new label (not filed yet), or -1 when infeasible; -2 out of
 * memory. */
static int64_t extend(rd_pricer *p, int64_t li, int j, const double *pi, double prune) {
    const rd_model *m = p->m;
    const rd_vehicle *veh = &m->vehicles[p->v];
    const rd_matrix *dur = &m->durations[veh->profile], *cm = &m->costs[veh->profile];
    const label *l = &p->lab[li];
    const int dir = l->dir;
    if (l->ntasks + 1 > veh->max_tasks) return -1;
    if (mem_of(p, li)[j / 64] & (UINT64_C(1) << (j % 64))) return -1;
    int t = p->task[j], here = where(p, li), there = p->loc[j];
    int64_t time;
    if (dir == FWD) {
        int64_t begin = rd_task_begin(m, t, l->time + leg(dur, here, there));
        if (begin == RD_NO_TIME) return -1;
        time = begin + (here != there ? m->task_setup[t] : 0) + m->task_service[t];
        if (time + p->tail[j] > veh->tw_end) return -1;
    } else { /* (no setups here: crit_setup) */
        time = rd_task_latest_begin(m, t, l->time - leg(dur, there, here) - m->task_service[t]);
        if (time == RD_NO_TIME || time < veh->tw_start + p->head[j]) return -1;
    }
    const int nd = m->n_dims;
    const int64_t *cap = rd_model_capacity(m, p->v), *del = rd_model_delivery(m, t),
                  *pick = rd_model_pickup(m, t), *ld = load_of(p, li);
    for (int d = 0; d < nd; d++)
        if (ld[d] + del[d] > cap[d] || ld[nd + d] + pick[d] > cap[d]) return -1;
    int64_t c = dir == FWD ? leg(cm, here, there) : leg(cm, there, here);
    const uint64_t *tc = p->cutmask + (size_t)j * SR_WORDS;
    double step = (double)c - pi[t] + sr_pen(p, l->sr, tc, 0);
    if (prune < INFINITY) { /* (the completion bound: the new label's loads, memory) */
        int64_t nl[2 * RD_MAX_DIMS];
        for (int d = 0; d < nd; d++) nl[d] = ld[d] + del[d], nl[nd + d] = ld[nd + d] + pick[d];
        if (l->cost + step + rd_compl_at(p->cbound, dir, j, nl, time, mem_of(p, li)) >=
            prune - 1e-9)
            return -1;
    }
    int64_t i = new_label(p);
    if (i < 0) return -2;
    l = &p->lab[li]; /* (the labels may have moved) */
    label *nl = &p->lab[i];
    *nl = (label){.node = j,
                  .parent = (int)li,
                  .ntasks = l->ntasks + 1,
                  .dir = (short)dir,
                  .cost = l->cost + step,
                  .time = time,
                  .real = l->real + c};
    for (int w = 0; w < SR_WORDS; w++) nl->sr[w] = l->sr[w] ^ tc[w];
    int64_t *nld = load_of(p, i);
    ld = load_of(p, li);
    for (int d = 0; d < nd; d++) nld[d] = ld[d] + del[d], nld[nd + d] = ld[nd + d] + pick[d];
    const uint64_t *om = mem_of(p, li), *nb = p->nbhd + (size_t)j * (size_t)p->words;
    uint64_t *nm = mem_of(p, i);
    for (int w = 0; w < p->words; w++) nm[w] = om[w] & nb[w];
    nm[j / 64] |= UINT64_C(1) << (j % 64);
    return i;
}

/* Whether a bidirectional call extends label li further: forward up to the
 * half-way point, backward beyond it (every route then has an arc where a
 * forward label that was made meets a backward one that was made). */
static int extendable(rd_pricer *p, const call *c, int64_t li) {
    const label *l = &p->lab[li];
    if (!c->bidir || l->node < 0) return 1;
    int64_t r = p->crit == 1 ? l->time : load_of(p, li)[p->crit_at];
    if (p->crit == 1 && l->dir == BWD) r += p->m->task_service[p->task[l->node]];
    if (l->dir == FWD) return r <= p->half;
    return p->crit == 1 ? r > p->half : r < p->hi - p->half;
}

/* Labels one direction from its root: pops the labels in key order and
 * extends them; routes completed on the way (forward to the end, backward
 * from the start) are offered. RD_ERR_NOMEM or RD_OK. */
static rd_status label_from(rd_pricer *p, call *c, int dir, const int *all, rd_error *err) {
    const rd_price_opts *o = c->o;
    p->n_heap = 0;
    if (heap_push(p, dir == FWD ? c->root : c->end) != 0) goto nomem;
    for (int64_t pops = 0; p->n_heap > 0; pops++) {
        int64_t li = heap_pop(p);
        if (p->lab[li].dead || (p->lab[li].node >= 0 && popped_dominated(p, li))) continue;
        if ((pops & 255) == 0 && c->dl && rd_deadline_passed(c->dl)) {
            c->complete = 0;
            return RD_OK;
        }
        if (p->n_lab > o->max_labels) {
            c->complete = 0;
            return RD_OK;
        }
        int node = p->lab[li].node;
        /* no route through a label that cannot beat both the least reduced cost
         * found and `below` is needed (min_rc is then exact below `below`) */
        double prune = c->comp ? fmin(c->min_rc, o->below) : INFINITY;
        if (node >= 0 && prune < INFINITY &&
            p->lab[li].cost + rd_compl_at(p->cbound, dir, node, load_of(p, li), p->lab[li].time,
                                          mem_of(p, li)) >=
                prune - 1e-9)
            continue; /* (the bound fell since it was made) */
        int heur = !o->exact && node >= 0;
        const int *succ = heur ? p->succ + (size_t)node * (size_t)p->n : all;
        int tries = heur ? (o->arcs < p->n ? o->arcs : p->n) : p->n;
        for (int a = 0; a < tries; a++) {
            int64_t ni = extend(p, li, succ[a], c->pi, prune);
            if (ni == -2) goto nomem;
            if (ni < 0) continue;
            /* a forward label past the half-way point is not needed beyond its route */
            int keep = dir == BWD || extendable(p, c, ni);
            int filed = keep ? file_label(p, ni, o) : 0;
            if (filed < 0) goto nomem;
            if (keep && !filed) { /* dominated: its routes are too */
                p->n_lab--;       /* (the last label: its slot is free again) */
                continue;
            }
            int64_t mate = dir == FWD ? c->end : c->root;
            double rc = dir == FWD ? join(p, ni, mate) : join(p, mate, ni);
            int kept =
                !isnan(rc) && offer(p, c, dir == FWD ? ni : mate, dir == FWD ? mate : ni, rc);
            if (!filed && !kept) {
                p->n_lab--;
                continue;
            }
            if (filed && extendable(p, c, ni) && heap_push(p, ni) != 0) goto nomem;
            c->made[dir]++;
        }
    }
    return RD_OK;
nomem:
    return rd_err(err, RD_ERR_NOMEM, "pricing: out of memory (%lld labels)", (long long)p->n_lab);
}

/* A backward label in meet()'s sort. */
typedef struct by_cost {
    double cost;
    int idx;
} by_cost;

static int by_cost_cmp(const void *a, const void *b) {
    double x = ((const by_cost *)a)->cost, y = ((const by_cost *)b)->cost;
    return (x > y) - (x < y);
}

/* Meets every live forward label with the live backward labels of every
 * other node, cheapest first, up to the threshold. -1 out of memory. */
static int meet(rd_pricer *p, call *c) {
    const rd_matrix *cm = &p->m->costs[p->m->vehicles[p->v].profile];
    double least = INFINITY; /* the cheapest backward label of any node plus an arc to it */
    int64_t arc = INT64_MAX;
    for (int i = 0; i < p->n; i++)
        for (int j = 0; j < p->n; j++)
            if (i != j && leg(cm, p->loc[i], p->loc[j]) < arc) arc = leg(cm, p->loc[i], p->loc[j]);
    int most = 0;
    for (int j = 0; j < p->n; j++)
        if (p->at[p->n + j].n > most) most = p->at[p->n + j].n;
    by_cost *sort = malloc(((size_t)most + 1) * sizeof *sort);
    if (!sort) return -1;
    for (int j = 0; j < p->n; j++) { /* the live ones, cheapest first */
        bucket *bk = &p->at[p->n + j];
        int k = 0;
        for (int a = 0; a < bk->n; a++)
            if (!p->lab[bk->idx[a]].dead) sort[k++] = (by_cost){bk->cost[a], bk->idx[a]};
        qsort(sort, (size_t)k, sizeof *sort, by_cost_cmp);
        for (int a = 0; a < k; a++) bk->idx[a] = sort[a].idx, bk->cost[a] = sort[a].cost;
        bk->n = k; /* (their times are not kept from here: no label is filed after) */
        if (k && bk->cost[0] + (double)arc < least) least = bk->cost[0] + (double)arc;
    }
    free(sort);
    for (int i = 0, seen = 0; i < p->n; i++)
        for (int a = 0; a < p->at[i].n; a++) {
            if ((++seen & 255) == 0 && c->dl && rd_deadline_passed(c->dl)) {
                c->complete = 0;
                return 0;
            }
            int64_t f = p->at[i].idx[a];
            const label *lf = &p->lab[f];
            if (lf->dead || lf->cost + least >= threshold(p, c)) continue;
            for (int j = 0; j < p->n; j++) {
                const bucket *bk = &p->at[p->n + j];
                double base = lf->cost + (double)leg(cm, p->loc[i], p->loc[j]);
                for (int b = 0; b < bk->n; b++) {
                    if (base + bk->cost[b] >= threshold(p, c)) break;
                    double rc = join(p, f, bk->idx[b]);
                    if (!isnan(rc)) offer(p, c, f, bk->idx[b], rc);
                }
            }
        }
    return 0;
}

/* The routes of the best (forward, backward) pairs, into res. */
static rd_status collect(rd_pricer *p, int n_best, rd_price_result *res, rd_error *err) {
    int total = 0;
    for (int k = 0; k < n_best; k++)
        total += p->lab[p->best[k]].ntasks + p->lab[p->best_b[k]].ntasks;
    if (n_best > p->out_cap) {
        rd_priced *o = realloc(p->out, (size_t)n_best * sizeof *o);
        if (!o) return rd_err(err, RD_ERR_NOMEM, "pricing: out of memory");
        p->out = o;
        p->out_cap = n_best;
    }
    if (total + 1 > p->visits_cap) {
        int *v = realloc(p->out_visits, ((size_t)total + 1) * sizeof *v);
        if (!v) return rd_err(err, RD_ERR_NOMEM, "pricing: out of memory");
        p->out_visits = v;
        p->visits_cap = total + 1;
    }
    const rd_matrix *cm = &p->m->costs[p->m->vehicles[p->v].profile];
    int *vis = p->out_visits;
    for (int k = 0; k < n_best; k++) {
        int64_t f = p->best[k], b = p->best_b[k];
        const label *lf = &p->lab[f], *lb = &p->lab[b];
        rd_priced *r = &p->out[k];
        r->len = lf->ntasks + lb->ntasks;
        r->visits = vis;
        r->rc = p->best_rc[k];
        r->cost = lf->real + leg(cm, where(p, f), where(p, b)) + lb->real;
        int pos = lf->ntasks;
        for (int64_t i = f; p->lab[i].node >= 0; i = p->lab[i].parent)
            vis[--pos] = p->task[p->lab[i].node];
        pos = lf->ntasks;
        for (int64_t i = b; p->lab[i].node >= 0; i = p->lab[i].parent)
            vis[pos++] = p->task[p->lab[i].node];
        vis += r->len;
    }
    res->n = n_best;
    res->routes = p->out;
    return RD_OK;
}

/* The roots: the start at the shift start (forward), the end by the shift
 * end (backward). */
static rd_status roots(rd_pricer *p, call *c, rd_error *err) {
    const rd_vehicle *veh = &p->m->vehicles[p->v];
    p->n_lab = 0;
    for (int j = 0; j < 2 * p->n; j++) p->at[j].n = 0;
    c->root = new_label(p);
    c->end = c->root >= 0 ? new_label(p) : -1;
    if (c->end < 0) return rd_err(err, RD_ERR_NOMEM, "pricing: out of memory");
    p->lab[c->root] = (label){.node = -1,
                              .parent = -1,
                              .dir = FWD,
                              .cost = (double)veh->fixed_cost,
                              .time = veh->tw_start,
                              .real = veh->fixed_cost};
    p->lab[c->end] = (label){.node = -1, .parent = -1, .dir = BWD, .time = veh->tw_end};
    for (int k = 0; k < 2; k++) {
        int64_t r = k ? c->end : c->root;
        memset(load_of(p, r), 0, 2 * (size_t)p->m->n_dims * sizeof(int64_t));
        memset(mem_of(p, r), 0, (size_t)p->words * sizeof(uint64_t));
    }
    return RD_OK;
}

/* Moves the half-way point toward the direction that made more labels. */
static void balance(rd_pricer *p, const call *c) {
    int64_t step = (p->hi - p->lo) / 20;
    if (c->made[FWD] > c->made[BWD] + c->made[BWD] / 4 && p->half - step >= p->lo) p->half -= step;
    if (c->made[BWD] > c->made[FWD] + c->made[FWD] / 4 && p->half + step <= p->hi) p->half += step;
}

rd_status rd_pricer_run(rd_pricer *p, const double *pi, const rd_price_opts *opts,
                        const rd_deadline *dl, rd_price_result *res, rd_error *err) {
    rd_price_opts o = *opts;
    if (o.arcs <= 0) o.arcs = DEFAULT_ARCS;
    if (o.keep <= 0) o.keep = DEFAULT_KEEP;
    if (o.max_labels <= 0) o.max_labels = DEFAULT_MAX_LABELS;
    memset(res, 0, sizeof *res);
    if (o.max_routes > 0) {
        free(p->best);
        free(p->best_b);
        free(p->best_rc);
        p->best = malloc((size_t)o.max_routes * sizeof *p->best);
        p->best_b = malloc((size_t)o.max_routes * sizeof *p->best_b);
        p->best_rc = malloc((size_t)o.max_routes * sizeof *p->best_rc);
        if (!p->best || !p->best_b || !p->best_rc)
            return rd_err(err, RD_ERR_NOMEM, "pricing: out of memory");
    }
    int nc = o.n_cuts < RD_PRICE_MAX_CUTS ? o.n_cuts : RD_PRICE_MAX_CUTS;
    memset(p->cutmask, 0, (size_t)p->n * SR_WORDS * sizeof *p->cutmask);
    for (int k = 0; k < nc; k++) {
        p->cut_pen[k] = o.cut_duals[k] < 0 ? -o.cut_duals[k] : 0;
        for (int j = 0; j < p->n; j++)
            for (int a = 0; a < 3; a++)
                if (p->task[j] == o.cuts[k].t[a])
                    p->cutmask[(size_t)j * SR_WORDS + (size_t)(k / 64)] |= UINT64_C(1) << (k % 64);
    }
    call c = {.pi = pi, .o = &o, .dl = dl, .complete = 1, .min_rc = INFINITY};
    c.bidir = o.exact && p->crit && !o.forward_only;
    RD_TRY(roots(p, &c, err));
    if (!o.exact) /* the successors' order from each node (from the start: all) */
        for (int i = 0; i < p->n; i++) order_successors(p, pi, i, o.arcs);
    int *all = malloc((size_t)(p->n + 1) * sizeof *all);
    if (!all) return rd_err(err, RD_ERR_NOMEM, "pricing: out of memory");
    for (int j = 0; j < p->n; j++) all[j] = j;
    c.comp = p->cbound && o.exact; /* (a heuristic call is too quick to pay for it) */
    if (c.comp) rd_compl_fill(p->cbound, pi, c.bidir);
    rd_status st = label_from(p, &c, FWD, all, err);
    if (st == RD_OK && c.bidir && c.complete) st = label_from(p, &c, BWD, all, err);
    free(all);
    if (st != RD_OK) return st;
    if (c.bidir && c.complete) {
        if (meet(p, &c) != 0) return rd_err(err, RD_ERR_NOMEM, "pricing: out of memory");
        balance(p, &c);
    }
    res->complete = o.exact && c.complete;
    res->min_rc = c.min_rc;
    res->labels = p->n_lab;
    return collect(p, c.n_best, res, err);
}
