/* model/sub.h: sub-models of a part of a problem (MPI regions). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "io/file.h"
#include "io/json_in.h"
#include "model/eval.h"
#include "model/sub.h"
#include "solver/solve.h"

/* A city from instances/: windows, breaks, skills, reloads as the file has them. */
static rd_model *city(const char *name) {
    char path[1024];
    snprintf(path, sizeof path, "%s/instances/%s", RONDO_SOURCE_DIR, name);
    char *text = NULL;
    size_t len = 0;
    rd_error e;
    rd_error_clear(&e);
    assert_int_equal(rd_file_read(path, (size_t)1 << 26, &text, &len, &e), RD_OK);
    rd_model *m = NULL;
    rd_json_extras x;
    memset(&x, 0, sizeof x);
    if (rd_json_read(text, len, path, &m, &x, &e) != RD_OK) fail_msg("%s", e.msg);
    rd_json_extras_free(&x);
    free(text);
    return m;
}

/* Every other job and every other vehicle type; the maps, the copied data,
 * and a plan of the sub-model that is a feasible plan of the parent at the
 * same cost, route by route. */
static void check_city(const char *name) {
    rd_model *p = city(name);
    unsigned char *take = calloc((size_t)p->n_tasks, 1);
    int *count = calloc((size_t)p->n_vehicles, sizeof *count);
    int jobs = 0, owned = 0;
    for (int t = 0; t < p->n_tasks; t++)
        if (rd_task_served(p, t) && t % 2 == 0) take[t] = 1, jobs++;
    for (int v = 0; v < p->n_vehicles; v += 2) {
        count[v] = p->vehicles[v].count;
        owned += (p->veh_brk_first[v + 1] - p->veh_brk_first[v]) +
                 (p->veh_rel_first[v + 1] - p->veh_rel_first[v]);
    }
    rd_sub s;
    rd_error e;
    rd_error_clear(&e);
    if (rd_sub_build(p, take, count, &s, &e) != RD_OK) fail_msg("%s", e.msg);
    const rd_model *m = s.m;
    assert_int_equal(m->n_tasks, jobs + owned);
    assert_int_equal(m->n_vehicles, (p->n_vehicles + 1) / 2);
    for (int i = 0; i < m->n_tasks; i++) {
        int t = s.task_of[i];
        assert_int_equal(s.sub_task[t], i);
        assert_true(m->task_id[i] == p->task_id[t]);
        assert_int_equal(m->task_loc[i], p->task_loc[t]);
        assert_int_equal(m->task_tw_first[i + 1] - m->task_tw_first[i],
                         p->task_tw_first[t + 1] - p->task_tw_first[t]);
        for (int v = 0; v < m->n_vehicles; v++)
            assert_int_equal(rd_model_can_serve(m, v, i), rd_model_can_serve(p, s.veh_of[v], t));
        if (m->task_owner[i] >= 0) assert_int_equal(s.veh_of[m->task_owner[i]], p->task_owner[t]);
    }
    for (int t = 0; t < p->n_tasks; t++)
        if (rd_task_served(p, t)) assert_int_equal(s.sub_task[t] >= 0, take[t]);
    for (int v = 0; v < m->n_vehicles; v++) {
        assert_int_equal(s.sub_veh[s.veh_of[v]], v);
        assert_true(m->vehicles[v].tw_end == p->vehicles[s.veh_of[v]].tw_end);
        assert_true(rd_model_capacity(m, v)[0] == rd_model_capacity(p, s.veh_of[v])[0]);
    }
    rd_params q;
    rd_params_init(&q);
    q.iterations = 20;
    q.threads = 1;
    q.sp_share = 0;
    rd_solution *sol = rd_solution_create(), *up = rd_solution_create();
    assert_int_equal(rd_solve(m, &q, sol, NULL, &e), RD_OK);
    assert_int_equal(rd_sub_to_parent(&s, sol, up), RD_OK);
    for (int t = 0; t < p->n_tasks; t++) /* the parent's plan: the other tasks left out */
        if (rd_task_served(p, t) && !take[t]) rd_solution_add_unassigned(up, t, "not taken");
    rd_eval_report a, b;
    assert_int_equal(rd_eval(m, sol, &a, &e), RD_OK);
    assert_int_equal(rd_eval(p, up, &b, &e), RD_OK);
    assert_true(a.feasible);
    assert_true(b.feasible);
    assert_true(a.cost == b.cost);
    assert_int_equal(a.n_routes, b.n_routes);
    for (int r = 0; r < sol->n_routes; r++) assert_true(a.route[r].cost == b.route[r].cost);
    assert_int_equal(b.n_served + b.n_unassigned,
                     a.n_served + a.n_unassigned +
                         (p->n_tasks - jobs - p->n_breaks - p->n_reloads));
    rd_eval_report_free(&a);
    rd_eval_report_free(&b);
    rd_solution_destroy(sol);
    rd_solution_destroy(up);
    rd_sub_free(&s);
    rd_sub_free(&s); /* twice: zeroed */
    free(take);
    free(count);
    rd_model_destroy(p);
}

static void test_city_breaks_skills(void **state) {
    (void)state;
    check_city("city-example-noreload.json");
}

static void test_city_reloads(void **state) {
    (void)state;
    check_city("city-example.json");
}

/* A shipment's half without the other, counts out of range, no vehicle. */
static void test_refusals(void **state) {
    (void)state;
    rd_model *p = rd_model_alloc(3, 1, 2, 2, 1, 1);
    assert_non_null(p);
    p->task_loc[0] = 1, p->task_loc[1] = 2;
    p->task_kind[0] = RD_TASK_PICKUP, p->task_kind[1] = RD_TASK_DELIVERY;
    p->task_pair[0] = 1, p->task_pair[1] = 0;
    p->task_id[0] = 1, p->task_id[1] = 2;
    p->tw_end[0] = p->tw_end[1] = 100;
    p->vehicles[0].start_loc = 0;
    p->vehicles[0].count = 2;
    p->veh_capacity[0] = 5;
    assert_int_equal(rd_model_validate(p, NULL), RD_OK);
    unsigned char take[2] = {1, 0};
    int count = 1;
    rd_sub s;
    rd_error e;
    rd_error_clear(&e);
    assert_int_equal(rd_sub_build(p, take, &count, &s, &e), RD_ERR_INPUT);
    assert_non_null(strstr(e.msg, "without its shipment partner"));
    assert_null(s.m);
    take[1] = 1;
    count = 3;
    assert_int_equal(rd_sub_build(p, take, &count, &s, &e), RD_ERR_INPUT);
    count = 0;
    assert_int_equal(rd_sub_build(p, take, &count, &s, &e), RD_ERR_INPUT);
    assert_non_null(strstr(e.msg, "no vehicle"));
    count = 2;
    assert_int_equal(rd_sub_build(p, take, &count, &s, &e), RD_OK);
    assert_int_equal(s.m->n_tasks, 2);
    assert_int_equal(s.m->task_pair[0], 1);
    rd_sub_free(&s);
    rd_model_destroy(p);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_city_breaks_skills),
        cmocka_unit_test(test_city_reloads),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
