#include "model/sub.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

void rd_sub_free(rd_sub *s) {
    if (!s) return;
    if (s->m) { /* the shared data is the parent's */
        s->m->x = s->m->y = NULL;
        s->m->durations = s->m->distances = s->m->costs = NULL;
        s->m->lengths = NULL;
        s->m->n_profiles = 0;
        rd_model_destroy(s->m);
    }
    free(s->task_of);
    free(s->veh_of);
    free(s->sub_task);
    free(s->sub_veh);
    memset(s, 0, sizeof *s);
}

/* dst[i] = src[from[i]] for i < n, elements of `size` bytes. */
static void gather(void *dst, const void *src, const int *from, int n, size_t size) {
    for (int i = 0; i < n; i++)
        memcpy((char *)dst + (size_t)i * size, (const char *)src + (size_t)from[i] * size, size);
}

/* Picks the sub-model's tasks: fills task_of and sub_task, counts the tasks
 * into *n_tasks and their windows into *n_tw. */
static rd_status pick_tasks(const rd_model *p, const unsigned char *take, rd_sub *s, int *n_tasks,
                            int *n_tw, rd_error *err) {
    int n = 0, ntw = 0;
    for (int t = 0; t < p->n_tasks; t++) {
        int k = p->task_kind[t], own = p->task_owner[t];
        int in = k == RD_TASK_BREAK || k == RD_TASK_RELOAD ? s->sub_veh[own] >= 0 : take[t] != 0;
        if (in && (k == RD_TASK_PICKUP || k == RD_TASK_DELIVERY) && !take[p->task_pair[t]])
            return rd_err(err, RD_ERR_INPUT,
                          "sub-model: task %" PRId64 " taken without its shipment partner",
                          p->task_id[t]);
        s->sub_task[t] = in ? n : -1;
        if (in) {
            s->task_of[n++] = t;
            ntw += p->task_tw_first[t + 1] - p->task_tw_first[t];
        }
    }
    *n_tasks = n;
    *n_tw = ntw;
    return RD_OK;
}

/* The skills of the sub-model's tasks and types, through rd_model_set_skills. */
static rd_status copy_skills(const rd_model *p, rd_sub *s) {
    rd_model *m = s->m;
    int *tf = malloc(((size_t)m->n_tasks + 1) * sizeof *tf);
    int *vf = malloc(((size_t)m->n_vehicles + 1) * sizeof *vf);
    size_t nts = (size_t)p->task_skill_first[p->n_tasks],
           nvs = (size_t)p->veh_skill_first[p->n_vehicles];
    int64_t *ts = malloc((nts ? nts : 1) * sizeof *ts), *vs = malloc((nvs ? nvs : 1) * sizeof *vs);
    rd_status st = RD_ERR_NOMEM;
    if (tf && vf && ts && vs) {
        int k = 0;
        for (int i = 0; i < m->n_tasks; i++) {
            int t = s->task_of[i];
            tf[i] = k;
            for (int j = p->task_skill_first[t]; j < p->task_skill_first[t + 1]; j++)
                ts[k++] = p->task_skills[j];
        }
        tf[m->n_tasks] = k;
        k = 0;
        for (int i = 0; i < m->n_vehicles; i++) {
            int v = s->veh_of[i];
            vf[i] = k;
            for (int j = p->veh_skill_first[v]; j < p->veh_skill_first[v + 1]; j++)
                vs[k++] = p->veh_skills[j];
        }
        vf[m->n_vehicles] = k;
        st = rd_model_set_skills(m, tf, ts, vf, vs); /* (none asked for: every type serves all) */
    }
    free(tf);
    free(vf);
    free(ts);
    free(vs);
    return st;
}

/* Fills the sub-model's task and vehicle arrays from the parent. */
static rd_status fill(const rd_model *p, rd_sub *s, const int *veh_count) {
    rd_model *m = s->m;
    const int n = m->n_tasks, nd = p->n_dims;
    const size_t dims = (size_t)nd * sizeof(int64_t);
    gather(m->task_id, p->task_id, s->task_of, n, sizeof *m->task_id);
    gather(m->task_loc, p->task_loc, s->task_of, n, sizeof *m->task_loc);
    gather(m->task_kind, p->task_kind, s->task_of, n, sizeof *m->task_kind);
    gather(m->task_service, p->task_service, s->task_of, n, sizeof *m->task_service);
    gather(m->task_setup, p->task_setup, s->task_of, n, sizeof *m->task_setup);
    gather(m->task_pickup, p->task_pickup, s->task_of, n, dims);
    gather(m->task_delivery, p->task_delivery, s->task_of, n, dims);
    gather(m->task_prize, p->task_prize, s->task_of, n, sizeof *m->task_prize);
    gather(m->task_priority, p->task_priority, s->task_of, n, sizeof *m->task_priority);
    size_t nn = (size_t)(n ? n : 1);
    if (p->task_max_load) {
        if (!(m->task_max_load = malloc(nn * dims))) return RD_ERR_NOMEM;
        gather(m->task_max_load, p->task_max_load, s->task_of, n, dims);
    }
    if (p->task_unroutable) {
        if (!(m->task_unroutable = malloc(nn))) return RD_ERR_NOMEM;
        gather(m->task_unroutable, p->task_unroutable, s->task_of, n, 1);
    }
    if (p->task_release) {
        if (!(m->task_release = malloc(nn * sizeof *m->task_release))) return RD_ERR_NOMEM;
        gather(m->task_release, p->task_release, s->task_of, n, sizeof *m->task_release);
    }
    int w = 0;
    for (int i = 0; i < n; i++) {
        int t = s->task_of[i];
        m->task_owner[i] = p->task_owner[t] >= 0 ? s->sub_veh[p->task_owner[t]] : -1;
        m->task_pair[i] = p->task_pair[t] >= 0 ? s->sub_task[p->task_pair[t]] : -1;
        m->task_tw_first[i] = w;
        for (int k = p->task_tw_first[t]; k < p->task_tw_first[t + 1]; k++, w++) {
            m->tw_start[w] = p->tw_start[k];
            m->tw_end[w] = p->tw_end[k];
        }
    }
    m->task_tw_first[n] = w;
    for (int i = 0; i < m->n_vehicles; i++) {
        int v = s->veh_of[i];
        m->vehicles[i] = p->vehicles[v];
        m->vehicles[i].count = veh_count[v];
        memcpy(m->veh_capacity + (size_t)i * (size_t)nd, p->veh_capacity + (size_t)v * (size_t)nd,
               dims);
    }
    if (p->veh_shift_cap) {
        if (!(m->veh_shift_cap = malloc((size_t)m->n_vehicles * dims))) return RD_ERR_NOMEM;
        gather(m->veh_shift_cap, p->veh_shift_cap, s->veh_of, m->n_vehicles, dims);
    }
    if (p->task_skill_first) RD_TRY(copy_skills(p, s));
    return rd_model_index_breaks(m);
}

rd_status rd_sub_build(const rd_model *p, const unsigned char *take, const int *veh_count,
                       rd_sub *out, rd_error *err) {
    memset(out, 0, sizeof *out);
    rd_sub s = {0};
    int nv = 0;
    for (int v = 0; v < p->n_vehicles; v++) {
        if (veh_count[v] < 0 || veh_count[v] > p->vehicles[v].count)
            return rd_err(err, RD_ERR_INPUT, "sub-model: %d vehicles of type %d (0..%d)",
                          veh_count[v], v, p->vehicles[v].count);
        nv += veh_count[v] > 0;
    }
    if (nv == 0) return rd_err(err, RD_ERR_INPUT, "sub-model: no vehicle");
    s.sub_task = malloc((size_t)(p->n_tasks ? p->n_tasks : 1) * sizeof *s.sub_task);
    s.task_of = malloc((size_t)(p->n_tasks ? p->n_tasks : 1) * sizeof *s.task_of);
    s.sub_veh = malloc((size_t)p->n_vehicles * sizeof *s.sub_veh);
    s.veh_of = malloc((size_t)nv * sizeof *s.veh_of);
    if (!s.sub_task || !s.task_of || !s.sub_veh || !s.veh_of) {
        rd_sub_free(&s);
        return rd_err(err, RD_ERR_NOMEM, "out of memory");
    }
    for (int v = 0, k = 0; v < p->n_vehicles; v++) {
        s.sub_veh[v] = veh_count[v] > 0 ? k : -1;
        if (veh_count[v] > 0) s.veh_of[k++] = v;
    }
    int n_tasks = 0, n_tw = 0;
    rd_status st = pick_tasks(p, take, &s, &n_tasks, &n_tw, err);
    if (st != RD_OK) {
        rd_sub_free(&s);
        return st;
    }
    s.m = rd_model_alloc_ex(p->n_locs, p->n_profiles, n_tasks, n_tw, nv, p->n_dims, 0);
    if (!s.m) {
        rd_sub_free(&s);
        return rd_err(err, RD_ERR_NOMEM, "out of memory");
    }
    rd_model *m = s.m;
    free(m->durations), free(m->distances), free(m->costs); /* (no values: dense = 0) */
    m->durations = p->durations;
    m->distances = p->distances;
    m->costs = p->costs;
    m->x = p->x;
    m->y = p->y;
    m->lengths = p->lengths;
    memcpy(m->name, p->name, sizeof m->name);
    memcpy(m->source, p->source, sizeof m->source);
    m->round = p->round;
    m->scale = p->scale;
    m->has_tw = p->has_tw;
    m->n_facilities = p->n_facilities;
    st = fill(p, &s, veh_count);
    if (st == RD_OK)
        st = rd_model_validate(m, err);
    else
        rd_err(err, st, "out of memory");
    if (st != RD_OK) {
        rd_sub_free(&s);
        return st;
    }
    *out = s;
    return RD_OK;
}

rd_status rd_sub_to_parent(const rd_sub *s, const rd_solution *in, rd_solution *out) {
    int most = 1;
    for (int r = 0; r < in->n_routes; r++)
        if (in->routes[r].len > most) most = in->routes[r].len;
    int *v = malloc((size_t)most * sizeof *v);
    if (!v) return RD_ERR_NOMEM;
    rd_status st = RD_OK;
    for (int r = 0; r < in->n_routes && st == RD_OK; r++) {
        const rd_route *R = &in->routes[r];
        for (int i = 0; i < R->len; i++)
            v[i] = R->visits[i] >= 0 ? s->task_of[R->visits[i]] : R->visits[i];
        st = rd_solution_add_route(out, s->veh_of[R->vehicle], v, R->len);
    }
    for (int u = 0; u < in->n_unassigned && st == RD_OK; u++)
        st = rd_solution_add_unassigned(out, s->task_of[in->unassigned[u].task],
                                        in->unassigned[u].reason);
    free(v);
    return st;
}
