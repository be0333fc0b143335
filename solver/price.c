/* price: see solver/price.h. */
#include "solver/price.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_ARCS       10
#define DEFAULT_KEEP       16
#define DEFAULT_MAX_LABELS 2000000

typedef struct label {
    int node;     /* pricer node (task), -1 for the start */
    int parent;   /* label it extends, -1 for the start */
    int ntasks;   /* visits so far */
    int dead;     /* dominated after it was made */
    double cost;  /* reduced cost so far (fixed cost and legs minus the duals) */
    int64_t dep;  /* departure from its task */
    int64_t real; /* cost so far in model units (fixed + legs) */
} label;

struct rd_pricer {
    const rd_model *m;
    int v;          /* vehicle type */
    int n;          /* nodes: the tasks the type may serve */
    int *task;      /* [n] the node's task */
    int *loc;       /* [n] its location */
    int words;      /* 64-bit words of a node set */
    int ng;         /* the neighbourhoods' size */
    int timed;      /* time constrains the routes (windows, a shift end): labels compare
                       their departures; else time is left out of dominance */
    int counted;    /* max_tasks binds: labels compare their task counts */
    uint64_t *nbhd; /* [n * words] each node's ng-neighbourhood */
    int *succ;      /* [n * n] a call's successors, cheapest reduced arc first */
    double *arc;    /* [n] scratch: reduced arc costs from one node */
    /* the labels of a call */
    label *lab;
    int64_t *load; /* [cap * 2 * dims]: deliveries then pickups */
    uint64_t *mem; /* [cap * words]: the ng-memory */
    int64_t n_lab, cap;
    int **at; /* [n] labels at each node */
    int *n_at, *cap_at;
    /* the completion bound: f[j * (cap + 1) + q] <= the reduced cost of any way
     * from node j back to the end with room q left (capacity dimension 0 in the
     * one direction the tasks load, windows and memory relaxed); NULL: none */
    double *comp;
    int comp_dir;     /* 0: deliveries, 1: pickups */
    int64_t comp_cap; /* capacity in that dimension */
    /* the labels waiting to be extended, least key first (a binary heap) */
    int64_t *heap, *hkey;
    int64_t n_heap, cap_heap;
    /* the routes returned */
    rd_priced *out;
    int *out_visits;
    int out_cap, visits_cap;
    int *best; /* [max_routes] best completed labels */
    double *best_rc;
};

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
    }
}

/* The completion bound is kept when the tasks load dimension 0 in one
 * direction only, every task by a positive amount (a task of no load would
 * let the recursion below loop), and the table stays small. */
#define COMP_MAX_CELLS 20000000

static void comp_setup(rd_pricer *p) {
    const rd_model *m = p->m;
    int64_t cap = rd_model_capacity(m, p->v)[0];
    int dels = 0, picks = 0, zero = 0;
    for (int i = 0; i < p->n; i++) {
        int64_t d = rd_model_delivery(m, p->task[i])[0], k = rd_model_pickup(m, p->task[i])[0];
        dels += d > 0;
        picks += k > 0;
        zero += d <= 0 && k <= 0;
    }
    if (zero || (dels && picks) || cap <= 0 || cap > 100000 ||
        (double)p->n * (double)(cap + 1) > COMP_MAX_CELLS)
        return;
    p->comp_dir = picks > 0;
    p->comp_cap = cap;
    p->comp = malloc((size_t)p->n * (size_t)(cap + 1) * sizeof *p->comp); /* NULL: none */
}

static int64_t comp_amount(const rd_pricer *p, int i) {
    const rd_model *m = p->m;
    return p->comp_dir ? rd_model_pickup(m, p->task[i])[0] : rd_model_delivery(m, p->task[i])[0];
}

/* f(j, q) = min(cost to the end, min over k of a load d_k <= q: leg(j, k) -
 * pi[k] + f(k, q - d_k)), by increasing q. */
static void comp_fill(rd_pricer *p, const double *pi) {
    const rd_vehicle *veh = &p->m->vehicles[p->v];
    const rd_matrix *c = &p->m->costs[veh->profile];
    const int64_t Q = p->comp_cap;
    for (int64_t q = 0; q <= Q; q++)
        for (int j = 0; j < p->n; j++) {
            double best =
                (double)(veh->end_loc >= 0 ? rd_matrix_at(c, p->loc[j], veh->end_loc) : 0);
            for (int k = 0; k < p->n; k++) {
                int64_t d = comp_amount(p, k);
                if (d > q || k == j) continue;
                double v = (double)rd_matrix_at(c, p->loc[j], p->loc[k]) - pi[p->task[k]] +
                           p->comp[(size_t)k * (size_t)(Q + 1) + (size_t)(q - d)];
                if (v < best) best = v;
            }
            p->comp[(size_t)j * (size_t)(Q + 1) + (size_t)q] = best;
        }
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
    p->succ = malloc(n * n * sizeof *p->succ);
    p->arc = malloc(n * sizeof *p->arc);
    p->at = calloc(n, sizeof *p->at);
    p->n_at = calloc(n, sizeof *p->n_at);
    p->cap_at = calloc(n, sizeof *p->cap_at);
    if (!p->nbhd || !p->succ || !p->arc || !p->at || !p->n_at || !p->cap_at) goto fail;
    neighbourhoods(p, ng > 0 ? ng : 1);
    const rd_vehicle *veh = &m->vehicles[v];
    p->timed = m->has_tw || veh->tw_end < RD_INF / 2;
    p->counted = veh->max_tasks < RD_INF / 2;
    comp_setup(p);
    for (int i = 0; i < p->n && !p->timed; i++) /* (windows the horizon does not hold) */
        for (int w = m->task_tw_first[p->task[i]]; w < m->task_tw_first[p->task[i] + 1]; w++)
            p->timed |= m->tw_start[w] > veh->tw_start || m->tw_end[w] < RD_INF / 2;
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
    for (int i = 0; p->at && i < p->n; i++) free(p->at[i]);
    free(p->at);
    free(p->n_at);
    free(p->cap_at);
    free(p->task);
    free(p->loc);
    free(p->nbhd);
    free(p->succ);
    free(p->arc);
    free(p->lab);
    free(p->load);
    free(p->mem);
    free(p->out);
    free(p->out_visits);
    free(p->best);
    free(p->best_rc);
    free(p->heap);
    free(p->hkey);
    free(p->comp);
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

/* The order labels are extended in: by departure when time binds, else by
 * load; so a label is extended once the labels that could dominate it are
 * made (fewer labels extended only to be dominated later). */
static int64_t key_of(rd_pricer *p, int64_t i) {
    if (p->timed) return p->lab[i].dep;
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

/* Whether label a dominates label b (same node). */
static int dominates(rd_pricer *p, int64_t a, int64_t b) {
    const label *la = &p->lab[a], *lb = &p->lab[b];
    if (la->cost > lb->cost + 1e-9 || (p->timed && la->dep > lb->dep) ||
        (p->counted && la->ntasks > lb->ntasks))
        return 0;
    const int64_t *x = load_of(p, a), *y = load_of(p, b);
    for (int d = 0; d < 2 * p->m->n_dims; d++)
        if (x[d] > y[d]) return 0;
    const uint64_t *ma = mem_of(p, a), *mb = mem_of(p, b);
    for (int w = 0; w < p->words; w++)
        if (ma[w] & ~mb[w]) return 0;
    return 1;
}

/* Files label i at its node unless a label there dominates it; removes the
 * labels it dominates. Heuristic mode keeps at most `keep` labels per node
 * (the cheapest). Returns 1 when kept, 0 when not, -1 out of memory. */
static int file_label(rd_pricer *p, int64_t i, const rd_price_opts *o) {
    int j = p->lab[i].node;
    int *at = p->at[j], n = p->n_at[j], kept = 0, worst = -1;
    for (int k = 0; k < n; k++)
        if (dominates(p, at[k], i)) return 0;
    for (int k = 0; k < n; k++) {
        if (dominates(p, i, at[k])) {
            p->lab[at[k]].dead = 1;
            continue;
        }
        at[kept++] = at[k];
    }
    n = kept;
    if (!o->exact && n >= o->keep) { /* full: replace the dearest when cheaper */
        for (int k = 0; k < n; k++)
            if (worst < 0 || p->lab[at[k]].cost > p->lab[at[worst]].cost) worst = k;
        if (p->lab[at[worst]].cost <= p->lab[i].cost) {
            p->n_at[j] = n;
            return 0;
        }
        p->lab[at[worst]].dead = 1;
        at[worst] = (int)i;
        p->n_at[j] = n;
        return 1;
    }
    if (n == p->cap_at[j]) {
        int cap = n ? 2 * n : 8;
        int *a = realloc(p->at[j], (size_t)cap * sizeof *a);
        if (!a) return -1;
        p->at[j] = at = a;
        p->cap_at[j] = cap;
    }
    at[n++] = (int)i;
    p->n_at[j] = n;
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

/* Keeps completed label i (reduced cost rc) among the best o->max_routes. */
static void offer(rd_pricer *p, int64_t i, double rc, const rd_price_opts *o, int *n_best) {
    if (rc >= o->below || o->max_routes <= 0) return;
    int n = *n_best;
    if (n == o->max_routes && rc >= p->best_rc[n - 1]) return;
    int k = n < o->max_routes ? n++ : n - 1;
    while (k > 0 && p->best_rc[k - 1] > rc) {
        p->best[k] = p->best[k - 1];
        p->best_rc[k] = p->best_rc[k - 1];
        k--;
    }
    p->best[k] = (int)i;
    p->best_rc[k] = rc;
    *n_best = n;
}

/* Extends label li to node j: a new label, or -1 when infeasible / not kept;
 * -2 out of memory. */
static int64_t extend(rd_pricer *p, int64_t li, int j, const double *pi, const rd_price_opts *o) {
    const rd_model *m = p->m;
    const rd_vehicle *veh = &m->vehicles[p->v];
    const rd_matrix *dur = &m->durations[veh->profile], *cm = &m->costs[veh->profile];
    const label *l = &p->lab[li];
    if (l->ntasks + 1 > veh->max_tasks) return -1;
    if (mem_of(p, li)[j / 64] & (UINT64_C(1) << (j % 64))) return -1;
    int from = l->node >= 0 ? p->loc[l->node] : veh->start_loc, t = p->task[j], to = p->loc[j];
    int64_t arr = l->dep + leg(dur, from, to), begin = -1;
    for (int w = m->task_tw_first[t]; w < m->task_tw_first[t + 1]; w++)
        if (m->tw_end[w] >= arr) {
            begin = arr > m->tw_start[w] ? arr : m->tw_start[w];
            break;
        }
    if (begin < 0) return -1;
    int64_t dep = begin + (from != to ? m->task_setup[t] : 0) + m->task_service[t];
    if (dep + leg(dur, to, veh->end_loc) > veh->tw_end) return -1;
    const int nd = m->n_dims;
    const int64_t *cap = rd_model_capacity(m, p->v), *del = rd_model_delivery(m, t),
                  *pick = rd_model_pickup(m, t), *ld = load_of(p, li);
    for (int d = 0; d < nd; d++)
        if (ld[d] + del[d] > cap[d] || ld[nd + d] + pick[d] > cap[d]) return -1;
    int64_t i = new_label(p);
    if (i < 0) return -2;
    l = &p->lab[li]; /* (the labels may have moved) */
    label *nl = &p->lab[i];
    nl->node = j;
    nl->parent = (int)li;
    nl->ntasks = l->ntasks + 1;
    nl->dead = 0;
    nl->dep = dep;
    int64_t c = leg(cm, from, to);
    nl->cost = l->cost + (double)c - pi[t];
    nl->real = l->real + c;
    int64_t *nld = load_of(p, i);
    ld = load_of(p, li);
    for (int d = 0; d < nd; d++) nld[d] = ld[d] + del[d], nld[nd + d] = ld[nd + d] + pick[d];
    const uint64_t *om = mem_of(p, li), *nb = p->nbhd + (size_t)j * (size_t)p->words;
    uint64_t *nm = mem_of(p, i);
    for (int w = 0; w < p->words; w++) nm[w] = om[w] & nb[w];
    nm[j / 64] |= UINT64_C(1) << (j % 64);
    int kept = file_label(p, i, o);
    if (kept < 0) return -2;
    if (!kept) {
        p->n_lab--; /* (the last label: its slot is free again) */
        return -1;
    }
    return i;
}

/* Whether every completion of label li costs at least `best` (the least
 * reduced cost found): its extensions cannot lower the minimum. Routes worse
 * than the best are not needed then either (the pricer returns the best). */
static int cannot_beat(rd_pricer *p, int64_t li, double best) {
    if (!p->comp || !(best < INFINITY)) return 0;
    const label *l = &p->lab[li];
    int64_t room = p->comp_cap - load_of(p, li)[p->comp_dir ? p->m->n_dims : 0];
    if (room < 0) return 1;
    double f = p->comp[(size_t)l->node * (size_t)(p->comp_cap + 1) + (size_t)room];
    return l->cost + f >= best - 1e-9;
}

/* The routes of the best labels, into res. */
static rd_status collect(rd_pricer *p, int n_best, rd_price_result *res, rd_error *err) {
    int total = 0;
    for (int k = 0; k < n_best; k++) total += p->lab[p->best[k]].ntasks;
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
    int *vis = p->out_visits;
    for (int k = 0; k < n_best; k++) {
        const label *l = &p->lab[p->best[k]];
        const rd_vehicle *veh = &p->m->vehicles[p->v];
        rd_priced *r = &p->out[k];
        r->len = l->ntasks;
        r->visits = vis;
        r->rc = p->best_rc[k];
        r->cost = l->real + leg(&p->m->costs[veh->profile], p->loc[l->node], veh->end_loc);
        int pos = l->ntasks;
        for (int64_t i = p->best[k]; p->lab[i].node >= 0; i = p->lab[i].parent)
            vis[--pos] = p->task[p->lab[i].node];
        vis += l->ntasks;
    }
    res->n = n_best;
    res->routes = p->out;
    return RD_OK;
}

rd_status rd_pricer_run(rd_pricer *p, const double *pi, const rd_price_opts *opts,
                        const rd_deadline *dl, rd_price_result *res, rd_error *err) {
    rd_price_opts o = *opts;
    if (o.arcs <= 0) o.arcs = DEFAULT_ARCS;
    if (o.keep <= 0) o.keep = DEFAULT_KEEP;
    if (o.max_labels <= 0) o.max_labels = DEFAULT_MAX_LABELS;
    memset(res, 0, sizeof *res);
    res->min_rc = INFINITY;
    const rd_model *m = p->m;
    const rd_vehicle *veh = &m->vehicles[p->v];
    const rd_matrix *cm = &m->costs[veh->profile];
    if (o.max_routes > 0) {
        free(p->best);
        free(p->best_rc);
        p->best = malloc((size_t)o.max_routes * sizeof *p->best);
        p->best_rc = malloc((size_t)o.max_routes * sizeof *p->best_rc);
        if (!p->best || !p->best_rc) return rd_err(err, RD_ERR_NOMEM, "pricing: out of memory");
    }
    p->n_lab = 0;
    for (int j = 0; j < p->n; j++) p->n_at[j] = 0;
    int64_t root = new_label(p);
    if (root < 0) return rd_err(err, RD_ERR_NOMEM, "pricing: out of memory");
    p->lab[root] = (label){-1, -1, 0, 0, (double)veh->fixed_cost, veh->tw_start, veh->fixed_cost};
    memset(load_of(p, root), 0, 2 * (size_t)m->n_dims * sizeof(int64_t));
    memset(mem_of(p, root), 0, (size_t)p->words * sizeof(uint64_t));
    /* the successors' order: from each node, and from the start (slot n) */
    if (!o.exact) {
        for (int i = 0; i < p->n; i++) order_successors(p, pi, i, o.arcs);
    }
    int *start_succ = malloc((size_t)(p->n + 1) * sizeof *start_succ);
    if (!start_succ) return rd_err(err, RD_ERR_NOMEM, "pricing: out of memory");
    for (int j = 0; j < p->n; j++) start_succ[j] = j;
    int n_best = 0, complete = 1;
    if (p->comp) comp_fill(p, pi);
    p->n_heap = 0;
    int nomem = heap_push(p, root) != 0;
    for (int64_t pops = 0; p->n_heap > 0 && !nomem; pops++) {
        int64_t li = heap_pop(p);
        if (p->lab[li].dead) continue;
        if ((pops & 255) == 0 && dl && rd_deadline_passed(dl)) {
            complete = 0;
            break;
        }
        if (p->n_lab > o.max_labels) {
            complete = 0;
            break;
        }
        int node = p->lab[li].node;
        if (node >= 0 && cannot_beat(p, li, res->min_rc)) continue;
        const int *succ = node < 0 || o.exact ? start_succ : p->succ + (size_t)node * (size_t)p->n;
        int tries = node < 0 || o.exact ? p->n : (o.arcs < p->n ? o.arcs : p->n);
        for (int a = 0; a < tries && !nomem; a++) {
            int64_t ni = extend(p, li, succ[a], pi, &o);
            if (ni == -2) nomem = 1;
            if (ni < 0) continue;
            nomem = heap_push(p, ni) != 0;
            const label *nl = &p->lab[ni];
            double rc = nl->cost + (double)leg(cm, p->loc[nl->node], veh->end_loc);
            if (rc < res->min_rc) res->min_rc = rc;
            offer(p, ni, rc, &o, &n_best);
        }
    }
    if (nomem) {
        free(start_succ);
        return rd_err(err, RD_ERR_NOMEM, "pricing: out of memory (%lld labels)",
                      (long long)p->n_lab);
    }
    free(start_succ);
    res->complete = o.exact && complete;
    res->labels = p->n_lab;
    return collect(p, n_best, res, err);
}
