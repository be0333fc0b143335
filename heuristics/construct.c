#include "heuristics/construct.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- classification and reasons ---- */

/* Vehicle type v can serve q[0..nq) (in that order, nq <= 3) on a route of
 * its own, with its breaks (by window start) wherever they fit. */
static int alone_seq_ok(const rd_model *m, int v, const int *q, int nq) {
    const int *b = m->veh_brk + m->veh_brk_first[v];
    const int nb = m->veh_brk_first[v + 1] - m->veh_brk_first[v];
    if (nb == 0) return rd_route_check(m, v, q, nq, NULL);
    int seq[64];
    if (nb + nq > 64) return 0;
    /* q[0] before break i, q[nq-1] before break j >= i */
    for (int i = 0; i <= nb; i++)
        for (int j = i; j <= (nq > 1 ? nb : i); j++) {
            int k = 0;
            for (int x = 0; x <= nb; x++) {
                if (x == i) seq[k++] = q[0];
                if (nq > 1 && x == j)
                    for (int y = 1; y < nq; y++) seq[k++] = q[y];
                if (x < nb) seq[k++] = b[x];
            }
            if (rd_route_check(m, v, seq, k, NULL)) return 1;
        }
    return 0;
}

/* alone_seq_ok, also with a reload of the vehicle after the task(s) (an
 * end_empty vehicle unloads before it returns). */
static int alone_ok(const rd_model *m, int v, const int *q, int nq) {
    if (alone_seq_ok(m, v, q, nq)) return 1;
    for (int k = m->veh_rel_first[v]; k < m->veh_rel_first[v + 1]; k++) {
        const int f = m->veh_rel[k];
        if (k > m->veh_rel_first[v] && m->task_id[m->veh_rel[k - 1]] == m->task_id[f])
            continue; /* a copy of the facility just tried */
        int qq[3] = {q[0], nq > 1 ? q[1] : f, f};
        if (alone_seq_ok(m, v, qq, nq + 1)) return 1;
    }
    return 0;
}

/* Class of the sequence q[0..nq) (a job, or a shipment's pickup and delivery)
 * on a route of its own. */
static int classify_one(const rd_model *m, const int *q, int nq) {
    const int nd = m->n_dims;
    int any_skill = 0, any_cap = 0, any_time = 0;
    for (int v = 0; v < m->n_vehicles; v++) {
        const rd_vehicle *V = &m->vehicles[v];
        int skill_ok = 1;
        for (int i = 0; i < nq; i++) skill_ok &= rd_model_can_serve(m, v, q[i]);
        if (!skill_ok) continue;
        any_skill = 1;
        const int64_t *cap = rd_model_capacity(m, v);
        int cap_ok = 1;
        for (int d = 0; d < nd; d++)
            if (rd_model_pickup(m, q[0])[d] > cap[d] || rd_model_delivery(m, q[0])[d] > cap[d])
                cap_ok = 0;
        if (!cap_ok) continue;
        any_cap = 1;
        const rd_matrix *T = &m->durations[V->profile];
        int loc = m->task_loc[q[0]];
        int64_t arr = V->tw_start + (V->start_loc >= 0 ? rd_matrix_at(T, V->start_loc, loc) : 0);
        int64_t b = rd_task_begin(m, q[0], arr);
        if (b == RD_NO_TIME) continue;
        int64_t end = b + (V->start_loc != loc ? m->task_setup[q[0]] : 0) + m->task_service[q[0]] +
                      (V->end_loc >= 0 && nq == 1 ? rd_matrix_at(T, loc, V->end_loc) : 0);
        if (end > V->tw_end) continue;
        any_time = 1;
        if (alone_ok(m, v, q, nq)) return RD_ALONE_OK;
    }
    return !any_skill  ? RD_ALONE_SKILLS
           : !any_cap  ? RD_ALONE_CAPACITY
           : !any_time ? RD_ALONE_TIME
                       : RD_ALONE_LIMITS;
}

void rd_construct_classify(const rd_model *m, unsigned char *code) {
    for (int t = 0; t < m->n_tasks; t++) {
        int k = m->task_kind[t];
        if (k == RD_TASK_DELIVERY) continue; /* classified with its pickup */
        if (k == RD_TASK_BREAK || k == RD_TASK_RELOAD) {
            code[t] = RD_ALONE_BREAK;
            continue;
        }
        if (m->task_unroutable && m->task_unroutable[t]) { /* (a pair: both halves) */
            code[t] = RD_ALONE_UNROUTABLE;
            if (k == RD_TASK_PICKUP) code[m->task_pair[t]] = RD_ALONE_UNROUTABLE;
            continue;
        }
        if (k == RD_TASK_JOB) {
            code[t] = (unsigned char)classify_one(m, &t, 1);
        } else {
            int q[2] = {t, m->task_pair[t]};
            code[t] = code[q[1]] = (unsigned char)classify_one(m, q, 2);
        }
    }
}

/* "[3, 5]": the skills of task t. */
static void skills_text(const rd_model *m, int t, char *buf, size_t size) {
    size_t k = 0;
    buf[0] = 0;
    for (int j = m->task_skill_first[t]; j < m->task_skill_first[t + 1] && k + 24 < size; j++)
        k += (size_t)snprintf(buf + k, size - k, "%s%" PRId64,
                              j > m->task_skill_first[t] ? ", " : "", m->task_skills[j]);
}

void rd_construct_reason(const rd_model *m, int t, int code, char *buf, size_t size) {
    int a = m->task_tw_first[t], b = m->task_tw_first[t + 1];
    const char *what = m->task_kind[t] == RD_TASK_JOB ? "" : "its shipment: ";
    switch (code) {
    case RD_ALONE_UNROUTABLE:
        snprintf(buf, size, "%sunroutable: the routing server finds no route to or from it", what);
        break;
    case RD_ALONE_SKILLS: {
        char sk[160];
        skills_text(m, t, sk, sizeof sk);
        if (m->task_kind[t] != RD_TASK_JOB && m->task_skill_first)
            skills_text(m, m->task_pair[t], sk, sizeof sk); /* both halves ask the same */
        snprintf(buf, size, "no vehicle has skills [%s]", sk);
        break;
    }
    case RD_ALONE_CAPACITY:
        snprintf(buf, size, "%samount exceeds every vehicle capacity", what);
        break;
    case RD_ALONE_TIME:
        if (m->task_kind[t] != RD_TASK_JOB)
            snprintf(buf, size,
                     "its shipment cannot be picked up and delivered within the time windows "
                     "from any vehicle shift");
        else if (b - a == 1)
            snprintf(buf, size,
                     "time window [%" PRId64 ", %" PRId64
                     "] cannot be reached from any vehicle shift",
                     m->tw_start[a], m->tw_end[a]);
        else
            snprintf(buf, size,
                     "none of the %d time windows [%" PRId64 ", %" PRId64 "] .. [%" PRId64
                     ", %" PRId64 "] can be reached from any vehicle shift",
                     b - a, m->tw_start[a], m->tw_end[a], m->tw_start[b - 1], m->tw_end[b - 1]);
        break;
    case RD_ALONE_LIMITS: {
        int empty = 0; /* an end_empty vehicle may lack a facility it can reach in time */
        for (int v = 0; v < m->n_vehicles; v++) empty |= m->vehicles[v].end_empty;
        snprintf(buf, size,
                 "%sa route serving it alone breaks every vehicle's time windows, shift, "
                 "max_tasks, max_travel_time or max_distance%s",
                 what,
                 empty ? ", or it cannot unload at a facility before the end (end_empty)" : "");
        break;
    }
    default: snprintf(buf, size, "no room left in the plan"); break;
    }
}

/* ---- single insertion ---- */

/* Tries u before position q of route r; keeps the cheapest in (*br, *bq, *bd). */
static void try_pos(const rd_ws *w, int r, int q, int u, int *br, int *bq, int64_t *bd) {
    const rd_rwork *R = &w->r[r];
    rd_seg s[3] = {rd_seg_part(r, 0, q), rd_seg_task(u), rd_seg_part(r, q, R->len)};
    int64_t c;
    if (!rd_ws_try_below(w, R->vehicle, s, 3, *bd >= RD_INF ? RD_INF : R->cost + *bd, &c)) return;
    if (c - R->cost < *bd) {
        *bd = c - R->cost;
        *br = r;
        *bq = q;
    }
}

rd_status rd_construct_insert(rd_ws *w, const rd_neigh *nb, int u, int *placed) {
    *placed = 0;
    int br = -1, bq = -1;
    int64_t bd = RD_INF;
    const int *nv = rd_neigh_of(nb, u);
    for (int i = 0; i < nb->k; i++) {
        int r = w->route_of[nv[i]];
        if (r < 0) continue;
        int q = w->pos_of[nv[i]];
        try_pos(w, r, q, u, &br, &bq, &bd);
        try_pos(w, r, q + 1, u, &br, &bq, &bd);
    }
    if (br < 0)
        for (int r = 0; r < w->n_routes; r++)
            for (int q = 0; q <= w->r[r].len && rd_route_used(&w->r[r]); q++)
                try_pos(w, r, q, u, &br, &bq, &bd);
    for (int v = 0; v < w->m->n_vehicles; v++) {
        int r = rd_ws_empty_route(w, v); /* holding its type's breaks, if any */
        for (int q = 0; r >= 0 && q <= w->r[r].len; q++) try_pos(w, r, q, u, &br, &bq, &bd);
    }
    if (br < 0) return RD_OK;
    if (w->m->task_prize[u] >= 0 && bd >= 0) return RD_OK; /* optional: its prize does not pay */
    rd_seg s[3] = {rd_seg_part(br, 0, bq), rd_seg_task(u), rd_seg_part(br, bq, w->r[br].len)};
    RD_TRY(rd_ws_set(w, br, s, 3));
    *placed = 1;
    return RD_OK;
}

/* ---- reloads ---- */

/* Tries u with a reload stop of route r's vehicle right before or after it, at
 * every position of r; one reload copy per facility (copies are alike). */
static void scan_reload(const rd_ws *w, int r, int u, rd_pair_ins *best) {
    const rd_model *m = w->m;
    const rd_rwork *R = &w->r[r];
    const int v = R->vehicle, L = R->len;
    if (!rd_model_can_serve(m, v, u)) return;
    int64_t tried[16];
    int nt = 0;
    for (int k = m->veh_rel_first[v]; k < m->veh_rel_first[v + 1]; k++) {
        const int f = m->veh_rel[k];
        if (w->route_of[f] >= 0) continue;
        int seen = 0;
        for (int i = 0; i < nt && !seen; i++) seen = tried[i] == m->task_id[f];
        if (seen) continue;
        if (nt < 16) tried[nt++] = m->task_id[f];
        for (int q = 0; q <= L; q++)
            for (int o = 0; o < 2; o++) {
                const int x = o ? f : u, y = o ? u : f;
                rd_seg s[4] = {rd_seg_part(r, 0, q), rd_seg_task(x), rd_seg_task(y),
                               rd_seg_part(r, q, L)};
                int64_t c;
                if (!rd_ws_try_below(w, v, s, 4,
                                     best->delta >= RD_INF ? RD_INF : R->cost + best->delta, &c))
                    continue;
                if (c - R->cost < best->delta) *best = (rd_pair_ins){r, q, q, c - R->cost, x, y};
            }
    }
}

rd_status rd_construct_insert_reload(rd_ws *w, int u, const int *routes, int n_routes,
                                     int *placed) {
    const rd_model *m = w->m;
    *placed = 0;
    if (!w->reloads || !rd_task_served(m, u) || rd_task_is_ship(m, u)) return RD_OK;
    rd_pair_ins b = {-1, 0, 0, RD_INF, -1, -1};
    for (int k = 0; k < (routes ? n_routes : w->n_routes); k++) {
        const int r = routes ? routes[k] : k;
        if (rd_route_used(&w->r[r])) scan_reload(w, r, u, &b);
    }
    for (int v = 0; v < m->n_vehicles; v++) {
        if (m->veh_rel_first[v] == m->veh_rel_first[v + 1]) continue;
        int r = rd_ws_empty_route(w, v);
        if (r >= 0) scan_reload(w, r, u, &b);
    }
    if (b.route < 0 || (m->task_prize[u] >= 0 && b.delta >= 0)) return RD_OK;
    rd_seg s[4] = {rd_seg_part(b.route, 0, b.i), rd_seg_task(b.first), rd_seg_task(b.second),
                   rd_seg_part(b.route, b.i, w->r[b.route].len)};
    RD_TRY(rd_ws_set(w, b.route, s, 4));
    *placed = 1;
    return RD_OK;
}

rd_status rd_construct_drop_reloads(rd_ws *w) {
    if (!w->m->n_reloads) return RD_OK;
    for (int r = 0; r < w->n_routes; r++) {
        rd_rwork *R = &w->r[r];
        for (int i = R->len - 1; i >= 0; i--) {
            if (i >= R->len || w->m->task_kind[R->task[i]] != RD_TASK_RELOAD) continue;
            rd_seg s[2] = {rd_seg_part(r, 0, i), rd_seg_part(r, i + 1, R->len)};
            int64_t c;
            /* a route left with reloads only is emptied of them too */
            if (rd_ws_try_below(w, R->vehicle, s, 2, R->cost + 1, &c) &&
                (c <= R->cost || !rd_route_used(R))) /* (a useless reload goes too) */
                RD_TRY(rd_ws_set(w, r, s, 2));
        }
    }
    return RD_OK;
}

/* ---- shipment insertion ---- */

rd_status rd_construct_apply_pair(rd_ws *w, int p, const rd_pair_ins *b) {
    (void)p; /* b names its two tasks */
    const int r = b->route;
    rd_seg s[5] = {rd_seg_part(r, 0, b->i), rd_seg_task(b->first), rd_seg_part(r, b->i, b->j),
                   rd_seg_task(b->second), rd_seg_part(r, b->j, w->r[r].len)};
    return rd_ws_set(w, r, s, 5);
}

rd_status rd_construct_insert_pair(rd_ws *w, int p, int *placed) {
    *placed = 0;
    rd_pair_ins b = {-1, 0, 0, RD_INF, -1, -1};
    for (int r = 0; r < w->n_routes; r++)
        if (rd_route_used(&w->r[r])) rd_ws_scan_pair(w, r, p, NULL, 0, &b);
    for (int v = 0; v < w->m->n_vehicles; v++) {
        int r = rd_ws_empty_route(w, v);
        if (r >= 0) rd_ws_scan_pair(w, r, p, NULL, 0, &b);
    }
    if (b.route < 0) return RD_OK;
    RD_TRY(rd_construct_apply_pair(w, p, &b));
    *placed = 1;
    return RD_OK;
}

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
    const int n = C->n, B = 16;
    for (int i0 = 0; i0 < n; i0 += B)
        for (int j0 = 0; j0 <= i0; j0 += B)
            for (int i = i0; i < i0 + B && i < n; i++)
                for (int j = j0; j < j0 + B && j < i; j++)
                    if (rd_matrix_at(C, i, j) != rd_matrix_at(C, j, i)) return 0;
    return 1;
}

static rd_status build_savings(rd_ws *w, const rd_neigh *nb, const unsigned char *code) {
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
    size_t ns = 0;
    for (int i = 0; i < n; i++) {
        if (c.cid[i] < 0) continue;
        const int *nv = rd_neigh_of(nb, i);
        int li = m->task_loc[i];
        for (int q = 0; q < nb->k; q++) {
            int j = nv[q], lj = m->task_loc[j];
            if (c.cid[j] < 0) continue;
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
        int keep = c.size[ci] >= c.size[cj] ? ci : cj, gone = keep == ci ? cj : ci;
        c.next[i] = j;
        c.prev[j] = i;
        int h = c.head[ci], tl = c.tail[cj];
        for (int t = c.head[gone]; t >= 0; t = c.next[t]) {
            c.cid[t] = keep;
            if (t == c.tail[gone]) break;
        }
        c.head[keep] = h;
        c.tail[keep] = tl;
        c.size[keep] = c.size[ci] + c.size[cj];
        for (int d = 0; d < nd; d++) {
            c.pick[keep * nd + d] = c.pick[ci * nd + d] + c.pick[cj * nd + d];
            c.deliv[keep * nd + d] = c.deliv[ci * nd + d] + c.deliv[cj * nd + d];
        }
    }
    /* the largest chains get the vehicles (ties: lower id) */
    int nc = 0;
    for (int t = 0; t < n; t++)
        if (c.cid[t] == t) order[nc++] = t;
    for (int a = 1; a < nc; a++) { /* insertion sort by (size desc, id asc): stable and simple */
        int x = order[a], b = a;
        while (b > 0 && c.size[order[b - 1]] < c.size[x]) {
            order[b] = order[b - 1];
            b--;
        }
        order[b] = x;
    }
    int slots = w->type_first[1] - w->type_first[0];
    for (int a = 0; a < nc && a < slots; a++) {
        int len = chain_write(&c, order[a], 0, seq);
        st = rd_ws_set_tasks(w, w->type_first[0] + a, seq, len);
        if (st != RD_OK) goto done;
    }
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

static rd_status build_i1(rd_ws *w, const unsigned char *code) {
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

/* ---- parallel regret insertion ---- */

/* Per left-out task: its cheapest insertion (delta b1 into candidate c1 at
 * position q1) and the cheapest into another candidate (b2 into c2). A
 * candidate is a route slot (< n_routes) or, for n_routes + v, "a free
 * vehicle of type v" (then q1 is a position in the empty route that
 * rd_ws_empty_route gives at insertion time). */
typedef struct rg_best {
    int64_t b1, b2;
    int c1, c2, q1;
} rg_best;

/* Cheapest insertion of u into route slot r: delta and position (RD_INF: none). */
static int64_t rg_route(const rd_ws *w, int r, int u, int *q) {
    int br = -1, bq = -1;
    int64_t bd = RD_INF;
    if (!rd_ws_room(w, r, u)) return RD_INF;
    for (int k = 0; k <= w->r[r].len; k++) try_pos(w, r, k, u, &br, &bq, &bd);
    *q = bq;
    return bd;
}

/* Offers candidate c at delta d (position q) to b. */
static void rg_offer(rg_best *b, int c, int64_t d, int q) {
    if (d >= RD_INF) return;
    if (d < b->b1) {
        if (b->c1 != c) {
            b->b2 = b->b1;
            b->c2 = b->c1;
        }
        b->b1 = d;
        b->c1 = c;
        b->q1 = q;
    } else if (c != b->c1 && d < b->b2) {
        b->b2 = d;
        b->c2 = c;
    }
}

/* Evaluates u over the routes of its granular neighbours and a free vehicle
 * of each type (alone[]: u's cost alone per type, RD_INF when none is free). */
static void rg_eval(const rd_ws *w, const rd_neigh *nb, int u, const int64_t *alone,
                    const int *alone_q, int *mark, int stamp, rg_best *b) {
    const rd_model *m = w->m;
    *b = (rg_best){RD_INF, RD_INF, -1, -1, -1};
    const int *nv = rd_neigh_of(nb, u);
    for (int i = 0; i < nb->k; i++) {
        int r = w->route_of[nv[i]];
        if (r < 0 || mark[r] == stamp) continue;
        mark[r] = stamp;
        int q;
        int64_t d = rg_route(w, r, u, &q);
        rg_offer(b, r, d, q);
    }
    for (int v = 0; v < m->n_vehicles; v++)
        rg_offer(b, w->n_routes + v, alone[(size_t)u * m->n_vehicles + v],
                 alone_q[(size_t)u * m->n_vehicles + v]);
}

/* Builds routes by parallel regret insertion (Potvin & Rousseau's regret
 * with VROOM's weighting): while a left-out job fits, the one with the
 * highest priority and then the least b1 - (b2 - b1) goes to its cheapest
 * place (a task with a single place has regret b1). Candidates of a job are
 * the routes of its granular neighbours and a free vehicle of each type;
 * after each insertion only the jobs with a neighbour in the changed route
 * are priced again (and, when a type runs out of free vehicles, those that
 * counted on one). Works with breaks (empty routes hold them) and any fleet.
 * O(n² + n · k · route length) route checks at most. */
static rd_status build_regret(rd_ws *w, const rd_neigh *nb, const unsigned char *code,
                              double load_weight, double regret_weight) {
    const rd_model *m = w->m;
    const int n = m->n_tasks, nv = m->n_vehicles, k = nb->k;
    size_t nt = (size_t)(n > 0 ? n : 1);
    int *U = malloc(nt * sizeof *U), *pos = malloc(nt * sizeof *pos);
    int *rev_first = calloc(nt + 1, sizeof *rev_first),
        *rev = malloc(nt * (size_t)(k > 0 ? k : 1) * sizeof *rev);
    int *mark = calloc((size_t)w->n_routes + 1, sizeof *mark), *tmark = calloc(nt, sizeof *tmark);
    int64_t *alone = malloc(nt * (size_t)nv * sizeof *alone);
    int *alone_q = malloc(nt * (size_t)nv * sizeof *alone_q);
    rg_best *B = malloc(nt * sizeof *B);
    int64_t *lkey = calloc(nt, sizeof *lkey); /* load_weight's term of the key */
    rd_status st = RD_OK;
    if (!U || !pos || !rev_first || !rev || !mark || !tmark || !alone || !alone_q || !B || !lkey) {
        st = RD_ERR_NOMEM;
        goto done;
    }
    /* reverse neighbour lists: rev[rev_first[x] ..] = the tasks with x among theirs */
    for (int u = 0; u < n; u++)
        for (int i = 0; i < k; i++) rev_first[rd_neigh_of(nb, u)[i] + 1]++;
    for (int x = 0; x < n; x++) rev_first[x + 1] += rev_first[x];
    {
        int *fill = tmark; /* zeroed, reset below */
        for (int u = 0; u < n; u++)
            for (int i = 0; i < k; i++) {
                int x = rd_neigh_of(nb, u)[i];
                rev[rev_first[x] + fill[x]++] = u;
            }
        memset(tmark, 0, nt * sizeof *tmark);
    }
    int nu = 0;
    for (int t = 0; t < n; t++) {
        pos[t] = -1;
        if (code[t] != RD_ALONE_OK || w->route_of[t] >= 0) continue;
        pos[t] = nu;
        U[nu++] = t;
    }
    /* each job alone in a free vehicle of each type */
    int *free_r = malloc((size_t)(nv > 0 ? nv : 1) * sizeof *free_r);
    if (!free_r) {
        st = RD_ERR_NOMEM;
        goto done;
    }
    for (int v = 0; v < nv; v++) free_r[v] = rd_ws_empty_route(w, v);
    for (int a = 0; a < nu; a++)
        for (int v = 0; v < nv; v++) {
            int q = -1;
            alone[(size_t)U[a] * nv + v] =
                free_r[v] >= 0 ? rg_route(w, free_r[v], U[a], &q) : RD_INF;
            alone_q[(size_t)U[a] * nv + v] = q;
        }
    int stamp = 0;
    for (int a = 0; a < nu; a++) rg_eval(w, nb, U[a], alone, alone_q, mark, ++stamp, &B[U[a]]);
    if (load_weight > 0) {
        /* load_weight x (the job's largest share of the largest capacity in
         * a dimension) x (the mean cost of a job alone): small jobs first
         * when the fleet cannot take them all */
        double mean = 0;
        int cnt = 0;
        for (int a = 0; a < nu; a++)
            for (int v = 0; v < nv; v++)
                if (alone[(size_t)U[a] * nv + v] < RD_INF) {
                    mean += (double)alone[(size_t)U[a] * nv + v];
                    cnt++;
                    break;
                }
        mean = cnt > 0 ? mean / cnt : 0.0;
        for (int a = 0; a < nu; a++) {
            const int u = U[a];
            double share = 0;
            for (int d = 0; d < m->n_dims; d++) {
                int64_t big = 0;
                for (int v = 0; v < nv; v++)
                    if (rd_model_capacity(m, v)[d] > big) big = rd_model_capacity(m, v)[d];
                double f = big > 0
                               ? (double)(rd_model_pickup(m, u)[d] + rd_model_delivery(m, u)[d]) /
                                     (double)big
                               : 0.0;
                if (f > share) share = f;
            }
            lkey[u] = (int64_t)(load_weight * share * mean);
        }
    }
    int tstamp = 0;
    while (nu > 0) {
        int best = -1;
        int64_t bkey = 0;
        for (int a = 0; a < nu; a++) {
            const int u = U[a];
            const rg_best *b = &B[u];
            if (b->b1 >= RD_INF) continue;
            int64_t regret = b->b2 >= RD_INF ? (b->b1 > 0 ? b->b1 : 0) : b->b2 - b->b1;
            int64_t key = b->b1 - (int64_t)(regret_weight * (double)regret) + lkey[u];
            if (best < 0 || m->task_priority[u] > m->task_priority[best] ||
                (m->task_priority[u] == m->task_priority[best] &&
                 (key < bkey || (key == bkey && u < best)))) {
                best = u;
                bkey = key;
            }
        }
        if (best < 0) break;
        const rg_best bb = B[best];
        int r = bb.c1, q = bb.q1, type = -1;
        if (r >= w->n_routes) {
            type = r - w->n_routes;
            r = free_r[type];
        }
        rd_seg sg[3] = {rd_seg_part(r, 0, q), rd_seg_task(best), rd_seg_part(r, q, w->r[r].len)};
        if ((st = rd_ws_set(w, r, sg, 3)) != RD_OK) goto done;
        { /* out of U */
            int a = pos[best];
            U[a] = U[--nu];
            pos[U[a]] = a;
            pos[best] = -1;
        }
        /* a type whose free vehicle was taken: its next free one, and every
         * job that counted on the old one is priced again */
        int refresh_type = -1;
        if (type >= 0) {
            free_r[type] = rd_ws_empty_route(w, type);
            refresh_type = type;
            for (int a = 0; a < nu; a++) {
                int q2 = -1;
                alone[(size_t)U[a] * nv + type] =
                    free_r[type] >= 0 ? rg_route(w, free_r[type], U[a], &q2) : RD_INF;
                alone_q[(size_t)U[a] * nv + type] = q2;
            }
        }
        tstamp++;
        /* jobs with a neighbour in route r */
        const rd_rwork *R = &w->r[r];
        for (int i = 0; i < R->len; i++) {
            int x = R->task[i];
            for (int j = rev_first[x]; j < rev_first[x + 1]; j++) {
                int u = rev[j];
                if (pos[u] < 0 || tmark[u] == tstamp) continue;
                tmark[u] = tstamp;
                rg_eval(w, nb, u, alone, alone_q, mark, ++stamp, &B[u]);
            }
        }
        if (refresh_type >= 0) /* jobs that counted on that type's free vehicle */
            for (int a = 0; a < nu; a++) {
                int u = U[a];
                if (tmark[u] == tstamp) continue;
                if (B[u].c1 == w->n_routes + refresh_type ||
                    B[u].c2 == w->n_routes + refresh_type || B[u].c1 == r || B[u].c2 == r) {
                    tmark[u] = tstamp;
                    rg_eval(w, nb, u, alone, alone_q, mark, ++stamp, &B[u]);
                }
            }
    }
    free(free_r);
done:
    free(U);
    free(pos);
    free(rev_first);
    free(rev);
    free(mark);
    free(tmark);
    free(alone);
    free(alone_q);
    free(B);
    free(lkey);
    return st;
}

/* The plan that rd_construct builds with the regret builder's load weight
 * (0: off) into `w`, whose routes are empty when `fresh`. */
static rd_status construct_once(rd_ws *w, const rd_neigh *nb, const unsigned char *code, int fresh,
                                double load_weight, double regret_weight) {
    const rd_model *m = w->m;
    /* Shipments first, pair by pair (the savings and I1 move single tasks);
     * then the jobs. */
    unsigned char *jobs = NULL;
    if (w->pairs || w->prizes) { /* the builders take the mandatory jobs only */
        jobs = malloc((size_t)m->n_tasks);
        if (!jobs) return RD_ERR_NOMEM;
        for (int t = 0; t < m->n_tasks; t++) {
            jobs[t] =
                m->task_kind[t] == RD_TASK_JOB && m->task_prize[t] < 0 ? code[t] : RD_ALONE_LIMITS;
            if (m->task_kind[t] != RD_TASK_PICKUP || code[t] != RD_ALONE_OK || w->route_of[t] >= 0)
                continue;
            int placed;
            rd_status st = rd_construct_insert_pair(w, t, &placed);
            if (st != RD_OK) {
                free(jobs);
                return st;
            }
        }
    }
    const unsigned char *jc = jobs ? jobs : code;
    rd_status st = RD_OK;
    /* one vehicle type without breaks (the benchmark sets): savings, or
     * Solomon's I1 with windows; a mixed fleet or breaks: regret insertion.
     * The builders start from empty routes: after an initial plan, insertion
     * alone. */
    if (fresh && !w->breaks && m->n_vehicles == 1)
        st = !m->has_tw && nb->k > 0 && !w->pairs ? build_savings(w, nb, jc) : build_i1(w, jc);
    else if (fresh && nb->k > 0)
        st = build_regret(w, nb, jc, load_weight, regret_weight);
    for (int t = 0; st == RD_OK && t < m->n_tasks; t++) { /* then optional jobs, if they pay */
        if (code[t] != RD_ALONE_OK || m->task_kind[t] != RD_TASK_JOB || w->route_of[t] >= 0)
            continue;
        int placed;
        st = rd_construct_insert(w, nb, t, &placed);
        if (st == RD_OK && !placed) st = rd_construct_insert_reload(w, t, NULL, 0, &placed);
    }
    if (st == RD_OK) st = rd_construct_drop_reloads(w);
    free(jobs);
    return st;
}

/* The regret builder's second try when the first plan leaves tasks out:
 * (the job's share of a vehicle) x (mean cost of a job alone) x LOAD_WEIGHT
 * added to its key. Measured on the generated cities' first plans: 10 left
 * out 90 of 2,000 stops where 0 left out 99, 45 of 1,000 where 53 (20, 40
 * and 100 were no better). */
#define LOAD_WEIGHT 10.0

rd_status rd_construct(rd_ws *w, const rd_neigh *nb, const unsigned char *code) {
    return rd_construct_variant(w, nb, code, 0);
}

/* The regret weights of the variants: the slots of one solve start from
 * different plans, as VROOM's -x levels run several builds. */
static const double REGRET_WEIGHT[4] = {1.0, 0.5, 2.0, 0.0};

rd_status rd_construct_variant(rd_ws *w, const rd_neigh *nb, const unsigned char *code,
                               int variant) {
    const rd_model *m = w->m;
    const double rw = REGRET_WEIGHT[(variant % 4 + 4) % 4];
    if (m->n_tasks == 0 || w->n_routes == 0) return RD_OK;
    int fresh = 1;
    for (int r = 0; r < w->n_routes && fresh; r++) fresh = !rd_route_used(&w->r[r]);
    RD_TRY(construct_once(w, nb, code, fresh, 0.0, rw));
    const int regret = fresh && nb->k > 0 && (w->breaks || m->n_vehicles > 1);
    int left_out = 0;
    for (int t = 0; t < m->n_tasks && !left_out; t++)
        left_out = code[t] == RD_ALONE_OK && m->task_prize[t] < 0 && w->route_of[t] < 0;
    if (!regret || !left_out) return RD_OK;
    /* the fleet cannot take everything: build again with small jobs first
     * and keep the plan that serves more (VROOM's order), then costs less */
    int *len = malloc((size_t)w->n_routes * sizeof *len);
    int *task = malloc((size_t)m->n_tasks * sizeof *task);
    if (!len || !task) {
        free(len);
        free(task);
        return RD_ERR_NOMEM;
    }
    for (int r = 0, k = 0; r < w->n_routes; r++) {
        len[r] = w->r[r].len;
        memcpy(task + k, w->r[r].task, (size_t)len[r] * sizeof *task);
        k += len[r];
    }
    const int64_t prio1 = w->prio_routed, cost1 = w->cost;
    const int n1 = w->n_routed;
    rd_ws_clear(w);
    rd_status st = construct_once(w, nb, code, 1, LOAD_WEIGHT, rw);
    if (st == RD_OK && (prio1 > w->prio_routed ||
                        (prio1 == w->prio_routed &&
                         (n1 > w->n_routed || (n1 == w->n_routed && cost1 <= w->cost))))) {
        rd_ws_clear(w); /* the first plan was better */
        for (int r = 0, k = 0; r < w->n_routes && st == RD_OK; k += len[r], r++)
            if (len[r] > 0) st = rd_ws_set_tasks(w, r, task + k, len[r]);
    }
    free(len);
    free(task);
    return st;
}
