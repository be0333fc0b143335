/* The route workspace's candidate evaluation (rd_ws_try, rd_ws_try_below),
 * shipment insertion scans and the plain reference check (heuristics/route.h). */
#include <stdlib.h>
#include <string.h>

#include "heuristics/route.h"
#include "heuristics/route_walk.h"

/* ---- candidate evaluation ---- */

static inline int seg_len(const rd_seg *g) {
    return g->route < 0 ? 1 : g->b - g->a;
}

/* The candidate's pickups (sp) and deliveries (sd) per segment and dimension. */
static void seg_loads(const rd_ws *w, const rd_seg *s, int ns, int64_t sp[][RD_MAX_DIMS],
                      int64_t sd[][RD_MAX_DIMS]) {
    const rd_model *m = w->m;
    const int nd = m->n_dims;
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
    }
}

/* The load at the candidate's start (its deliveries) and end (its pickups)
 * fits: the whole check when no dimension mixes pickups and deliveries
 * (the peak is then a total), else the cheap half of load_profile_ok, run
 * before the schedule's walk. */
static int load_totals_ok(const rd_ws *w, int vehicle, const rd_seg *s, int ns) {
    const rd_model *m = w->m;
    const int nd = m->n_dims;
    const int64_t *cap = rd_model_capacity(m, vehicle);
    for (int d = 0; d < nd; d++) {
        int64_t P = 0, D = 0;
        for (int k = 0; k < ns; k++) {
            const rd_seg *g = &s[k];
            if (g->route < 0) {
                P += rd_task_load_pick(m, g->a, d);
                D += rd_task_load_deliv(m, g->a, d);
            } else if (g->a < g->b) {
                const rd_rwork *R = &w->r[g->route];
                P += R->pick[g->b * nd + d] - R->pick[g->a * nd + d];
                D += R->deliv[g->b * nd + d] - R->deliv[g->a * nd + d];
            }
        }
        if (P > cap[d] || D > cap[d]) return 0;
    }
    return 1;
}

/* Load along the candidate (VROOM rule) in models that mix pickups and
 * deliveries: the load at a point is the pickups before it plus the
 * deliveries after it; it must fit everywhere. */
static int load_profile_ok(const rd_ws *w, int vehicle, const rd_seg *s, int ns) {
    const rd_model *m = w->m;
    const int nd = m->n_dims;
    const int64_t *cap = rd_model_capacity(m, vehicle);
    int64_t sp[RD_SEG_MAX][RD_MAX_DIMS], sd[RD_SEG_MAX][RD_MAX_DIMS];
    int64_t D[RD_MAX_DIMS] = {0};
    seg_loads(w, s, ns, sp, sd);
    for (int k = 0; k < ns; k++)
        for (int d = 0; d < nd; d++) D[d] += sd[k][d];
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

/* The tasks of the candidate that are served, after its breaks (all of the
 * type's, none reversed) and reloads (at most max_reloads) are checked:
 * *n_out tasks, *nrl_out reloads. Returns 0 when the candidate is refused. */
static inline int count_tasks(const rd_ws *w, int vehicle, const rd_seg *s, int ns, int *n_out,
                              int *nrl_out) {
    const rd_model *m = w->m;
    int n = 0, nrl = 0;
    for (int k = 0; k < ns; k++) n += seg_len(&s[k]);
    if (w->breaks) { /* every break of the type stays, none reverses; breaks alone cost nothing */
        int nb = 0, rev = 0;
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
    if (w->reloads) { /* reloads are not tasks served; a route takes at most max_reloads */
        for (int k = 0; k < ns; k++) {
            const rd_seg *g = &s[k];
            nrl += g->route < 0  ? m->task_kind[g->a] == RD_TASK_RELOAD
                   : g->a < g->b ? w->r[g->route].nrel[g->b] - w->r[g->route].nrel[g->a]
                                 : 0;
        }
        n -= nrl;
        if (nrl > m->vehicles[vehicle].max_reloads) return 0;
        if (nrl > 0 && !w->breaks && !skills_ok(w, vehicle, s, ns)) return 0; /* (owners) */
    }
    *n_out = n;
    *nrl_out = nrl;
    return 1;
}

/* Release times: the whole candidate walked trip by trip (no cached
 * schedule), each trip leaving once its tasks are released. */
static inline int walk_released(const rd_ws *w, const rd_matrix *C, const rd_matrix *D,
                                const rd_matrix *T, const rd_seg *s, int ns, walk_state *st) {
    const rd_model *m = w->m;
    int *seq = w->buf3, len = 0;
    for (int j = 0; j < ns; j++)
        for (int i = 0; i < seg_len(&s[j]); i++) seq[len++] = seg_task(w, &s[j], i);
    for (int a = 0; a < len;) {
        int b = a;
        for (; b < len && m->task_kind[seq[b]] != RD_TASK_RELOAD; b++)
            if (m->task_release[seq[b]] > st->t) st->t = m->task_release[seq[b]];
        for (int i = a; i < b; i++)
            if (!walk_task(m, C, D, T, 1, st, seq[i])) return 0;
        if (b < len && !walk_task(m, C, D, T, 1, st, seq[b])) return 0; /* the reload */
        a = b + 1;
    }
    return 1;
}

/* A suffix g of a route of a type that ends alike, last in the candidate:
 * feasible iff its first task departs by the cached latest departure (breaks
 * at its head are walked: the cache assumed the route's own last location).
 * Returns 0 when infeasible, 1 with st holding the whole route's sums, or 2
 * when the suffix held breaks only (walked: the end is still to add). */
static inline int walk_suffix(const rd_ws *w, const rd_matrix *C, const rd_matrix *D,
                              const rd_matrix *T, int need_time, const rd_seg *g, walk_state *st) {
    const rd_model *m = w->m;
    const rd_rwork *R = &w->r[g->route];
    int a = g->a;
    while (a < g->b && m->task_loc[R->task[a]] < 0)
        if (!walk_task(m, C, D, T, need_time, st, R->task[a++])) return 0;
    if (a == g->b) return 2;
    int first = R->task[a], loc = m->task_loc[first];
    int64_t arr = st->t;
    if (st->prev >= 0) {
        st->cost += rd_matrix_at(C, st->prev, loc);
        st->dist += rd_matrix_at(D, st->prev, loc);
        int64_t dt = rd_matrix_at(T, st->prev, loc);
        st->time += dt;
        arr += dt;
    }
    if (need_time) {
        int64_t b = rd_task_begin(m, first, arr);
        if (b == RD_NO_TIME) return 0;
        int64_t dep = b + (st->prev != loc ? m->task_setup[first] : 0) + m->task_service[first];
        if (dep > R->pos[a + 1].ld) return 0;
    }
    st->cost += R->tcost - R->pos[a + 1].cost;
    st->dist += R->tdist - R->pos[a + 1].dist;
    st->time += R->ttime - R->pos[a + 1].time;
    return 1;
}

/* Segment g of a route on the same profile when no window can bind: its sums
 * from the route's prefix sums (reversed ones from the reverse sums). */
static inline void add_cached(const rd_ws *w, const rd_matrix *C, const rd_matrix *D,
                              const rd_matrix *T, const rd_seg *g, walk_state *st) {
    const rd_model *m = w->m;
    const rd_rwork *R = &w->r[g->route];
    int first = R->task[g->rev ? g->b - 1 : g->a];
    int last = R->task[g->rev ? g->a : g->b - 1];
    int floc = m->task_loc[first];
    if (st->prev >= 0) {
        st->cost += rd_matrix_at(C, st->prev, floc);
        st->dist += rd_matrix_at(D, st->prev, floc);
        st->time += rd_matrix_at(T, st->prev, floc);
    }
    const rd_pos *pa = &R->pos[g->a + 1], *pb = &R->pos[g->b];
    if (!g->rev) {
        st->cost += pb->cost - pa->cost;
        st->dist += pb->dist - pa->dist;
        st->time += pb->time - pa->time;
    } else {
        st->cost += pb->rcost - pa->rcost;
        st->dist += pb->rdist - pa->rdist;
        st->time += pb->rtime - pa->rtime;
    }
    st->prev = m->task_loc[last];
}

/* The prizes of the candidate's optional tasks. */
static inline int64_t seg_prizes(const rd_ws *w, const rd_seg *s, int ns) {
    const rd_model *m = w->m;
    int64_t pz = 0;
    for (int j = 0; j < ns; j++) {
        const rd_seg *g = &s[j];
        if (g->route < 0)
            pz += m->task_prize[g->a] > 0 ? m->task_prize[g->a] : 0;
        else if (g->a < g->b)
            pz += w->r[g->route].pos[g->b].prize - w->r[g->route].pos[g->a].prize;
    }
    return pz;
}

int rd_ws_try_below(const rd_ws *w, int vehicle, const rd_seg *s, int ns, int64_t bound,
                    int64_t *cost) {
    const rd_model *m = w->m;
    const rd_vehicle *V = &m->vehicles[vehicle];
    int n, nrl;
    if (!count_tasks(w, vehicle, s, ns, &n, &nrl)) return 0;
    if (n == 0) {
        *cost = 0;
        return 0 < bound;
    }
    if (n > V->max_tasks) return 0;
    if (m->can_serve && !skills_ok(w, vehicle, s, ns)) return 0;
    /* loads by trips with reloads, else by the whole route: its totals
     * before the walk (where capacity binds most candidates stop here) */
    const int by_trips = w->reloads && (nrl > 0 || V->end_empty || m->veh_shift_cap);
    if (!by_trips && !load_totals_ok(w, vehicle, s, ns)) return 0;
    const int prof = V->profile, need_time = w->need_time;
    const rd_matrix *C = &m->costs[prof], *D = &m->distances[prof], *T = &m->durations[prof];
    walk_state st = {V->tw_start, 0, 0, 0, V->start_loc};
    int k = 0, ended = 0;
    if (w->release) {
        if (!walk_released(w, C, D, T, s, ns, &st)) return 0;
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
            int r = walk_suffix(w, C, D, T, need_time, g, &st);
            if (!r) return 0;
            ended = r == 1;
            break;
        }
        if (!need_time && m->vehicles[R->vehicle].profile == prof) {
            add_cached(w, C, D, T, g, &st);
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
    const int64_t pz = w->prizes ? seg_prizes(w, s, ns) : 0; /* prizes collected */
    if (V->fixed_cost + st.cost - pz >= bound) return 0;
    if (st.time > V->max_travel_time || st.dist > V->max_distance) return 0;
    if (w->pairs && !pairs_ok(w, s, ns)) return 0;
    if (by_trips) {
        if (!trip_loads_ok(w, vehicle, s, ns)) return 0;
    } else {
        if (w->mixed && !load_profile_ok(w, vehicle, s, ns)) return 0;
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
