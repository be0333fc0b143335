/* The VROOM drop-in mode: web front ends written for VROOM (vroom-express and
 * the like) run the binary by path with VROOM's command line and no
 * subcommand, e.g. `vroom -r osrm -a car:0.0.0.0 -p car:5000 -t 4 -x 5 -i
 * FILE`. rondo answers that command line as `rondo solve` does JSON: the
 * flags are parsed by solve's one parser (cli/cmd_solve.c) in its VROOM
 * dialect; this file only decides when the mode applies and says what it
 * does. */
#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"
#include "cli/solve_json.h"
#include "io/file.h"

/* The last path component of argv[0]. */
static const char *base_name(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

int rd_cli_vroom_invocation(int argc, char **argv) {
    if (argc >= 1 && argv[0] && !strcmp(base_name(argv[0]), "vroom")) return 1;
    if (argc < 2) return 0;
    const char *a = argv[1];
    static const char *const own[] = {"solve",    "serve", "check", "bench",  "matrix",
                                      "generate", "help",  "-h",    "--help", "--version"};
    for (size_t k = 0; k < sizeof own / sizeof *own; k++)
        if (!strcmp(a, own[k])) return 0;
    if (a[0] == '-') return 1; /* VROOM's options (and "-": stdin) */
    return rd_file_text_is_json(a, strlen(a)) || rd_file_is_json(a);
}

int rd_cmd_vroom(int argc, char **argv) {
    return rd_cli_solve(argc, argv, RD_DIALECT_VROOM);
}

void rd_cli_vroom_usage(FILE *f) {
    // clang-format off
    fputs("rondo " RONDO_VERSION ": VROOM 1.14 drop-in command line\n"
          "\n"
          "usage: vroom [OPTION...] [INLINE JSON]      (or rondo [OPTION...] ..., or\n"
          "       through a link named `vroom` to the rondo binary)\n"
          "\n"
          "Reads VROOM's JSON problem from -i FILE, the inline JSON argument (a\n"
          "file path is accepted there too) or stdin, and writes VROOM's JSON answer\n"
          "to stdout or -o FILE. Errors are answered {\"code\":N,\"error\":...} with\n"
          "exit code N: 1 internal, 2 input, 3 routing.\n"
          "\n"
          "  -a, --host [PROFILE:]HOST[/PATH]  routing server host (checked; used when\n"
          "                           the input has coordinates and no matrices)\n"
          "  -c, --choose-eta         plan mode: schedule each vehicle's `steps` and\n"
          "                           report every violation\n"
          "  -g, --geometry           add each route's geometry (encoded polyline: the\n"
          "                           routing server's road path when it gave the\n"
          "                           matrices, else straight segments between stops)\n"
          "  -h, --help               this text\n"
          "  -i, --input FILE         read the problem from FILE\n"
          "  -l, --limit SEC          time limit in seconds\n"
          "  -o, --output FILE        write the answer to FILE\n"
          "  -p, --port [PROFILE:]PORT  routing server port (checked, as -a)\n"
          "  -r, --router ROUTER      osrm, libosrm, ors or valhalla (checked, as -a)\n"
          "  -t, --threads N          worker threads\n"
          "  -v, --version            print the version\n"
          "  -x, --explore N          exploration level 0-5 (scales the search budget)\n"
          "  -e, -f                   VROOM's debugging flags: accepted, ignored\n"
          "\n"
          "rondo's own solve options (--seed, --iterations, ...) are accepted too;\n"
          "see rondo solve --help.\n",
          f);
    // clang-format on
}
