/* rondo: the program front (rd_cli_main, cli/cmd.h). Dispatches to the
 * subcommands; owns argv and exit codes. */
#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"
#include "io/router.h"

static void usage(FILE *f) {
    fputs("usage: rondo COMMAND [ARGS...]\n"
          "\n"
          "Route optimisation for collection rounds.\n"
          "\n"
          "commands:\n"
          "  solve   solve an instance (.vrp, Solomon .txt) and write a .sol\n"
          "  serve   answer VROOM JSON requests, one per line on stdin, one per line on stdout\n"
          "  check   evaluate a .sol against its instance: feasibility, cost, violations\n"
          "  bench   solve a list of benchmark instances and print gaps to best-known solutions\n"
          "  matrix  fetch the travel-time matrices of a JSON input's locations from a\n"
          "          routing server (OSRM, Valhalla, openrouteservice)\n"
          "  generate  write a realistic city (stations, trade-ins, fleet) as VROOM JSON\n"
          "  report  write a plan made earlier as a self-contained HTML page (map,\n"
          "          drivers' sheets, stops left out with their reasons)\n"
          "\n"
          "`rondo COMMAND --help` describes each command's options.\n"
          "\n"
          "VROOM drop-in: called with VROOM's command line and no command, e.g.\n"
          "  rondo -r osrm -a car:0.0.0.0 -p car:5000 -t 4 -x 5 -i problem.json\n"
          "or through a link named `vroom`, rondo acts as VROOM 1.14 (JSON in, JSON\n"
          "out, plan mode with -c). `rondo help vroom` lists its flags.\n"
          "\n"
          "exit codes: 0 success, 1 internal error, 2 input error, 3 routing error\n",
          f);
}

int rd_cli_main(int argc, char **argv) {
    rd_error err; /* the routing servers' HTTP client, before any thread starts */
    rd_error_clear(&err);
    if (rd_router_global_init(&err) != RD_OK) {
        fprintf(stderr, "rondo: error: %s\n", err.msg);
        return 1;
    }
    if (rd_cli_vroom_invocation(argc, argv)) return rd_cmd_vroom(argc, argv);
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "help") && argc > 2 && !strcmp(argv[2], "vroom")) {
        rd_cli_vroom_usage(stdout);
        return 0;
    }
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version")) {
        puts("rondo " RONDO_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "solve")) return rd_cmd_solve(argc - 1, argv + 1);
    if (!strcmp(cmd, "serve")) return rd_cmd_serve(argc - 1, argv + 1);
    if (!strcmp(cmd, "check")) return rd_cmd_check(argc - 1, argv + 1);
    if (!strcmp(cmd, "bench")) return rd_cmd_bench(argc - 1, argv + 1);
    if (!strcmp(cmd, "matrix")) return rd_cmd_matrix(argc - 1, argv + 1);
    if (!strcmp(cmd, "generate")) return rd_cmd_generate(argc - 1, argv + 1);
    if (!strcmp(cmd, "report")) return rd_cmd_report(argc - 1, argv + 1);
    fprintf(stderr, "rondo: error: unknown command '%s' (try rondo --help)\n", cmd);
    return 2;
}
