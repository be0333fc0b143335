#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "model/solution.h"

static void test_solution_container(void **state) {
    (void)state;
    rd_solution *s = rd_solution_create();
    assert_non_null(s);
    assert_true(s->lower_bound == -1);
    int v[] = {3, 1, 2};
    for (int r = 0; r < 20; r++) assert_int_equal(rd_solution_add_route(s, 0, v, 3), RD_OK);
    assert_int_equal(rd_solution_add_route(s, 0, NULL, 0), RD_OK);
    assert_int_equal(rd_solution_add_unassigned(s, 4, "no room left in the plan"), RD_OK);
    assert_int_equal(rd_solution_n_visits(s), 60);
    rd_solution *c = rd_solution_create();
    assert_int_equal(rd_solution_copy(c, s), RD_OK);
    assert_int_equal(c->n_routes, 21);
    assert_int_equal(c->routes[7].visits[2], 2);
    assert_string_equal(c->unassigned[0].reason, "no room left in the plan");
    s->routes[7].visits[2] = 9; /* deep copy: c is unaffected */
    assert_int_equal(c->routes[7].visits[2], 2);
    rd_solution_clear(c);
    assert_int_equal(c->n_routes, 0);
    rd_solution_destroy(c);
    rd_solution_destroy(s);
    rd_solution_destroy(NULL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_solution_container),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
