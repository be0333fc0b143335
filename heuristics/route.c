#include "heuristics/route.h"

#include <stdlib.h>
#include <string.h>

/* ---- schedule primitives (the evaluator's rules) ---- */

int64_t rd_task_begin(const rd_model *m, int t, int64_t arr) {
    int a = m->task_tw_first[t], b = m->task_tw_first[t + 1];
    for (int w = a; w < b; w++)
        if (m->tw_end[w] >= arr) return arr > m->tw_start[w] ? arr : m->tw_start[w];
    return RD_NO_TIME;
}

/* Latest arrival at task t such that begin + setup s + service <= ldn. Exact
 * because begin(arr) is non-decreasing in arr: the answer is min(end, latest
 * begin) of the last window that opens by the latest begin. */
static int64_t latest_arrival(const rd_model *m, int t, int64_t s, int64_t ldn) {
    if (ldn <= RD_NO_TIME) return RD_NO_TIME;
    int64_t x = ldn - s - m->task_service[t];
    int a = m->task_tw_first[t], b = m->task_tw_first[t + 1];
    for (int w = b - 1; w >= a; w--)
        if (m->tw_start[w] <= x) return x < m->tw_end[w] ? x : m->tw_end[w];
    return RD_NO_TIME;
}

static int64_t sat_add(int64_t a, int64_t b) {
    return a >= RD_INF - b ? RD_INF : a + b;
}

/* Can a window, a shift end or the begin rule ever change feasibility? Zero
 * when every task's first window opens by the earliest shift start and every
 * window and shift end lies beyond an upper bound on any arrival time. */
int rd_ws_need_time(const rd_model *m) {
    if (m->n_breaks > 0) return 1;
    int64_t min_start = RD_INF, max_start = -RD_INF, min_end = RD_INF;
    for (int v = 0; v < m->n_vehicles; v++) {
        const rd_vehicle *V = &m->vehicles[v];
        if (V->tw_start < min_start) min_start = V->tw_start;
        if (V->tw_start > max_start) max_start = V->tw_start;
        if (V->tw_end < min_end) min_end = V->tw_end;
    }
    int64_t maxdur = 0;
    for (int p = 0; p < m->n_profiles; p++) {
        const rd_matrix *T = &m->durations[p];
        size_t nn = (size_t)T->n * (size_t)T->n;
        for (size_t i = 0; i < nn; i++)
            if (T->v[i] > maxdur) maxdur = T->v[i];
    }
    if (maxdur >= RD_INF / ((int64_t)m->n_tasks + 2)) return 1;
    int64_t ub = sat_add(max_start, maxdur * ((int64_t)m->n_tasks + 1));
    for (int t = 0; t < m->n_tasks; t++) ub = sat_add(ub, m->task_setup[t] + m->task_service[t]);
    if (ub >= RD_INF || min_end < ub) return 1;
    for (int t = 0; t < m->n_tasks; t++) {
        int a = m->task_tw_first[t];
        if (m->tw_start[a] > min_start || m->tw_end[a] < ub) return 1;
    }
    return 0;
}

static int compute_mixed(const rd_model *m) {
    for (int t = 0; t < m->n_tasks; t++)
        if (rd_task_is_ship(m, t)) return 1;
    int any_p = 0, any_d = 0;
    size_t n = (size_t)m->n_tasks * (size_t)m->n_dims;
    for (size_t i = 0; i < n; i++) {
        if (m->task_pickup[i] > 0) any_p = 1;
        if (m->task_delivery[i] > 0) any_d = 1;
    }
    return any_p && any_d;
}

/* ---- route caches ---- */

static rd_status ensure_cap(rd_rwork *R, int need, int nd) {
    if (need <= R->cap) return RD_OK;
    int nc = R->cap ? 2 * R->cap : 8;
    while (nc < need) nc *= 2;
    size_t np = (size_t)nc + 1, nl = np * (size_t)nd;
    int *task = realloc(R->task, (size_t)nc * sizeof *task);
    if (!task) return RD_ERR_NOMEM;
    R->task = task;
    rd_pos *pos = realloc(R->pos, np * sizeof *pos);
    if (!pos) return RD_ERR_NOMEM;
    R->pos = pos;
    int64_t **arr[4] = {&R->pick, &R->deliv, &R->pmax, &R->smax};
    for (int k = 0; k < 4; k++) {
        int64_t *a = realloc(*arr[k], nl * sizeof *a);
        if (!a) return RD_ERR_NOMEM;
        *arr[k] = a;
    }
    int **iarr[5] = {&R->open, &R->nship, &R->nbrk, &R->lastloc, &R->nrel};
    for (int k = 0; k < 5; k++) {
        int *a = realloc(*iarr[k], np * sizeof *a);
        if (!a) return RD_ERR_NOMEM;
        *iarr[k] = a;
    }
    R->cap = nc;
    return RD_OK;
}

/* Recomputes every cache of route r from its task list. O(len · n_dims). */
static void rebuild(rd_ws *w, int r) {
    const rd_model *m = w->m;
    rd_rwork *R = &w->r[r];
    const rd_vehicle *V = &m->vehicles[R->vehicle];
    const rd_matrix *C = &m->costs[V->profile], *D = &m->distances[V->profile],
                    *T = &m->durations[V->profile];
    const int nd = m->n_dims, len = R->len;
    rd_pos *P = R->pos;
    memset(&P[0], 0, sizeof P[0]);
    P[0].dep = V->tw_start;
    int prev = V->start_loc;
    int64_t t = V->tw_start;
    R->lastloc[0] = prev;
    for (int i = 0; i < len; i++) {
        int k = R->task[i], loc = m->task_loc[k];
        rd_pos *q = &P[i + 1];
        *q = P[i];
        if (m->task_prize[k] > 0) q->prize += m->task_prize[k];
        if (loc < 0) { /* a break: no travel */
            int64_t b = rd_task_begin(m, k, t);
            t = (b == RD_NO_TIME ? t : b) + m->task_service[k];
            q->dep = t;
            R->lastloc[i + 1] = prev;
            continue;
        }
        if (prev >= 0) {
            q->cost += rd_matrix_at(C, prev, loc);
            q->dist += rd_matrix_at(D, prev, loc);
            int64_t dt = rd_matrix_at(T, prev, loc);
            q->time += dt;
            t += dt;
        }
        if (i >= 1 && m->task_loc[R->task[i - 1]] >= 0) { /* reversed arcs: breaks never reverse */
            int pl = m->task_loc[R->task[i - 1]];
            q->rcost += rd_matrix_at(C, loc, pl);
            q->rdist += rd_matrix_at(D, loc, pl);
            q->rtime += rd_matrix_at(T, loc, pl);
        }
        int64_t b = rd_task_begin(m, k, t);
        if (b == RD_NO_TIME) b = t; /* only reached on a route the caller failed to check */
        t = b + (prev != loc ? m->task_setup[k] : 0) + m->task_service[k];
        q->dep = t;
        prev = loc;
        R->lastloc[i + 1] = prev;
    }
    R->tcost = P[len].cost;
    R->tdist = P[len].dist;
    R->ttime = P[len].time;
    int64_t end_dt = 0;
    if (len > 0 && V->end_loc >= 0 && prev >= 0) { /* prev < 0: open start, breaks only */
        R->tcost += rd_matrix_at(C, prev, V->end_loc);
        R->tdist += rd_matrix_at(D, prev, V->end_loc);
        end_dt = rd_matrix_at(T, prev, V->end_loc);
        R->ttime += end_dt;
    }
    P[len].ld = V->tw_end - end_dt;
    for (int i = len - 1; i >= 0; i--) {
        int k = R->task[i], loc = m->task_loc[k];
        if (loc < 0) { /* a break: departs at begin + service, arrived when the last task left */
            P[i].ld = latest_arrival(m, k, 0, P[i + 1].ld);
            continue;
        }
        int pl = R->lastloc[i];
        int64_t la = latest_arrival(m, k, pl != loc ? m->task_setup[k] : 0, P[i + 1].ld);
        P[i].ld = la == RD_NO_TIME ? RD_NO_TIME : la - (pl >= 0 ? rd_matrix_at(T, pl, loc) : 0);
    }
    for (int d = 0; d < nd; d++) R->pick[d] = R->deliv[d] = 0;
    R->open[0] = R->nship[0] = R->nbrk[0] = R->nrel[0] = 0;
    for (int i = 0; i < len; i++) {
        const int k = R->task[i], kind = m->task_kind[k];
        for (int d = 0; d < nd; d++) {
            R->pick[(i + 1) * nd + d] = R->pick[i * nd + d] + rd_task_load_pick(m, k, d);
            R->deliv[(i + 1) * nd + d] = R->deliv[i * nd + d] + rd_task_load_deliv(m, k, d);
        }
        R->open[i + 1] = R->open[i] + (kind == RD_TASK_PICKUP) - (kind == RD_TASK_DELIVERY);
        R->nship[i + 1] = R->nship[i] + (kind == RD_TASK_PICKUP || kind == RD_TASK_DELIVERY);
        R->nbrk[i + 1] = R->nbrk[i] + (kind == RD_TASK_BREAK);
        R->nrel[i + 1] = R->nrel[i] + (kind == RD_TASK_RELOAD);
    }
    if (w->mixed) {
        for (int d = 0; d < nd; d++) {
            int64_t dtot = R->deliv[len * nd + d];
            for (int h = 0; h <= len; h++) {
                int64_t o = R->pick[h * nd + d] + dtot - R->deliv[h * nd + d];
                R->pmax[h * nd + d] =
                    (h == 0 || o > R->pmax[(h - 1) * nd + d]) ? o : R->pmax[(h - 1) * nd + d];
            }
            for (int h = len; h >= 0; h--) {
                int64_t o = R->pick[h * nd + d] + dtot - R->deliv[h * nd + d];
                R->smax[h * nd + d] =
                    (h == len || o > R->smax[(h + 1) * nd + d]) ? o : R->smax[(h + 1) * nd + d];
            }
        }
    }
    R->cost = rd_route_used(R) ? V->fixed_cost + R->tcost - P[len].prize : 0;
}

/* ---- workspace ---- */

void rd_ws_free(rd_ws *w) {
    if (w->r)
        for (int r = 0; r < w->n_routes; r++) {
            rd_rwork *R = &w->r[r];
            free(R->task);
            free(R->pos);
            free(R->pick);
            free(R->deliv);
            free(R->pmax);
            free(R->smax);
            free(R->open);
            free(R->nship);
            free(R->nbrk);
            free(R->nrel);
            free(R->lastloc);
        }
    free(w->r);
    free(w->type_first);
    free(w->empty_hint);
    free(w->veh_head);
    free(w->veh_tail);
    free(w->veh_skill);
    free(w->route_of);
    free(w->pos_of);
    free(w->buf1);
    free(w->buf2);
    free(w->buf3);
    free(w->jr_saved);
    free(w->jr_start);
    free(w->jr_len);
    free(w->jr_list);
    free(w->jr_buf);
    memset(w, 0, sizeof *w);
}

rd_status rd_ws_init(rd_ws *w, const rd_model *m) {
    return rd_ws_init_known(w, m, rd_ws_need_time(m));
}

/* Vehicle types that the caches cannot tell apart (see rd_ws): for each type
 * the first type with the same profile, start and shift start (head), the
 * same profile, end and shift end (tail), and the same skills (skill).
 * O(n_vehicles² · skills). */
static void vehicle_classes(const rd_model *m, int *head, int *tail, int *skill) {
    for (int v = 0; v < m->n_vehicles; v++) {
        const rd_vehicle *V = &m->vehicles[v];
        head[v] = tail[v] = skill[v] = v;
        for (int u = 0; u < v; u++) {
            const rd_vehicle *U = &m->vehicles[u];
            if (head[v] == v && head[u] == u && U->profile == V->profile &&
                U->start_loc == V->start_loc && U->tw_start == V->tw_start)
                head[v] = u;
            if (tail[v] == v && tail[u] == u && U->profile == V->profile &&
                U->end_loc == V->end_loc && U->tw_end == V->tw_end)
                tail[v] = u;
            if (skill[v] == v && skill[u] == u) {
                int same = 1;
                if (m->veh_skill_first) {
                    int a = m->veh_skill_first[u], na = m->veh_skill_first[u + 1] - a;
                    int b = m->veh_skill_first[v], nb = m->veh_skill_first[v + 1] - b;
                    same = na == nb;
                    for (int i = 0; same && i < na; i++)
                        same = m->veh_skills[a + i] == m->veh_skills[b + i];
                }
                if (same) skill[v] = u;
            }
        }
    }
}

rd_status rd_ws_init_known(rd_ws *w, const rd_model *m, int need_time) {
    memset(w, 0, sizeof *w);
    w->m = m;
    const int n = m->n_tasks, nv = m->n_vehicles;
    size_t nt = (size_t)(n > 0 ? n : 1);
    int nr = 0;
    for (int v = 0; v < nv; v++) nr += m->vehicles[v].count < n ? m->vehicles[v].count : n;
    w->n_routes = nr;
    size_t nrs = (size_t)(nr > 0 ? nr : 1);
    w->r = calloc(nrs, sizeof *w->r);
    w->type_first = calloc((size_t)nv + 1, sizeof *w->type_first);
    w->empty_hint = calloc((size_t)nv + 1, sizeof *w->empty_hint);
    w->route_of = malloc(nt * sizeof *w->route_of);
    w->pos_of = calloc(nt, sizeof *w->pos_of);
    w->buf1 = malloc(nt * sizeof *w->buf1);
    w->buf2 = malloc(nt * sizeof *w->buf2);
    w->buf3 = malloc(nt * sizeof *w->buf3);
    w->jr_saved = malloc(nrs * sizeof *w->jr_saved);
    w->jr_start = calloc(nrs, sizeof *w->jr_start);
    w->jr_len = calloc(nrs, sizeof *w->jr_len);
    w->jr_list = calloc(nrs, sizeof *w->jr_list);
    w->jr_buf = malloc(nt * sizeof *w->jr_buf);
    w->veh_head = malloc(((size_t)nv + 1) * sizeof *w->veh_head);
    w->veh_tail = malloc(((size_t)nv + 1) * sizeof *w->veh_tail);
    w->veh_skill = malloc(((size_t)nv + 1) * sizeof *w->veh_skill);
    if (!w->r || !w->type_first || !w->empty_hint || !w->route_of || !w->pos_of || !w->buf1 ||
        !w->buf2 || !w->buf3 || !w->jr_saved || !w->jr_start || !w->jr_len || !w->jr_list ||
        !w->jr_buf || !w->veh_head || !w->veh_tail || !w->veh_skill) {
        rd_ws_free(w);
        return RD_ERR_NOMEM;
    }
    int k = 0;
    for (int v = 0; v < nv; v++) {
        w->type_first[v] = k;
        w->empty_hint[v] = k;
        int c = m->vehicles[v].count < n ? m->vehicles[v].count : n;
        for (int i = 0; i < c; i++) w->r[k++].vehicle = v;
    }
    w->type_first[nv] = k;
    vehicle_classes(m, w->veh_head, w->veh_tail, w->veh_skill);
    for (int r = 0; r < nr; r++) {
        int v = w->r[r].vehicle, nb = m->veh_brk_first[v + 1] - m->veh_brk_first[v];
        if (ensure_cap(&w->r[r], 4 + nb, m->n_dims) != RD_OK) {
            rd_ws_free(w);
            return RD_ERR_NOMEM;
        }
        w->jr_saved[r] = -1;
    }
    w->need_time = need_time;
    w->cost_sym = -1;
    w->mixed = compute_mixed(m);
    w->breaks = m->n_breaks > 0;
    w->release = m->task_release != NULL;
    for (int t = 0; t < m->n_tasks && !w->prizes; t++) w->prizes = m->task_prize[t] >= 0;
    w->reloads = m->n_reloads > 0 || m->veh_shift_cap != NULL;
    for (int v = 0; v < m->n_vehicles; v++) w->reloads |= m->vehicles[v].end_empty;
    for (int t = 0; t < m->n_tasks && !w->pairs; t++) w->pairs = rd_task_is_ship(m, t);
    rd_ws_clear(w);
    return RD_OK;
}

static void write_route(rd_ws *w, int r, const int *t, int len);

void rd_ws_clear(rd_ws *w) {
    for (int t = 0; t < w->m->n_tasks; t++) w->route_of[t] = -1;
    for (int r = 0; r < w->n_routes; r++) {
        w->r[r].len = 0;
        w->r[r].stamp = w->tick;
        rebuild(w, r);
    }
    for (int v = 0; v < w->m->n_vehicles; v++) w->empty_hint[v] = w->type_first[v];
    w->cost = 0;
    w->n_routed = 0;
    w->prio_routed = 0;
    w->jr_on = 0;
    w->jr_n = 0;
    /* every route slot of a type with breaks holds them (capacity reserved at init) */
    for (int v = 0; w->breaks && v < w->m->n_vehicles; v++) {
        const int *b = w->m->veh_brk + w->m->veh_brk_first[v];
        int nb = w->m->veh_brk_first[v + 1] - w->m->veh_brk_first[v];
        if (nb > 0 && w->type_first[v] < w->type_first[v + 1])
            write_route(w, w->type_first[v], b, nb);
    }
}

/* ---- candidate evaluation ---- */

typedef struct walk_state {
    int64_t t, cost, dist, time; /* clock, travel cost, distance, travel time so far */
    int prev;                    /* last location, -1 before an open start */
} walk_state;

/* Adds the arc from the walk's last location to the end location (nothing
 * for an open end, nor after an open start with no located task: breaks
 * only). */
static inline void walk_end(const rd_matrix *C, const rd_matrix *D, const rd_matrix *T,
                            walk_state *st, int end_loc) {
    if (end_loc < 0 || st->prev < 0) return;
    st->cost += rd_matrix_at(C, st->prev, end_loc);
    st->dist += rd_matrix_at(D, st->prev, end_loc);
    int64_t dt = rd_matrix_at(T, st->prev, end_loc);
    st->time += dt;
    st->t += dt;
}

static inline int walk_task(const rd_model *m, const rd_matrix *C, const rd_matrix *D,
                            const rd_matrix *T, int need_time, walk_state *st, int k) {
    int loc = m->task_loc[k];
    if (loc < 0) { /* a break: stays where it is */
        int64_t b = rd_task_begin(m, k, st->t);
        if (b == RD_NO_TIME) return 0;
        st->t = b + m->task_service[k];
        return 1;
    }
    if (st->prev >= 0) {
        st->cost += rd_matrix_at(C, st->prev, loc);
        st->dist += rd_matrix_at(D, st->prev, loc);
        int64_t dt = rd_matrix_at(T, st->prev, loc);
        st->time += dt;
        st->t += dt;
    }
    if (need_time) {
        int64_t b = rd_task_begin(m, k, st->t);
        if (b == RD_NO_TIME) return 0;
        st->t = b + (st->prev != loc ? m->task_setup[k] : 0) + m->task_service[k];
    }
    st->prev = loc;
    return 1;
}

static inline int seg_len(const rd_seg *g) {
    return g->route < 0 ? 1 : g->b - g->a;
}

/* Load along the candidate (VROOM rule): the load at a point is the pickups
 * before it plus the deliveries after it; it must fit everywhere. */
static int load_ok(const rd_ws *w, int vehicle, const rd_seg *s, int ns) {
    const rd_model *m = w->m;
    const int nd = m->n_dims;
    const int64_t *cap = rd_model_capacity(m, vehicle);
    int64_t sp[RD_SEG_MAX][RD_MAX_DIMS], sd[RD_SEG_MAX][RD_MAX_DIMS];
    int64_t P[RD_MAX_DIMS] = {0}, D[RD_MAX_DIMS] = {0};
    for (int k = 0; k < ns; k++) {
        const rd_seg *g = &s[k];
        if (g->route < 0) {
            for (int d = 0; d < nd; d++) {
                sp[k][d] = rd_task_load_pick(m, g->a, d);
                sd[k][d] = rd_task_load_deliv(m, g->a, d);
            }
        } else if (g->a >= g->b) {
            for (int d = 0; d < nd; d++) sp[k][d] = sd[k][d] = 0;
        } else {
            const rd_rwork *R = &w->r[g->route];
            for (int d = 0; d < nd; d++) {
                sp[k][d] = R->pick[g->b * nd + d] - R->pick[g->a * nd + d];
                sd[k][d] = R->deliv[g->b * nd + d] - R->deliv[g->a * nd + d];
            }
        }
        for (int d = 0; d < nd; d++) {
            P[d] += sp[k][d];
            D[d] += sd[k][d];
        }
    }
    for (int d = 0; d < nd; d++)
        if (P[d] > cap[d] || D[d] > cap[d]) return 0;
    if (!w->mixed)
        return 1; /* per dimension only pickups or only deliveries: the peak is a total */
    int64_t before[RD_MAX_DIMS] = {0};
    for (int k = 0; k < ns; k++) {
        const rd_seg *g = &s[k];
        for (int d = 0; d < nd; d++) D[d] -= sd[k][d]; /* D: deliveries after segment k */
        if (g->route >= 0 && g->a >= g->b) continue;
        for (int d = 0; d < nd; d++) {
            int64_t inner;
            if (g->route < 0) {
                inner = sd[k][d] > sp[k][d] ? sd[k][d] : sp[k][d];
            } else {
                const rd_rwork *R = &w->r[g->route];
                if (!g->rev && g->a == 0) {
                    inner = R->pmax[g->b * nd + d] - R->deliv[R->len * nd + d] +
                            R->deliv[g->b * nd + d];
                } else if (!g->rev && g->b == R->len) {
                    inner = R->smax[g->a * nd + d] - R->pick[g->a * nd + d];
                } else {
                    int64_t pr = 0, dr = sd[k][d];
                    inner = dr;
                    for (int i = 0; i < g->b - g->a; i++) {
                        int t = R->task[g->rev ? g->b - 1 - i : g->a + i];
                        pr += rd_task_load_pick(m, t, d);
                        dr -= rd_task_load_deliv(m, t, d);
                        if (pr + dr > inner) inner = pr + dr;
                    }
                }
            }
            if (before[d] + D[d] + inner > cap[d]) return 0;
        }
        for (int d = 0; d < nd; d++) before[d] += sp[k][d];
    }
    return 1;
}

/* Position of task p in the candidate s[0..ns), or -1 when it is not in it. */
static int cand_index(const rd_ws *w, const rd_seg *s, int ns, int p) {
    int off = 0;
    for (int k = 0; k < ns; k++) {
        const rd_seg *g = &s[k];
        if (g->route < 0 && g->a == p) return off;
        off += seg_len(g);
    }
    int r = w->route_of[p], pos = w->pos_of[p];
    if (r < 0) return -1;
    off = 0;
    for (int k = 0; k < ns; k++) {
        const rd_seg *g = &s[k];
        if (g->route == r && pos >= g->a && pos < g->b)
            return off + (g->rev ? g->b - 1 - pos : pos - g->a);
        off += seg_len(g);
    }
    return -1;
}

/* Shipments: every half of the candidate has its partner in it, pickup first.
 * O(segments) when no segment cuts a pair, else O(len · segments). */
static int pairs_ok(const rd_ws *w, const rd_seg *s, int ns) {
    const rd_model *m = w->m;
    int simple = 1;
    for (int k = 0; k < ns && simple; k++) {
        const rd_seg *g = &s[k];
        if (g->route < 0) {
            simple = !rd_task_is_ship(m, g->a);
        } else if (g->a < g->b) {
            const rd_rwork *R = &w->r[g->route];
            if (R->nship[g->b] == R->nship[g->a]) continue;
            simple = !g->rev && R->open[g->a] == 0 && R->open[g->b] == 0;
        }
    }
    if (simple) return 1;
    int off = 0;
    for (int k = 0; k < ns; k++) {
        const rd_seg *g = &s[k];
        int n = seg_len(g);
        for (int i = 0; i < n; i++) {
            int t = g->route < 0 ? g->a : w->r[g->route].task[g->rev ? g->b - 1 - i : g->a + i];
            if (!rd_task_is_ship(m, t)) continue;
            int q = cand_index(w, s, ns, m->task_pair[t]);
            if (q < 0 || (m->task_kind[t] == RD_TASK_PICKUP) != (q > off + i)) return 0;
        }
        off += n;
    }
    return 1;
}

/* Skills: vehicle type `vehicle` may serve every task of the candidate. */
static int skills_ok(const rd_ws *w, int vehicle, const rd_seg *s, int ns) {
    const rd_model *m = w->m;
    for (int k = 0; k < ns; k++) {
        const rd_seg *g = &s[k];
        if (g->route < 0) {
            if (!rd_model_can_serve(m, vehicle, g->a)) return 0;
        } else if (w->r[g->route].vehicle != vehicle) {
            const rd_rwork *R = &w->r[g->route];
            /* the same skills and no owned stop (break, reload) of the other type */
            if (g->a >= g->b || (w->veh_skill[R->vehicle] == w->veh_skill[vehicle] &&
                                 R->nbrk[g->b] == R->nbrk[g->a] && R->nrel[g->b] == R->nrel[g->a]))
                continue;
            for (int i = g->a; i < g->b; i++)
                if (!rd_model_can_serve(m, vehicle, w->r[g->route].task[i])) return 0;
        }
    }
    return 1;
}

/* Breaks' max_load: the load when each break is taken fits it. O(len · n_dims). */
static int break_loads_ok(const rd_ws *w, const rd_seg *s, int ns) {
    const rd_model *m = w->m;
    const int nd = m->n_dims;
    int64_t load[RD_MAX_DIMS] = {0};
    for (int pass = 0; pass < 2; pass++)
        for (int k = 0; k < ns; k++) {
            const rd_seg *g = &s[k];
            int n = seg_len(g);
            for (int i = 0; i < n; i++) {
                int t = g->route < 0 ? g->a : w->r[g->route].task[g->rev ? g->b - 1 - i : g->a + i];
                for (int d = 0; d < nd; d++) {
                    if (pass == 0) { /* the start load: deliveries on board */
                        load[d] += rd_task_load_deliv(m, t, d);
                        continue;
                    }
                    load[d] += rd_task_load_pick(m, t, d) - rd_task_load_deliv(m, t, d);
                    if (m->task_kind[t] == RD_TASK_BREAK &&
                        load[d] > m->task_max_load[(size_t)t * (size_t)nd + (size_t)d])
                        return 0;
                }
            }
        }
    return 1;
}

/* Task i of segment g. */
static inline int seg_task(const rd_ws *w, const rd_seg *g, int i) {
    return g->route < 0 ? g->a : w->r[g->route].task[g->rev ? g->b - 1 - i : g->a + i];
}

#define RD_MAX_TRIPS 256 /* trips per route the walk below keeps (breaks' max_load) */

/* Loads trip by trip (the model's rule: a trip's deliveries on board at its
 * start, pickups accumulate, all unloaded at the reload that ends it), a
 * shipment within one trip, nothing picked up after the last reload of an
 * end_empty vehicle, the route's pickups within the shift capacity, and
 * breaks' max_load. Walks the candidate: O(len · n_dims). */
static int trip_loads_ok(const rd_ws *w, int vehicle, const rd_seg *s, int ns) {
    const rd_model *m = w->m;
    const int nd = m->n_dims;
    const int64_t *cap = rd_model_capacity(m, vehicle);
    const int64_t *shift =
        m->veh_shift_cap ? m->veh_shift_cap + (size_t)vehicle * (size_t)nd : NULL;
    int64_t dtot[RD_MAX_TRIPS][RD_MAX_DIMS]; /* each trip's deliveries (for max_load) */
    int64_t rel[RD_MAX_DIMS] = {0}, relmax[RD_MAX_DIMS] = {0}, del[RD_MAX_DIMS] = {0};
    int64_t ptrip[RD_MAX_DIMS] = {0}, ptot[RD_MAX_DIMS] = {0};
    int open = 0, trip = 0;
    for (int k = 0; k <= ns; k++) {
        const int n = k < ns ? seg_len(&s[k]) : 1;
        for (int i = 0; i < n; i++) {
            const int t = k < ns ? seg_task(w, &s[k], i) : -1;
            if (t < 0 || m->task_kind[t] == RD_TASK_RELOAD) { /* the trip ends */
                for (int d = 0; d < nd; d++) {
                    if (del[d] + relmax[d] > cap[d]) return 0;
                    if (trip < RD_MAX_TRIPS) dtot[trip][d] = del[d];
                }
                if (open) return 0; /* a shipment across a reload */
                if (t < 0) break;
                if (++trip >= RD_MAX_TRIPS && m->task_max_load) return 0;
                for (int d = 0; d < nd; d++) rel[d] = relmax[d] = del[d] = ptrip[d] = 0;
                continue;
            }
            open += (m->task_kind[t] == RD_TASK_PICKUP) - (m->task_kind[t] == RD_TASK_DELIVERY);
            for (int d = 0; d < nd; d++) {
                int64_t p = rd_task_load_pick(m, t, d), q = rd_task_load_deliv(m, t, d);
                del[d] += q;
                rel[d] += p - q;
                if (rel[d] > relmax[d]) relmax[d] = rel[d];
                if (p > 0) {
                    ptrip[d] += p;
                    ptot[d] += p;
                }
            }
        }
    }
    for (int d = 0; d < nd; d++) {
        if (m->vehicles[vehicle].end_empty && ptrip[d] > 0) return 0;
        if (shift && ptot[d] > shift[d]) return 0;
    }
    if (!m->task_max_load) return 1;
    int64_t load[RD_MAX_DIMS];
    trip = 0;
    for (int d = 0; d < nd; d++) load[d] = dtot[0][d];
    for (int k = 0; k < ns; k++)
        for (int i = 0; i < seg_len(&s[k]); i++) {
            const int t = seg_task(w, &s[k], i);
            if (m->task_kind[t] == RD_TASK_RELOAD) {
                trip++;
                for (int d = 0; d < nd; d++) load[d] = dtot[trip][d];
                continue;
            }
            for (int d = 0; d < nd; d++) {
                load[d] += rd_task_load_pick(m, t, d) - rd_task_load_deliv(m, t, d);
                if (m->task_kind[t] == RD_TASK_BREAK &&
                    load[d] > m->task_max_load[(size_t)t * (size_t)nd + (size_t)d])
                    return 0;
            }
        }
    return 1;
}

int rd_ws_try(const rd_ws *w, int vehicle, const rd_seg *s, int ns, int64_t *cost) {
    return rd_ws_try_below(w, vehicle, s, ns, RD_INF, cost);
}

int rd_ws_try_below(const rd_ws *w, int vehicle, const rd_seg *s, int ns, int64_t bound,
                    int64_t *cost) {
    const rd_model *m = w->m;
    const rd_vehicle *V = &m->vehicles[vehicle];
    int n = 0;
    for (int k = 0; k < ns; k++) n += seg_len(&s[k]);
    if (w->breaks) {
        /* every break of the type stays, none reverses; breaks alone cost nothing */ int nb = 0,
                                                                                          rev = 0;
        for (int k = 0; k < ns; k++) {
            const rd_seg *g = &s[k];
            int b = g->route < 0  ? m->task_kind[g->a] == RD_TASK_BREAK
                    : g->a < g->b ? w->r[g->route].nbrk[g->b] - w->r[g->route].nbrk[g->a]
                                  : 0;
            rev |= b && g->rev;
            nb += b;
        }
        if (nb != m->veh_brk_first[vehicle + 1] - m->veh_brk_first[vehicle]) return 0;
        n -= nb;
        if (!skills_ok(w, vehicle, s, ns)) return 0;
        if (rev && n > 0) return 0;
    }
    int nrl = 0;
    if (w->reloads) { /* reloads are not tasks served; a route takes at most max_reloads */
        for (int k = 0; k < ns; k++) {
            const rd_seg *g = &s[k];
            nrl += g->route < 0  ? m->task_kind[g->a] == RD_TASK_RELOAD
                   : g->a < g->b ? w->r[g->route].nrel[g->b] - w->r[g->route].nrel[g->a]
                                 : 0;
        }
        n -= nrl;
        if (nrl > V->max_reloads) return 0;
        if (nrl > 0 && !w->breaks && !skills_ok(w, vehicle, s, ns)) return 0; /* (owners) */
    }
    if (n == 0) {
        *cost = 0;
        return 0 < bound;
    }
    if (n > V->max_tasks) return 0;
    if (m->can_serve && !skills_ok(w, vehicle, s, ns)) return 0;
    const int prof = V->profile, need_time = w->need_time;
    const rd_matrix *C = &m->costs[prof], *D = &m->distances[prof], *T = &m->durations[prof];
    walk_state st = {V->tw_start, 0, 0, 0, V->start_loc};
    int k = 0, ended = 0;
    if (w->release) { /* the whole candidate, trip by trip (no cached schedule) */
        int *seq = w->buf3, len = 0;
        for (int j = 0; j < ns; j++)
            for (int i = 0; i < seg_len(&s[j]); i++) seq[len++] = seg_task(w, &s[j], i);
        for (int a = 0; a < len;) {
            int b = a;
            for (; b < len && m->task_kind[seq[b]] != RD_TASK_RELOAD; b++)
                if (m->task_release[seq[b]] > st.t) st.t = m->task_release[seq[b]];
            for (int i = a; i < b; i++)
                if (!walk_task(m, C, D, T, 1, &st, seq[i])) return 0;
            if (b < len && !walk_task(m, C, D, T, 1, &st, seq[b])) return 0; /* the reload */
            a = b + 1;
        }
        k = ns; /* walked */
    }
    if (!w->release && s[0].route >= 0 && !s[0].rev && s[0].a == 0 &&
        w->veh_head[w->r[s[0].route].vehicle] == w->veh_head[vehicle]) {
        /* a prefix of a route of this type (or one that starts alike: its
         * owned stops, if any, were refused above): its schedule is cached */
        const rd_rwork *R = &w->r[s[0].route];
        const rd_pos *q = &R->pos[s[0].b];
        st.t = q->dep;
        st.cost = q->cost;
        st.dist = q->dist;
        st.time = q->time;
        st.prev = R->lastloc[s[0].b];
        k = 1;
    }
    for (; k < ns; k++) {
        const rd_seg *g = &s[k];
        if (g->route < 0) {
            if (!walk_task(m, C, D, T, need_time, &st, g->a)) return 0;
            continue;
        }
        if (g->a >= g->b) continue;
        const rd_rwork *R = &w->r[g->route];
        if (k == ns - 1 && !g->rev && g->b == R->len &&
            w->veh_tail[R->vehicle] == w->veh_tail[vehicle]) {
            /* a suffix of a route of this type: feasible iff its first task
             * departs by the cached latest departure (breaks at its head are
             * walked: the cache assumed the route's own last location) */
            int a = g->a;
            while (a < g->b && m->task_loc[R->task[a]] < 0)
                if (!walk_task(m, C, D, T, need_time, &st, R->task[a++])) return 0;
            if (a == g->b) break;
            int first = R->task[a], loc = m->task_loc[first];
            int64_t arr = st.t;
            if (st.prev >= 0) {
                st.cost += rd_matrix_at(C, st.prev, loc);
                st.dist += rd_matrix_at(D, st.prev, loc);
                int64_t dt = rd_matrix_at(T, st.prev, loc);
                st.time += dt;
                arr += dt;
            }
            if (need_time) {
                int64_t b = rd_task_begin(m, first, arr);
                if (b == RD_NO_TIME) return 0;
                int64_t dep =
                    b + (st.prev != loc ? m->task_setup[first] : 0) + m->task_service[first];
                if (dep > R->pos[a + 1].ld) return 0;
            }
            st.cost += R->tcost - R->pos[a + 1].cost;
            st.dist += R->tdist - R->pos[a + 1].dist;
            st.time += R->ttime - R->pos[a + 1].time;
            ended = 1;
            break;
        }
        if (!need_time && m->vehicles[R->vehicle].profile == prof) {
            int first = R->task[g->rev ? g->b - 1 : g->a];
            int last = R->task[g->rev ? g->a : g->b - 1];
            int floc = m->task_loc[first];
            if (st.prev >= 0) {
                st.cost += rd_matrix_at(C, st.prev, floc);
                st.dist += rd_matrix_at(D, st.prev, floc);
                st.time += rd_matrix_at(T, st.prev, floc);
            }
            const rd_pos *pa = &R->pos[g->a + 1], *pb = &R->pos[g->b];
            if (!g->rev) {
                st.cost += pb->cost - pa->cost;
                st.dist += pb->dist - pa->dist;
                st.time += pb->time - pa->time;
            } else {
                st.cost += pb->rcost - pa->rcost;
                st.dist += pb->rdist - pa->rdist;
                st.time += pb->rtime - pa->rtime;
            }
            st.prev = m->task_loc[last];
        } else if (!g->rev) {
            for (int i = g->a; i < g->b; i++)
                if (!walk_task(m, C, D, T, need_time, &st, R->task[i])) return 0;
        } else {
            for (int i = g->b - 1; i >= g->a; i--)
                if (!walk_task(m, C, D, T, need_time, &st, R->task[i])) return 0;
        }
    }
    if (!ended) {
        walk_end(C, D, T, &st, V->end_loc);
        if (need_time && st.t > V->tw_end) return 0;
    }
    int64_t pz = 0; /* prizes collected */
    for (int j = 0; w->prizes && j < ns; j++) {
        const rd_seg *g = &s[j];
        if (g->route < 0)
            pz += m->task_prize[g->a] > 0 ? m->task_prize[g->a] : 0;
        else if (g->a < g->b)
            pz += w->r[g->route].pos[g->b].prize - w->r[g->route].pos[g->a].prize;
    }
    if (V->fixed_cost + st.cost - pz >= bound) return 0;
    if (st.time > V->max_travel_time || st.dist > V->max_distance) return 0;
    if (w->pairs && !pairs_ok(w, s, ns)) return 0;
    if (w->reloads && (nrl > 0 || V->end_empty || m->veh_shift_cap)) {
        if (!trip_loads_ok(w, vehicle, s, ns)) return 0;
    } else {
        if (!load_ok(w, vehicle, s, ns)) return 0;
        if (m->task_max_load && !break_loads_ok(w, s, ns)) return 0;
    }
    *cost = V->fixed_cost + st.cost - pz;
    return 1;
}

/* ---- shipment insertion ---- */

/* A shipment of amount `amt` fits on board at point h of route R (after its
 * first h tasks). */
static inline int pair_fits(const rd_rwork *R, int nd, int h, const int64_t *amt,
                            const int64_t *cap) {
    const int L = R->len;
    for (int k = 0; k < nd; k++)
        if (R->pick[h * nd + k] + R->deliv[L * nd + k] - R->deliv[h * nd + k] + amt[k] > cap[k])
            return 0;
    return 1;
}

void rd_ws_scan_two(const rd_ws *w, int r, int a, int b, rd_rng *rng, int64_t blink_below,
                    rd_pair_ins *best) {
    const rd_model *m = w->m;
    const rd_rwork *R = &w->r[r];
    const int v = R->vehicle, L = R->len;
    if (!rd_model_can_serve(m, v, a) || !rd_model_can_serve(m, v, b)) return;
    for (int o = 0; o < 2; o++) {
        const int x = o ? b : a, y = o ? a : b;
        if (o && m->task_kind[a] == RD_TASK_PICKUP && m->task_pair[a] == b) break; /* ordered */
        for (int i = 0; i <= L; i++)
            for (int j = i; j <= L; j++) {
                if (rng && (int64_t)(rd_rng_next(rng) >> 1) < blink_below) continue;
                rd_seg s[5] = {rd_seg_part(r, 0, i), rd_seg_task(x), rd_seg_part(r, i, j),
                               rd_seg_task(y), rd_seg_part(r, j, L)};
                int64_t c;
                if (!rd_ws_try_below(w, v, s, 5,
                                     best->delta >= RD_INF ? RD_INF : R->cost + best->delta, &c))
                    continue;
                if (c - R->cost < best->delta) *best = (rd_pair_ins){r, i, j, c - R->cost, x, y};
            }
    }
}

void rd_ws_scan_pair(const rd_ws *w, int r, int p, rd_rng *rng, int64_t blink_below,
                     rd_pair_ins *best) {
    const rd_model *m = w->m;
    if (w->reloads) { /* loads go by trips: the generic scan */
        rd_ws_scan_two(w, r, p, m->task_pair[p], rng, blink_below, best);
        return;
    }
    const rd_rwork *R = &w->r[r];
    const int v = R->vehicle, L = R->len, d = m->task_pair[p], nd = m->n_dims;
    const rd_vehicle *V = &m->vehicles[v];
    if (L - R->nbrk[L] + 2 > V->max_tasks || !rd_model_can_serve(m, v, p) ||
        !rd_model_can_serve(m, v, d))
        return;
    const rd_matrix *C = &m->costs[V->profile], *D = &m->distances[V->profile],
                    *T = &m->durations[V->profile];
    const int need_time = w->need_time;
    const int64_t *cap = rd_model_capacity(m, v), *amt = rd_model_pickup(m, p);
    for (int i = 0; i <= L; i++) {
        if (!pair_fits(R, nd, i, amt, cap)) continue;
        const rd_pos *q = &R->pos[i];
        walk_state si = {q->dep, q->cost, q->dist, q->time, R->lastloc[i]};
        if (!walk_task(m, C, D, T, need_time, &si, p)) continue;
        for (int j = i; j <= L; j++) {
            if (j > i && (!walk_task(m, C, D, T, need_time, &si, R->task[j - 1]) ||
                          !pair_fits(R, nd, j, amt, cap)))
                break; /* every later j walks the same task and carries past point j */
            if (rng && (int64_t)(rd_rng_next(rng) >> 1) < blink_below) continue;
            walk_state e = si;
            if (!walk_task(m, C, D, T, need_time, &e, d)) continue;
            int a = j; /* breaks at the head of the rest are walked (see rd_ws_try) */
            while (a < L && m->task_loc[R->task[a]] < 0 &&
                   walk_task(m, C, D, T, need_time, &e, R->task[a]))
                a++;
            if (a < L && m->task_loc[R->task[a]] < 0) continue;
            if (a == L) {
                walk_end(C, D, T, &e, V->end_loc);
                if (need_time && e.t > V->tw_end) continue;
            } else {
                /* the rest of the route, from its caches */
                int first = R->task[a], loc = m->task_loc[first];
                int64_t arr = e.t;
                e.cost += rd_matrix_at(C, e.prev, loc);
                e.dist += rd_matrix_at(D, e.prev, loc);
                e.time += rd_matrix_at(T, e.prev, loc);
                arr += rd_matrix_at(T, e.prev, loc);
                if (need_time) {
                    int64_t b = rd_task_begin(m, first, arr);
                    if (b == RD_NO_TIME ||
                        b + (e.prev != loc ? m->task_setup[first] : 0) + m->task_service[first] >
                            R->pos[a + 1].ld)
                        continue;
                }
                e.cost += R->tcost - R->pos[a + 1].cost;
                e.dist += R->tdist - R->pos[a + 1].dist;
                e.time += R->ttime - R->pos[a + 1].time;
            }
            if (e.time > V->max_travel_time || e.dist > V->max_distance) continue;
            int64_t delta = V->fixed_cost + e.cost - R->pos[L].prize - R->cost;
            if (delta >= best->delta) continue;
            if (m->task_max_load) { /* breaks' max_load: confirmed the slow way */
                rd_seg s[5] = {rd_seg_part(r, 0, i), rd_seg_task(p), rd_seg_part(r, i, j),
                               rd_seg_task(d), rd_seg_part(r, j, L)};
                int64_t c;
                if (!rd_ws_try(w, v, s, 5, &c)) continue;
            }
            *best = (rd_pair_ins){r, i, j, delta, p, d};
        }
    }
}

/* ---- changes ---- */

static int materialize(const rd_ws *w, const rd_seg *s, int ns, int *out) {
    int len = 0;
    for (int k = 0; k < ns; k++) {
        const rd_seg *g = &s[k];
        if (g->route < 0) {
            out[len++] = g->a;
        } else {
            const int *task = w->r[g->route].task;
            if (g->rev)
                for (int i = g->b - 1; i >= g->a; i--) out[len++] = task[i];
            else
                for (int i = g->a; i < g->b; i++) out[len++] = task[i];
        }
    }
    return len;
}

static void journal_save(rd_ws *w, int r) {
    if (!w->jr_on || w->jr_saved[r] == w->jr_epoch) return;
    rd_rwork *R = &w->r[r];
    w->jr_saved[r] = w->jr_epoch;
    w->jr_start[r] = w->jr_used;
    w->jr_len[r] = R->len;
    memcpy(w->jr_buf + w->jr_used, R->task, (size_t)R->len * sizeof *R->task);
    w->jr_used += R->len;
    w->jr_list[w->jr_n++] = r;
}

static void unroute(rd_ws *w, int r) {
    rd_rwork *R = &w->r[r];
    for (int i = 0; i < R->len; i++) {
        const int t = R->task[i];
        w->route_of[t] = -1;
        if (rd_task_served(w->m, t) && w->m->task_prize[t] < 0) {
            w->prio_routed -= w->m->task_priority[t];
            w->n_routed--;
        }
    }
    w->cost -= R->cost;
    R->len = 0;
}

/* Writes t[0..len) into route r (capacity ensured, route unrouted). */
static void write_route(rd_ws *w, int r, const int *t, int len) {
    rd_rwork *R = &w->r[r];
    if (len > 0) memcpy(R->task, t, (size_t)len * sizeof *t);
    R->len = len;
    for (int i = 0; i < len; i++) {
        w->route_of[t[i]] = r;
        w->pos_of[t[i]] = i;
        if (rd_task_served(w->m, t[i]) && w->m->task_prize[t[i]] < 0) {
            w->prio_routed += w->m->task_priority[t[i]];
            w->n_routed++;
        }
    }
    rebuild(w, r);
    w->cost += R->cost;
    R->stamp = ++w->tick;
}

rd_status rd_ws_set2(rd_ws *w, int r1, const rd_seg *s1, int n1, int r2, const rd_seg *s2, int n2) {
    const int nd = w->m->n_dims;
    int l1 = materialize(w, s1, n1, w->buf1);
    int l2 = r2 >= 0 ? materialize(w, s2, n2, w->buf2) : 0;
    RD_TRY(ensure_cap(&w->r[r1], l1, nd));
    if (r2 >= 0) RD_TRY(ensure_cap(&w->r[r2], l2, nd));
    journal_save(w, r1);
    if (r2 >= 0) journal_save(w, r2);
    unroute(w, r1);
    if (r2 >= 0) unroute(w, r2);
    write_route(w, r1, w->buf1, l1);
    if (r2 >= 0) write_route(w, r2, w->buf2, l2);
    return RD_OK;
}

rd_status rd_ws_set(rd_ws *w, int r, const rd_seg *s, int n) {
    return rd_ws_set2(w, r, s, n, -1, NULL, 0);
}

rd_status rd_ws_set_tasks(rd_ws *w, int r, const int *t, int len) {
    RD_TRY(ensure_cap(&w->r[r], len, w->m->n_dims));
    journal_save(w, r);
    unroute(w, r);
    write_route(w, r, t, len);
    return RD_OK;
}

rd_status rd_ws_remove(rd_ws *w, const int *t, int n) {
    for (int i = 0; i < n; i++) {
        int r = w->route_of[t[i]];
        if (r < 0) continue;
        /* remove every listed task of route r at once */
        rd_rwork *R = &w->r[r];
        for (int j = i; j < n; j++)
            if (w->route_of[t[j]] == r) w->pos_of[t[j]] = -1;
        int len = 0;
        for (int k = 0; k < R->len; k++)
            if (w->pos_of[R->task[k]] >= 0) w->buf1[len++] = R->task[k];
        /* buf1 stays valid: rd_ws_set_tasks only reads it */
        RD_TRY(rd_ws_set_tasks(w, r, w->buf1, len));
    }
    return RD_OK;
}

int rd_ws_room(const rd_ws *w, int r, int u) {
    const rd_model *m = w->m;
    const rd_rwork *R = &w->r[r];
    const int v = R->vehicle, len = R->len, nd = m->n_dims;
    if (!rd_model_can_serve(m, v, u)) return 0;
    if (len - R->nbrk[len] - R->nrel[len] >= m->vehicles[v].max_tasks) return 0;
    if (w->reloads || m->task_kind[u] != RD_TASK_JOB) return 1;
    const int64_t *cap = rd_model_capacity(m, v);
    for (int d = 0; d < nd; d++)
        if (R->deliv[len * nd + d] + rd_model_delivery(m, u)[d] > cap[d] ||
            R->pick[len * nd + d] + rd_model_pickup(m, u)[d] > cap[d])
            return 0;
    return 1;
}

int rd_ws_empty_route(rd_ws *w, int type) {
    int a = w->type_first[type], b = w->type_first[type + 1];
    if (a >= b) return -1;
    int h = w->empty_hint[type];
    for (int c = 0; c < b - a; c++) {
        int r = a + (h - a + c) % (b - a);
        if (!rd_route_used(&w->r[r])) {
            w->empty_hint[type] = r;
            return r;
        }
    }
    return -1;
}

/* ---- journal ---- */

void rd_ws_journal_begin(rd_ws *w) {
    w->jr_on = 1;
    w->jr_epoch++;
    w->jr_n = 0;
    w->jr_used = 0;
}

void rd_ws_journal_end(rd_ws *w) {
    w->jr_on = 0;
    w->jr_n = 0;
    w->jr_used = 0;
}

void rd_ws_journal_revert(rd_ws *w) {
    w->jr_on = 0;
    for (int i = 0; i < w->jr_n; i++) unroute(w, w->jr_list[i]);
    /* saved lists fit: a route's capacity never shrinks */
    for (int i = 0; i < w->jr_n; i++) {
        int r = w->jr_list[i];
        write_route(w, r, w->jr_buf + w->jr_start[r], w->jr_len[r]);
    }
    w->jr_n = 0;
    w->jr_used = 0;
}

/* ---- reference check ---- */

int rd_route_check(const rd_model *m, int vehicle, const int *t, int len, int64_t *cost) {
    const rd_vehicle *V = &m->vehicles[vehicle];
    int nb = 0, nr = 0;
    for (int i = 0; i < len; i++) {
        nb += m->task_kind[t[i]] == RD_TASK_BREAK;
        nr += m->task_kind[t[i]] == RD_TASK_RELOAD;
        if (!rd_model_can_serve(m, vehicle, t[i])) return 0;
    }
    if (m->n_breaks > 0 && nb != m->veh_brk_first[vehicle + 1] - m->veh_brk_first[vehicle])
        return 0;             /* a route of the type holds all its breaks */
    if (len - nb - nr == 0) { /* only breaks and reloads: an empty route */
        if (cost) *cost = 0;
        return 1;
    }
    if (len - nb - nr > V->max_tasks || nr > V->max_reloads) return 0;
    for (int i = 0; i < len; i++) {
        if (!rd_model_can_serve(m, vehicle, t[i])) return 0;
        if (m->task_kind[t[i]] != RD_TASK_PICKUP) continue;
        int j = i + 1;
        while (j < len && t[j] != m->task_pair[t[i]]) j++;
        if (j == len) return 0;
    }
    for (int i = 0; i < len; i++)
        if (m->task_kind[t[i]] == RD_TASK_DELIVERY) {
            int j = 0;
            while (j < i && t[j] != m->task_pair[t[i]]) j++;
            if (j == i) return 0;
        }
    const int nd = m->n_dims;
    const int64_t *cap = rd_model_capacity(m, vehicle);
    int64_t load[RD_MAX_DIMS] = {0}, total[RD_MAX_DIMS] = {0};
    /* trip by trip: [a, b) between reloads */
    for (int a = 0, b = 0; a <= len; a = b + 1) {
        for (b = a; b < len && m->task_kind[t[b]] != RD_TASK_RELOAD; b++) {
            /* a shipment stays within its trip */
            int p = m->task_pair[t[b]], in = p < 0;
            for (int j = a; j < len && !in && m->task_kind[t[j]] != RD_TASK_RELOAD; j++)
                in = t[j] == p;
            if (!in) return 0;
        }
        for (int d = 0; d < nd; d++) load[d] = 0;
        for (int i = a; i < b; i++)
            for (int d = 0; d < nd; d++) load[d] += rd_task_load_deliv(m, t[i], d);
        for (int d = 0; d < nd; d++)
            if (load[d] > cap[d]) return 0;
        for (int i = a; i < b; i++)
            for (int d = 0; d < nd; d++) {
                load[d] += rd_task_load_pick(m, t[i], d) - rd_task_load_deliv(m, t[i], d);
                total[d] += rd_model_pickup(m, t[i])[d];
                if (load[d] > cap[d]) return 0;
                if (m->task_max_load && m->task_kind[t[i]] == RD_TASK_BREAK &&
                    load[d] > m->task_max_load[(size_t)t[i] * (size_t)nd + (size_t)d])
                    return 0;
                if (V->end_empty && b == len && rd_model_pickup(m, t[i])[d] > 0) return 0;
            }
    }
    for (int d = 0; m->veh_shift_cap && d < nd; d++)
        if (total[d] > m->veh_shift_cap[(size_t)vehicle * (size_t)nd + (size_t)d]) return 0;
    const rd_matrix *C = &m->costs[V->profile], *D = &m->distances[V->profile],
                    *T = &m->durations[V->profile];
    walk_state st = {V->tw_start, 0, 0, 0, V->start_loc};
    for (int i = 0; i < len; i++) {
        if (m->task_release && (i == 0 || m->task_kind[t[i - 1]] == RD_TASK_RELOAD))
            for (int j = i; j < len && m->task_kind[t[j]] != RD_TASK_RELOAD; j++)
                if (m->task_release[t[j]] > st.t) st.t = m->task_release[t[j]]; /* trip start */
        if (!walk_task(m, C, D, T, 1, &st, t[i])) return 0;
    }
    walk_end(C, D, T, &st, V->end_loc);
    if (st.t > V->tw_end || st.time > V->max_travel_time || st.dist > V->max_distance) return 0;
    if (cost) *cost = V->fixed_cost + st.cost;
    return 1;
}
