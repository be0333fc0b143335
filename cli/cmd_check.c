/* rondo check: evaluates a .sol against its instance with the independent evaluator. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"
#include "io/instance.h"
#include "io/sol.h"
#include "model/eval.h"

static void usage(FILE *f) {
    fputs("usage: rondo check INSTANCE SOLUTION [--round CONV]\n"
          "\n"
          "Recomputes a CVRPLIB .sol from scratch against its instance (.vrp or\n"
          "Solomon .txt): every customer served exactly once, capacity, time windows,\n"
          "shift end, fleet size, and the cost in the instance's units. Prints\n"
          "feasibility, cost, routes, the claimed cost and one line per violation.\n"
          "\n"
          "  --round CONV   distance convention: nint, trunc1 (dimacs), exact\n"
          "                 (default: the format's, as for rondo solve)\n"
          "\n"
          "exit codes: 0 feasible and the claimed cost (if any) matches,\n"
          "            1 infeasible or cost mismatch, 2 unreadable input\n",
          f);
}

int rd_cmd_check(int argc, char **argv) {
    const char *files[2] = {NULL, NULL};
    int nfiles = 0;
    rd_round round = RD_ROUND_NONE;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--round")) {
            if (i + 1 >= argc || rd_round_parse(argv[++i], &round)) {
                fprintf(stderr, "rondo: error: --round needs nint, trunc1 or exact\n");
                return 2;
            }
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "rondo: error: check: unknown option '%s'\n", a);
            return 2;
        } else if (nfiles < 2) {
            files[nfiles++] = a;
        } else {
            fprintf(stderr, "rondo: error: check: too many arguments\n");
            return 2;
        }
    }
    if (nfiles != 2) {
        usage(stderr);
        return 2;
    }
    rd_error err;
    rd_error_clear(&err);
    rd_model *m = NULL;
    rd_solution *s = NULL;
    int64_t claimed = -1;
    rd_status st = rd_instance_read(files[0], round, &m, &err);
    if (st == RD_OK) st = rd_sol_read(files[1], m, &s, &claimed, &err);
    if (st != RD_OK) {
        fprintf(stderr, "rondo: error: %s\n", err.msg);
        rd_model_destroy(m);
        return rd_status_exit_code(st);
    }
    rd_eval_report rep;
    if ((st = rd_eval(m, s, &rep, &err)) != RD_OK) {
        fprintf(stderr, "rondo: error: %s\n", err.msg);
        rd_solution_destroy(s);
        rd_model_destroy(m);
        return 1;
    }
    char cost[48], cl[48];
    rd_model_format_cost(m, rep.cost, cost, sizeof cost);
    int mismatch = claimed >= 0 && claimed != rep.cost;
    printf("instance: %s (%d customers, convention %s)\n", m->name, m->n_tasks,
           rd_round_name(m->round));
    printf("feasible: %s\n", rep.feasible ? "yes" : "no");
    printf("cost: %s\n", cost);
    if (claimed >= 0) {
        rd_model_format_cost(m, claimed, cl, sizeof cl);
        printf("claimed cost: %s (%s)\n", cl, mismatch ? "DIFFERS" : "matches");
    }
    printf("routes: %d\n", rep.n_routes);
    printf("customers served: %d of %d\n", rep.n_served, m->n_tasks);
    for (int k = 0; k < rep.n_viol; k++) {
        char d[256];
        rd_violation_describe(m, &rep.viol[k], d, sizeof d);
        printf("violation: %s\n", d);
    }
    int code = (!rep.feasible || mismatch) ? 1 : 0;
    rd_eval_report_free(&rep);
    rd_solution_destroy(s);
    rd_model_destroy(m);
    return code;
}
