/* Solves a problem file (VROOM JSON, .vrp or Solomon .txt) with librondo and
 * prints the answer. Build: cc solve.c $(pkg-config --cflags --libs rondo) */
#include <rondo.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    if (argc < 2) return fprintf(stderr, "usage: %s FILE [SECONDS]\n", argv[0]), 2;
    rondo_problem *p = NULL;
    rondo_status st = rondo_problem_from_file(argv[1], &p);
    if (st == RONDO_OK) st = rondo_set_time_limit(p, argc > 2 ? atof(argv[2]) : 5);
    if (st == RONDO_OK) st = rondo_solve(p);
    if (st != RONDO_OK)
        fprintf(stderr, "%s: %s\n", rondo_strerror(st), rondo_errmsg(p));
    else
        printf("%s\n", rondo_answer_text(p));
    if (st == RONDO_OK)
        fprintf(stderr, "cost %g, %d routes, %d unassigned\n", rondo_plan_get(p)->cost,
                rondo_plan_get(p)->n_routes, rondo_plan_get(p)->n_unassigned);
    rondo_problem_free(p);
    return (int)st;
}
