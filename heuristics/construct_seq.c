/* Two first-plan builders of rd_construct (heuristics/construct.h): parallel
 * Clarke-Wright savings (no windows, one vehicle type) and sequential
 * insertion in the manner of Solomon's I1 (windows, one vehicle type). */
#include "heuristics/construct.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Clarke-Wright savings ---- */

typedef struct saving {
    int64_t s; /* cost saved by linking i -> j */
    int i, j;
} saving;

static int cmp_saving(const void *pa, const void *pb) {
    const saving *a = pa, *b = pb;
    if (a->s != b->s) return a->s > b->s ? -1 : 1;
    if (a->i != b->i) return a->i < b->i ? -1 : 1;
    return (a->j > b->j) - (a->j < b->j);
}

typedef struct chains {
    int *next, *prev; /* [n] links inside a chain, -1 at the ends */
    int *cid;         /* [n] chain id (a task index), -1 for skipped tasks */
    int *head, *tail; /* [n] ends of chain id */
    int *size;        /* [n] tasks in chain id */
    int64_t *pick;    /* [n * nd] pickup totals of chain id */
    int64_t *deliv;   /* [n * nd] delivery totals of chain id */
} chains;

static void chain_reverse(chains *c, int id) {
    for (int t = c->head[id]; t >= 0;) {
        int nx = c->next[t];
        c->next[t] = c->prev[t];
        c->prev[t] = nx;
        t = nx;
    }
    int h = c->head[id];
    c->head[id] = c->tail[id];
    c->tail[id] = h;
}

/* Writes chain id into out (reversed when rev); returns its length. */
static int chain_write(const chains *c, int id, int rev, int *out) {
    int len = 0;
    for (int t = rev ? c->tail[id] : c->head[id]; t >= 0; t = rev ? c->prev[t] : c->next[t])
        out[len++] = t;
    return len;
}

/* C == its transpose, compared in 16 x 16 blocks so that both sides are
 * read along cache lines (a plain double loop reads one side down its
 * columns, a cache miss per cell on a large matrix). */
int rd_construct_symmetric(const rd_matrix *C) {
    if (!C->v) return 1; /* on demand from coordinates: a distance */
    const int n = C->n, B = 16;
    for (int i0 = 0; i0 < n; i0 += B)
        for (int j0 = 0; j0 <= i0; j0 += B)
            for (int i = i0; i < i0 + B && i < n; i++)
                for (int j = j0; j < j0 + B && j < i; j++)
                    if (rd_matrix_at(C, i, j) != rd_matrix_at(C, j, i)) return 0;
    return 1;
}

/* The positive savings of linking i -> j over the granular pairs of the
 * chainable tasks (both directions), into sav[], sorted best first. Returns
 * their number. */
static size_t savings_list(const rd_model *m, const rd_neigh *nb, const chains *c, saving *sav) {
    const rd_vehicle *V = &m->vehicles[0];
    const rd_matrix *C = &m->costs[V->profile];
    size_t ns = 0;
    for (int i = 0; i < m->n_tasks; i++) {
        if (c->cid[i] < 0) continue;
        const int *nv = rd_neigh_of(nb, i);
        int li = m->task_loc[i];
        for (int q = 0; q < nb->k; q++) {
            int j = nv[q], lj = m->task_loc[j];
            if (c->cid[j] < 0) continue;
            for (int dir = 0; dir < 2; dir++) {
                int a = dir ? j : i, b = dir ? i : j, la = dir ? lj : li, lb = dir ? li : lj;
                int64_t s = V->fixed_cost - rd_matrix_at(C, la, lb);
                if (V->end_loc >= 0) s += rd_matrix_at(C, la, V->end_loc);
                if (V->start_loc >= 0) s += rd_matrix_at(C, V->start_loc, lb);
                if (s > 0) sav[ns++] = (saving){s, a, b};
            }
        }
    }
    qsort(sav, ns, sizeof *sav, cmp_saving);
    return ns;
}

/* Links the tail i of its chain to the head j of another: the larger chain
 * keeps its id. */
static void chains_join(chains *c, int nd, int i, int j) {
    const int ci = c->cid[i], cj = c->cid[j];
    int keep = c->size[ci] >= c->size[cj] ? ci : cj, gone = keep == ci ? cj : ci;
    c->next[i] = j;
    c->prev[j] = i;
    int h = c->head[ci], tl = c->tail[cj];
    for (int t = c->head[gone]; t >= 0; t = c->next[t]) {
        c->cid[t] = keep;
        if (t == c->tail[gone]) break;
    }
    c->head[keep] = h;
    c->tail[keep] = tl;
    c->size[keep] = c->size[ci] + c->size[cj];
    for (int d = 0; d < nd; d++) {
        c->pick[keep * nd + d] = c->pick[ci * nd + d] + c->pick[cj * nd + d];
        c->deliv[keep * nd + d] = c->deliv[ci * nd + d] + c->deliv[cj * nd + d];
    }
}

/* The largest chains get the vehicles (ties: lower id). order, seq: n ints. */
static rd_status chains_to_routes(rd_ws *w, const chains *c, int *order, int *seq) {
    int nc = 0;
    for (int t = 0; t < w->m->n_tasks; t++)
        if (c->cid[t] == t) order[nc++] = t;
    for (int a = 1; a < nc; a++) { /* insertion sort by (size desc, id asc): stable and simple */
        int x = order[a], b = a;
        while (b > 0 && c->size[order[b - 1]] < c->size[x]) {
            order[b] = order[b - 1];
            b--;
        }
        order[b] = x;
    }
    int slots = w->type_first[1] - w->type_first[0];
    for (int a = 0; a < nc && a < slots; a++) {
        int len = chain_write(c, order[a], 0, seq);
        RD_TRY(rd_ws_set_tasks(w, w->type_first[0] + a, seq, len));
    }
    return RD_OK;
}

rd_status rd_construct_savings(rd_ws *w, const rd_neigh *nb, const unsigned char *code) {
    const rd_model *m = w->m;
    const int n = m->n_tasks, nd = m->n_dims;
    const rd_vehicle *V = &m->vehicles[0];
    const int64_t *cap = rd_model_capacity(m, 0);
    const rd_matrix *C = &m->costs[V->profile];
    size_t nt = (size_t)(n > 0 ? n : 1);
    chains c;
    c.next = malloc(nt * sizeof(int));
    c.prev = malloc(nt * sizeof(int));
    c.cid = malloc(nt * sizeof(int));
    c.head = malloc(nt * sizeof(int));
    c.tail = malloc(nt * sizeof(int));
    c.size = malloc(nt * sizeof(int));
    c.pick = malloc(nt * (size_t)nd * sizeof(int64_t));
    c.deliv = malloc(nt * (size_t)nd * sizeof(int64_t));
    size_t n_sav_cap = nt * (size_t)(nb->k > 0 ? nb->k : 1) * 2;
    saving *sav = malloc(n_sav_cap * sizeof *sav);
    int *seq = malloc(nt * sizeof *seq);
    int *order = malloc(nt * sizeof *order);
    rd_status st = RD_OK;
    if (!c.next || !c.prev || !c.cid || !c.head || !c.tail || !c.size || !c.pick || !c.deliv ||
        !sav || !seq || !order) {
        st = RD_ERR_NOMEM;
        goto done;
    }
    for (int t = 0; t < n; t++) {
        c.next[t] = c.prev[t] = -1;
        c.cid[t] = code[t] == RD_ALONE_OK ? t : -1;
        c.head[t] = c.tail[t] = t;
        c.size[t] = 1;
        for (int d = 0; d < nd; d++) {
            c.pick[t * nd + d] = rd_model_pickup(m, t)[d];
            c.deliv[t * nd + d] = rd_model_delivery(m, t)[d];
        }
    }
    const size_t ns = savings_list(m, nb, &c, sav);
    if (w->cost_sym < 0) w->cost_sym = rd_construct_symmetric(C);
    const int sym = w->cost_sym;
    const int walk =
        w->need_time || w->mixed || V->max_distance < RD_INF || V->max_travel_time < RD_INF;
    for (size_t k = 0; k < ns; k++) {
        int i = sav[k].i, j = sav[k].j, ci = c.cid[i], cj = c.cid[j];
        if (ci == cj) continue;
        int i_tail = c.tail[ci] == i, i_head = c.head[ci] == i;
        int j_head = c.head[cj] == j, j_tail = c.tail[cj] == j;
        int rev_a = 0, rev_b = 0;
        if (!(i_tail && j_head)) {
            if (!sym || !(i_tail || i_head) || !(j_head || j_tail)) continue;
            rev_a = !i_tail;
            rev_b = !j_head;
        }
        if ((int64_t)c.size[ci] + c.size[cj] > V->max_tasks) continue;
        int fits = 1;
        for (int d = 0; d < nd; d++)
            if (c.pick[ci * nd + d] + c.pick[cj * nd + d] > cap[d] ||
                c.deliv[ci * nd + d] + c.deliv[cj * nd + d] > cap[d])
                fits = 0;
        if (!fits) continue;
        if (walk) {
            int len = chain_write(&c, ci, rev_a, seq);
            len += chain_write(&c, cj, rev_b, seq + len);
            if (!rd_route_check(m, 0, seq, len, NULL)) continue;
        }
        if (rev_a) chain_reverse(&c, ci);
        if (rev_b) chain_reverse(&c, cj);
        chains_join(&c, nd, i, j);
    }
    st = chains_to_routes(w, &c, order, seq);
done:
    free(c.next);
    free(c.prev);
    free(c.cid);
    free(c.head);
    free(c.tail);
    free(c.size);
    free(c.pick);
    free(c.deliv);
    free(sav);
    free(seq);
    free(order);
    return st;
}

/* ---- sequential insertion (Solomon I1 flavour) ---- */

static int64_t depot_dist(const rd_model *m, int vehicle, int u) {
    const rd_vehicle *V = &m->vehicles[vehicle];
    const rd_matrix *C = &m->costs[V->profile];
    int loc = m->task_loc[u];
    if (V->start_loc >= 0) return rd_matrix_at(C, V->start_loc, loc);
    if (V->end_loc >= 0) return rd_matrix_at(C, loc, V->end_loc);
    return 0;
}

/* Cost of inserting u before position q of route r, or RD_INF when infeasible. */
static int64_t ins_delta(const rd_ws *w, int r, int q, int u) {
    const rd_rwork *R = &w->r[r];
    rd_seg s[3] = {rd_seg_part(r, 0, q), rd_seg_task(u), rd_seg_part(r, q, R->len)};
    int64_t c;
    return rd_ws_try(w, R->vehicle, s, 3, &c) ? c - R->cost : RD_INF;
}

static void rescan(const rd_ws *w, int r, int u, int *bp, int64_t *bc) {
    bc[u] = RD_INF;
    for (int q = 0; q <= w->r[r].len; q++) {
        int64_t d = ins_delta(w, r, q, u);
        if (d < bc[u]) {
            bc[u] = d;
            bp[u] = q;
        }
    }
}

rd_status rd_construct_i1(rd_ws *w, const unsigned char *code) {
    const rd_model *m = w->m;
    const int n = m->n_tasks;
    size_t nt = (size_t)(n > 0 ? n : 1);
    int *U = malloc(nt * sizeof *U), *bp = malloc(nt * sizeof *bp);
    int64_t *bc = malloc(nt * sizeof *bc), *d0 = malloc(nt * sizeof *d0);
    char *type_done = calloc((size_t)m->n_vehicles + 1, 1);
    rd_status st = RD_OK;
    if (!U || !bp || !bc || !d0 || !type_done) {
        st = RD_ERR_NOMEM;
        goto done;
    }
    int nu = 0;
    for (int t = 0; t < n; t++)
        if (code[t] == RD_ALONE_OK && w->route_of[t] < 0) U[nu++] = t;
    while (nu > 0) {
        int r = -1, v = 0;
        for (v = 0; v < m->n_vehicles; v++)
            if (!type_done[v] && (r = rd_ws_empty_route(w, v)) >= 0) break;
        if (r < 0) break;
        for (int a = 0; a < nu; a++) d0[U[a]] = depot_dist(m, v, U[a]);
        /* seed: the farthest task this type can serve alone (ties: lower index) */
        int seed = -1, seed_at = -1;
        for (int a = 0; a < nu; a++) {
            int u = U[a];
            if (seed >= 0 && (d0[u] < d0[seed] || (d0[u] == d0[seed] && u > seed))) continue;
            if (ins_delta(w, r, 0, u) >= RD_INF) continue;
            seed = u;
            seed_at = a;
        }
        if (seed < 0) {
            type_done[v] = 1;
            continue;
        }
        rd_seg s1 = rd_seg_task(seed);
        if ((st = rd_ws_set(w, r, &s1, 1)) != RD_OK) goto done;
        U[seed_at] = U[--nu];
        for (int a = 0; a < nu; a++) rescan(w, r, U[a], bp, bc);
        for (;;) {
            int best = -1, best_at = -1;
            int64_t best_c2 = 0;
            for (int a = 0; a < nu; a++) {
                int u = U[a];
                if (bc[u] >= RD_INF) continue;
                int64_t c2 = d0[u] - bc[u];
                if (best < 0 || c2 > best_c2 || (c2 == best_c2 && u < best)) {
                    best = u;
                    best_at = a;
                    best_c2 = c2;
                }
            }
            if (best < 0) break;
            int p = bp[best];
            rd_seg s[3] = {rd_seg_part(r, 0, p), rd_seg_task(best), rd_seg_part(r, p, w->r[r].len)};
            if ((st = rd_ws_set(w, r, s, 3)) != RD_OK) goto done;
            U[best_at] = U[--nu];
            for (int a = 0; a < nu; a++) {
                int u = U[a];
                if (bc[u] < RD_INF) {
                    if (bp[u] == p) {
                        rescan(w, r, u, bp, bc);
                        continue;
                    }
                    if (bp[u] > p) bp[u]++;
                    bc[u] = ins_delta(w, r, bp[u], u);
                    if (bc[u] >= RD_INF) {
                        rescan(w, r, u, bp, bc);
                        continue;
                    }
                }
                for (int q = p; q <= p + 1; q++) {
                    int64_t d = ins_delta(w, r, q, u);
                    if (d < bc[u]) {
                        bc[u] = d;
                        bp[u] = q;
                    }
                }
            }
        }
    }
done:
    free(U);
    free(bp);
    free(bc);
    free(d0);
    free(type_done);
    return st;
}
