#include "heuristics/route.h"
#include "heuristics/route_walk.h"

#include <stdlib.h>
#include <string.h>

/* ---- schedule primitives (the evaluator's rules) ---- */

int64_t rd_task_begin(const rd_model *m, int t, int64_t arr) {
    int a = m->task_tw_first[t], b = m->task_tw_first[t + 1];
    for (int w = a; w < b; w++)
        if (m->tw_end[w] >= arr) return arr > m->tw_start[w] ? arr : m->tw_start[w];
    return RD_NO_TIME;
}

int64_t rd_task_latest_begin(const rd_model *m, int t, int64_t limit) {
    for (int w = m->task_tw_first[t + 1] - 1; w >= m->task_tw_first[t]; w--)
        if (m->tw_start[w] <= limit) return m->tw_end[w] < limit ? m->tw_end[w] : limit;
    return RD_NO_TIME;
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
        int64_t d = rd_matrix_max(&m->durations[p]);
        if (d > maxdur) maxdur = d;
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
    free(w->free_types);
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
    w->free_tick = -1; /* free_types not listed yet */
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
    w->free_types = malloc(((size_t)nv + 1) * sizeof *w->free_types);
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
    if (!w->r || !w->type_first || !w->empty_hint || !w->free_types || !w->route_of || !w->pos_of ||
        !w->buf1 || !w->buf2 || !w->buf3 || !w->jr_saved || !w->jr_start || !w->jr_len ||
        !w->jr_list || !w->jr_buf || !w->veh_head || !w->veh_tail || !w->veh_skill) {
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
    const int64_t now = ++w->tick; /* every route changed: after every earlier test */
    for (int r = 0; r < w->n_routes; r++) {
        w->r[r].len = 0;
        w->r[r].stamp = now;
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
    const int v = R->vehicle, len = R->len;
    if (!rd_model_can_serve(m, v, u)) return 0;
    if (len - R->nbrk[len] - R->nrel[len] >= m->vehicles[v].max_tasks) return 0;
    return m->task_kind[u] != RD_TASK_JOB || rd_ws_loads_fit(w, r, -1, u);
}

int rd_ws_loads_fit(const rd_ws *w, int r, int out, int in) {
    if (w->reloads) return 1;
    const rd_model *m = w->m;
    const rd_rwork *R = &w->r[r];
    const int len = R->len, nd = m->n_dims;
    const int64_t *cap = rd_model_capacity(m, R->vehicle);
    for (int d = 0; d < nd; d++) {
        int64_t p = R->pick[len * nd + d], q = R->deliv[len * nd + d];
        if (out >= 0) {
            p -= rd_model_pickup(m, out)[d];
            q -= rd_model_delivery(m, out)[d];
        }
        if (in >= 0) {
            p += rd_model_pickup(m, in)[d];
            q += rd_model_delivery(m, in)[d];
        }
        if (p > cap[d] || q > cap[d]) return 0;
    }
    return 1;
}

int rd_ws_next_free_type(rd_ws *w, int from) {
    if (w->free_tick != w->tick) { /* the slots of a type are contiguous */
        int n = 0;
        for (int v = 0; v < w->m->n_vehicles; v++)
            for (int r = w->type_first[v]; r < w->type_first[v + 1]; r++)
                if (!rd_route_used(&w->r[r])) {
                    w->free_types[n++] = v;
                    break;
                }
        w->n_free_types = n;
        w->free_tick = w->tick;
    }
    int lo = 0, hi = w->n_free_types; /* the first listed type >= from */
    while (lo < hi) {
        const int mid = (lo + hi) / 2;
        if (w->free_types[mid] < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < w->n_free_types ? w->free_types[lo] : -1;
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
