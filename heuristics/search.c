/* search: one slot = construct, local search, then SISR-like ruin and recreate.
 *
 * Each round (Christiaens & Vanden Berghe 2020, "Slack induction by string
 * removals") removes strings of consecutive tasks from routes near a random
 * seed task (heuristics/ruin.h), reinserts them and every other unrouted
 * servable task by greedy insertion with blinks (heuristics/recreate.h), and
 * runs the local search when LS_EVERY says so (its moves of left-out tasks
 * put tasks in, exchange them and eject others, in VROOM's order). The new
 * plan is accepted by simulated annealing against the current plan on
 * cost + pen · (tasks left out + their priorities): f_new < f_cur - T·ln U
 * with U ~ U(0, 1]; leaving out less is always accepted, and the current
 * plan may leave out at most PEN_SLACK tasks more than the best plan and no
 * more priority. So the walk can give up a stop to reshape full routes and
 * win it back, while the plan kept as the best is ranked in VROOM's order
 * (total priority left out, then tasks left out, then cost) and never worse
 * than the best seen. While tasks are left out, every other round
 * ruins the routes near one of them and the recreate inserts the tasks left
 * out longest first (SISR's absence counter); when the plan chooses what to
 * serve (tasks left out, or optional tasks), a third of the other rounds
 * start the ruin at the costliest of a few served jobs drawn at random. T decays exponentially
 * from T0 to Tf over the progress of the budget; both are fractions of the
 * average cost per task of the plan after the initial local search, so the
 * schedule follows the instance's cost scale. A rejected round is undone by
 * the journal. The best plan is kept as a snapshot. */
#include "heuristics/search.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "heuristics/construct.h"
#include "heuristics/ls.h"
#include "heuristics/neigh.h"
#include "heuristics/recreate.h"
#include "heuristics/route.h"
#include "heuristics/ruin.h"

/* Tuning, measured with one slot on X-n101..n289 (0.02 s per customer),
 * nine Solomon instances (2 s) and two Homberger 1000 (10 s), two seeds:
 *  - the temperatures are fractions of the average cost per task; 0.3 ..
 *    0.03 was best on Solomon (0.3% mean gap against 0.9% for 0.1 .. 0.01)
 *    and as good as the others on X and Homberger. The paper's 100 .. 1 on X
 *    is about 0.4 .. 0.004 in this unit, but for 10⁸ rounds, not 10⁴;
 *  - the local search after every round beats SISR alone at these budgets
 *    (X: 0.5% against 0.9%): a round with it costs ~10× more, but pure SISR
 *    needs far more rounds than a few seconds give;
 *  - the insertion looks at the routes of the 30 nearest tasks first: on
 *    Homberger 1000 that doubles the rounds and lowers the gap by ~0.5%, and
 *    it is as good as every route on X and Solomon. */
#define NEAR_TASKS  100  /* neighbours per task walked by the ruin */
#define NEAR_ROUTES 30   /* the recreate tries the routes of that many nearest tasks first */
#define T0_REL      0.3  /* start temperature, times the average cost per task */
#define TF_REL      0.03 /* final temperature, same unit */
#define LS_EVERY    1    /* local search after every LS_EVERY-th round (and on new bests) */
/* What a task left out costs the annealing, times the average cost per task
 * (and as much per unit of priority), and how many more tasks than the best
 * plan the current one may leave out. Measured on seven over-constrained
 * generated cities, three seeds, at VROOM's -x 5 time (bench/overload.py):
 * at equal counts 5.2 % below VROOM on average with 2 and 2, 3.1 % without
 * dips (the walk then stays at the best count and cannot reshape full
 * routes); 3 and 2, 4 and 1, 2 and 4 gave 4.9-5.3 %, the counts the same. */
#define OPT_DRAWS   16 /* left-out optional tasks far from the ruin offered to a recreate */
#define PEN_REL     2.0
#define PEN_SLACK   2

struct rd_search {
    const rd_model *m;         /* borrowed, frozen */
    rd_params p;               /* copy of the caller's params */
    int slot;                  /* slot index (RNG stream) */
    rd_ws w;                   /* the current plan (simulated annealing's state) */
    rd_search_lists own;       /* the lists when the caller gave none */
    const rd_neigh *nb;        /* granular neighbours (own.granular or the caller's) */
    const rd_neigh *near;      /* nearest tasks for ruin and recreate (own.near or the caller's) */
    rd_ls ls;                  /* local-search state */
    rd_ruin ruin;              /* string removal state */
    rd_recreate rec;           /* insertion state */
    rd_ruin_params rp;         /* ruin knobs */
    rd_recreate_params cp;     /* recreate knobs */
    rd_rng rng;                /* the slot's stream */
    unsigned char *code;       /* [n_tasks] RD_ALONE_* class */
    unsigned char *may_insert; /* [n_tasks] the local search may put it in when left out */
    unsigned char *why;        /* [n_tasks] WHY_* of the tasks the finished plan leaves out
                                  (rd_search_finish; NULL before) */
    int n_ok;                  /* mandatory tasks some vehicle can serve alone */
    int n_opt;                 /* optional (prize) tasks some vehicle can serve alone */
    int64_t prio_ok;           /* sum of their priorities */
    int *best_len;             /* [n_routes] route lengths of the best plan */
    int *best_task;            /* [n_tasks] its tasks, route after route */
    int64_t best_cost;         /* its cost */
    int64_t best_missed;       /* what it leaves out (see missed()) */
    int best_routed;           /* its mandatory tasks served */
    int64_t best_prio;         /* their priorities */
    double pen;                /* annealing penalty per task left out (0: no dips) */
    int pen_slack;             /* the current plan may serve this many fewer than the best */
    int *list;                 /* [n_tasks] scratch task list */
    int64_t iters;             /* rounds done */
    int64_t max_it;            /* round budget (INT64_MAX: time limit only) */
    int64_t improvements;
    int64_t initial;    /* constructed cost */
    double t0, tf;      /* annealing temperatures, cost units */
    int ls_every;       /* local search after every ls_every-th round */
    int done;           /* budget spent or stopped */
    rd_deadline global; /* the whole solve's deadline: progress of a time-limited run */
    /* Routes of accepted plans near the best (ILS-SP's pool feed), until the
     * pipeline drains them into the route pool. */
    int *log_task;     /* [LOG_TASKS] their tasks, route after route */
    int *log_len;      /* [LOG_ROUTES] lengths */
    int *log_veh;      /* [LOG_ROUTES] vehicle types */
    int64_t *log_cost; /* [LOG_ROUTES] costs */
    int log_n;         /* routes logged */
    int log_used;      /* entries of log_task in use */
};
typedef struct rd_search slot_ctx;

/* Why the finished plan leaves a servable task out (rd_search_finish). */
enum {
    WHY_NONE = 0, /* not known (rd_search_finish not run) */
    WHY_FULL,     /* every route that could take it has too much on board at its start or end */
    WHY_NOFIT,    /* no feasible place in any route, no free vehicle that can serve it */
    WHY_NOPAY     /* optional: it fits somewhere, but its prize pays for no place */
};

#define LOG_ROUTES    16384  /* routes kept between two drains */
#define LOG_TASKS     262144 /* their tasks */
#define LOG_NEAR_BEST 0.03   /* log plans within this fraction of the best cost */

static void ctx_free(slot_ctx *c) {
    rd_ws_free(&c->w);
    rd_search_lists_free(&c->own);
    rd_ls_free(&c->ls);
    rd_ruin_free(&c->ruin);
    rd_recreate_free(&c->rec);
    free(c->code);
    free(c->may_insert);
    free(c->why);
    free(c->best_len);
    free(c->best_task);
    free(c->list);
    free(c->log_task);
    free(c->log_len);
    free(c->log_veh);
    free(c->log_cost);
}

/* Logs the routes changed by the round just accepted (journal still open). */
static void log_changed_routes(slot_ctx *c) {
    const rd_ws *w = &c->w;
    for (int i = 0; i < w->jr_n; i++) {
        const rd_rwork *R = &w->r[w->jr_list[i]];
        if (!rd_route_used(R)) continue;
        if (c->log_n == LOG_ROUTES || c->log_used + R->len > LOG_TASKS) return;
        memcpy(c->log_task + c->log_used, R->task, (size_t)R->len * sizeof *R->task);
        c->log_len[c->log_n] = R->len;
        c->log_veh[c->log_n] = R->vehicle;
        c->log_cost[c->log_n] = R->cost;
        c->log_n++;
        c->log_used += R->len;
    }
}

/* What the current plan leaves out, as one key to minimise: VROOM's
 * objective serves the most priority first, then the most tasks. */
static int64_t missed(const slot_ctx *c) {
    return (c->prio_ok - c->w.prio_routed) * ((int64_t)c->n_ok + 1) + (c->n_ok - c->w.n_routed);
}

static void snapshot(slot_ctx *c) {
    int k = 0;
    for (int r = 0; r < c->w.n_routes; r++) {
        const rd_rwork *R = &c->w.r[r];
        c->best_len[r] = R->len;
        memcpy(c->best_task + k, R->task, (size_t)R->len * sizeof *R->task);
        k += R->len;
    }
    c->best_cost = c->w.cost;
    c->best_missed = missed(c);
    c->best_routed = c->w.n_routed;
    c->best_prio = c->w.prio_routed;
}

static int must_stop(const rd_params *p, const rd_deadline *dl) {
    return (p->cancel && *p->cancel) || (dl && rd_deadline_passed(dl));
}

/* Writes the best plan into out. */
static rd_status emit(const slot_ctx *c, const rd_model *m, rd_solution *out) {
    int *in_plan = c->list;
    for (int t = 0; t < m->n_tasks; t++) in_plan[t] = 0;
    int k = 0;
    for (int r = 0; r < c->w.n_routes; r++) {
        int len = c->best_len[r], used = 0;
        for (int i = 0; i < len; i++) used |= rd_task_served(m, c->best_task[k + i]);
        if (used) { /* a route holding nothing but breaks and reloads is an unused vehicle */
            RD_TRY(rd_solution_add_route(out, c->w.r[r].vehicle, c->best_task + k, len));
            for (int i = 0; i < len; i++) in_plan[c->best_task[k + i]] = 1;
        }
        k += len;
    }
    char reason[256];
    for (int t = 0; t < m->n_tasks; t++) {
        if (in_plan[t] || c->code[t] == RD_ALONE_BREAK) continue;
        const int why = c->why ? c->why[t] : WHY_NONE;
        const char *opt = m->task_prize[t] >= 0 ? "optional: " : "";
        if (c->code[t] != RD_ALONE_OK)
            rd_construct_reason(m, t, c->code[t], reason, sizeof reason);
        else if (why == WHY_FULL)
            snprintf(reason, sizeof reason,
                     "%sno room left in the plan: every vehicle that can serve it is in use and "
                     "has too much on board for it",
                     opt);
        else if (why == WHY_NOFIT)
            snprintf(reason, sizeof reason,
                     "%sno room left in the plan: it fits in no route (capacity, time windows, "
                     "shift or route limits) and no vehicle that can serve it is free",
                     opt);
        else if (m->task_prize[t] >= 0)
            snprintf(reason, sizeof reason, "optional: its prize does not pay for its detour");
        else
            rd_construct_reason(m, t, c->code[t], reason, sizeof reason);
        RD_TRY(rd_solution_add_unassigned(out, t, reason));
    }
    out->cost = c->best_cost;
    return RD_OK;
}

/* The most expensive of EXPENSIVE_DRAWS routed jobs drawn at random: the one
 * whose removal saves the most (cost - prize: an optional job that pays
 * least). -1 when none was found. The ruin of plans that leave tasks out
 * starts there now and then, so that the search reconsiders the stops that
 * cost most to serve. */
#define EXPENSIVE_DRAWS 8
static int expensive_seed(slot_ctx *c) {
    const rd_ws *w = &c->w;
    const rd_model *m = c->m;
    int best = -1;
    int64_t best_save = 0;
    for (int k = 0; k < EXPENSIVE_DRAWS; k++) {
        const int t = (int)rd_rng_below(&c->rng, (uint64_t)m->n_tasks), r = w->route_of[t];
        if (r < 0 || m->task_kind[t] != RD_TASK_JOB) continue;
        const rd_rwork *R = &w->r[r];
        const int i = w->pos_of[t];
        rd_seg sg[2] = {rd_seg_part(r, 0, i), rd_seg_part(r, i + 1, R->len)};
        int64_t cost;
        if (!rd_ws_try(w, R->vehicle, sg, 2, &cost)) continue;
        if (best < 0 || R->cost - cost > best_save) {
            best = t;
            best_save = R->cost - cost;
        }
    }
    return best;
}

/* One ruin-and-recreate round (journal open), then the local search when
 * `ls_due` or when the recreated plan beats the best. *stopped = 1 when the
 * deadline or cancel cut the round short; a plan cut during the recreate
 * misses tasks and *complete is 0 then (the caller rejects it). */
static rd_status round_once(slot_ctx *c, const rd_deadline *dl, int ls_due, int *stopped,
                            int *complete) {
    rd_ws *w = &c->w;
    const int n = c->m->n_tasks;
    const rd_params *p = &c->p;
    *stopped = 0;
    *complete = 0;
    int nu = 0;
    /* with tasks left out, every other round ruins the routes near one of
     * them, to make room where it is needed */
    int around = -1, n_out = 0;
    if (c->n_ok > w->n_routed && rd_rng_below(&c->rng, 2) == 0) {
        for (int t = 0; t < n; t++)
            if (c->code[t] == RD_ALONE_OK && w->route_of[t] < 0 && c->m->task_prize[t] < 0 &&
                c->m->task_kind[t] != RD_TASK_DELIVERY && /* a job or a shipment's pickup */
                rd_rng_below(&c->rng, (uint64_t)++n_out) == 0)
                around = t;
    } else if ((c->n_ok > w->n_routed || c->n_opt > 0) && rd_rng_below(&c->rng, 3) == 0) {
        around = expensive_seed(c); /* tasks to choose among: start at a costly one */
    }
    const int64_t tick0 = w->tick;
    RD_TRY(rd_ruin_strings(&c->ruin, w, &c->rng, &c->rp, around, c->list, &nu));
    /* the removed tasks and every other unrouted servable task; an optional
     * one near the ruin (a route of one of its nearest tasks changed), or
     * one of about OPT_DRAWS drawn at random (where a route may open):
     * elsewhere nothing changed for it, and a prize-collecting plan leaves
     * hundreds out */
    nu = 0;
    int n_opt_out = 0;
    for (int t = 0; t < n; t++)
        n_opt_out += c->code[t] == RD_ALONE_OK && w->route_of[t] < 0 && c->m->task_prize[t] >= 0;
    for (int t = 0; t < n; t++) {
        if (c->code[t] != RD_ALONE_OK || w->route_of[t] >= 0) continue;
        int near_ruin =
            c->m->task_prize[t] < 0 ||
            rd_rng_below(&c->rng, (uint64_t)(n_opt_out > 0 ? n_opt_out : 1)) < OPT_DRAWS;
        const int *nb = rd_neigh_of(c->near, t);
        for (int j = 0; j < NEAR_ROUTES && j < c->near->k && !near_ruin; j++) {
            const int r = w->route_of[nb[j]];
            near_ruin = r >= 0 ? w->r[r].stamp > tick0 : 0;
        }
        if (near_ruin) c->list[nu++] = t;
    }
    RD_TRY(
        rd_recreate_run(&c->rec, w, c->near, &c->rng, &c->cp, c->list, nu, dl, p->cancel, stopped));
    if (*stopped) return RD_OK;
    RD_TRY(rd_construct_drop_reloads(w));
    *complete = 1;
    for (int t = 0; c->n_ok > w->n_routed && t < n; t++) /* SISR's absence counter */
        if (c->code[t] == RD_ALONE_OK && w->route_of[t] < 0) c->rec.absent[t]++;
    int64_t miss = missed(c);
    if (ls_due || miss < c->best_missed || (miss == c->best_missed && w->cost < c->best_cost))
        return rd_ls_run(&c->ls, w, c->nb, &c->rng, dl, p->cancel, stopped);
    return RD_OK;
}

rd_status rd_search_lists_build(const rd_model *m, const rd_params *p, int threads,
                                rd_search_lists *out) {
    memset(out, 0, sizeof *out);
    int k = p->granular > 0 ? p->granular : 20;
    const int time_aware = out->need_time = rd_ws_need_time(m);
    out->cost_sym =
        m->n_vehicles > 0 ? rd_construct_symmetric(&m->costs[m->vehicles[0].profile]) : 0;
    rd_status st = rd_neigh_build_threads(&out->near, m, NEAR_TASKS, 0, threads);
    if (st == RD_OK && !time_aware && k <= out->near.k) /* same order: its first k */
        st = rd_neigh_prefix(&out->granular, &out->near, k);
    else if (st == RD_OK)
        st = rd_neigh_build_threads(&out->granular, m, k, time_aware, threads);
    if (st != RD_OK) rd_search_lists_free(out);
    return st;
}

void rd_search_lists_free(rd_search_lists *l) {
    rd_neigh_free(&l->granular);
    rd_neigh_free(&l->near);
}

rd_status rd_search_create(const rd_model *m, const rd_params *p, int slot, const rd_deadline *dl,
                           const rd_search_lists *lists, rd_search **out, rd_error *err) {
    *out = NULL;
    slot_ctx *c = calloc(1, sizeof *c);
    if (!c) return rd_err(err, RD_ERR_NOMEM, "out of memory in search slot %d", slot);
    const int n = m->n_tasks;
    size_t nt = (size_t)(n > 0 ? n : 1);
    c->m = m;
    c->p = *p;
    c->slot = slot;
    c->max_it = rd_params_iterations(p);
    c->global = dl ? *dl : rd_deadline_in(0);
    rd_rng_seed(&c->rng, p->seed, (uint64_t)slot);
    rd_status st = RD_OK;
    c->code = malloc(nt);
    c->may_insert = malloc(nt);
    c->best_task = malloc(nt * sizeof *c->best_task);
    c->list = malloc(nt * sizeof *c->list);
    if (p->sp_share > 0) { /* the route log feeds the pool only when there is one */
        c->log_task = malloc(LOG_TASKS * sizeof *c->log_task);
        c->log_len = malloc(LOG_ROUTES * sizeof *c->log_len);
        c->log_veh = malloc(LOG_ROUTES * sizeof *c->log_veh);
        c->log_cost = malloc(LOG_ROUTES * sizeof *c->log_cost);
        if (!c->log_task || !c->log_len || !c->log_veh || !c->log_cost) {
            st = RD_ERR_NOMEM;
            goto fail;
        }
    }
    if (!c->code || !c->may_insert || !c->best_task || !c->list) {
        st = RD_ERR_NOMEM;
        goto fail;
    }
    rd_construct_classify(m, c->code);
    for (int t = 0; t < n; t++)
        c->may_insert[t] = c->code[t] == RD_ALONE_OK &&
                           (m->task_kind[t] == RD_TASK_JOB || m->task_kind[t] == RD_TASK_PICKUP);
    for (int t = 0; t < n; t++)
        if (c->code[t] == RD_ALONE_OK && m->task_prize[t] < 0) { /* mandatory */
            c->n_ok++;
            c->prio_ok += m->task_priority[t];
        }
    if (!lists) {
        if ((st = rd_search_lists_build(m, p, 1, &c->own)) != RD_OK) goto fail;
        lists = &c->own;
    }
    if ((st = rd_ws_init_known(&c->w, m, lists->need_time)) != RD_OK) goto fail;
    c->w.cost_sym = lists->cost_sym;
    c->best_len = calloc((size_t)(c->w.n_routes > 0 ? c->w.n_routes : 1), sizeof *c->best_len);
    if (!c->best_len) {
        st = RD_ERR_NOMEM;
        goto fail;
    }
    c->nb = &lists->granular;
    c->near = &lists->near;
    if ((st = rd_ls_init(&c->ls, m)) != RD_OK) goto fail;
    c->ls.debug_check = p->debug_moves;
    c->ls.may_insert = c->may_insert;
    c->ls.swap_near = c->near;
    if ((st = rd_ruin_init(&c->ruin, &c->w, c->near)) != RD_OK) goto fail;
    if ((st = rd_recreate_init(&c->rec, &c->w)) != RD_OK) goto fail;
    c->rec.may_insert = c->may_insert;
    rd_ruin_params_init(&c->rp);
    rd_recreate_params_init(&c->cp);
    c->cp.near_routes = NEAR_ROUTES;
    c->ls_every = LS_EVERY;
    if (p->initial) /* the user's routes (checked by rd_initial_build), completed below */
        for (int r = 0; r < p->initial->n_routes && st == RD_OK; r++) {
            const rd_route *rt = &p->initial->routes[r];
            int ri = rd_ws_empty_route(&c->w, rt->vehicle);
            st = ri < 0 ? RD_ERR_INTERNAL : rd_ws_set_tasks(&c->w, ri, rt->visits, rt->len);
        }
    if (st != RD_OK || (st = rd_construct_variant(&c->w, c->nb, c->code, slot)) != RD_OK) goto fail;
    c->initial = c->w.cost;
    int stopped = 0;
    if (must_stop(p, dl))
        stopped = 1;
    else if ((st = rd_ls_run(&c->ls, &c->w, c->nb, &c->rng, dl, p->cancel, &stopped)) != RD_OK)
        goto fail;
    snapshot(c);
    for (int t = 0; t < n; t++) c->n_opt += c->code[t] == RD_ALONE_OK && m->task_prize[t] >= 0;
    /* the annealing temperature scales with the cost per task (a plan of
     * optional tasks only: per task the prizes are worth) */
    double per_task = c->n_ok > 0 ? (double)c->w.cost / (double)c->n_ok : 0.0;
    if (c->n_ok == 0 && c->n_opt > 0) {
        int64_t pz = 0;
        for (int t = 0; t < n; t++) pz += m->task_prize[t] > 0 ? m->task_prize[t] : 0;
        per_task = (double)pz / (double)c->n_opt;
    }
    c->t0 = T0_REL * per_task;
    c->tf = TF_REL * per_task;
    c->pen = PEN_REL * per_task;
    c->pen_slack = PEN_SLACK;
    c->done = stopped || c->n_ok + c->n_opt == 0;
    *out = c;
    return RD_OK;
fail:
    if (st == RD_ERR_INTERNAL)
        rd_err(err, st, "search slot %d: %s", slot, c->ls.err.msg);
    else
        rd_err(err, st, "%s in search slot %d", st == RD_ERR_NOMEM ? "out of memory" : "failure",
               slot);
    ctx_free(c);
    free(c);
    return st;
}

void rd_search_destroy(rd_search *s) {
    if (!s) return;
    ctx_free(s);
    free(s);
}

rd_status rd_search_run_until(rd_search *c, int64_t until, const rd_deadline *dl, int *done,
                              rd_error *err) {
    const rd_params *p = &c->p;
    rd_status st = RD_OK;
    int stopped = 0;
    while (!c->done && c->iters < until && c->iters < c->max_it) {
        if (must_stop(p, dl)) {
            /* a passed deadline ends the slot; an epoch's own deadline does not */
            if (p->cancel && *p->cancel) c->done = 1;
            break;
        }
        c->iters++;
        const int64_t cur_cost = c->w.cost;
        const int64_t cur_missed = missed(c);
        const int cur_routed = c->w.n_routed;
        const int64_t cur_prio = c->w.prio_routed;
        int complete = 0;
        rd_ws_journal_begin(&c->w);
        if ((st = round_once(c, dl, c->iters % c->ls_every == 0, &stopped, &complete)) != RD_OK) {
            rd_ws_journal_end(&c->w);
            break;
        }
        const int64_t miss = missed(c);
        int accept = 0;
        const int dip_ok = c->pen > 0 && c->w.prio_routed >= c->best_prio &&
                           c->w.n_routed + c->pen_slack >= c->best_routed;
        if (!complete || (miss > cur_missed && !dip_ok)) {
            accept = 0;
        } else if (miss < cur_missed) {
            accept = 1;
        } else {
            /* progress from the iteration count when there is a budget: the
             * result must not depend on the clock then */
            double progress = c->max_it != INT64_MAX ? (double)c->iters / (double)c->max_it
                                                     : rd_deadline_fraction(&c->global);
            if (progress > 1.0) progress = 1.0;
            const double to = c->p.anneal_until > 0 ? c->p.anneal_until : 1.0;
            progress = c->p.anneal_from + (to - c->p.anneal_from) * progress;
            double temp = c->t0 > 0 ? c->t0 * pow(c->tf / c->t0, progress) : 0.0;
            double u = 1.0 - rd_rng_unit(&c->rng); /* (0, 1] */
            /* a plan that leaves out more pays pen per task (and per unit of priority) */
            double dpen =
                c->pen * (double)((cur_routed - c->w.n_routed) + (cur_prio - c->w.prio_routed));
            accept = (double)(c->w.cost - cur_cost) + dpen < -temp * log(u);
        }
        /* the pool takes the changed routes of every complete candidate
         * near the best, accepted or not: a route of a rejected plan can be
         * the piece another plan lacks */
        if (c->log_task && complete && miss <= c->best_missed &&
            (double)c->w.cost <= (double)c->best_cost * (1.0 + LOG_NEAR_BEST))
            log_changed_routes(c);
        if (accept) {
            rd_ws_journal_end(&c->w);
            if (miss < c->best_missed || (miss == c->best_missed && c->w.cost < c->best_cost)) {
                snapshot(c);
                c->improvements++;
            }
        } else {
            rd_ws_journal_revert(&c->w);
        }
        if (stopped) break;
    }
    if (c->iters >= c->max_it) c->done = 1;
    if (done) *done = c->done;
    if (st == RD_ERR_INTERNAL) /* the debug re-evaluation found a wrong delta */
        return rd_err(err, st, "search slot %d: %s", c->slot, c->ls.err.msg);
    if (st != RD_OK)
        return rd_err(err, st, "%s in search slot %d",
                      st == RD_ERR_NOMEM ? "out of memory" : "failure", c->slot);
    return RD_OK;
}

/* Loads the slot's best plan into its workspace. */
static rd_status load_best(slot_ctx *c) {
    rd_ws_clear(&c->w);
    for (int r = 0, k = 0; r < c->w.n_routes; k += c->best_len[r], r++)
        if (c->best_len[r] > 0) RD_TRY(rd_ws_set_tasks(&c->w, r, c->best_task + k, c->best_len[r]));
    return RD_OK;
}

/* The cheapest place of job u over every position of every route (routes
 * that cannot take it skipped by rd_ws_room), and of one empty route per
 * type: *br < 0 when it fits nowhere. */
static void cheapest_place(rd_ws *w, int u, int *br, int *bq, int64_t *bd) {
    *br = -1;
    *bq = -1;
    *bd = RD_INF;
    for (int r = 0; r < w->n_routes; r++) {
        const rd_rwork *R = &w->r[r];
        if (!rd_route_used(R) && rd_ws_empty_route(w, R->vehicle) != r) continue;
        if (!rd_ws_room(w, r, u)) continue;
        for (int q = 0; q <= R->len; q++) {
            rd_seg sg[3] = {rd_seg_part(r, 0, q), rd_seg_task(u), rd_seg_part(r, q, R->len)};
            int64_t c;
            if (rd_ws_try_below(w, R->vehicle, sg, 3, *bd >= RD_INF ? RD_INF : R->cost + *bd, &c) &&
                c - R->cost < *bd) {
                *bd = c - R->cost;
                *br = r;
                *bq = q;
            }
        }
    }
}

rd_status rd_search_finish(rd_search *c) {
    const rd_model *m = c->m;
    const int n = m->n_tasks;
    if (!c->why && !(c->why = calloc((size_t)(n > 0 ? n : 1), 1))) return RD_ERR_NOMEM;
    RD_TRY(load_best(c));
    rd_ws *w = &c->w;
    /* every left-out task that fits goes in: the highest priority first
     * (priorities are 0..100), then in task order */
    int nl = 0;
    for (int pr = 100; pr >= 0; pr--)
        for (int t = 0; t < n; t++)
            if (c->may_insert[t] && w->route_of[t] < 0 && m->task_priority[t] == pr)
                c->list[nl++] = t;
    int added = 0;
    for (int i = 0; i < nl; i++) {
        const int u = c->list[i];
        if (w->route_of[u] >= 0) continue;
        int placed = 0;
        if (m->task_kind[u] == RD_TASK_PICKUP) {
            if (m->task_prize[u] < 0) RD_TRY(rd_construct_insert_pair(w, u, &placed));
        } else {
            int br, bq;
            int64_t bd;
            cheapest_place(w, u, &br, &bq, &bd);
            if (br >= 0 && (m->task_prize[u] < 0 || bd < 0)) {
                rd_seg sg[3] = {rd_seg_part(br, 0, bq), rd_seg_task(u),
                                rd_seg_part(br, bq, w->r[br].len)};
                RD_TRY(rd_ws_set(w, br, sg, 3));
                placed = 1;
            } else if (br < 0 && m->task_prize[u] < 0 && w->reloads) {
                RD_TRY(rd_construct_insert_reload(w, u, NULL, 0, &placed));
            }
        }
        added += placed;
    }
    if (added) {
        RD_TRY(rd_construct_drop_reloads(w));
        const int64_t miss = missed(c);
        if (miss < c->best_missed || (miss == c->best_missed && w->cost < c->best_cost))
            snapshot(c);
    }
    /* why each servable task is still out */
    for (int t = 0; t < n; t++) {
        c->why[t] = WHY_NONE;
        if (!c->may_insert[t] || w->route_of[t] >= 0) continue;
        int br, bq;
        int64_t bd;
        if (m->task_kind[t] == RD_TASK_JOB) {
            cheapest_place(w, t, &br, &bq, &bd);
            if (br >= 0) { /* optional: it fits, but does not pay */
                c->why[t] = m->task_prize[t] >= 0 ? WHY_NOPAY : WHY_NONE;
                continue;
            }
        }
        /* full when every route of a type that can serve it fails on its loads
         * (no free vehicle of such a type: it fits alone, so one would take it) */
        int any = 0, full = !w->reloads && m->task_kind[t] == RD_TASK_JOB;
        for (int r = 0; r < w->n_routes && full; r++) {
            const rd_rwork *R = &w->r[r];
            if (!rd_route_used(R) || !rd_model_can_serve(m, R->vehicle, t)) continue;
            any = 1;
            if (rd_ws_room(w, r, t)) full = 0;
        }
        c->why[t] = any && full ? WHY_FULL : WHY_NOFIT;
    }
    return RD_OK;
}

int64_t rd_search_iterations(const rd_search *s) {
    return s->iters;
}
int64_t rd_search_best_cost(const rd_search *s) {
    return s->best_cost;
}
int64_t rd_search_best_missed(const rd_search *s) {
    return s->best_missed;
}

rd_status rd_search_best(const rd_search *s, rd_solution *out) {
    rd_solution_clear(out);
    rd_status st = emit(s, s->m, out);
    if (st != RD_OK) rd_solution_clear(out);
    return st;
}

rd_status rd_search_adopt(rd_search *s, const rd_search *from) {
    if (s == from) return RD_OK;
    const int nr = s->w.n_routes;
    memcpy(s->best_len, from->best_len, (size_t)nr * sizeof *s->best_len);
    memcpy(s->best_task, from->best_task, (size_t)s->m->n_tasks * sizeof *s->best_task);
    s->best_cost = from->best_cost;
    s->best_missed = from->best_missed;
    s->best_routed = from->best_routed;
    s->best_prio = from->best_prio;
    rd_ws_clear(&s->w);
    for (int r = 0, k = 0; r < nr; k += s->best_len[r], r++)
        if (s->best_len[r] > 0) RD_TRY(rd_ws_set_tasks(&s->w, r, s->best_task + k, s->best_len[r]));
    return RD_OK;
}

int rd_search_drain_routes(rd_search *s, rd_route_sink sink, void *ctx) {
    int oom = 0;
    for (int i = 0, k = 0; i < s->log_n; k += s->log_len[i], i++)
        if (sink(ctx, s->log_veh[i], s->log_task + k, s->log_len[i], s->log_cost[i]) == -1) oom = 1;
    s->log_n = 0;
    s->log_used = 0;
    return oom ? -1 : 0;
}

rd_status rd_search_adopt_solution(rd_search *s, const rd_solution *sol) {
    rd_ws_clear(&s->w);
    for (int r = 0; r < sol->n_routes; r++) {
        const rd_route *rt = &sol->routes[r];
        if (rt->len == 0) continue;
        int slot = rd_ws_empty_route(&s->w, rt->vehicle);
        if (slot < 0) return RD_ERR_INTERNAL; /* more routes than the fleet: not a valid plan */
        RD_TRY(rd_ws_set_tasks(&s->w, slot, rt->visits, rt->len));
    }
    snapshot(s);
    return RD_OK;
}

void rd_search_get_stats(const rd_search *s, rd_search_stats *stats) {
    stats->iterations = s->iters;
    stats->improvements = s->improvements;
    stats->initial_cost = s->initial;
}

rd_status rd_search_run(const rd_model *m, const rd_params *p, int slot, const rd_deadline *dl,
                        rd_solution *out, rd_search_stats *stats, rd_error *err) {
    rd_solution_clear(out);
    rd_search *s = NULL;
    RD_TRY(rd_search_create(m, p, slot, dl, NULL, &s, err));
    int done = 0;
    rd_status st = rd_search_run_until(s, INT64_MAX, dl, &done, err);
    if (st == RD_OK) st = rd_search_finish(s);
    if (st == RD_OK) st = rd_search_best(s, out);
    if (stats) rd_search_get_stats(s, stats);
    rd_search_destroy(s);
    if (st == RD_ERR_NOMEM) return rd_err(err, st, "out of memory in search slot %d", slot);
    return st;
}
